/*
 * The source stage: read the site's input files from a committed revision
 * or from the working tree, through libgit2, and refuse anything that is
 * not a plain, portable, bounded file.
 *
 * Both backends walk folder by folder. Each folder's entries are first
 * screened the same way (walk_screen(): name rules, then names that would
 * collide on a case-insensitive or normalising file system, both from
 * srcpath.h), then each
 * remaining entry is judged by its kind: folder, regular file, symbolic
 * link, submodule or anything else. Nothing libgit2 owns outlives
 * source_open(): the files are copied into plain memory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "blobid.h"
#include "buf.h"
#include "diag.h"
#include "gitrepo.h"
#include "par.h"
#include "source.h"
#include "source_keep.h"
#include "srcpath.h"
#include "xalloc.h"

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

/* The folders at the top of the tree that hold input, sorted bytewise. */
static const char *const input_roots[] = {
	"_data", "_layouts", "assets", "opportunities", "site"
};

/* One entry of a folder, while it is screened. */
struct ent {
	const char		*name;	/* entry name, NUL-ended, borrowed */
	const git_tree_entry	*te;	/* the tree entry (--rev), or NULL */
	int			 keep;	/* still an input after screening */
};

/* An entry's collision key, while a folder is screened. */
struct fold {
	struct srcpath_key	key;	/* its name's key (srcpath.h) */
	size_t			ent;	/* index of the entry in the folder */
};

/* The state of one read, shared by both backends. */
/* --rev: a file whose entry is made and whose bytes are read later. */
struct pending {
	size_t		 file;		/* index in the walk's files */
	git_oid		 id;		/* its blob */
	size_t		 size;		/* its size, from the object header */
	char		*error;		/* why it could not be read, or NULL */
};

struct walk {
	git_repository			*repo;	 /* the open repository */
	git_odb				*odb;	 /* its objects (--rev) */
	git_index			*index;	 /* tracked paths, or NULL */
	const char			*workdir; /* work tree, trailing '/' */
	const struct source_limits	*lim;	 /* bounds */
	const char			*only;	 /* the one input folder
						  * read, or NULL for all */
	struct diags			*d;	 /* where problems go */
	struct source_file		*files;	 /* read so far, unsorted */
	size_t				 count;	 /* used entries of files */
	size_t				 cap;	 /* allocated entries */
	struct source_tree		*trees;	 /* --rev: folders read */
	size_t				 ntrees;
	size_t				 treecap;
	int				 refused; /* a problem was reported */
	int				 full;	 /* max_files or
						  * max_total_bytes was
						  * reached */
	size_t				 total;	 /* bytes read so far */
	int				 io;	 /* the file system failed
						  * to give a file or folder */
	struct buf			 path;	 /* current relative path */
	struct buf			 fs;	 /* scratch: absolute path */
	struct pending			*pend;	 /* --rev: files to read */
	size_t				 npend;
	size_t				 cappend;
};

/* Report a problem with the current path and mark the read as refused. */
static void __attribute__((format(printf, 2, 3)))
walk_refuse(struct walk *w, const char *fmt, ...)
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
static void
walk_unreadable(struct walk *w, const char *what, int err)
{
	walk_refuse(w, "could not read this %s: %s", what, strerror(err));
	if (err != ELOOP)
		w->io = 1;
}

/* Append "/name" (or "name" at the top) to the current path; returns the
 * old length for walk_pop(). */
static size_t
walk_push(struct walk *w, const char *name)
{
	size_t	old = w->path.len;

	if (old > 0)
		buf_putc(&w->path, '/');
	buf_puts(&w->path, name);
	return old;
}

static void
walk_pop(struct walk *w, size_t old)
{
	w->path.len = old;
	w->path.data[old] = '\0';
}

/* The absolute path of the current path in the work tree. */
static const char *
walk_fspath(struct walk *w)
{
	buf_reset(&w->fs);
	buf_puts(&w->fs, w->workdir);
	buf_put(&w->fs, w->path.data, w->path.len);
	return buf_cstr(&w->fs);
}

