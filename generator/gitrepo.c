#include "diag.h"
#include "gitrepo.h"

const char *
gitrepo_error(void)
{
	const git_error	*e = git_error_last();

	return e != NULL && e->message != NULL ? e->message : "unknown error";
}

int
gitrepo_open(git_repository **out, const char *dir, struct diags *d)
{
	int	rc;

	if (dir == NULL)
		dir = ".";
	rc = git_repository_open_ext(out, dir, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		diag_error(d, NULL, 0, 0, "no Git repository at or above '%s'",
		    dir);
		return -1;
	}
	if (rc < 0) {
		diag_error(d, NULL, 0, 0, "could not open the Git repository "
		    "at or above '%s': %s", dir, gitrepo_error());
		return -1;
	}
	return 0;
}
