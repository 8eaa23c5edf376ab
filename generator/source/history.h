/*
 * History: one walk over the first-parent line of commits that lead to
 * the built revision (or to HEAD for the working tree) records, for every
 * file under opportunities/ and site/, when it was added and when it
 * changed. A change that reached the line through a merge counts once,
 * at the merge. Opportunity files also keep the blob of each version (its
 * text is read when asked for, not held), so their amendments can be
 * shown, with the commit that made each (its id,
 * subject and "Correction:" trailer), the deletions and renames of
 * opportunity files, and the site settings (_data/site.yml) each such
 * commit's first parent had: the change rules are judged as they were
 * then. A shallow clone has no full history: history is then marked
 * unavailable rather than invented.
 *
 * What each commit changed is kept by commit id in the repository's Git
 * folder (history_cache.h), so a walk reads only the commits it has not
 * seen before; the result is the same with or without that cache.
 */
#ifndef MARCHE_HISTORY_H
#define MARCHE_HISTORY_H

#include <stddef.h>

struct diags;

/* The first-parent commit that made a version: what check names. */
struct history_commit {
	char		 id[41];	/* hex id */
	char		*subject;	/* first line of its message, at most
					 * HISTORY_SUBJECT_MAX bytes of valid
					 * UTF-8 with no control character */
	char		*correction;	/* its "Correction:" trailer's
					 * reason (the same), or NULL */
	int		 settings;	/* index of the _data/site.yml its
					 * first parent had, or -1 */
};

#define HISTORY_SUBJECT_MAX	200

struct history_version {
	long long	 time;		/* commit time, seconds since epoch,
					 * never before an earlier commit's
					 * on the line */
	char		*data;		/* the file's text at that commit, when
					 * it was given rather than read (see
					 * history_text()), or NULL */
	size_t		 len;		/* its length (data or blob) */
	unsigned char	 blob[20];	/* the id of the file's blob at that
					 * commit, if has_blob */
	int		 has_blob;	/* an opportunity's version whose text
					 * can be read: a file, at most
					 * HISTORY_MAX_TEXT bytes, within
					 * the total bound */
	int		 deleted;	/* the commit deleted the file
					 * (opportunities only); data NULL */
	char		*renamed_from;	/* the commit renamed the file from
					 * this path, made fit to show
					 * (opportunities only; the versions
					 * before are the old path's), or
					 * NULL */
	size_t		 commit;	/* index into history.commit_list
					 * (opportunities only) */
};

/* A version of _data/site.yml, kept once however many commits had it. */
struct history_settings {
	char		*data;		/* its text (NUL-terminated) */
	size_t		 len;		/* its length */
};

struct history_file {
	char			*path;		/* repository-relative */
	long long		 added;		/* first commit with the file */
	long long		 changed;	/* last commit that changed it */
	struct history_version	*versions;	/* oldest first, one per
						 * commit that changed it */
	size_t			 nversions;
};

struct history {
	int			 available;	/* 0: no history (shallow clone,
						 * no commits) */
	struct history_file	*files;		/* sorted by path */
	size_t			 count;
	size_t			 commits;	/* commits walked */
	struct history_commit	*commit_list;	/* the commits that changed
						 * an opportunity file, in
						 * walk order */
	size_t			 ncommits;
	struct history_settings	*settings;	/* the site settings those
						 * commits' parents had */
	size_t			 nsettings;
	struct git_repository	*repo;		/* open while the history is,
						 * to read versions */
	int			 own_repo;	/* repo was opened for it
						 * (history_load()), and is
						 * closed by history_free() */
	int			 cached;	/* caches may be read and
						 * written (no
						 * HISTORY_NO_CACHE) */
};

/* Bytes read of one version's text, and of all versions' together
 * (versions are parsed a batch of opportunities at a time, then let go). */
#define HISTORY_MAX_TEXT	(1024 * 1024)
#define HISTORY_MAX_TOTAL	((size_t)1024 * 1024 * 1024)

/* history_load() flags. */
#define HISTORY_NO_CACHE	0x1	/* neither read nor write the cache */

/*
 * Walk the history of rev (NULL: HEAD) in the repository at or above
 * repo_dir. A missing HEAD (no commit yet) or a shallow clone gives
 * available = 0 and a note; only real failures return -1 (reported).
 * Free with history_free().
 */
int	history_load(struct history *out, const char *repo_dir,
	    const char *rev, int flags, struct diags *d);
/*
 * The same in repo, a repository already open (gitrepo_open()), which
 * must stay open until history_free(): the history reads versions from
 * it, and does not close it.
 */
int	history_load_repo(struct history *out, struct git_repository *repo,
	    const char *rev, int flags, struct diags *d);
void	history_free(struct history *h);

/*
 * The text of version v (its data, or its blob read now), NUL-terminated,
 * with its length in *lenp: a string to free, or NULL when the version
 * has no text (a deletion, a link, too large) or it cannot be read.
 */
char	*history_text(const struct history *h,
	    const struct history_version *v, size_t *lenp);

/*
 * The same, read through repo: a handle on h's repository of a thread's
 * own (a libgit2 repository is used by one thread at a time), from
 * history_reopen(), or NULL for h's.
 */
char	*history_text_in(const struct history *h, struct git_repository *repo,
	    const struct history_version *v, size_t *lenp);

/* Another handle on h's repository, or NULL. Free with history_close(). */
struct git_repository *history_reopen(const struct history *h);
void	history_close(struct git_repository *repo);

/* Whether version v's text is exactly the len bytes at data. */
int	history_same(const struct history *h,
	    const struct history_version *v, const char *data, size_t len);

/*
 * The same, for one text compared with several versions: the text's blob
 * id is worked out once, into *id, which starts zeroed for each text.
 */
struct history_id {
	int		state;		/* 0: not yet, 1: id, -1: none */
	unsigned char	id[20];
};
int	history_same_id(const struct history *h,
	    const struct history_version *v, const char *data, size_t len,
	    struct history_id *id);

/* The same, for a text known by its length and blob id. */
int	history_same_blob(const struct history *h,
	    const struct history_version *v, size_t len,
	    const unsigned char blob[20]);

/* The history of path, or NULL. */
const struct history_file *history_find(const struct history *h,
	    const char *path);

#endif