/* Take ownership of data (len bytes, NUL after) as the current path. */
static void
walk_add(struct walk *w, char *data, size_t len)
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
static int
walk_room(struct walk *w, size_t size)
{
	size_t	max = w->lim->max_total_bytes;

	if (w->full)
		return 0;
	if (w->count >= w->lim->max_files) {
		walk_refuse(w, "more than %zu input files: this file and the "
		    "ones after it are not read", w->lim->max_files);
		w->full = 1;
		return 0;
	}
	if (max != 0 && (size > max || w->total > max - size)) {
		walk_refuse(w, "the input files add up to more than %zu "
		    "bytes: this file and the ones after it are not read",
		    max);
		w->full = 1;
		return 0;
	}
	w->total += size;
	return 1;
}

/* Whether a folder at this depth (1 for "site") may be entered. */
static int
walk_deep_ok(struct walk *w, int depth)
{
	if (depth <= w->lim->max_depth)
		return 1;
	walk_refuse(w, "folders nested more than %d levels deep are not "
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
		old = walk_push(w, ents[folds[first].ent].name);
		a = xstrdup(buf_cstr(&w->path));
		walk_pop(w, old);
		old = walk_push(w, ents[folds[i].ent].name);
		if (strcmp(ents[folds[first].ent].name,
		    ents[folds[i].ent].name) == 0)
			walk_refuse(w, "this path appears twice in the tree");
		else
			walk_refuse(w, "'%s' and '%s' differ only by letter "
			    "case or Unicode normalisation: they would collide "
			    "on some systems", a, buf_cstr(&w->path));
		walk_pop(w, old);
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
static void
walk_screen(struct walk *w, struct ent *ents, size_t n)
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
		old = walk_push(w, ents[i].name);
		if (why != NULL)
			walk_refuse(w, "%s", why);
		else
			walk_refuse(w, "paths longer than %d bytes are not "
			    "allowed", SRCPATH_PATH_MAX);
		walk_pop(w, old);
		ents[i].keep = 0;
	}
	walk_collisions(w, ents, n);
}

/* --rev: read the blob at the current path. */
static void
rev_file(struct walk *w, const git_oid *id)
{
	git_object_t	 type;
	size_t		 size;

	if (git_odb_read_header(&size, &type, w->odb, id) < 0) {
		walk_refuse(w, "could not read this file: %s",
		    gitrepo_error());
		return;
	}
	if (type != GIT_OBJECT_BLOB) {
		walk_refuse(w, "the tree names a %s, not file contents",
		    git_object_type2string(type));
		return;
	}
	if (size > w->lim->max_file_bytes) {
		walk_refuse(w, "file is %zu bytes, more than the limit of %zu "
		    "bytes", size, w->lim->max_file_bytes);
		return;
	}
	if (!walk_room(w, size))
		return;
	/* Read by rev_fill(), on several threads. */
	if (w->npend == w->cappend) {
		w->cappend = w->cappend ? w->cappend * 2 : 64;
		w->pend = xreallocarray(w->pend, w->cappend,
		    sizeof(*w->pend));
	}
	w->pend[w->npend].file = w->count;
	w->pend[w->npend].id = *id;
	w->pend[w->npend].size = size;
	w->pend[w->npend].error = NULL;
	w->npend++;
	walk_add(w, NULL, size);
	w->files[w->count - 1].has_id = 1;
	git_oid_cpy(&w->files[w->count - 1].id, id);
}

/* rev_fill()'s threads: each has its own handle on the objects. */
struct fill {
	struct walk	*w;
	git_odb		**odbs;		/* per worker; [0] is the walk's */
};

