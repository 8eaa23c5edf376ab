/*
 * The link check: every site-local href and src of every generated page
 * must lead to a file the build writes, and every page must link to its
 * translations. Links written in Markdown keep their source position, so
 * a broken one is reported on its line; links from layouts are reported
 * against the page. Links to other sites are judged by their shape
 * (urlcheck.h) and, when asked, fetched.
 */
#ifndef MARCHE_LINKS_H
#define MARCHE_LINKS_H

#include <stddef.h>

struct diags;
struct page;
struct pages;
struct site;
struct urlcheck_options;

struct links;

/* A new, empty link set; free with links_free() (NULL allowed). */
struct links	*links_new(const struct site *site);
void		 links_free(struct links *l);

/*
 * Append what part noted (outputs, then links, in their order) to l, as
 * if noted to l, and free part. Pages rendered in parallel each note to
 * a set of their own, merged in input order.
 */
void		 links_merge(struct links *l, struct links *part);
/* The same, leaving part as it is (a page's notes kept for later). */
void		 links_add_all(struct links *l, const struct links *part);

/*
 * What l noted, for the link cache: its number of outputs (the first
 * in *first when there is one), its number of links, and link i.
 */
size_t		 links_outputs(const struct links *l, const char **first);
size_t		 links_count(const struct links *l);
void		 links_get(const struct links *l, size_t i, const char **from,
		    const char **src, int *line, int *col, const char **url);

/*
 * l's own copy of s (made when it is the first), and links_add() of
 * strings that are such copies already: no string is looked up again.
 */
const char	*links_intern(struct links *l, const char *s);
void		 links_add_held(struct links *l, const char *from,
		    const char *src, int line, int col, const char *url);

/* The outputs part noted, alone, added to l (its links are not), and
 * the links alone. */
void		 links_add_outputs(struct links *l, const struct links *part);
/* The same, l taking part's strings as they are (not copied): part must
 * outlive l. */
void		 links_share_outputs(struct links *l, const struct links *part);
void		 links_add_refs(struct links *l, const struct links *part);
/* Room for n more outputs, made at once. */
void		 links_reserve_outputs(struct links *l, size_t n);

/*
 * Is every output noted in before also noted in now? 1 or 0. A page
 * whose links were checked against before's outputs then needs no
 * check against now's.
 */
int		 links_outputs_stay(struct links *now, struct links *before);

/* Note that the build writes the file at output path rel. */
void		 links_add_output(struct links *l, const char *rel);

/*
 * Note a link written in source file src at line:col (0 when unknown)
 * that appears on the page at output path from.
 */
void		 links_add(struct links *l, const char *from, const char *src,
		    int line, int col, const char *url);

/*
 * Note every href and src attribute of a generated page's HTML that is
 * not already noted for that page (reported against src, no line).
 */
void		 links_scan_html(struct links *l, const char *from,
		    const char *src, const char *html, size_t len);

/*
 * Report every link that leads nowhere, every page of pages that does
 * not link to one of its translations, and every link to another site
 * whose shape is wrong (only the pages that wants(wctx, page) accepts
 * are judged for their translations, every one when wants is NULL). With
 * fetch (else NULL), also fetch each http and
 * https link once and warn about those that are broken. Returns 0, or -1
 * after reporting an error.
 */
int		 links_check(struct links *l, const struct pages *pages,
		    int (*wants)(void *, const struct page *), void *wctx,
		    const struct urlcheck_options *fetch, struct diags *d);

/*
 * Where url, seen on the page at output path from, leads: the output
 * path it names (in a buffer of size n), or "" for an external or
 * same-page link. Returns 0, or -1 when it leaves the site.
 * root is the site's root path ("/" or "/base/").
 */
int		 links_resolve(char *out, size_t n, const char *from,
		    const char *url, const char *root);

#endif
