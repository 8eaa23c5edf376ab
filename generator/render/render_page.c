/*
 * One page rendered: the view templates see (the page, the site, the
 * navigation, the opportunities it shows), its body through Mustache
 * and Markdown, then its layouts; and the pages made of a layout alone.
 * The pages of a site are rendered by render.c's threads.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "emit.h"
#include "layout.h"
#include "links.h"
#include "markdown.h"
#include "mustache.h"
#include "output.h"
#include "page.h"
#include "path.h"
#include "opportunity.h"
#include "render.h"
#include "render_impl.h"
#include "render_opp.h"
#include "site.h"
#include "value.h"

/* One language version of a page, as templates see it. */
static struct value *
view_version(struct arena *a, const struct site *site, const struct page *from,
    const struct page *pg)
{
	struct value	*v = value_map(a);

	value_map_set(a, v, "lang", value_string_static(a, pg->lang));
	value_map_set(a, v, "name", value_string_static(a,
	    site->langs[pg->lang_index].name));
	value_map_set(a, v, "title", value_string_static(a, pg->title));
	value_map_set(a, v, "href", value_string(a,
	    path_relative(a, from->out_path, pg->out_path)));
	value_map_set(a, v, "url", value_string_static(a, pg->permalink));
	value_map_set(a, v, "canonical", value_string(a,
	    arena_printf(a, "%s%s", site->base_url, pg->permalink)));
	return v;
}

/* page: the front matter plus what the generator knows about it. */
static struct value *
view_page(struct arena *a, const struct site *site,
    const struct opp_order *order, const struct page *pg)
{
	struct value	*v = value_map(a), *tr, *alt, *when;
	size_t		 i;

	for (i = 0; i < pg->front->count; i++)
		value_map_append(a, v, pg->front->pairs[i].key,
		    pg->front->pairs[i].val);
	value_map_set(a, v, "title", value_string_static(a, pg->title));
	value_map_set(a, v, "url", value_string_static(a, pg->permalink));
	value_map_set(a, v, "path", value_string_static(a, pg->out_path));
	value_map_set(a, v, "root", value_string(a,
	    path_root_prefix(a, pg->out_path)));
	value_map_set(a, v, "canonical", value_string(a,
	    arena_printf(a, "%s%s", site->base_url, pg->permalink)));
	if (pg->modified > 0) {
		/* An opportunity's card has its page's moment already. */
		if ((when = render_opp_modified(a, order, pg)) == NULL)
			when = render_moment(a, site, pg->modified, pg->lang);
		value_map_set(a, v, "last_modified", when);
	}
	tr = value_map_set(a, v, "translations", value_seq(a));
	alt = value_map_set(a, v, "alternates", value_seq(a));
	for (i = 0; i < site->nlangs; i++) {
		const struct page *o = pg->versions[i];

		if (o == NULL || o->out_path == NULL || o->title == NULL)
			continue;
		value_seq_push(a, alt, view_version(a, site, pg, o));
		if (o != pg)
			value_seq_push(a, tr, view_version(a, site, pg, o));
		if (i == site->default_lang)
			value_map_set(a, v, "x_default", value_string(a,
			    arena_printf(a, "%s%s", site->base_url,
			    o->permalink)));
	}
	return v;
}

/* nav: the pages of _data/nav.yml in this page's language. */
static struct value *
view_nav(struct arena *a, const struct site *site, const struct pages *pages,
    const struct page *pg)
{
	struct value	*nav = value_seq(a);
	size_t		 i;

	for (i = 0; site->nav != NULL && i < site->nav->count; i++) {
		const struct value *ref = value_map_get(site->nav->items[i],
		    "ref");
		const struct page *to;
		const struct value *nt;
		struct value	*item;

		if (value_str(ref) == NULL ||
		    (to = pages_find(pages, ref->str, pg->lang_index)) == NULL ||
		    to->out_path == NULL || to->title == NULL)
			continue;
		item = value_map(a);
		nt = value_map_get(to->front, "nav_title");
		value_map_set(a, item, "ref", (struct value *)ref);
		value_map_set(a, item, "title", value_string_static(a,
		    value_str(nt) != NULL ? nt->str : to->title));
		value_map_set(a, item, "href", value_string(a,
		    path_relative(a, pg->out_path, to->out_path)));
		value_map_set(a, item, "current", value_bool(a, to == pg));
		value_seq_push(a, nav, item);
	}
	return nav;
}

