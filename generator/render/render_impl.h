/*
 * Shared by render.c (the pages of a site, on threads), render_keep.c
 * (what is kept between builds) and render_page.c (one page). Not part of
 * the interface.
 */
#ifndef MARCHE_RENDER_IMPL_H
#define MARCHE_RENDER_IMPL_H

struct arena;
struct buf;
struct diags;
struct layouts;
struct links;
struct opp_order;
struct output;
struct page;
struct pages;
struct site;

/*
 * Render page pg into html: its body (Mustache, then Markdown), then its
 * chain of layouts; its links are noted in l, its problems in d.
 * Returns 0, or -1 after reporting.
 */
int	render_page(struct buf *html, struct arena *a,
	    const struct site *site, const struct pages *pages,
	    const struct layouts *layouts, const struct opp_order *order,
	    const struct page *pg, struct links *l, struct diags *d);

/*
 * Write the page that layout name alone makes to rel in out (NULL: not
 * written), its links noted in l. A missing layout writes nothing.
 * Returns 0, or -1 after reporting.
 */
int	render_standalone(struct output *out, const struct site *site,
	    const struct pages *pages, const struct layouts *layouts,
	    const char *name, const char *rel, struct links *l,
	    struct diags *d);

/* Report each nav entry that names no page. Returns 0 or -1. */
int	render_check_nav(const struct site *site, const struct pages *pages,
	    struct diags *d);

/* --- What serve keeps from one render to the next (render_keep.c). --- */

struct opp_card_keep;
struct opportunities;
struct render_reuse;
struct render_kept;

/* Where reuse keeps the links of opportunity page pg. */
struct links	**render_reuse_slot(struct render_reuse *r,
		    const struct page *pg);
/* The entry of r for the page at out_path (added if add), or NULL. */
struct render_kept *render_kept_find(struct render_reuse *r,
		    const char *out_path, int add);
/* Add path (taken, not copied) to r->late. */
void		 render_late_take(struct render_reuse *r, char *path);
/* Whether every page not made from one opportunity can be left for
 * later as out's folder holds it. */
int		 render_can_defer(struct render_reuse *r,
		    const struct pages *pages, struct output *out);
/* What each page not made from one opportunity shows of them, by index
 * in pages->list (xcalloc()ed). */
unsigned long long *render_digests(const struct pages *pages,
		    const struct opp_order *order,
		    const struct opportunities *opps,
		    const struct opp_card_keep *cards);
/* Forget what a first step rendered and left for later. */
void		 render_reuse_undo(struct render_reuse *r,
		    const struct pages *pages, const unsigned char *rendered);

#endif
