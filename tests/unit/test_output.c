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

	cmd = xasprintf("rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	free(cmd);
	free(site);
	diags_free(d);
	return test_finish();
}
