/*
 * The output stage on its own: the marker every output holds, the
 * bound on what one build writes, and what a refused build leaves.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "output.h"
#include "output_impl.h"
#include "testing.h"
#include "xalloc.h"

/* Whether path exists. */
static int
exists(const char *path)
{
	struct stat	st;

	return lstat(path, &st) == 0;
}

/* Does the file at path hold exactly the n bytes at data? */
static int
holds(const char *path, const char *data, size_t n)
{
	char	 buf[256];
	FILE	*f = fopen(path, "rb");
	size_t	 got;

	if (f == NULL)
		return 0;
	got = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return got == n && memcmp(buf, data, n) == 0;
}

/*
 * Write the n bytes at data as the file at rel, piece by piece as a
 * large file is: output_close_early()'s *linked, or -1 when the file
 * could not be opened or written so.
 */
static int
stream(struct output *out, const char *rel, const char *data, size_t n)
{
	size_t	written = 0, i;
	int	fd, err = 0, linked;

	if ((fd = output_open_early(out, rel)) < 0)
		return -1;
	for (i = 0; i < n && err == 0; i += 7)
		err = output_write_fd(fd, data + i, n - i < 7 ? n - i : 7,
		    &written);
	if (output_close_early(out, rel, fd, err, written, &linked) != 0 ||
	    written != n)
		return -1;
	return linked;
}

/*
 * A record with files taken out of it in the middle of the runs of
 * full slots (open addressing): every other file is still found, and
 * each one taken out is not.
 */
static void
remove_checks(void)
{
	struct output_record *r = output_record_new();
	char		 rel[64];
	size_t		 i, n = 3000, found = 0, gone = 0;

	for (i = 0; i < n; i++) {
		snprintf(rel, sizeof(rel), "f/%zu.html", i);
		record_put(r, rel, i, i, NULL);
	}
	for (i = 0; i < n; i += 3) {
		struct output_entry *e;
		char *own;

		snprintf(rel, sizeof(rel), "f/%zu.html", i);
		e = record_find(r, rel);
		if (!CHECK(e != NULL))
			continue;
		own = e->path;	/* r's own */
		record_remove(r, e);
		free(own);
	}
	for (i = 0; i < n; i++) {
		struct output_entry *e;

		snprintf(rel, sizeof(rel), "f/%zu.html", i);
		e = record_find(r, rel);
		if (i % 3 == 0)
			gone += e == NULL;
		else
			found += e != NULL && e->len == i;
	}
	CHECK(gone == (n + 2) / 3);
	CHECK(found == n - (n + 2) / 3);
	CHECK(r->count == found);
	output_record_free(r);
}

/* The path of the i-th file of inherit_checks(). */
static const char *
nth(char *buf, size_t size, size_t i)
{
	snprintf(buf, size, "p%zu/%zu.html", i % 7, i);
	return buf;
}

/*
 * An update that keeps every file and writes a few again
 * (output_inherit()): the files written again take the place of the
 * kept ones, in the folder and in the record the next update finds
 * every file by, and are counted once.
 */