/* subscribe: links from this page to what readers can subscribe to. */
static struct value *
view_subscribe(struct arena *a, const struct site *site,
    const struct pages *pages, const struct page *pg)
{
	struct value		*v = value_map(a);
	struct emit_paths	 p;

	emit_paths(&p, a, site, pages, pg->lang_index);
	value_map_set(a, v, "feed", value_string(a, path_relative(a,
	    pg->out_path, p.feed)));
	if (p.calendar != NULL)
		value_map_set(a, v, "calendar", value_string(a,
		    path_relative(a, pg->out_path, p.calendar)));
	value_map_set(a, v, "json", value_string(a, path_relative(a,
	    pg->out_path, p.json)));
	value_map_set(a, v, "csv", value_string(a, path_relative(a,
	    pg->out_path, p.csv)));
	return v;
}

/*
 * npm: the texts of _data/site.yml 'npm_files' by name; on a page in
 * language code, NAME_code is also there as NAME (signature_fr as
 * signature on a French page).
 */
static struct value *
view_npm(struct arena *a, const struct value *npm, const char *code)
{
	struct value	*v = value_map(a);
	size_t		 i, n, c = strlen(code);

	for (i = 0; i < npm->count; i++)
		value_map_set(a, v, npm->pairs[i].key->str,
		    npm->pairs[i].val);
	for (i = 0; i < npm->count; i++) {
		const char *k = npm->pairs[i].key->str;

		n = strlen(k);
		if (n > c + 1 && k[n - c - 1] == '_' &&
		    strcmp(k + n - c, code) == 0)
			value_map_set(a, v, arena_strndup(a, k, n - c - 1),
			    npm->pairs[i].val);
	}
	return v;
}

static struct value *
view_build(struct arena *a, const struct site *site, const struct pages *pages,
    const struct opp_order *order, const struct page *pg, struct links *links,
    struct diags *d)
{
	struct value		*ctx = value_map(a);
	const struct site_lang	*l = &site->langs[pg->lang_index];

	value_map_set(a, ctx, "site", site->config);
	value_map_set(a, ctx, "data", site->data);
	if (site->npm != NULL)
		value_map_set(a, ctx, "npm", view_npm(a, site->npm, l->code));
	value_map_set(a, ctx, "site_title", value_string_static(a, l->title));
	value_map_set(a, ctx, "lang", value_string_static(a, l->code));
	value_map_set(a, ctx, "t", l->strings);
	value_map_set(a, ctx, "page", view_page(a, site, order, pg));
	value_map_set(a, ctx, "nav", view_nav(a, site, pages, pg));
	value_map_set(a, ctx, "subscribe", view_subscribe(a, site, pages, pg));
	if (render_opp_view(ctx, a, site, pages, order, pg, links, d) != 0)
		return NULL;
	return ctx;
}

/* Every nav entry must name a page that exists. */
int
render_check_nav(const struct site *site, const struct pages *pages,
    struct diags *d)
{
	size_t	i;
	int	rc = 0;

	for (i = 0; site->nav != NULL && i < site->nav->count; i++) {
		const struct value *item = site->nav->items[i];
		const struct value *ref = value_map_get(item, "ref");
		size_t	k;

		if (value_str(ref) == NULL) {
			diag_error(d, "_data/nav.yml", item->line, item->col,
			    "each entry needs 'ref:' naming a page");
			rc = -1;
			continue;
		}
		for (k = 0; k < site->nlangs; k++) {
			if (pages_find(pages, ref->str, k) != NULL)
				continue;
			diag_error(d, "_data/nav.yml", ref->line, ref->col,
			    "no %s page has 'ref: %s'", site->langs[k].english,
			    ref->str);
			rc = -1;
			break;
		}
	}
	return rc;
}

