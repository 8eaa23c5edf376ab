/*
 * Shared by instant.c (reading the fields of a date or instant) and
 * instant_zone.c (resolving a local time in a time zone with ICU). Not
 * part of the interface.
 */
#ifndef MARCHE_INSTANT_IMPL_H
#define MARCHE_INSTANT_IMPL_H

#include <stddef.h>

#include "instant.h"

#define ZONE_MAX	128		/* UChars for a zone name, with NUL */
#define EPOCH_MIN	(-62135596800LL) /* 0001-01-01T00:00:00Z */
#define EPOCH_MAX	253402300799LL	/* 9999-12-31T23:59:59Z */

/* Reading state: the text, where reading is, where problems go. */
struct parser {
	const char		*s;	/* the input, NUL-terminated */
	size_t			 pos;	/* byte offset of the next character */
	size_t			 time_col; /* byte offset of the hour */
	struct instant_error	*err;	/* where problems are described */
};

/*
 * Describe problem prob at byte col (-1: the whole text) in err; fmt is
 * English, its French kept for the diagnostic. Returns prob.
 */
enum instant_problem	instant_fail(struct instant_error *err,
			    enum instant_problem prob, int col,
			    const char *fmt, ...)
			    __attribute__((format(printf, 4, 5)));

/*
 * Resolve in's local date or time in zone tz (instant_zone.c): set its
 * epoch and offset, or describe why not in p->err.
 */
enum instant_problem	instant_resolve_local(struct parser *p,
			    struct instant *in, const char *tz);

#endif
