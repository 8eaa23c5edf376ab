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

/* Write b as the file rel when e->out is set. Returns 0, or -1 after
 * reporting to d. */
int		emit_write(const struct emit_ctx *e, const char *rel,
		    const struct buf *b, struct diags *d);

/* The outputs, one per file; each returns 0 or -1 after reporting. */
int		emit_feeds(const struct emit_ctx *e, struct diags *d);
int		emit_sitemap(const struct emit_ctx *e, struct diags *d);
int		emit_ics(const struct emit_ctx *e, struct diags *d);
int		emit_opendata(const struct emit_ctx *e, struct diags *d);
/* open-resource-exchange/ID.yml for each completed opportunity with a
 * repository and a licence. */
int		emit_ore(const struct emit_ctx *e, struct diags *d);

#endif
