/*
 * History benchmark: makes a repository of C commits, each adding or
 * changing one of N opportunity files (plus a site page every tenth
 * commit), then times the history stage's single walk against a bare
 * revision walk over the same commits (the baseline). Prints figures.
 *
 *	bench_history [COMMITS [FILES]]	(default: 10000 1000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "diag.h"
#include "history.h"

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
check(int rc, const char *what)
{
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", what, git_error_last() ?
		    git_error_last()->message : "failed");
		exit(3);
	}
}

/* Peak resident memory since the last reset, in KiB (Linux). */
static long
peak_kib(int reset)
{
	FILE	*fp;
	char	 line[256];
	long	 kib = -1;

	if (reset) {
		if ((fp = fopen("/proc/self/clear_refs", "w")) != NULL) {
			fputs("5", fp);
			fclose(fp);
		}
		return 0;
	}
	if ((fp = fopen("/proc/self/status", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			kib = atol(line + 6);
	fclose(fp);
	return kib;
}

static void
make_history(git_repository *repo, int commits, int files)
{
	git_index	*index;
	git_signature	*sig;
	git_oid		 tree_id, commit_id, parent_id;
	git_tree	*tree;
	git_commit	*parent = NULL;
	git_index_entry	 e;
	char		 path[64], text[256];
	int		 i;

	check(git_repository_index(&index, repo), "index");
	for (i = 0; i < commits; i++) {
		memset(&e, 0, sizeof(e));
		e.mode = GIT_FILEMODE_BLOB;
		snprintf(path, sizeof(path), i % 10 == 9 ?
		    "site/en/p%d.md" : "opportunities/o%d.yml",
		    i % 10 == 9 ? i % 50 : i % files);
		snprintf(text, sizeof(text), "value: %d\nclosing: "
		    "2026-12-14T14:00:00-05:00\nen:\n  title: T %d\n", i, i);
		e.path = path;
		check(git_index_add_from_buffer(index, &e, text, strlen(text)),
		    "add");
		check(git_index_write_tree(&tree_id, index), "write tree");
		check(git_tree_lookup(&tree, repo, &tree_id), "tree");
		check(git_signature_new(&sig, "Bench", "bench@example.ca",
		    1700000000 + i * 60, 0), "signature");
		check(git_commit_create(&commit_id, repo, "HEAD", sig, sig,
		    NULL, "change", tree, parent ? 1 : 0,
		    (const git_commit **)&parent), "commit");
		git_signature_free(sig);
		git_tree_free(tree);
		git_commit_free(parent);
		git_oid_cpy(&parent_id, &commit_id);
		check(git_commit_lookup(&parent, repo, &parent_id), "parent");
	}
	git_commit_free(parent);
	git_index_free(index);
}

int
main(int argc, char **argv)
{
	int		 commits = argc > 1 ? atoi(argv[1]) : 10000;
	int		 files = argc > 2 ? atoi(argv[2]) : 1000;
	char		 dir[] = "/tmp/marche-bench-history.XXXXXX", cmd[128];
	git_repository	*repo;
	git_revwalk	*walk;
	git_oid		 id;
	struct history	 h;
	struct diags	*d = diags_new();
	double		 t0, t1, t2, t3, t4, t5;
	size_t		 n = 0, versions = 0, i;
	long		 peak;

	if (commits < 1 || files < 1 || mkdtemp(dir) == NULL)
		return 2;
	git_libgit2_init();
	check(git_repository_init(&repo, dir, 0), "init");
	t0 = now();
	make_history(repo, commits, files);
	t1 = now();
	check(git_revwalk_new(&walk, repo), "walk");
	git_revwalk_push_head(walk);
	while (git_revwalk_next(&id, walk) == 0)
		n++;
	git_revwalk_free(walk);
	t2 = now();
	peak_kib(1);
	if (history_load(&h, dir, NULL, HISTORY_NO_CACHE, d) != 0)
		return 3;
	t3 = now();
	peak = peak_kib(0);
	/* Once to fill the history cache, once to read it. */
	history_free(&h);
	if (history_load(&h, dir, NULL, 0, d) != 0)
		return 3;
	history_free(&h);
	t4 = now();
	if (history_load(&h, dir, NULL, 0, d) != 0)
		return 3;
	t5 = now();
	for (i = 0; i < h.count; i++)
		versions += h.files[i].nversions;
	printf("commits made: %d in %.2f s (setup, not measured)\n", commits,
	    t1 - t0);
	printf("baseline, plain revision walk: %zu commits in %.3f s\n", n,
	    t2 - t1);
	printf("history walk: %zu commits, %zu files, %zu versions in %.3f s "
	    "(%.1f x the baseline, %.1f us a commit)\n", h.commits, h.count,
	    versions, t3 - t2, (t3 - t2) / (t2 - t1),
	    1e6 * (t3 - t2) / (double)h.commits);
	printf("history walk with a warm cache: %.3f s (%.1f x the "
	    "baseline)\n", t5 - t4, (t5 - t4) / (t2 - t1));
	printf("peak memory during the history walk: %.1f MiB\n",
	    peak / 1024.0);
	history_free(&h);
	diags_free(d);
	git_repository_free(repo);
	git_libgit2_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) != 0;
}
