/*
 * Where a build's output may go and how a build takes it over: the
 * folder checked against the inputs and against replacing what is not
 * marche's, the staging folder and its lock beside it, and what
 * interrupted builds left there swept away. Writing into the staging
 * folder and committing it are output.c's.
 */
#define _GNU_SOURCE	/* nftw() */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "diag.h"
#include "output.h"
#include "output_impl.h"
#include "xalloc.h"

static const char *const input_dirs[] = {
	"site", "opportunities", "_layouts", "_data", "assets", ".git"
};

/* The absolute, symlink-free form of dir, even if its last part is new. */
static char *
output_resolve(const char *dir)
{
	char	 buf[PATH_MAX], *copy, *slash, *res;
	size_t	 n;

	if (realpath(dir, buf) != NULL)
		return xstrdup(buf);
	copy = xstrdup(dir);
	n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	slash = strrchr(copy, '/');
	if (slash == NULL) {
		res = realpath(".", buf) ? xasprintf("%s/%s",
		    strcmp(buf, "/") ? buf : "", copy) : NULL;
	} else {
		*slash = '\0';
		res = realpath(slash == copy ? "/" : copy, buf) ?
		    xasprintf("%s/%s", strcmp(buf, "/") ? buf : "",
		    slash + 1) : NULL;
	}
	free(copy);
	return res;
}

/* Is a equal to b or an ancestor of it? Both absolute, no trailing /. */
static int
is_ancestor(const char *a, const char *b)
{
	size_t	n = strlen(a);

	if (strcmp(a, "/") == 0)
		return 1;
	return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '/');
}

int
output_check_dir(const char *dir, const char *workdir, struct diags *d)
{
	char	*abs = output_resolve(dir), *wd = NULL, *home = NULL;
	size_t	 i;
	int	 rc = -1;

	if (abs == NULL) {
		diag_error(d, NULL, 0, 0, "cannot use '%s' as the output "
		    "folder: its parent folder does not exist", dir);
		return -1;
	}
	if (strcmp(abs, "/") == 0)
		goto bad;
	if (getenv("HOME") != NULL && (home = output_resolve(getenv("HOME")))
	    != NULL && strcmp(home, abs) == 0)
		goto bad;
	if (workdir != NULL && (wd = output_resolve(workdir)) != NULL) {
		if (is_ancestor(abs, wd))
			goto bad;
		for (i = 0; i < sizeof(input_dirs) / sizeof(*input_dirs);
		    i++) {
			char *in = xasprintf("%s/%s", wd, input_dirs[i]);
			int inside = is_ancestor(in, abs);

			free(in);
			if (inside)
				goto bad;
		}
	}
	rc = 0;
	goto out;
bad:
	diag_error(d, NULL, 0, 0, "refusing to use '%s' as the output folder: "
	    "the build replaces it entirely, and it is the root, the home "
	    "folder, the repository or one of its input folders", dir);
out:
	free(abs);
	free(wd);
	free(home);
	return rc;
}

/*
 * Whether dir may be replaced: missing, or a folder that is empty or
 * holds OUTPUT_MARKER as a regular file. Returns 0, or -1 after
 * reporting.
 */
