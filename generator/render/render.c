#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "emit.h"
#include "i18n.h"
#include "layout.h"
#include "link_cache.h"
#include "links.h"
#include "markdown.h"
#include "mustache.h"
#include "npmfiles.h"
#include "output.h"
#include "par.h"
#include "page.h"
#include "path.h"
#include "opportunity.h"
#include "render.h"
#include "render_opp.h"
#include "site.h"
#include "source.h"
#include "timing.h"
#include "value.h"
#include "xalloc.h"

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
static int
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
static int
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
static int
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

/*
 * Pages are rendered by a pool of threads. Each page is a job with its
 * own arena, diagnostics and link notes; jobs are committed (their
 * diagnostics and links merged, their HTML written, then dropped) in
 * input order, so the output and the report are the same whatever the
 * timing. At most RENDER_WINDOW jobs per thread are rendered ahead of
 * the oldest uncommitted one, which bounds the HTML held at once.
 */
#define RENDER_WINDOW	4

/*
 * A page that lists opportunities holds their views and its HTML twice
 * (its layout's and the page's) while it renders: some 20 MB at 10,000
 * opportunities. On a site showing at least RENDER_BIG of them, such
 * pages are rendered by one thread, the first, one after another: the
 * memory one gives back is the next one's (the C library keeps what a
 * thread frees for that thread's next requests), and the others' is
 * not doubled. It costs no work, only waiting when they come last.
 * When serve renders again only a few of them (RENDER_BIG_FEW at most),
 * after an edit, every thread takes them: the edit is shown sooner, for
 * a few pages' memory more.
 */
#define RENDER_BIG	2048
#define RENDER_BIG_FEW	32

struct render_job {
	const struct page *pg;		/* the page */
	int		 early;		/* may be written by its thread */
	int		 written;	/* output_write_early()'s result */
	struct buf	 html;		/* its HTML, until committed */
	struct diags	*d;		/* what rendering it reported */
	struct links	*l;		/* the links it holds */
	int		 rc;		/* render_page()'s result */
	int		 done;		/* rendered, waiting to commit */
	int		 keyed;		/* key is the page's in the link cache */
	unsigned char	 key[LCACHE_KEY];
	const struct lcache_entry *hit;	/* its links, taken from the link
					 * cache instead of rendering */
	size_t		 hit_len;	/* the length of its HTML then */
};

struct render_pool {
	/* Read by every thread, never changed. */
	const struct site	*site;
	const struct pages	*pages;
	const struct layouts	*layouts;
	const struct opp_order	*order;
	const size_t		*todo;		/* indices in pages->list */
	const struct render_scope *scope;	/* pages rendered, or NULL */
	const unsigned char	*early;		/* which may be written by the
						 * thread rendering them, or
						 * NULL */
	size_t			 ntodo;
	size_t			 window;	/* slots of jobs */
	/* Under lock. */
	pthread_mutex_t		 lock;
	pthread_cond_t		 moved;		/* a job was committed */
	struct render_job	*jobs;		/* job i is jobs[i % window] */
	size_t			 next;		/* next job to start */
	size_t			 commit;	/* next job to commit */
	int			 committing;	/* a thread commits */
	int			 big_begun;	/* a big page was taken */
	int			 big_any;	/* any thread renders big
						 * pages (serve, a few) */
	/* Changed only by the committing thread. */
	struct output		*out;
	struct links		*l;
	struct diags		*d;
	struct render_stats	*stats;
	struct render_reuse	*reuse;
	const unsigned long long *digests;	/* render_digests() */
	struct link_cache	*lc;		/* or NULL */
	int			 lc_hits;	/* pages may be taken from lc */
	int			 rc;
};

/* Where reuse keeps the links of opportunity page pg. */
static struct links **
render_reuse_slot(struct render_reuse *r, const struct page *pg)
{
	return &r->links[(size_t)(pg->opp - r->opps->list) * SITE_MAX_LANGS +
	    pg->lang_index];
}