static void
inherit_checks(const char *dir, struct diags *d)
{
	struct output_record *rec = output_record_new();
	struct output	 out;
	char		*site = xasprintf("%s/upd", dir), *path, rel[64];
	char		 one[40], two[40];
	size_t		 i, n = 400, bytes = 0, kept;
	FILE		*f;

	memset(one, '1', sizeof(one));
	memset(two, '2', sizeof(two));
	output_record_no_watch(rec);	/* every file looked at */
	/* No update yet: nothing to inherit. */
	CHECK(output_begin_update(&out, site, rec, d) == 0);
	CHECK(output_inherit(&out) == -1);
	for (i = 0; i < n; i++)
		CHECK(output_write(&out, nth(rel, sizeof(rel), i), one,
		    10 + i % 30, d) == 0);
	CHECK(output_commit(&out, d) == 0);

	CHECK(output_begin_update(&out, site, rec, d) == 0);
	CHECK(out.update && out.files == 1);	/* the marker */
	bytes = out.bytes;
	CHECK(output_inherit(&out) == 0);
	for (i = 0; i < n; i++)
		bytes += 10 + i % 30;
	CHECK(out.files == n + 1 && out.bytes == bytes);
	/* Every third file again, other bytes; one new. */
	for (i = 0; i < n; i += 3) {
		CHECK(output_write(&out, nth(rel, sizeof(rel), i), two, 5,
		    d) == 0);
		bytes = bytes - (10 + i % 30) + 5;
	}
	CHECK(output_write(&out, "new.html", two, 7, d) == 0);
	bytes += 7;
	CHECK(output_keep(&out, nth(rel, sizeof(rel), 1), d) == 1);
	CHECK(output_can_keep(&out, nth(rel, sizeof(rel), 1)));
	CHECK(!output_can_keep(&out, nth(rel, sizeof(rel), 0)));
	CHECK(out.files == n + 2 && out.bytes == bytes);
	CHECK(output_commit(&out, d) == 0);
	CHECK(diags_errors(d) == 1);	/* as before */
	for (i = 0; i < n; i += 3) {
		path = xasprintf("%s/%s", site, nth(rel, sizeof(rel), i));
		CHECK(holds(path, i % 3 == 0 ? two : one, i % 3 == 0 ? 5 :
		    10 + i % 30));
		free(path);
	}
	path = xasprintf("%s/%s", site, nth(rel, sizeof(rel), n - 2));
	CHECK(holds(path, one, 10 + (n - 2) % 30));
	free(path);

	/* The record that commit left finds every file. */
	CHECK(output_begin_update(&out, site, rec, d) == 0);
	for (i = 0, kept = 0; i < n; i++)
		kept += output_keep(&out, nth(rel, sizeof(rel), i), d) == 1;
	CHECK(kept == n);
	CHECK(output_keep(&out, "new.html", d) == 1);
	output_abort(&out);

	/* A file written twice is refused, as without inheriting. */
	CHECK(output_begin_update(&out, site, rec, d) == 0);
	CHECK(output_inherit(&out) == 0);
	CHECK(output_write(&out, "p3/3.html", two, 5, d) == 0);
	CHECK(output_write(&out, "p3/3.html", two, 5, d) == -1);
	CHECK(diags_errors(d) == 2);
	output_abort(&out);

	/* A file changed by another since the last commit: nothing is
	 * inherited, and the update goes on file by file. */
	path = xasprintf("%s/%s", site, nth(rel, sizeof(rel), 5));
	CHECK((f = fopen(path, "wb")) != NULL);
	if (f != NULL) {
		fputs("changed by hand, and longer than it was", f);
		fclose(f);
	}
	free(path);
	CHECK(output_begin_update(&out, site, rec, d) == 0);
	CHECK(output_inherit(&out) == -1);
	CHECK(out.files == 1);
	CHECK(output_keep(&out, nth(rel, sizeof(rel), 4), d) == 1);
	CHECK(output_keep(&out, nth(rel, sizeof(rel), 5), d) == 0);
	output_abort(&out);
	output_record_free(rec);
	free(site);
}

