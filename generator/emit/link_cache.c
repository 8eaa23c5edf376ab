/* The link cache: see link_cache.h. */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "arena.h"
#include "blobid.h"
#include "buf.h"
#include "cachefile.h"
#include "instant.h"
#include "layout.h"
#include "link_cache.h"
#include "links.h"
#include "opportunity.h"
#include "page.h"
#include "render_opp.h"
#include "site.h"
#include "source.h"
#include "value.h"
#include "xalloc.h"

#define LCACHE_MAGIC		"MARCHE-LINKS\n\0\0"	/* 16 with its NUL */
#define LCACHE_MAX_FILE		((size_t)1024 * 1024 * 1024)
#define LCACHE_MAX_STR		((size_t)64 * 1024)

/*
 * A link of a page as the link check notes it (from is the page), in 16
 * bytes: a cold check puts some 800,000 of them at 10,000 opportunities.
 * Its strings are the cache's, by number (link_cache.all).
 */
struct lcache_ref {
	uint32_t	 src;
	uint32_t	 url;
	int32_t		 line;
	int32_t		 col;
};

struct lcache_entry {
	unsigned char		 key[LCACHE_KEY];
	uint32_t		 html_len;
	struct lcache_ref	*refs;	/* in the cache's arena */
	uint32_t		 nrefs;
	int			 used;	/* taken or put in this run */
};

/*
 * A string the cache holds, and its copy in the link set pages were last
 * added to (link_cache_add()), or NULL.
 */
struct lcache_str {
	const char	*held;
	uint32_t	 index;	/* when writing: its index, or UINT32_MAX */
	char		 s[];	/* NUL-terminated */
};

/*
 * The strings of the links put in this run, each held once: open
 * addressing by hash, each slot 1 + the string's number, or 0 when
 * empty. Those read from the file are not looked up (a file made to
 * collide would cost time): each is held as often as the file has it.
 */
struct lcache_strs {
	uint32_t	*slot;
	size_t		 n, used;
};

struct link_cache {
	char			*path;		/* or NULL: not written */
	char			*format;	/* what entries depend on */
	unsigned char		 site[LCACHE_KEY]; /* the site's digest */
	long long		 now;
	const char		*zone;		/* the site's time zone */
	int			 hits;		/* entries may stand for pages */
	struct arena		*a;
	struct lcache_strs	 strs;
	struct lcache_str	**all;		/* every string held, by
						 * number */
	size_t			 nall, capall;
	/* Entries read, sorted by key (fixed once read). */
	struct lcache_entry	**read;
	size_t			 nread, capread;
	/* What the pages show of the opportunities (link_cache_prepare()). */
	const struct opp_order	*order;		/* or NULL: not prepared */
	const struct opportunity *base;		/* opps->list */
	unsigned char		*opp_digest;	/* by index in opps->list */
	unsigned char		*opp_known;	/* the digest could be made */
	unsigned char		 counts[LCACHE_KEY]; /* what listings count */
	/* Entries put in this run. */
	struct lcache_entry	**fresh;
	size_t			 nfresh, capfresh;
	size_t			 nhits;
	const struct links	*held_in;	/* whose copies lcache_str.held
						 * are, or NULL */
};

static size_t
fnv(const void *p, size_t n)
{
	const unsigned char	*s = p;
	size_t			 h = (size_t)14695981039346656037ULL, i;

	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * (size_t)1099511628211ULL;
	return h;
}

/* The slot of s (n bytes) in c's table t: its own, or the empty one. */
static size_t
strs_slot(const struct link_cache *c, const struct lcache_strs *t,
    const char *s, size_t n)
{
	size_t	k = fnv(s, n) & (t->n - 1);
	const char *h;

	while (t->slot[k] != 0 && (strncmp(h = c->all[t->slot[k] - 1]->s, s,
	    n) != 0 || h[n] != '\0'))
		k = (k + 1) & (t->n - 1);
	return k;
}

