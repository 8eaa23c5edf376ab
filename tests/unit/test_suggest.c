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

	/* Quoted by a word processor, or written in another system's style. */
	static const char *const opp[] = {
		"value", "closing", "selection", "start", "delivery",
		"questions_deadline", "title", "summary"
	};
	const size_t m = sizeof(opp) / sizeof(opp[0]);

	CHECK_STR(suggest_closest("\xe2\x80\x9ctitle\xe2\x80\x9d", opp, m),
	    "title");
	CHECK_STR(suggest_closest("\xe2\x80\x98summary\xe2\x80\x99", opp, m),
	    "summary");
	CHECK_STR(suggest_closest("\xc2\xab\xc2\xa0title\xc2\xa0\xc2\xbb", opp,
	    m), "title");
	CHECK_STR(suggest_closest("\"value\"", opp, m), "value");
	CHECK_STR(suggest_closest("closing_date", opp, m), "closing");
	CHECK_STR(suggest_closest("Closing Date", opp, m), "closing");
	CHECK_STR(suggest_closest("start-date", opp, m), "start");
	CHECK_STR(suggest_closest("delivery_datetime", opp, m), "delivery");
	CHECK_STR(suggest_closest("Questions Deadline", opp, m),
	    "questions_deadline");
	CHECK_STR(suggest_closest("\xe2\x80\x9c" "closng\xe2\x80\x9d", opp,
	    m), "closing");
	CHECK(suggest_closest("\xe2\x80\x9c\xe2\x80\x9d", opp, m) == NULL);
	CHECK(suggest_closest("_date", opp, m) == NULL);
	return test_finish();
}
