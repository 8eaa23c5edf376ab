/*
 * Atom feeds (RFC 4287), one per language at the language's home
 * folder: "en/feed.xml". One entry per shown opportunity, newest first.
 * Entry ids are tag URIs made of the site's host and the opportunity's
 * id (never its slug or title), so they do not change when the text does.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "emit_impl.h"
#include "escape.h"
#include "opportunity.h"
#include "page.h"
#include "render_opp.h"
#include "site.h"
#include "value.h"
#include "xalloc.h"

/* The date part of every tag URI: fixed, so ids never change. */
#define TAG_DATE	"2026"

/* An opportunity, or one of its amendments, and when, for sorting. */
struct feed_item {
	const struct opportunity *opp;	/* the opportunity */
	const struct opp_amendment *am;	/* an amendment, or NULL for the
					 * opportunity itself */
	long long		 updated; /* emit_updated(), or the
					 * amendment's time */
};

/* Newest first, then by id, the opportunity before its amendments. */
static int
feed_item_cmp(const void *pa, const void *pb)
{
	const struct feed_item	*a = pa, *b = pb;
	int			 c;

	if (a->updated != b->updated)
		return a->updated > b->updated ? -1 : 1;
	if ((c = strcmp(a->opp->id, b->opp->id)) != 0)
		return c;
	if ((a->am != NULL) != (b->am != NULL))
		return (a->am != NULL) - (b->am != NULL);
	/* One commit can make two entries: keep the history's order. */
	return a->am == b->am ? 0 : a->am < b->am ? -1 : 1;
}

/* Append s escaped for XML. */
static void
xml(struct buf *b, const char *s)
{
	escape_xml(b, s, strlen(s));
}

/* Append an absolute URL for permalink, escaped for XML. */
static void
xml_url(struct buf *b, const struct emit_ctx *e, const char *permalink)
{
	struct buf	u = BUF_INIT;

	emit_url(&u, e, permalink);
	escape_xml(b, u.data, u.len);
	buf_free(&u);
}

/* Append a tag URI "tag:HOST,2026:KIND:NAME:LANG". */
static void
tag_uri(struct buf *b, const struct emit_ctx *e, const char *kind,
    const char *name, const char *lang)
{
	struct buf	u = BUF_INIT;

	buf_puts(&u, "tag:");
	emit_host(&u, e);
	buf_printf(&u, ",%s:%s:", TAG_DATE, kind);
	escape_url_path(&u, name, strlen(name));
	buf_printf(&u, ":%s", lang);
	escape_xml(b, u.data, u.len);
	buf_free(&u);
}

/* The changes of an amendment a reader of language k sees, as a list. */
static size_t
amendment_summary(struct buf *b, const struct emit_ctx *e, struct arena *a,
    const struct opp_amendment *am, size_t k)
{
	size_t	i, n = 0;

	if (am->kind == OPP_AMEND_CORRECTION && am->reason != NULL) {
		buf_puts(b, am->reason);
		buf_puts(b, ": ");
	}
	for (i = 0; i < am->nchanges; i++) {
		const struct opp_change *c = &am->changes[i];

		if (c->lang >= 0 && (size_t)c->lang != k)
			continue;
		if (n++ > 0)
			buf_puts(b, ", ");
		buf_puts(b, site_string(e->site, k, arena_printf(a, "field_%s", c->key),
		    c->key));
	}
	if (am->kind == OPP_AMEND_DELETED || am->kind == OPP_AMEND_RENAMED) {
		buf_puts(b, site_string(e->site, k, am->kind ==
		    OPP_AMEND_DELETED ? "amendment_deleted" :
		    "amendment_renamed", am->kind == OPP_AMEND_DELETED ?
		    "The opportunity was deleted, then restored." :
		    "The opportunity moved to a new address."));
		n++;
	}
	return n;
}

/* What an amendment changed for readers of language k, as HTML: a list
 * of changes, text as word diffs, facts as old and new values. */
static void
amendment_content(struct buf *b, const struct emit_ctx *e, struct arena *a,
    const struct opp_amendment *am, size_t k)
{
	const char	*lang = e->site->langs[k].code, *s;
	struct buf	 t = BUF_INIT;
	size_t		 i;

	buf_puts(b, "<ul>");
	for (i = 0; i < am->nchanges; i++) {
		const struct opp_change *c = &am->changes[i];

		if (c->lang >= 0 && (size_t)c->lang != k)
			continue;
		buf_puts(b, "<li>");
		s = site_string(e->site, k, arena_printf(a, "field_%s",
		    c->key), c->key);
		escape_html(b, s, strlen(s));
		s = site_string(e->site, k, "colon", ":");
		escape_html(b, s, strlen(s));
		buf_putc(b, ' ');
		if (render_opp_text_diff(b, e->site, c, k) == 0) {
			if (opp_term_is_markdown(c->key)) {
				s = site_string(e->site, k,
				    "amendment_text_changed",
				    "the text was revised");
				escape_html(b, s, strlen(s));
			} else {
				buf_reset(&t);
				opp_term_text(&t, e->site, c->key, c->old, lang);
				buf_puts(b, "<del>");
				escape_html(b, t.data, t.len);
				buf_puts(b, "</del> \xe2\x86\x92 <ins>");
				buf_reset(&t);
				opp_term_text(&t, e->site, c->key, c->new, lang);
				escape_html(b, t.data, t.len);
				buf_puts(b, "</ins>");
			}
		}
		buf_puts(b, "</li>");
	}
	buf_puts(b, "</ul>");
	buf_free(&t);
}