void
render_reuse_forget(struct render_reuse *r)
{
	size_t	i;

	for (i = 0; i < r->nkept; i++) {
		free(r->kept[i].out_path);
		links_free(r->kept[i].links);
	}
	free(r->kept);
	r->kept = NULL;
	r->nkept = r->capkept = 0;
}

void
render_reuse_release(struct render_reuse *r)
{
	render_reuse_forget(r);
	opp_card_keep_free(r->cards);
	r->cards = NULL;
	emit_keep_free(r->emit);
	r->emit = NULL;
	opp_order_keep_free(r->order);
	r->order = NULL;
	links_free(r->checked);
	r->checked = NULL;
}

/* The entry of reuse for the page at out_path (added if add), or NULL. */
static struct render_kept *
render_kept_find(struct render_reuse *r, const char *out_path, int add)
{
	size_t	i;

	for (i = 0; i < r->nkept; i++)
		if (strcmp(r->kept[i].out_path, out_path) == 0)
			return &r->kept[i];
	if (!add)
		return NULL;
	if (r->nkept == r->capkept) {
		r->capkept = r->capkept ? r->capkept * 2 : 16;
		r->kept = xreallocarray(r->kept, r->capkept,
		    sizeof(*r->kept));
	}
	memset(&r->kept[r->nkept], 0, sizeof(r->kept[0]));
	r->kept[r->nkept].out_path = xstrdup(out_path);
	return &r->kept[r->nkept++];
}

