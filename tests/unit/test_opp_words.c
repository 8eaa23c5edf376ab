/*
 * Where a changed text's first changed word is in its file, for every
 * kind of YAML scalar, and the words of a term as readers see them; and
 * what an opportunity takes in the list of them.
 */
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "opportunity.h"
#include "value.h"
#include "worddiff.h"
#include "yml.h"
#include "testing.h"

/* The position opp_term_position() gives for key between two files. */
static void
check_position(const char *old, const char *new, int want_line,
    int want_col, int line)
{
	struct arena	*a = arena_new();
	struct diags	*d = diags_new();
	struct value	*o = NULL, *n = NULL;
	int		 l = -1, c = -1;

	if (test_check(yml_load(&o, a, "o.yml", old, strlen(old), 1, NULL,
	    d) == 0 && yml_load(&n, a, "n.yml", new, strlen(new), 1, NULL,
	    d) == 0, "both files load", __FILE__, line)) {
		opp_term_position(&l, &c, new, strlen(new),
		    value_map_get(o, "t"), value_map_get(n, "t"));
		if (!test_check(l == want_line && c == want_col, "position",
		    __FILE__, line))
			printf("  got %d:%d, want %d:%d\n", l, c, want_line,
			    want_col);
	}
	diags_free(d);
	arena_free(a);
}

#define POS(old, new, l, c)	check_position(old, new, l, c, __LINE__)

int
main(void)
{
	/*
	 * The list of opportunities lives from reading to the end: each
	 * holds a text per language of the site, not room for the most
	 * languages a site may have (1,150 bytes more an opportunity).
	 */
	CHECK(sizeof(struct opportunity) <= 1280);
	/* A literal block: the changed line, not the key. */
	POS("t: |\n  one two\n  three four\n  five\n",
	    "t: |\n  one two\n  three FOUR\n  five\n", 3, 9);
	/* Chomping, a comment after the indicator, deeper indentation. */
	POS("t: |-  # note\n      a b\n      c\n",
	    "t: |-  # note\n      a b\n      d\n", 3, 7);
	/* A folded block, re-wrapped before the change. */
	POS("t: >\n  a b c d\n  e f\n", "t: >\n  a b\n  c d\n  e g\n", 4, 5);
	/* Words deleted at the end: the last word left. */
	POS("t: |\n  a b\n  c d\n", "t: |\n  a b\n  c\n", 3, 3);
	/* A plain scalar: its changed word; multi-byte characters count
	 * as one column each. */
	POS("t: été à Ottawa\n", "t: été à Gatineau\n", 1, 10);
	/* A quoted scalar whose escapes the file spells otherwise: the
	 * scalar itself. */
	POS("t: \"a\\tb c\"\n", "t: \"a\\tb d\"\n", 1, 4);
	POS("t: 'a b'\n", "t: 'a c'\n", 1, 7);
	/* New text where there was none; no text left. */
	POS("u: 1\n", "u: 1\nt: |\n  new words\n", 3, 3);
	POS("t: old\n", "t: ''\n", 1, 4);
	/* An unchanged opening: the first word of the block. */
	POS("t: |\n  x\n", "t: |\n  y\n", 2, 3);

	/* Markdown is compared as readers see it. */
	{
		struct arena	*a = arena_new();
		struct value	*o = value_string(a, "Some *text*\nwrapped\n");
		struct value	*n = value_string(a, "Some text wrapped\n");
		struct worddiff	 wd;

		CHECK(opp_term_diff(&wd, "description", o, n) == 0);
		CHECK(!wd.changed);
		worddiff_free(&wd);
		CHECK(opp_term_diff(&wd, "title", o, n) == 0);
		CHECK(wd.changed);	/* a title is not Markdown */
		worddiff_free(&wd);
		CHECK(opp_term_diff(&wd, "evaluation", NULL, n) == 0);
		CHECK(wd.changed && wd.nruns == 1 &&
		    wd.runs[0].op == WORDDIFF_INS && wd.runs[0].words == 3);
		worddiff_free(&wd);
		arena_free(a);
	}
	worddiff_cleanup();
	return test_finish();
}