/* The kind of an entry, in its id and its title. */
static void
entry_kind(const struct opp_amendment *am, const char **tag,
    const char **key, const char **def)
{
	switch (am->kind) {
	case OPP_AMEND_CORRECTION:
		*tag = "correction", *key = "corrected_badge";
		*def = "Corrected";
		break;
	case OPP_AMEND_AFTER_CLOSING:
		*tag = "amendment", *key = "after_closing_badge";
		*def = "Changed after closing";
		break;
	case OPP_AMEND_DELETED:
		*tag = "deletion", *key = "against_rules_badge";
		*def = "Against the rules";
		break;
	case OPP_AMEND_RENAMED:
		*tag = "rename", *key = "against_rules_badge";
		*def = "Against the rules";
		break;
	default:
		*tag = "amendment", *key = "amended_badge", *def = "Amended";
		break;
	}
}

/* One <entry> for o (or one of its amendments) in language k. */
static void
feed_entry(struct buf *b, const struct emit_ctx *e, struct arena *a,
    const struct feed_item *it, size_t k)
{
	const struct opportunity *o = it->opp;
	const struct opp_text	*t = &o->text[k];
	struct buf		 sum = BUF_INIT;
	const char		*tag = NULL, *key = NULL, *def = NULL;
	size_t			 j;

	if (it->am != NULL && amendment_summary(&sum, e, a, it->am, k) == 0) {
		buf_free(&sum);	/* only another language's text changed */
		return;
	}
	if (it->am != NULL)
		entry_kind(it->am, &tag, &key, &def);
	buf_puts(b, "  <entry>\n    <id>");
	if (it->am != NULL)
		tag_uri(b, e, tag, arena_printf(a, "%s:%lld", o->id,
		    it->am->time), e->site->langs[k].code);
	else
		tag_uri(b, e, "opportunity", o->id, e->site->langs[k].code);
	buf_puts(b, "</id>\n    <title type=\"text\">");
	if (it->am != NULL) {
		xml(b, site_string(e->site, k, key, def));
		buf_puts(b, ": ");
	}
	xml(b, t->title);
	buf_puts(b, "</title>\n    <updated>");
	emit_utc(b, it->updated, 0);
	buf_puts(b, "</updated>\n    <link rel=\"alternate\" "
	    "type=\"text/html\" hreflang=\"");
	xml(b, e->site->langs[k].code);
	buf_puts(b, "\" href=\"");
	xml_url(b, e, t->permalink);
	buf_puts(b, "\"/>\n");
	for (j = 0; j < e->site->nlangs; j++) {
		if (j == k || o->text[j].permalink == NULL)
			continue;
		buf_puts(b, "    <link rel=\"alternate\" type=\"text/html\" "
		    "hreflang=\"");
		xml(b, e->site->langs[j].code);
		buf_puts(b, "\" href=\"");
		xml_url(b, e, o->text[j].permalink);
		buf_puts(b, "\"/>\n");
	}
	for (j = 0; j < o->nskills; j++) {
		buf_puts(b, "    <category term=\"");
		xml(b, o->skills[j]);
		buf_puts(b, "\"/>\n");
	}
	if (it->am != NULL) {
		struct buf html = BUF_INIT;

		buf_puts(b, "    <summary type=\"text\">");
		escape_xml(b, buf_cstr(&sum), sum.len);
		buf_puts(b, "</summary>\n    <content type=\"html\">");
		amendment_content(&html, e, a, it->am, k);
		escape_xml(b, html.data, html.len);
		buf_puts(b, "</content>\n");
		buf_free(&html);
	} else if (t->summary != NULL) {
		buf_puts(b, "    <summary type=\"text\">");
		xml(b, t->summary);
		buf_puts(b, "</summary>\n");
	}
	buf_puts(b, "  </entry>\n");
	buf_free(&sum);
}

