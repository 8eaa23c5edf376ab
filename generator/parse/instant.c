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
#include "xalloc.h"

#define ZONE_MAX	128		/* UChars for a zone name, with NUL */
#define EPOCH_MIN	(-62135596800LL) /* 0001-01-01T00:00:00Z */
#define EPOCH_MAX	253402300799LL	/* 9999-12-31T23:59:59Z */
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

/* Reading state. */
struct parser {
	const char		*s;	/* the input, NUL-terminated */
	size_t			 pos;	/* byte offset of the next character */
	size_t			 time_col; /* byte offset of the hour */
	struct instant_error	*err;	/* where problems are described */
};

static enum instant_problem
fail(struct instant_error *err, enum instant_problem prob, int col,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum instant_problem
fail(struct instant_error *err, enum instant_problem prob, int col,
    const char *fmt, ...)
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
		return fail(p->err, INSTANT_SYNTAX, (int)start, "%s",
		    f->shape);
	p->pos += n;
	if (v < f->min || v > f->max)
		return fail(p->err, INSTANT_RANGE, (int)start, "%s", f->range);
	*out = v;
	return INSTANT_OK;
}

/* Skip the separator c at p->pos, or fail with msg. */
static enum instant_problem
expect(struct parser *p, char c, const char *msg)
{
	if (p->s[p->pos] != c)
		return fail(p->err, INSTANT_SYNTAX, (int)p->pos, "%s", msg);
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
		return fail(p->err, INSTANT_SYNTAX, 0,
		    "the date is empty; write it as 2021-07-12");
	/* "June 5 2027": say how to write it. */
	if (written_date(p->s, &y, &m, &d))
		return fail(p->err, INSTANT_SYNTAX, 0, "a date is written "
		    "with digits, year-month-day: write %04d-%02d-%02d",
		    y, m, d);
	if (month_of(p->s, strcspn(p->s, " ,.0123456789")) != 0 ||
	    (p->s[0] >= 'A' && p->s[0] <= 'z' && !is_digit(p->s[0])))
		return fail(p->err, INSTANT_SYNTAX, 0, "a date is written "
		    "with digits, year-month-day, as in 2021-07-12 for July "
		    "12, 2021");
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
			return fail(p->err, INSTANT_RANGE, (int)day_col,
			    "%04d-02-29 does not exist: %04d is not a leap "
			    "year", in->year, in->year);
		return fail(p->err, INSTANT_RANGE, (int)day_col,
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
		return fail(p->err, INSTANT_SYNTAX, (int)p->pos,
		    "write a capital T between the date and the time, as in "
		    "2021-07-12T23:59");
	if (c != 'T' && c != ' ')
		return fail(p->err, INSTANT_SYNTAX, (int)p->pos,
		    "unexpected text after the date; a time is written "
		    "after a T, as in 2021-07-12T23:59");
	p->pos++;
	if (!is_digit(p->s[p->pos]))
		return fail(p->err, INSTANT_SYNTAX, (int)p->pos,
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
		return fail(p->err, INSTANT_SYNTAX, (int)p->pos,
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
		return fail(p->err, INSTANT_SYNTAX, (int)p->pos,
		    "write UTC as a capital Z, as in 2021-07-12T23:59:59Z");
	if (c != '+' && c != '-')
		return fail(p->err, INSTANT_SYNTAX, (int)p->pos,
		    "unexpected text after the time; an offset is written "
		    "Z, -04:00 or +05:30");
	p->pos++;
	/* -0400: the colon is missing after the hours. */
	for (n = 0; is_digit(p->s[p->pos + n]); n++)
		continue;
	if (n == 4)
		return fail(p->err, INSTANT_SYNTAX, (int)(p->pos + 2),
		    "write the offset with a colon, as in -04:00");
	if ((prob = read_field(p, F_OFF_HOUR, &h)) != INSTANT_OK ||
	    (prob = expect(p, ':', "expected ':' in the offset, as in "
	    "-04:00")) != INSTANT_OK ||
	    (prob = read_field(p, F_OFF_MINUTE, &m)) != INSTANT_OK)
		return prob;
	if (h * 60 + m > OFFSET_MAX)
		return fail(p->err, INSTANT_RANGE, (int)sign_col,
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
		return fail(p->err, INSTANT_SYNTAX, (int)p->pos,
		    "unexpected text after the %s",
		    in->has_offset ? N_("offset") : N_("time"));
	if (in->has_offset)
		in->epoch = instant_days_from_civil(in->year, in->month, in->day) *
		    86400 + in->hour * 3600 + in->minute * 60 + in->second -
		    in->offset_min * 60LL;
	return INSTANT_OK;
}

/* The zone name tz as UTF-16 in zone[ZONE_MAX]; -1 if it does not fit. */
static int
zone_uchars(UChar *zone, const char *tz)
{
	UErrorCode	uerr = U_ZERO_ERROR;
	int32_t		len;

	if (tz == NULL)
		return -1;
	u_strFromUTF8(zone, ZONE_MAX, &len, tz, -1, &uerr);
	if (U_FAILURE(uerr) || len >= ZONE_MAX)
		return -1;
	return 0;
}

/* The zone's offset in minutes at ms, through cal. */
static int
offset_at(UCalendar *cal, UDate ms, int *out_min)
{
	UErrorCode	uerr = U_ZERO_ERROR;
	int32_t		zone, dst;

	ucal_setMillis(cal, ms, &uerr);
	zone = ucal_get(cal, UCAL_ZONE_OFFSET, &uerr);
	dst = ucal_get(cal, UCAL_DST_OFFSET, &uerr);
	if (U_FAILURE(uerr))
		return -1;
	*out_min = (zone + dst) / 60000;
	return 0;
}

/* Whole seconds (rounded down) in ms, which ICU keeps within 2^53. */
static long long
millis_seconds(UDate ms)
{
	long long	v = (long long)ms;

	return v >= 0 ? v / 1000 : -((-v + 999) / 1000);
}

/* The local minute of the day (0-1439) of ms at offset off_min. */
static int
local_minute(UDate ms, int off_min)
{
	long long	sec = millis_seconds(ms) + off_min * 60LL;

	return (int)(((sec % 86400) + 86400) % 86400 / 60);
}

/* Write "-04:00" into o (at least 7 bytes). */
static void
offset_text(char *o, size_t size, int off_min)
{
	int	a = off_min < 0 ? -off_min : off_min;

	snprintf(o, size, "%c%02d:%02d", off_min < 0 ? '-' : '+', a / 60,
	    a % 60);
}

/* The wall time of in, in cal's zone, with the current attributes. */
static UDate
local_millis(UCalendar *cal, const struct instant *in, UErrorCode *uerr)
{
	ucal_clear(cal);
	ucal_setDateTime(cal, in->year, in->month - 1, in->day, in->hour,
	    in->minute, in->second, uerr);
	return ucal_getMillis(cal, uerr);
}

/*
 * Say that in's local time does not exist: where the clocks jump, and the
 * one real instant it most likely means, the wall time read with the
 * offset in force before the jump (02:30 at -05:00 is 03:30 at -04:00).
 * The suggestion is written the way the input was (separator, seconds)
 * and, without an offset, resolves to that instant with no warning.
 */
static enum instant_problem
describe_gap(struct parser *p, UCalendar *cal, const struct instant *in,
    const char *tz)
{
	UErrorCode	uerr = U_ZERO_ERROR;
	UDate		next;
	int		before, after, to, from, y, mo, d, secs;
	long long	t;
	char		sep = p->s[10];
	int		with_sec = p->s[p->time_col + 5] == ':';
	char		oa[16], sug[32], jump[32];

	ucal_setAttribute(cal, UCAL_LENIENT, 1);
	ucal_setAttribute(cal, UCAL_SKIPPED_WALL_TIME,
	    UCAL_WALLTIME_NEXT_VALID);
	next = local_millis(cal, in, &uerr);
	if (U_FAILURE(uerr) || offset_at(cal, next - 1000, &before) == -1 ||
	    offset_at(cal, next, &after) == -1)
		return fail(p->err, INSTANT_SKIPPED, (int)p->time_col,
		    "%02d:%02d on %04d-%02d-%02d does not exist in %.64s; "
		    "give the offset, or another time", in->hour, in->minute,
		    in->year, in->month, in->day, tz);
	to = local_minute(next, after);
	from = ((to - (after - before)) % 1440 + 1440) % 1440;
	/* The wall time at the old offset, shown at the new one. */
	t = instant_days_from_civil(in->year, in->month, in->day) * 86400 +
	    in->hour * 3600 + in->minute * 60 + in->second -
	    before * 60LL + after * 60LL;
	instant_civil_from_days(&y, &mo, &d, t >= 0 ? t / 86400 :
	    -((-t + 86399) / 86400));
	secs = (int)(((t % 86400) + 86400) % 86400);
	if (with_sec)
		snprintf(sug, sizeof(sug), "%04d-%02d-%02d%c%02d:%02d:%02d",
		    y, mo, d, sep, secs / 3600, secs / 60 % 60, secs % 60);
	else
		snprintf(sug, sizeof(sug), "%04d-%02d-%02d%c%02d:%02d", y, mo,
		    d, sep, secs / 3600, secs / 60 % 60);
	offset_text(oa, sizeof(oa), after);
	if (after - before >= 1440)	/* a whole day skipped (Samoa, 2011) */
		snprintf(jump, sizeof(jump), "%d hours ahead",
		    (after - before) / 60);
	else
		snprintf(jump, sizeof(jump), "from %02d:%02d to %02d:%02d",
		    from / 60, from % 60, to / 60, to % 60);
	return fail(p->err, INSTANT_SKIPPED, (int)p->time_col,
	    "%02d:%02d on %04d-%02d-%02d does not exist in %.64s: clocks "
	    "jump %s; did you mean %s (%02d:%02d at %s)?", in->hour,
	    in->minute, in->year, in->month, in->day, tz, jump, sug,
	    secs / 3600, secs / 60 % 60, oa);
}

/* Say that in's local time happens twice, at first and then at last. */
static enum instant_problem
describe_overlap(struct parser *p, UCalendar *cal, const struct instant *in,
    const char *tz, UDate first, UDate last)
{
	UErrorCode	uerr = U_ZERO_ERROR;
	UDate		change = 0;
	int		o1, o2, from, to;
	char		t1[16], t2[16];

	if (offset_at(cal, first, &o1) == -1 ||
	    offset_at(cal, last, &o2) == -1)
		return fail(p->err, INSTANT_REPEATED, (int)p->time_col,
		    "%02d:%02d on %04d-%02d-%02d happens twice in %.64s; "
		    "give the offset", in->hour, in->minute, in->year,
		    in->month, in->day, tz);
	offset_text(t1, sizeof(t1), o1);
	offset_text(t2, sizeof(t2), o2);
	ucal_setMillis(cal, first, &uerr);
	if (!ucal_getTimeZoneTransitionDate(cal, UCAL_TZ_TRANSITION_NEXT,
	    &change, &uerr) || U_FAILURE(uerr))
		return fail(p->err, INSTANT_REPEATED, (int)p->time_col,
		    "%02d:%02d on %04d-%02d-%02d happens twice in %.64s; "
		    "give the offset, %s for the first time or %s for the "
		    "second", in->hour, in->minute, in->year, in->month,
		    in->day, tz, t1, t2);
	from = local_minute(change, o1);
	to = local_minute(change, o2);
	return fail(p->err, INSTANT_REPEATED, (int)p->time_col,
	    "%02d:%02d on %04d-%02d-%02d happens twice in %.64s: clocks go "
	    "back from %02d:%02d to %02d:%02d; give the offset, %s for the "
	    "first time or %s for the second", in->hour, in->minute,
	    in->year, in->month, in->day, tz, from / 60, from % 60, to / 60,
	    to % 60, t1, t2);
}

/*
 * Resolve in's local date or time in zone tz. A strict calendar refuses a
 * time in a gap; otherwise the first and the last reading of the wall
 * time differ when it happens twice. A date alone takes the first valid
 * instant of its day.
 */
static enum instant_problem
resolve_local(struct parser *p, struct instant *in, const char *tz)
{
	enum instant_problem	 prob = INSTANT_OK;
	UErrorCode		 uerr = U_ZERO_ERROR;
	UCalendar		*cal = NULL;
	UChar			 zone[ZONE_MAX];
	UDate			 first, last;

	if (tz == NULL || tz[0] == '\0')
		return fail(p->err, INSTANT_BAD_ZONE, -1, "no time zone is "
		    "set; use an IANA name such as America/Toronto");
	if (zone_uchars(zone, tz) == -1 || !instant_zone_valid(tz))
		return fail(p->err, INSTANT_BAD_ZONE, -1, "unknown time zone "
		    "'%.64s'; use an IANA name such as America/Toronto", tz);
	cal = ucal_open(zone, -1, "", UCAL_GREGORIAN, &uerr);
	if (U_FAILURE(uerr)) {
		prob = fail(p->err, INSTANT_BAD_ZONE, -1, "the time zone "
		    "data for %.64s could not be loaded", tz);
		goto out;
	}
	ucal_setAttribute(cal, UCAL_REPEATED_WALL_TIME, UCAL_WALLTIME_FIRST);
	if (!in->has_time) {
		ucal_setAttribute(cal, UCAL_SKIPPED_WALL_TIME,
		    UCAL_WALLTIME_NEXT_VALID);
		first = local_millis(cal, in, &uerr);
	} else {
		ucal_setAttribute(cal, UCAL_LENIENT, 0);
		first = local_millis(cal, in, &uerr);
		if (uerr == U_ILLEGAL_ARGUMENT_ERROR) {
			prob = describe_gap(p, cal, in, tz);
			goto out;
		}
		ucal_setAttribute(cal, UCAL_REPEATED_WALL_TIME,
		    UCAL_WALLTIME_LAST);
		last = local_millis(cal, in, &uerr);
		if (U_SUCCESS(uerr) && first != last) {
			prob = describe_overlap(p, cal, in, tz, first, last);
			goto out;
		}
	}
	if (U_FAILURE(uerr) || offset_at(cal, first, &in->offset_min) == -1) {
		prob = fail(p->err, INSTANT_BAD_ZONE, -1, "the time zone "
		    "data for %.64s could not be used", tz);
		goto out;
	}
	in->epoch = millis_seconds(first);
out:
	if (cal != NULL)
		ucal_close(cal);
	return prob;
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
	    (prob = resolve_local(&p, &in, tz)) != INSTANT_OK)
		return prob;
	*out = in;
	return INSTANT_OK;
}

int
instant_zone_valid(const char *tz)
{
	UErrorCode	uerr = U_ZERO_ERROR;
	UChar		zone[ZONE_MAX], canon[ZONE_MAX];
	UBool		sys = 0;

	if (zone_uchars(zone, tz) == -1)
		return 0;
	ucal_getCanonicalTimeZoneID(zone, -1, canon, ZONE_MAX, &sys, &uerr);
	return U_SUCCESS(uerr) && sys && strcmp(tz, "Etc/Unknown") != 0;
}

/*
 * Calendars of the zones asked about, kept by each thread (ICU calendars
 * may not be shared): opening one costs far more than asking it an
 * offset, and a build asks thousands of times about one zone.
 */
#define ZONE_CALS	4

struct zone_cal {
	char		*tz;	/* the zone's name, owned; NULL if unused */
	UCalendar	*cal;	/* a Gregorian calendar in that zone */
};

static _Thread_local struct zone_cal	zone_cals[ZONE_CALS];
static _Thread_local size_t		zone_cal_next;	/* to reuse when
							 * full */

/* The calling thread's calendar in zone tz; NULL if tz is unknown. */
static UCalendar *
zone_calendar(const char *tz)
{
	UErrorCode	 uerr = U_ZERO_ERROR;
	struct zone_cal	*zc = NULL;
	UCalendar	*cal;
	UChar		 zone[ZONE_MAX];
	size_t		 i;

	if (tz == NULL)
		return NULL;
	for (i = 0; i < ZONE_CALS; i++)
		if (zone_cals[i].tz != NULL && strcmp(zone_cals[i].tz, tz) == 0)
			return zone_cals[i].cal;
	if (zone_uchars(zone, tz) == -1 || !instant_zone_valid(tz))
		return NULL;
	cal = ucal_open(zone, -1, "", UCAL_GREGORIAN, &uerr);
	if (U_FAILURE(uerr))
		return NULL;
	for (i = 0; i < ZONE_CALS && zc == NULL; i++)
		if (zone_cals[i].tz == NULL)
			zc = &zone_cals[i];
	if (zc == NULL) {
		zc = &zone_cals[zone_cal_next];
		zone_cal_next = (zone_cal_next + 1) % ZONE_CALS;
		ucal_close(zc->cal);
		free(zc->tz);
	}
	zc->tz = xstrdup(tz);
	zc->cal = cal;
	return cal;
}

void
instant_cleanup(void)
{
	size_t	i;

	for (i = 0; i < ZONE_CALS; i++) {
		if (zone_cals[i].tz == NULL)
			continue;
		ucal_close(zone_cals[i].cal);
		free(zone_cals[i].tz);
		zone_cals[i].tz = NULL;
		zone_cals[i].cal = NULL;
	}
	zone_cal_next = 0;
}

int
instant_zone_offset(int *out_min, long long epoch, const char *tz)
{
	UCalendar	*cal;

	if (epoch < EPOCH_MIN || epoch > EPOCH_MAX ||
	    (cal = zone_calendar(tz)) == NULL)
		return -1;
	return offset_at(cal, (UDate)epoch * 1000.0, out_min);
}

static long long
floor_div(long long a, long long b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

long long
instant_local_day(long long epoch, const char *tz)
{
	int	off;

	if (instant_zone_offset(&off, epoch, tz) != 0)
		off = 0;
	return floor_div(epoch + off * 60LL, 86400);
}

long long
instant_next_local_day(long long epoch, const char *tz)
{
	long long	day = instant_local_day(epoch, tz), t;
	int		off;

	/* Midnight of the next day with the offset in force then, moved
	 * by whole minutes to the first moment of the next day when a
	 * transition skips or repeats midnight. */
	if (instant_zone_offset(&off, epoch, tz) != 0)
		off = 0;
	t = (day + 1) * 86400 - off * 60LL;
	if (instant_zone_offset(&off, t, tz) == 0)
		t = (day + 1) * 86400 - off * 60LL;
	while (instant_local_day(t, tz) <= day)
		t += 60;
	while (t - 60 > epoch && instant_local_day(t - 60, tz) > day)
		t -= 60;
	return t;
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
