/*
 * YAML scalars and tags: which core tag a node carries, and what a
 * scalar's text becomes under the YAML 1.2 core schema. Plain scalars
 * resolve by their text; tagged ones must fit their tag, and are kept as
 * strings (after a report) when they do not.
 */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "value.h"
#include "xalloc.h"
#include "yml_impl.h"

#define CORE_PREFIX	"tag:yaml.org,2002:"

const char *const yml_tag_names[] = { "", "!", "!!str", "!!int",
    "!!float", "!!bool", "!!null", "!!map", "!!seq", "" };
_Static_assert(sizeof(yml_tag_names) / sizeof(yml_tag_names[0]) ==
    YML_TAG_BAD + 1, "one name for each enum yml_tag");

/* Which core tag t is; reports and returns YML_TAG_BAD for others. */
enum yml_tag
yml_tag_get(struct yml_ctx *c, const yaml_char_t *t, yaml_mark_t m)
{
	static const struct {
		const char	*name;
		enum yml_tag	 tag;
	} core[] = {
		{ "str", YML_TAG_STR }, { "int", YML_TAG_INT },
		{ "float", YML_TAG_FLOAT }, { "bool", YML_TAG_BOOL },
		{ "null", YML_TAG_NULL }, { "map", YML_TAG_MAP },
		{ "seq", YML_TAG_SEQ },
	};
	const char	*s = (const char *)t;
	size_t		 i, n = strlen(CORE_PREFIX);
	int		 core_like;

	if (s == NULL)
		return YML_TAG_NONE;
	if (strcmp(s, "!") == 0)
		return YML_TAG_PLAIN;
	if (strncmp(s, CORE_PREFIX, n) == 0)
		for (i = 0; i < sizeof(core) / sizeof(core[0]); i++)
			if (strcmp(s + n, core[i].name) == 0)
				return core[i].tag;
	/* Show core-prefixed tags the way they are written: !!name. */
	core_like = strncmp(s, CORE_PREFIX, n) == 0;
	yml_report(c, m, "unsupported tag '%s%s': only the YAML core tags "
	    "!!str, !!int, !!float, !!bool, !!null, !!map and !!seq are "
	    "allowed",
	    core_like ? "!!" : "", yml_quote(c, core_like ? s + n : s,
	    strlen(s) - (core_like ? n : 0)));
	return YML_TAG_BAD;
}

static int
is_null(const char *s, size_t n)
{
	return n == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* 1 for true, 0 for false, -1 if s is not a boolean. */
static int
parse_bool(const char *s)
{
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return 1;
	if (!strcmp(s, "false") || !strcmp(s, "False") ||
	    !strcmp(s, "FALSE"))
		return 0;
	return -1;
}

static int
digit_value(char ch, unsigned base)
{
	unsigned v;

	if (ch >= '0' && ch <= '9')
		v = (unsigned)(ch - '0');
	else if (ch >= 'a' && ch <= 'f')
		v = (unsigned)(ch - 'a' + 10);
	else if (ch >= 'A' && ch <= 'F')
		v = (unsigned)(ch - 'A' + 10);
	else
		return -1;
	return v < base ? (int)v : -1;
}

/*
 * Parse a core-schema integer: [-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+.
 * Returns 0, -1 if s has another form, -2 if it does not fit.
 */
static int
parse_int(long long *out, const char *s, size_t n)
{
	unsigned long long	 v = 0, max = LLONG_MAX;
	unsigned		 base = 10;
	size_t			 i = 0, start;
	int			 neg = 0, dig;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
		base = s[1] == 'x' ? 16 : 8;
		i = 2;
	} else if (n > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i = 1;
		if (neg)
			max = (unsigned long long)LLONG_MAX + 1;
	}
	if (i == n)
		return -1;
	for (start = i; i < n; i++)
		if (digit_value(s[i], base) < 0)
			return -1;
	for (i = start; i < n; i++) {
		dig = digit_value(s[i], base);
		if (v > (max - (unsigned)dig) / base)
			return -2;
		v = v * base + (unsigned)dig;
	}
	if (neg)
		*out = v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN :
		    -(long long)v;
	else
		*out = (long long)v;
	return 0;
}