static void
fill_one(void *ctx, size_t i, unsigned worker)
{
	struct fill		*f = ctx;
	struct pending		*p = &f->w->pend[i];
	struct source_file	*sf = &f->w->files[p->file];
	git_odb_object		*obj = NULL;
	git_repository		*repo = NULL;
	size_t			 size;

	if (f->odbs[worker] == NULL) {
		/* libgit2 handles are not shared between threads. */
		if (gitrepo_reopen(&repo, f->w->repo) == 0)
			git_repository_odb(&f->odbs[worker], repo);
		git_repository_free(repo);	/* the odb keeps itself */
		if (f->odbs[worker] == NULL) {
			p->error = xstrdup(gitrepo_error());
			return;
		}
	}
	if (git_odb_read(&obj, f->odbs[worker], &p->id) < 0) {
		p->error = xstrdup(gitrepo_error());
		return;
	}
	size = git_odb_object_size(obj);
	if (git_odb_object_type(obj) != GIT_OBJECT_BLOB || size != p->size) {
		/* Not what its header said: a damaged object database. */
		p->error = xstrdup("the object is not the file its header "
		    "describes");
		git_odb_object_free(obj);
		return;
	}
	sf->data = xmalloc(size + 1);
	if (size > 0)
		memcpy(sf->data, git_odb_object_data(obj), size);
	sf->data[size] = '\0';
	git_odb_object_free(obj);
}

static int
tree_cmp(const void *pa, const void *pb)
{
	const struct source_tree	*a = pa, *b = pb;

	return strcmp(a->path, b->path);
}

/*
 * --rev: ask lim->skip about each file to read; those it skips stay
 * unread (data NULL) and leave the files to read.
 */
static void
rev_skip(struct walk *w)
{
	struct source_tree	 key, *t;
	size_t			 k, kept, n;
	char			*folder;

	if (w->ntrees > 0)
		qsort(w->trees, w->ntrees, sizeof(*w->trees), tree_cmp);
	for (k = kept = 0; k < w->npend; k++) {
		struct pending *p = &w->pend[k];
		struct source_file *f = &w->files[p->file];

		n = strlen(f->path);
		folder = n > 4 && strcmp(f->path + n - 4, ".yml") == 0 ?
		    xstrndup(f->path, n - 4) : NULL;
		t = NULL;
		if (folder != NULL && w->ntrees > 0) {
			key.path = folder;
			t = bsearch(&key, w->trees, w->ntrees,
			    sizeof(*w->trees), tree_cmp);
		}
		free(folder);
		if (w->lim->skip(w->lim->skip_ctx, f->path, &p->id,
		    t != NULL ? &t->id : NULL)) {
			f->unread = 1;
			continue;
		}
		w->pend[kept++] = *p;
	}
	w->npend = kept;
}

/*
 * --rev: read the bytes of the files the walk found, on lim->jobs
 * threads; a file that cannot be read is reported (in walk order) and
 * left out.
 */
static void
rev_fill(struct walk *w)
{
	struct fill	 f;
	unsigned	 jobs, i;
	size_t		 k, kept;

	if (w->lim->skip != NULL)
		rev_skip(w);
	jobs = par_threads(w->npend, w->lim->jobs);
	f.w = w;
	f.odbs = xcalloc(jobs, sizeof(*f.odbs));
	f.odbs[0] = w->odb;
	par_for(w->npend, jobs, fill_one, &f);
	for (i = 1; i < jobs; i++)
		git_odb_free(f.odbs[i]);
	free(f.odbs);
	for (k = 0; k < w->npend; k++) {
		struct pending *p = &w->pend[k];

		if (p->error == NULL)
			continue;
		buf_reset(&w->path);
		buf_puts(&w->path, w->files[p->file].path);
		walk_refuse(w, "could not read this file: %s", p->error);
		free(p->error);
	}
	/* Keep the files that were read, in their order. */
	for (k = kept = 0; k < w->count; k++) {
		if (w->files[k].data == NULL && !w->files[k].unread) {
			free(w->files[k].path);
			continue;
		}
		w->files[kept++] = w->files[k];
	}
	w->count = kept;
	free(w->pend);
	w->pend = NULL;
	w->npend = w->cappend = 0;
}

static void	rev_entry(struct walk *, const git_tree_entry *, int);

