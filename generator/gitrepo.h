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
 */
int		 gitrepo_open(git_repository **out, const char *dir,
		    struct diags *d);

/* libgit2's last error message, never NULL. */
const char	*gitrepo_error(void);

#endif
