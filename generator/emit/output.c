#define _GNU_SOURCE	/* renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "diag.h"
#include "hash.h"
#include "output.h"
#include "output_impl.h"
#include "path.h"
#include "xalloc.h"

/* Staging folders begun by this process; see make_parents_once(). */
static atomic_uint		 stage_gen;
static _Thread_local unsigned	 made_gen;	/* 0: none yet */
static _Thread_local size_t	 made_len;
static _Thread_local char	 made_dir[PATH_MAX];


int
output_begin_dry(struct output *out, struct diags *d)
{
	memset(out, 0, sizeof(*out));
	out->lock_fd = -1;
	out->prev_fd = -1;
	out->max_bytes = OUTPUT_MAX_BYTES;
	out->dry = 1;
	return output_write(out, OUTPUT_MARKER, OUTPUT_MARKER_TEXT,
	    strlen(OUTPUT_MARKER_TEXT), d);
}

static int
begin(struct output *out, const char *dir, struct output_record *rec,
    struct diags *d)
{
	char	*copy, *slash, *base, *parent;
	size_t	 n;
	mode_t	 mask;
	int	 rc = -1;

	memset(out, 0, sizeof(*out));
	out->lock_fd = -1;
	out->prev_fd = -1;
	out->max_bytes = OUTPUT_MAX_BYTES;
	if (rec != NULL) {
		struct stat st;

		out->record = rec;
		out->next = output_record_new();
		/* As many slots as the last build's: no growing on the way. */
		if (rec->nslots > 0) {
			out->next->nslots = rec->nslots;
			out->next->slots = xcalloc(rec->nslots,
			    sizeof(*out->next->slots));
		}
		out->update = rec->valid && lstat(dir, &st) == 0 &&
		    S_ISDIR(st.st_mode) && st.st_dev == rec->dev &&
		    st.st_ino == rec->ino;
		/* What changed in the folder since the last build. */
		record_drain(rec);
	}
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
	if (output_owned(dir, d) != 0) {
		output_record_free(out->next);
		out->next = NULL;
		goto out;
	}
	output_sweep(parent, base, d);
	out->dir = xstrdup(dir);
	if (output_stage(out, parent, base, d) != 0) {
		free(out->dir);
		out->dir = NULL;
		output_record_free(out->next);
		out->next = NULL;
		goto out;
	}
	out->gen = atomic_fetch_add(&stage_gen, 1) + 1;
	if (out->gen == 0)	/* wrapped: 0 means none */
		out->gen = atomic_fetch_add(&stage_gen, 1) + 1;
	/* Before any thread starts: umask() cannot be read otherwise. */
	mask = umask(0);
	umask(mask);
	out->file_mode = 0666 & ~mask;
	/* An update leaves unchanged files where they are. */
	if (!out->update)
		out->prev_fd = output_open_previous(dir);
	if (output_write(out, OUTPUT_MARKER, OUTPUT_MARKER_TEXT,
	    strlen(OUTPUT_MARKER_TEXT), d) != 0) {
		output_abort(out);
		goto out;
	}
	rc = 0;
out:
	free(copy);
	return rc;
}

int
output_begin(struct output *out, const char *dir, struct diags *d)
{
	return begin(out, dir, NULL, d);
}

