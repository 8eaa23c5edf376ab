/* The diagnostics module: order, formats, excerpts with a caret. */
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "testing.h"

/* Print d in fmt into a string (free it). */
static char *
print_to_string(struct diags *d, enum diag_format fmt)
{
	char	*s = NULL;
	size_t	 n = 0;
	FILE	*fp = open_memstream(&s, &n);

	diags_print(d, fp, fmt);
	fclose(fp);
	return s;
}

static void
test_text(void)
{
	static const char src[] = "title: a\n\tkey: caf\xc3\xa9 x\nlast";
	struct diags	*d = diags_new();
	char		*s;

	diags_source(d, "b.yml", src, sizeof(src) - 1);
	diag_error(d, "b.yml", 2, 11, "bad %s", "thing");
	diag_warning(d, "a.yml", 0, 0, "whole file");
	diag_error(d, NULL, 0, 0, "no file");
	diag_error(d, "b.yml", 2, 11, "bad %s", "thing");	/* repeated */
	diag_error(d, "b.yml", 1, 0, "whole line");
	CHECK(diags_errors(d) == 3);
	CHECK(diags_warnings(d) == 1);
	CHECK(diags_count(d) == 4);
	s = print_to_string(d, DIAG_FORMAT_TEXT);
	CHECK_STR(s,
	    "marche: error: no file\n"
	    "a.yml: warning: whole file\n"
	    "b.yml:1: error: whole line\n"
	    "    title: a\n"
	    "b.yml:2:11: error: bad thing\n"
	    "    \tkey: caf\xc3\xa9 x\n"
	    "    \t         ^\n");
	free(s);
	diags_free(d);
}

static void
test_machine_formats(void)
{
	struct diags	*d = diags_new();
	char		*s;

	diag_error(d, "o/a,b:c.yml", 3, 4, "50%% done\nnext: \"x\"");
	s = print_to_string(d, DIAG_FORMAT_GITHUB);
	CHECK_STR(s,
	    "o/a,b:c.yml:3:4: error: 50% done\nnext: \"x\"\n"
	    "::error file=o/a%2Cb%3Ac.yml,line=3,col=4::50%25 done%0Anext: "
	    "\"x\"\n");
	free(s);
	s = print_to_string(d, DIAG_FORMAT_JSON);
	CHECK_STR(s,
	    "[\n  {\"file\": \"o/a,b:c.yml\", \"line\": 3, \"column\": 4, "
	    "\"severity\": \"error\", \"message\": \"50% done\\nnext: "
	    "\\\"x\\\"\"}\n]\n");
	free(s);
	diags_free(d);
	d = diags_new();
	s = print_to_string(d, DIAG_FORMAT_JSON);
	CHECK_STR(s, "[\n]\n");
	free(s);
	diags_free(d);
}

static void
test_columns(void)
{
	CHECK(diag_column("abc", 0) == 1);
	CHECK(diag_column("abc", 2) == 3);
	CHECK(diag_column("\xc3\xa9t\xc3\xa9", 3) == 3);
	CHECK(diag_column("\xe2\x82\xac!", 3) == 2);
}

int
main(void)
{
	test_text();
	test_machine_formats();
	test_columns();
	return test_finish();
}
