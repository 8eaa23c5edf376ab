/*
 * Parsing dates and instants (see instant.h). The text is read field by
 * field, checking the shape and then the range of each field as it is
 * read, so the first problem from the left is the one reported, at the
 * byte offset where it starts. A written offset gives the epoch by plain
 * arithmetic; a local time is resolved in the zone by an ICU calendar,
 * which also tells whether the time falls in a daylight saving gap or
 * overlap.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include "diag.h"
#include "instant.h"
#include "instant_impl.h"
#include "xalloc.h"

#define OFFSET_MAX	(14 * 60)	/* the widest UTC offset, minutes */

enum field_id {
	F_YEAR,
	F_MONTH,
	F_DAY,
	F_HOUR,
	F_MINUTE,
	F_SECOND,
	F_OFF_HOUR,
	F_OFF_MINUTE
};

/* What a numeric field looks like, and what to say when it does not. */
struct field {
	int		 digits;	/* exactly this many digits */
	int		 min;		/* smallest accepted value */
	int		 max;		/* largest accepted value */
	const char	*shape;		/* message for the wrong digit count */
	const char	*range;		/* message for a value out of range */
};

static const struct field fields[] = {
	[F_YEAR] = { 4, 1970, 9999,
	    N_("the year must have 4 digits, as in 2021-07-12"),
	    N_("the year must be between 1970 and 9999") },
	[F_MONTH] = { 2, 1, 12,
	    N_("the month must have 2 digits, as in 2021-07-12"),
	    N_("the month must be between 01 and 12") },
	[F_DAY] = { 2, 1, 31,
	    N_("the day must have 2 digits, as in 2021-07-12"),
	    N_("the day must be between 01 and 31") },
	[F_HOUR] = { 2, 0, 23,
	    N_("the hour must have 2 digits, as in 23:59 or 09:00"),
	    N_("the hour must be between 00 and 23") },
	[F_MINUTE] = { 2, 0, 59,
	    N_("the minutes must have 2 digits, as in 23:59"),
	    N_("the minutes must be between 00 and 59") },
	[F_SECOND] = { 2, 0, 59,
	    N_("the seconds must have 2 digits, as in 23:59:59"),
	    N_("the seconds must be between 00 and 59 (there are no leap "
	    "seconds here)") },
	/* The offset's range is checked as a whole. */
	[F_OFF_HOUR] = { 2, 0, 99,
	    N_("the offset must be written with 2-digit hours, as in "
	    "-04:00"),
	    "" },
	[F_OFF_MINUTE] = { 2, 0, 59,
	    N_("the offset must be written with 2-digit minutes, as in "
	    "-04:00"),
	    N_("the offset minutes must be between 00 and 59") }
};

