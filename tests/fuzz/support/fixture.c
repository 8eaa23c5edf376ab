/*
 * The base site for fuzz targets: read from MARCHE_FUZZ_BASE (a folder,
 * set at compile time to tests/check/_base; the environment variable of
 * the same name overrides it) into a struct source without Git, then
 * loaded once. See fixture.h.
 */
#define _GNU_SOURCE	/* nftw */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "diag.h"
#include "fixture.h"
#include "xalloc.h"

static struct fixture	 fx;
static int		 loaded;
static struct arena	*arena;		/* the fixture's strings */
static struct source	*reading;	/* the source nftw fills */
static size_t		 root_len;	/* bytes of the base folder + '/' */

static char *
read_all(const char *path, size_t *lenp)
{
	FILE	*fp = fopen(path, "rb");
	char	*data;
	long	 n;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0)
		abort();
	rewind(fp);
	data = xmalloc((size_t)n + 1);
	if (fread(data, 1, (size_t)n, fp) != (size_t)n)
		abort();
	data[n] = '\0';
	fclose(fp);
	*lenp = (size_t)n;
	return data;
}

static int
add_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	struct source_file *f;

	(void)st; (void)ftw;
	if (flag != FTW_F)
		return 0;
	reading->files = xreallocarray(reading->files, reading->count + 1,
	    sizeof(*reading->files));
	f = &reading->files[reading->count++];
	f->path = xstrdup(path + root_len);
	f->data = read_all(path, &f->len);
	return 0;
}

static int
file_cmp(const void *pa, const void *pb)
{
	const struct source_file *a = pa, *b = pb;

	return strcmp(a->path, b->path);
}

const struct fixture *
fixture_get(void)
{
	const char	*root = getenv("MARCHE_FUZZ_BASE");
	struct diags	*d;

	if (loaded)
		return &fx;
	if (root == NULL)
		root = MARCHE_FUZZ_BASE;
	root_len = strlen(root) + 1;
	reading = fx.src = xcalloc(1, sizeof(*fx.src));
	if (nftw(root, add_entry, 16, FTW_PHYS) != 0 || fx.src->count == 0)
		abort();
	qsort(fx.src->files, fx.src->count, sizeof(*fx.src->files),
	    file_cmp);
	/* Kept for the life of the process, as the site and layouts are. */
	arena = arena_new();
	d = diags_new();
	if (site_load(&fx.site, arena, fx.src, d) != 0 ||
	    layouts_load(&fx.layouts, arena, fx.src, d) != 0) {
		diags_print(d, stderr, DIAG_FORMAT_TEXT);
		abort();
	}
	diags_free(d);
	loaded = 1;
	return &fx;
}

static int
wanted(const char *path, const char *const *prefixes)
{
	for (; prefixes != NULL && *prefixes != NULL; prefixes++)
		if (strncmp(path, *prefixes, strlen(*prefixes)) == 0)
			return 1;
	return 0;
}

struct source *
fixture_source(const char *const *prefixes, const char *path,
    const char *data, size_t len)
{
	const struct fixture	*f = fixture_get();
	struct source		*s = xcalloc(1, sizeof(*s));
	struct source_file	*nf;
	size_t			 i;

	s->files = xreallocarray(NULL, f->src->count + 1, sizeof(*s->files));
	for (i = 0; i < f->src->count; i++) {
		const struct source_file *b = &f->src->files[i];

		if (!wanted(b->path, prefixes) ||
		    (path != NULL && strcmp(b->path, path) == 0))
			continue;
		nf = &s->files[s->count++];
		nf->path = xstrdup(b->path);
		nf->data = xmalloc(b->len + 1);
		memcpy(nf->data, b->data, b->len + 1);
		nf->len = b->len;
	}
	if (path != NULL) {
		nf = &s->files[s->count++];
		nf->path = xstrdup(path);
		nf->data = xmalloc(len + 1);
		memcpy(nf->data, data, len);
		nf->data[len] = '\0';
		nf->len = len;
	}
	qsort(s->files, s->count, sizeof(*s->files), file_cmp);
	return s;
}

void
fixture_print(struct diags *d)
{
	static FILE	*sink;

	if (sink == NULL && (sink = fopen("/dev/null", "w")) == NULL)
		abort();
	diags_print(d, getenv("MARCHE_FUZZ_PRINT") != NULL ? stderr : sink,
	    DIAG_FORMAT_TEXT);
	diags_print(d, sink, DIAG_FORMAT_GITHUB);
	diags_print(d, sink, DIAG_FORMAT_JSON);
}
