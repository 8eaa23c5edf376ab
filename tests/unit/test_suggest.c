/* "Did you mean" suggestions. */
#include "suggest.h"
#include "testing.h"

int
main(void)
{
	static const char *const keys[] = {
		"layout", "lang", "ref", "permalink", "title", "description"
	};
	const size_t n = sizeof(keys) / sizeof(keys[0]);

	CHECK_STR(suggest_closest("permlink", keys, n), "permalink");
	CHECK_STR(suggest_closest("Layout", keys, n), "layout");
	CHECK(suggest_closest("laguage", keys, n) == NULL);
	CHECK_STR(suggest_closest("tilte", keys, n), "title");
	CHECK_STR(suggest_closest("descripton", keys, n), "description");
	CHECK_STR(suggest_closest("rf", keys, n), "ref");
	CHECK(suggest_closest("colour", keys, n) == NULL);
	CHECK(suggest_closest("", keys, n) == NULL);
	return test_finish();
}
