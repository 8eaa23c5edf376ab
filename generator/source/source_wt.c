/*
 * The source stage's second backend: the working tree, read folder by
 * folder without following links, skipping what .gitignore ignores and
 * Git does not track, and reusing what serve kept of unchanged files.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>


#include "source_impl.h"
#include "source_keep.h"
#include "xalloc.h"

int
source_editor_file(const char *path)
{
	const char	*name = strrchr(path, '/');
	size_t		 n;

	name = name != NULL ? name + 1 : path;
	n = strlen(name);
	if (n == 0)
		return 0;
	if (name[n - 1] == '~' || strncmp(name, ".#", 2) == 0 ||
	    strcmp(name, "4913") == 0)
		return 1;
	if (n >= 2 && name[0] == '#' && name[n - 1] == '#')
		return 1;
	return n > 5 && name[0] == '.' && strncmp(name + n - 4, ".sw", 3) ==
	    0 && ((name[n - 1] >= 'a' && name[n - 1] <= 'p') ||
	    name[n - 1] == 'x');
}

/*
 * Work tree: whether the current path is ignored by .gitignore, or is an
 * editor's file (source_editor_file()), and not tracked (a tracked file,
 * or a folder holding one, is an input even if it matches a pattern).
 */
static int
wt_ignored(struct walk *w)
{
	int	ignored = 0, tracked;
	size_t	old;

	/* The index first: looking it up costs less than the patterns. */
	if (w->index != NULL) {
		if (git_index_get_bypath(w->index, buf_cstr(&w->path), 0) !=
		    NULL)
			return 0;
		old = w->path.len;
		buf_putc(&w->path, '/');
		tracked = git_index_find_prefix(NULL, w->index,
		    buf_cstr(&w->path)) == 0;
		src_walk_pop(w, old);
		if (tracked)
			return 0;
	}
	if (source_editor_file(buf_cstr(&w->path)))
		return 1;
	return git_ignore_path_is_ignored(&ignored, w->repo,
	    buf_cstr(&w->path)) == 0 && ignored;
}

/*
 * Work tree: read the regular file at the current path, bounded. The
 * text is held for the whole run, so it takes the bytes it needs: room
 * for the size stat gave and one byte more (which tells a file that grew
 * while it was read), not a growing buffer's slack.
 */
static void
wt_file(struct walk *w)
{
	struct stat	st;
	size_t		max = w->lim->max_file_bytes, len = 0, cap;
	char		*data = NULL;
	ssize_t		n;
	int		fd;
	long long	t0 = w->lim->keep != NULL ? source_keep_clock() : 0;

	fd = open(src_walk_fspath(w), O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		src_walk_unreadable(w, "file", errno);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		src_walk_refuse(w, "this file changed while it was read");
		goto out;
	}
	if ((unsigned long long)st.st_size > max) {
		src_walk_refuse(w, "file is %lld bytes, more than the limit of "
		    "%zu bytes", (long long)st.st_size, max);
		goto out;
	}
	if (!src_walk_room(w, (size_t)st.st_size))
		goto out;
	cap = (size_t)st.st_size + 1;
	data = xmalloc(cap + 1);
	while (len <= max) {
		if (len == cap) {
			/* It grew: read on, up to one byte past the bound. */
			cap = max + 1 - cap < 65536 ? max + 1 : cap + 65536;
			data = xrealloc(data, cap + 1);
		}
		if ((n = read(fd, data + len, cap - len)) < 0 &&
		    errno == EINTR)
			continue;
		if (n < 0) {
			src_walk_unreadable(w, "file", errno);
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max) {
		src_walk_refuse(w, "file grew beyond the limit of %zu bytes "
		    "while it was read", max);
		goto out;
	}
	if (cap > (size_t)st.st_size + 1)
		data = xrealloc(data, len + 1);
	data[len] = '\0';
	if (len == (size_t)st.st_size)
		source_keep_put(w->lim->keep, buf_cstr(&w->path), &st, t0,
		    data, len);
	src_walk_add(w, data, len);
	data = NULL;
out:
	free(data);
	if (fd >= 0)
		close(fd);
}

/*
 * Work tree: take the bytes kept for the current path when st (its
 * lstat()) is what it was when they were read (source_keep.h). Returns
 * 1 when done with the file, 0 to read it.
 */
static int
wt_kept(struct walk *w, const struct stat *st)
{
	char	*data;
	size_t	 len;

	if (w->lim->keep == NULL ||
	    (unsigned long long)st->st_size > w->lim->max_file_bytes ||
	    (data = source_keep_get(w->lim->keep, buf_cstr(&w->path), st,
	    &len)) == NULL)
		return 0;
	if (src_walk_room(w, len)) {
		src_walk_add(w, data, len);
		w->files[w->count - 1].kept = 1;
	} else
		free(data);
	return 1;
}

static void	wt_entry(struct walk *, int);

/* Work tree: the names in the folder at the current path; *np of them. */
static char **
wt_names(struct walk *w, size_t *np)
{
	DIR		*dir;
	struct dirent	*de;
	char		**names = NULL;
	size_t		 n = 0;

	if ((dir = opendir(src_walk_fspath(w))) == NULL) {
		src_walk_unreadable(w, "folder", errno);
		*np = 0;
		return NULL;
	}
	for (errno = 0; (de = readdir(dir)) != NULL; errno = 0) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	if (errno != 0)
		src_walk_unreadable(w, "folder", errno);
	closedir(dir);
	*np = n;
	return names;
}

/* Work tree: read the folder at the current path, at depth depth. */
static void
wt_dir(struct walk *w, int depth)
{
	struct ent	*ents = NULL;
	char		**names;
	size_t		 n, i, old;

	names = wt_names(w, &n);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], ".git") == 0) {
			src_walk_refuse(w, "submodules and nested Git "
			    "repositories are not allowed");
			goto out;
		}
	}
	ents = xcalloc(n ? n : 1, sizeof(*ents));
	for (i = 0; i < n; i++) {
		ents[i].name = names[i];
		old = src_walk_push(w, names[i]);
		ents[i].keep = !wt_ignored(w);
		src_walk_pop(w, old);
	}
	src_walk_screen(w, ents, n);
	for (i = 0; i < n && !w->full; i++) {
		if (!ents[i].keep)
			continue;
		old = src_walk_push(w, ents[i].name);
		wt_entry(w, depth);
		src_walk_pop(w, old);
	}
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(ents);
}

