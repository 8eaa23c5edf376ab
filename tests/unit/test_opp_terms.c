/*
 * The digest of an opportunity's terms, which dating compares instead of
 * a tree it let go: the same for two files that differ in nothing
 * opp_terms_diff() compares by value, and another as soon as one term's
 * value is other, whichever term (a fact, a fact inside a map, a text of
 * either language, one inside a map by language).
 */
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "opportunity.h"
#include "site.h"
#include "value.h"
#include "yml.h"
#include "testing.h"

#define BASE \
	"value: 4500\n" \
	"closing: 2026-02-20T14:00:00-05:00\n" \
	"contact: team@example.gc.ca\n" \
	"skills: [python, sql]\n" \
	"apply:\n" \
	"  url: https://example.ca/apply\n" \
	"eligibility:\n" \
	"  en: Anyone.\n" \
	"  fr: Tout le monde.\n" \
	"en:\n" \
	"  title: Clean up a data set\n" \
	"  description: |\n" \
	"    Some *text*.\n" \
	"fr:\n" \
	"  title: Nettoyer un jeu\n" \
	"  slug: nettoyer\n"

static struct site	site;

/* Count the terms that differ between a and b. */
static void
count_change(void *ctx, const char *key, int lang, const struct value *o,
    const struct value *n)
{
	(void)key;
	(void)lang;
	(void)o;
	(void)n;
	(*(int *)ctx)++;
}

/*
 * Load text and take its digest into out; compare its terms with base's
 * (raw: 1 when they are the same values, not only the same to readers).
 * Returns 0, or -1 when it cannot be had.
 */
static int
digest_of(const char *text, unsigned char out[20], const struct value **root,
    struct arena *a, int line)
{
	struct diags	*d = diags_new();
	struct value	*r = NULL;
	int		 rc = -1;

	if (test_check(yml_load(&r, a, "t.yml", text, strlen(text), 1, NULL,
	    d) == 0, "the file loads", __FILE__, line))
		rc = opp_terms_digest(r, &site, out);
	*root = r;
	diags_free(d);
	return rc;
}

/* Is text's digest base's (same), and do their terms agree with it? */
static void
check_same(const char *text, int same, int line)
{
	struct arena		*a = arena_new();
	unsigned char		 x[20], y[20];
	const struct value	*b, *t;
	int			 changes = 0;

	if (test_check(digest_of(BASE, x, &b, a, line) == 0 &&
	    digest_of(text, y, &t, a, line) == 0, "digests", __FILE__,
	    line)) {
		test_check((memcmp(x, y, 20) == 0) == same, same ?
		    "the same digest" : "another digest", __FILE__, line);
		/* Never the same digest for terms that differ. */
		opp_terms_diff(b, t, &site, count_change, &changes);
		test_check(changes == 0 || !same, "no change", __FILE__, line);
	}
	arena_free(a);
}

/* BASE with the first from replaced by to. */
static const char *
with(const char *from, const char *to)
{
	static char	 buf[4096];
	const char	*at = strstr(BASE, from);
	size_t		 n;

	if (at == NULL)
		return "missing: the test is wrong\n";
	n = (size_t)(at - BASE);
	memcpy(buf, BASE, n);
	buf[n] = '\0';
	strcat(buf, to);
	strcat(buf, at + strlen(from));
	return buf;
}

#define SAME(text)	check_same(text, 1, __LINE__)
#define OTHER(text)	check_same(text, 0, __LINE__)

int
main(void)
{
	struct arena		*a = arena_new();
	const struct value	*r;
	unsigned char		 x[20];

	site.langs[0].code = "en";
	site.langs[1].code = "fr";
	site.nlangs = 2;
	site.time_zone = "America/Toronto";

	/* Nothing a term holds: comments, other keys, quoting, order. */
	SAME(BASE);
	SAME(BASE "# a note\nstatus: cancelled\nquestions: []\n");
	SAME(with("value: 4500\n", "status: open\nvalue: 4500\n"));
	SAME(with("title: Clean up a data set", "title: 'Clean up a data set'"));
	SAME(with("apply:\n  url:", "apply:\n  form: x.pdf\n  url:"));
	/* Each kind of term. */
	OTHER(with("value: 4500", "value: 4600"));
	OTHER(with("value: 4500", "value: '4500'"));
	OTHER(with("closing: 2026-02-20T14", "closing: 2026-02-21T14"));
	OTHER(with("skills: [python, sql]", "skills: [python]"));
	OTHER(with("skills: [python, sql]", "skills: [sql, python]"));
	OTHER(with("apply:\n  url: https://example.ca/apply",
	    "apply:\n  url: https://example.ca/other"));
	OTHER(with("  en: Anyone.", "  en: Anyone at all."));
	OTHER(with("  fr: Tout le monde.", "  fr: Personne."));
	OTHER(with("title: Clean up a data set", "title: Clean a data set"));
	OTHER(with("    Some *text*.", "    Some text."));
	OTHER(with("  slug: nettoyer", "  slug: nettoyage"));
	/* A term that appears, or goes. */
	OTHER(BASE "taxes: included\n");
	OTHER(with("contact: team@example.gc.ca\n", ""));
	/* Bytes that would run into the next term's. */
	OTHER(with("title: Clean up a data set", "title: Clean up a data se"));
	/* A number unequal to itself: no digest stands for it. */
	CHECK(digest_of(with("value: 4500", "value: .nan"), x, &r, a,
	    __LINE__) == -1);
	arena_free(a);
	return test_finish();
}
