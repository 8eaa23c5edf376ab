/*
 * What a pull request changes: the files that differ between the merge
 * base of two revisions and the head, read through libgit2 with rename
 * detection. For each changed file under opportunities/, the base
 * version's text is kept so the rules can compare the two.
 */
#ifndef MARCHE_CHANGES_H
#define MARCHE_CHANGES_H

#include <stddef.h>

struct diags;
struct git_repository;

enum change_kind {
	CHANGE_ADDED,		/* new in head */
	CHANGE_MODIFIED,	/* in both, different */
	CHANGE_DELETED,		/* gone from head */
	CHANGE_RENAMED		/* moved (and maybe changed) */
};

struct change {
	enum change_kind kind;		/* what happened */
	char		*path;		/* path in head (base for deletions) */
	char		*old_path;	/* path in base (renames), else NULL */
	char		*old_data;	/* base text of an opportunity file
					 * that was modified, renamed or
					 * deleted, else NULL */
	size_t		 old_len;	/* its length */
	char		*new_data;	/* head text of an opportunity file
					 * (opportunities/ID.yml) that was
					 * modified, when at most max_bytes,
					 * else NULL */
	size_t		 new_len;	/* its length */
	int		 special;	/* the head entry is a symbolic link
					 * or a submodule */
};

struct changes {
	struct change	*list;		/* in path order */
	size_t		 count;		/* entries in list */
	char		*merge_base;	/* hex id of the merge base */
};

/*
 * Compare the merge base of base and head with head, in the repository
 * at or above repo_dir (NULL: "."). What head adds or changes anywhere
 * in its tree is judged first, with bounded work: names that
 * srcpath_name_problem() refuses, folders deeper than the source's
 * depth limit. Returns 0 with *out filled (free with changes_free()),
 * 1 after reporting such paths (*out then lists nothing), or -1 after
 * reporting a failure (*out then holds nothing to free).
 */
int	changes_load(struct changes *out, const char *repo_dir,
	    const char *base, const char *head, size_t max_bytes,
	    struct diags *d);
/* The same in repo, a repository already open, which is not closed. */
int	changes_load_repo(struct changes *out, struct git_repository *repo,
	    const char *base, const char *head, size_t max_bytes,
	    struct diags *d);
void	changes_free(struct changes *c);

#endif