/* --rev: read the folder whose tree is at the current path. */
static void
rev_tree(struct walk *w, const git_oid *id, int depth)
{
	git_tree	*tree = NULL;
	struct ent	*ents = NULL;
	size_t		 n, i, old;

	if (git_tree_lookup(&tree, w->repo, id) < 0) {
		walk_refuse(w, "could not read this folder: %s",
		    gitrepo_error());
		goto out;
	}
	if (w->ntrees == w->treecap) {
		w->treecap = w->treecap ? w->treecap * 2 : 64;
		w->trees = xreallocarray(w->trees, w->treecap,
		    sizeof(*w->trees));
	}
	w->trees[w->ntrees].path = xstrdup(buf_cstr(&w->path));
	git_oid_cpy(&w->trees[w->ntrees++].id, id);
	n = git_tree_entrycount(tree);
	ents = xcalloc(n ? n : 1, sizeof(*ents));
	for (i = 0; i < n; i++) {
		ents[i].te = git_tree_entry_byindex(tree, i);
		ents[i].name = git_tree_entry_name(ents[i].te);
		ents[i].keep = 1;
	}
	walk_screen(w, ents, n);
	for (i = 0; i < n && !w->full; i++) {
		if (!ents[i].keep)
			continue;
		old = walk_push(w, ents[i].name);
		rev_entry(w, ents[i].te, depth);
		walk_pop(w, old);
	}
out:
	free(ents);
	git_tree_free(tree);
}

/* --rev: judge the entry at the current path by its file mode. depth is
 * that of the folder holding it. */
static void
rev_entry(struct walk *w, const git_tree_entry *te, int depth)
{
	git_filemode_t	mode = git_tree_entry_filemode(te);

	switch (mode) {
	case GIT_FILEMODE_TREE:
		if (walk_deep_ok(w, depth + 1))
			rev_tree(w, git_tree_entry_id(te), depth + 1);
		break;
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		rev_file(w, git_tree_entry_id(te));
		break;
	case GIT_FILEMODE_LINK:
		walk_refuse(w, "symbolic links are not allowed");
		break;
	case GIT_FILEMODE_COMMIT:
		walk_refuse(w, "submodules are not allowed");
		break;
	default:
		walk_refuse(w, "unsupported file mode %06o",
		    (unsigned int)mode);
		break;
	}
}

/*
 * --rev: find rev, record its commit id in s, and read its input folders.
 * Returns 0, or -1 after reporting that rev names no commit.
 */
static int
rev_read(struct walk *w, struct source *s, const char *rev)
{
	git_object		*obj = NULL;
	git_commit		*commit = NULL;
	git_tree		*root = NULL;
	const git_tree_entry	*te;
	char			 hex[GIT_OID_HEXSZ + 1];
	size_t			 i, old;
	int			 rc = -1;

	if (git_revparse_single(&obj, w->repo, rev) < 0) {
		diag_error(w->d, NULL, 0, 0, "revision '%s' not found", rev);
		goto out;
	}
	if (git_object_peel((git_object **)&commit, obj,
	    GIT_OBJECT_COMMIT) < 0) {
		diag_error(w->d, NULL, 0, 0, "revision '%s' is not a commit",
		    rev);
		goto out;
	}
	if (git_commit_tree(&root, commit) < 0 ||
	    git_repository_odb(&w->odb, w->repo) < 0) {
		diag_error(w->d, NULL, 0, 0, "could not read revision '%s': "
		    "%s", rev, gitrepo_error());
		goto out;
	}
	git_oid_tostr(hex, sizeof(hex), git_commit_id(commit));
	s->commit = xstrdup(hex);
	for (i = 0; i < sizeof(input_roots) / sizeof(*input_roots); i++) {
		if (w->full)
			break;
		if ((w->only != NULL &&
		    strcmp(w->only, input_roots[i]) != 0) ||
		    (te = git_tree_entry_byname(root, input_roots[i])) == NULL)
			continue;
		old = walk_push(w, input_roots[i]);
		if (git_tree_entry_type(te) == GIT_OBJECT_BLOB &&
		    git_tree_entry_filemode(te) != GIT_FILEMODE_LINK)
			walk_refuse(w, "this must be a folder");
		else
			rev_entry(w, te, 0);
		walk_pop(w, old);
	}
	rev_fill(w);
	rc = 0;
out:
	git_tree_free(root);
	git_commit_free(commit);
	git_object_free(obj);
	return rc;
}

