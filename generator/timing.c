#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "timing.h"

static double
seconds(clockid_t clock)
{
	struct timespec	t;

	if (clock_gettime(clock, &t) != 0)
		return 0;
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void
timing_mark(const char *stage)
{
	/* Marks are made by the main thread only, between stages. */
	static double	 wall0, cpu0;
	static int	 started;
	const char	*on = getenv("MARCHE_TIMINGS");
	double		 wall, cpu;

	if (on == NULL || *on == '\0')
		return;
	wall = seconds(CLOCK_MONOTONIC);
	cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
	if (started)
		fprintf(stderr, "marche: timing: %-14s %8.3f s wall, %8.3f s "
		    "cpu\n", stage, wall - wall0, cpu - cpu0);
	started = 1;
	wall0 = wall;
	cpu0 = cpu;
}
