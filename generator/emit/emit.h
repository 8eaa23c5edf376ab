/*
 * Outputs for readers' tools, beside the HTML pages: feeds, sitemap,
 * calendars, open data, robots.txt and the 404 page. Each emit_*.c file
 * lists the files of one kind; emit_site() makes them all, on e->jobs
 * threads, and writes them in a fixed order.
 */
#ifndef MARCHE_EMIT_H
#define MARCHE_EMIT_H

#include <stddef.h>

struct arena;
struct diags;
struct layouts;
struct links;
struct opportunities;
struct output;
struct pages;
struct site;

/* What every emitter reads. */
struct emit_ctx {
	const struct site		*site;	/* settings, languages */
	const struct pages		*pages;	/* every page, paired */
	const struct opportunities	*opps;	/* opportunities (ok ones
						 * are shown) */
	const struct layouts		*layouts; /* for templated outputs */
	long long			 now;	/* the build's "now" */
	struct output			*out;	/* where to write; NULL when
						 * only checking */
	struct links			*links;	/* notes what is written, for
						 * the link check */
	unsigned			 jobs;	/* threads that make the files
						 * (0 or 1: this one alone) */
	int				 paths_only; /* out writes nothing
						 * (a scoped check): only
						 * claim each output's path,
						 * empty */
	struct emit_keep		*keep;	/* what the last build of the
						 * same site made (marche
						 * serve), or NULL */
	const unsigned long long	*gen;	/* with keep: by index in
						 * opps->list, a number that
						 * changes when the
						 * opportunity is read again */
};

/*
 * What a build keeps of its outputs for the next build of the same
 * site, with the same opportunities (opps->list) and the same "now"
 * (marche serve): the part each opportunity had in each file made of
 * many, and which opportunities' own files (calendars, open resource
 * exchange entries) were written at which gen. An opportunity whose
 * gen is unchanged has its files kept as the output folder holds them
 * (output_keep()) and its parts joined again as they were. Free with
 * emit_keep_free() (NULL allowed).
 */
struct emit_keep;
struct emit_keep *emit_keep_new(void);
void	emit_keep_free(struct emit_keep *k);

/*
 * Where the outputs a reader can subscribe to live for language k, as
 * output paths (no leading '/'), in the arena a; a member is NULL when
 * the site has no such output.
 */
struct emit_paths {
	const char	*feed;		/* Atom feed: "en/feed.xml" */
	const char	*calendar;	/* open opportunities' closings:
					 * "en/opportunities/open.ics" */
	const char	*json;		/* open data: "opportunities.json" */
	const char	*csv;		/* open data: "opportunities.csv" */
};
void	emit_paths(struct emit_paths *out, struct arena *a,
	    const struct site *site, const struct pages *pages, size_t k);

/*
 * Write every extra output (with e->paths_only, none is made: each path
 * is claimed, empty, in the same order, from no more of each
 * opportunity than its status, addresses and whether it has an entry in
 * the open resource exchange). Returns 0, or -1 after reporting to d.
 */
int	emit_site(const struct emit_ctx *e, struct diags *d);

/*
 * For marche serve, which shows pages before it makes these files: when
 * e->out (an update, output_begin_update()) can keep every extra output
 * as the folder holds it, keep them all, note their paths in e->links,
 * and set *paths to a copy of the paths (NULL-terminated, *npaths of
 * them) for a later emit_site() into the next update to make them
 * again. Returns 1 then, 0 when one cannot be kept (nothing done: call
 * emit_site()), or -1 after reporting. When e->out keeps every file
 * already (output_inherit()), each is taken as kept: a new one is known
 * by e->links' outputs (links_outputs_stay()).
 */
int	emit_site_defer(const struct emit_ctx *e, char ***paths,
	    size_t *npaths, struct diags *d);

#endif
