/*
 * Work shared between threads. par_for() runs fn(ctx, i, worker) once
 * for every i below n, on jobs threads at once (the calling thread is
 * one of them), in no particular order, and returns when every one is
 * done. worker (below jobs) tells the threads apart, for state of their
 * own such as an arena. Whatever fn reports goes to a collector of its
 * own, merged by the caller in input order, so the result does not
 * depend on timing.
 */
#ifndef MARCHE_PAR_H
#define MARCHE_PAR_H

#include <stddef.h>

/* The threads par_for() uses for n items when jobs are asked for. */
unsigned	par_threads(size_t n, unsigned jobs);

void		par_for(size_t n, unsigned jobs,
		    void (*fn)(void *ctx, size_t i, unsigned worker),
		    void *ctx);

#endif
