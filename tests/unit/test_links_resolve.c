/*
 * Where a link leads (links_resolve(), which folds "." and ".." in one
 * pass) is what the first way of writing it said, splitting the path
 * with strtok_r() and joining the parts with strcat(): the same answer
 * and the same output path, on generated pages and links (parts, dots,
 * slashes, percent escapes, queries, fragments, absolute links, external
 * ones) and output buffers from too small to ample.
 */
#include <string.h>

#include "links.h"
#include "urlcheck.h"
#include "testing.h"

static int
plain_resolve(char *out, size_t n, const char *from, const char *url,
    const char *root)
{
	char	 path[2048], *seg[256], *s, *save = NULL;
	size_t	 nseg = 0, i, len, ul;
	const char *u = url;

	out[0] = '\0';
	if (*u == '\0' || *u == '#' || *u == '?' || urlcheck_is_external(u))
		return 0;
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
		if (urlcheck_percent(u) >= 0) {
			path[len++] = (char)urlcheck_percent(u);
			u += 2;
		} else
			path[len++] = *u;
	}
	path[len] = '\0';
	for (s = strtok_r(path, "/", &save); s != NULL;
	    s = strtok_r(NULL, "/", &save)) {
		if (strcmp(s, ".") == 0)
			continue;
		if (strcmp(s, "..") == 0) {
			if (nseg == 0)
				return -1;
			nseg--;
		} else if (nseg < sizeof(seg) / sizeof(seg[0]))
			seg[nseg++] = s;
	}
	out[0] = '\0';
	for (i = 0; i < nseg; i++) {
		if (strlen(out) + strlen(seg[i]) + 2 > n)
			return -1;
		if (i > 0)
			strcat(out, "/");
		strcat(out, seg[i]);
	}
	ul = strcspn(url, "?#");
	if (nseg == 0 || (ul > 0 && url[ul - 1] == '/') ||
	    (ul >= 2 && strncmp(url + ul - 2, "/.", 2) == 0)) {
		if (strlen(out) + 12 > n)
			return -1;
		strcat(out, nseg == 0 ? "index.html" : "/index.html");
	}
	return 0;
}

static unsigned	seed = 99;

static unsigned
next(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 16;
}

/* Up to max pieces from list, end to end, into s (size size). */
static void
make(char *s, size_t size, const char *const *list, size_t nlist,
    size_t max)
{
	size_t	k = next() % (max + 1), len = 0, pl;

	s[0] = '\0';
	while (k-- > 0) {
		const char *p = list[next() % nlist];

		pl = strlen(p);
		if (len + pl + 1 > size)
			break;
		memcpy(s + len, p, pl + 1);
		len += pl;
	}
}

int
main(void)
{
	static const char *const fromp[] = { "a/", "opportunities/", "fr/",
	    "x", "index.html", "b/c/", "page.html" };
	static const char *const urlp[] = { "a", "b", "..", ".", "/", "//",
	    "../", "./", "%2F", "%2e%2E", "%00", "%41", "?q=1", "#top",
	    "index.html", "opportunities", "a-very-long-part-name-here",
	    "/base/", "https://example.org/", "mailto:x@y", "%", "%4" };
	static const char *const roots[] = { "/", "/base/" };
	char		 from[200], url[300], a[300], b[300];
	size_t		 n;
	int		 round, ra, rb, bad = 0, ok = 0, far = 0;

	for (round = 0; round < 300000; round++) {
		make(from, sizeof(from), fromp, sizeof(fromp) /
		    sizeof(fromp[0]), 6);
		make(url, sizeof(url), urlp, sizeof(urlp) / sizeof(urlp[0]),
		    round % 5 == 0 ? 40 : 8);
		n = next() % 3 == 0 ? 1 + next() % 60 : sizeof(a);
		memset(a, 'A', sizeof(a));
		memset(b, 'B', sizeof(b));
		ra = links_resolve(a, n, from, url, roots[round % 2]);
		rb = plain_resolve(b, n, from, url, roots[round % 2]);
		if (ra != rb || (ra == 0 && strcmp(a, b) != 0)) {
			if (bad++ < 5)
				printf("'%s' from '%s' (n %zu): %d '%s', "
				    "want %d '%s'\n", url, from, n, ra,
				    ra == 0 ? a : "", rb, rb == 0 ? b : "");
		}
		ok += rb == 0 && b[0] != '\0';
		far += rb == -1;
	}
	CHECK(bad == 0);
	/* Both answers were common. */
	CHECK(ok > 30000 && far > 30000);
	return test_finish();
}
