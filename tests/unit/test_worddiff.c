/*
 * Word diffs: runs from libgit2's diff, white space that changes nothing,
 * context and ellipses, the plain and HTML forms, escaping, and the
 * bound beyond which a text is only said to be replaced.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "worddiff.h"
#include "testing.h"

/* The plain form of the diff of a and b, with context words. */
static void
check_plain(const char *a, const char *b, size_t context, const char *want,
    int line)
{
	struct worddiff	wd;
	struct buf	out = BUF_INIT;

	if (!test_check(worddiff_make(&wd, a, strlen(a), b, strlen(b)) == 0,
	    "worddiff_make", __FILE__, line))
		return;
	worddiff_plain(&out, &wd, context);
	if (!test_check(strcmp(buf_cstr(&out), want) == 0, want, __FILE__,
	    line))
		printf("  got:  %s\n", buf_cstr(&out));
	buf_free(&out);
	worddiff_free(&wd);
}

#define PLAIN(a, b, ctx, want) check_plain(a, b, ctx, want, __LINE__)

static void
test_runs(void)
{
	struct worddiff	wd;
	const char	*a = "Suppliers in Ontario may apply.";
	const char	*b = "Suppliers anywhere in Canada may apply.";

	CHECK(worddiff_make(&wd, a, strlen(a), b, strlen(b)) == 0);
	CHECK(wd.changed == 1 && wd.replaced == 0);
	if (CHECK(wd.nruns == 6)) {
		CHECK(wd.runs[0].op == WORDDIFF_SAME && wd.runs[0].words == 1);
		CHECK(wd.runs[1].op == WORDDIFF_INS && wd.runs[1].words == 1);
		CHECK(wd.runs[2].op == WORDDIFF_SAME && wd.runs[2].words == 1);
		CHECK(wd.runs[3].op == WORDDIFF_DEL && wd.runs[3].words == 1);
		CHECK(wd.runs[4].op == WORDDIFF_INS && wd.runs[4].words == 1);
		CHECK(wd.runs[5].op == WORDDIFF_SAME && wd.runs[5].words == 2);
		CHECK(strncmp(wd.text + wd.runs[5].off, "may apply.",
		    wd.runs[5].len) == 0 && wd.runs[5].len == 10);
	}
	worddiff_free(&wd);
	worddiff_free(NULL);
}

static void
test_plain(void)
{
	PLAIN("Suppliers in Ontario may apply.",
	    "Suppliers anywhere in Canada may apply.", 8,
	    "Suppliers {+anywhere+} in [-Ontario-]{+Canada+} may apply.");
	/* White space separates words and nothing more. */
	PLAIN("one  two\nthree", "one two three", 8, "one two three");
	PLAIN("a b c", "  a\tb\r\n c  ", 0, "a b c");
	/* Whole texts in and out. */
	PLAIN("", "new words", 3, "{+new words+}");
	PLAIN("old words", "", 3, "[-old words-]");
	PLAIN("", "", 3, "");
	/* Context: a few words either side, the rest left out. */
	PLAIN("1 2 3 4 5 6 7 8 9 10", "1 2 3 4 X 6 7 8 9 10", 2,
	    "... 3 4 [-5-]{+X+} 6 7 ...");
	PLAIN("1 2 3 4 5 6 7 8 9 10", "X 2 3 4 5 6 7 8 9 Y", 2,
	    "[-1-]{+X+} 2 3 ... 8 9 [-10-]{+Y+}");
	PLAIN("1 2 3 4 5 6", "X 2 3 4 5 Y", 2,
	    "[-1-]{+X+} 2 3 4 5 [-6-]{+Y+}");
	PLAIN("1 2 3 4 5 6", "1 2 3 4 5 6 7", 0, "... {+7+}");
	/* The marks in the words themselves are escaped. */
	PLAIN("a [-b-] c", "a {+d+} c\\", 8,
	    "a [-\\[-b\\-] c-]{+\\{+d\\+} c\\\\+}");
}

static void
test_html(void)
{
	const char	*a = "Suppliers in <Ontario> may apply.";
	const char	*b = "Suppliers in Canada & may apply.";
	struct worddiff	 wd;
	struct buf	 out = BUF_INIT;

	CHECK(worddiff_make(&wd, a, strlen(a), b, strlen(b)) == 0);
	worddiff_html(&out, &wd, 1, "deleted:", "inserted:");
	CHECK_STR(buf_cstr(&out), "\xe2\x80\xa6 in "
	    "<del><span class=\"visually-hidden\">deleted: </span>"
	    "&lt;Ontario&gt;</del> "
	    "<ins><span class=\"visually-hidden\">inserted: </span>"
	    "Canada &amp;</ins> may \xe2\x80\xa6");
	buf_free(&out);
	worddiff_free(&wd);
}

/* Beyond the bound, only "replaced": the words are not compared. */
static void
test_bound(void)
{
	size_t		 n = WORDDIFF_MAX_WORDS + 1, i;
	char		*a = malloc(2 * n + 1), *b = malloc(2 * n + 1);
	struct worddiff	 wd;

	/* Words from a small alphabet: many matches, the diff's worst. */
	srand(1);
	for (i = 0; i < n; i++) {
		a[2 * i] = (char)('a' + rand() % 3);
		b[2 * i] = (char)('a' + rand() % 3);
		a[2 * i + 1] = b[2 * i + 1] = ' ';
	}
	a[2 * n] = b[2 * n] = '\0';
	CHECK(worddiff_make(&wd, a, 2 * n, b, 2 * n) == 0);
	CHECK(wd.replaced == 1 && wd.changed == 1 && wd.nruns == 0);
	worddiff_free(&wd);
	/* At the bound: compared word by word. */
	CHECK(worddiff_make(&wd, a, 2 * (n - 1), b, 2 * (n - 1)) == 0);
	CHECK(wd.replaced == 0 && wd.changed == 1 && wd.nruns > 2);
	worddiff_free(&wd);
	free(a);
	free(b);
}

int
main(void)
{
	test_runs();
	test_plain();
	test_html();
	test_bound();
	worddiff_cleanup();
	return test_finish();
}