/*
 * Work tree: whether the current path is ignored by .gitignore and not
 * tracked (a tracked file, or a folder holding one, is an input even if
 * it matches a pattern).
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
		walk_pop(w, old);
		if (tracked)
			return 0;
	}
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

	fd = open(walk_fspath(w), O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		walk_unreadable(w, "file", errno);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		walk_refuse(w, "this file changed while it was read");
		goto out;
	}
	if ((unsigned long long)st.st_size > max) {
		walk_refuse(w, "file is %lld bytes, more than the limit of %zu "
		    "bytes", (long long)st.st_size, max);
		goto out;
	}
	if (!walk_room(w, (size_t)st.st_size))
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
			walk_unreadable(w, "file", errno);
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max) {
		walk_refuse(w, "file grew beyond the limit of %zu bytes while "
		    "it was read", max);
		goto out;
	}
	if (cap > (size_t)st.st_size + 1)
		data = xrealloc(data, len + 1);
	data[len] = '\0';
	if (len == (size_t)st.st_size)
		source_keep_put(w->lim->keep, buf_cstr(&w->path), &st, t0,
		    data, len);
	walk_add(w, data, len);
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
	if (walk_room(w, len)) {
		walk_add(w, data, len);
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

	if ((dir = opendir(walk_fspath(w))) == NULL) {
		walk_unreadable(w, "folder", errno);
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
		walk_unreadable(w, "folder", errno);
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
			walk_refuse(w, "submodules and nested Git "
			    "repositories are not allowed");
			goto out;
		}
	}
	ents = xcalloc(n ? n : 1, sizeof(*ents));
	for (i = 0; i < n; i++) {
		ents[i].name = names[i];
		old = walk_push(w, names[i]);
		ents[i].keep = !wt_ignored(w);
		walk_pop(w, old);
	}
	walk_screen(w, ents, n);
	for (i = 0; i < n && !w->full; i++) {
		if (!ents[i].keep)
			continue;
		old = walk_push(w, ents[i].name);
		wt_entry(w, depth);
		walk_pop(w, old);
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

	if (lstat(walk_fspath(w), &st) < 0)
		walk_unreadable(w, "file", errno);
	else if (S_ISLNK(st.st_mode))
		walk_refuse(w, "symbolic links are not allowed");
	else if (S_ISDIR(st.st_mode)) {
		if (walk_deep_ok(w, depth + 1))
			wt_dir(w, depth + 1);
	} else if (S_ISREG(st.st_mode)) {
		if (!wt_kept(w, &st))
			wt_file(w);
	} else
		walk_refuse(w, "only regular files and folders are allowed, "
		    "not sockets, FIFOs or devices");
}

/* Work tree: read the input folders that exist and are not ignored. */
static void
wt_read(struct walk *w)
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
	for (i = 0; i < sizeof(input_roots) / sizeof(*input_roots); i++) {
		if (w->full)
			break;
		if (w->only != NULL &&
		    strcmp(w->only, input_roots[i]) != 0)
			continue;
		old = walk_push(w, input_roots[i]);
		if (lstat(walk_fspath(w), &st) < 0) {
			if (errno != ENOENT)
				walk_unreadable(w, "folder", errno);
		} else if (S_ISREG(st.st_mode))
			walk_refuse(w, "this must be a folder");
		else if (!wt_ignored(w))
			wt_entry(w, 0);
		walk_pop(w, old);
	}
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
		if (rev_read(&w, s, rev) < 0)
			goto out;
	} else if (s->workdir == NULL) {
		diag_error(d, NULL, 0, 0, "the repository at '%s' is bare: "
		    "it has no working tree to read; use --rev to build a "
		    "revision", git_repository_path(w.repo));
		goto out;
	} else
		wt_read(&w);
	if (w.count > 0)
		qsort(w.files, w.count, sizeof(*w.files), file_cmp);
	s->files = w.files;
	s->count = w.count;
	s->io_failed = w.io;
	w.files = NULL;
	w.count = 0;
	if (w.ntrees > 0)
		qsort(w.trees, w.ntrees, sizeof(*w.trees), tree_cmp);
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
	const struct source		*s = ctx;
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
