/* Permalinks, output paths and relative links. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "path.h"
#include "testing.h"

static void
test_permalinks(void)
{
	size_t	col;

	CHECK(path_check_permalink("/en/client-guide.html", NULL) == NULL);
	CHECK(path_check_permalink("/en/", NULL) == NULL);
	CHECK(path_check_permalink("/", NULL) == NULL);
	CHECK(path_check_permalink("/fr/guide_v2.0~x.html", NULL) == NULL);
	CHECK_STR(path_check_permalink("en/a.html", NULL),
	    "a permalink must start with '/'");
	CHECK_STR(path_check_permalink("", NULL),
	    "a permalink must start with '/'");
	CHECK_STR(path_check_permalink("/en/a", NULL),
	    "a permalink must end in '.html' or '/'");
	CHECK_STR(path_check_permalink("/en/a.htm", NULL),
	    "a permalink must end in '.html' or '/'");
	CHECK(path_check_permalink("/en/../x.html", &col) != NULL);
	CHECK(col == 4);
	CHECK(path_check_permalink("/en/./x.html", &col) != NULL);
	CHECK(col == 4);
	CHECK(path_check_permalink("/en//x.html", &col) != NULL);
	CHECK(col == 4);
	CHECK(path_check_permalink("/..", NULL) != NULL);
	CHECK(path_check_permalink("/en/a b.html", &col) != NULL);
	CHECK(col == 5);
	CHECK(path_check_permalink("/en/a\\b.html", NULL) != NULL);
	CHECK(path_check_permalink("/en/caf\xc3\xa9.html", &col) != NULL);
	CHECK(col == 7);
	CHECK(path_check_permalink("/en/a?b.html", NULL) != NULL);
	CHECK(path_check_permalink("//evil.example/x.html", NULL) != NULL);
	{
		/* Each part must fit a file name (found by fuzzing). */
		char long_part[300];

		memset(long_part, 'a', sizeof(long_part));
		long_part[0] = '/';
		memcpy(long_part + 256, ".html", 6);
		CHECK_STR(path_check_permalink(long_part, &col),
		    "a permalink part may be at most 255 characters long");
		CHECK(col == 1);
		long_part[255] = '/';
		CHECK(path_check_permalink(long_part, NULL) == NULL);
	}
}

static void
test_output_paths(void)
{
	struct arena *a = arena_new();

	CHECK_STR(path_output_of(a, "/en/"), "en/index.html");
	CHECK_STR(path_output_of(a, "/"), "index.html");
	CHECK_STR(path_output_of(a, "/en/faq.html"), "en/faq.html");
	CHECK(path_check_output("en/faq.html") == 0);
	CHECK(path_check_output("index.html") == 0);
	CHECK(path_check_output("/etc/passwd") == -1);
	CHECK(path_check_output("../x") == -1);
	CHECK(path_check_output("a/../../x") == -1);
	CHECK(path_check_output("a//b") == -1);
	CHECK(path_check_output("a/./b") == -1);
	CHECK(path_check_output("a/") == -1);
	CHECK(path_check_output("") == -1);
	CHECK(path_check_output("a\\b") == -1);
	CHECK(path_check_output("a\nb") == -1);
	CHECK_STR(path_root_prefix(a, "index.html"), "");
	CHECK_STR(path_root_prefix(a, "en/faq.html"), "../");
	CHECK_STR(path_root_prefix(a, "en/a/b.html"), "../../");
	CHECK_STR(path_relative(a, "en/faq.html", "fr/faq.html"),
	    "../fr/faq.html");
	CHECK_STR(path_relative(a, "en/faq.html", "en/index.html"),
	    "index.html");
	CHECK_STR(path_relative(a, "en/a/b.html", "en/c.html"), "../c.html");
	CHECK_STR(path_relative(a, "index.html", "fr/index.html"),
	    "fr/index.html");
	CHECK_STR(path_relative(a, "en/x.html", "en/x.html"), "x.html");
	CHECK_STR(path_relative(a, "enx/a.html", "en/b.html"),
	    "../en/b.html");
	arena_free(a);
}

/* Which paths a thread may write in any order: none that another path
 * equals, holds as a folder, or lies in. */
static void
test_alone(void)
{
	static const char *const p[] = {
		"en/a.html",		/* alone */
		"en/b.html",		/* twice */
		"en/b.html",
		"en/c",			/* the folder of en/c/d.html */
		"en/c/d.html",
		"en/cx.html",		/* a name that starts like en/c: alone */
		"fr/index.html",	/* alone */
	};
	static const unsigned char want[] = { 1, 0, 0, 0, 0, 1, 1 };
	unsigned char	*ok = path_alone(p, sizeof(p) / sizeof(*p));
	size_t		 i;

	for (i = 0; i < sizeof(want); i++)
		CHECK(ok[i] == want[i]);
	free(ok);
	ok = path_alone(p, 0);
	CHECK(ok != NULL);
	free(ok);
}

int
main(void)
{
	test_permalinks();
	test_output_paths();
	test_alone();
	return test_finish();
}
