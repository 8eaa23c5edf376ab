#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "path.h"
#include "xalloc.h"

static int
permalink_char_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	    c == '~' || c == '/';
}

const char *
path_check_permalink(const char *p, size_t *badcol)
{
	size_t	i, seg, n = strlen(p);

	if (badcol != NULL)
		*badcol = 0;
	if (n == 0 || p[0] != '/')
		return N_("a permalink must start with '/'");
	if (n > 512)
		return N_("a permalink must be at most 512 characters");
	for (i = 0; i < n; i++) {
		if (!permalink_char_ok((unsigned char)p[i])) {
			if (badcol != NULL)
				*badcol = i;
			return N_("a permalink may only use letters a-z, digits "
			    "and - _ . ~ between slashes");
		}
	}
	for (i = 1, seg = 1; i <= n; i++) {
		if (i < n && p[i] != '/')
			continue;
		/* Segment p[seg, i). The last may be empty ("/en/"). */
		if (i - seg > 255) {
			if (badcol != NULL)
				*badcol = seg;
			return N_("a permalink part may be at most 255 characters "
			    "long");
		}
		if ((i - seg == 0 && i < n) ||
		    (i - seg == 1 && p[seg] == '.') ||
		    (i - seg == 2 && p[seg] == '.' && p[seg + 1] == '.')) {
			if (badcol != NULL)
				*badcol = seg;
			return N_("a permalink cannot have an empty, '.' or '..' "
			    "part");
		}
		seg = i + 1;
	}
	if (p[n - 1] != '/' && (n < 5 || strcmp(p + n - 5, ".html") != 0))
		return N_("a permalink must end in '.html' or '/'");
	return NULL;
}

char *
path_output_of(struct arena *a, const char *permalink)
{
	size_t	n = strlen(permalink);

	if (n > 0 && permalink[n - 1] == '/')
		return arena_printf(a, "%sindex.html", permalink + 1);
	return arena_strdup(a, permalink + 1);
}

int
path_check_output(const char *rel)
{
	size_t	i, seg = 0, n = strlen(rel);

	if (n == 0 || n > 1024 || rel[0] == '/')
		return -1;
	for (i = 0; i <= n; i++) {
		unsigned char c = (unsigned char)rel[i];

		if (i < n && (c < 0x20 || c == 0x7f || c == '\\'))
			return -1;
		if (i < n && c != '/')
			continue;
		if (i == seg || i - seg > 255 ||
		    (i - seg == 1 && rel[seg] == '.') ||
		    (i - seg == 2 && rel[seg] == '.' && rel[seg + 1] == '.'))
			return -1;
		seg = i + 1;
	}
	return 0;
}

char *
path_root_prefix(struct arena *a, const char *rel)
{
	struct buf	b = BUF_INIT;
	const char	*p;
	char		*s;

	for (p = rel; *p != '\0'; p++)
		if (*p == '/')
			buf_puts(&b, "../");
	s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

char *
path_relative(struct arena *a, const char *from, const char *to)
{
	struct buf	 b = BUF_INIT;
	size_t		 common = 0, i;
	const char	*p;
	char		*s;

	/* Length of the shared folder prefix, ending at a '/'. */
	for (i = 0; from[i] != '\0' && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i + 1;
	for (p = from + common; *p != '\0'; p++)
		if (*p == '/')
			buf_puts(&b, "../");
	buf_puts(&b, to + common);
	s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first of the n sorted strings of v that is not below key. */
static size_t
lower_bound(const char **v, size_t n, const char *key)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

unsigned char *
path_alone(const char *const *paths, size_t n)
{
	const char	**v = xcalloc(n + 1, sizeof(*v));
	unsigned char	 *ok = xcalloc(n + 1, 1);
	struct buf	  key = BUF_INIT;
	size_t		  i, k, at;

	for (i = 0; i < n; i++)
		v[i] = paths[i];
	qsort(v, n, sizeof(*v), strp_cmp);
	for (i = 0; i < n; i++) {
		const char *path = paths[i];

		at = lower_bound(v, n, path);
		ok[i] = !(at + 1 < n && strcmp(v[at + 1], path) == 0);
		buf_reset(&key);
		buf_puts(&key, path);
		buf_putc(&key, '/');
		at = lower_bound(v, n, buf_cstr(&key));
		if (at < n && strncmp(v[at], key.data, key.len) == 0)
			ok[i] = 0;	/* a folder of another's path */
		for (k = 0; ok[i] && path[k] != '\0'; k++) {
			if (path[k] != '/')
				continue;
			buf_reset(&key);
			buf_put(&key, path, k);
			at = lower_bound(v, n, buf_cstr(&key));
			if (at < n && strcmp(v[at], buf_cstr(&key)) == 0)
				ok[i] = 0;	/* inside another's file */
		}
	}
	buf_free(&key);
	free(v);
	return ok;
}
