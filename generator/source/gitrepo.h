/*
 * What the modules that read Git (source, history, changes) share:
 * opening the repository the way git finds it, and libgit2's last error
 * in words.
 */
#ifndef MARCHE_GITREPO_H
#define MARCHE_GITREPO_H

#include <git2.h>

struct diags;

/*
 * Open the repository at or above dir (NULL: "."), searching upward as
 * git does. Returns 0 with *out set (free with git_repository_free()),
 * or -1 after reporting to d. libgit2 must be initialised.
 *
 * A command opens its repository once and hands the handle to every
 * stage that reads Git (source, history, changes, the default branch),
 * so that they all see the repository found once, however it was found
 * (a sub-folder, a linked worktree, GIT_DIR).
 */
int		 gitrepo_open(git_repository **out, const char *dir,
		    struct diags *d);

/*
 * The working tree of repo, with a trailing '/', in *out (free it).
 * Returns 0, or -1 after reporting to d that repo is bare.
 */
int		 gitrepo_workdir(char **out, git_repository *repo,
		    struct diags *d);

/*
 * Another handle on repo's repository (the same Git folder, not
 * searched for again), for a thread of its own: a libgit2 repository,
 * and the object database and caches it holds, is used by one thread
 * at a time. The stages that read objects on several threads (source
 * with --rev, dating) give each thread but the caller's one of these.
 * Returns 0 with *out set (free with git_repository_free()), or -1
 * (libgit2's error in gitrepo_error()).
 */
int		 gitrepo_reopen(git_repository **out, git_repository *repo);

/*
 * Give back what repo holds of its object database: the windows of its
 * packs mapped into memory (up to 32 MiB, resident once read), their
 * indexes and its object cache. Called when the stages that read Git
 * are done; a later read opens them again. No other thread may be using
 * repo.
 */
void		 gitrepo_release(git_repository *repo);

/* libgit2's last error message, never NULL. */
const char	*gitrepo_error(void);

/* Entries one walk of a tree may look at (folders and files). */
#define GITREPO_MAX_ENTRIES	1000000

/* One file that differs between two trees (gitrepo_tree_walk()). */
struct gitrepo_change {
	git_delta_t	 status;	/* GIT_DELTA_ADDED, _DELETED or
					 * _MODIFIED */
	const char	*path;		/* '/'-separated from the root */
	git_oid		 old_id;	/* the old entry's object, or zeros */
	git_oid		 new_id;	/* the new entry's object, or zeros */
	git_filemode_t	 old_mode;	/* the old entry's mode, or 0 */
	git_filemode_t	 new_mode;	/* the new entry's mode, or 0 */
	git_object_size_t new_size;	/* the new blob's size (read from its
					 * header), or 0 */
};

/* How gitrepo_tree_walk() walks, and where it reports. */
struct rawtrees;

struct gitrepo_walk {
	int		   max_depth;	/* deepest folder entered; a top
					 * folder such as "site" is 1 */
	size_t		   max_entries;	/* entries looked at in all */
	int		   check_names;	/* judge each new or changed name
					 * by srcpath_name_problem() */
	const char *const *roots;	/* top-level names to walk, or NULL
					 * for every one */
	size_t		   nroots;	/* entries in roots */
	/* Called for each file that differs (may be NULL); a non-zero
	 * return stops the walk and is returned. */
	int		 (*change)(const struct gitrepo_change *, void *);
	/* Called for each path refused (the path as it is, for a
	 * diagnostic, which escapes it; the message). */
	void		 (*problem)(const char *, const char *, void *);
	void		  *ctx;		/* passed to both */
	/* Folders kept between walks of the same repository (rawtree.h),
	 * or NULL: a history walk compares each commit's trees with its
	 * parent's by the entries whose bytes differ. */
	struct rawtrees	  *keep;
};

/*
 * Compare tree new_tree with old_tree (either may be NULL: empty), with
 * bounded work and memory: only folders whose ids differ are entered,
 * never deeper than how->max_depth, never more than how->max_entries
 * entries in all, and (with check_names) no entry whose name another
 * system would misread. Each refused path goes to how->problem and is
 * skipped; files in old folders too deep are not reported. Entries are
 * found by name, so a tree whose entries are out of order is still read
 * correctly. Returns 0, 1 if some path was refused, -1 if an object
 * could not be read (libgit2's error is in gitrepo_error()), or what
 * how->change returned if it stopped the walk.
 */
int		 gitrepo_tree_walk(git_repository *repo,
		    const git_tree *old_tree, const git_tree *new_tree,
		    const struct gitrepo_walk *how);

#endif