/* A new string of c, the n bytes at s (no NUL): its number. */
static uint32_t
str_new(struct link_cache *c, const char *s, size_t n)
{
	struct lcache_str	*h = arena_alloc(c->a, sizeof(*h) + n + 1);

	h->held = NULL;
	h->index = UINT32_MAX;
	memcpy(h->s, s, n);
	h->s[n] = '\0';
	if (c->nall == c->capall) {
		c->capall = c->capall ? c->capall * 2 : 1024;
		c->all = xreallocarray(c->all, c->capall, sizeof(*c->all));
	}
	c->all[c->nall++] = h;
	return (uint32_t)(c->nall - 1);
}

/* The number of c's copy of s (n bytes, no NUL), made when it is new. */
static uint32_t
strs_intern(struct link_cache *c, const char *s, size_t n)
{
	struct lcache_strs	*t = &c->strs;
	size_t			 k, i;

	if (2 * (t->used + 1) > t->n) {
		struct lcache_strs g = { NULL, t->n ? t->n * 2 : 1024, 0 };

		g.slot = xcalloc(g.n, sizeof(*g.slot));
		for (i = 0; i < t->n; i++)
			if (t->slot[i] != 0) {
				const char *h = c->all[t->slot[i] - 1]->s;

				g.slot[strs_slot(c, &g, h, strlen(h))] =
				    t->slot[i];
			}
		g.used = t->used;
		free(t->slot);
		*t = g;
	}
	k = strs_slot(c, t, s, n);
	if (t->slot[k] == 0) {
		t->slot[k] = str_new(c, s, n) + 1;
		t->used++;
	}
	return t->slot[k] - 1;
}

/* --- The digests. --- */

static void
put_str(struct buf *b, const char *s)
{
	if (s == NULL) {
		buf_put_le(b, 0xffffffffu, 4);
		return;
	}
	buf_put_le(b, strlen(s), 4);
	buf_puts(b, s);
}

static void
put_int(struct buf *b, long long v)
{
	buf_put_le(b, (uint64_t)v, 8);
}

/* A value, every kind told apart, positions left out. */
static void
put_value(struct buf *b, const struct value *v)
{
	size_t	i;

	if (v == NULL) {
		buf_putc(b, 'n');
		return;
	}
	buf_putc(b, (char)('A' + (int)v->kind));
	switch (v->kind) {
	case VALUE_BOOL:
		buf_putc(b, v->boolean ? '1' : '0');
		break;
	case VALUE_INT:
		put_int(b, v->integer);
		break;
	case VALUE_NUMBER: {
		uint64_t bits;

		memcpy(&bits, &v->number, sizeof(bits));
		buf_put_le(b, bits, 8);
		break;
	}
	case VALUE_STRING:
		buf_put_le(b, v->len, 8);
		buf_put(b, v->str, v->len);
		break;
	case VALUE_SEQ:
		buf_put_le(b, v->count, 8);
		for (i = 0; i < v->count; i++)
			put_value(b, v->items[i]);
		break;
	case VALUE_MAP:
		buf_put_le(b, v->count, 8);
		for (i = 0; i < v->count; i++) {
			put_value(b, v->pairs[i].key);
			put_value(b, v->pairs[i].val);
		}
		break;
	default:
		break;
	}
}

static void
digest(unsigned char *out, const struct buf *b)
{
	git_oid	id;

	blob_id(b->len > 0 ? b->data : "", b->len, id.id);
	memcpy(out, id.id, LCACHE_KEY);
}

/*
 * The site's digest: what every kept page may depend on besides its own
 * inputs. Returns 0, or -1 when a file's bytes are not at hand.
 */
