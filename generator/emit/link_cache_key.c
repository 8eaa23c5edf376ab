/*
 * The link cache's keys: what a page's links depend on, digested (the
 * site's shared inputs, the page's own, the opportunities it shows). See
 * link_cache.h; the entries and the file are in link_cache.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <git2.h>

#include "blobid.h"
#include "buf.h"
#include "layout.h"
#include "link_cache.h"
#include "link_cache_impl.h"
#include "opportunity.h"
#include "page.h"
#include "render_opp.h"
#include "site.h"
#include "source.h"
#include "value.h"
#include "xalloc.h"

void
lcache_put_str(struct buf *b, const char *s)
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
int
lcache_site_digest(unsigned char *out, const struct source *src,
    const struct site *site, const struct pages *pages)
{
	struct buf	b = BUF_INIT;
	size_t		i, k;
	int		rc = 0;

	lcache_put_str(&b, site->root_path);
	lcache_put_str(&b, site->base_url);
	lcache_put_str(&b, site->time_zone);
	put_int(&b, (long long)site->nlangs);
	for (k = 0; k < site->nlangs; k++)
		lcache_put_str(&b, site->langs[k].code);
	/* Settings, layouts and pages: every file but those of the
	 * opportunities (each page's own) and assets (copied, never read). */
	for (i = 0; i < src->count; i++) {
		const struct source_file *f = &src->files[i];

		if (strncmp(f->path, OPP_DIR, strlen(OPP_DIR)) == 0 ||
		    strncmp(f->path, "assets/", 7) == 0)
			continue;
		lcache_put_str(&b, f->path);
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
		lcache_put_str(&b, pg->skill);
		lcache_put_str(&b, pg->path);
		lcache_put_str(&b, pg->ref);
		lcache_put_str(&b, pg->lang);
		lcache_put_str(&b, pg->out_path);
		lcache_put_str(&b, pg->permalink);
		lcache_put_str(&b, pg->title);
		lcache_put_str(&b, pg->layout);
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
	lcache_put_str(b, pg->path);
	lcache_put_str(b, pg->ref);
	lcache_put_str(b, pg->lang);
	put_int(b, (long long)pg->lang_index);
	lcache_put_str(b, pg->out_path);
	lcache_put_str(b, pg->permalink);
	lcache_put_str(b, pg->title);
	lcache_put_str(b, pg->layout);
	lcache_put_str(b, pg->lay != NULL ? pg->lay->name : NULL);
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
		lcache_put_str(b, v->lang);
		lcache_put_str(b, v->out_path);
		lcache_put_str(b, v->permalink);
		lcache_put_str(b, v->title);
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
	lcache_put_str(b, o->path);
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
		lcache_put_str(b, m->commit);
		lcache_put_str(b, m->subject);
		lcache_put_str(b, m->reason);
		lcache_put_str(b, m->renamed_from);
		put_int(b, (long long)m->nchanges);
		for (k = 0; k < m->nchanges; k++) {
			lcache_put_str(b, m->changes[k].key);
			put_int(b, (long long)m->changes[k].lang);
			put_value(b, m->changes[k].old);
			put_value(b, m->changes[k].new);
		}
	}
	put_int(b, (long long)o->nattachments);
	for (i = 0; i < o->nattachments; i++) {
		const struct opp_attachment *t = &o->attachments[i];

		lcache_put_str(b, t->src_path);
		lcache_put_str(b, t->out_path);
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
			lcache_put_str(&g, o->skills[m]);
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
