/*
 * The link cache (<git dir>/marche/links.cache): for each page a check
 * or build rendered, a digest of everything its HTML depends on and the
 * links the link check took from it. A check that finds a page's digest
 * there takes the links from the cache instead of rendering the page;
 * the link check still judges them against the outputs of this run, so
 * a link to a page that is gone is still reported.
 *
 * A page's key holds what its HTML is made from. An opportunity's
 * pages: the opportunity's digest (its file, its dates and amendments,
 * its status and days left at "now", its attachments). A listing,
 * skill, archive or home page: the digest of each opportunity it lists,
 * in order, with its archive year, and of what every listing counts
 * (each opportunity's status, archive year and skills). Every page:
 * its own body, front matter, layout and translations, and the site's
 * digest: every file outside opportunities/ and assets/ (settings,
 * layouts, pages), the npm texts the layouts see, and the address, title
 * and language of every page not made from one opportunity (the menu,
 * skill and listing pages the pages link to). Only a page rendered
 * without any diagnostic is kept, so a page taken from the cache reports
 * what rendering it would: none.
 *
 * The file is untrusted: framed as the other caches are (cachefile.h),
 * every count, index and length bounded; a file that fails any check is
 * ignored and written anew.
 *
 * Layout (integers little-endian):
 *	magic		"MARCHE-LINKS\n\0\0" (16 bytes)
 *	version		u32 (LCACHE_VERSION)
 *	format		"marche VERSION links site SHA1"
 *	payload length, checksum
 *	payload		u32 strings, each a str (no NUL, at most 64 KiB)
 *			u32 entries, each:
 *			    key[20] u32 html_len u32 links, each:
 *			        src:u32 line:u32 col:u32 url:u32
 *	where src and url index the strings, line and col are at most
 *	INT_MAX and html_len at most SITE_PAGE_MAX; keys are distinct.
 */
#ifndef MARCHE_LINK_CACHE_H
#define MARCHE_LINK_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct links;
struct page;
struct pages;
struct site;
struct source;

#define LCACHE_VERSION	1
#define LCACHE_KEY	20

struct link_cache;
struct lcache_entry;

/*
 * The cache for a run over src, site and pages at now, read from path
 * (NULL: none read, nothing written), or NULL when the site's digest
 * cannot be made. With hits, pages found in it may be left unrendered
 * (check); without, it is only filled (build).
 */
struct link_cache *link_cache_open(const char *path, const struct source *src,
		    const struct site *site, const struct pages *pages,
		    long long now, int hits);
void		 link_cache_free(struct link_cache *c);

/*
 * Before the pages are rendered: the digest of each opportunity of opps
 * and of what listings count, with the order they are listed in (kept
 * by pointer until the pages are rendered). Without it, no page that
 * lists opportunities is kept.
 */
struct opportunities;
struct opp_order;
void		 link_cache_prepare(struct link_cache *c,
		    const struct opportunities *opps,
		    const struct opp_order *order);
/*
 * Whether a page of the todo list (indices in pages->list) that shows
 * opportunities' cards (listings, skill, archive and home pages) is to
 * be rendered: when none is, the cards are not made (each opportunity
 * page rendered makes its own).
 */
int		 link_cache_wants_cards(const struct link_cache *c,
		    const struct pages *pages, const size_t *todo,
		    size_t ntodo);

/*
 * Page pg's key (LCACHE_KEY bytes) into key: 0, or -1 when the page is
 * never kept. Safe to call from several threads at once.
 */
int		 link_cache_key(const struct link_cache *c,
		    const struct page *pg, unsigned char *key);

/* The entry of key, when c may stand for pages, or NULL. Thread-safe
 * while nothing is put. */
const struct lcache_entry *link_cache_find(const struct link_cache *c,
		    const unsigned char *key);
/*
 * The length of the HTML of entry e; and note in l the output and the
 * links of page pg as e holds them, as rendering the page would. l's
 * copy of each string is kept for the next page (for one link set at a
 * time; one thread adds).
 */
size_t		 link_cache_html_len(const struct lcache_entry *e);
void		 link_cache_add(struct link_cache *c,
		    const struct lcache_entry *e, const struct page *pg,
		    struct links *l);
/* Entry e was used in this run: it is kept. */
void		 link_cache_use(struct link_cache *c,
		    const struct lcache_entry *e);
/* Keep the links of page pg (l, as rendered) under key, with the
 * length of its HTML. A set that holds anything else is not kept. */
void		 link_cache_put(struct link_cache *c, const unsigned char *key,
		    const struct page *pg, const struct links *l,
		    size_t html_len);
/* Write the entries used or put in this run, when they differ from
 * the file's. */
void		 link_cache_save(struct link_cache *c);

/* Pages taken from the cache, and pages put in it, in this run. */
size_t		 link_cache_hits(const struct link_cache *c);

/*
 * For tests and the fuzz target: read the file at path under format
 * (0, or -1: missing or rejected), write the entries to path2 (0 or -1),
 * and the number of entries and of links.
 */
struct link_cache *link_cache_read_file(const char *path,
		    const char *format);
int		 link_cache_write_file(const struct link_cache *c,
		    const char *path, const char *format, int all);
size_t		 link_cache_count(const struct link_cache *c, size_t *nlinks);
const unsigned char *link_cache_key_at(const struct link_cache *c, size_t i);

#endif
