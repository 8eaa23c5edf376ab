#include <stdlib.h>
#include <string.h>

#include <unicode/utrans.h>
#include <unicode/ustring.h>

#include "buf.h"
#include "slug.h"
#include "xalloc.h"

#define SLUG_MAX	60
#define ALNUM(c)	(((c) >= 'a' && (c) <= 'z') || ((c) >= '0' && (c) <= '9'))

int
slug_ok(const char *s)
{
	size_t	n = strlen(s);

	if (n == 0 || n > SLUG_MAX)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}

/* name in ASCII through ICU, as a malloc'd UTF-8 string, or NULL. */
static char *
ascii_of(const char *name)
{
	static const UChar rules[] = { 'A', 'n', 'y', '-', 'L', 'a', 't',
	    'i', 'n', ';', ' ', 'L', 'a', 't', 'i', 'n', '-', 'A', 'S', 'C',
	    'I', 'I', ';', ' ', 'L', 'o', 'w', 'e', 'r', 0 };
	UErrorCode	 err = U_ZERO_ERROR;
	UTransliterator	*t;
	UChar		*u;
	char		*out = NULL;
	int32_t		 len, cap, limit, n;

	u_strFromUTF8(NULL, 0, &len, name, -1, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return NULL;
	err = U_ZERO_ERROR;
	cap = len * 4 + 16;	/* room for ligatures and scripts to grow */
	u = xcalloc((size_t)cap, sizeof(*u));
	u_strFromUTF8(u, cap, NULL, name, -1, &err);
	t = utrans_openU(rules, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
	if (U_FAILURE(err))
		goto out;
	limit = len;
	utrans_transUChars(t, u, &len, cap, 0, &limit, &err);
	utrans_close(t);
	if (U_FAILURE(err))
		goto out;
	u_strToUTF8(NULL, 0, &n, u, len, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		goto out;
	err = U_ZERO_ERROR;
	out = xcalloc((size_t)n + 1, 1);
	u_strToUTF8(out, n + 1, NULL, u, len, &err);
	if (U_FAILURE(err)) {
		free(out);
		out = NULL;
	}
out:
	free(u);
	return out;
}

int
slug_from_name(struct buf *out, const char *name)
{
	char	*s = ascii_of(name), *p;
	char	 slug[SLUG_MAX + 1];
	size_t	 n = 0, cut;
	int	 hyphen = 0;

	if (s == NULL)
		return -1;
	for (p = s; *p != '\0'; p++) {
		if (!ALNUM(*p)) {
			hyphen = n > 0;
			continue;
		}
		if (n + hyphen + 1 > SLUG_MAX)
			break;
		if (hyphen)
			slug[n++] = '-';
		hyphen = 0;
		slug[n++] = *p;
	}
	/* Cut too long a name after its last whole word. */
	if (*p != '\0' && !hyphen && ALNUM(*p)) {
		for (cut = n; cut > 0 && slug[cut - 1] != '-'; cut--)
			;
		if (cut > 1)
			n = cut - 1;
	}
	free(s);
	if (n == 0)
		return -1;
	buf_put(out, slug, n);
	return 0;
}
