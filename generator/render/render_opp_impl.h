/*
 * Shared by render_opp.c (an opportunity's view and cards) and
 * render_lists.c (the views of the pages that list opportunities). Not
 * part of the interface.
 */
#ifndef MARCHE_RENDER_OPP_IMPL_H
#define MARCHE_RENDER_OPP_IMPL_H

#include <stddef.h>

struct arena;
struct diags;
struct links;
struct opp_order;
struct opportunity;
struct page;
struct pages;
struct site;
struct value;

/*
 * opp: opportunity o in language k as seen from page from; when full,
 * with what its own page shows too, whose links are noted in l (NULL:
 * not noted). Its card is shared by the pages that show it.
 */
struct value	*render_view_opp(struct arena *a, const struct site *site,
		    const struct pages *pages, const struct opp_order *order,
		    const struct page *from, const struct opportunity *o,
		    size_t k, int full, struct links *l, struct diags *d);

/* Sort a list of maps by their "name", as readers of lang expect. */
void		 render_sort_by_name(struct value *list, const char *lang);

#endif
