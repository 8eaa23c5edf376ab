/*
 * The source stage: read the site's input files from a committed revision
 * or from the working tree, through libgit2, and refuse anything that is
 * not a plain, portable, bounded file.
 *
 * Both backends walk folder by folder. Each folder's entries are first
 * screened the same way (src_walk_screen(): name rules, then names that would
 * collide on a case-insensitive or normalising file system, both from
 * srcpath.h), then each
 * remaining entry is judged by its kind: folder, regular file, symbolic
 * link, submodule or anything else. Nothing libgit2 owns outlives
 * source_open(): the files are copied into plain memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>


#include "blobid.h"
#include "diag.h"
#include "gitrepo.h"
#include "source_impl.h"
#include "source_keep.h"
#include "xalloc.h"

const char *const src_input_roots[SRC_NROOTS] = {
	"_data", "_layouts", "assets", "opportunities", "site"
};

const struct source_limits source_default_limits = {
	4u * 1024 * 1024,	/* max_file_bytes */
	100000,			/* max_files */
	32,			/* max_depth */
	256u * 1024 * 1024,	/* max_total_bytes */
	1,			/* jobs */
	NULL,			/* skip */
	NULL,			/* skip_ctx */
	NULL			/* keep */
};



/* Report a problem with the current path and mark the read as refused. */
void
src_walk_refuse(struct walk *w, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	/* The path as it is: the diagnostics module escapes what it prints. */
	diag_vreportf(w->d, DIAG_ERROR, buf_cstr(&w->path), 0, 0, fmt, ap);
	va_end(ap);
	w->refused = 1;
}

/*
 * Report that the file system would not give the current path (errno
 * err): an I/O failure, not a problem in the input, unless the path was
 * swapped for a symbolic link while it was read (ELOOP).
 */
void
src_walk_unreadable(struct walk *w, const char *what, int err)
{
	src_walk_refuse(w, "could not read this %s: %s", what, strerror(err));
	if (err != ELOOP)
		w->io = 1;
}

/* Append "/name" (or "name" at the top) to the current path; returns the
 * old length for src_walk_pop(). */
size_t
src_walk_push(struct walk *w, const char *name)
{
	size_t	old = w->path.len;

	if (old > 0)
		buf_putc(&w->path, '/');
	buf_puts(&w->path, name);
	return old;
}

void
src_walk_pop(struct walk *w, size_t old)
{
	w->path.len = old;
	w->path.data[old] = '\0';
}

/* The absolute path of the current path in the work tree. */
const char *
src_walk_fspath(struct walk *w)
{
	buf_reset(&w->fs);
	buf_puts(&w->fs, w->workdir);
	buf_put(&w->fs, w->path.data, w->path.len);
	return buf_cstr(&w->fs);
}

/* Take ownership of data (len bytes, NUL after) as the current path. */
void
src_walk_add(struct walk *w, char *data, size_t len)
{
	struct source_file	*f;

	if (w->count == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->files = xreallocarray(w->files, w->cap, sizeof(*w->files));
	}
	f = &w->files[w->count++];
	f->path = xstrdup(buf_cstr(&w->path));
	f->data = data;
	f->len = len;
	f->has_id = 0;
	f->unread = 0;
	f->kept = 0;
	memset(&f->id, 0, sizeof(f->id));
}

/*
 * Whether one more file, of size bytes, may be read (and count it); the
 * first file over a limit is reported, and the walk stops there.
 */
int
src_walk_room(struct walk *w, size_t size)
{
	size_t	max = w->lim->max_total_bytes;

	if (w->full)
		return 0;
	if (w->count >= w->lim->max_files) {
		src_walk_refuse(w, "more than %zu input files: this file and "
		    "the ones after it are not read", w->lim->max_files);
		w->full = 1;
		return 0;
	}
	if (max != 0 && (size > max || w->total > max - size)) {
		src_walk_refuse(w, "the input files add up to more than %zu "
		    "bytes: this file and the ones after it are not read",
		    max);
		w->full = 1;
		return 0;
	}
	w->total += size;
	return 1;
}