int
main(void)
{
	const char	*base = getenv("TMPDIR");
	char		 tmpl[PATH_MAX], *dir, *site, *file, *cmd;
	char		 data[60];
	struct output	 out;
	struct diags	*d = diags_new();
	const struct diag *g;
	struct stat	 st, st2;

	snprintf(tmpl, sizeof(tmpl), "%s/marche-output-XXXXXX",
	    base != NULL && *base != '\0' ? base : "/tmp");
	if ((dir = mkdtemp(tmpl)) == NULL)
		return 1;
	site = xasprintf("%s/site", dir);
	memset(data, 'x', sizeof(data));

	/* The site as a whole is bounded: the file past it is refused. */
	CHECK(output_begin(&out, site, d) == 0);
	CHECK(out.max_bytes == OUTPUT_MAX_BYTES);
	CHECK(out.bytes < 80);	/* the marker */
	out.max_bytes = 200;
	CHECK(output_write(&out, "a.html", data, sizeof(data), d) == 0);
	CHECK(output_write(&out, "x/a.html", data, sizeof(data), d) == 0);
	CHECK(output_write(&out, "b.html", data, sizeof(data), d) == -1);
	CHECK(diags_errors(d) == 1);
	g = diags_get(d, 0);
	CHECK(g != NULL && strcmp(g->msg, "writing 'b.html' would take the "
	    "site past 200 bytes, the most one build writes") == 0);
	CHECK(out.failed && !out.io_error);
	CHECK(output_commit(&out, d) == -1);
	CHECK(!exists(site));

	/* A build that is allowed: its output holds the marker. */
	CHECK(output_begin(&out, site, d) == 0);
	CHECK(output_write(&out, "a.html", data, sizeof(data), d) == 0);
	CHECK(output_commit(&out, d) == 0);
	file = xasprintf("%s/%s", site, OUTPUT_MARKER);
	CHECK(exists(file));
	free(file);
	CHECK(diags_errors(d) == 1);

	/* Over a previous output, a file with the same bytes is linked
	 * from it (early: 1), one with other bytes written (early: 0);
	 * both are counted as written when the late step takes them. */
	file = xasprintf("%s/a.html", site);
	CHECK(lstat(file, &st) == 0);
	CHECK(output_begin(&out, site, d) == 0);
	CHECK(out.prev_fd >= 0);
	CHECK(output_write_early(&out, "a.html", data, sizeof(data)) == 1);
	CHECK(output_write_early(&out, "b.html", data, 10) == 0);
	CHECK(output_write_late(&out, "a.html", data, sizeof(data), 1, d)
	    == 0);
	CHECK(output_write_late(&out, "b.html", data, 10, 0, d) == 0);
	CHECK(out.files == 3 && out.nfresh == 1);	/* the marker linked */
	CHECK(output_commit(&out, d) == 0);
	CHECK(lstat(file, &st2) == 0 && st2.st_ino == st.st_ino &&
	    st2.st_nlink == 1);
	/* Other bytes of the same length: written afresh. */
	data[0] = 'y';
	CHECK(output_begin(&out, site, d) == 0);
	CHECK(output_write_early(&out, "a.html", data, sizeof(data)) == 0);
	CHECK(output_write_late(&out, "a.html", data, sizeof(data), 0, d)
	    == 0);
	CHECK(output_commit(&out, d) == 0);
	CHECK(lstat(file, &st2) == 0 && st2.st_ino != st.st_ino);
	free(file);
	CHECK(diags_errors(d) == 1);

	/* A file written as it is made (too large to hold) is written over
	 * a previous output too; once whole, it is the previous file when
	 * it holds the same bytes (linked: 1), else the one written. */
	file = xasprintf("%s/a.html", site);
	CHECK(lstat(file, &st) == 0);
	CHECK(output_begin(&out, site, d) == 0);
	CHECK(stream(&out, "a.html", data, sizeof(data)) == 1);
	CHECK(stream(&out, "b.html", data, 10) == 0);
	CHECK(output_write_late(&out, "a.html", NULL, sizeof(data), 1, d)
	    == 0);
	CHECK(output_write_late(&out, "b.html", NULL, 10, 0, d) == 0);
	CHECK(output_commit(&out, d) == 0);
	CHECK(lstat(file, &st2) == 0 && st2.st_ino == st.st_ino &&
	    st2.st_nlink == 1 && st2.st_size == (off_t)sizeof(data));
	data[1] = 'z';
	CHECK(output_begin(&out, site, d) == 0);
	CHECK(stream(&out, "a.html", data, sizeof(data)) == 0);
	CHECK(output_write_late(&out, "a.html", NULL, sizeof(data), 0, d)
	    == 0);
	CHECK(output_commit(&out, d) == 0);
	CHECK(lstat(file, &st2) == 0 && st2.st_ino != st.st_ino &&
	    st2.st_nlink == 1);
	CHECK(holds(file, data, sizeof(data)));
	free(file);
	CHECK(diags_errors(d) == 1);

	remove_checks();
	inherit_checks(dir, d);

	cmd = xasprintf("rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	free(cmd);
	free(site);
	diags_free(d);
	return test_finish();
}
