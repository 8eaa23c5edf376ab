/*
 * The text of a Jekyll post, read as marche needs it: prose amounts,
 * dates in numbers or words, section headings, and Markdown lines freed
 * of Kramdown, Liquid and raw HTML. See import.h.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import.h"

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
static void
words_norm(struct buf *out, const char *s, size_t n)
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

	words_norm(&a, s, n);
	words_norm(&b, t, strlen(t));
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

/* Month names, English and French, normalised (see words_norm). */
static const struct {
	const char	*name;
	int		 month;
} months[] = {
	{ "january", 1 }, { "jan", 1 }, { "janvier", 1 }, { "janv", 1 },
	{ "february", 2 }, { "feb", 2 }, { "fevrier", 2 }, { "fevr", 2 },
	{ "march", 3 }, { "mar", 3 }, { "mars", 3 },
	{ "april", 4 }, { "apr", 4 }, { "avril", 4 }, { "avr", 4 },
	{ "may", 5 }, { "mai", 5 },
	{ "june", 6 }, { "jun", 6 }, { "juin", 6 },
	{ "july", 7 }, { "jul", 7 }, { "juillet", 7 }, { "juil", 7 },
	{ "august", 8 }, { "aug", 8 }, { "aout", 8 },
	{ "september", 9 }, { "sep", 9 }, { "sept", 9 }, { "septembre", 9 },
	{ "october", 10 }, { "oct", 10 }, { "octobre", 10 },
	{ "november", 11 }, { "nov", 11 }, { "novembre", 11 },
	{ "december", 12 }, { "dec", 12 }, { "decembre", 12 },
};

/* Words that carry nothing for the date: weekdays, "at", Eastern zone
 * names. */
static const char *const filler[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
	"samedi", "dimanche", "at", "a", "on", "le", "the", "by",
	"edt", "est", "et", "eastern", "time", "hae", "hne", "he", "heure",
	"de", "l", "avant", "before", NULL
};

static int
is_filler(const char *w)
{
	const char *const *f;

	for (f = filler; *f != NULL; f++)
		if (strcmp(w, *f) == 0)
			return 1;
	return 0;
}

/* "2021-04-01", "2021/04/01", then a time and an offset. */
static int
date_iso(struct import_date *out, const char *s, size_t *badoff)
{
	const char	*p = s;
	char		*e;
	int		 sign;

	while (*p == ' ')
		p++;
	if (!(isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
	    (p[4] == '-' || p[4] == '/')))
		return 1;
	out->year = (int)strtol(p, &e, 10);
	out->month = (int)strtol(e + 1, &e, 10);
	if (*e != p[4] || !isdigit((unsigned char)e[1]))
		goto bad;
	out->day = (int)strtol(e + 1, &e, 10);
	p = e;
	if ((*p == 'T' || *p == ' ') && isdigit((unsigned char)p[1])) {
		out->hour = (int)strtol(p + 1, &e, 10);
		if (*e != ':' || !isdigit((unsigned char)e[1]))
			goto bad;
		out->minute = (int)strtol(e + 1, &e, 10);
		out->second = 0;
		if (*e == ':' && isdigit((unsigned char)e[1]))
			out->second = (int)strtol(e + 1, &e, 10);
		if (*e == '.')
			for (e++; isdigit((unsigned char)*e); e++)
				;
		p = e;
		while (*p == ' ')
			p++;
		if (*p == 'Z') {
			out->offset_min = 0;
			p++;
		} else if ((*p == '+' || *p == '-') &&
		    isdigit((unsigned char)p[1]) &&
		    isdigit((unsigned char)p[2])) {
			sign = *p == '-' ? -1 : 1;
			out->offset_min = ((p[1] - '0') * 10 + (p[2] - '0')) *
			    60;
			p += 3;
			if (*p == ':')
				p++;
			if (!isdigit((unsigned char)p[0]) ||
			    !isdigit((unsigned char)p[1]))
				goto bad;
			out->offset_min = sign * (out->offset_min +
			    (p[0] - '0') * 10 + (p[1] - '0'));
			p += 2;
		}
	}
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return 0;
bad:
	*badoff = (size_t)(p - s);
	return -1;
}

