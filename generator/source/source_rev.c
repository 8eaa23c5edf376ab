/*
 * The source stage's first backend: a committed revision, read folder by
 * folder through libgit2 (entries screened by src_walk_screen()), the
 * files' bytes read afterwards on several threads, in pack order.
 */
#include <stdlib.h>
#include <string.h>


#include "diag.h"
#include "gitrepo.h"
#include "par.h"
#include "source_impl.h"
#include "xalloc.h"

static int
ent_name_cmp(const void *pa, const void *pb)
{
	const struct ent	*a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

/*
 * --rev: the tree of the folder X/ beside the file at, X.yml, among the
 * n entries at ents (sorted bytewise, src_walk_screen()), when it is
 * walked too; else NULL.
 */
static const git_oid *
rev_folder_of(const struct ent *ents, size_t n, const struct ent *at)
{
	size_t		 len = strlen(at->name);
	struct ent	 key;
	const struct ent *e;
	char		 stack[256], *name;

	if (len <= 4 || strcmp(at->name + len - 4, ".yml") != 0)
		return NULL;
	len -= 4;
	name = len < sizeof(stack) ? stack : xmalloc(len + 1);
	memcpy(name, at->name, len);
	name[len] = '\0';
	key.name = name;
	e = bsearch(&key, ents, n, sizeof(*ents), ent_name_cmp);
	if (name != stack)
		free(name);
	return e != NULL && e->keep && git_tree_entry_filemode(e->te) ==
	    GIT_FILEMODE_TREE ? git_tree_entry_id(e->te) : NULL;
}

/*
 * --rev: read the blob at the current path; folder: rev_folder_of() it.
 * A file lim->skip leaves unread (of the size it says) costs no read of
 * its object, not even of its header: in a pack that walks a chain of
 * deltas. Either way the file is held to the same limits.
 */
static void
rev_file(struct walk *w, const git_oid *id, const git_oid *folder)
{
	git_object_t	 type;
	size_t		 size = 0;
	int		 unread;

	unread = w->lim->skip != NULL && w->lim->skip(w->lim->skip_ctx,
	    buf_cstr(&w->path), id, folder, &size);
	if (!unread && git_odb_read_header(&size, &type, w->odb, id) < 0) {
		src_walk_refuse(w, "could not read this file: %s",
		    gitrepo_error());
		return;
	}
	if (!unread && type != GIT_OBJECT_BLOB) {
		src_walk_refuse(w, "the tree names a %s, not file contents",
		    git_object_type2string(type));
		return;
	}
	if (size > w->lim->max_file_bytes) {
		src_walk_refuse(w, "file is %zu bytes, more than the limit of "
		    "%zu bytes", size, w->lim->max_file_bytes);
		return;
	}
	if (!src_walk_room(w, size))
		return;
	if (!unread) {		/* read by rev_fill(), on several threads */
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
	}
	src_walk_add(w, NULL, size);
	w->files[w->count - 1].has_id = 1;
	git_oid_cpy(&w->files[w->count - 1].id, id);
	w->files[w->count - 1].unread = unread;
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

int
src_tree_cmp(const void *pa, const void *pb)
{
	const struct source_tree	*a = pa, *b = pb;

	return strcmp(a->path, b->path);
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
		src_walk_refuse(w, "could not read this file: %s", p->error);
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

static void	rev_entry(struct walk *, const git_tree_entry *, int,
		    const git_oid *);

/* --rev: read the folder whose tree is at the current path. */
static void
rev_tree(struct walk *w, const git_oid *id, int depth)
{
	git_tree	*tree = NULL;
	struct ent	*ents = NULL;
	size_t		 n, i, old;

	if (git_tree_lookup(&tree, w->repo, id) < 0) {
		src_walk_refuse(w, "could not read this folder: %s",
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
	src_walk_screen(w, ents, n);
	for (i = 0; i < n && !w->full; i++) {
		if (!ents[i].keep)
			continue;
		old = src_walk_push(w, ents[i].name);
		rev_entry(w, ents[i].te, depth, rev_folder_of(ents, n,
		    &ents[i]));
		src_walk_pop(w, old);
	}
out:
	free(ents);
	git_tree_free(tree);
}

/* --rev: judge the entry at the current path by its file mode. depth is
 * that of the folder holding it; folder: rev_folder_of() the entry. */
static void
rev_entry(struct walk *w, const git_tree_entry *te, int depth,
    const git_oid *folder)
{
	git_filemode_t	mode = git_tree_entry_filemode(te);

	switch (mode) {
	case GIT_FILEMODE_TREE:
		if (src_walk_deep_ok(w, depth + 1))
			rev_tree(w, git_tree_entry_id(te), depth + 1);
		break;
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		rev_file(w, git_tree_entry_id(te), folder);
		break;
	case GIT_FILEMODE_LINK:
		src_walk_refuse(w, "symbolic links are not allowed");
		break;
	case GIT_FILEMODE_COMMIT:
		src_walk_refuse(w, "submodules are not allowed");
		break;
	default:
		src_walk_refuse(w, "unsupported file mode %06o",
		    (unsigned int)mode);
		break;
	}
}

/*
 * --rev: find rev, record its commit id in s, and read its input folders.
 * Returns 0, or -1 after reporting that rev names no commit.
 */
int
src_rev_read(struct walk *w, struct source *s, const char *rev)
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
	for (i = 0; i < SRC_NROOTS; i++) {
		if (w->full)
			break;
		if ((w->only != NULL &&
		    strcmp(w->only, src_input_roots[i]) != 0) ||
		    (te = git_tree_entry_byname(root, src_input_roots[i])) ==
		    NULL)
			continue;
		old = src_walk_push(w, src_input_roots[i]);
		if (git_tree_entry_type(te) == GIT_OBJECT_BLOB &&
		    git_tree_entry_filemode(te) != GIT_FILEMODE_LINK)
			src_walk_refuse(w, "this must be a folder");
		else
			rev_entry(w, te, 0, NULL);
		src_walk_pop(w, old);
	}
	rev_fill(w);
	rc = 0;
out:
	git_tree_free(root);
	git_commit_free(commit);
	git_object_free(obj);
	return rc;
}
