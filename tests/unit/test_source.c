/*
 * Tests of the source stage. Every repository is made at test time in a
 * temporary folder: commits are written through libgit2 from a list of
 * (mode, path, contents), with trees serialised by hand so that paths Git
 * itself would refuse (control characters, ".GIT", "..") can be stored.
 */
#define _XOPEN_SOURCE 700	/* nftw() */

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "diag.h"
#include "source.h"
#include "testdir.h"
#include "testing.h"
#include "xalloc.h"

/* One entry of a commit to make. */
struct spec {
	unsigned int	 mode;	/* 0100644, 0100755, 0120000, 0160000 */
	const char	*path;	/* '/'-separated */
	const char	*data;	/* contents, link target, or gitlink hex */
};

/* --- temporary folders and files ------------------------------------- */

/* dir/rel, in a static buffer. */
static const char *
at(const char *dir, const char *rel)
{
	static char	p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	return p;
}

/* Write data to dir/rel, creating the folders on the way. */
static void
put(const char *dir, const char *rel, const char *data)
{
	char	 p[PATH_MAX], *s;
	FILE	*fp;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	for (s = p + strlen(dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			perror(p);
		*s = '/';
	}
	if ((fp = fopen(p, "wb")) == NULL) {
		perror(p);
		exit(1);
	}
	fputs(data, fp);
	fclose(fp);
}

/* --- commits from specs ----------------------------------------------- */

/* One entry of a tree being serialised. */
struct tent {
	char		name[1100];	/* entry name */
	unsigned int	mode;		/* Git file mode */
	git_oid		id;		/* object id */
};

/* Git's tree order: names compare as if folders ended in '/'. */
static int
tent_cmp(const void *pa, const void *pb)
{
	const struct tent	*a = pa, *b = pb;
	char			 x[1102], y[1102];

	snprintf(x, sizeof(x), "%s%s", a->name, a->mode == 040000 ? "/" : "");
	snprintf(y, sizeof(y), "%s%s", b->name, b->mode == 040000 ? "/" : "");
	return strcmp(x, y);
}

/* Write the tree of the specs under prefix ("" or "dir/") to odb. */
static void
tree_write(git_oid *out, git_odb *odb, const struct spec *sp, size_t n,
    const char *prefix)
{
	struct tent	 ents[64];
	struct buf	 b = BUF_INIT;
	char		 sub[PATH_MAX];
	const char	*rest, *slash;
	size_t		 ne = 0, i, j, len, pl = strlen(prefix);

	for (i = 0; i < n; i++) {
		if (strncmp(sp[i].path, prefix, pl) != 0)
			continue;
		rest = sp[i].path + pl;
		slash = strchr(rest, '/');
		len = slash != NULL ? (size_t)(slash - rest) : strlen(rest);
		for (j = 0; j < ne; j++)
			if (strlen(ents[j].name) == len &&
			    memcmp(ents[j].name, rest, len) == 0)
				break;
		if (j < ne)
			continue;
		memcpy(ents[ne].name, rest, len);
		ents[ne].name[len] = '\0';
		if (slash != NULL) {
			ents[ne].mode = 040000;
			snprintf(sub, sizeof(sub), "%s%s/", prefix,
			    ents[ne].name);
			tree_write(&ents[ne].id, odb, sp, n, sub);
		} else if ((ents[ne].mode = sp[i].mode) == 0160000)
			git_oid_fromstr(&ents[ne].id, sp[i].data);
		else
			git_odb_write(&ents[ne].id, odb, sp[i].data,
			    strlen(sp[i].data), GIT_OBJECT_BLOB);
		ne++;
	}
	qsort(ents, ne, sizeof(*ents), tent_cmp);
	for (i = 0; i < ne; i++) {
		buf_printf(&b, "%o %s", ents[i].mode, ents[i].name);
		buf_putc(&b, '\0');
		buf_put(&b, ents[i].id.id, GIT_OID_RAWSZ);
	}
	git_odb_write(out, odb, b.data != NULL ? b.data : "", b.len,
	    GIT_OBJECT_TREE);
	buf_free(&b);
}

/* Commit the specs as HEAD of repo; the commit's id in hex goes to hex. */
static void
commit_make(char *hex, git_repository *repo, const struct spec *sp,
    size_t n)
{
	git_odb		*odb = NULL;
	git_oid		 tid, cid;
	git_tree	*tree = NULL;
	git_signature	*sig = NULL;

	if (git_repository_odb(&odb, repo) < 0)
		abort();
	tree_write(&tid, odb, sp, n, "");
	if (git_tree_lookup(&tree, repo, &tid) < 0 ||
	    git_signature_new(&sig, "Test", "test@example.org", 1700000000,
	    0) < 0 ||
	    git_commit_create_v(&cid, repo, "HEAD", sig, sig, NULL,
	    "fixture\n", tree, 0) < 0) {
		printf("commit: %s\n", git_error_last()->message);
		exit(1);
	}
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &cid);
	git_signature_free(sig);
	git_tree_free(tree);
	git_odb_free(odb);
}

/* A fresh repository in a fresh folder, committed from the specs. */
static char *
repo_make(const struct spec *sp, size_t n, char *hex, int bare)
{
	git_repository	*repo = NULL;
	char		*dir = testdir_make("source");

	if (git_repository_init(&repo, dir, bare) < 0)
		abort();
	if (n > 0)
		commit_make(hex, repo, sp, n);
	git_repository_free(repo);
	return dir;
}

/* --- fixtures ---------------------------------------------------------- */

