#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/*
 * The process's resident memory now, the part of it that maps files
 * (the program, libraries, ICU's data, Git's packs) and the resident
 * memory at its highest so far, in kB, from /proc/self/status (Linux);
 * 0 where it cannot be read.
 */
static void
memory(long *rss, long *files, long *peak)
{
	FILE	*f = fopen("/proc/self/status", "r");
	char	 line[128];

	*rss = *files = *peak = 0;
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "VmRSS:", 6) == 0)
			*rss = strtol(line + 6, NULL, 10);
		else if (strncmp(line, "RssFile:", 8) == 0)
			*files = strtol(line + 8, NULL, 10);
		else if (strncmp(line, "VmHWM:", 6) == 0)
			*peak = strtol(line + 6, NULL, 10);
	}
	fclose(f);
}

void
timing_mark(const char *stage)
{
	/* Marks are made by the main thread only, between stages. */
	static double	 wall0, cpu0;
	static int	 started;
	const char	*on = getenv("MARCHE_TIMINGS");
	double		 wall, cpu;
	long		 rss, files, peak;

	if (on == NULL || *on == '\0')
		return;
	wall = seconds(CLOCK_MONOTONIC);
	cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
	if (started) {
		fprintf(stderr, "marche: timing: %-22s %8.3f s wall, %8.3f s "
		    "cpu", stage, wall - wall0, cpu - cpu0);
		memory(&rss, &files, &peak);
		if (peak > 0)
			fprintf(stderr, ", %7.1f MiB resident (%.1f MiB of "
			    "files), %7.1f MiB peak", rss / 1024.0,
			    files / 1024.0, peak / 1024.0);
		fputc('\n', stderr);
	}
	started = 1;
	wall0 = wall;
	cpu0 = cpu;
}

void
timing_wait(const char *what, int ms)
{
	const char	*on = getenv("MARCHE_TIMINGS");

	if (on != NULL && *on != '\0')
		fprintf(stderr, "marche: timing: %-22s %8d ms\n", what, ms);
}
