/*
 * Tests of what reads an opportunity file again after its text and tree
 * were let go (opp_root.c): the file of the working tree is taken only
 * while its bytes are still those read (same blob id), so that dating
 * never compares a version that was not the one built, and a problem
 * reported after reading is placed in the file as it was read, or, when
 * it changed since, at no position (path:0:0, printed as the path alone)
 * rather than at a line of another text.
 */
#define _XOPEN_SOURCE 700	/* nftw(), mkdtemp() */

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "arena.h"
#include "blobid.h"
#include "buf.h"
#include "diag.h"
#include "history.h"
#include "i18n.h"
#include "opp_impl.h"
#include "opportunity.h"
#include "site.h"
#include "source.h"
#include "pack.h"
#include "testdir.h"
#include "testing.h"
#include "value.h"
#include "worddiff.h"

/* 2026-02-19T12:00:00Z: the base opportunity closes the next day. */
#define NOW	1771502400LL
#define DAY	86400LL

static const char *const base_files[] = {
	"_data/i18n.yml", "_data/site.yml", "_data/nav.yml", "_data/skills.yml",
	"opportunities/data-cleanup.yml",
};
#define OPP	"opportunities/data-cleanup.yml"

/* Write len bytes of data to dir/rel, making its folder. */
static void
put(const char *dir, const char *rel, const char *data, size_t len)
{
	char	 p[PATH_MAX], *s;
	FILE	*fp;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	if ((s = strrchr(p, '/')) != NULL) {
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			perror(p);
		*s = '/';
	}
	if ((fp = fopen(p, "wb")) == NULL || fwrite(data, 1, len, fp) != len) {
		perror(p);
		exit(1);
	}
	fclose(fp);
}

/* A working tree (in a fresh repository) with the base site's settings
 * and its one opportunity, whose text goes into opp. */
static char *
site_make(struct buf *opp)
{
	const char	*src = getenv("MARCHE_SOURCE_DIR");
	git_repository	*repo = NULL;
	struct buf	 b = BUF_INIT;
	char		 p[PATH_MAX], *dir = testdir_make("opproot");
	size_t		 i;

	if (src == NULL || git_repository_init(&repo, dir, 0) < 0) {
		fprintf(stderr, "MARCHE_SOURCE_DIR unset or no repository\n");
		exit(1);
	}
	git_repository_free(repo);
	for (i = 0; i < sizeof(base_files) / sizeof(base_files[0]); i++) {
		snprintf(p, sizeof(p), "%s/tests/check/_base/%s", src,
		    base_files[i]);
		if (test_slurp(&b, p) != 0) {
			perror(p);
			exit(1);
		}
		put(dir, base_files[i], b.data, b.len);
		if (strcmp(base_files[i], OPP) == 0) {
			buf_reset(opp);
			buf_put(opp, b.data, b.len);
		}
	}
	buf_free(&b);
	return dir;
}

/* text with its first "from" replaced by "to" (of any length). */
static void
changed(struct buf *out, const struct buf *text, const char *from,
    const char *to)
{
	const char	*at = strstr(buf_cstr((struct buf *)text), from);

	buf_reset(out);
	if (at == NULL)
		return;
	buf_put(out, text->data, (size_t)(at - text->data));
	buf_puts(out, to);
	buf_puts(out, at + strlen(from));
}

/* Where the value of top-level key is in text: its line, and its column
 * (after "key: "). */
static void
value_place(const char *text, const char *key, int *line, int *col)
{
	const char	*s;
	size_t		 n = strlen(key);

	*line = 1;
	for (s = text; *s != '\0'; s++) {
		if ((s == text || s[-1] == '\n') && strncmp(s, key, n) == 0 &&
		    s[n] == ':')
			break;
		*line += *s == '\n';
	}
	*col = (int)n + 3;
}

/*
 * opp_text_again(): the file as it was read is given back; once its
 * bytes changed on disk, of another length or of the same length (only
 * its blob id tells), it is refused.
 */
