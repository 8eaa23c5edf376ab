/*
 * Shared by render.c (the pages of a site, on threads, kept between
 * builds) and render_page.c (one page). Not part of the interface.
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

#endif