/* A number in a date in words at *p (start): a year, day, hour or minute.
 * Returns 0, or -1 when it has no place (*p left at start). */
static int
date_number(struct import_date *out, const char **p, const char *start,
    int *expect_min)
{
	long	v = strtol(start, (char **)p, 10);
	size_t	len = (size_t)(*p - start);
	int	r = 0;

	if (*expect_min) {
		out->minute = (int)v;
		*expect_min = 0;
	} else if (len == 4) {
		if (out->year != -1)
			r = -1;
		out->year = (int)v;
	} else if (**p == ':' && isdigit((unsigned char)(*p)[1])) {
		out->hour = (int)v;
		out->minute = (int)strtol(*p + 1, (char **)p, 10);
	} else if (**p == 'h' || ((*p)[0] == ' ' && (*p)[1] == 'h' &&
	    !isalpha((unsigned char)(*p)[2]))) {
		out->hour = (int)v;
		out->minute = 0;
		*p += **p == 'h' ? 1 : 2;
		while (**p == ' ')
			(*p)++;
		*expect_min = isdigit((unsigned char)**p);
	} else if (out->day == -1 && len <= 2) {
		out->day = (int)v;
		if (strncmp(*p, "er", 2) == 0 || strncmp(*p, "st", 2) == 0 ||
		    strncmp(*p, "nd", 2) == 0 || strncmp(*p, "rd", 2) == 0 ||
		    strncmp(*p, "th", 2) == 0)
			*p += 2;
	} else if (out->hour == -1 && len <= 2) {
		out->hour = (int)v;
		out->minute = 0;
	} else
		r = -1;
	if (r != 0 || (isalpha((unsigned char)**p) && out->hour == -1)) {
		*p = start;
		return -1;
	}
	return 0;
}

/* A word of a date in words, normalised (w): a month, a meridiem, noon,
 * or a filler. Returns 0, or -1 when it is none of them. */
static int
date_word(struct import_date *out, const char *w, int *meridiem)
{
	size_t	i;

	if (strcmp(w, "am") == 0 || strcmp(w, "a m") == 0)
		*meridiem = 1;
	else if (strcmp(w, "pm") == 0 || strcmp(w, "p m") == 0)
		*meridiem = 2;
	else if (strcmp(w, "noon") == 0 || strcmp(w, "midi") == 0) {
		out->hour = 12;
		out->minute = 0;
	} else if (!is_filler(w) && strcmp(w, "l est") != 0) {
		for (i = 0; i < sizeof(months) / sizeof(months[0]); i++)
			if (strcmp(w, months[i].name) == 0)
				break;
		if (i == sizeof(months) / sizeof(months[0]) ||
		    out->month != -1)
			return -1;
		out->month = months[i].month;
	}
	return 0;
}

/* Are the fields of a date read in words within their ranges? */
static int
date_in_range(const struct import_date *d)
{
	if (d->year < 1970 || d->year > 9999 || d->month < 1 ||
	    d->month > 12 || d->day < 1 || d->day > 31 || d->hour > 23 ||
	    d->minute > 59 || d->second > 59)
		return 0;
	return d->hour == -1 || (d->minute >= 0 && d->hour >= 0);
}