/* A test's repository and what reading it gave. */
struct fixture {
	char		*dir;	/* the work tree (or the bare repository) */
	char		 hex[GIT_OID_HEXSZ + 1]; /* HEAD's id, if committed */
	struct diags	*d;	/* problems reported by the reads */
	struct source	*s;	/* the last read's files, or NULL */
};

/* A fresh repository committed from the specs (none: no commit). */
static void
fx_make(struct fixture *f, const struct spec *sp, size_t n, int bare)
{
	f->dir = repo_make(sp, n, f->hex, bare);
	f->d = diags_new();
	f->s = NULL;
}

/* Write the specs' files into the work tree too. */
static void
fx_put(const struct fixture *f, const struct spec *sp, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		put(f->dir, sp[i].path, sp[i].data);
}

/*
 * Read rev (NULL: the work tree) into f->s, after freeing the last read;
 * problems add up in f->d. Returns what source_open() returns.
 */
static int
fx_open(struct fixture *f, const char *rev, const struct source_limits *lim)
{
	source_free(f->s);
	f->s = NULL;
	return source_open(&f->s, f->dir, rev, lim, f->d);
}

/* Forget the last read and its problems. */
static void
fx_reset(struct fixture *f)
{
	source_free(f->s);
	f->s = NULL;
	diags_free(f->d);
	f->d = diags_new();
}

/* Free everything and remove the repository. */
static void
fx_free(struct fixture *f)
{
	source_free(f->s);
	diags_free(f->d);
	testdir_remove(f->dir);
}

/* --- assertions on results ------------------------------------------- */

/* Whether d holds an error with exactly this path and message. */
static int
has_diag(struct diags *d, const char *path, const char *msg)
{
	const struct diag	*g;
	size_t			 i;

	for (i = 0; i < diags_count(d); i++) {
		g = diags_get(d, i);
		if (g->level == DIAG_ERROR && strcmp(g->msg, msg) == 0 &&
		    ((path == NULL && g->path == NULL) || (path != NULL &&
		    g->path != NULL && strcmp(g->path, path) == 0)))
			return 1;
	}
	for (i = 0; i < diags_count(d); i++) {
		g = diags_get(d, i);
		printf("  have: %s: %s\n", g->path ? g->path : "(none)",
		    g->msg);
	}
	printf("  wanted: %s: %s\n", path ? path : "(none)", msg);
	return 0;
}

/* Whether s holds exactly the paths listed, in this order. */
static int
has_paths(const struct source *s, const char *const *paths, size_t n)
{
	size_t	i;
	int	ok = s != NULL && s->count == n;

	for (i = 0; ok && i < n; i++)
		ok = strcmp(s->files[i].path, paths[i]) == 0;
	if (!ok && s != NULL)
		for (i = 0; i < s->count; i++)
			printf("  have: %s\n", s->files[i].path);
	return ok;
}

/* Whether path is in s with exactly these contents. */
static int
has_file(const struct source *s, const char *path, const char *data)
{
	const struct source_file	*f = source_find(s, path);

	return f != NULL && f->len == strlen(data) &&
	    memcmp(f->data, data, f->len) == 0 && f->data[f->len] == '\0';
}

#define N(a)	(sizeof(a) / sizeof(*(a)))

/* --- the tests --------------------------------------------------------- */

static const struct spec site_specs[] = {
	{ 0100644, "site/en/index.md", "committed\n" },
	{ 0100644, "site/fr/index.md", "bonjour\n" },
	{ 0100644, "_data/site.yml", "title: x\n" },
	{ 0100644, "_layouts/default.html", "<html>\n" },
	{ 0100755, "assets/run.sh", "#!/bin/sh\n" },
	{ 0100644, "opportunities/a.yml", "value: 1\n" },
	{ 0100644, "README.md", "readme\n" },
	{ 0100644, "src/main.c", "int x;\n" },
	{ 0100644, "sites/x.md", "not an input\n" },
	{ 0100644, "site/en/keep.tmp", "tracked\n" },
	{ 0100644, "site/en/notes.md~", "tracked, named like a backup\n" }
};

/*
 * --rev reads the commit, whatever the work tree holds; the work tree
 * reads edits and untracked files but not ignored ones (unless tracked).
 */