enum instant_problem
instant_fail(struct instant_error *err, enum instant_problem prob,
    int col, const char *fmt, ...)
{
	va_list	ap;

	err->col = col;
	va_start(ap, fmt);
	/*
	 * In English, with its French remembered for the diagnostic; "%s"
	 * takes a message of fields[] or expect(), marked N_().
	 */
	if (strcmp(fmt, "%s") == 0)
		snprintf(err->msg, sizeof(err->msg), "%s",
		    diag_arg(va_arg(ap, const char *)));
	else
		diag_vfragment(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return prob;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar:
 * years counted from March so the leap day comes last. */
long long
instant_days_from_civil(int y, int m, int d)
{
	long long	yy, era, yoe, doy, doe;

	yy = m <= 2 ? y - 1 : y;
	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Read the field id at p->pos into *out. */
static enum instant_problem
read_field(struct parser *p, enum field_id id, int *out)
{
	const struct field	*f = &fields[id];
	size_t			 start = p->pos, n = 0;
	int			 v = 0;

	while (is_digit(p->s[start + n])) {
		if (n < 9)
			v = v * 10 + (p->s[start + n] - '0');
		n++;
	}
	if (n != (size_t)f->digits)
		return instant_fail(p->err, INSTANT_SYNTAX, (int)start, "%s",
		    f->shape);
	p->pos += n;
	if (v < f->min || v > f->max)
		return instant_fail(p->err, INSTANT_RANGE, (int)start, "%s",
		    f->range);
	*out = v;
	return INSTANT_OK;
}

/* Skip the separator c at p->pos, or fail with msg. */
static enum instant_problem
expect(struct parser *p, char c, const char *msg)
{
	if (p->s[p->pos] != c)
		return instant_fail(p->err, INSTANT_SYNTAX, (int)p->pos, "%s",
		    msg);
	p->pos++;
	return INSTANT_OK;
}

/* Month names and their usual abbreviations, English and French, in
 * lower case without accents; a name's month is its index % 12 + 1. */
static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
	"nov", "dec",
	"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet",
	"aout", "septembre", "octobre", "novembre", "decembre",
	"janv", "fevr", "mars", "avr", "mai", "juin", "juil", "aout", "sept",
	"oct", "nov", "dec"
};

/* The month a word names (n bytes, any case, é and û as e and u), or 0. */
static int
month_of(const char *w, size_t n)
{
	char	low[16];
	size_t	i, k = 0;

	for (i = 0; i < n && k < sizeof(low) - 1; i++) {
		unsigned char c = (unsigned char)w[i];

		if (c == 0xC3 && i + 1 < n && ((unsigned char)w[i + 1] == 0xA9 ||
		    (unsigned char)w[i + 1] == 0x89)) {
			low[k++] = 'e';	/* é, É */
			i++;
		} else if (c == 0xC3 && i + 1 < n && ((unsigned char)w[i + 1] ==
		    0xBB || (unsigned char)w[i + 1] == 0x9B)) {
			low[k++] = 'u';	/* û, Û */
			i++;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			low[k++] = (char)(c | 0x20);
		} else {
			return 0;
		}
	}
	if (i < n)
		return 0;
	low[k] = '\0';
	for (i = 0; i < sizeof(month_names) / sizeof(month_names[0]); i++)
		if (strcmp(low, month_names[i]) == 0)
			return (int)(i % 12) + 1;
	return 0;
}

/*
 * A date written out in words, "June 5 2027", "June 5, 2027", "5 juin
 * 2027" or "1er juin 2027" (whatever follows the year is left alone):
 * sets *y, *m, *d and returns 1, else 0.
 */
static int
written_date(const char *s, int *y, int *m, int *d)
{
	const char	*w[3];
	size_t		 len[3], k, i;
	int		 v[3], month = 0, mi = -1;

	for (k = 0; k < 3; k++) {
		while (*s == ' ' || *s == ',' || *s == '.')
			s++;
		w[k] = s;
		while (*s != '\0' && *s != ' ' && *s != ',' && *s != '.')
			s++;
		len[k] = (size_t)(s - w[k]);
		if (len[k] == 0)
			return 0;
	}
	for (k = 0; k < 3; k++) {
		v[k] = -1;
		if ((month = month_of(w[k], len[k])) != 0 && mi < 0) {
			mi = (int)k;
			v[k] = month;
			continue;
		}
		/* A number, perhaps "1er" or "1st". */
		for (i = 0, v[k] = 0; i < len[k] && is_digit(w[k][i]) &&
		    i < 4; i++)
			v[k] = v[k] * 10 + (w[k][i] - '0');
		if (i == 0 || (i < len[k] && !(len[k] - i <= 2 &&
		    (w[k][i] | 0x20) >= 'a' && (w[k][i] | 0x20) <= 'z')))
			return 0;
	}
	/* Month first, then day and year; or day, month, year. */
	if (mi == 0) {
		*m = v[0];
		*d = v[1];
	} else if (mi == 1) {
		*d = v[0];
		*m = v[1];
	} else {
		return 0;
	}
	*y = v[2];
	return *y >= 1970 && *y <= 9999 && *d >= 1 &&
	    *d <= days_in_month(*y, *m);
}

static enum instant_problem
parse_date(struct parser *p, struct instant *in)
{
	enum instant_problem	 prob;
	size_t			 day_col;
	int			 y, m, d;

	if (p->s[0] == '\0')
		return instant_fail(p->err, INSTANT_SYNTAX, 0,
		    "the date is empty; write it as 2021-07-12");
	/* "June 5 2027": say how to write it. */
	if (written_date(p->s, &y, &m, &d))
		return instant_fail(p->err, INSTANT_SYNTAX, 0, "a date is "
		    "written with digits, year-month-day: write "
		    "%04d-%02d-%02d", y, m, d);
	if (month_of(p->s, strcspn(p->s, " ,.0123456789")) != 0 ||
	    (p->s[0] >= 'A' && p->s[0] <= 'z' && !is_digit(p->s[0])))
		return instant_fail(p->err, INSTANT_SYNTAX, 0, "a date is "
		    "written with digits, year-month-day, as in 2021-07-12 "
		    "for July 12, 2021");
	if ((prob = read_field(p, F_YEAR, &in->year)) != INSTANT_OK ||
	    (prob = expect(p, '-', "expected '-' after the year, as in "
	    "2021-07-12")) != INSTANT_OK ||
	    (prob = read_field(p, F_MONTH, &in->month)) != INSTANT_OK ||
	    (prob = expect(p, '-', "expected '-' after the month, as in "
	    "2021-07-12")) != INSTANT_OK)
		return prob;
	day_col = p->pos;
	if ((prob = read_field(p, F_DAY, &in->day)) != INSTANT_OK)
		return prob;
	if (in->day > days_in_month(in->year, in->month)) {
		if (in->month == 2 && in->day == 29)
			return instant_fail(p->err, INSTANT_RANGE, (int)day_col,
			    "%04d-02-29 does not exist: %04d is not a leap "
			    "year", in->year, in->year);
		return instant_fail(p->err, INSTANT_RANGE, (int)day_col,
		    "the day must be between 01 and %02d in %04d-%02d",
		    days_in_month(in->year, in->month), in->year, in->month);
	}
	return INSTANT_OK;
}

/* After the date: nothing, or 'T' or ' ' and a time. */
static enum instant_problem
parse_time_sep(struct parser *p, int *has_time)
{
	char	c = p->s[p->pos];

	*has_time = 0;
	if (c == '\0')
		return INSTANT_OK;
	if (c == 't')
		return instant_fail(p->err, INSTANT_SYNTAX, (int)p->pos,
		    "write a capital T between the date and the time, as in "
		    "2021-07-12T23:59");
	if (c != 'T' && c != ' ')
		return instant_fail(p->err, INSTANT_SYNTAX, (int)p->pos,
		    "unexpected text after the date; a time is written "
		    "after a T, as in 2021-07-12T23:59");
	p->pos++;
	if (!is_digit(p->s[p->pos]))
		return instant_fail(p->err, INSTANT_SYNTAX, (int)p->pos,
		    "expected a time after the date, as in "
		    "2021-07-12T23:59");
	*has_time = 1;
	return INSTANT_OK;
}

static enum instant_problem
parse_time(struct parser *p, struct instant *in)
{
	enum instant_problem	prob;

	p->time_col = p->pos;
	if ((prob = read_field(p, F_HOUR, &in->hour)) != INSTANT_OK ||
	    (prob = expect(p, ':', "expected ':' between the hour and the "
	    "minutes, as in 23:59")) != INSTANT_OK ||
	    (prob = read_field(p, F_MINUTE, &in->minute)) != INSTANT_OK)
		return prob;
	if (p->s[p->pos] == ':') {
		p->pos++;
		if ((prob = read_field(p, F_SECOND, &in->second)) !=
		    INSTANT_OK)
			return prob;
	}
	if (p->s[p->pos] == '.' || p->s[p->pos] == ',')
		return instant_fail(p->err, INSTANT_SYNTAX, (int)p->pos,
		    "fractions of a second are not accepted; write the time "
		    "as 23:59:59");
	return INSTANT_OK;
}

/* After the time: nothing, Z, or +HH:MM / -HH:MM. */
static enum instant_problem
parse_offset(struct parser *p, struct instant *in)
{
	enum instant_problem	 prob;
	size_t			 sign_col = p->pos;
	char			 c = p->s[p->pos];
	size_t			 n;
	int			 h, m;

	if (c == '\0')
		return INSTANT_OK;
	if (c == 'Z') {
		p->pos++;
		in->has_offset = 1;
		in->offset_min = 0;
		return INSTANT_OK;
	}
	if (c == 'z')
		return instant_fail(p->err, INSTANT_SYNTAX, (int)p->pos,
		    "write UTC as a capital Z, as in 2021-07-12T23:59:59Z");
	if (c != '+' && c != '-')
		return instant_fail(p->err, INSTANT_SYNTAX, (int)p->pos,
		    "unexpected text after the time; an offset is written "
		    "Z, -04:00 or +05:30");
	p->pos++;
	/* -0400: the colon is missing after the hours. */
	for (n = 0; is_digit(p->s[p->pos + n]); n++)
		continue;
	if (n == 4)
		return instant_fail(p->err, INSTANT_SYNTAX, (int)(p->pos + 2),
		    "write the offset with a colon, as in -04:00");
	if ((prob = read_field(p, F_OFF_HOUR, &h)) != INSTANT_OK ||
	    (prob = expect(p, ':', "expected ':' in the offset, as in "
	    "-04:00")) != INSTANT_OK ||
	    (prob = read_field(p, F_OFF_MINUTE, &m)) != INSTANT_OK)
		return prob;
	if (h * 60 + m > OFFSET_MAX)
		return instant_fail(p->err, INSTANT_RANGE, (int)sign_col,
		    "the offset must be between -14:00 and +14:00");
	in->has_offset = 1;
	in->offset_min = (c == '-' ? -1 : 1) * (h * 60 + m);
	return INSTANT_OK;
}

/* Read every field of p->s into *in; with an offset, set the epoch. */
static enum instant_problem
parse_fields(struct parser *p, struct instant *in)
{
	enum instant_problem	prob;

	memset(in, 0, sizeof(*in));
	if ((prob = parse_date(p, in)) != INSTANT_OK ||
	    (prob = parse_time_sep(p, &in->has_time)) != INSTANT_OK)
		return prob;
	if (in->has_time &&
	    ((prob = parse_time(p, in)) != INSTANT_OK ||
	    (prob = parse_offset(p, in)) != INSTANT_OK))
		return prob;
	if (p->s[p->pos] != '\0')
		return instant_fail(p->err, INSTANT_SYNTAX, (int)p->pos,
		    "unexpected text after the %s",
		    in->has_offset ? N_("offset") : N_("time"));
	if (in->has_offset)
		in->epoch = instant_days_from_civil(in->year, in->month, in->day) *
		    86400 + in->hour * 3600 + in->minute * 60 + in->second -
		    in->offset_min * 60LL;
	return INSTANT_OK;
}


enum instant_problem
instant_parse(struct instant *out, struct instant_error *err, const char *s,
    const char *tz)
{
	struct instant_error	 dummy;
	struct parser		 p;
	struct instant		 in;
	enum instant_problem	 prob;

	p.s = s;
	p.pos = 0;
	p.time_col = 0;
	p.err = err != NULL ? err : &dummy;
	p.err->col = 0;
	p.err->msg[0] = '\0';
	if ((prob = parse_fields(&p, &in)) != INSTANT_OK)
		return prob;
	if (!in.has_offset &&
	    (prob = instant_resolve_local(&p, &in, tz)) != INSTANT_OK)
		return prob;
	*out = in;
	return INSTANT_OK;
}

int
instant_parse_now(long long *out, const char *s)
{
	struct instant_error	 err;
	struct instant		 in;
	struct parser		 p;
	long long		 v = 0;
	size_t			 i;

	if (s == NULL || s[0] == '\0')
		return -1;
	for (i = 0; is_digit(s[i]); i++) {
		v = v * 10 + (s[i] - '0');
		if (v > EPOCH_MAX)
			return -1;
	}
	if (s[i] == '\0') {
		*out = v;
		return 0;
	}
	p.s = s;
	p.pos = 0;
	p.time_col = 0;
	p.err = &err;
	if (parse_fields(&p, &in) != INSTANT_OK || !in.has_offset)
		return -1;
	*out = in.epoch;
	return 0;
}

int
instant_parse_duration(long long *out, const char *s)
{
	static const char	 units[] = "dhm";
	static const long long	 secs[] = { 86400, 3600, 60 };
	const char		*p = s;
	long long		 total = 0, v;
	int			 iso = 0, in_time = 0, last = -1, u;

	if (s == NULL)
		return -1;
	if (*p == 'P') {
		iso = 1;
		p++;
	}
	while (*p != '\0') {
		if (iso && *p == 'T' && !in_time) {
			in_time = 1;
			p++;
			continue;
		}
		if (!is_digit(*p))
			return -1;
		for (v = 0; is_digit(*p); p++) {
			v = v * 10 + (*p - '0');
			if (v > 3660LL * 24 * 60)
				return -1;
		}
		for (u = 0; u < 3; u++)
			if (*p == (iso ? "DHM"[u] : units[u]))
				break;
		/* Units come largest first, once each; ISO puts T first. */
		if (u == 3 || u <= last || (iso && (u > 0) != in_time))
			return -1;
		last = u;
		total += v * secs[u];
		if (total > 3660LL * 86400)
			return -1;
		p++;
	}
	/* Nothing after the T of ISO 8601 ("P1DT") is not a span either. */
	if (last < 0 || total <= 0 || (in_time && last < 1))
		return -1;
	*out = total;
	return 0;
}

void
instant_civil_from_days(int *y, int *m, int *d, long long days)
{
	long long	era, doe, yoe, doy, mp;

	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Write v (0 to 10^width - 1) in width digits, zero-padded, at p. */
static char *
put_digits(char *p, long long v, int width)
{
	int	i;

	for (i = width - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + width;
}

size_t
instant_iso(char iso[INSTANT_ISO_MAX], int y, int mo, int da, int has_time,
    long long secs, int off)
{
	char	*p = iso;
	int	 aoff = off < 0 ? -off : off;

	/* printf for what does not fit the widths (never a real moment). */
	if (y < 0 || y > 9999 || mo < 0 || mo > 99 || da < 0 || da > 99 ||
	    (has_time && (secs < 0 || secs >= 86400 || off < -5999 ||
	    off > 5999)))
		return has_time ? (size_t)snprintf(iso, INSTANT_ISO_MAX,
		    "%04d-%02d-%02dT%02lld:%02lld:%02lld%c%02d:%02d", y, mo,
		    da, secs / 3600, secs / 60 % 60, secs % 60,
		    off < 0 ? '-' : '+', aoff / 60, aoff % 60) :
		    (size_t)snprintf(iso, INSTANT_ISO_MAX, "%04d-%02d-%02d", y,
		    mo, da);
	p = put_digits(p, y, 4);
	*p++ = '-';
	p = put_digits(p, mo, 2);
	*p++ = '-';
	p = put_digits(p, da, 2);
	if (has_time) {
		*p++ = 'T';
		p = put_digits(p, secs / 3600, 2);
		*p++ = ':';
		p = put_digits(p, secs / 60 % 60, 2);
		*p++ = ':';
		p = put_digits(p, secs % 60, 2);
		*p++ = off < 0 ? '-' : '+';
		p = put_digits(p, aoff / 60, 2);
		*p++ = ':';
		p = put_digits(p, aoff % 60, 2);
	}
	*p = '\0';
	return (size_t)(p - iso);
}
