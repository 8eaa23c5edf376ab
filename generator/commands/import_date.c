/*
 * Dates in an imported post, in numbers ("2021-04-01 14:00 -0400") or in
 * English or French words ("April 1, 2021 at 2 p.m. EDT"). See import.h.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import.h"
#include "import_impl.h"

/* Month names, English and French, normalised (see import_words_norm). */
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
		import_words_norm(&w, start, (size_t)(p - start));
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