static void
test_rev_and_worktree(void)
{
	static const char *const rev_paths[] = {
		"_data/site.yml", "_layouts/default.html", "assets/run.sh",
		"opportunities/a.yml", "site/en/index.md", "site/en/keep.tmp",
		"site/en/notes.md~", "site/fr/index.md"
	};
	static const char *const wt_paths[] = {
		"_data/site.yml", "_layouts/default.html", "assets/run.sh",
		"opportunities/a.yml", "site/en/index.md", "site/en/keep.tmp",
		"site/en/new.md", "site/en/notes.md~", "site/fr/index.md"
	};
	/* What editors leave beside the files they edit, untracked: not
	 * read, and nothing said (an opportunity's folder refuses any other
	 * file). */
	static const char *const editor_files[] = {
		"opportunities/a.yml~", "opportunities/#a.yml#",
		"opportunities/.a.yml.swp", "opportunities/.a.yml.swo",
		"opportunities/.a.yml.swx", "opportunities/4913",
		"site/en/index.md~", "site/en/.index.md.swa"
	};
	size_t		 i;
	struct fixture	 f;
	git_repository	*repo = NULL;
	git_index	*idx = NULL;
	char		 want[PATH_MAX + 2];

	fx_make(&f, site_specs, N(site_specs), 0);
	fx_put(&f, site_specs, N(site_specs));
	if (git_repository_open(&repo, f.dir) < 0 ||
	    git_repository_index(&idx, repo) < 0 ||
	    git_index_add_bypath(idx, "site/en/keep.tmp") < 0 ||
	    git_index_add_bypath(idx, "site/en/notes.md~") < 0 ||
	    git_index_write(idx) < 0)
		abort();
	git_index_free(idx);
	git_repository_free(repo);
	put(f.dir, "site/en/index.md", "edited\n");
	put(f.dir, "site/en/new.md", "new\n");
	for (i = 0; i < N(editor_files); i++)
		put(f.dir, editor_files[i], "value: 2\n");
	if (symlink("user@host.1:1", at(f.dir, "opportunities/.#a.yml")) != 0)
		abort();
	put(f.dir, ".gitignore", "*.tmp\nsite/drafts/\n");
	put(f.dir, "site/en/x.tmp", "ignored\n");
	put(f.dir, "site/drafts/d.md", "ignored folder\n");
	put(f.dir, "_site/index.html", "output\n");
	snprintf(want, sizeof(want), "%s/", f.dir);

	CHECK(fx_open(&f, "HEAD", NULL) == 0);
	CHECK(diags_count(f.d) == 0);
	CHECK(has_paths(f.s, rev_paths, N(rev_paths)));
	CHECK(has_file(f.s, "site/en/index.md", "committed\n"));
	CHECK(has_file(f.s, "assets/run.sh", "#!/bin/sh\n"));
	CHECK(source_find(f.s, "site/en/new.md") == NULL);
	CHECK(source_find(f.s, "README.md") == NULL);
	CHECK(source_find(f.s, "sites/x.md") == NULL);
	CHECK(f.s != NULL && f.s->commit != NULL &&
	    strcmp(f.s->commit, f.hex) == 0);
	CHECK(f.s != NULL && f.s->workdir != NULL &&
	    strcmp(f.s->workdir, want) == 0);

	/* The same commit named by its id. */
	CHECK(fx_open(&f, f.hex, NULL) == 0);
	CHECK(has_file(f.s, "site/en/index.md", "committed\n"));

	CHECK(fx_open(&f, NULL, NULL) == 0);
	CHECK(diags_count(f.d) == 0);
	CHECK(has_paths(f.s, wt_paths, N(wt_paths)));
	CHECK(has_file(f.s, "site/en/index.md", "edited\n"));
	CHECK(has_file(f.s, "site/en/new.md", "new\n"));
	CHECK(has_file(f.s, "site/en/keep.tmp", "tracked\n"));
	CHECK(source_find(f.s, "site/en/x.tmp") == NULL);
	for (i = 0; i < N(editor_files); i++)
		CHECK(source_find(f.s, editor_files[i]) == NULL);
	CHECK(source_find(f.s, "opportunities/.#a.yml") == NULL);
	CHECK(source_find(f.s, "site/drafts/d.md") == NULL);
	CHECK(source_find(f.s, "_site/index.html") == NULL);
	CHECK(source_find(f.s, "aaa") == NULL);
	CHECK(source_find(f.s, "zzz") == NULL);
	CHECK(f.s != NULL && f.s->commit == NULL);

	/* Found from a folder inside the work tree, as git does. */
	source_free(f.s);
	CHECK(source_open(&f.s, at(f.dir, "site/en"), NULL, NULL, f.d) == 0);
	CHECK(has_paths(f.s, wt_paths, N(wt_paths)));

	fx_free(&f);
}

/* Symbolic links, FIFOs and input folders that are files are refused. */
static void
test_links(void)
{
	static const struct spec sp[] = {
		{ 0100644, "site/en/ok.md", "ok\n" },
		{ 0120000, "site/en/link.md", "../../README.md" },
		{ 0120000, "_data", "site" },
		{ 0100644, "assets", "a file\n" }
	};
	static const char *const ok[] = { "site/en/ok.md" };
	struct fixture	f;

	fx_make(&f, sp, N(sp), 0);
	CHECK(fx_open(&f, "HEAD", NULL) == 1);
	CHECK(has_paths(f.s, ok, 1));
	CHECK(has_diag(f.d, "site/en/link.md",
	    "symbolic links are not allowed"));
	CHECK(has_diag(f.d, "_data", "symbolic links are not allowed"));
	CHECK(has_diag(f.d, "assets", "this must be a folder"));
	CHECK(diags_count(f.d) == 3);
	fx_free(&f);

	fx_make(&f, NULL, 0, 0);
	put(f.dir, "site/en/ok.md", "ok\n");
	put(f.dir, "README.md", "readme\n");
	CHECK(symlink("../../README.md", at(f.dir, "site/en/link.md")) == 0);
	CHECK(symlink("en", at(f.dir, "site/dirlink")) == 0);
	CHECK(symlink("site", at(f.dir, "_data")) == 0);
	CHECK(mkfifo(at(f.dir, "site/en/pipe"), 0644) == 0);
	put(f.dir, "assets", "a file\n");
	CHECK(fx_open(&f, NULL, NULL) == 1);
	CHECK(has_paths(f.s, ok, 1));
	CHECK(has_diag(f.d, "site/en/link.md",
	    "symbolic links are not allowed"));
	CHECK(has_diag(f.d, "site/dirlink",
	    "symbolic links are not allowed"));
	CHECK(has_diag(f.d, "_data", "symbolic links are not allowed"));
	CHECK(has_diag(f.d, "site/en/pipe", "only regular files and folders "
	    "are allowed, not sockets, FIFOs or devices"));
	CHECK(has_diag(f.d, "assets", "this must be a folder"));
	CHECK(diags_count(f.d) == 5);
	fx_free(&f);
}

