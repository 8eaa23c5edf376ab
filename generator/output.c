#define _GNU_SOURCE	/* renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "output.h"
#include "path.h"
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

int
output_begin(struct output *out, const char *dir, struct diags *d)
{
	char	*copy, *slash, *base, *parent;
	size_t	 n;

	memset(out, 0, sizeof(*out));
	copy = xstrdup(dir);
	n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	slash = strrchr(copy, '/');
	if (slash != NULL) {
		*slash = '\0';
		parent = slash == copy ? "/" : copy;
		base = slash + 1;
	} else {
		parent = ".";
		base = copy;
	}
	out->staging = xasprintf("%s/.%s.staging-XXXXXX", parent, base);
	free(copy);
	if (mkdtemp(out->staging) == NULL) {
		diag_error(d, NULL, 0, 0, "cannot create a staging folder "
		    "beside '%s': %s", dir, strerror(errno));
		free(out->staging);
		out->staging = NULL;
		return -1;
	}
	out->dir = xstrdup(dir);
	return 0;
}

/* Create the folders leading to full (a path inside the staging dir). */
static int
make_parents(char *full, size_t from)
{
	size_t	i;

	for (i = from; full[i] != '\0'; i++) {
		if (full[i] != '/')
			continue;
		full[i] = '\0';
		if (mkdir(full, 0777) != 0 && errno != EEXIST) {
			full[i] = '/';
			return -1;
		}
		full[i] = '/';
	}
	return 0;
}

int
output_write(struct output *out, const char *rel, const void *data,
    size_t len, struct diags *d)
{
	const char	*p = data;
	char		*full;
	ssize_t		 w;
	int		 fd, rc = -1;

	if (out->staging == NULL)
		return -1;
	if (path_check_output(rel) != 0) {
		diag_error(d, NULL, 0, 0, "refusing to write the unsafe "
		    "output path '%s'", rel);
		out->failed = 1;
		return -1;
	}
	full = xasprintf("%s/%s", out->staging, rel);
	if (make_parents(full, strlen(out->staging) + 1) != 0 ||
	    (fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0666)) < 0) {
		if (errno == EEXIST)
			diag_error(d, NULL, 0, 0, "two outputs would be "
			    "written to '%s'", rel);
		else
			diag_error(d, NULL, 0, 0, "cannot write '%s': %s",
			    rel, strerror(errno));
		out->failed = 1;
		free(full);
		return -1;
	}
	while (len > 0) {
		w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		len -= (size_t)w;
		out->bytes += (size_t)w;
	}
	if (len == 0 && close(fd) == 0) {
		rc = 0;
		out->files++;
	} else {
		diag_error(d, NULL, 0, 0, "cannot write '%s': %s", rel,
		    strerror(errno));
		out->failed = 1;
		if (len != 0)
			close(fd);
	}
	free(full);
	return rc;
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
static int
remove_tree(const char *path)
{
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Are the files at a and b (both regular) the same bytes? */
static int
same_bytes(const char *a, const char *b, off_t size)
{
	char	ba[65536], bb[65536];
	int	fa, fb, same = 1;
	ssize_t	na, nb;

	if ((fa = open(a, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return 0;
	if ((fb = open(b, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		close(fa);
		return 0;
	}
	while (same && size > 0) {
		na = read(fa, ba, sizeof(ba));
		nb = read(fb, bb, sizeof(bb));
		if (na <= 0 || na != nb || memcmp(ba, bb, (size_t)na) != 0)
			same = 0;
		else
			size -= na;
	}
	close(fa);
	close(fb);
	return same;
}

/* nftw has no context argument: the folders being compared. */
static const char	*keep_staging;
static const char	*keep_previous;

/* A staged file with the same bytes as before keeps its old times. */
static int
keep_times_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	struct stat	 old;
	struct timespec	 times[2];
	char		*prev;

	(void)ftw;
	if (flag != FTW_F || !S_ISREG(st->st_mode))
		return 0;
	prev = xasprintf("%s%s", keep_previous, path + strlen(keep_staging));
	if (lstat(prev, &old) == 0 && S_ISREG(old.st_mode) &&
	    old.st_size == st->st_size && same_bytes(path, prev, st->st_size)) {
		times[0] = old.st_atim;
		times[1] = old.st_mtim;
		utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW);
	}
	free(prev);
	return 0;
}

/*
 * Give every staged file whose bytes did not change its previous
 * modification time, so deploys that compare size and time (rsync's
 * default) send only what changed.
 */
static void
keep_unchanged_times(const char *staging, const char *previous)
{
	keep_staging = staging;
	keep_previous = previous;
	nftw(staging, keep_times_entry, 16, FTW_PHYS);
	keep_staging = keep_previous = NULL;
}

int
output_commit(struct output *out, struct diags *d)
{
	struct stat	 st;
	mode_t		 mask;

	if (out->staging == NULL || out->failed) {
		output_abort(out);
		return -1;
	}
	mask = umask(0);
	umask(mask);
	chmod(out->staging, 0777 & ~mask);
	if (lstat(out->dir, &st) != 0) {
		if (errno != ENOENT || rename(out->staging, out->dir) != 0)
			goto fail;
	} else if (!S_ISDIR(st.st_mode)) {
		diag_error(d, NULL, 0, 0, "'%s' exists and is not a folder",
		    out->dir);
		output_abort(out);
		return -1;
	} else if (keep_unchanged_times(out->staging, out->dir),
	    renameat2(AT_FDCWD, out->staging, AT_FDCWD, out->dir,
	    RENAME_EXCHANGE) == 0) {
		/* The staging name now holds the previous output. */
		remove_tree(out->staging);
	} else {
		char *old = xasprintf("%s.old", out->staging);

		if (rename(out->dir, old) != 0) {
			free(old);
			goto fail;
		}
		if (rename(out->staging, out->dir) != 0) {
			rename(old, out->dir);
			free(old);
			goto fail;
		}
		remove_tree(old);
		free(old);
	}
	free(out->staging);
	free(out->dir);
	out->staging = NULL;
	out->dir = NULL;
	return 0;
fail:
	diag_error(d, NULL, 0, 0, "cannot put the new site in place of '%s': "
	    "%s", out->dir, strerror(errno));
	output_abort(out);
	return -1;
}

void
output_abort(struct output *out)
{
	if (out->staging != NULL) {
		remove_tree(out->staging);
		free(out->staging);
		out->staging = NULL;
	}
	free(out->dir);
	out->dir = NULL;
}
