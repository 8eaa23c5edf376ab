/*
 * Escaping for each output format: HTML/XML, JSON, iCalendar TEXT and
 * CSV fields.
 */
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "testing.h"

typedef void (*escape_fn)(struct buf *, const char *, size_t);

/* Check that f turns in (n bytes) into want. */
static void
check_escape(escape_fn f, const char *in, size_t n, const char *want,
    int line)
{
	struct buf	b = BUF_INIT;

	f(&b, in, n);
	if (!test_check(strcmp(buf_cstr(&b), want) == 0, want, __FILE__,
	    line))
		printf("  got: %s\n", buf_cstr(&b));
	buf_free(&b);
}

#define ESC(f, in, want) check_escape(f, in, strlen(in), want, __LINE__)

static void
test_xml_json(void)
{
	ESC(escape_xml, "a&b<c>\"d'", "a&amp;b&lt;c&gt;&quot;d&#39;");
	ESC(escape_json, "q\"\\\n\x01", "q\\\"\\\\\\n\\u0001");
}

static void
test_ics(void)
{
	ESC(escape_ics, "plain text é", "plain text é");
	ESC(escape_ics, "a,b;c\\d", "a\\,b\\;c\\\\d");
	ESC(escape_ics, "one\ntwo\r\nthree\rfour", "one\\ntwo\\nthree\\nfour");
	ESC(escape_ics, "tab\there\x01\x7f", "tab\there");
	ESC(escape_ics, "", "");
	/* A colon and a double quote need nothing in TEXT. */
	ESC(escape_ics, "a:\"b\"", "a:\"b\"");
	check_escape(escape_ics, "a\0b", 3, "ab", __LINE__);
}

static void
test_csv(void)
{
	ESC(escape_csv, "plain", "plain");
	ESC(escape_csv, "", "");
	ESC(escape_csv, "a,b", "\"a,b\"");
	ESC(escape_csv, "say \"hi\"", "\"say \"\"hi\"\"\"");
	ESC(escape_csv, "two\nlines", "\"two\nlines\"");
	ESC(escape_csv, "cr\rhere", "\"cr\rhere\"");
	ESC(escape_csv, " padded", "\" padded\"");
	ESC(escape_csv, "padded ", "\"padded \"");
	ESC(escape_csv, "semi;colon é", "semi;colon é");
}

/* Words of a plain word diff: the marks and backslashes escaped. */
static void
test_worddiff(void)
{
	ESC(escape_worddiff, "plain", "plain");
	ESC(escape_worddiff, "[-x-]", "\\[-x\\-]");
	ESC(escape_worddiff, "{+y+}", "\\{+y\\+}");
	ESC(escape_worddiff, "a\\b", "a\\\\b");
	ESC(escape_worddiff, "[x] -y- {z} +w+", "[x] -y- {z} +w+");
	ESC(escape_worddiff, "a-", "a-");
}

int
main(void)
{
	test_xml_json();
	test_ics();
	test_csv();
	test_worddiff();
	return test_finish();
}