/* A gitlink in a commit, a folder holding .git in the work tree. */
static void
test_submodules(void)
{
	static const struct spec sp[] = {
		{ 0100644, "site/en/ok.md", "ok\n" },
		{ 0160000, "site/sub",
		    "0123456789abcdef0123456789abcdef01234567" }
	};
	static const char *const ok[] = { "site/en/ok.md" };
	struct fixture	f;

	fx_make(&f, sp, N(sp), 0);
	CHECK(fx_open(&f, "HEAD", NULL) == 1);
	CHECK(has_paths(f.s, ok, 1));
	CHECK(has_diag(f.d, "site/sub", "submodules are not allowed"));
	CHECK(diags_count(f.d) == 1);

	/* The problems add up: this read's is the second. */
	put(f.dir, "site/en/ok.md", "ok\n");
	put(f.dir, "site/sub/.git", "gitdir: ../../.git/modules/sub\n");
	put(f.dir, "site/sub/x.md", "inside\n");
	CHECK(fx_open(&f, NULL, NULL) == 1);
	CHECK(has_paths(f.s, ok, 1));
	CHECK(has_diag(f.d, "site/sub", "submodules and nested Git "
	    "repositories are not allowed"));
	CHECK(diags_count(f.d) == 2);
	fx_free(&f);
}

/*
 * A file one byte over the limit is refused, one at the limit is read:
 * in the commit, then in the work tree.
 */
static void
test_sizes(void)
{
	static const struct spec sp[] = {
		{ 0100644, "site/big.md", "0123456789A" },
		{ 0100644, "site/small.md", "0123456789" },
		{ 0100644, "site/empty.md", "" }
	};
	static const char *const ok[] = { "site/empty.md", "site/small.md" };
	static const struct source_limits lim = { 10, 100, 32, 0, 4, NULL, NULL,
	    NULL };
	static const char msg[] =
	    "file is 11 bytes, more than the limit of 10 bytes";
	struct fixture	f;
	int		wt;

	fx_make(&f, sp, N(sp), 0);
	fx_put(&f, sp, N(sp));
	for (wt = 0; wt < 2; wt++) {
		fx_reset(&f);
		CHECK(fx_open(&f, wt ? NULL : "HEAD", &lim) == 1);
		CHECK(has_paths(f.s, ok, 2));
		CHECK(has_file(f.s, "site/small.md", "0123456789"));
		CHECK(has_file(f.s, "site/empty.md", ""));
		CHECK(has_diag(f.d, "site/big.md", msg));
		CHECK(diags_count(f.d) == 1);
	}
	fx_free(&f);
}

/* limits.skip: what it is asked, and what it answers. */
struct skip_log {
	int	asked;		/* calls */
	int	folder;		/* calls for x.yml with a folder x/ */
	size_t	len;		/* the size it gives a file it skips */
};

static int
skip_yml(void *ctx, const char *path, const git_oid *blob,
    const git_oid *folder, size_t *len)
{
	struct skip_log	*l = ctx;
	size_t		 n = strlen(path);

	(void)blob;
	l->asked++;
	if (strcmp(path, "opportunities/x.yml") == 0 && folder != NULL)
		l->folder++;
	*len = l->len;
	return n > 4 && strcmp(path + n - 4, ".yml") == 0;
}

/*
 * A file the caller skips is kept unread, with its blob and the size
 * the caller gives, without reading its object; source_fill() reads it
 * later, holding it to that size; the working tree asks nothing.
 */
static void
test_skip(void)
{
	static const struct spec sp[] = {
		{ 0100644, "opportunities/x.yml", "value: 1\n" },
		{ 0100644, "opportunities/x/a.csv", "a,b\n" },
		{ 0100644, "site/en/index.md", "hello\n" }
	};
	struct source_limits	 lim = source_default_limits;
	struct skip_log		 log = { 0, 0, 9 };
	struct source_file	*x;
	struct fixture		 f;
	git_repository		*repo = NULL;
	git_oid			 id;
	char			 hex[GIT_OID_HEXSZ + 1], *loose;

	lim.skip = skip_yml;
	lim.skip_ctx = &log;
	fx_make(&f, sp, N(sp), 0);
	fx_put(&f, sp, N(sp));
	CHECK(fx_open(&f, "HEAD", &lim) == 0);
	CHECK(log.asked == 3 && log.folder == 1);
	x = (struct source_file *)source_find(f.s, "opportunities/x.yml");
	if (CHECK(x != NULL)) {
		CHECK(x->unread && x->data == NULL && x->len == 9);
		CHECK(git_repository_open(&repo, f.dir) == 0);
		CHECK(repo != NULL && source_fill(repo, x) == 0);
		CHECK(!x->unread && x->data != NULL &&
		    strcmp(x->data, "value: 1\n") == 0);
		CHECK(repo != NULL && source_fill(repo, x) == -1); /* read */
		git_repository_free(repo);
		repo = NULL;
	}
	CHECK(has_file(f.s, "opportunities/x/a.csv", "a,b\n"));
	CHECK(has_file(f.s, "site/en/index.md", "hello\n"));

	/* A size skip gets wrong: the blob is not taken for the file. */
	fx_reset(&f);
	log.len = 5;
	CHECK(fx_open(&f, "HEAD", &lim) == 0);
	x = (struct source_file *)source_find(f.s, "opportunities/x.yml");
	if (CHECK(x != NULL) && CHECK(git_repository_open(&repo, f.dir) ==
	    0)) {
		CHECK(x->len == 5 && source_fill(repo, x) == -1);
		CHECK(x->unread && x->data == NULL);
		git_repository_free(repo);
	}

	/* Nothing of a skipped file's object is read: with its blob gone
	 * from the repository, only a read without skip fails. */
	log.len = 9;
	CHECK(git_odb_hash(&id, "value: 1\n", 9, GIT_OBJECT_BLOB) == 0);
	git_oid_tostr(hex, sizeof(hex), &id);
	loose = xasprintf("%s/.git/objects/%.2s/%s", f.dir, hex, hex + 2);
	CHECK(unlink(loose) == 0);
	free(loose);
	fx_reset(&f);
	CHECK(fx_open(&f, "HEAD", &lim) == 0);
	x = (struct source_file *)source_find(f.s, "opportunities/x.yml");
	CHECK(x != NULL && x->unread && x->len == 9);
	fx_reset(&f);
	CHECK(fx_open(&f, "HEAD", NULL) != 0);
	CHECK(diags_count(f.d) == 1 && strcmp(diags_get(f.d, 0)->path,
	    "opportunities/x.yml") == 0 && strncmp(diags_get(f.d, 0)->msg,
	    "could not read this file", 24) == 0);

	fx_reset(&f);
	log.asked = 0;
	CHECK(fx_open(&f, NULL, &lim) == 0);
	CHECK(log.asked == 0);
	CHECK(has_file(f.s, "opportunities/x.yml", "value: 1\n"));
	fx_free(&f);
}

