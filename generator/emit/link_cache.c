/* The link cache: see link_cache.h. */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "cachefile.h"
#include "hash.h"
#include "link_cache.h"
#include "link_cache_impl.h"
#include "links.h"
#include "page.h"
#include "site.h"
#include "source.h"
#include "xalloc.h"

#define LCACHE_MAGIC		"MARCHE-LINKS\n\0\0"	/* 16 with its NUL */
#define LCACHE_MAX_FILE		((size_t)1024 * 1024 * 1024)
#define LCACHE_MAX_STR		((size_t)64 * 1024)

/* The slot of s (n bytes) in c's table t: its own, or the empty one. */
static size_t
strs_slot(const struct link_cache *c, const struct lcache_strs *t,
    const char *s, size_t n)
{
	size_t	k = hash_span(s, n) & (t->n - 1);
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

	if (lcache_site_digest(sd, src, site, pages) != 0)
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
		lcache_put_str(strs, h->s);
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