/* Whether a folder at this depth (1 for "site") may be entered. */
int
src_walk_deep_ok(struct walk *w, int depth)
{
	if (depth <= w->lim->max_depth)
		return 1;
	src_walk_refuse(w, "folders nested more than %d levels deep are not "
	    "read", w->lim->max_depth);
	return 0;
}

/* Order fold keys, then original positions (the folder's order). */
static int
fold_cmp(const void *pa, const void *pb)
{
	const struct fold	*a = pa, *b = pb;
	int			 c;

	if ((c = srcpath_key_cmp(&a->key, &b->key)) != 0)
		return c < 0 ? -1 : 1;
	return a->ent < b->ent ? -1 : a->ent > b->ent;
}

/*
 * Refuse every kept entry whose fold key equals that of an entry that
 * sorts before it by name; the first of each group stays.
 */
static void
walk_collisions(struct walk *w, struct ent *ents, size_t n)
{
	struct fold	*folds;
	size_t		 nf = 0, i, first = 0, old;
	char		*a;

	folds = xcalloc(n ? n : 1, sizeof(*folds));
	for (i = 0; i < n; i++) {
		if (!ents[i].keep)
			continue;
		if (srcpath_key_make(&folds[nf].key, ents[i].name) < 0)
			continue;
		folds[nf++].ent = i;
	}
	qsort(folds, nf, sizeof(*folds), fold_cmp);
	for (i = 1; i < nf; i++) {
		if (srcpath_key_cmp(&folds[i].key, &folds[first].key) != 0) {
			first = i;
			continue;
		}
		old = src_walk_push(w, ents[folds[first].ent].name);
		a = xstrdup(buf_cstr(&w->path));
		src_walk_pop(w, old);
		old = src_walk_push(w, ents[folds[i].ent].name);
		if (strcmp(ents[folds[first].ent].name,
		    ents[folds[i].ent].name) == 0)
			src_walk_refuse(w, "this path appears twice in the "
			    "tree");
		else
			src_walk_refuse(w, "'%s' and '%s' differ only by "
			    "letter case or Unicode normalisation: they would "
			    "collide on some systems", a, buf_cstr(&w->path));
		src_walk_pop(w, old);
		free(a);
		ents[folds[i].ent].keep = 0;
	}
	for (i = 0; i < nf; i++)
		srcpath_key_free(&folds[i].key);
	free(folds);
}