static const char ctl_msg[] = "control characters are not allowed in paths";
static const char git_msg[] = "'.git' (in any letter case) is reserved for "
    "Git and not allowed as a path component";

/* Names Git would refuse, stored in a commit by hand. */
static void
test_bad_names_rev(void)
{
	static const struct spec sp[] = {
		{ 0100644, "site/ok.md", "ok\n" },
		{ 0100644, "site/a\001b.md", "x" },
		{ 0100644, "site/del\177.md", "x" },
		{ 0100644, "site/back\\slash.md", "x" },
		{ 0100644, "site/co:lon.md", "x" },
		{ 0100644, "site/.GIT/config", "x" },
		{ 0100644, "site/en/..", "x" },
		{ 0100644, "site/en/.", "x" },
		{ 0100644, "site/bad\377.md", "x" },
		{ 0100644, "site/over\300\257.md", "x" },
		{ 0100644, "site/esc\033[31m.md", "x" }
	};
	static const char *const ok[] = { "site/ok.md" };
	struct fixture	f;

	fx_make(&f, sp, N(sp), 0);
	CHECK(fx_open(&f, "HEAD", NULL) == 1);
	CHECK(has_paths(f.s, ok, 1));
	CHECK(has_diag(f.d, "site/a\001b.md", ctl_msg));
	CHECK(has_diag(f.d, "site/del\177.md", ctl_msg));
	CHECK(has_diag(f.d, "site/esc\033[31m.md", ctl_msg));
	CHECK(has_diag(f.d, "site/back\\slash.md",
	    "backslashes are not allowed in paths"));
	CHECK(has_diag(f.d, "site/co:lon.md",
	    "colons are not allowed in paths"));
	CHECK(has_diag(f.d, "site/.GIT", git_msg));
	CHECK(has_diag(f.d, "site/en/..",
	    "'.' and '..' are not allowed as path components"));
	CHECK(has_diag(f.d, "site/en/.",
	    "'.' and '..' are not allowed as path components"));
	CHECK(has_diag(f.d, "site/bad\377.md", "paths must be valid UTF-8"));
	CHECK(has_diag(f.d, "site/over\300\257.md",
	    "paths must be valid UTF-8"));
	CHECK(diags_count(f.d) == 10);
	fx_free(&f);
}

/* A tree entry with an empty name makes its folder unreadable. */
static void
test_empty_name(void)
{
	static const struct spec sp[] = {
		{ 0100644, "_data/site.yml", "x" },
		{ 0100644, "site//x.md", "x" }
	};
	static const char *const ok[] = { "_data/site.yml" };
	static const char want[] = "could not read this folder: ";
	struct fixture		 f;
	const struct diag	*g;

	fx_make(&f, sp, N(sp), 0);
	CHECK(fx_open(&f, "HEAD", NULL) == 1);
	CHECK(has_paths(f.s, ok, 1));
	CHECK(diags_count(f.d) == 1);
	g = diags_count(f.d) > 0 ? diags_get(f.d, 0) : NULL;
	CHECK(g != NULL && g->path != NULL && strcmp(g->path, "site") == 0);
	CHECK(g != NULL && strncmp(g->msg, want, sizeof(want) - 1) == 0);
	fx_free(&f);
}

/* The same rules in the work tree, for names the file system accepts. */
static void
test_bad_names_worktree(void)
{
	static const char *const ok[] = { "site/ok.md" };
	struct fixture	f;

	fx_make(&f, NULL, 0, 0);
	put(f.dir, "site/ok.md", "ok\n");
	put(f.dir, "site/a\001b.md", "x");
	put(f.dir, "site/back\\slash.md", "x");
	put(f.dir, "site/co:lon.md", "x");
	put(f.dir, "site/.Git/config", "x");
	put(f.dir, "site/bad\377.md", "x");
	CHECK(fx_open(&f, NULL, NULL) == 1);
	CHECK(has_paths(f.s, ok, 1));
	CHECK(has_diag(f.d, "site/a\001b.md", ctl_msg));
	CHECK(has_diag(f.d, "site/back\\slash.md",
	    "backslashes are not allowed in paths"));
	CHECK(has_diag(f.d, "site/co:lon.md",
	    "colons are not allowed in paths"));
	CHECK(has_diag(f.d, "site/.Git", git_msg));
	CHECK(has_diag(f.d, "site/bad\377.md", "paths must be valid UTF-8"));
	CHECK(diags_count(f.d) == 5);
	fx_free(&f);
}

static const char alias_msg[] = "this name means '.git' on Windows or "
    "macOS, which is reserved for Git";
