#ifndef MARCHE_TIMING_H
#define MARCHE_TIMING_H

/*
 * Where a run's time goes, stage by stage: when MARCHE_TIMINGS is set
 * to a non-empty value, timing_mark() prints to standard error the wall
 * and CPU time spent since the previous mark (or since the first call),
 * as "marche: timing: STAGE WALL s wall, CPU s cpu". Stage names are
 * the program's own constant words, never input.
 */
void	timing_mark(const char *stage);

/* When MARCHE_TIMINGS is set, print "marche: timing: WHAT MS ms" to
 * standard error: a wait the program chose (what: its own words). */
void	timing_wait(const char *what, int ms);

#endif
