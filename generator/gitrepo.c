#include "diag.h"
#include "gitrepo.h"

const char *
gitrepo_error(void)
{
	const git_error	*e = git_error_last();

	return e != NULL && e->message != NULL ? e->message : "unknown error";
}

/*
 * How marche reads objects. The objects of a repository were verified
 * when they arrived (git fetch and git receive-pack check every hash), so
 * hashing each one again on every read only costs time; and trees are
 * read once per commit in the history walk, so they are worth caching
 * whatever their size (libgit2 caches only trees under 4 KiB by default).
 * The whole cache is held to 64 MiB, so memory stays small at any size
 * of history (each step of the walk needs only its two trees).
 */
static void
gitrepo_settings(void)
{
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
	    (size_t)16 * 1024 * 1024);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE,
	    (ssize_t)64 * 1024 * 1024);
}

int
gitrepo_open(git_repository **out, const char *dir, struct diags *d)
{
	int	rc;

	gitrepo_settings();
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