static int
site_digest(unsigned char *out, const struct source *src,
    const struct site *site, const struct pages *pages)
{
	struct buf	b = BUF_INIT;
	size_t		i, k;
	int		rc = 0;

	put_str(&b, site->root_path);
	put_str(&b, site->base_url);
	put_str(&b, site->time_zone);
	put_int(&b, (long long)site->nlangs);
	for (k = 0; k < site->nlangs; k++)
		put_str(&b, site->langs[k].code);
	/* Settings, layouts and pages: every file but those of the
	 * opportunities (each page's own) and assets (copied, never read). */
	for (i = 0; i < src->count; i++) {
		const struct source_file *f = &src->files[i];

		if (strncmp(f->path, OPP_DIR, strlen(OPP_DIR)) == 0 ||
		    strncmp(f->path, "assets/", 7) == 0)
			continue;
		put_str(&b, f->path);
		if (f->data != NULL) {
			buf_putc(&b, 'd');
			buf_put_le(&b, f->len, 8);
			buf_put(&b, f->data, f->len);
		} else if (f->has_id) {
			buf_putc(&b, 'i');
			buf_put(&b, f->id.id, 20);
		} else {
			rc = -1;
			break;
		}
	}
	put_value(&b, site->npm);
	/* What a page sees of the pages not made from one opportunity. */
	for (i = 0; i < pages->count; i++) {
		const struct page *pg = &pages->list[i];

		if (pg->kind == PAGE_OPPORTUNITY)
			continue;
		put_int(&b, (long long)pg->kind);
		put_int(&b, (long long)pg->year);
		put_str(&b, pg->skill);
		put_str(&b, pg->path);
		put_str(&b, pg->ref);
		put_str(&b, pg->lang);
		put_str(&b, pg->out_path);
		put_str(&b, pg->permalink);
		put_str(&b, pg->title);
		put_str(&b, pg->layout);
		put_value(&b, pg->front);
	}
	if (rc == 0)
		digest(out, &b);
	buf_free(&b);
	return rc;
}

/* A page's own part: where it is, its versions, its body and layout. */
static void
put_page(struct buf *b, const struct page *pg)
{
	size_t	k;

	put_int(b, (long long)pg->kind);
	put_str(b, pg->path);
	put_str(b, pg->ref);
	put_str(b, pg->lang);
	put_int(b, (long long)pg->lang_index);
	put_str(b, pg->out_path);
	put_str(b, pg->permalink);
	put_str(b, pg->title);
	put_str(b, pg->layout);
	put_str(b, pg->lay != NULL ? pg->lay->name : NULL);
	put_int(b, pg->modified);
	put_int(b, (long long)pg->markdown);
	put_int(b, (long long)pg->body_line);
	put_int(b, (long long)pg->body_len);
	if (pg->body != NULL)
		buf_put(b, pg->body, pg->body_len);
	put_value(b, pg->front);
	for (k = 0; k < SITE_MAX_LANGS; k++) {
		const struct page *v = pg->versions[k];

		if (v == NULL) {
			buf_putc(b, '-');
			continue;
		}
		buf_putc(b, '+');
		put_str(b, v->lang);
		put_str(b, v->out_path);
		put_str(b, v->permalink);
		put_str(b, v->title);
	}
}

/*
 * An opportunity's part: its file, what history says of it, and what
 * "now" makes of it (status, days left). Returns 0, or -1 when its
 * file's bytes are not known.
 */