static const char device_msg[] = "CON, PRN, AUX, NUL, COM1 to COM9 and LPT1 "
    "to LPT9 name devices on Windows and are not allowed as names, even "
    "with an extension";
static const char short_msg[] = "names like 'ABCDEF~1' are not allowed: "
    "Windows uses them as short names for other files";
static const char end_msg[] = "names ending in a dot or a space are not "
    "allowed (Windows drops them, so two names could meet)";
static const char invisible_msg[] = "invisible characters (zero-width "
    "spaces and joiners, direction marks, byte order marks) are not "
    "allowed in paths";
static const char win_msg[] = "the characters < > \" | ? * are not allowed "
    "in paths (Windows refuses them)";

/* A name, and what is said about it as site/NAME (NULL: accepted). */
struct name_case {
	const char	*name;	/* the entry's name */
	const char	*shown;	/* as the diagnostic shows it */
	const char	*msg;	/* the message, or NULL if it is read */
};

/* Names other systems read as .git, as devices or as other names. */
static const struct name_case portable_cases[] = {
	{ ".git.", NULL, alias_msg },
	{ ".git ", NULL, alias_msg },
	{ ".Git...", NULL, alias_msg },
	{ "git~1", NULL, alias_msg },
	{ "GIT~1", NULL, alias_msg },
	{ ".g\342\200\214it", NULL, alias_msg },	/* U+200C */
	{ ".git\342\200\215", NULL, alias_msg },	/* U+200D */
	{ "\357\273\277.GIT", NULL, alias_msg },	/* U+FEFF */
	{ ".gi\342\200\256t", NULL, alias_msg },	/* U+202E */
	{ "zero\342\200\213width.md", NULL, invisible_msg }, /* U+200B */
	{ "soft\302\255hyphen.md", NULL, invisible_msg },	/* U+00AD */
	{ "dot.", NULL, end_msg },
	{ "space ", NULL, end_msg },
	{ "nul", NULL, device_msg },
	{ "NUL.md", NULL, device_msg },
	{ "con.txt", NULL, device_msg },
	{ "aux .md", NULL, device_msg },
	{ "Com1.md", NULL, device_msg },
	{ "LPT9", NULL, device_msg },
	{ "com\302\271.md", NULL, device_msg },		/* COM superscript 1 */
	{ "conout$.md", NULL, device_msg },
	{ "progra~1.md", NULL, short_msg },
	{ "A~12", NULL, short_msg },
	{ "q?.md", NULL, win_msg },
	{ "l<t.md", NULL, win_msg },
	{ "p|pe", NULL, win_msg },
	{ "st*r", NULL, win_msg },
	{ "q\"uote", NULL, win_msg },
	/* Names near the rules that stay accepted. */
	{ "console.md", NULL, NULL },
	{ "com10.md", NULL, NULL },
	{ "nullable.md", NULL, NULL },
	{ "toolong~name.md", NULL, NULL },
	{ "~1.md", NULL, NULL },
	{ ".gitignore-like.md", NULL, NULL },
	{ "caf\303\251.md", NULL, NULL }
};

/* A name of n bytes 'a', in a static buffer (n < 300). */
static const char *
long_name(size_t n)
{
	static char	b[2][300];
	static int	k;

	k = !k;
	memset(b[k], 'a', n);
	b[k][n] = '\0';
	return b[k];
}

/*
 * Check every case of cs in f's last read: refused ones are reported,
 * accepted ones read.
 */
static void
check_names(struct fixture *f, const struct name_case *cs, size_t n)
{
	char	path[512];
	size_t	i, refused = 0;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "site/%s", cs[i].shown ?
		    cs[i].shown : cs[i].name);
		if (cs[i].msg != NULL) {
			refused++;
			if (!CHECK(has_diag(f->d, path, cs[i].msg)))
				printf("  for '%s'\n", cs[i].name);
		} else {
			snprintf(path, sizeof(path), "site/%s", cs[i].name);
			if (!CHECK(source_find(f->s, path) != NULL))
				printf("  not read: '%s'\n", cs[i].name);
		}
	}
	CHECK(diags_count(f->d) == refused);
}

/*
 * Names that pass on Linux but mean something else elsewhere: refused
 * in a commit and in the work tree alike, as are names over 255 bytes
 * and paths over 1024 bytes (commits only: Linux refuses them itself).
 */
static void
test_portable_names(void)
{
	struct spec	 sp[N(portable_cases) + 4];
	char		 deep[1100];
	struct fixture	 f;
	size_t		 i, n = 0;
	int		 wt;

	for (i = 0; i < N(portable_cases); i++) {
		sp[n].mode = 0100644;
		sp[n].path = xasprintf("site/%s", portable_cases[i].name);
		sp[n++].data = "x";
	}
	fx_make(&f, sp, n, 0);
	fx_put(&f, sp, n);
	for (wt = 0; wt < 2; wt++) {
		fx_reset(&f);
		CHECK(fx_open(&f, wt ? NULL : "HEAD", NULL) == 1);
		check_names(&f, portable_cases, N(portable_cases));
	}
	fx_free(&f);
	for (i = 0; i < n; i++)
		free((char *)sp[i].path);

	/* 255 bytes is a name, 256 is not; 1024 bytes is a path. */
	n = 0;
	sp[n].mode = 0100644;
	sp[n].path = xasprintf("site/%s", long_name(255));
	sp[n++].data = "x";
	sp[n].mode = 0100644;
	sp[n].path = xasprintf("site/%s", long_name(256));
	sp[n++].data = "x";
	snprintf(deep, sizeof(deep), "site/%s/%s/%s/%s/", long_name(200),
	    long_name(200), long_name(200), long_name(200));
	sp[n].mode = 0100644;
	sp[n].path = xasprintf("%s%s", deep, long_name(1024 - strlen(deep)));
	sp[n++].data = "x";
	sp[n].mode = 0100644;
	sp[n].path = xasprintf("%s%s", deep, long_name(1025 - strlen(deep)));
	sp[n++].data = "x";
	fx_make(&f, sp, n, 0);
	CHECK(fx_open(&f, "HEAD", NULL) == 1);
	CHECK(source_find(f.s, sp[0].path) != NULL);
	CHECK(has_diag(f.d, sp[1].path, "a file or folder name longer than "
	    "255 bytes is not allowed"));
	CHECK(source_find(f.s, sp[2].path) != NULL);
	CHECK(has_diag(f.d, sp[3].path, "paths longer than 1024 bytes are not "
	    "allowed"));
	CHECK(diags_count(f.d) == 2);
	fx_free(&f);
	for (i = 0; i < n; i++)
		free((char *)sp[i].path);
}

