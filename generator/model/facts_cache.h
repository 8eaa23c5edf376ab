/*
 * The facts cache: what a check of a pull request that changes only
 * opportunities needs from each opportunity it does not change (its
 * path, whether it was read without errors, its slug, title and output
 * paths in each language, its stated status and closing, which decide
 * its archive year, its skills and attachments, whether it has an entry
 * in the open resource exchange, and where its slugs stand in the file,
 * where a collision is reported), kept in the repository's Git folder
 * (marche/facts.cache) by the file's blob and the tree of its attachment
 * folder, so that the next check need not read nor parse it again: the
 * source leaves such a file unread and fcache_stub() stands for it (see
 * build_facts.c). What a file says depends only on its bytes,
 * its attachments and the site's settings, which the format string
 * names; the few rules that depend on the time are not cached (an
 * entry is only written when they cannot apply, see fcache_usable()).
 *
 * The file is untrusted input (framed as cachefile.h says): any failed
 * check ignores the whole file.
 */
#ifndef MARCHE_FACTS_CACHE_H
#define MARCHE_FACTS_CACHE_H

#include <stddef.h>

#include <git2.h>

#include "instant.h"
#include "site.h"

struct opportunities;
struct opportunity;
struct source;

/* One language's facts. */
struct fcache_text {
	char	*slug;		/* NULL: the language's text was not read */
	char	*title;		/* or NULL */
	char	*permalink;	/* with slug */
	char	*out_path;	/* with slug */
	int	 slug_line;	/* where a slug collision is reported, */
	int	 slug_col;	/* or 0 */
};

/* An attachment's facts. */
struct fcache_attachment {
	char	*file;		/* its name in opportunities/ID/ */
	char	*out_path;	/* where it is published */
	int	 lang;		/* the only language listing it, or -1 */
};

/* What an opportunity file says, for one blob and attachment folder. */
struct fcache_opp {
	git_oid			 blob;	/* the file's blob */
	git_oid			 folder; /* the tree of opportunities/ID/, or
					 * zeros when there is none */
	size_t			 len;	/* the blob's size in bytes */
	char			*path;	/* "opportunities/ID.yml" */
	char			*id;	/* ID */
	int			 ok;	/* read without errors */
	int			 has_posted; /* 'posted' is given */
	int			 stated; /* enum opp_status, as written */
	int			 ore;	/* it publishes an entry of the open
					 * resource exchange (emit_ore()) */
	struct instant		 closing;
	char			**skills;
	size_t			 nskills;
	struct fcache_attachment *attachments;
	size_t			 nattachments;
	size_t			 ntexts; /* the site's languages */
	struct fcache_text	 text[SITE_MAX_LANGS];
};

/* The entries of a cache file. */
struct fcache {
	struct fcache_opp	**list;	/* owned */
	size_t			  count;
	size_t			  cap;
	size_t			 *slots; /* index + 1, 0 when empty */
	size_t			  nslots; /* a power of two */
};

/* "<git folder>/marche/facts.cache", to free, or NULL. */
char	*fcache_path(git_repository *repo);

/*
 * Read the cache file at path into fc (which starts empty) when its
 * header carries format. Returns 0, or -1 when it is missing or fails
 * any check (fc is then empty).
 */
int	fcache_read(struct fcache *fc, const char *path, const char *format);

/* The entry for path with this blob and attachment folder, or NULL. */
const struct fcache_opp *fcache_find(const struct fcache *fc,
	    const char *path, const git_oid *blob, const git_oid *folder);

/* Add e (taking it). Returns 0, or -1 when fc has its path already (e
 * is freed). */
int	fcache_add(struct fcache *fc, struct fcache_opp *e);

/* Write fc to path (temporary file, renamed). Returns 0 or -1. */
int	fcache_write(const char *path, const char *format,
	    const struct fcache *fc);

/*
 * The entry for o as read at now with site's languages, or NULL when
 * what it says depends on the time at now (see fcache_usable()).
 */
struct fcache_opp *fcache_opp_of(const struct opportunity *o,
	    const struct site *site, long long now, const git_oid *blob,
	    const git_oid *folder);

/*
 * May e stand for its file at now (under the site's time zone)? Not
 * when a rule that depends on the time could judge it differently than
 * when it was written.
 */
int	fcache_usable(const struct fcache_opp *e, long long now);

/*
 * The format of the cache for a site read from src, judged by the
 * settings of rules_src (a pull request's base, or src), with the base
 * address base_url (--base-url, or NULL): what the facts depend on
 * besides the files themselves, as a string to free.
 */
char	*fcache_format(const struct source *src, const struct source *rules_src,
	    const char *base_url);

/*
 * Record in the facts cache of repo (open, not closed) what
 * each of opps (read from src, a revision, at now) says, keeping the
 * entries of a few other files, when anything changed. A cache that
 * cannot be written is left alone. known, when not NULL, is the cache
 * as read already under format (its entries are taken): a stub
 * (o->cached) keeps its entry.
 */
void	fcache_save(git_repository *repo, const char *format,
	    const struct source *src, const struct opportunities *opps,
	    const struct site *site, long long now, struct fcache *known);

/*
 * May e stand for its unread file in a check of a pull request that
 * leaves it unchanged, at now? Only when it was read without errors,
 * is not imported ('posted', judged against history) and is not open
 * (the home page shows every open one's card, which needs the whole
 * file), and fcache_usable(); with site, only when it has a page in
 * each of the site's languages (NULL: that is not asked yet).
 */
int	fcache_stands(const struct fcache_opp *e, const struct site *site,
	    long long now);

struct arena;

/*
 * Fill *o (path and data left NULL) with what e says: its id, status,
 * closing, skills, attachments and each language's slug, title and
 * addresses; o->cached is set, and o->root is NULL. Allocates in a.
 */
void	fcache_stub(struct opportunity *o, const struct fcache_opp *e,
	    const struct site *site, long long now, struct arena *a);

void	fcache_opp_free(struct fcache_opp *e);
void	fcache_free(struct fcache *fc);

#endif