/* Order entries bytewise by name. */
static int
ent_cmp(const void *pa, const void *pb)
{
	const struct ent	*a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

/*
 * Sort a folder's entries bytewise (so files are read in a stable order),
 * then refuse the kept ones with bad names, then names that collide.
 */
void
src_walk_screen(struct walk *w, struct ent *ents, size_t n)
{
	const char	*why;
	size_t		 i, old;
	int		 long_path;

	qsort(ents, n, sizeof(*ents), ent_cmp);
	for (i = 0; i < n; i++) {
		if (!ents[i].keep)
			continue;
		why = srcpath_name_problem(ents[i].name);
		long_path = w->path.len + 1 + strlen(ents[i].name) >
		    SRCPATH_PATH_MAX;
		if (why == NULL && !long_path)
			continue;
		old = src_walk_push(w, ents[i].name);
		if (why != NULL)
			src_walk_refuse(w, "%s", why);
		else
			src_walk_refuse(w, "paths longer than %d bytes are not "
			    "allowed", SRCPATH_PATH_MAX);
		src_walk_pop(w, old);
		ents[i].keep = 0;
	}
	walk_collisions(w, ents, n);
}

/* Order files bytewise by path. */
static int
file_cmp(const void *pa, const void *pb)
{
	const struct source_file	*a = pa, *b = pb;

	return strcmp(a->path, b->path);
}

/*
 * Read the input files of rev (NULL: the work tree) in the repository
 * at or above repo_dir (NULL: "."). limits NULL means the defaults.
 * Returns 0 with *out set, 1 with *out set when some paths were refused
 * (each reported to d), -1 with *out NULL after reporting why the
 * repository or revision could not be read. Free *out with source_free().
 */
int
source_open(struct source **out, const char *repo_dir, const char *rev,
    const struct source_limits *limits, struct diags *d)
{
	git_repository	*repo = NULL;
	int		 rc = -1;

	*out = NULL;
	git_libgit2_init();
	if (gitrepo_open(&repo, repo_dir, d) == 0)
		rc = source_read(out, repo, rev, NULL, limits, d);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

int
source_read(struct source **out, git_repository *repo, const char *rev,
    const char *only, const struct source_limits *limits, struct diags *d)
{
	struct walk	 w;
	struct source	*s;
	const char	*wd;
	size_t		 i;
	int		 rc = -1;

	*out = NULL;
	memset(&w, 0, sizeof(w));
	w.lim = limits != NULL ? limits : &source_default_limits;
	w.only = only;
	w.d = d;
	w.repo = repo;
	s = xcalloc(1, sizeof(*s));
	if ((wd = git_repository_workdir(w.repo)) != NULL)
		s->workdir = xstrdup(wd);
	s->gitdir = xstrdup(git_repository_path(w.repo));
	w.workdir = s->workdir;
	if (rev != NULL) {
		if (src_rev_read(&w, s, rev) < 0)
			goto out;
	} else if (s->workdir == NULL) {
		diag_error(d, NULL, 0, 0, "the repository at '%s' is bare: "
		    "it has no working tree to read; use --rev to build a "
		    "revision", git_repository_path(w.repo));
		goto out;
	} else
		src_wt_read(&w);
	if (w.count > 0)
		qsort(w.files, w.count, sizeof(*w.files), file_cmp);
	s->files = w.files;
	s->count = w.count;
	s->io_failed = w.io;
	w.files = NULL;
	w.count = 0;
	if (w.ntrees > 0)
		qsort(w.trees, w.ntrees, sizeof(*w.trees), src_tree_cmp);
	s->trees = w.trees;
	s->ntrees = w.ntrees;
	w.trees = NULL;
	w.ntrees = 0;
	*out = s;
	s = NULL;
	rc = w.refused ? 1 : 0;
out:
	free(w.files);	/* NULL: a failure comes before any file is read */
	free(w.pend);
	for (i = 0; i < w.ntrees; i++)
		free(w.trees[i].path);
	free(w.trees);
	buf_free(&w.path);
	buf_free(&w.fs);
	git_index_free(w.index);
	git_odb_free(w.odb);
	source_free(s);
	return rc;
}

/* Free s and every file in it; NULL is allowed. */
void
source_free(struct source *s)
{
	size_t	i;

	if (s == NULL)
		return;
	for (i = 0; i < s->count; i++) {
		free(s->files[i].path);
		free(s->files[i].data);
	}
	free(s->files);
	for (i = 0; i < s->ntrees; i++)
		free(s->trees[i].path);
	free(s->trees);
	free(s->workdir);
	free(s->gitdir);
	free(s->commit);
	free(s);
}

void
source_release(struct source *s, const char *path)
{
	struct source_file *f = (struct source_file *)source_find(s, path);

	if (f == NULL)
		return;
	free(f->data);
	f->data = NULL;
}

/* The blob id of --rev's file f, read again into a new text. */
static char *
reread_blob(const struct source *s, const struct source_file *f,
    size_t *lenp)
{
	git_repository	*repo = NULL;
	git_blob	*blob = NULL;
	git_oid		 id;
	char		*text = NULL;
	size_t		 size;

	git_libgit2_init();
	if (!f->has_id)
		return NULL;
	git_oid_cpy(&id, &f->id);
	if (git_repository_open_ext(&repo, s->gitdir,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0 &&
	    git_blob_lookup(&blob, repo, &id) == 0 &&
	    (size = (size_t)git_blob_rawsize(blob)) <= f->len) {
		text = xmalloc(size + 1);
		if (size > 0)
			memcpy(text, git_blob_rawcontent(blob), size);
		text[size] = '\0';
		*lenp = size;
	}
	git_blob_free(blob);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return text;
}

/* The working tree's file f, read again, up to one byte past its length
 * when it was first read. */
static char *
reread_file(const struct source *s, const struct source_file *f,
    size_t *lenp)
{
	char	*fs = xasprintf("%s%s", s->workdir, f->path);
	char	*text = xmalloc(f->len + 2);
	size_t	 len = 0;
	ssize_t	 n;
	int	 fd;
	struct stat st;

	fd = open(fs, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	free(fs);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		goto fail;
	while (len < f->len + 1) {
		n = read(fd, text + len, f->len + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > f->len)
		goto fail;
	close(fd);
	text[len] = '\0';
	*lenp = len;
	return text;
fail:
	if (fd >= 0)
		close(fd);
	free(text);
	return NULL;
}

int
source_blob_id(const struct source *s, const struct source_file *f,
    unsigned char out[20])
{
	if (f->has_id) {
		memcpy(out, f->id.id, 20);
		return 0;
	}
	return f->data != NULL ? blob_id(f->data, f->len, out) : -1;
}

char *
source_reread(void *ctx, const char *path, size_t *lenp)
{
	return source_read_again(ctx, path, lenp);
}

char *
source_read_again(const struct source *s, const char *path, size_t *lenp)
{
	const struct source_file	*f = source_find(s, path);

	*lenp = 0;
	if (f == NULL)
		return NULL;
	if (s->commit != NULL)
		return s->gitdir != NULL ? reread_blob(s, f, lenp) : NULL;
	return s->workdir != NULL ? reread_file(s, f, lenp) : NULL;
}

/*
 * The element named path among the n at base, sorted by path, each size
 * bytes with its path (a char *) first; NULL if none. Files and trees
 * are both found so.
 */
static const void *
find_by_path(const void *base, size_t n, size_t size, const char *path)
{
	const char	*at;
	size_t		 lo = 0, hi = n, mid;
	int		 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		at = (const char *)base + mid * size;
		c = strcmp(path, *(char *const *)(const void *)at);
		if (c == 0)
			return at;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
_Static_assert(offsetof(struct source_file, path) == 0 &&
    offsetof(struct source_tree, path) == 0, "find_by_path() reads the "
    "path first");

const git_oid *
source_tree_id(const struct source *s, const char *path)
{
	const struct source_tree *t = find_by_path(s->trees, s->ntrees,
	    sizeof(*s->trees), path);

	return t != NULL ? &t->id : NULL;
}

int
source_fill(git_repository *repo, struct source_file *f)
{
	git_odb		*odb = NULL;
	git_odb_object	*obj = NULL;
	int		 rc = -1;

	if (!f->unread || !f->has_id)
		return -1;
	if (git_repository_odb(&odb, repo) != 0 ||
	    git_odb_read(&obj, odb, &f->id) != 0 ||
	    git_odb_object_type(obj) != GIT_OBJECT_BLOB ||
	    git_odb_object_size(obj) != f->len)
		goto out;
	f->data = xmalloc(f->len + 1);
	if (f->len > 0)
		memcpy(f->data, git_odb_object_data(obj), f->len);
	f->data[f->len] = '\0';
	f->unread = 0;
	rc = 0;
out:
	git_odb_object_free(obj);
	git_odb_free(odb);
	return rc;
}

/* The file at path (binary search over the sorted files), or NULL. */
const struct source_file *
source_find(const struct source *s, const char *path)
{
	return find_by_path(s->files, s->count, sizeof(*s->files), path);
}