int
output_begin_update(struct output *out, const char *dir,
    struct output_record *rec, struct diags *d)
{
	return begin(out, dir, rec, d);
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

/*
 * Most files go to the folder the one before went to: each thread
 * remembers the last folder it made (or found) in the staging folder of
 * build number out->gen (made_gen, made_dir), and makes the folders
 * again only for another. No folder inside a staging folder is ever
 * removed while it is filled.
 */

/* Create the folders leading to full, a file in out's staging folder. */
static int
make_parents_once(const struct output *out, char *full)
{
	const char	*slash = strrchr(full, '/');
	size_t		 n = slash != NULL ? (size_t)(slash - full) : 0;

	if (n == 0)
		return 0;
	if (made_gen == out->gen && made_len == n &&
	    memcmp(made_dir, full, n) == 0)
		return 0;
	if (make_parents(full, strlen(out->staging) + 1) != 0)
		return -1;
	if (n < sizeof(made_dir)) {
		memcpy(made_dir, full, n);
		made_len = n;
		made_gen = out->gen;
	}
	return 0;
}

/* Put p (owned) in its slot of the table; the table has room. */
static void
paths_put(char **slots, size_t n, char *p)
{
	size_t	i = hash_str(p) & (n - 1);

	while (slots[i] != NULL)
		i = (i + 1) & (n - 1);
	slots[i] = p;
}

/* Record rel as written; returns 1 if it already was. */
static int
paths_add(struct output *out, const char *rel)
{
	char	**old = out->paths;
	size_t	 i, n = out->npaths;

	if (n > 0)
		for (i = hash_str(rel) & (n - 1); out->paths[i] != NULL;
		    i = (i + 1) & (n - 1))
			if (strcmp(out->paths[i], rel) == 0)
				return 1;
	if ((out->files + 1) * 2 > n) {
		out->npaths = n ? n * 2 : 256;
		out->paths = xcalloc(out->npaths, sizeof(*out->paths));
		for (i = 0; i < n; i++)
			if (old[i] != NULL)
				paths_put(out->paths, out->npaths, old[i]);
		free(old);
	}
	paths_put(out->paths, out->npaths, xstrdup(rel));
	return 0;
}

/* Forget the paths written. */
static void
paths_free(struct output *out)
{
	size_t	i;

	for (i = 0; i < out->npaths; i++)
		free(out->paths[i]);
	free(out->paths);
	out->paths = NULL;
	out->npaths = 0;
}

/*
 * Report a failed write of rel: an I/O failure (full disk, quota, file
 * size limit, I/O error) is the file system's, not the input's.
 */
static void
write_failed(struct output *out, const char *rel, int err, struct diags *d)
{
	diag_error(d, NULL, 0, 0, "cannot write '%s/%s': %s", out->dir, rel,
	    strerror(err));
	out->failed = 1;
	out->io_error = 1;
}

int
output_write_fd(int fd, const void *data, size_t len, size_t *written)
{
	const char	*p = data;
	ssize_t		 w;

	while (len > 0) {
		w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : EIO;
		p += w;
		len -= (size_t)w;
		*written += (size_t)w;
	}
	return 0;
}

/*
 * Create the file at rel in the staging folder (and the folders leading
 * to it) holding len bytes, or link the previous output's file that
 * holds them (then *linked is 1). Returns 0, or an errno value (EEXIST:
 * the path is taken); *written gets the bytes written.
 */
static int
output_put(const struct output *out, const char *rel, const void *data,
    size_t len, size_t *written, int *linked)
{
	const char	*p = data;
	char		*full;
	int		 fd, err = 0;

	*written = 0;
	*linked = 0;
	full = xasprintf("%s/%s", out->staging, rel);
	if (make_parents_once(out, full) != 0) {
		err = errno;
		free(full);
		return err;
	}
	if (out->prev_fd >= 0 && (err = output_link_previous(out->prev_fd,
	    out->file_mode, rel, full, data, len)) >= 0) {
		if (err == 0) {
			*linked = 1;
			*written = len;
		}
		free(full);
		return err;
	}
	err = 0;
	if ((fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0666)) < 0) {
		err = errno;
		free(full);
		return err;
	}
	err = output_write_fd(fd, p, len, written);
	if (close(fd) != 0 && err == 0)
		err = errno;
	free(full);
	return err;
}

/*
 * Give back e, an entry of out->next that output_inherit() kept: the
 * last record's entry holds its path again, and it counts no more.
 */
static void
output_release(struct output *out, struct output_entry *e)
{
	struct output_entry *was = record_find(out->record, e->path);

	if (was != NULL && was->path == e->path)
		was->moved = 0;
	out->files--;
	out->bytes -= e->len;
	record_remove(out->next, e);
}

/*
 * Judge rel as output_write() does before writing: a safe path (unless
 * known: a path of the record, judged when it was written), room in the
 * site, not written yet (then recorded). Returns 0, or -1 after
 * reporting.
 */