static int
put_opportunity(struct buf *b, const struct link_cache *c,
    const struct opportunity *o)
{
	git_oid	 id;
	size_t	 i, k;

	if (o->cached)
		return -1;	/* a stub of the facts cache */
	if (o->data != NULL) {
		blob_id(o->data, o->len, id.id);
		buf_put(b, id.id, 20);
	} else if (o->has_blob) {
		buf_put(b, o->blob, 20);
	} else
		return -1;
	put_str(b, o->path);
	put_int(b, (long long)o->ok);
	put_int(b, (long long)o->status);
	put_int(b, (long long)o->stated);
	if (o->status == OPP_STATUS_OPEN)
		put_int(b, instant_local_day(o->closing.epoch, c->zone) -
		    instant_local_day(c->now, c->zone));
	put_int(b, (long long)o->dated);
	put_int(b, o->posted);
	put_int(b, o->updated);
	put_int(b, (long long)o->preview);
	put_int(b, (long long)o->namendments);
	for (i = 0; i < o->namendments; i++) {
		const struct opp_amendment *m = &o->amendments[i];

		put_int(b, m->time);
		put_int(b, (long long)m->kind);
		put_str(b, m->commit);
		put_str(b, m->subject);
		put_str(b, m->reason);
		put_str(b, m->renamed_from);
		put_int(b, (long long)m->nchanges);
		for (k = 0; k < m->nchanges; k++) {
			put_str(b, m->changes[k].key);
			put_int(b, (long long)m->changes[k].lang);
			put_value(b, m->changes[k].old);
			put_value(b, m->changes[k].new);
		}
	}
	put_int(b, (long long)o->nattachments);
	for (i = 0; i < o->nattachments; i++) {
		const struct opp_attachment *t = &o->attachments[i];

		put_str(b, t->src_path);
		put_str(b, t->out_path);
		put_int(b, (long long)t->size);
	}
	return 0;
}

void
link_cache_prepare(struct link_cache *c, const struct opportunities *opps,
    const struct opp_order *order)
{
	struct buf	b = BUF_INIT, g = BUF_INIT;
	size_t		i, m;

	c->order = order;
	c->base = opps->list;
	c->opp_digest = xcalloc(opps->count + 1, LCACHE_KEY);
	c->opp_known = xcalloc(opps->count + 1, 1);
	for (i = 0; i < opps->count; i++) {
		const struct opportunity *o = &opps->list[i];

		buf_reset(&b);
		if (put_opportunity(&b, c, o) == 0) {
			digest(c->opp_digest + i * LCACHE_KEY, &b);
			c->opp_known[i] = 1;
		}
		/* What the counts of every listing come from. */
		put_int(&g, (long long)o->ok);
		if (!o->ok)
			continue;
		put_int(&g, (long long)o->status);
		put_int(&g, (long long)order->archive_year[i]);
		put_int(&g, (long long)o->nskills);
		for (m = 0; m < o->nskills; m++)
			put_str(&g, o->skills[m]);
	}
	digest(c->counts, &g);
	buf_free(&b);
	buf_free(&g);
}

/* Does the page of kind kind show the opportunities of a listing? */
static int
shows_many(const struct page *pg)
{
	return pg->kind == PAGE_LISTING || pg->kind == PAGE_ARCHIVE ||
	    pg->kind == PAGE_SKILL || (pg->kind == PAGE_SOURCE &&
	    pg->ref != NULL && strcmp(pg->ref, "home") == 0);
}

/*
 * What a listing, archive, skill or home page shows: the counts, and
 * each opportunity it lists, in order, with its archive year. Returns 0,
 * or -1 when one of them has no digest.
 */
static int
put_listed(struct buf *b, const struct link_cache *c, const struct page *pg)
{
	const struct opp_order	*order = c->order;
	size_t			 j, m, x, k = pg->lang_index;
	int			 home = pg->kind == PAGE_SOURCE;

	buf_put(b, c->counts, LCACHE_KEY);
	put_int(b, (long long)order->count);
	for (j = 0; j < order->count; j++) {
		const struct opportunity *o = order->list[k][j];

		x = (size_t)(o - c->base);
		if (home && o->status != OPP_STATUS_OPEN)
			continue;
		if ((pg->kind == PAGE_LISTING || pg->kind == PAGE_ARCHIVE) &&
		    order->archive_year[x] != (pg->kind == PAGE_ARCHIVE ?
		    pg->year : 0))
			continue;
		if (pg->kind == PAGE_SKILL) {
			for (m = 0; m < o->nskills; m++)
				if (strcmp(o->skills[m], pg->skill) == 0)
					break;
			if (m == o->nskills)
				continue;
		}
		if (!c->opp_known[x])
			return -1;
		put_int(b, (long long)order->archive_year[x]);
		buf_put(b, c->opp_digest + x * LCACHE_KEY, LCACHE_KEY);
	}
	return 0;
}

