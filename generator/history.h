/*
 * History: one walk over the first-parent line of commits that lead to
 * the built revision (or to HEAD for the working tree) records, for every
 * file under opportunities/ and site/, when it was added and when it
 * changed. A change that reached the line through a merge counts once,
 * at the merge. Opportunity files also keep the text of each version, so
 * their amendments can be shown. A shallow clone has no full history:
 * history is then marked unavailable rather than invented.
 */
#ifndef MARCHE_HISTORY_H
#define MARCHE_HISTORY_H

#include <stddef.h>

struct diags;

struct history_version {
	long long	 time;		/* commit time, seconds since epoch */
	char		*data;		/* the file's text at that commit
					 * (opportunities only), or NULL */
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
};

/*
 * Walk the history of rev (NULL: HEAD) in the repository at or above
 * repo_dir. A missing HEAD (no commit yet) or a shallow clone gives
 * available = 0 and a note; only real failures return -1 (reported).
 * Free with history_free().
 */
int	history_load(struct history *out, const char *repo_dir,
	    const char *rev, struct diags *d);
void	history_free(struct history *h);

/* The history of path, or NULL. */
const struct history_file *history_find(const struct history *h,
	    const char *path);

#endif
