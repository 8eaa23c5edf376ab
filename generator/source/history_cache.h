/*
 * The history cache: what the history walk learned from each
 * first-parent commit (the files it changed against its first parent,
 * the paths the walk refused, its subject, "Correction:" trailer and the
 * site settings its parent had), kept by commit id in the repository's
 * Git folder (marche/history.cache), so the next walk reads only the
 * commits it has not seen. A commit id names its tree and its parents,
 * so what it changed never changes.
 *
 * The file is untrusted input: a header with a format version and the
 * walk's bounds, a SHA-1 of the rest, and bounds on every count and
 * length. A file that fails any check is ignored as a whole, and the
 * walk rebuilds it. It is written to a temporary file renamed into
 * place, so readers see an old file or a new one, never half of one;
 * a cache that cannot be written is left alone.
 */
#ifndef MARCHE_HISTORY_CACHE_H
#define MARCHE_HISTORY_CACHE_H

#include <stddef.h>

#include <git2.h>

/* One file a commit changed, as the walk recorded it. */
struct hcache_change {
	git_delta_t	 status;	/* ADDED, DELETED, MODIFIED, RENAMED */
	unsigned int	 old_mode;	/* the old entry's mode, or 0 */
	unsigned int	 new_mode;	/* the new entry's mode, or 0 */
	unsigned long long new_size;	/* the new blob's size, or 0 */
	git_oid		 old_id;	/* the old entry's object, or zeros */
	git_oid		 new_id;	/* the new entry's object, or zeros */
	char		*path;		/* the path (the old one when
					 * deleted) */
	char		*old_path;	/* RENAMED: the path before, else
					 * NULL */
};

/* A path the walk refused in a commit, and why. */
struct hcache_problem {
	char	*path;
	char	*msg;
};

/* What one first-parent commit changed. */
struct hcache_commit {
	git_oid			 id;		/* the commit */
	long long		 time;		/* its commit time */
	char			*subject;	/* fit to show */
	char			*correction;	/* its trailer, or NULL */
	int			 has_settings;	/* its first parent had
						 * _data/site.yml as a file */
	git_oid			 settings_id;	/* that file's blob */
	struct hcache_change	*changes;	/* in the walk's order */
	size_t			 nchanges;
	struct hcache_problem	*problems;	/* in the walk's order */
	size_t			 nproblems;
};

/* The entries of a cache file, found by commit id. */
struct hcache {
	struct hcache_commit	**list;		/* every entry, owned */
	size_t			  count;
	size_t			  cap;
	size_t			 *slots;	/* index + 1, 0 when empty */
	size_t			  nslots;	/* a power of two */
};


/*
 * Read the cache file at path into hc (which starts empty), when its
 * header carries format (the walk's bounds, in words). Returns 0 when it
 * was read, -1 when it is missing, unreadable, or fails any check: hc is
 * then empty. Never trusts a length it has not bounded.
 */
int	hcache_read(struct hcache *hc, const char *path, const char *format);

/* The entry for commit id, or NULL. */
struct hcache_commit *hcache_find(const struct hcache *hc,
	    const git_oid *id);

/* Add entry e (taking it), replacing none: the caller looked first. */
void	hcache_add(struct hcache *hc, struct hcache_commit *e);

/*
 * Write the entries line (count n, oldest first), then others of hc not
 * in line while the file holds at most keep entries, to path, through a
 * temporary file renamed into place. Returns 0, or -1 (nothing changed).
 */
int	hcache_write(const char *path, const char *format,
	    struct hcache_commit *const *line, size_t n,
	    const struct hcache *hc, size_t keep);

struct buf;


void	hcache_commit_free(struct hcache_commit *e);
void	hcache_free(struct hcache *hc);

#endif
