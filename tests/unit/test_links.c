/*
 * The links a build notes: every link comes back as it was noted (page,
 * source file, line, column, address), in order, past the blocks they
 * are kept in and whatever the positions; strings are held once; a
 * page's set merged into the site's, and the links of a page's HTML,
 * come back the same.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "links.h"
#include "links_impl.h"
#include "site.h"
#include "testing.h"

static struct site	 site;

/* The page, source, position and address of link i, made up. */
static void
link_of(size_t i, char *from, char *src, int *line, int *col, char *url,
    size_t n)
{
	snprintf(from, n, "en/page-%zu.html", i / 37);
	snprintf(src, n, i % 3 == 0 ? "_layouts/default.html" :
	    "opportunities/o-%zu.yml", i / 37);
	*line = i % 5 == 0 ? 0 : (int)(i * 7919 % 100000);
	*col = i % 11 == 0 ? INT_MAX : (int)(i % 200);
	if (i % 4 == 0)
		*line = INT_MAX - (int)(i % 3);
	snprintf(url, n, "../opportunities/o-%zu.html#%zu", i % 1000, i % 7);
}

/* Does l hold exactly links 0 to n - 1 (link_of()), in order? */
static int
holds(const struct links *l, size_t n)
{
	char		 from[128], src[128], url[128];
	const char	*f, *s, *u;
	int		 line, col, gl, gc;
	size_t		 i;

	if (links_count(l) != n)
		return 0;
	for (i = 0; i < n; i++) {
		link_of(i, from, src, &line, &col, url, sizeof(from));
		links_get(l, i, &f, &s, &gl, &gc, &u);
		if (strcmp(f, from) != 0 || strcmp(s, src) != 0 ||
		    gl != line || gc != col || strcmp(u, url) != 0) {
			printf("link %zu: %s %s %d:%d %s\n", i, f, s, gl, gc,
			    u);
			return 0;
		}
	}
	return 1;
}

static void
add_all(struct links *l, size_t n)
{
	char	from[128], src[128], url[128];
	int	line, col;
	size_t	i;

	for (i = 0; i < n; i++) {
		link_of(i, from, src, &line, &col, url, sizeof(from));
		links_add(l, from, src, line, col, url);
	}
}

static void
test_many(void)
{
	struct links	*l = links_new(&site);
	const char	*f1, *f2, *s, *u1, *u2;
	int		 line, col;

	CHECK(links_count(l) == 0);
	/* More than a few blocks' worth. */
	add_all(l, 70000);
	CHECK(holds(l, 70000));
	/* The same strings are the same copy. */
	links_get(l, 0, &f1, &s, &line, &col, &u1);
	links_get(l, 1000 * 7, &f2, &s, &line, &col, &u2);
	CHECK(u1 == u2);
	CHECK(links_intern(l, "../opportunities/o-0.html#0") == u1);
	links_get(l, 36, &f2, &s, &line, &col, &u2);
	CHECK(f1 == f2);
	links_free(l);
}

static void
test_merge(void)
{
	struct links	*l = links_new(&site), *part = links_new(&site);
	struct links	*copy = links_new(&site);

	add_all(part, 20000);
	links_add_output(part, "en/page-0.html");
	links_add_all(copy, part);
	CHECK(holds(copy, 20000));
	links_merge(l, part);		/* frees part */
	CHECK(holds(l, 20000));
	links_free(l);
	links_free(copy);
}

static void
test_held(void)
{
	struct links	*l = links_new(&site);
	const char	*from = links_intern(l, "en/page-0.html");
	const char	*src = links_intern(l, "_layouts/default.html");
	const char	*other = links_intern(l, "opportunities/o-0.yml");
	const char	*f, *s, *u;
	int		 line, col;

	links_add_held(l, from, src, 0, 0, links_intern(l, "a.html"));
	links_add_held(l, from, other, 3, 4, links_intern(l, "b.html"));
	links_add_held(l, from, src, 5, 6, links_intern(l, "a.html"));
	CHECK(links_count(l) == 3);
	links_get(l, 1, &f, &s, &line, &col, &u);
	CHECK(f == from && s == other && line == 3 && col == 4);
	CHECK_STR(u, "b.html");
	links_get(l, 2, &f, &s, &line, &col, &u);
	CHECK(f == from && s == src && line == 5 && col == 6);
	CHECK_STR(u, "a.html");
	links_free(l);
}