/*
 * A tree entry whose name holds a slash (Git refuses to write one, but
 * a tree can be made by hand) is refused, not read as two folders.
 */
static void
test_slash_in_name(void)
{
	static const struct spec sp[] = {
		{ 0100644, "site/en/ok.md", "ok\n" }
	};
	struct fixture	 f;
	git_repository	*repo = NULL;
	git_odb		*odb = NULL;
	git_oid		 blob, sub, root, cid;
	git_tree	*tree = NULL;
	git_signature	*sig = NULL;
	struct buf	 b = BUF_INIT;

	fx_make(&f, sp, N(sp), 0);
	if (git_repository_open(&repo, f.dir) < 0 ||
	    git_repository_odb(&odb, repo) < 0 ||
	    git_odb_write(&blob, odb, "x", 1, GIT_OBJECT_BLOB) < 0)
		abort();
	buf_puts(&b, "100644 en/evil.md");
	buf_putc(&b, '\0');
	buf_put(&b, blob.id, GIT_OID_RAWSZ);
	git_odb_write(&sub, odb, b.data, b.len, GIT_OBJECT_TREE);
	buf_reset(&b);
	buf_puts(&b, "40000 site");
	buf_putc(&b, '\0');
	buf_put(&b, sub.id, GIT_OID_RAWSZ);
	git_odb_write(&root, odb, b.data, b.len, GIT_OBJECT_TREE);
	if (git_tree_lookup(&tree, repo, &root) < 0 ||
	    git_signature_new(&sig, "Test", "test@example.org", 1700000000,
	    0) < 0 ||
	    git_commit_create_v(&cid, repo, "refs/heads/slash", sig, sig,
	    NULL, "slash\n", tree, 0) < 0)
		abort();
	CHECK(fx_open(&f, "slash", NULL) == 1);
	CHECK(f.s != NULL && f.s->count == 0);
	CHECK(has_diag(f.d, "site/en/evil.md", "a name in the tree holds a "
	    "slash, which only separates folders"));
	CHECK(diags_count(f.d) == 1);
	buf_free(&b);
	git_signature_free(sig);
	git_tree_free(tree);
	git_odb_free(odb);
	git_repository_free(repo);
	fx_free(&f);
}

#define COLLIDE	"differ only by letter case or Unicode normalisation: " \
		"they would collide on some systems"

/* Paths equal after case folding or normalisation: the first stays. */
static void
test_collisions(void)
{
	static const struct spec sp[] = {
		{ 0100644, "site/en/a.md", "lower\n" },
		{ 0100644, "site/en/A.md", "upper\n" },
		{ 0100644, "site/fr/caf\303\251.md", "composed\n" },
		{ 0100644, "site/fr/cafe\314\201.md", "decomposed\n" },
		{ 0100644, "site/de/stra\303\237e.md", "eszett\n" },
		{ 0100644, "site/de/STRASSE.md", "capitals\n" },
		{ 0100644, "assets/IMG/a.png", "a" },
		{ 0100644, "assets/img/b.png", "b" }
	};
	static const char *const ok[] = {
		"assets/IMG/a.png", "site/de/STRASSE.md", "site/en/A.md",
		"site/fr/cafe\314\201.md"
	};
	struct fixture	f;

	fx_make(&f, sp, N(sp), 0);
	CHECK(fx_open(&f, "HEAD", NULL) == 1);
	CHECK(has_paths(f.s, ok, N(ok)));
	CHECK(has_file(f.s, "site/en/A.md", "upper\n"));
	CHECK(has_diag(f.d, "site/en/a.md",
	    "'site/en/A.md' and 'site/en/a.md' " COLLIDE));
	CHECK(has_diag(f.d, "site/fr/caf\303\251.md",
	    "'site/fr/cafe\314\201.md' and 'site/fr/caf\303\251.md' "
	    COLLIDE));
	CHECK(has_diag(f.d, "site/de/stra\303\237e.md",
	    "'site/de/STRASSE.md' and 'site/de/stra\303\237e.md' " COLLIDE));
	CHECK(has_diag(f.d, "assets/img",
	    "'assets/IMG' and 'assets/img' " COLLIDE));
	CHECK(diags_count(f.d) == 4);

	fx_reset(&f);
	fx_put(&f, sp, N(sp));
	CHECK(fx_open(&f, NULL, NULL) == 1);
	CHECK(has_paths(f.s, ok, N(ok)));
	CHECK(has_diag(f.d, "site/en/a.md",
	    "'site/en/A.md' and 'site/en/a.md' " COLLIDE));
	CHECK(has_diag(f.d, "assets/img",
	    "'assets/IMG' and 'assets/img' " COLLIDE));
	CHECK(diags_count(f.d) == 4);
	fx_free(&f);
}

