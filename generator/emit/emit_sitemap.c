/*
 * sitemap.xml (sitemaps.org protocol 0.9): every HTML page with its
 * absolute address and, for search engines, an xhtml:link alternate per
 * language version plus x-default (the default language's version).
 */
#include <string.h>
#include <time.h>

#include "emit_impl.h"
#include "escape.h"
#include "opportunity.h"
#include "page.h"
#include "site.h"

/* Append one <xhtml:link> to the version pg in language code. */
static void
sitemap_alternate(struct buf *b, const struct emit_ctx *e, const char *code,
    const struct page *pg)
{
	struct buf	u = BUF_INIT;

	emit_url(&u, e, pg->permalink);
	buf_puts(b, "    <xhtml:link rel=\"alternate\" hreflang=\"");
	escape_xml(b, code, strlen(code));
	buf_puts(b, "\" href=\"");
	escape_xml(b, u.data, u.len);
	buf_puts(b, "\"/>\n");
	buf_free(&u);
}

/* Append the <url> of page pg. */
static void
sitemap_url(struct buf *b, const struct emit_ctx *e, const struct page *pg)
{
	const struct page	*def;
	struct buf		 u = BUF_INIT;
	size_t			 i;

	emit_url(&u, e, pg->permalink);
	buf_puts(b, "  <url>\n    <loc>");
	escape_xml(b, u.data, u.len);
	buf_puts(b, "</loc>\n");
	buf_free(&u);
	if (pg->modified > 0) {
		time_t		t = (time_t)pg->modified;
		struct tm	tm;
		char		when[32];

		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		buf_printf(b, "    <lastmod>%s</lastmod>\n", when);
	}
	for (i = 0; i < e->site->nlangs; i++) {
		const struct page *v = pg->versions[i];

		if (v != NULL && emit_page_shown(v))
			sitemap_alternate(b, e, e->site->langs[i].code, v);
	}
	def = pg->versions[e->site->default_lang];
	if (def != NULL && emit_page_shown(def))
		sitemap_alternate(b, e, "x-default", def);
	buf_puts(b, "  </url>\n");
}

static void
make_sitemap(struct buf *b, const struct emit_ctx *e, const void *arg,
    size_t k, struct emit_scratch *s)
{
	size_t	i;

	(void)arg;
	(void)k;
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"\n"
	    "        xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
	for (i = 0; i < e->pages->count; i++) {
		const struct page *pg = &e->pages->list[i];
		size_t x = pg->opp != NULL ? (size_t)(pg->opp -
		    e->opps->list) : 0, at = b->len;

		if (!emit_page_shown(pg))
			continue;
		/* An opportunity's page says nothing but its own. */
		if (pg->kind == PAGE_OPPORTUNITY && pg->opp != NULL &&
		    emit_part_kept(b, s, x, pg->lang_index)) {
			emit_flush(b, s);
			continue;
		}
		sitemap_url(b, e, pg);
		if (pg->kind == PAGE_OPPORTUNITY && pg->opp != NULL)
			emit_part_save(s, x, pg->lang_index, b, at);
		emit_flush(b, s);
	}
	buf_puts(b, "</urlset>\n");
}

void
emit_sitemap(struct emit_list *l, const struct emit_ctx *e, struct arena *a)
{
	(void)e;
	(void)a;
	emit_list_add(l, "sitemap.xml", make_sitemap, NULL, 0);
	emit_list_parts(l);
}