int
import_date(struct import_date *out, const char *s, size_t *badoff)
{
	struct buf	 w = BUF_INIT;
	const char	*p = s, *start;
	int		 r, meridiem = 0, expect_min = 0;

	out->year = out->month = out->day = -1;
	out->hour = out->minute = out->second = -1;
	out->offset_min = INT_MIN;
	*badoff = 0;
	if ((r = date_iso(out, s, badoff)) <= 0)
		return r == 0 && date_in_range(out) ? 0 : -1;
	/* Words: every part must be understood. */
	r = 0;
	while (*p != '\0' && r == 0) {
		if (*p == ' ' || *p == ',' || *p == '(' || *p == ')') {
			p++;
			continue;
		}
		start = p;
		if (isdigit((unsigned char)*p)) {
			r = date_number(out, &p, start, &expect_min);
			continue;
		}
		while (*p != '\0' && *p != ' ' && *p != ',' && *p != '(' &&
		    *p != ')' && !isdigit((unsigned char)*p))
			p++;
		buf_reset(&w);
		words_norm(&w, start, (size_t)(p - start));
		if (w.len > 0 && (r = date_word(out, w.data, &meridiem)) != 0)
			p = start;
	}
	buf_free(&w);
	if (r != 0)
		*badoff = (size_t)(p - s);
	else if (meridiem != 0 && (out->hour < 1 || out->hour > 12))
		r = -1;
	else if (meridiem == 2 && out->hour < 12)
		out->hour += 12;
	else if (meridiem == 1 && out->hour == 12)
		out->hour = 0;
	if (out->hour != -1)
		out->second = 0;
	return r == 0 && date_in_range(out) ? 0 : -1;
}

/* The end of a "[text](url)" link starting at line[i] == '[', or 0. */
static size_t
link_end(const char *line, size_t n, size_t i, size_t *text_a,
    size_t *text_b, size_t *url_a, size_t *url_b)
{
	size_t	j = i + 1;
	int	depth = 1;

	for (; j < n && depth > 0; j++)
		if (line[j] == '[')
			depth++;
		else if (line[j] == ']')
			depth--;
	if (depth != 0 || j >= n || line[j] != '(')
		return 0;
	*text_a = i + 1;
	*text_b = j - 1;
	*url_a = j + 1;
	/* {{ site.baseurl }} holds spaces. */
	if (j + 2 < n && line[j + 1] == '{' && line[j + 2] == '{')
		for (j += 3; j + 1 < n && !(line[j] == '}' &&
		    line[j + 1] == '}'); j++)
			;
	for (j++; j < n && line[j] != ')' && line[j] != ' '; j++)
		;
	*url_b = j;
	while (j < n && line[j] != ')')
		j++;
	return j < n ? j + 1 : 0;
}

/* If url is under assets/ (after {{ site.baseurl }}, "/", "./" or
 * "../"), the path from "assets/" on, else NULL. */
static char *
asset_path(const char *url, size_t n)
{
	struct buf	 b = BUF_INIT;
	const char	*p = url, *end = url + n, *q;

	if (n > 2 && p[0] == '{' && p[1] == '{') {
		for (q = p; q + 1 < end && !(q[0] == '}' && q[1] == '}'); q++)
			;
		if (q + 1 >= end)
			return NULL;
		buf_put(&b, p + 2, (size_t)(q - p - 2));
		buf_putc(&b, '\0');
		if (strstr(b.data, "baseurl") == NULL) {
			buf_free(&b);
			return NULL;
		}
		buf_free(&b);
		p = q + 2;
	}
	for (;;) {
		if (p < end && *p == '/')
			p++;
		else if (end - p >= 2 && p[0] == '.' && p[1] == '/')
			p += 2;
		else if (end - p >= 3 && memcmp(p, "../", 3) == 0)
			p += 3;
		else
			break;
	}
	if (end - p < 8 || memcmp(p, "assets/", 7) != 0)
		return NULL;
	buf_put(&b, p, (size_t)(end - p));
	buf_putc(&b, '\0');
	return buf_detach(&b, NULL);
}

/* Quote at most 60 bytes of s for a note. */
static void
quoted_excerpt(struct buf *b, const char *s, size_t n)
{
	buf_putc(b, '\'');
	buf_put(b, s, n > 60 ? 60 : n);
	if (n > 60)
		buf_puts(b, "...");
	buf_putc(b, '\'');
}

static void
note_removed(import_note_fn note, void *arg, size_t off, const char *what,
    const char *s, size_t n, const char *why)
{
	struct buf	b = BUF_INIT;

	buf_printf(&b, "%s ", what);
	quoted_excerpt(&b, s, n);
	buf_printf(&b, " removed: %s", why);
	note(arg, off, buf_cstr(&b));
	buf_free(&b);
}

