/*
 * The words of a Jekyll post, read as marche needs them: section
 * headings and prose amounts. Dates are in import_date.c, Markdown lines
 * freed of Kramdown, Liquid and raw HTML in import_clean.c. See import.h.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import.h"
#include "import_impl.h"

/* Spaces that group digits: space, U+00A0, U+202F, U+2009. Returns the
 * byte length of the one at s (n bytes left), or 0. */
static size_t
group_space(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 1 && u[0] == ' ')
		return 1;
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] == 0xAF || u[2] == 0x89))
		return 3;
	return 0;
}

/*
 * Normalise s for comparing words: ASCII lower case, the accents of
 * common Latin-1 letters dropped, every run of other characters (spaces,
 * punctuation, apostrophes) one space, trimmed.
 */
void
import_words_norm(struct buf *out, const char *s, size_t n)
{
	static const char	from[] = "\xa0\xa1\xa2\xa4\xa7\xa8\xa9\xaa"
	    "\xab\xae\xaf\xb4\xb6\xb9\xbb\xbc\x80\x89\x88\x8a\x87\x94\x8e";
	static const char	to[] = "aaaaceeeeiioouuuaeeecoi";
	size_t			 i;
	int			 space = 0;
	const char		*p;

	for (i = 0; i < n; i++) {
		unsigned char	c = (unsigned char)s[i];
		char		o = 0;

		if (isalnum(c))
			o = (char)tolower(c);
		else if (c == 0xC3 && i + 1 < n && s[i + 1] != '\0' &&
		    (p = strchr(from, s[i + 1])) != NULL) {
			o = to[p - from];
			i++;
		} else if (c == 0xC2 || (c == 0xE2 && i + 2 < n &&
		    (unsigned char)s[i + 1] == 0x80)) {
			/* Latin-1 signs, general punctuation: a space. */
			i += c == 0xC2 ? 1 : 2;
			space = 1;
			continue;
		} else if (c >= 0x80) {
			/* Another letter: kept as it is. */
			if (space && out->len > 0)
				buf_putc(out, ' ');
			space = 0;
			buf_putc(out, (char)c);
			continue;
		}
		if (o == 0) {
			space = 1;
			continue;
		}
		if (space && out->len > 0)
			buf_putc(out, ' ');
		space = 0;
		buf_putc(out, o);
	}
	buf_putc(out, '\0');
	out->len--;
}

int
import_same_words(const char *s, size_t n, const char *t)
{
	struct buf	a = BUF_INIT, b = BUF_INIT;
	int		same;

	import_words_norm(&a, s, n);
	import_words_norm(&b, t, strlen(t));
	same = a.len == b.len && (a.len == 0 ||
	    memcmp(a.data, b.data, a.len) == 0);
	buf_free(&a);
	buf_free(&b);
	return same;
}

/* Headings, normalised, and the field each names. */
static const struct {
	const char	*heading;
	const char	*field;
} sections[] = {
	{ "description", "description" },
	{ "description of the work", "description" },
	{ "description of work", "description" },
	{ "work description", "description" },
	{ "description du travail", "description" },
	{ "description des travaux", "description" },
	{ "evaluation", "evaluation" },
	{ "evaluation criteria", "evaluation" },
	{ "criteria for evaluation", "evaluation" },
	{ "selection criteria", "evaluation" },
	{ "how we will evaluate", "evaluation" },
	{ "criteres d evaluation", "evaluation" },
	{ "criteres de selection", "evaluation" },
	{ "acceptance", "acceptance" },
	{ "acceptance criteria", "acceptance" },
	{ "acceptation", "acceptance" },
	{ "criteres d acceptation", "acceptance" },
	{ "how to apply", "how_to_apply" },
	{ "to apply", "how_to_apply" },
	{ "application process", "how_to_apply" },
	{ "comment postuler", "how_to_apply" },
	{ "pour postuler", "how_to_apply" },
	{ "comment soumissionner", "how_to_apply" },
	{ "comment presenter une demande", "how_to_apply" },
	{ "eligibility", "eligibility" },
	{ "eligibility criteria", "eligibility" },
	{ "who can apply", "eligibility" },
	{ "admissibilite", "eligibility" },
	{ "criteres d admissibilite", "eligibility" },
	{ "qui peut postuler", "eligibility" },
};

const char *
import_section_field(const char *heading, size_t n)
{
	size_t	i;

	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (import_same_words(heading, n, sections[i].heading))
			return sections[i].field;
	return NULL;
}

/* Does the lower-cased text hold one of the phrases? */
static int
has_phrase(const char *low, const char *const *phrases)
{
	for (; *phrases != NULL; phrases++)
		if (strstr(low, *phrases) != NULL)
			return 1;
	return 0;
}

