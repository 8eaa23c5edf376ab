/*
 * Build-time benchmark: generates a site of N bilingual page pairs (2N
 * pages) in a fresh Git repository, then measures reading the source
 * alone (the baseline) and the whole build into a fresh output folder.
 * Prints figures; never fails on speed.
 *
 *	bench_build [N ...]	(default: 1000 10000)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "build.h"
#include "diag.h"
#include "source.h"

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
put_file(const char *dir, const char *rel, const char *text)
{
	char	path[4096], *slash;
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0777);
		*slash = '/';
	}
	if ((fp = fopen(path, "w")) == NULL) {
		perror(path);
		exit(3);
	}
	fputs(text, fp);
	fclose(fp);
}

static const char layout[] =
"<!DOCTYPE html>\n<html lang=\"{{lang}}\"><head><meta charset=\"utf-8\">\n"
"<title>{{page.title}} – {{site_title}}</title>\n"
"{{#page.alternates}}<link rel=\"alternate\" hreflang=\"{{lang}}\" "
"href=\"{{canonical}}\">\n{{/page.alternates}}</head>\n<body>\n"
"<a href=\"#main\">{{t.skip}}</a>\n"
"{{#page.translations}}<a href=\"{{href}}\" lang=\"{{lang}}\">{{name}}</a>"
"{{/page.translations}}\n<main id=\"main\">{{{content}}}</main>\n"
"</body></html>\n";

static const char body[] =
"## Background\n\nThe team needs a small tool that reads *open data* and "
"writes a **report**. See the [first page](p0.html).\n\n"
"| Item | Value |\n|---|---|\n| Budget | 6500 |\n| Weeks | 2 |\n\n"
"- first point\n- second point\n- third point\n\n"
"```\ncode sample\n```\n";

static void
make_site(const char *dir, int n)
{
	char	rel[256], text[4096];
	int	i;

	put_file(dir, "_data/site.yml", "title:\n  en: Bench\n  fr: Banc\n"
	    "base_url: https://bench.example.ca\nlanguages:\n"
	    "  - code: en\n    name: English\n  - code: fr\n"
	    "    name: Fran\xc3\xa7" "ais\n");
	put_file(dir, "_data/i18n.yml", "skip:\n  en: Skip\n  fr: Passer\n");
	put_file(dir, "_layouts/default.html", layout);
	for (i = 0; i < n; i++) {
		snprintf(rel, sizeof(rel), "site/en/p%d.md", i);
		snprintf(text, sizeof(text), "---\nlayout: default\nref: p%d\n"
		    "lang: en\npermalink: /en/p%d.html\n---\n# Page %d\n\n%s",
		    i, i, i, body);
		put_file(dir, rel, text);
		snprintf(rel, sizeof(rel), "site/fr/p%d.md", i);
		snprintf(text, sizeof(text), "---\nlayout: default\nref: p%d\n"
		    "lang: fr\npermalink: /fr/p%d.html\n---\n# Page %d\n\n%s",
		    i, i, i, body);
		put_file(dir, rel, text);
	}
}

/* Linux: start a new peak-memory measurement (VmHWM). */
static void
peak_reset(void)
{
	FILE	*fp = fopen("/proc/self/clear_refs", "w");

	if (fp != NULL) {
		fputs("5", fp);
		fclose(fp);
	}
}

/* Peak resident memory since the last peak_reset(), in KiB. */
static long
peak_kib(void)
{
	FILE	*fp = fopen("/proc/self/status", "r");
	char	 line[256];
	long	 kib = -1;

	while (fp != NULL && fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			kib = atol(line + 6);
	if (fp != NULL)
		fclose(fp);
	return kib;
}

int
main(int argc, char **argv)
{
	static const int defaults[] = { 1000, 10000 };
	char		 tmpl[] = "/tmp/marche-bench.XXXXXX", out[4200];
	git_repository	*repo;
	double		 base_per_page = 0;
	int		 i, count = argc > 1 ? argc - 1 : 2;

	git_libgit2_init();
	printf("%7s %7s %8s %8s %9s %10s %10s %9s\n", "pairs", "pages",
	    "read s", "build s", "pages/s", "build/read", "per-page x",
	    "peak MiB");
	for (i = 0; i < count; i++) {
		int n = argc > 1 ? atoi(argv[i + 1]) : defaults[i];
		struct build_options o = { 0 };
		struct build_result res;
		struct source *src = NULL;
		struct diags *d = diags_new();
		double t0, t1, t2, per_page;
		int rc;

		if (mkdtemp(tmpl) == NULL) {
			perror("mkdtemp");
			return 3;
		}
		git_repository_init(&repo, tmpl, 0);
		git_repository_free(repo);
		make_site(tmpl, n);
		snprintf(out, sizeof(out), "%s/_out", tmpl);
		peak_reset();
		t0 = now();
		source_open(&src, tmpl, NULL, NULL, d);
		t1 = now();
		source_free(src);
		o.repo = tmpl;
		o.out = out;
		o.write = 1;
		rc = build_run(&res, &o, d);
		t2 = now();
		per_page = (t2 - t1) / (2.0 * n);
		if (i == 0)
			base_per_page = per_page;
		printf("%7d %7zu %8.3f %8.3f %9.0f %10.1f %10.2f %9.1f%s\n",
		    n, res.pages, t1 - t0, t2 - t1, 2.0 * n / (t2 - t1),
		    (t2 - t1) / (t1 - t0), per_page / base_per_page,
		    peak_kib() / 1024.0, rc == 0 ? "" : "  (build failed)");
		free(res.out);
		diags_free(d);
		snprintf(out, sizeof(out), "rm -rf '%s'", tmpl);
		if (system(out) != 0)
			fprintf(stderr, "could not remove %s\n", tmpl);
		memcpy(tmpl + strlen(tmpl) - 6, "XXXXXX", 6);
	}
	printf("read s: reading the source alone (the baseline); build/read: "
	    "the whole build as a multiple of it;\nper-page x: build time "
	    "per page relative to the first row (1.00 = linear scaling)\n");
	git_libgit2_shutdown();
	return 0;
}
