/*
 * Rendering: each page's view (site, data, t, page, nav, lang) through
 * its body template, Markdown, and its layout chain; then the root
 * language chooser and the assets. Output goes to an output stage, or
 * nowhere when checking.
 */
#ifndef MARCHE_RENDER_H
#define MARCHE_RENDER_H

#include <stddef.h>

struct diags;
struct layouts;
struct opportunities;
struct output;
struct pages;
struct site;
struct source;
struct urlcheck_options;

struct render_stats {
	size_t	pages;	/* pages rendered */
	size_t	assets;	/* asset files copied */
	size_t	kept;	/* pages of them kept, not rendered (reuse) */
};

struct page;

/*
 * Which pages a check renders (wants(ctx, pg) is 1), the others being
 * only noted as outputs (so links to them resolve and their paths are
 * judged as a build would), with their translations not checked.
 */
struct render_scope {
	int	(*wants)(void *ctx, const struct page *pg);
	void	*ctx;
};

/*
 * Render every page of pages and copy assets from src into out (NULL:
 * render only, to find problems), then check every link (fetching links
 * to other sites with fetch, else NULL). Pages are rendered and written
 * by jobs threads at once (1: this thread alone); the output and the
 * problems reported do not depend on it. Returns 0, or -1 after
 * reporting each problem to d; rendering goes on past a failed page to
 * report more. scope (NULL: every page) limits the pages rendered.
 */
int	render_site(struct render_stats *stats, struct output *out,
	    const struct source *src, const struct site *site,
	    const struct pages *pages, const struct layouts *layouts,
	    const struct opportunities *opps, long long now,
	    const struct urlcheck_options *fetch, unsigned jobs,
	    const struct render_scope *scope, struct diags *d);

/*
 * What a build keeps of the opportunity pages it rendered, for the next
 * build of the same site (marche serve): links[i * SITE_MAX_LANGS + k]
 * are the links of the page of opps->list[i] in language k as last
 * written, or NULL. A page whose entry is set is known to render as the
 * output folder has it (its opportunity and the pages it links to did
 * not change): it is kept as it is (output_keep()) rather than rendered.
 * Every opportunity page rendered gets its entry set; free the links
 * with links_free().
 */
struct links;
struct opp_card_keep;
struct emit_keep;
struct opp_order_keep;
struct render_kept {
	char			*out_path;	/* a page not made from one
						 * opportunity */
	unsigned long long	 digest;	/* what it showed */
	int			 known;		/* digest was taken */
	struct links		*links;		/* the links it holds */
};
struct render_reuse {
	const struct opportunities *opps;	/* whose pages */
	struct links		**links;	/* as above */
	unsigned long long	*gen;		/* by index in opps->list: a
						 * number that changes when the
						 * opportunity is read again */
	struct render_kept	*kept;		/* the other pages as last
						 * written (owned: free with
						 * render_reuse_forget()) */
	size_t			 nkept, capkept;
	struct opp_card_keep	*cards;		/* the opportunities' cards
						 * (owned: free with
						 * render_reuse_release()) */
	struct emit_keep	*emit;		/* the other outputs' parts
						 * (likewise) */
	struct opp_order_keep	*order;		/* the listing order
						 * (likewise) */
	struct links		*checked;	/* the outputs of the last
						 * build and the links it
						 * checked (likewise) */
	int			 defer;		/* leave the pages not made
						 * from one opportunity and
						 * the extra outputs (emit.h)
						 * as the folder holds them
						 * when it can, to be made by
						 * a second render after the
						 * commit */
	char			**late;		/* then: their paths (owned,
						 * NULL-terminated), else NULL */
	size_t			 nlate;
};

/*
 * The other pages are kept likewise when what they show is the same:
 * the same opportunities in the same order, each showing the same card in
 * the page's language, the same counts (open, shown, by year, by skill).
 */
void	render_reuse_forget(struct render_reuse *r);

/* Free r->late. */
void	render_reuse_late_free(struct render_reuse *r);

/* Free all that r owns (render_reuse_forget() and the cards). */
void	render_reuse_release(struct render_reuse *r);

/*
 * render_site(), keeping opportunity pages by reuse (may be NULL), and
 * with the link cache lc (may be NULL; link_cache.h): each page it
 * keeps and rendering did not report on is put in it, and a check (out
 * dry) takes the links of a page it holds instead of rendering the page.
 * With reuse->defer, it may leave pages and files for a second call
 * (their paths in reuse->late), or return 1 when it could not after all
 * (an address changed): nothing of out is to be committed then; begin
 * it again and call again without reuse->defer. Else returns 0, or -1
 * after reporting.
 */
struct link_cache;
int	render_site_reuse(struct render_stats *stats, struct output *out,
	    const struct source *src, const struct site *site,
	    const struct pages *pages, const struct layouts *layouts,
	    const struct opportunities *opps, long long now,
	    const struct urlcheck_options *fetch, unsigned jobs,
	    const struct render_scope *scope, struct render_reuse *reuse,
	    struct link_cache *lc, struct diags *d);

#endif
