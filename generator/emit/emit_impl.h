/*
 * Shared by the emit_*.c files: absolute URLs, UTC timestamps, the fixed
 * "updated" instant of an opportunity, and writing one output file.
 * Nothing here is used outside the emit module.
 */
#ifndef MARCHE_EMIT_IMPL_H
#define MARCHE_EMIT_IMPL_H

#include <stddef.h>

#include "buf.h"
#include "emit.h"

struct instant;
struct opportunity;
struct page;

/*
 * The instant an opportunity last changed, as far as the build knows
 * without history: the latest of its question times, its closing and its
 * acceptance that are not after e->now; else e->now rounded down to the
 * start of its UTC day (so builds without --now within a day agree).
 * With o NULL, that fallback alone.
 */
long long	emit_updated(const struct emit_ctx *e,
		    const struct opportunity *o);

/* Append base_url and the permalink (URL-escaped) to out, unescaped for
 * any markup: callers escape the result for their format. */
void		emit_url(struct buf *out, const struct emit_ctx *e,
		    const char *permalink);

/* Append the host of base_url ("test.example.ca"): the text between
 * "://" and the next '/' or ':'. */
void		emit_host(struct buf *out, const struct emit_ctx *e);

/* Append epoch in UTC: "2026-01-15T12:00:00Z" (RFC 3339) when basic is
 * 0, "20260115T120000Z" (iCalendar) when 1. */
void		emit_utc(struct buf *out, long long epoch, int basic);

/* Append an instant as written with its offset,
 * "2026-02-20T14:00:00-05:00", or its date alone, "2026-02-25", when no
 * time was written. */
void		emit_instant(struct buf *out, const struct instant *t);

/* Is pg rendered (so listed in outputs)? 1 or 0. */
int		emit_page_shown(const struct page *pg);

/*
 * Outputs are made file by file, each by a function that writes the
 * whole file into a buffer and reads nothing but what the build has
 * made before (so any thread may make it). Each emitter lists its files
 * in the order they are written; emit_site() makes them on e->jobs
 * threads and writes them in that order, so the output, the counts and
 * what is reported do not depend on timing.
 */
struct emit_scratch {
	struct arena	*a;	/* for the file being made; emptied after */
	struct buf	 t1, t2;	/* kept from file to file */
	int		 fd;	/* the file being written as it is made
				 * (output_open_early()), or -1 */
	const struct output *out; /* where it may be opened, once it is
				 * large (emit_flush()), or NULL */
	const char	*rel;	/* and its path there */
	int		 discard; /* nothing is written (a check): what
				  * emit_flush() is given is only counted,
				  * in streamed */
	int		 err;	/* the first error writing to fd */
	size_t		 streamed; /* bytes written to fd */
	struct emit_parts *parts; /* the parts of the file being made, as
				 * kept from the last build (e->keep), or
				 * NULL */
	const unsigned long long *gen;	/* e->gen */
};

/*
 * A file made of the parts of many opportunities (marche serve keeps
 * them, e->keep): part j of opportunity i (index in e->opps->list) is
 * appended to out by emit_part_kept() when the last build made it at
 * the same gen (returns 1); else (0) the maker appends it and then
 * hands emit_part_save() what it appended, from out->data + at.
 */
int		emit_part_kept(struct buf *out, struct emit_scratch *s,
		    size_t i, size_t j);
void		emit_part_save(struct emit_scratch *s, size_t i, size_t j,
		    const struct buf *out, size_t at);

/*
 * Called by make() between the parts of a large file: when the file may
 * be written as it is made and out holds enough, out goes to the file
 * (opened then) and is emptied, so that a large file is never held
 * whole; a small one is written whole once made. When nothing is
 * written (a check, which judges only the file's path and length), out
 * is only counted and emptied.
 */
void		emit_flush(struct buf *out, struct emit_scratch *s);

typedef void	emit_make_fn(struct buf *out, const struct emit_ctx *e,
		    const void *arg, size_t k, struct emit_scratch *s);

struct emit_file {
	const char	*rel;	/* where it is written */
	emit_make_fn	*make;	/* writes it */
	const void	*arg;	/* what make() is given, with k */
	size_t		 k;
	size_t		 opp;	/* the file is opportunity opp - 1's own
				 * (it reads nothing else of the build), or
				 * 0 */
	int		 parts;	/* made of parts (emit_part_kept()) */
	struct emit_parts *kept; /* with parts, e->keep's for this file */
};

struct emit_list {
	struct emit_file *files;
	size_t		 n, cap;
};

/* Add a file to l. */
void		emit_list_add(struct emit_list *l, const char *rel,
		    emit_make_fn *make, const void *arg, size_t k);
/* Mark the last file added as opportunity i's own (emit_file.opp), or as
 * made of parts. */
void		emit_list_own(struct emit_list *l, size_t i);
void		emit_list_parts(struct emit_list *l);

/* The files of each output, added to l in the order they are written;
 * paths and what make() reads are allocated in a, which lives until
 * every file is written. */
void		emit_feeds(struct emit_list *l, const struct emit_ctx *e,
		    struct arena *a);
void		emit_sitemap(struct emit_list *l, const struct emit_ctx *e,
		    struct arena *a);
void		emit_ics(struct emit_list *l, const struct emit_ctx *e,
		    struct arena *a);
void		emit_opendata(struct emit_list *l, const struct emit_ctx *e,
		    struct arena *a);
/* open-resource-exchange/ID.yml for each completed opportunity with a
 * repository and a licence. */
void		emit_ore(struct emit_list *l, const struct emit_ctx *e,
		    struct arena *a);

#endif