/* Skip digits from s[i]; returns the new index. */
static size_t
skip_digits(const char *s, size_t i, size_t n)
{
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/*
 * Parse a core-schema float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)
 * ([eE][-+]?[0-9]+)?, [-+]?.inf, .nan. Returns 0, -1 for another form,
 * -2 if it is too big for a double.
 */
static int
parse_float(double *out, const char *s, size_t n)
{
	size_t		 i = 0, j;
	char		*copy, *end, *dot;
	const char	*point;

	if (!strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN")) {
		*out = NAN;
		return 0;
	}
	if (n > 0 && (s[0] == '-' || s[0] == '+'))
		i = 1;
	if (!strcmp(s + i, ".inf") || !strcmp(s + i, ".Inf") ||
	    !strcmp(s + i, ".INF")) {
		*out = s[0] == '-' ? -INFINITY : INFINITY;
		return 0;
	}
	j = skip_digits(s, i, n);
	if (j > i && j < n && s[j] == '.')
		j = skip_digits(s, j + 1, n);
	else if (j == i && j < n && s[j] == '.') {
		j = skip_digits(s, j + 1, n);
		if (j == i + 1)
			return -1;
	} else if (j == i)
		return -1;
	if (j < n && (s[j] == 'e' || s[j] == 'E')) {
		size_t k = j + 1;

		if (k < n && (s[k] == '-' || s[k] == '+'))
			k++;
		j = skip_digits(s, k, n);
		if (j == k)
			return -1;
	}
	if (j != n)
		return -1;
	/* strtod follows the locale's decimal point: give it that one. */
	copy = xstrndup(s, n);
	point = localeconv()->decimal_point;
	if ((dot = strchr(copy, '.')) != NULL && point != NULL &&
	    strlen(point) == 1)
		*dot = point[0];
	errno = 0;
	*out = strtod(copy, &end);
	j = (size_t)(end - copy);
	free(copy);
	if (j != n)
		return -1;
	return isinf(*out) ? -2 : 0;
}

/*
 * The node for a plain, untagged scalar, resolved by the core schema;
 * never NULL.
 */
struct value *
yml_resolve_plain(struct yml_ctx *c, const char *s, size_t n,
    yaml_mark_t m)
{
	long long	 i;
	double		 f;
	int		 b, rc;

	if (is_null(s, n))
		return value_null(c->a);
	if ((b = parse_bool(s)) >= 0)
		return value_bool(c->a, b);
	if ((rc = parse_int(&i, s, n)) == 0)
		return value_int(c->a, i);
	if (rc == -1 && (rc = parse_float(&f, s, n)) == 0)
		return value_number(c->a, f);
	if (rc == -2) {
		yml_report(c, m, "number %s is too big (quote it to keep it as "
		    "text)", yml_quote(c, s, n));
	}
	return value_stringn(c->a, s, n);
}

/* The node for a scalar with an explicit core tag; never NULL. */
struct value *
yml_coerce(struct yml_ctx *c, enum yml_tag t, const char *s, size_t n,
    yaml_mark_t m)
{
	long long	 i;
	double		 f;
	int		 b, rc = -1;
	const char	*what = "text";

	switch (t) {
	case YML_TAG_INT:
		if ((rc = parse_int(&i, s, n)) == 0)
			return value_int(c->a, i);
		what = "an integer";
		break;
	case YML_TAG_FLOAT:
		if ((rc = parse_int(&i, s, n)) == 0)
			return value_number(c->a, (double)i);
		if ((rc = parse_float(&f, s, n)) == 0)
			return value_number(c->a, f);
		what = "a number";
		break;
	case YML_TAG_BOOL:
		if ((b = parse_bool(s)) >= 0)
			return value_bool(c->a, b);
		what = "true or false";
		break;
	case YML_TAG_NULL:
		if (is_null(s, n))
			return value_null(c->a);
		what = "null";
		break;
	case YML_TAG_MAP:
	case YML_TAG_SEQ:
		yml_report(c, m, "tag %s cannot be used on a scalar",
		    yml_tag_names[t]);
		/* FALLTHROUGH */
	default:
		return value_stringn(c->a, s, n);
	}
	yml_report(c, m, rc == -2 ? "'%s' (tagged %s) is too big to be %s" :
	    "'%s' (tagged %s) is not %s", yml_quote(c, s, n),
	    yml_tag_names[t], what);
	return value_stringn(c->a, s, n);
}
