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
#include "diag.h"
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

/*
 * Windows device names: a file called one of these (with any extension,
 * in any case, with trailing spaces) opens the device instead.
 */
static const char *const device_names[] = {
	"AUX", "CON", "CONIN$", "CONOUT$", "NUL", "PRN"
};

/* Whether the n bytes at s are a Windows device name (see above). */
static int
is_device(const char *s, size_t n)
{
	size_t	i;

	while (n > 0 && s[n - 1] == ' ')
		n--;
	for (i = 0; i < sizeof(device_names) / sizeof(*device_names); i++)
		if (strlen(device_names[i]) == n &&
		    strncasecmp(s, device_names[i], n) == 0)
			return 1;
	/* COM0-9 and LPT0-9, and the superscripts 1-3 Windows also takes. */
	if (n < 4 || (strncasecmp(s, "COM", 3) != 0 &&
	    strncasecmp(s, "LPT", 3) != 0))
		return 0;
	if (n == 4 && s[3] >= '0' && s[3] <= '9')
		return 1;
	return n == 5 && (memcmp(s + 3, "\xC2\xB9", 2) == 0 ||
	    memcmp(s + 3, "\xC2\xB2", 2) == 0 ||
	    memcmp(s + 3, "\xC2\xB3", 2) == 0);
}

/*
 * Whether the n bytes at s look like an NTFS 8.3 short name, "BASE~N"
 * with BASE at most 6 bytes and N digits (then an optional extension):
 * Windows gives such names to other files, so one could stand for
 * another (GIT~1 for .git).
 */
static int
is_short_name(const char *s, size_t n)
{
	const char	*tilde = memchr(s, '~', n), *p;

	if (tilde == NULL || tilde == s || tilde - s > 6)
		return 0;
	for (p = tilde + 1; p < s + n && *p >= '0' && *p <= '9'; p++)
		continue;
	return p > tilde + 1 && p - s <= 8 && p == s + n;
}

/*
 * Whether name reads as ".git" on some system once what that system
 * ignores is dropped: default-ignorable code points (HFS+ drops
 * zero-width joiners and the like), trailing dots and spaces (Windows),
 * letter case (both). Short names are judged by is_short_name().
 */
static int
is_dotgit_alias(const char *name, size_t n)
{
	char	kept[8];
	size_t	i, k = 0, len;
	int32_t	j;
	UChar32	c;

	for (i = 0; i < n; i += len) {
		j = (int32_t)i;
		U8_NEXT(name, j, (int32_t)n, c);
		len = (size_t)j - i;
		if (c >= 0 && u_hasBinaryProperty(c,
		    UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
			continue;
		if (k + len >= sizeof(kept))
			return 0;
		memcpy(kept + k, name + i, len);
		k += len;
	}
	while (k > 0 && (kept[k - 1] == '.' || kept[k - 1] == ' '))
		k--;
	return k == 4 && strncasecmp(kept, ".git", 4) == 0;
}

/* Whether name holds a default-ignorable (invisible) code point. */
static int
has_invisible(const char *name, size_t n)
{
	int32_t	j = 0;
	UChar32	c;

	while ((size_t)j < n) {
		U8_NEXT(name, j, (int32_t)n, c);
		if (c >= 0 && u_hasBinaryProperty(c,
		    UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
			return 1;
	}
	return 0;
}

/* Why name may not be a path component (a static string), or NULL. */
const char *
srcpath_name_problem(const char *name)
{
	const unsigned char	*s = (const unsigned char *)name;
	size_t			 n = strlen(name), i, len, base;
	const char		*dot;

	if (n == 0)
		return N_("empty path components are not allowed");
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return N_("'.' and '..' are not allowed as path components");
	if (strcasecmp(name, ".git") == 0)
		return N_("'.git' (in any letter case) is reserved for Git and "
		    "not allowed as a path component");
	for (i = 0; i < n; i++) {
		if (s[i] < 0x20 || s[i] == 0x7F)
			return N_("control characters are not allowed in paths");
		if (s[i] == '/')
			return N_("a name in the tree holds a slash, which only "
			    "separates folders");
		if (s[i] == '\\')
			return N_("backslashes are not allowed in paths");
		if (s[i] == ':')
			return N_("colons are not allowed in paths");
		if (strchr("<>\"|?*", s[i]) != NULL)
			return N_("the characters < > \" | ? * are not allowed "
			    "in paths (Windows refuses them)");
	}
	if (n > SRCPATH_NAME_MAX)
		return N_("a file or folder name longer than 255 bytes is not "
		    "allowed");
	for (i = 0; i < n; i += len)
		if ((len = utf8_seq(name, i, n)) == 0)
			return N_("paths must be valid UTF-8");
	dot = memchr(name, '.', n);
	base = dot != NULL ? (size_t)(dot - name) : n;
	if (is_dotgit_alias(name, n) || (is_short_name(name, base) &&
	    strncasecmp(name, "git~", 4) == 0))
		return N_("this name means '.git' on Windows or macOS, which is "
		    "reserved for Git");
	if (has_invisible(name, n))
		return N_("invisible characters (zero-width spaces and joiners, "
		    "direction marks, byte order marks) are not allowed in "
		    "paths");
	if (s[n - 1] == '.' || s[n - 1] == ' ')
		return N_("names ending in a dot or a space are not allowed "
		    "(Windows drops them, so two names could meet)");
	if (is_device(name, base))
		return N_("CON, PRN, AUX, NUL, COM1 to COM9 and LPT1 to LPT9 "
		    "name devices on Windows and are not allowed as names, "
		    "even with an extension");
	if (is_short_name(name, base))
		return N_("names like 'ABCDEF~1' are not allowed: Windows uses "
		    "them as short names for other files");
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