/* Body (Mustache, then Markdown) and layout chain of one page. */
int
render_page(struct buf *html, struct arena *a, const struct site *site,
    const struct pages *pages, const struct layouts *layouts,
    const struct opp_order *order, const struct page *pg, struct links *l,
    struct diags *d)
{
	struct mustache	*body = NULL;
	struct value	*ctx;
	struct buf	 text = BUF_INIT, md = BUF_INIT, *done = &text;
	int		 rc = -1;

	if ((ctx = view_build(a, site, pages, order, pg, l, d)) == NULL)
		goto out;
	if (mustache_parse(&body, pg->path, pg->body, pg->body_len,
	    pg->body_line, d) != 0)
		goto out;
	if (layouts_render_template(&text, layouts, body, ctx, d) != 0)
		goto out;
	if (pg->markdown) {
		struct markdown_source ms = { pg->path, pg->body_line, 0, 0 };
		struct markdown_info info;
		size_t i;

		if (markdown_render(&md, &info, a, &ms, buf_cstr(&text),
		    text.len, NULL, d) != 0)
			goto out;
		for (i = 0; i < info.nlinks; i++)
			links_add(l, pg->out_path, pg->path,
			    info.links[i].line, info.links[i].col,
			    info.links[i].url);
		buf_free(&text);	/* only the HTML is needed now */
		done = &md;
	}
	rc = layouts_apply(html, layouts, pg->lay, a, ctx, buf_cstr(done),
	    done->len, d);
	if (rc == 0)
		links_scan_html(l, pg->out_path, pg->path, html->data,
		    html->len);
	if (rc == 0 && html->len > SITE_PAGE_MAX) {
		diag_error(d, pg->path, 0, 0, "the page's HTML is %zu bytes; "
		    "the limit is %d", html->len, SITE_PAGE_MAX);
		rc = -1;
	}
out:
	mustache_free(body);
	buf_free(&text);
	buf_free(&md);
	return rc;
}

/*
 * A page of the whole site rather than of one language, from layout
 * name, written to rel: index.html (the language chooser) and 404.html
 * (served for any missing address, so it links from the site's root
 * path, site_root). Its context has site, data, site_root, languages
 * and t_CODE for each language. A missing layout writes nothing.
 */
int
render_standalone(struct output *out, const struct site *site,
    const struct pages *pages, const struct layouts *layouts,
    const char *name, const char *rel, struct links *l, struct diags *d)
{
	const struct layout	*lay = layouts_find(layouts, name);
	struct arena		*a;
	struct value		*ctx, *langs;
	struct buf		 html = BUF_INIT;
	size_t			 i;
	int			 rc = 0;

	if (lay == NULL || lay->tmpl == NULL)
		return lay == NULL ? 0 : -1;
	a = arena_new();
	ctx = value_map(a);
	value_map_set(a, ctx, "site", site->config);
	value_map_set(a, ctx, "data", site->data);
	if (site->npm != NULL)
		value_map_set(a, ctx, "npm", site->npm);
	value_map_set(a, ctx, "site_root", value_string_static(a,
	    site->root_path));
	langs = value_map_set(a, ctx, "languages", value_seq(a));
	for (i = 0; i < site->nlangs; i++) {
		const struct page *home = pages_find(pages, "home", i);
		struct value *lv = value_map(a);

		value_map_set(a, lv, "code", value_string_static(a,
		    site->langs[i].code));
		value_map_set(a, lv, "name", value_string_static(a,
		    site->langs[i].name));
		value_map_set(a, lv, "title", value_string_static(a,
		    site->langs[i].title));
		value_map_set(a, lv, "href", value_string(a, home != NULL ?
		    home->out_path : arena_printf(a, "%s/index.html",
		    site->langs[i].code)));
		value_map_set(a, lv, "strings", site->langs[i].strings);
		value_seq_push(a, langs, lv);
		value_map_set(a, ctx, arena_printf(a, "t_%s",
		    site->langs[i].code), site->langs[i].strings);
	}
	links_add_output(l, rel);
	if (layouts_apply(&html, layouts, lay, a, ctx, "", 0, d) != 0)
		rc = -1;
	else if (out != NULL && output_write(out, rel, html.data, html.len,
	    d) != 0)
		rc = -1;
	if (rc == 0)
		links_scan_html(l, rel, lay->path, html.data, html.len);
	buf_free(&html);
	arena_free(a);
	return rc;
}