static unsigned long long
mix(unsigned long long h, unsigned long long v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

static unsigned long long
mix_str(unsigned long long h, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return mix(h, 0x100);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * What each page not made from one opportunity shows of the
 * opportunities (see render_opp_view()), as a hash by index in
 * pages->list: the counts every listing shows (shown, open, by year, by
 * skill), from what each opportunity is, and the opportunities the page
 * lists, in order, each by what the page's language shows of it (its
 * card, opp_card_keep_shown(): an edit to another language's text alone
 * leaves the page as it was). The order of each language is gone
 * through once, each opportunity mixed into the pages that list it (a
 * skill page found by its skill's place among the skill pages' keys),
 * rather than once per page.
 */
static unsigned long long *
render_digests(const struct pages *pages, const struct opp_order *order,
    const struct opportunities *opps, const struct opp_card_keep *cards)
{
	unsigned long long	*dg = xcalloc(pages->count + 1, sizeof(*dg));
	unsigned long long	 g = 1469598103934665603ULL;
	const char		**keys;
	size_t			*skill_of, *off, *head, *next, *lists[3],
				 nlist[3];
	size_t			 i, j, m, k, nk = 0, nsk = 0, nlangs = 0;

	for (i = 0; i < opps->count; i++) {
		const struct opportunity *o = &opps->list[i];

		nsk += o->nskills;
		g = mix(g, (unsigned long long)o->ok);
		if (!o->ok)
			continue;
		g = mix(g, (unsigned long long)o->status);
		g = mix(g, (unsigned long long)order->archive_year[i]);
		g = mix(g, (unsigned long long)o->nskills);
		for (m = 0; m < o->nskills; m++)
			g = mix_str(g, o->skills[m]);
	}
	/* The skill pages' keys, sorted, each once. */
	keys = xcalloc(pages->count + 1, sizeof(*keys));
	for (i = 0; i < pages->count; i++)
		if (pages->list[i].kind == PAGE_SKILL)
			keys[nk++] = pages->list[i].skill;
	qsort(keys, nk, sizeof(*keys), str_cmp);
	for (i = j = 0; i < nk; i++)
		if (j == 0 || strcmp(keys[j - 1], keys[i]) != 0)
			keys[j++] = keys[i];
	nk = j;
	/* Each opportunity's skills that have a page, as places in keys. */
	skill_of = xcalloc(nsk + 1, sizeof(*skill_of));
	off = xcalloc(opps->count + 1, sizeof(*off));
	for (i = 0, nsk = 0; i < opps->count; i++) {
		const struct opportunity *o = &opps->list[i];

		off[i] = nsk;
		for (m = 0; m < o->nskills; m++) {
			const char **at = bsearch(&o->skills[m], keys, nk,
			    sizeof(*keys), str_cmp);

			if (at != NULL)
				skill_of[nsk++] = (size_t)(at - keys);
		}
	}
	off[opps->count] = nsk;
	for (i = 0; i < pages->count; i++)
		if (pages->list[i].kind != PAGE_OPPORTUNITY &&
		    pages->list[i].lang_index + 1 > nlangs)
			nlangs = pages->list[i].lang_index + 1;
	/* By language and key, the skill pages (1 + index, chained). */
	head = xcalloc(nlangs * nk + 1, sizeof(*head));
	next = xcalloc(pages->count + 1, sizeof(*next));
	for (i = 0; i < 3; i++)
		lists[i] = xcalloc(pages->count + 1, sizeof(*lists[i]));
	for (i = 0; i < pages->count; i++) {
		const struct page *pg = &pages->list[i];
		unsigned long long h;

		if (pg->kind == PAGE_OPPORTUNITY)
			continue;
		h = mix_str(mix(g, pg->kind), pg->out_path);
		dg[i] = mix(mix_str(h, pg->skill),
		    (unsigned long long)pg->year);
		if (pg->kind == PAGE_SKILL) {
			const char **at = bsearch(&pg->skill, keys, nk,
			    sizeof(*keys), str_cmp);
			size_t *slot = &head[pg->lang_index * nk +
			    (size_t)(at - keys)];

			/* Chained in reverse, walked in any order: each
			 * page's hash is its own. */
			next[i] = *slot;
			*slot = i + 1;
		}
	}
	for (k = 0; k < nlangs; k++) {
		const unsigned long long *shown = opp_card_keep_shown(cards, k);

		/* The home pages (open ones), listings and archives (by
		 * year) of language k. */
		nlist[0] = nlist[1] = nlist[2] = 0;
		for (i = 0; i < pages->count; i++) {
			const struct page *pg = &pages->list[i];

			if (pg->lang_index != k)
				continue;
			if (pg->kind == PAGE_SOURCE && pg->ref != NULL &&
			    strcmp(pg->ref, "home") == 0)
				lists[0][nlist[0]++] = i;
			else if (pg->kind == PAGE_LISTING)
				lists[1][nlist[1]++] = i;
			else if (pg->kind == PAGE_ARCHIVE)
				lists[2][nlist[2]++] = i;
		}
		for (j = 0; j < order->count; j++) {
			const struct opportunity *o = order->list[k][j];
			size_t x = (size_t)(o - opps->list), p;
			unsigned long long v = shown != NULL ? shown[x] : 0;

			for (i = 0; o->status == OPP_STATUS_OPEN &&
			    i < nlist[0]; i++)
				dg[lists[0][i]] = mix(mix(dg[lists[0][i]], x),
				    v);
			for (i = 0; order->archive_year[x] == 0 &&
			    i < nlist[1]; i++)
				dg[lists[1][i]] = mix(mix(dg[lists[1][i]], x),
				    v);
			for (i = 0; i < nlist[2]; i++)
				if (order->archive_year[x] ==
				    pages->list[lists[2][i]].year)
					dg[lists[2][i]] = mix(mix(
					    dg[lists[2][i]], x), v);
			for (m = off[x]; m < off[x + 1]; m++)
				for (p = head[k * nk + skill_of[m]]; p != 0;
				    p = next[p - 1])
					dg[p - 1] = mix(mix(dg[p - 1], x), v);
		}
	}
	for (i = 0; i < 3; i++)
		free(lists[i]);
	free(head);
	free(next);
	free(off);
	free(skill_of);
	free(keys);
	return dg;
}

/* Merge a rendered job into the site and write its page. */
static void
render_commit(struct render_pool *p, struct render_job *j)
{
	const struct page *pg = j->pg;

	/* A page that rendered without a word is kept in the link cache;
	 * one taken from it gets its links from there. */
	if (j->hit != NULL) {
		link_cache_use(p->lc, j->hit);
		link_cache_add(p->lc, j->hit, pg, p->l);
	} else if (j->keyed && j->rc == 0 && diags_count(j->d) == 0)
		link_cache_put(p->lc, j->key, pg, j->l, j->html.len);
	diags_merge(p->d, j->d);
	diags_free(j->d);
	if (p->reuse != NULL && pg->kind == PAGE_OPPORTUNITY && j->rc == 0) {
		/* Kept for the next build, which may keep the page. */
		struct links **slot = render_reuse_slot(p->reuse, pg);

		links_add_all(p->l, j->l);
		links_free(*slot);
		*slot = j->l;
	} else if (p->reuse != NULL && j->rc == 0) {
		struct render_kept *k = render_kept_find(p->reuse,
		    pg->out_path, 1);

		links_add_all(p->l, j->l);
		links_free(k->links);
		k->links = j->l;
		k->digest = p->digests[pg - p->pages->list];
	} else
		links_merge(p->l, j->l);
	if (j->rc != 0)
		p->rc = -1;
	else if (j->hit != NULL && p->out != NULL && output_write(p->out,
	    pg->out_path, "", j->hit_len, p->d) != 0)
		p->rc = -1;	/* only judged (a dry run): no byte is read */
	else if (j->hit != NULL)
		p->stats->pages++;
	else if (p->out != NULL && (j->early ? output_write_late(p->out,
	    pg->out_path, j->html.data, j->html.len, j->written, p->d) :
	    output_write(p->out, pg->out_path, j->html.data, j->html.len,
	    p->d)) != 0)
		p->rc = -1;
	else
		p->stats->pages++;
	buf_free(&j->html);
	j->d = NULL;
	j->l = NULL;
}

/* Is pg a page that lists opportunities on a site that shows many? */
static int
render_big(const struct render_pool *p, const struct page *pg)
{
	return p->order->count >= RENDER_BIG && (pg->kind == PAGE_LISTING ||
	    pg->kind == PAGE_ARCHIVE || pg->kind == PAGE_SKILL);
}

/* Render jobs until none is left; commit those that are next in order.
 * The first thread (first) renders the big pages (render_big()). */
static void
render_work(struct render_pool *p, int first)
{
	pthread_mutex_lock(&p->lock);
	while (p->next < p->ntodo) {
		struct render_job *j;
		struct arena *a;
		int big;

		if (p->next - p->commit >= p->window) {
			pthread_cond_wait(&p->moved, &p->lock);
			continue;
		}
		big = render_big(p, &p->pages->list[p->todo[p->next]]);
		if (big && !first && !p->big_any) {
			pthread_cond_wait(&p->moved, &p->lock);
			continue;
		}
		if (big && !p->big_begun && !p->big_any) {
			/* What the other threads freed stays theirs: given
			 * back before the big pages, it is not kept beside
			 * them. */
			p->big_begun = 1;
			pthread_mutex_unlock(&p->lock);
			xalloc_trim();
			pthread_mutex_lock(&p->lock);
			continue;
		}
		j = &p->jobs[p->next % p->window];
		j->early = p->early != NULL && p->early[p->next];
		j->pg = &p->pages->list[p->todo[p->next++]];
		j->done = 0;
		pthread_mutex_unlock(&p->lock);

		a = arena_new();
		memset(&j->html, 0, sizeof(j->html));
		j->d = diags_new();
		j->l = links_new(p->site);
		j->hit = NULL;
		j->keyed = p->lc != NULL && link_cache_key(p->lc, j->pg,
		    j->key) == 0;
		if (j->keyed && p->lc_hits)
			j->hit = link_cache_find(p->lc, j->key);
		if (j->hit != NULL) {
			/* Its links are noted when it is committed. */
			j->hit_len = link_cache_html_len(j->hit);
			j->rc = 0;
		} else {
			links_add_output(j->l, j->pg->out_path);
			/* Out of scope: only its path is judged and noted. */
			j->rc = p->scope != NULL &&
			    !p->scope->wants(p->scope->ctx, j->pg) ? 0 :
			    render_page(&j->html, a, p->site, p->pages,
			    p->layouts, p->order, j->pg, j->l, j->d);
		}
		arena_free(a);
		/* Files are created in parallel too; they are judged and
		 * counted when committed. */
		j->written = -1;
		if (j->early && j->rc == 0)
			j->written = output_write_early(p->out,
			    j->pg->out_path, j->html.data, j->html.len);

		pthread_mutex_lock(&p->lock);
		j->done = 1;
		if (p->committing)
			continue;	/* that thread commits this one too */
		p->committing = 1;
		while (p->commit < p->next &&
		    p->jobs[p->commit % p->window].done) {
			j = &p->jobs[p->commit % p->window];
			pthread_mutex_unlock(&p->lock);
			render_commit(p, j);
			pthread_mutex_lock(&p->lock);
			j->done = 0;
			p->commit++;
			pthread_cond_broadcast(&p->moved);
		}
		p->committing = 0;
	}
	pthread_mutex_unlock(&p->lock);
}

static void *
render_thread(void *arg)
{
	render_work(arg, 0);
	i18n_cleanup();		/* this thread's formatters */
	diag_thread_done();	/* and its message pieces */
	return NULL;
}

/*
 * Which pages of todo may be written as soon as they are rendered, in
 * any order (path_alone()); the others are written when committed.
 */
static unsigned char *
render_early_paths(const struct pages *pages, const size_t *todo, size_t n)
{
	const char	**v = xcalloc(n + 1, sizeof(*v));
	unsigned char	 *ok;
	size_t		  i;

	for (i = 0; i < n; i++)
		v[i] = pages->list[todo[i]].out_path;
	ok = path_alone(v, n);
	free(v);
	return ok;
}

/* Render and write the pages of todo with jobs threads (this one too). */
static int
render_pages(struct render_stats *stats, struct output *out,
    const struct site *site, const struct pages *pages,
    const struct layouts *layouts, const struct opp_order *order,
    const size_t *todo, size_t ntodo, unsigned jobs,
    const struct render_scope *scope, struct links *l,
    struct render_reuse *reuse, const unsigned long long *digests,
    struct link_cache *lc, struct diags *d)
{
	struct render_pool	 p;
	pthread_t		*threads;
	unsigned		 i, started = 0;

	jobs = par_threads(ntodo, jobs);
	memset(&p, 0, sizeof(p));
	p.site = site;
	p.pages = pages;
	p.layouts = layouts;
	p.order = order;
	p.todo = todo;
	p.scope = scope;
	p.ntodo = ntodo;
	p.window = (size_t)jobs * RENDER_WINDOW;
	p.jobs = xcalloc(p.window, sizeof(*p.jobs));
	/* One thread writes each page in turn, as it always did. */
	if (jobs > 1 && out != NULL && !out->dry)
		p.early = render_early_paths(pages, todo, ntodo);
	p.out = out;
	p.l = l;
	p.d = d;
	p.stats = stats;
	p.reuse = reuse;
	p.digests = digests;
	if (reuse != NULL) {
		size_t j, nbig = 0;

		for (j = 0; j < ntodo; j++)
			nbig += (size_t)render_big(&p, &pages->list[todo[j]]);
		p.big_any = nbig <= RENDER_BIG_FEW;
	}
	/* A scoped check renders only some pages: it keeps none. */
	p.lc = scope == NULL ? lc : NULL;
	p.lc_hits = out == NULL || out->dry;
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.moved, NULL);
	/* cmark-gfm's registry of extensions is not thread-safe. */
	markdown_init();
	threads = xcalloc(jobs, sizeof(*threads));
	for (i = 1; i < jobs; i++)
		if (pthread_create(&threads[i], NULL, render_thread, &p) == 0)
			started++;
	render_work(&p, 1);	/* with fewer threads if some did not start */
	for (i = 1; i <= started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	pthread_cond_destroy(&p.moved);
	pthread_mutex_destroy(&p.lock);
	free(p.jobs);
	free((void *)p.early);
	return p.rc;
}

int
render_site(struct render_stats *stats, struct output *out,
    const struct source *src, const struct site *site,
    const struct pages *pages, const struct layouts *layouts,
    const struct opportunities *opps, long long now,
    const struct urlcheck_options *fetch, unsigned jobs,
    const struct render_scope *scope, struct diags *d)
{
	return render_site_reuse(stats, out, src, site, pages, layouts, opps,
	    now, fetch, jobs, scope, NULL, NULL, d);
}

/* Which pages are judged for their translations: those rendered. */
struct render_fresh {
	const struct pages	*pages;
	const unsigned char	*rendered;	/* by index, or NULL */
};

static int
render_fresh_wants(void *ctx, const struct page *pg)
{
	const struct render_fresh *f = ctx;

	return f->rendered[pg - f->pages->list];
}

int
render_site_reuse(struct render_stats *stats, struct output *out,
    const struct source *src, const struct site *site,
    const struct pages *pages, const struct layouts *layouts,
    const struct opportunities *opps, long long now,
    const struct urlcheck_options *fetch, unsigned jobs,
    const struct render_scope *scope, struct render_reuse *reuse,
    struct link_cache *lc, struct diags *d)
{
	struct links	*l = links_new(site);
	/* A scoped check writes nothing: its extra outputs are paths. */
	struct emit_ctx	 e = { site, pages, opps, layouts, now, out, l,
	    jobs, scope != NULL, NULL, NULL };
	struct opp_order order;
	unsigned long long *digests = NULL;
	const struct links **keptl;	/* the links of the pages kept */
	unsigned char	*rendered;	/* by index in pages->list */
	struct render_fresh fresh = { pages, NULL };
	size_t		 i, *todo, ntodo = 0, nkeptl = 0;
	int		 rc = 0, rc2, checked = 0;

	if (reuse != NULL && reuse->order == NULL)
		reuse->order = opp_order_keep_new();
	opp_order_make_keep(&order, site, opps, reuse != NULL ? reuse->order :
	    NULL);
	memset(stats, 0, sizeof(*stats));
	if (reuse != NULL && out != NULL && !out->dry) {
		if (reuse->emit == NULL)
			reuse->emit = emit_keep_new();
		e.keep = reuse->emit;
		e.gen = reuse->gen;
	}
	if (!pages->incomplete && render_check_nav(site, pages, d) != 0)
		rc = -1;
	todo = xcalloc(pages->count + 1, sizeof(*todo));
	keptl = xcalloc(pages->count + 1, sizeof(*keptl));
	rendered = xcalloc(pages->count + 1, sizeof(*rendered));
	if (reuse != NULL) {
		/* What each page shows of the cards tells which are kept:
		 * they are made first. */
		if (reuse->cards == NULL)
			reuse->cards = opp_card_keep_new();
		opp_order_cards_keep(&order, site, pages, jobs, reuse->cards,
		    reuse->gen);
		digests = render_digests(pages, &order, opps, reuse->cards);
	}
	for (i = 0; i < pages->count; i++) {
		const struct page *pg = &pages->list[i];

		if (pg->lay == NULL || pg->out_path == NULL ||
		    pg->title == NULL || pg->ref == NULL || pg->lang == NULL)
			continue;	/* already reported */
		if (reuse != NULL && pg->kind == PAGE_OPPORTUNITY && out != NULL) {
			struct links **slot = render_reuse_slot(reuse, pg);
			int kept = *slot != NULL ? output_keep(out,
			    pg->out_path, d) : 0;

			if (kept < 0)
				rc = -1;
			if (kept != 0) {
				if (kept > 0) {
					links_add_outputs(l, *slot);
					keptl[nkeptl++] = *slot;
					stats->pages++;
					stats->kept++;
				}
				continue;
			}
			links_free(*slot);	/* rendered again below */
			*slot = NULL;
		} else if (reuse != NULL && out != NULL) {
			struct render_kept *k = render_kept_find(reuse,
			    pg->out_path, 0);
			int kept = k != NULL && k->links != NULL &&
			    k->digest == digests[i] ? output_keep(out,
			    pg->out_path, d) : 0;

			if (kept < 0)
				rc = -1;
			if (kept != 0) {
				if (kept > 0) {
					links_add_outputs(l, k->links);
					keptl[nkeptl++] = k->links;
					stats->pages++;
					stats->kept++;
				}
				continue;
			}
			if (k != NULL) {
				links_free(k->links);
				k->links = NULL;
			}
		}
		todo[ntodo++] = i;
		rendered[i] = 1;
	}
	timing_mark("render: order, kept");
	if (lc != NULL && scope == NULL)
		link_cache_prepare(lc, opps, &order);
	/* A check that takes every listing from the link cache needs no
	 * card: an opportunity page rendered makes its own. */
	if (reuse == NULL && (lc == NULL || scope != NULL ||
	    link_cache_wants_cards(lc, pages, todo, ntodo)))
		opp_order_cards(&order, site, pages, jobs);
	timing_mark("render: cards");
	if (render_pages(stats, out, site, pages, layouts, &order, todo,
	    ntodo, jobs, scope, l, reuse, digests, lc, d) != 0)
		rc = -1;
	free(todo);
	free(digests);
	opp_order_free(&order);
	/* The pages' and the cards' memory, freed on every thread, lowers
	 * the peak of the feeds and open data (large files) only once given
	 * back. Not after serve rendered a few pages again: the next edit
	 * would only take it back, a page fault at a time. */
	if (reuse == NULL || stats->kept == 0)
		xalloc_trim();
	timing_mark("render: pages");
	if (render_standalone(out, site, pages, layouts, "root", "index.html",
	    l, d) != 0 || render_standalone(out, site, pages, layouts, "404",
	    "404.html", l, d) != 0)
		rc = -1;
	if (emit_site(&e, d) != 0)
		rc = -1;
	timing_mark("render: feeds, data");
	for (i = 0; i < src->count; i++) {
		const struct source_file *f = &src->files[i];

		if (strncmp(f->path, "assets/", 7) != 0)
			continue;
		links_add_output(l, f->path);
		if (out != NULL && output_write(out, f->path, f->data, f->len,
		    d) != 0)
			rc = -1;
		else
			stats->assets++;
	}
	rc2 = npmfiles_copy(&site->npm_files, src->workdir, out, l, d);
	if (rc2 < 0)
		rc = -1;
	else
		stats->assets += (size_t)rc2;
	/* Attachments, at their source path: opportunities/ID/FILE. */
	for (i = 0; i < opps->count; i++) {
		const struct opportunity *o = &opps->list[i];
		size_t j;

		for (j = 0; o->ok && j < o->nattachments; j++) {
			const struct source_file *f = source_find(src,
			    o->attachments[j].src_path);

			if (f == NULL)
				continue;
			links_add_output(l, o->attachments[j].out_path);
			if (out != NULL && output_write(out,
			    o->attachments[j].out_path, f->data, f->len, d)
			    != 0)
				rc = -1;
		}
	}
	/* Only when the pages themselves rendered: else links would be
	 * missing for reasons already reported. */
	timing_mark("render: files");
	/*
	 * The links of the pages kept were checked by the last build: when
	 * every file it wrote is still written, they lead where they led,
	 * and only the pages rendered now are checked (their problems
	 * stand in what the last build reported). Else every link is.
	 */
	if (reuse != NULL && scope == NULL && reuse->checked != NULL &&
	    links_outputs_stay(l, reuse->checked))
		fresh.rendered = rendered;
	else
		for (i = 0; i < nkeptl; i++)
			links_add_refs(l, keptl[i]);
	if (rc == 0 && diags_errors(d) == 0) {
		checked = 1;
		if (fresh.rendered != NULL ? links_check(l, pages,
		    render_fresh_wants, &fresh, fetch, d) != 0 :
		    links_check(l, pages, scope != NULL ? scope->wants : NULL,
		    scope != NULL ? scope->ctx : NULL, fetch, d) != 0)
			rc = -1;
	}
	free(keptl);
	free(rendered);
	if (reuse != NULL && checked && rc == 0) {
		links_free(reuse->checked);
		reuse->checked = l;
	} else
		links_free(l);
	return rc;
}