static void
test_text_again(void)
{
	struct buf		 opp = BUF_INIT, now = BUF_INIT;
	struct diags		*d = diags_new();
	struct source		*src = NULL;
	struct opportunity	 o;
	char			*dir = site_make(&opp), *text;
	size_t			 len = 99;

	CHECK(source_open(&src, dir, NULL, NULL, d) == 0);
	memset(&o, 0, sizeof(o));
	o.path = OPP;
	o.len = opp.len;
	o.has_blob = 1;
	CHECK(blob_id(opp.data, opp.len, o.blob) == 0);

	text = opp_text_again(src, &o, &len);
	CHECK(text != NULL && len == opp.len &&
	    memcmp(text, opp.data, len) == 0);
	free(text);

	/* The same length, other bytes: only the blob id differs. */
	changed(&now, &opp, "value: 4500", "value: 4600");
	CHECK(now.len == opp.len);
	put(dir, OPP, now.data, now.len);
	len = 99;
	CHECK(opp_text_again(src, &o, &len) == NULL);

	/* Another length. */
	changed(&now, &opp, "value: 4500", "value: 45000");
	put(dir, OPP, now.data, now.len);
	CHECK(opp_text_again(src, &o, &len) == NULL);

	/* Back as it was read: taken again. */
	put(dir, OPP, opp.data, opp.len);
	text = opp_text_again(src, &o, &len);
	CHECK(text != NULL && len == opp.len);
	free(text);

	/* No blob id to know it by: never taken. */
	o.has_blob = 0;
	CHECK(opp_text_again(src, &o, &len) == NULL);

	source_free(src);
	diags_free(d);
	buf_free(&opp);
	buf_free(&now);
	testdir_remove(dir);
}

/*
 * The note that the opportunity closes soon, reported after loading
 * (opportunities_check_time()): its position comes from opp_root(). The
 * file loaded with its text let go; with change, the file is changed on
 * disk (same length) before the report. Returns the note's line and
 * column in *line and *col (-1 when there is no such note).
 */
static void
closing_note(int change, int *line, int *col)
{
	struct buf		 opp = BUF_INIT, now = BUF_INIT;
	struct diags		*d = diags_new(), *d2 = diags_new();
	struct arena		*a = arena_new();
	struct source		*src = NULL;
	struct site		 site;
	struct opportunities	 opps;
	char			*dir = site_make(&opp);
	size_t			 i;

	*line = *col = -1;
	memset(&opps, 0, sizeof(opps));
	if (!CHECK(source_open(&src, dir, NULL, NULL, d) == 0) ||
	    !CHECK(site_load(&site, a, src, d) == 0) ||
	    !CHECK(opportunities_load(&opps, a, src, &site, NOW, 1, 1, d) ==
	    0) || !CHECK(opps.count == 1))
		goto out;
	/* Let go: read again for the report. */
	CHECK(opps.list[0].root == NULL && opps.list[0].data == NULL);
	if (change) {
		changed(&now, &opp, "value: 4500", "value: 4600");
		put(dir, OPP, now.data, now.len);
	}
	opportunities_check_time(&opps, &site, NOW, 7 * DAY, NULL, NULL, d2);
	for (i = 0; i < diags_count(d2); i++) {
		const struct diag *g = diags_get(d2, i);

		if (g->path != NULL && strcmp(g->path, OPP) == 0 &&
		    strstr(g->msg, "clos") != NULL) {
			*line = g->line;
			*col = g->col;
		}
	}
out:
	opportunities_free(&opps);
	source_free(src);
	arena_free(a);
	diags_free(d);
	diags_free(d2);
	buf_free(&opp);
	buf_free(&now);
	testdir_remove(dir);
}

/*
 * opp_root(): the tree of a file let go is parsed again from the file
 * as read, and a report placed in it; a file changed since gives no tree,
 * and the report is placed at 0:0, not at the changed text's positions.
 */
static void
test_root_changed(void)
{
	struct buf	 opp = BUF_INIT;
	char		*dir = site_make(&opp);
	int		 line, col, wline, wcol;

	value_place(buf_cstr(&opp), "closing", &wline, &wcol);
	closing_note(0, &line, &col);
	CHECK(line == wline && col == wcol);
	if (line != wline || col != wcol)
		printf("  unchanged: %d:%d, want %d:%d\n", line, col, wline,
		    wcol);
	closing_note(1, &line, &col);
	CHECK(line == 0 && col == 0);
	if (line != 0 || col != 0)
		printf("  changed: %d:%d, want 0:0\n", line, col);
	buf_free(&opp);
	testdir_remove(dir);
}