int
link_cache_key(const struct link_cache *c, const struct page *pg,
    unsigned char *key)
{
	struct buf	b = BUF_INIT;
	size_t		x;
	int		rc = 0;

	if (pg->kind == PAGE_OPPORTUNITY && pg->opp == NULL)
		return -1;
	if (shows_many(pg) && c->order == NULL)
		return -1;	/* shows opportunities not digested */
	if (pg->kind == PAGE_SKILL && pg->skill == NULL)
		return -1;
	buf_put(&b, c->site, LCACHE_KEY);
	put_page(&b, pg);
	if (pg->kind == PAGE_OPPORTUNITY && c->order != NULL) {
		x = (size_t)(pg->opp - c->base);
		if (c->opp_known[x])
			buf_put(&b, c->opp_digest + x * LCACHE_KEY,
			    LCACHE_KEY);
		else
			rc = -1;
	} else if (pg->kind == PAGE_OPPORTUNITY)
		rc = put_opportunity(&b, c, pg->opp);
	else if (shows_many(pg))
		rc = put_listed(&b, c, pg);
	if (rc == 0)
		digest(key, &b);
	buf_free(&b);
	return rc;
}

int
link_cache_wants_cards(const struct link_cache *c, const struct pages *pages,
    const size_t *todo, size_t ntodo)
{
	unsigned char	key[LCACHE_KEY];
	size_t		i;

	if (!c->hits)
		return 1;
	for (i = 0; i < ntodo; i++) {
		const struct page *pg = &pages->list[todo[i]];

		if (shows_many(pg) && (link_cache_key(c, pg, key) != 0 ||
		    link_cache_find(c, key) == NULL))
			return 1;
	}
	return 0;
}

/* --- The entries. --- */

static int
entry_cmp(const void *a, const void *b)
{
	return memcmp((*(struct lcache_entry *const *)a)->key,
	    (*(struct lcache_entry *const *)b)->key, LCACHE_KEY);
}

