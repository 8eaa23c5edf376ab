/*
 * Links checked: each local link of each page against the outputs, each
 * outside address (with --check-links) fetched once. See links.h; the
 * links are noted in links.c.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "links.h"
#include "links_impl.h"
#include "page.h"
#include "urlcheck.h"
#include "xalloc.h"

int
links_resolve(char *out, size_t n, const char *from, const char *url,
    const char *root)
{
	char	 path[2048], *seg[256], *s;
	size_t	 seglen[256], nseg = 0, i, len;
	const char *u = url;

	out[0] = '\0';
	if (*u == '\0' || *u == '#' || *u == '?' || urlcheck_is_external(u))
		return 0;
	/* The folder of the page, then the link, without query/fragment. */
	if (*u == '/') {
		if (strncmp(u, root, strlen(root)) != 0)
			return -1;
		u += strlen(root);
		path[0] = '\0';
	} else {
		const char *slash = strrchr(from, '/');

		len = slash != NULL ? (size_t)(slash - from) + 1 : 0;
		if (len >= sizeof(path))
			return -1;
		memcpy(path, from, len);
		path[len] = '\0';
	}
	len = strlen(path);
	for (; *u != '\0' && *u != '?' && *u != '#' && len + 1 < sizeof(path);
	    u++) {
		if (*u == '%' && urlcheck_percent(u) >= 0) {
			path[len++] = (char)urlcheck_percent(u);
			u += 2;
		} else {
			path[len++] = *u;
		}
	}
	path[len] = '\0';
	/*
	 * Fold "." and ".." parts in one pass over path, then join those
	 * left; going above the root leaves the site. Parts past the 256th
	 * are dropped, as a too deep link leads nowhere anyway.
	 */
	for (s = path; *s != '\0';) {
		char	*e;

		while (*s == '/')
			s++;
		if (*s == '\0')
			break;
		for (e = s; *e != '\0' && *e != '/'; e++)
			;
		if (e - s == 2 && s[0] == '.' && s[1] == '.') {
			if (nseg == 0)
				return -1;
			nseg--;
		} else if (!(e - s == 1 && s[0] == '.') &&
		    nseg < sizeof(seg) / sizeof(seg[0])) {
			seg[nseg] = s;
			seglen[nseg++] = (size_t)(e - s);
		}
		s = e;
	}
	for (i = 0, len = 0; i < nseg; i++) {
		if (len + seglen[i] + 2 > n)
			return -1;
		if (i > 0)
			out[len++] = '/';
		memcpy(out + len, seg[i], seglen[i]);
		len += seglen[i];
	}
	out[len] = '\0';
	/* A link to a folder means its index.html. */
	{
		size_t	ul = strcspn(url, "?#");

		if (nseg == 0 || (ul > 0 && url[ul - 1] == '/') ||
		    (ul >= 2 && strncmp(url + ul - 2, "/.", 2) == 0)) {
			if (len + 12 > n)
				return -1;
			memcpy(out + len, nseg == 0 ? "index.html" :
			    "/index.html", nseg == 0 ? 11 : 12);
		}
	}
	return 0;
}

/* The links of one page: refs noted for a page are contiguous. */
struct ref_range {
	const char	*from;	/* the page's output path */
	size_t		 start;	/* first ref */
	size_t		 end;	/* one past the last */
};

static int
range_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ref_range *)a)->from,
	    ((const struct ref_range *)b)->from);
}

/* Does some link of page from lead to target? */
static int
links_to(struct links *l, const struct ref_range *ranges, size_t nranges,
    const char *from, const char *target)
{
	struct ref_range	 key = { from, 0, 0 };
	const struct ref_range	*r;
	struct link_view	 v;
	char			 to[2048];
	size_t			 i;

	r = bsearch(&key, ranges, nranges, sizeof(*ranges), range_cmp);
	for (i = r != NULL ? r->start : 0; r != NULL && i < r->end; i++)
		if (links_ref_get(l, i, &v), links_resolve(to, sizeof(to), from,
		    v.url, l->root) == 0 && strcmp(to, target) == 0)
			return 1;
	return 0;
}

/*
 * Should the outside link r be judged here? A link written in Markdown
 * is judged where it is written; one that comes from a layout is on
 * every page the layout makes, so it is judged once, on the first page.
 */
static int
outside_here(const struct link_view *r, struct strset *from_layouts)
{
	if (!urlcheck_is_external(r->url))
		return 0;
	return r->line > 0 || strset_add(from_layouts, r->url);
}

/* Is url on the site itself (its pages are not published yet)? */
static int
own_address(const struct links *l, const char *url)
{
	size_t	n = strlen(l->base_url);

	return n > 0 && strncmp(url, l->base_url, n) == 0 &&
	    (url[n] == '\0' || url[n] == '/' || url[n] == '?' ||
	    url[n] == '#');
}

/* A fetched address and where its answer is. */
struct answer {
	const char	*url;	/* the address */
	size_t		 i;	/* index of its answer */
};

static int
answer_cmp(const void *a, const void *b)
{
	return strcmp(((const struct answer *)a)->url,
	    ((const struct answer *)b)->url);
}

/* Outside links: their shape, then with fetch, whether they answer. */
static int
links_check_outside(struct links *l, const struct urlcheck_options *fetch,
    struct diags *d)
{
	struct strset		 once = { NULL, 0, 0 }, web = { NULL, 0, 0 };
	struct buf		 why = BUF_INIT;
	const char		**urls = NULL;
	struct urlcheck_result	*res = NULL;
	struct answer		*sorted = NULL;
	struct link_view	 rv;
	size_t			 i, n = 0;
	int			 rc = 0;

