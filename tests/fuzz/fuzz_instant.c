/*
 * Fuzz target for instant.c. The input is parsed as a date in
 * America/Toronto, as a "now", and used as a zone name; results are
 * checked against invariants:
 *  - success gives fields in range, and epoch + offset is the written
 *    wall time (the local midnight for a date), and formats through
 *    i18n in French;
 *  - failure gives a known problem, a message, and a column inside the
 *    input (or -1 for the zone);
 *  - "now" agrees with the parser on strings with an offset.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "instant.h"

#define TOR	"America/Toronto"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Days from 1970-01-01, written independently of instant.c: count whole
 * years, then months. Only for years 1970-9999. */
static long long
days_since_epoch(int y, int m, int d)
{
	static const int cum[] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
	};
	long long	days = 0;
	int		leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int		yy;

	for (yy = 1970; yy < y; yy++)
		days += ((yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0) ?
		    366 : 365;
	return days + cum[m - 1] + (m > 2 && leap) + d - 1;
}

static void
check_ok(const struct instant *in)
{
	struct buf	b = BUF_INIT;
	long long	wall;

	if (in->year < 1970 || in->year > 9999 || in->month < 1 ||
	    in->month > 12 || in->day < 1 || in->day > 31 ||
	    in->hour < 0 || in->hour > 23 || in->minute < 0 ||
	    in->minute > 59 || in->second < 0 || in->second > 59 ||
	    in->offset_min < -840 || in->offset_min > 840)
		abort();
	if (!in->has_time && (in->hour || in->minute || in->second ||
	    in->has_offset))
		abort();
	wall = days_since_epoch(in->year, in->month, in->day) * 86400 +
	    in->hour * 3600 + in->minute * 60 + in->second;
	if (in->epoch + in->offset_min * 60LL != wall)
		abort();
	if (i18n_format_datetime(&b, in->epoch, TOR, "fr") != 0 ||
	    b.len == 0)
		abort();
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct instant_error	 err;
	struct instant		 in;
	enum instant_problem	 prob;
	long long		 now;
	char			*s;
	int			 nowrc;

	if (size > 4096)
		return 0;
	if ((s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';

	prob = instant_parse(&in, &err, s, TOR);
	if (prob == INSTANT_OK)
		check_ok(&in);
	else if (prob > INSTANT_BAD_ZONE || err.msg[0] == '\0' ||
	    memchr(err.msg, '\0', sizeof(err.msg)) == NULL ||
	    err.col < 0 || (size_t)err.col > strlen(s))
		abort();

	nowrc = instant_parse_now(&now, s);
	if (prob == INSTANT_OK && in.has_offset &&
	    (nowrc != 0 || now != in.epoch))
		abort();
	if (nowrc == 0 && (now < -50400 || now > 253402351199LL))
		abort();

	/* The input as a zone: either known, or refused as a zone. */
	prob = instant_parse(&in, &err, "2021-07-12T12:00", s);
	if (prob != INSTANT_OK && prob != INSTANT_BAD_ZONE)
		abort();
	if ((prob == INSTANT_OK) != instant_zone_valid(s))
		abort();
	free(s);
	return 0;
}