/* The entry read with key, or NULL: a binary search, whatever the keys. */
static const struct lcache_entry *
table_find(const struct link_cache *c, const unsigned char *key)
{
	size_t	lo = 0, hi = c->nread, mid;
	int	cmp;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = memcmp(c->read[mid]->key, key, LCACHE_KEY);
		if (cmp == 0)
			return c->read[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct link_cache *
cache_new(const char *format)
{
	struct link_cache	*c = xcalloc(1, sizeof(*c));

	c->a = arena_new();
	c->format = xstrdup(format);
	return c;
}

/* Read the payload at r into c: 0, or -1 (rejected). */
static int
read_payload(struct link_cache *c, struct cachefile_rd *r)
{
	size_t		  nstrs, first = c->nall, n, i, k, len;

	/* The file's strings are numbered from first, in its order. */
	nstrs = cachefile_count(r, 4);
	for (i = 0; i < nstrs && !r->bad; i++) {
		len = (size_t)cachefile_uint(r, 4);
		if (r->bad || len > LCACHE_MAX_STR ||
		    !cachefile_need(r, len) || memchr(r->p, '\0', len) != NULL) {
			r->bad = 1;
			break;
		}
		(void)str_new(c, (const char *)r->p, len);
		r->p += len;
	}
	n = cachefile_count(r, LCACHE_KEY + 4 + 4);
	for (i = 0; i < n && !r->bad; i++) {
		struct lcache_entry *e = arena_calloc(c->a, 1, sizeof(*e));

		if (!cachefile_need(r, LCACHE_KEY))
			break;
		memcpy(e->key, r->p, LCACHE_KEY);
		r->p += LCACHE_KEY;
		e->html_len = (uint32_t)cachefile_uint(r, 4);
		if (e->html_len > SITE_PAGE_MAX)
			r->bad = 1;
		e->nrefs = (uint32_t)cachefile_count(r, 16);
		e->refs = arena_calloc(c->a, e->nrefs + 1, sizeof(*e->refs));
		for (k = 0; k < e->nrefs && !r->bad; k++) {
			uint64_t src = cachefile_uint(r, 4);
			uint64_t line = cachefile_uint(r, 4);
			uint64_t col = cachefile_uint(r, 4);
			uint64_t url = cachefile_uint(r, 4);

			if (r->bad || src >= nstrs || url >= nstrs ||
			    line > INT_MAX || col > INT_MAX) {
				r->bad = 1;
				break;
			}
			e->refs[k].src = (uint32_t)(first + src);
			e->refs[k].url = (uint32_t)(first + url);
			e->refs[k].line = (int32_t)line;
			e->refs[k].col = (int32_t)col;
		}
		if (r->bad)
			break;
		if (c->nread == c->capread) {
			c->capread = c->capread ? c->capread * 2 : 256;
			c->read = xreallocarray(c->read, c->capread,
			    sizeof(*c->read));
		}
		c->read[c->nread++] = e;
	}
	/* Sorted by key for the search; a key twice rejects the file. */
	if (!r->bad && c->nread > 1) {
		qsort(c->read, c->nread, sizeof(*c->read), entry_cmp);
		for (i = 1; i < c->nread; i++)
			if (memcmp(c->read[i - 1]->key, c->read[i]->key,
			    LCACHE_KEY) == 0)
				r->bad = 1;
	}
	if (r->p != r->end)
		r->bad = 1;
	return r->bad ? -1 : 0;
}

/* Drop what was read (a rejected file stands for nothing). */
static void
cache_forget(struct link_cache *c)
{
	free(c->read);
	c->read = NULL;
	c->nread = c->capread = 0;
}

struct link_cache *
link_cache_read_file(const char *path, const char *format)
{
	struct link_cache	*c = cache_new(format);
	struct cachefile_rd	 r;
	unsigned char		*data;

	data = cachefile_open(&r, path, LCACHE_MAGIC, LCACHE_VERSION, format,
	    LCACHE_MAX_FILE);
	if (data == NULL || read_payload(c, &r) != 0) {
		free(data);
		link_cache_free(c);
		return NULL;
	}
	free(data);
	c->hits = 1;
	return c;
}

struct link_cache *
link_cache_open(const char *path, const struct source *src,
    const struct site *site, const struct pages *pages, long long now,
    int hits)
{
	struct link_cache	*c;
	struct cachefile_rd	 r;
	unsigned char		 sd[LCACHE_KEY], *data;
	char			 hex[2 * LCACHE_KEY + 1];
	char			*format;
	size_t			 i;

	if (site_digest(sd, src, site, pages) != 0)
		return NULL;
	for (i = 0; i < LCACHE_KEY; i++)
		snprintf(hex + 2 * i, 3, "%02x", sd[i]);
	format = xasprintf("marche %s links site %s", MARCHE_VERSION, hex);
	c = cache_new(format);
	free(format);
	memcpy(c->site, sd, LCACHE_KEY);
	c->path = path != NULL ? xstrdup(path) : NULL;
	c->now = now;
	c->zone = site->time_zone;
	c->hits = hits;
	data = cachefile_open(&r, path, LCACHE_MAGIC, LCACHE_VERSION,
	    c->format, LCACHE_MAX_FILE);
	if (data != NULL && read_payload(c, &r) != 0)
		cache_forget(c);
	free(data);
	return c;
}

void
link_cache_free(struct link_cache *c)
{
	if (c == NULL)
		return;
	free(c->path);
	free(c->format);
	free(c->strs.slot);
	free(c->all);
	free(c->read);
	free(c->fresh);
	free(c->opp_digest);
	free(c->opp_known);
	arena_free(c->a);
	free(c);
}

const struct lcache_entry *
link_cache_find(const struct link_cache *c, const unsigned char *key)
{
	return c->hits ? table_find(c, key) : NULL;
}

size_t
link_cache_html_len(const struct lcache_entry *e)
{
	return e->html_len;
}

/* l's copy of string number s of the cache. */
static const char *
held(struct link_cache *c, struct links *l, uint32_t s)
{
	struct lcache_str	*h = c->all[s];

	if (h->held == NULL)
		h->held = links_intern(l, h->s);
	return h->held;
}

void
link_cache_add(struct link_cache *c, const struct lcache_entry *e,
    const struct page *pg, struct links *l)
{
	const char	*from;
	size_t		 i;

	if (c->held_in != l) {
		/* Copies in another set: forgotten. */
		for (i = 0; i < c->nall; i++)
			c->all[i]->held = NULL;
		c->held_in = l;
	}
	links_add_output(l, pg->out_path);
	from = links_intern(l, pg->out_path);
	for (i = 0; i < e->nrefs; i++)
		links_add_held(l, from, held(c, l, e->refs[i].src),
		    e->refs[i].line, e->refs[i].col,
		    held(c, l, e->refs[i].url));
}

void
link_cache_use(struct link_cache *c, const struct lcache_entry *e)
{
	((struct lcache_entry *)e)->used = 1;
	c->nhits++;
}

void
link_cache_put(struct link_cache *c, const unsigned char *key,
    const struct page *pg, const struct links *l, size_t html_len)
{
	struct lcache_entry	*e;
	const char		*first, *from, *src, *url;
	size_t			 i, n = links_count(l);
	int			 line, col;

	if (links_outputs(l, &first) != 1 || strcmp(first, pg->out_path) !=
	    0 || html_len > SITE_PAGE_MAX || n > UINT32_MAX / 4 ||
	    c->nall + 2 * n >= UINT32_MAX)
		return;	/* (strings are numbered in 32 bits) */
	/* A build renders every page: one the file has stays as it is. */
	if ((e = (struct lcache_entry *)table_find(c, key)) != NULL) {
		e->used = 1;
		return;
	}
	for (i = 0; i < n; i++) {
		links_get(l, i, &from, &src, &line, &col, &url);
		if (strcmp(from, pg->out_path) != 0 || line < 0 || col < 0 ||
		    strlen(src) > LCACHE_MAX_STR || strlen(url) > LCACHE_MAX_STR)
			return;
	}
	e = arena_calloc(c->a, 1, sizeof(*e));
	memcpy(e->key, key, LCACHE_KEY);
	e->html_len = (uint32_t)html_len;
	e->nrefs = (uint32_t)n;
	e->refs = arena_calloc(c->a, n + 1, sizeof(*e->refs));
	for (i = 0; i < n; i++) {
		links_get(l, i, &from, &src, &line, &col, &url);
		e->refs[i].src = strs_intern(c, src, strlen(src));
		e->refs[i].url = strs_intern(c, url, strlen(url));
		e->refs[i].line = line;
		e->refs[i].col = col;
	}
	e->used = 1;
	if (c->nfresh == c->capfresh) {
		c->capfresh = c->capfresh ? c->capfresh * 2 : 256;
		c->fresh = xreallocarray(c->fresh, c->capfresh,
		    sizeof(*c->fresh));
	}
	c->fresh[c->nfresh++] = e;
}

size_t
link_cache_hits(const struct link_cache *c)
{
	return c != NULL ? c->nhits : 0;
}

size_t
link_cache_count(const struct link_cache *c, size_t *nlinks)
{
	size_t	i, n = 0;

	for (i = 0; i < c->nread; i++)
		n += c->read[i]->nrefs;
	*nlinks = n;
	return c->nread;
}

const unsigned char *
link_cache_key_at(const struct link_cache *c, size_t i)
{
	return i < c->nread ? c->read[i]->key : NULL;
}

/* --- Writing. --- */

/* The index of string number s in the file being written, given one
 * when it is first met (its bytes appended to strs). */
static uint32_t
str_index(struct link_cache *c, uint32_t s, struct buf *strs,
    uint32_t *nstrs)
{
	struct lcache_str	*h = c->all[s];

	if (h->index == UINT32_MAX) {
		h->index = (*nstrs)++;
		put_str(strs, h->s);
	}
	return h->index;
}

/* Give each string entry e names its index in the file, appending the
 * strings met for the first time to strs. */
static void
index_entry(struct link_cache *c, const struct lcache_entry *e,
    struct buf *strs, uint32_t *nstrs)
{
	size_t	i;

	for (i = 0; i < e->nrefs; i++) {
		(void)str_index(c, e->refs[i].src, strs, nstrs);
		(void)str_index(c, e->refs[i].url, strs, nstrs);
	}
}

/* Add entry e of c, whose strings are indexed, to the payload. */
static void
put_entry(struct buf *b, const struct link_cache *c,
    const struct lcache_entry *e)
{
	size_t	i;

	buf_put(b, e->key, LCACHE_KEY);
	buf_put_le(b, e->html_len, 4);
	buf_put_le(b, e->nrefs, 4);
	for (i = 0; i < e->nrefs; i++) {
		buf_put_le(b, c->all[e->refs[i].src]->index, 4);
		buf_put_le(b, (uint64_t)e->refs[i].line, 4);
		buf_put_le(b, (uint64_t)e->refs[i].col, 4);
		buf_put_le(b, c->all[e->refs[i].url]->index, 4);
	}
}

/* Whether entry i of the read ones (i < c->nread) or of the fresh ones
 * (after) goes into the file written. */
static int
kept(struct link_cache *c, size_t i, int all)
{
	if (i < c->nread)
		return all || c->read[i]->used;
	/* One put again in the same run (never, in a build): the first
	 * is kept. */
	return table_find(c, c->fresh[i - c->nread]->key) == NULL;
}

static const struct lcache_entry *
entry_at(const struct link_cache *c, size_t i)
{
	return i < c->nread ? c->read[i] : c->fresh[i - c->nread];
}

int
link_cache_write_file(const struct link_cache *cc, const char *path,
    const char *format, int all)
{
	struct link_cache	*c = (struct link_cache *)cc;
	struct buf		 payload = BUF_INIT;
	uint32_t		 nstrs = 0, nents = 0;
	size_t			 i, n = c->nread + c->nfresh;
	int			 rc;

	/*
	 * The strings come first in the file, each given its index where
	 * an entry first names it; the entries are then written straight
	 * after them, so that no second copy of either is made.
	 */
	for (i = 0; i < c->nall; i++)
		c->all[i]->index = UINT32_MAX;
	buf_put_le(&payload, 0, 4);
	for (i = 0; i < n; i++)
		if (kept(c, i, all)) {
			index_entry(c, entry_at(c, i), &payload, &nstrs);
			nents++;
		}
	payload.data[0] = (char)(nstrs & 0xff);
	payload.data[1] = (char)(nstrs >> 8 & 0xff);
	payload.data[2] = (char)(nstrs >> 16 & 0xff);
	payload.data[3] = (char)(nstrs >> 24 & 0xff);
	buf_put_le(&payload, nents, 4);
	for (i = 0; i < n; i++)
		if (kept(c, i, all))
			put_entry(&payload, c, entry_at(c, i));
	rc = cachefile_write(path, LCACHE_MAGIC, LCACHE_VERSION, format,
	    &payload, LCACHE_MAX_FILE);
	buf_free(&payload);
	return rc;
}

void
link_cache_save(struct link_cache *c)
{
	size_t	i, used = 0;

	if (c == NULL || c->path == NULL)
		return;
	for (i = 0; i < c->nread; i++)
		used += c->read[i]->used;
	/* Nothing new, nothing dropped: the file stands as it is. */
	if (c->nfresh == 0 && used == c->nread)
		return;
	(void)link_cache_write_file(c, c->path, c->format, 0);
}