static int
output_claim(struct output *out, const char *rel, size_t len, int known,
    struct diags *d)
{
	struct output_entry *e;

	if (out->staging == NULL && !out->dry)
		return -1;
	/* A file kept with the others is written in its place. */
	if (out->inherit && (e = record_find(out->next, rel)) != NULL &&
	    e->inherited)
		output_release(out, e);
	if (!known && path_check_output(rel) != 0) {
		diag_error(d, NULL, 0, 0, "refusing to write the unsafe "
		    "output path '%s'", rel);
		out->failed = 1;
		return -1;
	}
	if (len > out->max_bytes || out->bytes > out->max_bytes - len) {
		diag_error(d, NULL, 0, 0, "writing '%s' would take the site "
		    "past %zu bytes, the most one build writes", rel,
		    out->max_bytes);
		out->failed = 1;
		return -1;
	}
	/* Every path claimed while keeping a record goes into it. */
	if (out->next != NULL ? record_find(out->next, rel) != NULL :
	    paths_add(out, rel)) {
		diag_error(d, NULL, 0, 0, "two outputs would be written to "
		    "'%s'", rel);
		out->failed = 1;
		return -1;
	}
	return 0;
}

/* Note rel as written, not linked: its old times may be due. */
static void
fresh_add(struct output *out, const char *rel)
{
	if (out->nfresh == out->fresh_cap) {
		out->fresh_cap = out->fresh_cap ? out->fresh_cap * 2 : 64;
		out->fresh = xreallocarray(out->fresh, out->fresh_cap,
		    sizeof(*out->fresh));
	}
	out->fresh[out->nfresh++] = xstrdup(rel);
}

/* Count a file put in place, or report why it was not. */
static int
output_done(struct output *out, const char *rel, size_t written, int err,
    struct diags *d)
{
	out->bytes += written;
	if (err == EEXIST) {
		diag_error(d, NULL, 0, 0, "two outputs would be written to "
		    "'%s'", rel);
		out->failed = 1;
		return -1;
	}
	if (err != 0) {
		write_failed(out, rel, err, d);
		return -1;
	}
	out->files++;
	return 0;
}

int
output_write(struct output *out, const char *rel, const void *data,
    size_t len, struct diags *d)
{
	size_t	written;
	int	err, linked;

	if (output_claim(out, rel, len, 0, d) != 0)
		return -1;
	if (out->dry) {
		out->files++;
		out->bytes += len;
		return 0;
	}
	if (out->next != NULL) {
		unsigned long long h = record_bytes_hash(data, len);
		struct output_entry *e = record_find(out->record, rel);

		if (out->update && e != NULL && e->hash == h &&
		    e->len == len && record_unchanged(out, e)) {
			record_put(out->next, rel, h, len, e);
			out->files++;	/* the folder has these bytes */
			out->bytes += len;
			return 0;
		}
		record_put(out->next, rel, h, len, NULL);
	}
	err = output_put(out, rel, data, len, &written, &linked);
	if (err == 0 && !linked)
		fresh_add(out, rel);
	return output_done(out, rel, written, err, d);
}

int
output_keep(struct output *out, const char *rel, struct diags *d)
{
	struct output_entry *e;

	if (out->inherit && (e = record_find(out->next, rel)) != NULL &&
	    e->inherited)
		return 1;	/* kept and counted already */
	if (out->dry || out->next == NULL || !out->update ||
	    (e = record_find(out->record, rel)) == NULL ||
	    !record_unchanged(out, e))
		return 0;
	if (output_claim(out, rel, e->len, 1, d) != 0)
		return -1;
	record_put(out->next, rel, e->hash, e->len, e);
	out->files++;
	out->bytes += e->len;
	return 1;
}

int
output_can_keep(struct output *out, const char *rel)
{
	struct output_entry *e;

	if (out->inherit && (e = record_find(out->next, rel)) != NULL)
		return e->inherited;
	/* One claimed already (moved) is refused by output_keep(). */
	return !out->dry && out->next != NULL && out->update &&
	    (e = record_find(out->record, rel)) != NULL && !e->moved &&
	    record_unchanged(out, e);
}