	for (i = 0; i < l->nrefs; i++) {
		const struct link_view *r = &rv;
		enum urlcheck_level level;

		links_ref_get(l, i, &rv);
		if (!outside_here(r, &once))
			continue;
		buf_reset(&why);
		level = urlcheck_shape(&why, r->url);
		if (level != URLCHECK_OK)
			diag_report(d, level == URLCHECK_ERROR ? DIAG_ERROR :
			    DIAG_WARNING, r->src, r->line, r->col, "the link "
			    "'%s' on %s: %s", r->url, r->from, buf_cstr(&why));
		if (level == URLCHECK_ERROR)
			rc = -1;
		else if (fetch != NULL && (strncasecmp(r->url, "https:", 6) ==
		    0 || strncasecmp(r->url, "http:", 5) == 0) &&
		    !own_address(l, r->url) && strset_add(&web, r->url)) {
			urls = xreallocarray(urls, n + 1, sizeof(*urls));
			urls[n++] = r->url;
		}
	}
	strset_free(&once);
	if (n > 0) {
		res = xcalloc(n, sizeof(*res));
		urlcheck_fetch(res, urls, n, fetch);
		sorted = xcalloc(n, sizeof(*sorted));
		for (i = 0; i < n; i++) {
			sorted[i].url = urls[i];
			sorted[i].i = i;
		}
		qsort(sorted, n, sizeof(*sorted), answer_cmp);
		/* Each answer, at every place its link is judged. */
		for (i = 0; i < l->nrefs; i++) {
			const struct link_view *r = &rv;
			const struct urlcheck_result *a;
			const struct answer *hit;
			struct answer key;

			links_ref_get(l, i, &rv);
			if (!outside_here(r, &once))
				continue;
			key.url = r->url;
			hit = bsearch(&key, sorted, n, sizeof(*sorted),
			    answer_cmp);
			if (hit == NULL)
				continue;
			a = &res[hit->i];
			if (a->status == 0)
				diag_warning(d, r->src, r->line, r->col, "the "
				    "link '%s' on %s could not be reached: %s",
				    r->url, r->from, a->error ? a->error :
				    "no answer");
			else if (urlcheck_broken(a))
				diag_warning(d, r->src, r->line, r->col, "the "
				    "link '%s' on %s is broken: the site "
				    "answered %ld", r->url, r->from, a->status);
			else if (a->moved != NULL)
				diag_report(d, DIAG_NOTE, r->src, r->line,
				    r->col, "the link '%s' on %s has moved to "
				    "'%s' for good: link there directly",
				    r->url, r->from, a->moved);
		}
		strset_free(&once);
		urlcheck_results_free(res, n);
	}
	strset_free(&web);
	free(sorted);
	free(res);
	free(urls);
	buf_free(&why);
	return rc;
}

int
links_check(struct links *l, const struct pages *pages,
    int (*wants)(void *, const struct page *), void *wctx,
    const struct urlcheck_options *fetch, struct diags *d)
{
	struct ref_range	*ranges;
	struct link_view	 rv;
	const char		*last = NULL;
	char			 to[2048];
	size_t			 i, k, nranges = 0;
	int			 rc = 0;

	/* One range per run of links of one page: counted first, as the
	 * pages are far fewer than their links. */
	for (i = 0; i < l->nrefs; i++) {
		links_ref_get(l, i, &rv);
		if (last == NULL || strcmp(last, rv.from) != 0)
			nranges++;
		last = rv.from;
	}
	ranges = xcalloc(nranges + 1, sizeof(*ranges));
	nranges = 0;
	for (i = 0; i < l->nrefs; i++) {
		links_ref_get(l, i, &rv);
		if (nranges == 0 || strcmp(ranges[nranges - 1].from,
		    rv.from) != 0) {
			ranges[nranges].from = rv.from;
			ranges[nranges++].start = i;
		}
		ranges[nranges - 1].end = i + 1;
	}
	qsort(ranges, nranges, sizeof(*ranges), range_cmp);

	for (i = 0; i < l->nrefs; i++) {
		const struct link_view *r = &rv;
		int res;

		links_ref_get(l, i, &rv);
		res = links_resolve(to, sizeof(to), r->from, r->url, l->root);

		if (res == 0 && (to[0] == '\0' || links_has_output(l, to)))
			continue;
		if (res == 0 && links_has_output(l, arena_printf(l->a,
		    "%s/index.html", to)))
			continue;
		diag_error(d, r->src, r->line, r->col, res < 0 ? "the link "
		    "'%s' on %s leads outside the site" : "the link '%s' on "
		    "%s leads to a page the site does not have", r->url,
		    r->from);
		rc = -1;
	}
	for (i = 0; i < pages->count; i++) {
		const struct page *pg = &pages->list[i];

		if (pg->out_path == NULL || pg->title == NULL ||
		    (wants != NULL && !wants(wctx, pg)))
			continue;
		for (k = 0; k < SITE_MAX_LANGS; k++) {
			const struct page *t = pg->versions[k];

			if (t == NULL || t == pg || t->out_path == NULL ||
			    links_to(l, ranges, nranges, pg->out_path,
			    t->out_path))
				continue;
			diag_error(d, pg->path, 0, 0, "%s does not link to its "
			    "translation %s: its layout needs a language "
			    "toggle", pg->out_path, t->out_path);
			rc = -1;
		}
	}
	free(ranges);
	if (links_check_outside(l, fetch, d) != 0)
		rc = -1;
	return rc;
}