/* The feed's folder for language k: the home page's, else "CODE/". */
static const char *
feed_dir(struct arena *a, const struct site *site, const struct pages *pages,
    size_t k)
{
	const struct page	*home = pages_find(pages, "home", k);
	const char		*slash;

	if (home != NULL && home->out_path != NULL &&
	    (slash = strrchr(home->out_path, '/')) != NULL)
		return arena_strndup(a, home->out_path,
		    (size_t)(slash - home->out_path) + 1);
	return arena_printf(a, "%s/", site->langs[k].code);
}

void
emit_paths(struct emit_paths *out, struct arena *a, const struct site *site,
    const struct pages *pages, size_t k)
{
	const char	*list = site->langs[k].opportunities;

	out->feed = arena_printf(a, "%sfeed.xml", feed_dir(a, site, pages,
	    k));
	out->calendar = list == NULL ? NULL : arena_printf(a, "%s%s",
	    list + (list[0] == '/'), site->langs[k].open_calendar != NULL ?
	    site->langs[k].open_calendar : "open.ics");
	out->json = "opportunities.json";
	out->csv = "opportunities.csv";
}

/* The feed's head: everything before the entries. */
static void
feed_head(struct buf *b, const struct emit_ctx *e, size_t k,
    const char *rel, long long updated)
{
	const struct site_lang	*l = &e->site->langs[k];

	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	xml(b, l->code);
	buf_puts(b, "\">\n  <id>");
	tag_uri(b, e, "feed", "opportunities", l->code);
	buf_puts(b, "</id>\n  <title type=\"text\">");
	xml(b, l->title != NULL ? l->title : l->code);
	buf_puts(b, "</title>\n  <updated>");
	emit_utc(b, updated, 0);
	buf_puts(b, "</updated>\n  <author>\n    <name>");
	xml(b, l->title != NULL ? l->title : l->code);
	buf_puts(b, "</name>\n    <uri>");
	xml_url(b, e, "/");
	buf_puts(b, "</uri>\n  </author>\n  <link rel=\"self\" "
	    "type=\"application/atom+xml\" href=\"");
	buf_printf(b, "%s/", e->site->base_url);
	escape_url_path(b, rel, strlen(rel));
	buf_puts(b, "\"/>\n");
	if (l->opportunities != NULL) {
		buf_puts(b, "  <link rel=\"alternate\" type=\"text/html\" "
		    "href=\"");
		xml_url(b, e, l->opportunities);
		buf_puts(b, "\"/>\n");
	}
}

/* The entries of every feed, newest first. */
struct feed_items {
	struct feed_item *items;
	size_t		 n;
};

/* The feed of language k. */
static void
make_feed(struct buf *b, const struct emit_ctx *e, const void *arg,
    size_t k, struct emit_scratch *s)
{
	const struct feed_items	*fi = arg;
	struct emit_paths	 paths;
	long long		 updated = fi->n > 0 ? fi->items[0].updated :
	    emit_updated(e, NULL);
	size_t			 i;

	emit_paths(&paths, s->a, e->site, e->pages, k);
	feed_head(b, e, k, paths.feed, updated);
	for (i = 0; i < fi->n; i++) {
		const struct feed_item *it = &fi->items[i];
		size_t x = (size_t)(it->opp - e->opps->list), at = b->len;
		size_t j = it->am != NULL ? (size_t)(it->am -
		    it->opp->amendments) + 1 : 0;

		if (!emit_part_kept(b, s, x, j)) {
			feed_entry(b, e, s->a, it, k);
			emit_part_save(s, x, j, b, at);
		}
		emit_flush(b, s);
	}
	buf_puts(b, "</feed>\n");
}

void
emit_feeds(struct emit_list *l, const struct emit_ctx *e, struct arena *a)
{
	struct feed_items *fi = arena_calloc(a, 1, sizeof(*fi));
	struct emit_paths paths;
	struct feed_item *items;
	size_t		 i, j, n = 0, k, total = 0;

	for (i = 0; i < e->opps->count; i++)
		total += 1 + e->opps->list[i].namendments;
	items = arena_calloc(a, total + 1, sizeof(*items));
	for (i = 0; i < e->opps->count; i++) {
		const struct opportunity *o = &e->opps->list[i];

		if (!o->ok)
			continue;
		items[n].opp = o;
		items[n].updated = emit_updated(e, o);
		n++;
		for (j = 0; j < o->namendments; j++) {
			items[n].opp = o;
			items[n].am = &o->amendments[j];
			items[n].updated = o->amendments[j].time;
			n++;
		}
	}
	/* Only the paths are wanted: the entries' order is not. */
	if (n > 1 && !e->paths_only)
		qsort(items, n, sizeof(*items), feed_item_cmp);
	fi->items = items;
	fi->n = n;
	for (k = 0; k < e->site->nlangs; k++) {
		emit_paths(&paths, a, e->site, e->pages, k);
		emit_list_add(l, paths.feed, make_feed, fi, k);
		emit_list_parts(l);
	}
}
