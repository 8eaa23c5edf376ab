/*
 * Pages: every Markdown (.md) and .html file under site/, with front
 * matter giving layout, lang, ref and permalink (title and description
 * optional). Pages pair across languages by ref: every ref has exactly
 * one page in each of the site's languages.
 */
#ifndef MARCHE_PAGE_H
#define MARCHE_PAGE_H

#include <stddef.h>

#include "site.h"

struct arena;
struct diags;
struct layout;
struct layouts;
struct opportunities;
struct opportunity;
struct source;
struct value;

enum page_kind {
	PAGE_SOURCE,		/* a file under site/ */
	PAGE_LISTING,		/* the opportunities listing of a language */
	PAGE_OPPORTUNITY,	/* one opportunity in one language */
	PAGE_SKILL,		/* the opportunities needing one skill */
	PAGE_ARCHIVE		/* the opportunities of one past year */
};

struct page {
	enum page_kind	 kind;		/* where the page comes from */
	const struct opportunity *opp;	/* PAGE_OPPORTUNITY: which one */
	const char	*skill;		/* PAGE_SKILL: the skill's key */
	int		 year;		/* PAGE_ARCHIVE: the year */
	const char	*path;		/* source path, "site/en/faq.md" */
	struct value	*front;		/* front matter (a map) */
	const char	*layout;	/* layout name */
	const struct layout *lay;	/* the layout, once resolved */
	const char	*lang;		/* language code */
	size_t		 lang_index;	/* index into site->langs */
	const char	*ref;		/* pairing key across languages */
	const char	*permalink;	/* "/en/faq.html" */
	const char	*out_path;	/* "en/faq.html" */
	const char	*title;		/* front matter title, or NULL until
					 * the body's first heading is known */
	const char	*body;		/* the body text (inside the source) */
	size_t		 body_len;	/* its length */
	int		 body_line;	/* file line the body starts on */
	int		 markdown;	/* 1 for .md, 0 for .html bodies */
	long long	 modified;	/* last commit that changed its source,
					 * or 0 when unknown */
	struct page	*versions[SITE_MAX_LANGS]; /* this ref in each
					 * language, by site language index */
};

struct pages {
	struct page	*list;	/* sorted by source path */
	size_t		 count;	/* entries in list */
	size_t		 cap;	/* entries allocated */
	struct page	**byref;	/* paired pages sorted by ref, lang */
	size_t		 nbyref;	/* entries in byref */
	int		 incomplete;	/* some page's ref or lang is unknown
					 * (reported): missing translations
					 * are not reported, as that page may
					 * be the one missing */
};

/*
 * Read every page of src, check its front matter against site and
 * layouts, add the pages made from opps (listings, opportunities, skills;
 * opps may be NULL), and pair translations. Returns 0, or -1 after
 * reporting each problem to d. Free with pages_free() in both cases.
 */
int		 pages_load(struct pages *out, struct arena *a,
		    const struct source *src, const struct site *site,
		    const struct layouts *layouts,
		    const struct opportunities *opps, struct diags *d);
void		 pages_free(struct pages *p);

/*
 * Bring p, made by pages_load() with opps, up to date with the
 * opportunities at which (n of them) read again since: was[i] is what
 * which[i] was then. Their pages take their new titles (front matter in
 * a), when nothing else pages_load() makes pages of changed: each is
 * and was shown, at the same addresses, with the same skills and in
 * the same year of the archive. Returns 0, or -1 (p as it was) when
 * pages_load() must make them all again.
 */
int		 pages_patch(struct pages *p, struct arena *a,
		    const struct site *site, const struct opportunities *opps,
		    const size_t *which, const struct opportunity *was,
		    size_t n);

/*
 * The year of the archive page that lists o at now (the year of its
 * closing in the site's zone), or 0 when the listing shows it: while
 * open, and for rules.listing_recent_days after its closing.
 */
int		 page_archive_year(const struct site *site,
		    const struct opportunity *o, long long now);

/* The archive's years at opps->now, newest first, into *out (free it);
 * returns how many. */
size_t		 page_archive_years(int **out, const struct site *site,
		    const struct opportunities *opps);

struct history;
/* Set each page's modified time from h (pages made from opportunities
 * take the opportunity file's). */
void		 pages_date(struct pages *p, const struct history *h);

/* The page with ref in language lang_index, or NULL. */
struct page	*pages_find(const struct pages *p, const char *ref,
		    size_t lang_index);

#endif
