/*
 * Site settings and data: _data/site.yml (title per language, base URL,
 * languages, time zone, rules), _data/i18n.yml (every interface string in
 * every language) and every other _data/NAME.yml, exposed to templates as
 * data.NAME.
 */
#ifndef MARCHE_SITE_H
#define MARCHE_SITE_H

#include <stddef.h>

#include "npmfiles.h"

struct arena;
struct diags;
struct source;
struct value;

#define SITE_MAX_LANGS	8
#define SITE_FRONT_MATTER_MAX	(64 * 1024)	/* bytes of front matter */
#define SITE_PAGE_MAX		(8 * 1024 * 1024) /* bytes of HTML a page */

struct site_lang {
	const char	*code;	 /* "en", "fr" */
	const char	*opportunities; /* listing permalink, ends in '/':
				 * "/en/opportunities/" by default */
	const char	*skills; /* skill pages' folder: "/en/skills/" */
	struct value	*skill_files; /* map: skill key -> its page's file
				 * name in this language, without .html */
	const char	*open_calendar; /* file name of the calendar of open
				 * opportunities in the opportunities
				 * folder: "open.ics" by default */
	const char	*name;	 /* the language's name in itself */
	const char	*english; /* its name in English messages, from
				 * CLDR: "French" (the code if unknown) */
	const char	*title;	 /* the site title in this language */
	struct value	*strings; /* map: i18n key -> string in this language */
};

/* The rules opportunities follow: _data/site.yml "rules", with defaults. */
struct site_rules {
	double	ceiling;		/* ceiling: highest value, 10000 */
	int	answer_delay_hours;	/* answer_delay_hours: 48 */
	int	minimum_posting_days;	/* minimum_posting_days: 7 */
	int	outcome_days;		/* outcome_days: 30, days after
					 * closing by which an award or a
					 * cancellation is due */
	int	title_max;		/* title_max_length: 100 characters */
	int	attachment_max_bytes;	/* attachment_max_bytes: the largest
					 * attachment, 4 MiB (also the
					 * largest input file) */
	int	listing_recent_days;	/* listing_recent_days: 90, days
					 * after closing an opportunity
					 * stays on the listing before it
					 * moves to its year's archive */
};

struct site {
	struct value	*config;	/* _data/site.yml as loaded */
	struct value	*data;		/* map: data file name -> its value */
	struct value	*nav;		/* _data/nav.yml (a list) or NULL */
	struct site_lang langs[SITE_MAX_LANGS]; /* in site.yml order */
	size_t		 nlangs;	/* languages in use */
	size_t		 default_lang;	/* index into langs */
	const char	*base_url;	/* no trailing '/', e.g. https://x.ca */
	const char	*root_path;	/* base_url's path with a final '/':
					 * "/" or "/marche/" */
	const char	*time_zone;	/* IANA name, America/Toronto default */
	struct site_rules rules;	/* limits for opportunities */
	struct value	*skills;	/* _data/skills.yml: key -> names by
					 * language, or NULL */
	struct npm_files npm_files;	/* files copied from node_modules/ */
	struct value	*npm;		/* map: 'as' name -> file text, for
					 * layouts as npm.NAME, or NULL */
};

/*
 * Load and check the site's settings and data from src into out, with
 * every string in a. Returns 0, or -1 after reporting each problem to d
 * (out is then partly filled and must not be used to render).
 */
int	site_load(struct site *out, struct arena *a,
	    const struct source *src, struct diags *d);

/*
 * Give every rule and the time zone that site_load() could not read its
 * default (documented in marche(5)); what was read is kept.
 */
void	site_fill_defaults(struct site *site);

/*
 * Set the published address (a trailing '/' is dropped) and the root
 * path derived from it; strings in a.
 */
void	site_set_base_url(struct site *site, struct arena *a, const char *url);

/* Interface string key in language index k, or def when missing. */
const char *site_string(const struct site *site, size_t k, const char *key,
	    const char *def);

/* The index of language code in site, or -1. */
int	site_lang_index(const struct site *site, const char *code);

/*
 * Load one source file as YAML (registering its text with d for
 * excerpts). Returns the value, or NULL after reporting.
 */
struct value *site_load_yaml(struct arena *a, const char *path,
	    const char *data, size_t len, struct diags *d);
/*
 * Load a part of a file (front matter) as YAML starting on file line
 * first_line; the caller registered the file's text with d.
 */
struct value *site_load_yaml_part(struct arena *a, const char *path,
	    const char *data, size_t len, int first_line, struct diags *d);

#endif