/* Work tree: judge the entry at the current path by lstat(), never
 * following a link. depth is that of the folder holding it. */
static void
wt_entry(struct walk *w, int depth)
{
	struct stat	st;

	if (lstat(src_walk_fspath(w), &st) < 0)
		src_walk_unreadable(w, "file", errno);
	else if (S_ISLNK(st.st_mode))
		src_walk_refuse(w, "symbolic links are not allowed");
	else if (S_ISDIR(st.st_mode)) {
		if (src_walk_deep_ok(w, depth + 1))
			wt_dir(w, depth + 1);
	} else if (S_ISREG(st.st_mode)) {
		if (!wt_kept(w, &st))
			wt_file(w);
	} else
		src_walk_refuse(w, "only regular files and folders are "
		    "allowed, not sockets, FIFOs or devices");
}

/* Work tree: read the input folders that exist and are not ignored. */
void
src_wt_read(struct walk *w)
{
	struct stat	st;
	size_t		i, old;

	/*
	 * The repository's index is read when first asked for, and the
	 * handle may be older than this read (marche serve keeps one): it
	 * is read again if the file changed since.
	 */
	if (git_repository_index(&w->index, w->repo) < 0)
		w->index = NULL;
	else if (git_index_read(w->index, 0) < 0) {
		git_index_free(w->index);
		w->index = NULL;
	}
	for (i = 0; i < SRC_NROOTS; i++) {
		if (w->full)
			break;
		if (w->only != NULL &&
		    strcmp(w->only, src_input_roots[i]) != 0)
			continue;
		old = src_walk_push(w, src_input_roots[i]);
		if (lstat(src_walk_fspath(w), &st) < 0) {
			if (errno != ENOENT)
				src_walk_unreadable(w, "folder", errno);
		} else if (S_ISREG(st.st_mode))
			src_walk_refuse(w, "this must be a folder");
		else if (!wt_ignored(w))
			wt_entry(w, 0);
		src_walk_pop(w, old);
	}
}

int
source_wt_read_one(const char *workdir, const char *path,
    const struct source_limits *lim, char **datap, size_t *lenp)
{
	struct stat	 st;
	char		*full = xasprintf("%s%s", workdir, path), *data = NULL;
	size_t		 len = 0;
	ssize_t		 n;
	long long	 t0 = source_keep_clock();
	int		 fd, rc = -1;

	*datap = NULL;
	*lenp = 0;
	fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		rc = errno == ENOENT ? 1 : -1;
		goto out;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > lim->max_file_bytes)
		goto out;
	data = xmalloc((size_t)st.st_size + 2);
	/* One byte more than stat said tells a file that grew meanwhile. */
	while (len < (size_t)st.st_size + 1) {
		n = read(fd, data + len, (size_t)st.st_size + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len != (size_t)st.st_size)
		goto out;	/* it changed while read: the whole read says */
	data[len] = '\0';
	source_keep_put(lim->keep, path, &st, t0, data, len);
	*datap = data;
	*lenp = len;
	data = NULL;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(data);
	free(full);
	return rc;
}
