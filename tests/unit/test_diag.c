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
	    "\"severity\": \"error\", \"attention\": false, "
	    "\"message\": \"50% done\\nnext: "
	    "\\\"x\\\"\"}\n]\n");
	free(s);
	diags_free(d);
	d = diags_new();
	s = print_to_string(d, DIAG_FORMAT_JSON);
	CHECK_STR(s, "[\n]\n");
	free(s);
	diags_free(d);
}

/* Obligations that fall due with time come last, in their own section. */
static void
test_attention(void)
{
	struct diags	*d = diags_new();
	char		*s = NULL;
	size_t		 n = 0;
	FILE		*fp;

	diag_attention(d, DIAG_WARNING, "a.yml", 3, 0, "overdue");
	diag_attention(d, DIAG_ERROR, "a.yml", 4, 0, "never an error");
	diag_error(d, "b.yml", 1, 0, "broken");
	diag_report(d, DIAG_NOTE, "a.yml", 9, 0, "amended");
	diag_attention(d, DIAG_NOTE, "a.yml", 1, 0, "closes soon");
	CHECK(diags_errors(d) == 1);
	CHECK(diags_warnings(d) == 2);
	CHECK(diags_attention(d) == 3);
	s = print_to_string(d, DIAG_FORMAT_TEXT);
	CHECK_STR(s,
	    "a.yml:9: note: amended\n"
	    "b.yml:1: error: broken\n"
	    "needs attention (obligations that fall due with time; they do "
	    "not stop the build):\n"
	    "a.yml:1: note: closes soon\n"
	    "a.yml:3: warning: overdue\n"
	    "a.yml:4: warning: never an error\n");
	free(s);
	s = print_to_string(d, DIAG_FORMAT_JSON);
	CHECK_STR(s,
	    "[\n  {\"file\": \"a.yml\", \"line\": 9, \"column\": 0, "
	    "\"severity\": \"note\", \"attention\": false, \"message\": "
	    "\"amended\"},\n"
	    "  {\"file\": \"b.yml\", \"line\": 1, \"column\": 0, "
	    "\"severity\": \"error\", \"attention\": false, \"message\": "
	    "\"broken\"},\n"
	    "  {\"file\": \"a.yml\", \"line\": 1, \"column\": 0, "
	    "\"severity\": \"note\", \"attention\": true, \"message\": "
	    "\"closes soon\"},\n"
	    "  {\"file\": \"a.yml\", \"line\": 3, \"column\": 0, "
	    "\"severity\": \"warning\", \"attention\": true, \"message\": "
	    "\"overdue\"},\n"
	    "  {\"file\": \"a.yml\", \"line\": 4, \"column\": 0, "
	    "\"severity\": \"warning\", \"attention\": true, \"message\": "
	    "\"never an error\"}\n]\n");
	free(s);
	fp = open_memstream(&s, &n);
	diags_summary(d, fp, "t");
	fclose(fp);
	CHECK_STR(s,
	    "## t\n\n"
	    "**1 problem to fix** before this can be merged.\n\n"
	    "| Where | Severity | What to do |\n|---|---|---|\n"
	    "| `b.yml:1` | error | broken |\n\n"
	    "### Needs attention\n\n"
	    "- `a.yml:1` closes soon\n"
	    "- `a.yml:3` overdue\n"
	    "- `a.yml:4` never an error\n\n"
	    "### Changes to note\n\n"
	    "- `a.yml:9` amended\n\n");
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
	test_attention();
	test_columns();
	return test_finish();
}
