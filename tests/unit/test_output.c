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

	cmd = xasprintf("rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	free(cmd);
	free(site);
	diags_free(d);
	return test_finish();
}
