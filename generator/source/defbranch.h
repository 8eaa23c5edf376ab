/*
 * The default branch, found as Git finds it (origin/HEAD, else main, else
 * master), and which files of one folder it holds. Plain `check` in a
 * working tree uses it to tell the opportunities a contributor is adding
 * from those already published.
 */
#ifndef MARCHE_DEFBRANCH_H
#define MARCHE_DEFBRANCH_H

#include <stddef.h>

struct diags;
struct git_repository;

struct defbranch {
	char	*name;		/* "origin/main", "main" or "master"; NULL
				 * when none of them exists */
	int	 born;		/* the repository has a commit (HEAD
				 * resolves) */
	char	**paths;	/* files directly in the folder asked for,
				 * as "folder/name", sorted bytewise */
	size_t	 count;		/* entries in paths */
};

/*
 * Find the default branch of repo (open, and not closed), and list the
 * files directly in folder dir ("opportunities") of its tip's tree.
 * Returns 0 with *out filled (out->name NULL when there is no default
 * branch), or -1 after reporting to d. Free with defbranch_free().
 */
int	defbranch_load(struct defbranch *out, struct git_repository *repo,
	    const char *dir, struct diags *d);

/* Does the default branch hold path? 1 or 0. */
int	defbranch_has(const struct defbranch *b, const char *path);

void	defbranch_free(struct defbranch *b);

#endif
