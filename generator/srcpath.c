/*
 * Source path rules: component names, display escaping and collision
 * keys. UTF-8 is judged by ICU's decoder, which refuses overlong forms,
 * surrogates and code points past U+10FFFF.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "buf.h"
#include "srcpath.h"
#include "xalloc.h"

_Static_assert(sizeof(UChar) == sizeof(uint16_t),
    "ICU code units are 16 bits");

/* The length of the valid UTF-8 sequence at s + i (n bytes in all), or 0
 * if it is ill-formed (ICU refuses overlongs, surrogates, > U+10FFFF). */
static size_t
utf8_seq(const char *s, size_t i, size_t n)
{
	int32_t	j = (int32_t)i;
	UChar32	c;

	U8_NEXT(s, j, (int32_t)n, c);
	return c < 0 ? 0 : (size_t)j - i;
}

/* A printable copy of path, unprintable bytes as \xNN; free() it. */
char *
srcpath_display(const char *path)
{
	const unsigned char	*s = (const unsigned char *)path;
	struct buf		 b = BUF_INIT;
	size_t			 n = strlen(path), i, len;

	for (i = 0; i < n; i += len) {
		len = utf8_seq(path, i, n);
		if (len == 0 || s[i] < 0x20 || s[i] == 0x7F) {
			buf_printf(&b, "\\x%02X", s[i]);
			len = 1;
		} else
			buf_put(&b, s + i, len);
	}
	return buf_detach(&b, NULL);
}

/* Why name may not be a path component (a static string), or NULL. */
const char *
srcpath_name_problem(const char *name)
{
	const unsigned char	*s = (const unsigned char *)name;
	size_t			 n = strlen(name), i, len;

	if (n == 0)
		return "empty path components are not allowed";
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return "'.' and '..' are not allowed as path components";
	if (strcasecmp(name, ".git") == 0)
		return "'.git' (in any letter case) is reserved for Git and "
		    "not allowed as a path component";
	for (i = 0; i < n; i++) {
		if (s[i] < 0x20 || s[i] == 0x7F)
			return "control characters are not allowed in paths";
		if (s[i] == '\\')
			return "backslashes are not allowed in paths";
		if (s[i] == ':')
			return "colons are not allowed in paths";
	}
	for (i = 0; i < n; i += len)
		if ((len = utf8_seq(name, i, n)) == 0)
			return "paths must be valid UTF-8";
	return NULL;
}

/*
 * Apply one ICU transformation to *src (n units): case folding if fold,
 * else NFD, with the usual preflight-and-retry on a short buffer. Frees
 * *src and replaces it. Returns 0, or -1 if ICU failed (*src unchanged).
 */
static int
fold_step(UChar **src, int32_t *n, int fold)
{
	const UNormalizer2	*nfd;
	UErrorCode		 e;
	UChar			*dst;
	int32_t			 cap = *n * 3 + 4, got;
	int			 tries;

	for (tries = 0; tries < 2; tries++) {
		e = U_ZERO_ERROR;
		dst = xreallocarray(NULL, (size_t)cap, sizeof(UChar));
		if (fold)
			got = u_strFoldCase(dst, cap, *src, *n,
			    U_FOLD_CASE_DEFAULT, &e);
		else {
			nfd = unorm2_getNFDInstance(&e);
			got = U_SUCCESS(e) ?
			    unorm2_normalize(nfd, *src, *n, dst, cap, &e) : 0;
		}
		if (U_SUCCESS(e)) {
			free(*src);
			*src = dst;
			*n = got;
			return 0;
		}
		free(dst);
		if (e != U_BUFFER_OVERFLOW_ERROR)
			return -1;
		cap = got + 1;
	}
	return -1;
}

/*
 * The collision key NFD(fold(NFD(name))) into *out. Returns 0 (free it
 * with srcpath_key_free()), or -1 with out->units NULL if ICU failed.
 */
int
srcpath_key_make(struct srcpath_key *out, const char *name)
{
	UErrorCode	 e = U_ZERO_ERROR;
	UChar		*key;
	int32_t		 n = 0;
	size_t		 len = strlen(name);

	key = xreallocarray(NULL, len + 1, sizeof(UChar));
	u_strFromUTF8(key, (int32_t)len + 1, &n, name, (int32_t)len, &e);
	if (U_FAILURE(e) || fold_step(&key, &n, 0) < 0 ||
	    fold_step(&key, &n, 1) < 0 || fold_step(&key, &n, 0) < 0) {
		free(key);
		out->units = NULL;
		out->len = 0;
		return -1;
	}
	out->units = (uint16_t *)key;
	out->len = n;
	return 0;
}

/* Compare two keys by code unit; 0 means the names collide. */
int
srcpath_key_cmp(const struct srcpath_key *a, const struct srcpath_key *b)
{
	return u_strCompare((const UChar *)a->units, a->len,
	    (const UChar *)b->units, b->len, 0);
}

/* Free k's code units and clear k; NULL units are allowed. */
void
srcpath_key_free(struct srcpath_key *k)
{
	free(k->units);
	k->units = NULL;
	k->len = 0;
}