int
output_owned(const char *dir, struct diags *d)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*dp;
	char		*marker;
	int		 empty = 1, rc;

	if (lstat(dir, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		diag_error(d, NULL, 0, 0, "cannot use the output folder '%s': "
		    "%s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_error(d, NULL, 0, 0, "'%s' exists and is not a folder",
		    dir);
		return -1;
	}
	marker = xasprintf("%s/%s", dir, OUTPUT_MARKER);
	rc = lstat(marker, &st) == 0 && S_ISREG(st.st_mode) ? 0 : -1;
	free(marker);
	if (rc == 0)
		return 0;
	if ((dp = opendir(dir)) == NULL) {
		diag_error(d, NULL, 0, 0, "cannot read the output folder "
		    "'%s': %s", dir, strerror(errno));
		return -1;
	}
	while (empty && (de = readdir(dp)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(dp);
	if (empty)
		return 0;
	diag_error(d, NULL, 0, 0, "refusing to replace '%s': it is not empty "
	    "and marche did not write it (it has no %s file); remove it "
	    "yourself or choose another --out", dir, OUTPUT_MARKER);
	return -1;
}

/*
 * Remove path if it is a folder (not a link to one). Returns 0, or -1 if
 * some of it is still there.
 */
static int
remove_dir_if_any(const char *path)
{
	struct stat	st;

	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return output_remove_tree(path) != 0 && errno != ENOENT ? -1 : 0;
	return 0;
}

/*
 * If lock (a file in parent named like a staging lock) is marche's and
 * no build holds it, remove its staging folder, that folder's ".old"
 * and the lock. Returns 1 if something was removed, else 0.
 */
static int
sweep_one(const char *parent, const char *name, struct diags *d)
{
	char		 head[sizeof(OUTPUT_LOCK_MAGIC) - 1];
	char		*lock, *dir, *old;
	struct stat	 st;
	int		 fd, removed = 0;

	lock = xasprintf("%s/%s", parent, name);
	fd = open(lock, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    read(fd, head, sizeof(head)) != (ssize_t)sizeof(head) ||
	    memcmp(head, OUTPUT_LOCK_MAGIC, sizeof(head)) != 0 ||
	    flock(fd, LOCK_EX | LOCK_NB) != 0)
		goto out;	/* not marche's, or its build is running */
	dir = xstrndup(lock, strlen(lock) - strlen(".lock"));
	old = xasprintf("%s.old", dir);
	if (remove_dir_if_any(dir) == 0 && remove_dir_if_any(old) == 0) {
		unlink(lock);
		diag_report(d, DIAG_NOTE, NULL, 0, 0, "removed '%s', left by "
		    "a build that was interrupted", dir);
	} else	/* the lock stays, for a later build to try again */
		diag_report(d, DIAG_NOTE, NULL, 0, 0, "cannot remove all of "
		    "'%s', left by an earlier build: %s", dir,
		    strerror(errno));
	free(dir);
	free(old);
	removed = 1;
out:
	if (fd >= 0)
		close(fd);
	free(lock);
	return removed;
}

/* Whether name is ".BASE.staging-XXXXXX.lock" for this base. */
static int
is_lock_name(const char *name, const char *base)
{
	size_t	n = strlen(base), len = strlen(name);

	return len == n + strlen("..staging-XXXXXX.lock") &&
	    name[0] == '.' && strncmp(name + 1, base, n) == 0 &&
	    strncmp(name + 1 + n, ".staging-", 9) == 0 &&
	    strcmp(name + len - 5, ".lock") == 0;
}

/* Remove what interrupted builds left in parent beside base. */
void
output_sweep(const char *parent, const char *base, struct diags *d)
{
	struct dirent	*de;
	DIR		*dp;
	char		**names = NULL;
	size_t		 n = 0, i;

	if ((dp = opendir(parent)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (!is_lock_name(de->d_name, base))
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dp);
	for (i = 0; i < n; i++) {
		sweep_one(parent, names[i], d);
		free(names[i]);
	}
	free(names);
}

/* Create the held lock and the staging folder beside it. */
int
output_stage(struct output *out, const char *parent, const char *base,
    struct diags *d)
{
	out->lock = xasprintf("%s/.%s.staging-XXXXXX.lock", parent, base);
	if ((out->lock_fd = mkstemps(out->lock, 5)) < 0)
		goto fail;
	if (flock(out->lock_fd, LOCK_EX | LOCK_NB) != 0 ||
	    write(out->lock_fd, OUTPUT_LOCK_MAGIC,
	    strlen(OUTPUT_LOCK_MAGIC)) != (ssize_t)strlen(OUTPUT_LOCK_MAGIC))
		goto fail;
	out->staging = xstrndup(out->lock, strlen(out->lock) -
	    strlen(".lock"));
	if (mkdir(out->staging, 0700) != 0)
		goto fail;
	return 0;
fail:
	diag_error(d, NULL, 0, 0, "cannot create a staging folder beside "
	    "'%s': %s", out->dir, strerror(errno));
	if (out->lock_fd >= 0) {
		unlink(out->lock);
		close(out->lock_fd);
		out->lock_fd = -1;
	}
	free(out->lock);
	free(out->staging);
	out->lock = out->staging = NULL;
	return -1;
}

static int
remove_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

/* Remove a folder tree without following symbolic links. */
int
output_remove_tree(const char *path)
{
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