/* Commit every file of dir's working tree, at time t. */
static void
commit_all(const char *dir, const char *msg, long long t)
{
	git_repository	*repo = NULL;
	git_index	*idx = NULL;
	git_signature	*sig = NULL;
	git_tree	*tree = NULL;
	git_commit	*parent = NULL;
	git_oid		 tid, cid, pid;
	int		 has_parent;

	if (git_repository_open(&repo, dir) < 0 ||
	    git_repository_index(&idx, repo) < 0 ||
	    git_index_add_all(idx, NULL, 0, NULL, NULL) < 0 ||
	    git_index_write(idx) < 0 ||
	    git_index_write_tree(&tid, idx) < 0 ||
	    git_tree_lookup(&tree, repo, &tid) < 0 ||
	    git_signature_new(&sig, "Test", "test@example.ca", t, 0) < 0) {
		printf("commit: %s\n", git_error_last()->message);
		exit(1);
	}
	has_parent = git_reference_name_to_id(&pid, repo, "HEAD") == 0 &&
	    git_commit_lookup(&parent, repo, &pid) == 0;
	if (git_commit_create_v(&cid, repo, "HEAD", sig, sig, NULL, msg, tree,
	    has_parent ? 1 : 0, parent) < 0) {
		printf("commit: %s\n", git_error_last()->message);
		exit(1);
	}
	git_commit_free(parent);
	git_tree_free(tree);
	git_signature_free(sig);
	git_index_free(idx);
	git_repository_free(repo);
}

/*
 * The value the last amendment of the opportunity dated gives 'value',
 * as a string (into got), or "" when it has none. The opportunity was
 * posted (4500), then amended (4600), both committed; the working tree
 * holds the amended file, loaded with its text let go. With change, the
 * file is changed on disk (4700, same length) between loading and
 * dating: dating, which reads the file as built from the working tree
 * rather than from the pack (opp_text_again()), must then read the
 * version committed.
 */
static void
amended_value(int change, char *got, size_t n)
{
	struct buf		 opp = BUF_INIT, now = BUF_INIT;
	struct diags		*d = diags_new();
	struct arena		*a = arena_new();
	struct source		*src = NULL;
	struct site		 site;
	struct opportunities	 opps;
	struct history		 hist;
	char			*dir = site_make(&opp);
	size_t			 i, k;

	*got = '\0';
	memset(&opps, 0, sizeof(opps));
	memset(&hist, 0, sizeof(hist));
	commit_all(dir, "Post", 1768478400LL);		/* 2026-01-15 */
	changed(&now, &opp, "value: 4500", "value: 4600");
	put(dir, OPP, now.data, now.len);
	commit_all(dir, "Amend", 1768564800LL);		/* 2026-01-16 */
	if (!CHECK(source_open(&src, dir, NULL, NULL, d) == 0) ||
	    !CHECK(site_load(&site, a, src, d) == 0) ||
	    !CHECK(opportunities_load(&opps, a, src, &site, NOW, 1, 1, d) ==
	    0) || !CHECK(opps.count == 1) ||
	    !CHECK(history_load(&hist, dir, NULL, HISTORY_NO_CACHE, d) == 0))
		goto out;
	CHECK(opps.list[0].root == NULL && opps.list[0].data == NULL);
	if (change) {
		changed(&now, &opp, "value: 4500", "value: 4700");
		put(dir, OPP, now.data, now.len);
	}
	opportunities_date(&opps, &hist, &site, a, src, 1, d);
	for (i = 0; i < opps.list[0].namendments; i++) {
		const struct opp_amendment *m = &opps.list[0].amendments[i];

		for (k = 0; k < m->nchanges; k++)
			if (strcmp(m->changes[k].key, "value") == 0 &&
			    m->changes[k].new != NULL)
				snprintf(got, n, "%lld",
				    m->changes[k].new->integer);
	}
out:
	history_free(&hist);
	opportunities_free(&opps);
	source_free(src);
	arena_free(a);
	diags_free(d);
	buf_free(&opp);
	buf_free(&now);
	testdir_remove(dir);
}

/* Dating takes the file as built from the working tree only while it is
 * the one read: changed since, the version committed is read instead. */
static void
test_dating_changed(void)
{
	char	got[32];

	amended_value(0, got, sizeof(got));
	CHECK_STR(got, "4600");
	amended_value(1, got, sizeof(got));
	CHECK_STR(got, "4600");
}

int
main(void)
{
	git_libgit2_init();
	test_text_again();
	test_root_changed();
	test_dating_changed();
	/* What the dates' formatters and the comparisons kept, as a build
	 * frees it. */
	i18n_cleanup();
	worddiff_cleanup();
	pack_cleanup();
	diag_thread_done();
	git_libgit2_shutdown();
	return test_finish();
}