/* The length of an HTML tag "<name ...>" or "</name>" at s, or 0. */
static size_t
html_tag(const char *s, size_t n, size_t *name_a, size_t *name_b)
{
	size_t	i = 1, j;
	char	q = 0;

	if (i < n && s[i] == '/')
		i++;
	if (i >= n || !isalpha((unsigned char)s[i]))
		return 0;
	*name_a = i;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-'))
		i++;
	*name_b = i;
	if (i < n && s[i] != ' ' && s[i] != '/' && s[i] != '>')
		return 0;
	for (j = i; j < n; j++) {
		if (q != 0) {
			if (s[j] == q)
				q = 0;
		} else if (s[j] == '"' || s[j] == '\'')
			q = s[j];
		else if (s[j] == '>')
			return j + 1;
	}
	return 0;
}

/* One line being cleaned: what each construct's step reads and writes. */
struct clean_line {
	struct buf		*out;	/* the cleaned text */
	struct import_clean	*st;	/* state across lines */
	const char		*line;	/* the line */
	size_t			 n;	/* its length */
	import_note_fn		 note;
	import_asset_fn		 asset;
	void			*arg;
	struct buf		 rep;	/* an asset link's replacement */
	struct buf		 txt;	/* scratch for a note or link text */
};

/*
 * Each step looks at the line from byte i: it returns the bytes it took
 * (written or dropped), or 0 when what is there is not its construct.
 */

/* Inside an HTML comment left open on an earlier line: up to its end. */
static size_t
step_comment_tail(struct clean_line *c, size_t i)
{
	size_t	j;

	if (!c->st->in_comment)
		return 0;
	for (j = i; j + 2 < c->n && memcmp(c->line + j, "-->", 3) != 0; j++)
		;
	if (j + 2 < c->n) {
		c->st->in_comment = 0;
		return j + 3 - i;
	}
	return c->n - i;
}

/* A code span is copied as it is, up to the matching run of backticks. */
static size_t
step_code_span(struct clean_line *c, size_t i)
{
	const char	*line = c->line;
	size_t		 n = c->n, j, k;

	if (line[i] != '`')
		return 0;
	for (k = i; k < n && line[k] == '`'; k++)
		;
	for (j = k; j < n; j++)
		if (line[j] == '`') {
			size_t	m = j;

			while (m < n && line[m] == '`')
				m++;
			if (m - j == k - i)
				break;
			j = m - 1;
		}
	if (j >= n)
		j = k;
	else
		j += k - i;
	buf_put(c->out, line + i, j - i);
	return j - i;
}

/* A Kramdown attribute list {:...} or Liquid {% %} / {{ }}: dropped. */
static size_t
step_braces(struct clean_line *c, size_t i)
{
	const char	*line = c->line, *e;
	size_t		 n = c->n, j, elen;

	if (line[i] != '{' || i + 1 >= n || (line[i + 1] != ':' &&
	    line[i + 1] != '%' && line[i + 1] != '{'))
		return 0;
	e = line[i + 1] == ':' ? "}" : line[i + 1] == '%' ? "%}" : "}}";
	elen = strlen(e);
	for (j = i + 2; j + elen <= n && memcmp(line + j, e, elen) != 0; j++)
		;
	if (j + elen > n)
		return 0;
	j += elen;
	if (line[i + 1] == ':')
		note_removed(c->note, c->arg, i, "Kramdown attribute list",
		    line + i, j - i, "marche's Markdown has none");
	else
		note_removed(c->note, c->arg, i, "Liquid", line + i, j - i,
		    "marche does not run Liquid");
	/* "text {:x}" leaves no trailing space. */
	while (c->out->len > 0 && c->out->data[c->out->len - 1] == ' ' &&
	    (j == n || line[j] == ' '))
		c->out->len--;
	return j - i;
}

