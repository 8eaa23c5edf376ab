/*
 * Dates and instants as written in opportunity YAML:
 *
 *	2021-07-12			a date (local midnight in the site zone)
 *	2021-07-12T23:59		a local time in the site zone
 *	2021-07-12 23:59:59		the same with seconds, space separator
 *	2021-07-12T23:59:59-04:00	an instant with its UTC offset
 *	2021-07-12T23:59:59Z		an instant in UTC
 *
 * Local times are resolved in an IANA zone through ICU, which knows the
 * daylight saving rules: a time that does not exist (clocks jump forward)
 * or that happens twice (clocks go back) is refused with a message that
 * says what to write instead (for a gap, the one real instant meant: the
 * wall time at the offset before the jump). Messages write dates as 2026-03-08 and
 * times as 02:30, the way the input does.
 */
#ifndef MARCHE_INSTANT_H
#define MARCHE_INSTANT_H

#include <stddef.h>

struct instant {
	long long	epoch;		/* seconds since 1970-01-01T00:00:00Z */
	int		year;		/* the date as written: 1970-9999 */
	int		month;		/* 1-12 */
	int		day;		/* 1-31 */
	int		hour;		/* as written, 0-23 (0 for a date) */
	int		minute;		/* as written, 0-59 (0 for a date) */
	int		second;		/* as written, 0-59, else 0 */
	int		offset_min;	/* UTC offset in minutes: as written, or
					 * the zone's at epoch */
	int		has_time;	/* a time was written */
	int		has_offset;	/* an offset (or Z) was written */
};

enum instant_problem {
	INSTANT_OK,		/* parsed and resolved */
	INSTANT_SYNTAX,		/* not one of the accepted forms */
	INSTANT_RANGE,		/* a field out of range: month 13, 2023-02-29 */
	INSTANT_SKIPPED,	/* a local time in a spring-forward gap */
	INSTANT_REPEATED,	/* a local time in a fall-back overlap */
	INSTANT_BAD_ZONE	/* the zone is unknown (or ICU failed on it) */
};

struct instant_error {
	int	col;		/* 0-based byte offset in the input of what is
				 * wrong; -1 when the zone is the problem */
	char	msg[320];	/* plain-language message, NUL-terminated,
				 * no trailing period */
};

/*
 * Parse s, a NUL-terminated string in one of the forms above. A date or a
 * date-time without an offset is resolved in the IANA zone tz: a local
 * time that does not exist gives INSTANT_SKIPPED, one that happens twice
 * INSTANT_REPEATED, and a date alone gets the epoch of the first instant
 * of that day (local midnight, or the end of a gap at midnight). tz is
 * only looked at when needed (it may be NULL for strings with an offset).
 * Returns INSTANT_OK with *out filled, or the problem with *err filled
 * (*out is then unspecified). err may be NULL.
 */
enum instant_problem	instant_parse(struct instant *out,
			    struct instant_error *err, const char *s,
			    const char *tz);

/*
 * The UTC offset, in minutes, of zone tz at epoch (seconds), through ICU.
 * Returns 0, or -1 when the zone is unknown or epoch is outside years
 * 0001-9999.
 */
int	instant_zone_offset(int *out_min, long long epoch, const char *tz);

/*
 * The day of epoch in zone tz, as days since 1970-01-01 (a UTC offset
 * ICU cannot give counts as 0). Two moments are on the same calendar day
 * for readers of tz when their local days are equal.
 */
long long	instant_local_day(long long epoch, const char *tz);

/*
 * The first moment after epoch at which the calendar day changes in zone
 * tz (local midnight, or the first moment of the day when a transition
 * skips midnight).
 */
long long	instant_next_local_day(long long epoch, const char *tz);

/*
 * Free the calling thread's cached zone calendars (instant_zone_offset()
 * keeps one for each zone it is asked about); i18n_cleanup() calls it.
 */
void	instant_cleanup(void);

/* Is tz an IANA zone ICU knows ("America/Toronto", "UTC")? 1 or 0. */
int	instant_zone_valid(const char *tz);

/*
 * Parse the current time as given by --now or SOURCE_DATE_EPOCH: a
 * date-time with an offset or Z in the forms above, or a non-negative
 * decimal count of seconds since the epoch (at most 253402300799, the end
 * of 9999). Returns 0 with *out set, or -1.
 */
int	instant_parse_now(long long *out, const char *s);

/*
 * Parse a span of time: whole numbers each followed by a unit, d (days),
 * h (hours) or m (minutes), largest first, as in 48h, 3d or 1d12h; or the
 * same in ISO 8601, as in P3D, PT36H or P1DT12H. A day is 24 hours. The
 * span must be more than zero and at most 3660 days. Returns 0 with *out
 * in seconds, or -1.
 */
int	instant_parse_duration(long long *out, const char *s);

/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar,
 * and back. */
long long	instant_days_from_civil(int y, int m, int d);
void		instant_civil_from_days(int *y, int *m, int *d,
		    long long days);

/*
 * Write a day as ISO 8601, "2026-12-01" (as printf's "%04d-%02d-%02d"),
 * or with has_time a moment secs seconds into that day at offset off
 * minutes, "2026-12-01T14:00:00-05:00", into iso; returns its length.
 */
#define INSTANT_ISO_MAX	128
size_t		instant_iso(char iso[INSTANT_ISO_MAX], int y, int mo, int da,
		    int has_time, long long secs, int off);

#endif