/* Too deep a folder is not entered; the walk stops at too many files. */
static void
test_bounds(void)
{
	static const struct spec sp[] = {
		{ 0100644, "site/a.md", "a" },
		{ 0100644, "site/b.md", "b" },
		{ 0100644, "site/c/d.md", "d" },
		{ 0100644, "site/c/e/f.md", "f" },
		{ 0100644, "site/z.md", "z" },
		{ 0100644, "site/zz.md", "zz" }
	};
	static const char *const ok[] = {
		"site/a.md", "site/b.md", "site/c/d.md"
	};
	static const struct source_limits lim = { 1024, 3, 2, 0, 4, NULL, NULL,
	    NULL };
	struct fixture	f;
	int		wt;

	fx_make(&f, sp, N(sp), 0);
	fx_put(&f, sp, N(sp));
	for (wt = 0; wt < 2; wt++) {
		fx_reset(&f);
		CHECK(fx_open(&f, wt ? NULL : "HEAD", &lim) == 1);
		CHECK(has_paths(f.s, ok, N(ok)));
		CHECK(has_diag(f.d, "site/c/e",
		    "folders nested more than 2 levels deep are not read"));
		CHECK(has_diag(f.d, "site/z.md", "more than 3 input files: "
		    "this file and the ones after it are not read"));
		CHECK(diags_count(f.d) == 2);
	}
	fx_free(&f);
}

/*
 * One blob named many times is counted each time it is read: the walk
 * stops at the first file that would pass the total (a small repository
 * cannot make the source read gigabytes).
 */
static void
test_total_bytes(void)
{
	static const struct spec sp[] = {
		{ 0100644, "site/a.md", "0123456789" },
		{ 0100644, "site/b.md", "0123456789" },
		{ 0100644, "site/c.md", "0123456789" },
		{ 0100644, "site/d.md", "0123456789" },
		{ 0100644, "site/e.md", "0123456789" },
		{ 0100644, "site/f.md", "0123456789" }
	};
	static const char *const ok[] = {
		"site/a.md", "site/b.md", "site/c.md"
	};
	static const struct source_limits lim = { 1024, 100, 32, 35, 4, NULL, NULL,
	    NULL };
	struct fixture	f;
	int		wt;

	fx_make(&f, sp, N(sp), 0);
	fx_put(&f, sp, N(sp));
	for (wt = 0; wt < 2; wt++) {
		fx_reset(&f);
		CHECK(fx_open(&f, wt ? NULL : "HEAD", &lim) == 1);
		CHECK(has_paths(f.s, ok, N(ok)));
		CHECK(has_diag(f.d, "site/d.md", "the input files add up to "
		    "more than 35 bytes: this file and the ones after it are "
		    "not read"));
		CHECK(diags_count(f.d) == 1);
	}
	fx_free(&f);
}

/* Failures to open: -1, *out NULL, one message. */
static void
test_open_failures(void)
{
	static const struct spec sp[] = {
		{ 0100644, "site/a.md", "a" }
	};
	static const char *const ok[] = { "site/a.md" };
	struct fixture	f;
	char		msg[PATH_MAX + 200];

	fx_make(&f, sp, N(sp), 0);
	f.s = (struct source *)1;
	CHECK(source_open(&f.s, f.dir, "nope", NULL, f.d) == -1);
	CHECK(f.s == NULL);
	CHECK(has_diag(f.d, NULL, "revision 'nope' not found"));
	CHECK(fx_open(&f, "HEAD:site/a.md", NULL) == -1);
	CHECK(has_diag(f.d, NULL,
	    "revision 'HEAD:site/a.md' is not a commit"));
	CHECK(diags_count(f.d) == 2);
	fx_free(&f);

	/* A folder that is no repository: fx_make() is not for it. */
	f.dir = testdir_make("source");
	f.d = diags_new();
	f.s = NULL;
	CHECK(fx_open(&f, NULL, NULL) == -1);
	CHECK(f.s == NULL);
	snprintf(msg, sizeof(msg), "no Git repository at or above '%s'",
	    f.dir);
	CHECK(has_diag(f.d, NULL, msg));
	CHECK(diags_count(f.d) == 1);
	fx_free(&f);

	fx_make(&f, sp, N(sp), 1);
	CHECK(fx_open(&f, NULL, NULL) == -1);
	CHECK(f.s == NULL);
	snprintf(msg, sizeof(msg), "the repository at '%s/' is bare: it has "
	    "no working tree to read; use --rev to build a revision", f.dir);
	CHECK(has_diag(f.d, NULL, msg));
	CHECK(diags_count(f.d) == 1);
	CHECK(fx_open(&f, "HEAD", NULL) == 0);
	CHECK(has_paths(f.s, ok, 1));
	CHECK(f.s != NULL && f.s->workdir == NULL);
	CHECK(f.s != NULL && f.s->commit != NULL &&
	    strcmp(f.s->commit, f.hex) == 0);
	source_free(NULL);
	fx_free(&f);
}

int
main(void)
{
	char	*home = testdir_make("source");

	/* No user or system configuration: the tests see only their own. */
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	git_libgit2_init();
	test_rev_and_worktree();
	test_links();
	test_submodules();
	test_sizes();
	test_skip();
	test_bad_names_rev();
	test_empty_name();
	test_bad_names_worktree();
	test_collisions();
	test_portable_names();
	test_slash_in_name();
	test_bounds();
	test_total_bytes();
	test_open_failures();
	git_libgit2_shutdown();
	testdir_remove(home);
	return test_finish();
}