static enum import_taxes
taxes_of(const char *s)
{
	static const char *const excluded[] = { "excluding tax", "excl",
	    "plus tax", "plus applicable tax", "before tax", "taxes extra",
	    "tax extra", "+ tax", "+tax", "pre-tax", "en sus", "hors tax",
	    "avant tax", "plus les taxes", "non comprise", "non incluse",
	    NULL };
	static const char *const included[] = { "including tax", "incl",
	    "tax included", "taxes included", "taxes incluses",
	    "taxes comprises", "toutes taxes", "ttc", "after tax", NULL };
	struct buf		 low = BUF_INIT;
	enum import_taxes	 t = IMPORT_TAXES_UNKNOWN;
	const char		*p;

	for (p = s; *p != '\0'; p++)
		buf_putc(&low, (char)tolower((unsigned char)*p));
	buf_putc(&low, '\0');
	if (has_phrase(low.data, excluded))
		t = IMPORT_TAXES_EXCLUDED;
	else if (has_phrase(low.data, included))
		t = IMPORT_TAXES_INCLUDED;
	buf_free(&low);
	return t;
}

/* A number being read from an amount written in prose. */
struct amount {
	char	 digits[64];	/* its digits, with '.' for decimals */
	size_t	 nd;		/* bytes in digits */
	char	 gsep;		/* the thousands separator, ' ' for spaces */
	char	 dsep;		/* the decimal separator, or 0 */
	size_t	 ngroups;	/* thousands separators seen */
	size_t	 run;		/* digits since the last one */
	int	 in_frac;	/* reading decimals */
};

/*
 * The separator of gs bytes at s[b] (n bytes in all), followed by a digit:
 * the decimal point when it is the last and one or two digits follow,
 * else a thousands separator that must agree with the others. Returns 0,
 * or -1 with *bad.
 */
static int
amount_separator(struct amount *am, const char *s, size_t n, size_t b,
    size_t gs, const char **bad)
{
	size_t	k = b + gs, cnt = 0;

	if (am->in_frac) {
		*bad = "a separator after the decimals";
		return -1;
	}
	while (k + cnt < n && isdigit((unsigned char)s[k + cnt]))
		cnt++;
	if (cnt <= 2 && (s[b] == '.' || s[b] == ',')) {
		am->dsep = s[b];
		am->in_frac = 1;
		am->digits[am->nd++] = '.';
		return 0;
	}
	if (cnt != 3 || (am->ngroups == 0 && am->run > 3)) {
		*bad = "its digits are not grouped by three";
		return -1;
	}
	if (am->gsep != 0 && am->gsep != (gs > 1 ? ' ' : s[b])) {
		*bad = "its digits are grouped in two ways";
		return -1;
	}
	am->gsep = gs > 1 ? ' ' : s[b];
	am->ngroups++;
	am->run = 0;
	return 0;
}

/*
 * Read the number starting at s[a]: digits, and separators each followed
 * by a digit. Returns the offset after it, with *bad and *badoff set when
 * it cannot be an amount.
 */
static size_t
amount_read(struct amount *am, const char *s, size_t n, size_t a,
    const char **bad, size_t *badoff)
{
	size_t	b, gs;

	for (b = a; b < n; ) {
		if (isdigit((unsigned char)s[b])) {
			if (am->nd + 1 >= sizeof(am->digits)) {
				*bad = "the number is too long";
				*badoff = a;
				return b;
			}
			am->digits[am->nd++] = s[b++];
			am->run++;
			continue;
		}
		gs = (s[b] == ',' || s[b] == '.') ? 1 : group_space(s + b,
		    n - b);
		if (gs == 0 || b + gs >= n ||
		    !isdigit((unsigned char)s[b + gs]))
			break;
		if (amount_separator(am, s, n, b, gs, bad) != 0) {
			*badoff = b;
			return b;
		}
		b += gs;
	}
	am->digits[am->nd] = '\0';
	if (am->gsep == '.' && am->dsep == 0)
		*bad = "a point between groups of three digits could be "
		    "thousands or decimals";
	else if (am->dsep != 0 && am->dsep == am->gsep)
		*bad = "the same sign separates thousands and decimals";
	else if (am->dsep == ',' && am->gsep == '.')
		*bad = "a comma for decimals with points for thousands";
	if (*bad != NULL)
		*badoff = a;
	return b;
}

int
import_value(double *out, enum import_taxes *taxes, const char *s,
    const char **bad, size_t *badoff)
{
	struct amount	 am;
	size_t		 n = strlen(s), i, a, b;

	*bad = NULL;
	*badoff = 0;
	memset(&am, 0, sizeof(am));
	for (a = 0; a < n && !isdigit((unsigned char)s[a]); a++)
		if (s[a] == '-' && a + 1 < n &&
		    isdigit((unsigned char)s[a + 1])) {
			*bad = "a negative amount cannot be a value";
			*badoff = a;
			return -1;
		}
	if (a == n) {
		*bad = "no amount in it";
		return -1;
	}
	b = amount_read(&am, s, n, a, bad, badoff);
	if (*bad != NULL)
		return -1;
	for (i = b; i < n && (s[i] == ' ' || s[i] == '$'); i++)
		;
	if (i < n && (s[i] == 'k' || s[i] == 'K' || s[i] == 'M') &&
	    (i + 1 == n || !isalpha((unsigned char)s[i + 1]))) {
		*bad = "an amount in thousands or millions must be written "
		    "in full";
		*badoff = i;
		return -1;
	}
	for (i = b; i < n; i++)
		if (isdigit((unsigned char)s[i])) {
			*bad = "it holds more than one number";
			*badoff = i;
			return -1;
		}
	*out = strtod(am.digits, NULL);
	*taxes = taxes_of(s);
	return 0;
}
