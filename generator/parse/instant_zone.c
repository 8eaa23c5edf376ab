/*
 * Time zones for dates and instants, through ICU calendars: a local time
 * resolved in a zone (with its daylight saving gaps and overlaps
 * described), a zone's offset at an instant, and local days. Each thread
 * keeps a few calendars open by zone.
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

static UCalendar	*zone_calendar(const char *tz);

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
		return instant_fail(p->err, INSTANT_SKIPPED, (int)p->time_col,
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
	return instant_fail(p->err, INSTANT_SKIPPED, (int)p->time_col,
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
		return instant_fail(p->err, INSTANT_REPEATED, (int)p->time_col,
		    "%02d:%02d on %04d-%02d-%02d happens twice in %.64s; "
		    "give the offset", in->hour, in->minute, in->year,
		    in->month, in->day, tz);
	offset_text(t1, sizeof(t1), o1);
	offset_text(t2, sizeof(t2), o2);
	ucal_setMillis(cal, first, &uerr);
	if (!ucal_getTimeZoneTransitionDate(cal, UCAL_TZ_TRANSITION_NEXT,
	    &change, &uerr) || U_FAILURE(uerr))
		return instant_fail(p->err, INSTANT_REPEATED, (int)p->time_col,
		    "%02d:%02d on %04d-%02d-%02d happens twice in %.64s; "
		    "give the offset, %s for the first time or %s for the "
		    "second", in->hour, in->minute, in->year, in->month,
		    in->day, tz, t1, t2);
	from = local_minute(change, o1);
	to = local_minute(change, o2);
	return instant_fail(p->err, INSTANT_REPEATED, (int)p->time_col,
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
enum instant_problem
instant_resolve_local(struct parser *p, struct instant *in, const char *tz)
{
	UErrorCode		 uerr = U_ZERO_ERROR;
	UCalendar		*cal;
	UChar			 zone[ZONE_MAX];
	UDate			 first, last;

	if (tz == NULL || tz[0] == '\0')
		return instant_fail(p->err, INSTANT_BAD_ZONE, -1, "no time "
		    "zone is set; use an IANA name such as America/Toronto");
	if (zone_uchars(zone, tz) == -1 || !instant_zone_valid(tz))
		return instant_fail(p->err, INSTANT_BAD_ZONE, -1, "unknown "
		    "time zone '%.64s'; use an IANA name such as "
		    "America/Toronto", tz);
	/* The thread's calendar of the zone, kept for the next: each
	 * attribute read below is set first, as a new calendar has it. */
	if ((cal = zone_calendar(tz)) == NULL)
		return instant_fail(p->err, INSTANT_BAD_ZONE, -1, "the "
		    "time zone data for %.64s could not be loaded", tz);
	ucal_setAttribute(cal, UCAL_LENIENT, 1);
	ucal_setAttribute(cal, UCAL_SKIPPED_WALL_TIME, UCAL_WALLTIME_LAST);
	ucal_setAttribute(cal, UCAL_REPEATED_WALL_TIME, UCAL_WALLTIME_FIRST);
	if (!in->has_time) {
		ucal_setAttribute(cal, UCAL_SKIPPED_WALL_TIME,
		    UCAL_WALLTIME_NEXT_VALID);
		first = local_millis(cal, in, &uerr);
	} else {
		ucal_setAttribute(cal, UCAL_LENIENT, 0);
		first = local_millis(cal, in, &uerr);
		if (uerr == U_ILLEGAL_ARGUMENT_ERROR)
			return describe_gap(p, cal, in, tz);
		ucal_setAttribute(cal, UCAL_REPEATED_WALL_TIME,
		    UCAL_WALLTIME_LAST);
		last = local_millis(cal, in, &uerr);
		if (U_SUCCESS(uerr) && first != last)
			return describe_overlap(p, cal, in, tz, first, last);
	}
	if (U_FAILURE(uerr) || offset_at(cal, first, &in->offset_min) == -1)
		return instant_fail(p->err, INSTANT_BAD_ZONE, -1, "the "
		    "time zone data for %.64s could not be used", tz);
	in->epoch = millis_seconds(first);
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
