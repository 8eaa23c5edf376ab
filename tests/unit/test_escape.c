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
	/* Runs between escapes are copied whole, the last one too. */
	ESC(escape_json, "ab\x7f" "cd\x1f", "ab\\u007fcd\\u001f");
	ESC(escape_json, "\tplain tail", "\\tplain tail");
	ESC(escape_url_path, "/en/a b/\xc3\xa9t\xc3\xa9~x.html",
	    "/en/a%20b/%C3%A9t%C3%A9~x.html");
	ESC(escape_url_path, "100%", "100%25");
	ESC(escape_ics, "x\r\n", "x\\n");
}

/* HTML escaping a byte at a time, as escape_html() once did. */
static void
escape_html_bytes(struct buf *out, const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		switch (s[i]) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		case '\'': buf_puts(out, "&#39;"); break;
		default: buf_put(out, s + i, 1); break;
		}
}

/*
 * escape_html() reads eight bytes at a time: on many generated texts
 * (every length up to 80, special bytes at every place, their
 * neighbours in the byte order, bytes with the high bit, NUL), it writes
 * what escaping each byte would, after what the buffer held.
 */
static void
test_html_words(void)
{
	static const char pool[] = "&<>\"'%;=?\x26\x27\x3c\x3d\x3e\x3f"
	    "\x21\x22\x23\x25\x28\x2c\x3b\xa6\xa7\xbc\xbe\xa2\x80\xff"
	    "\x01" "aZ09 \n";
	struct buf	a = BUF_INIT, b = BUF_INIT;
	char		text[80];
	unsigned	seed = 7;
	size_t		n, i, pass;
	int		bad = 0;

	for (pass = 0; pass < 20000; pass++) {
		n = pass % (sizeof(text) + 1);
		for (i = 0; i < n; i++) {
			seed ^= seed << 13;
			seed ^= seed >> 17;
			seed ^= seed << 5;
			/* Mostly plain letters, as most text is. */
			text[i] = seed % 4 != 0 ? (char)('a' + seed / 4 % 26) :
			    pool[seed / 4 % (sizeof(pool) - 1)];
		}
		if (pass % 7 == 0 && n > 0)
			text[seed / 16 % n] = '\0';
		buf_reset(&a);
		buf_reset(&b);
		buf_puts(&a, "x");
		buf_puts(&b, "x");
		escape_html(&a, text, n);
		escape_html_bytes(&b, text, n);
		bad += a.len != b.len || memcmp(a.data, b.data, a.len) != 0;
	}
	CHECK(bad == 0);
	/* One special byte at each place of a long text. */
	for (i = 0; i < 40; i++) {
		memset(text, 'a', 40);
		text[i] = "&<>\"'"[i % 5];
		buf_reset(&a);
		buf_reset(&b);
		escape_html(&a, text, 40);
		escape_html_bytes(&b, text, 40);
		CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	}
	buf_free(&a);
	buf_free(&b);
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

static void
term(struct buf *b, const char *s, size_t n)
{
	escape_term(b, s, n, 0);
}

static void
term_tab(struct buf *b, const char *s, size_t n)
{
	escape_term(b, s, n, 1);
}

static void
md_cell(struct buf *b, const char *s, size_t n)
{
	escape_md_code(b, s, n, 1);
}

static void
md_item(struct buf *b, const char *s, size_t n)
{
	escape_md_code(b, s, n, 0);
}

/* Text for a terminal: nothing that moves the cursor, sets colours,
 * starts a line, or hides or reorders text gets through raw. */
static void
test_term(void)
{
	ESC(term, "plain caf\xc3\xa9 \xe2\x82\xac :: a\\b",
	    "plain caf\xc3\xa9 \xe2\x82\xac :: a\\b");
	ESC(term, "a\nb\rc\td", "a\\nb\\rc\\td");
	ESC(term_tab, "a\tb\nc", "a\tb\\nc");
	ESC(term, "\x1b[31mred\x07\x7f\x01", "\\x1b[31mred\\x07\\x7f\\x01");
	check_escape(term, "a\0b", 3, "a\\x00b", __LINE__);
	/* C1 controls, as characters and as stray bytes. */
	ESC(term, "\xc2\x85\xc2\x9b\xc2\x80", "\\u0085\\u009b\\u0080");
	ESC(term, "\x9b" "31m\x85", "\\x9b31m\\x85");
	/* Bidirectional controls and invisible characters. */
	ESC(term, "\xe2\x80\xae\xe2\x80\xad\xe2\x80\xaa\xe2\x81\xa6\xe2\x81\xa9",
	    "\\u202e\\u202d\\u202a\\u2066\\u2069");
	ESC(term, "\xe2\x80\x8b\xe2\x80\x8f\xef\xbb\xbf\xe2\x80\xa8\xd8\x9c",
	    "\\u200b\\u200f\\ufeff\\u2028\\u061c");
	ESC(term, "\xf3\xa0\x81\x81", "\\U000e0041");
	/* Not UTF-8: overlong, surrogate, past U+10FFFF, truncated. */
	ESC(term, "\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82",
	    "\\xc0\\xaf\\xed\\xa0\\x80\\xf4\\x90\\x80\\x80\\xe2\\x82");
	ESC(term, "\xff\xfe", "\\xff\\xfe");
}

/* Markdown code spans: no markup, links or images, and in a table no
 * cell boundary. */
static void
test_md_code(void)
{
	ESC(md_item, "[x](y) ![i](z) <b> www.e.com a@b.c",
	    "` [x](y) ![i](z) <b> www.e.com a@b.c `");
	ESC(md_item, "a`b``c", "``` a`b``c ```");
	ESC(md_item, "`x`", "`` `x` ``");
	ESC(md_cell, "a|b", "` a\\|b `");
	ESC(md_item, "a|b", "` a|b `");
}

int
main(void)
{
	test_term();
	test_md_code();
	test_xml_json();
	test_html_words();
	test_ics();
	test_csv();
	test_worddiff();
	return test_finish();
}