static void
test_scan(void)
{
	struct links	*l = links_new(&site);
	const char	*html = "<a href=\"x.html\">x</a> <img src=\"i.png\">"
	    " <a href=\"y.html?a=1&amp;b=2\">y</a> <a href=\"md.html\">";
	const char	*f, *s, *u;
	int		 line, col;

	/* A link noted from Markdown first: not noted again. */
	links_add(l, "en/p.html", "site/en/p.md", 3, 1, "md.html");
	links_scan_html(l, "en/p.html", "_layouts/page.html", html,
	    strlen(html));
	if (!CHECK(links_count(l) == 4))
		return;
	links_get(l, 1, &f, &s, &line, &col, &u);
	CHECK_STR(f, "en/p.html");
	CHECK_STR(s, "_layouts/page.html");
	CHECK(line == 0 && col == 0);
	CHECK_STR(u, "x.html");
	links_get(l, 2, &f, &s, &line, &col, &u);
	CHECK_STR(u, "y.html?a=1&b=2");
	links_get(l, 3, &f, &s, &line, &col, &u);
	CHECK_STR(u, "i.png");
	links_free(l);
}

/* links with outputs o0 to o(n-1) but for skip (n: none), plus extra
 * (or NULL), the first half shared from a part, as serve's are. */
static struct links *
outputs_of(size_t n, size_t skip, const char *extra, struct links *part)
{
	struct links	*l = links_new(&site);
	char		 path[64];
	size_t		 i;

	for (i = 0; i < n / 2; i++)
		if (i != skip) {
			snprintf(path, sizeof(path), "en/o%zu.html", i);
			links_add_output(part, path);
		}
	links_share_outputs(l, part);
	for (i = n; i-- > n / 2; )	/* the other half in reverse */
		if (i != skip) {
			snprintf(path, sizeof(path), "en/o%zu.html", i);
			links_add_output(l, path);
		}
	if (extra != NULL)
		links_add_output(l, extra);
	return l;
}

/* Whether the outputs of a build stay those of the last, whatever the
 * order and however noted. */
static void
test_stay(void)
{
	struct links	*pa = links_new(&site), *pb = links_new(&site);
	struct links	*pc = links_new(&site), *pd = links_new(&site);
	struct links	*before = links_new(&site), *same, *moved, *more;
	struct links	*fewer;
	char		 path[64];
	size_t		 i, n = 5000;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "en/o%zu.html", i);
		links_add_output(before, path);
	}
	same = outputs_of(n, n, NULL, pa);
	moved = outputs_of(n, 17, "en/o5000.html", pb);	/* as many */
	more = outputs_of(n, n, "en/new.html", pc);
	fewer = outputs_of(n, 4321, NULL, pd);
	CHECK(links_outputs_stay(same, before) == 1);
	CHECK(links_outputs_stay(moved, before) == 0);
	CHECK(links_outputs_stay(more, before) == 1);
	CHECK(links_outputs_stay(fewer, before) == 0);
	CHECK(links_outputs_stay(before, more) == 0);
	/* Copied rather than shared: the same. */
	links_free(same);
	same = links_new(&site);
	links_add_outputs(same, more);
	CHECK(links_outputs_stay(same, more) == 1);
	CHECK(links_outputs_stay(same, before) == 1);
	CHECK(links_has_output(same, "en/new.html"));
	CHECK(!links_has_output(same, "en/o5000.html"));
	links_free(same);
	links_free(moved);
	links_free(more);
	links_free(fewer);
	links_free(before);
	links_free(pa);
	links_free(pb);
	links_free(pc);
	links_free(pd);
}

int
main(void)
{
	site.root_path = "/";
	site.base_url = "https://example.ca";
	test_many();
	test_merge();
	test_held();
	test_scan();
	test_stay();
	return test_finish();
}