/* An HTML comment: dropped, perhaps to a later line. */
static size_t
step_html_comment(struct clean_line *c, size_t i)
{
	size_t	j;

	if (c->line[i] != '<' || i + 3 >= c->n ||
	    memcmp(c->line + i, "<!--", 4) != 0)
		return 0;
	for (j = i + 4; j + 2 < c->n && memcmp(c->line + j, "-->", 3) != 0;
	    j++)
		;
	c->note(c->arg, i, "HTML comment removed: marche's Markdown allows "
	    "no raw HTML");
	if (j + 2 < c->n)
		return j + 3 - i;
	c->st->in_comment = 1;
	return c->n - i;
}

/* A raw HTML tag: dropped, the text around it kept. */
static size_t
step_html_tag(struct clean_line *c, size_t i)
{
	size_t	j, ta, tb;

	if (c->line[i] != '<' ||
	    (j = html_tag(c->line + i, c->n - i, &ta, &tb)) == 0)
		return 0;
	buf_reset(&c->txt);
	buf_puts(&c->txt, "raw HTML ");
	quoted_excerpt(&c->txt, c->line + i, j);
	buf_puts(&c->txt, " removed, its text kept: marche's Markdown allows "
	    "no raw HTML");
	c->note(c->arg, i, buf_cstr(&c->txt));
	return j;
}

/* A link or image to one of the site's files: what asset() makes of it. */
static size_t
step_asset_link(struct clean_line *c, size_t i)
{
	const char	*line = c->line;
	size_t		 j, k, ta, tb, ua, ub;
	char		*path;

	if (line[i] != '[' && (line[i] != '!' || i + 1 >= c->n ||
	    line[i + 1] != '['))
		return 0;
	k = line[i] == '!' ? i + 1 : i;
	j = link_end(line, c->n, k, &ta, &tb, &ua, &ub);
	if (j == 0 || (path = asset_path(line + ua, ub - ua)) == NULL)
		return 0;
	buf_reset(&c->txt);
	buf_put(&c->txt, line + ta, tb - ta);
	buf_reset(&c->rep);
	c->asset(c->arg, i, path, buf_cstr(&c->txt), &c->rep);
	buf_put(c->out, c->rep.data, c->rep.len);
	free(path);
	return j - i;
}

/* "â€" and "Ã©": UTF-8 once read as Windows-1252, noted and kept. */
static size_t
step_twice_encoded(struct clean_line *c, size_t i)
{
	const char	*line = c->line;
	size_t		 k;

	if (c->n - i < 5 || (memcmp(line + i, "\xc3\xa2\xe2\x82", 4) != 0 &&
	    (memcmp(line + i, "\xc3\x83", 2) != 0 ||
	    ((unsigned char)line[i + 2] & 0xFE) != 0xC2)))
		return 0;
	c->note(c->arg, i, "this text looks encoded twice (UTF-8 read as "
	    "Windows-1252, as in 'â€“' for '–'): left as it is; correct it "
	    "by hand");
	k = (unsigned char)line[i + 2] == 0xE2 ? 5 : 4;
	buf_put(c->out, line + i, k);
	return k;
}

void
import_clean_line(struct buf *out, struct import_clean *st,
    const char *line, size_t n, import_note_fn note, import_asset_fn asset,
    void *arg)
{
	static size_t	(*const steps[])(struct clean_line *, size_t) = {
		step_comment_tail, step_code_span, step_braces,
		step_html_comment, step_html_tag, step_asset_link,
		step_twice_encoded
	};
	struct clean_line c = { out, st, line, n, note, asset, arg, BUF_INIT,
			    BUF_INIT };
	size_t		 i = 0, k, took;

	while (i < n) {
		took = 0;
		for (k = 0; k < sizeof(steps) / sizeof(steps[0]) && took == 0;
		    k++)
			took = steps[k](&c, i);
		if (took == 0) {
			buf_putc(out, line[i]);
			took = 1;
		}
		i += took;
	}
	buf_free(&c.rep);
	buf_free(&c.txt);
}