int
output_inherit(struct output *out)
{
	struct output_record	*r = out->record;
	struct output_entry	*e, *kept;
	size_t			 i;

	if (out->dry || out->next == NULL || !out->update || r == NULL ||
	    out->inherit)
		return -1;
	for (i = 0; i < r->nslots; i++)
		if (r->slots[i].path != NULL && !r->slots[i].moved &&
		    !record_unchanged(out, &r->slots[i]))
			return -1;
	for (i = 0; i < r->nslots; i++) {
		e = &r->slots[i];
		if (e->path == NULL || e->moved)
			continue;	/* claimed already: the marker */
		kept = record_put(out->next, e->path, e->hash, e->len, e);
		kept->inherited = 1;
		out->files++;
		out->bytes += e->len;
	}
	out->inherit = 1;
	return 0;
}

int
output_write_early(const struct output *out, const char *rel,
    const void *data, size_t len)
{
	size_t	written;
	char	*full;
	int	 err, linked;

	/* Not while keeping a record of the folder (marche serve): which
	 * files change is decided in order, by output_write(). */
	if (out->staging == NULL || out->dry || out->next != NULL ||
	    len > out->max_bytes || path_check_output(rel) != 0)
		return -1;
	err = output_put(out, rel, data, len, &written, &linked);
	if (err != 0 && err != EEXIST) {
		/* Whatever was made of it is not left for the late step to
		 * take for another output's. */
		full = xasprintf("%s/%s", out->staging, rel);
		unlink(full);
		free(full);
	}
	return err != 0 ? -1 : linked;
}

int
output_open_early(const struct output *out, const char *rel)
{
	char	*full;
	int	 fd;

	/* Only where output_write_early() would write; a previous
	 * output's file is linked instead once it is written whole. */
	if (out->staging == NULL || out->dry || out->next != NULL ||
	    path_check_output(rel) != 0)
		return -1;
	full = xasprintf("%s/%s", out->staging, rel);
	if (make_parents_once(out, full) == 0)
		fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0666);
	else
		fd = -1;
	free(full);
	return fd;
}

int
output_close_early(const struct output *out, const char *rel, int fd,
    int err, size_t len, int *linked)
{
	char	*full;

	*linked = 0;
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err == 0 && out->prev_fd >= 0) {
		/* The previous output's file when it holds these bytes,
		 * as output_write_early() would have linked it. */
		full = xasprintf("%s/%s", out->staging, rel);
		*linked = output_link_previous_file(out->prev_fd,
		    out->file_mode, rel, full, len) == 0;
		free(full);
	}
	if (err != 0) {
		/* Nothing half-written is left: the staging folder holds
		 * whole files only. */
		full = xasprintf("%s/%s", out->staging, rel);
		unlink(full);
		free(full);
	}
	return err;
}

int
output_write_failed(struct output *out, const char *rel, size_t written,
    int err, struct diags *d)
{
	if (output_claim(out, rel, written, 0, d) != 0)
		return -1;
	return output_done(out, rel, written, err != 0 ? err : EIO, d);
}

int
output_write_late(struct output *out, const char *rel, const void *data,
    size_t len, int early, struct diags *d)
{
	if (early < 0)
		return output_write(out, rel, data, len, d);
	if (output_claim(out, rel, len, 0, d) != 0)
		return -1;
	if (early == 0)
		fresh_add(out, rel);
	return output_done(out, rel, len, 0, d);
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

/*
 * Give every file written (not linked) whose bytes did not change its
 * previous times, so deploys that compare size and time (rsync's
 * default) send only what changed. Linked files are the previous ones.
 */
static void
keep_unchanged_times(const struct output *out)
{
	struct stat	 st, old;
	struct timespec	 times[2];
	char		*path, *prev;
	size_t		 i;

	for (i = 0; i < out->nfresh; i++) {
		path = xasprintf("%s/%s", out->staging, out->fresh[i]);
		prev = xasprintf("%s/%s", out->dir, out->fresh[i]);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    lstat(prev, &old) == 0 && S_ISREG(old.st_mode) &&
		    old.st_size == st.st_size &&
		    same_bytes(path, prev, st.st_size)) {
			times[0] = old.st_atim;
			times[1] = old.st_mtim;
			utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW);
		}
		free(path);
		free(prev);
	}
}

