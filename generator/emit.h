/*
 * Outputs for readers' tools, beside the HTML pages: feeds, sitemap,
 * calendars, open data, robots.txt and the 404 page. Each emit_*.c file
 * writes one kind; emit_site() calls them all.
 */
#ifndef MARCHE_EMIT_H
#define MARCHE_EMIT_H

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
};

/*
 * Write every extra output. Returns 0, or -1 after reporting to d.
 */
int	emit_site(const struct emit_ctx *e, struct diags *d);

#endif