/* Remove the folders that lead to rel in dir, as far as they are empty. */
static void
remove_empty_parents(char *full, size_t dirlen)
{
	char	*slash;

	while ((slash = strrchr(full + dirlen, '/')) != NULL) {
		*slash = '\0';
		if (rmdir(full) != 0)
			break;
	}
}

/*
 * Commit of an update: remove from the folder the files this build did
 * not write, then move in the files staged (those whose bytes changed).
 */
static int
commit_update(struct output *out, struct diags *d)
{
	struct output_record	*r = out->record, *n = out->next;
	size_t			 i, dirlen = strlen(out->dir) + 1;
	struct stat		 st;
	char			*full, *from;
	int			 err = 0;

	for (i = 0; i < r->nslots && err == 0; i++) {
		const char *rel = r->slots[i].path;

		if (rel == NULL || r->slots[i].moved ||
		    record_find(n, rel) != NULL)
			continue;
		full = xasprintf("%s/%s", out->dir, rel);
		if (unlink(full) != 0 && errno != ENOENT)
			err = errno;
		else
			remove_empty_parents(full, dirlen);
		free(full);
	}
	for (i = 0; i < n->nslots && err == 0; i++) {
		const char *rel = n->slots[i].path;

		if (rel == NULL || !n->slots[i].staged)
			continue;
		full = xasprintf("%s/%s", out->dir, rel);
		from = xasprintf("%s/%s", out->staging, rel);
		if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode))
			output_remove_tree(full);	/* was a folder */
		if (make_parents(full, dirlen) != 0 ||
		    rename(from, full) != 0)
			err = errno;
		free(full);
		free(from);
	}
	if (err != 0) {
		diag_error(d, NULL, 0, 0, "cannot update '%s': %s", out->dir,
		    strerror(err));
		r->valid = 0;	/* the next build writes it whole */
		output_abort(out);
		return -1;
	}
	record_keep(out);
	output_abort(out);	/* the staging folder, then the lock */
	return 0;
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
	/* Judged again: the folder may have changed since the start. */
	if (output_owned(out->dir, d) != 0) {
		output_abort(out);
		return -1;
	}
	if (out->update)
		return commit_update(out, d);
	if (lstat(out->dir, &st) != 0) {
		if (errno != ENOENT || rename(out->staging, out->dir) != 0)
			goto fail;
	} else if (keep_unchanged_times(out),
	    renameat2(AT_FDCWD, out->staging, AT_FDCWD, out->dir,
	    RENAME_EXCHANGE) == 0) {
		/* The staging name now holds the previous output, which
		 * output_abort() removes below. */
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
		/* The previous output, for output_abort() to remove. */
		free(out->staging);
		out->staging = old;
	}
	record_keep(out);
	output_abort(out);	/* the previous output, then the lock */
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
	size_t	i;
	int	left = 0;

	if (out->staging != NULL) {
		/* What cannot be removed now, the next build will: the
		 * lock stays, and is free once this process ends. */
		left = output_remove_tree(out->staging) != 0 && errno != ENOENT;
		free(out->staging);
		out->staging = NULL;
	}
	if (out->lock != NULL) {
		if (!left)
			unlink(out->lock);
		free(out->lock);
		out->lock = NULL;
	}
	if (out->lock_fd >= 0) {
		close(out->lock_fd);
		out->lock_fd = -1;
	}
	paths_free(out);
	for (i = 0; i < out->nfresh; i++)
		free(out->fresh[i]);
	free(out->fresh);
	out->fresh = NULL;
	out->nfresh = out->fresh_cap = 0;
	if (out->prev_fd >= 0) {
		close(out->prev_fd);
		out->prev_fd = -1;
	}
	if (out->next != NULL && out->record != NULL)
		/* The paths the next record took stay the last one's. */
		for (i = 0; i < out->record->nslots; i++)
			out->record->slots[i].moved = 0;
	output_record_free(out->next);
	out->next = NULL;
	free(out->dir);
	out->dir = NULL;
}
