/* Markdown through cmark-gfm: extensions, no raw HTML, positions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "markdown.h"
#include "testing.h"

static int
render(struct buf *out, struct markdown_info *info, struct arena *a,
    struct diags *d, const char *md)
{
	struct markdown_source src = { "p.md", 7, 0, 0 };

	buf_reset(out);
	return markdown_render(out, info, a, &src, md, strlen(md), NULL, d);
}

/*
 * A large document (many times the blocks a parse allocates from, with
 * buffers that grow in place and elsewhere) reads the same as cmark-gfm
 * renders it with its own allocator.
 */
static void
test_large_document(struct arena *a, struct diags *d)
{
	static const char *const ext[] = { "table", "strikethrough",
	    "autolink", "tagfilter", "tasklist" };
	struct buf	 md = BUF_INIT, out = BUF_INIT;
	cmark_parser	*p;
	cmark_node	*doc;
	char		*want;
	size_t		 i;

	for (i = 0; i < 3000; i++)
		buf_printf(&md, "## Part %zu\n\nSome *text* and ~~old~~ "
		    "words, see https://example.ca/%zu and [this](../p%zu.html)."
		    "\n\n| a | b |\n|---|---|\n| %zu | `x` |\n\n- [x] one\n"
		    "- two\n  - three\n\n", i, i, i, i);
	/* One paragraph longer than a block, built line by line. */
	for (i = 0; i < 40000; i++)
		buf_puts(&md, "word word word word\n");
	CHECK(markdown_render(&out, NULL, a, &(struct markdown_source){
	    "big.md", 1, 0, 0 }, md.data, md.len, &(struct markdown_limits){
	    4 * 1024 * 1024, 16 * 1024 * 1024, 0, 0 }, d) == 0);
	p = cmark_parser_new(CMARK_OPT_VALIDATE_UTF8);
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		cmark_parser_attach_syntax_extension(p,
		    cmark_find_syntax_extension(ext[i]));
	cmark_parser_feed(p, md.data, md.len);
	doc = cmark_parser_finish(p);
	want = cmark_render_html(doc, CMARK_OPT_VALIDATE_UTF8,
	    cmark_parser_get_syntax_extensions(p));
	CHECK(out.len == strlen(want));
	CHECK(strcmp(buf_cstr(&out), want) == 0);
	free(want);
	cmark_node_free(doc);
	cmark_parser_free(p);
	buf_free(&md);
	buf_free(&out);
}

int
main(void)
{
	struct arena		*a = arena_new();
	struct diags		*d = diags_new();
	struct buf		 out = BUF_INIT;
	struct markdown_info	 info;
	struct markdown_limits	 small = { 16, 1000, 0, 0 };
	const struct diag	*g;

	CHECK(render(&out, &info, a, d, "# Client *user* guide\n\nHi.\n") == 0);
	CHECK_STR(info.title, "Client user guide");
	CHECK_STR(buf_cstr(&out), "<h1>Client <em>user</em> guide</h1>\n"
	    "<p>Hi.</p>\n");

	CHECK(render(&out, NULL, a, d, "| a | b |\n|---|---|\n| 1 | 2 |\n")
	    == 0);
	CHECK(strstr(buf_cstr(&out), "<table>") != NULL);
	CHECK(strstr(buf_cstr(&out), "<td>2</td>") != NULL);
	CHECK(render(&out, NULL, a, d, "~~gone~~\n") == 0);
	CHECK_STR(buf_cstr(&out), "<p><del>gone</del></p>\n");
	CHECK(render(&out, NULL, a, d, "see https://example.ca now\n") == 0);
	CHECK(strstr(buf_cstr(&out),
	    "<a href=\"https://example.ca\">https://example.ca</a>") != NULL);
	CHECK(render(&out, NULL, a, d, "- [x] done\n- [ ] todo\n") == 0);
	CHECK(strstr(buf_cstr(&out), "type=\"checkbox\"") != NULL);
	CHECK(diags_count(d) == 0);
	test_large_document(a, d);
	CHECK(diags_count(d) == 0);

	/* Raw HTML is dropped and reported at its file position. */
	CHECK(render(&out, &info, a, d,
	    "Hello\n\n<script>alert(1)</script>\n\nand <b>x</b>\n") == 0);
	CHECK(strstr(buf_cstr(&out), "<script") == NULL);
	CHECK(strstr(buf_cstr(&out), "<b>") == NULL);
	CHECK(info.raw_html == 3);
	CHECK(diags_errors(d) == 0 && diags_warnings(d) == 3);
	g = diags_get(d, 0);
	CHECK(g != NULL && g->line == 9 && g->col == 1);
	g = diags_get(d, 1);
	CHECK(g != NULL && g->line == 11 && g->col == 5);

	/* Unsafe link schemes are dropped. */
	CHECK(render(&out, NULL, a, d, "[x](javascript:alert(1))\n") == 0);
	CHECK(strstr(buf_cstr(&out), "javascript") == NULL);

	/* Strict: raw HTML is an error, and positions include the indent. */
	{
		struct markdown_source strict = { "o.yml", 20, 4, 1 };
		static const char md[] = "Fine\n\n<div>x</div>\n";

		buf_reset(&out);
		CHECK(markdown_render(&out, NULL, a, &strict, md,
		    sizeof(md) - 1, NULL, d) == -1);
		CHECK(diags_errors(d) == 1);
		g = diags_get(d, 0);
		CHECK(g != NULL && strcmp(g->path, "o.yml") == 0 &&
		    g->line == 22 && g->col == 5 && g->level == DIAG_ERROR);
	}

	/* Limits. */
	{
		struct markdown_source src = { "p.md", 1, 0, 0 };

		buf_reset(&out);
		CHECK(markdown_render(&out, NULL, a, &src,
		    "0123456789abcdefg", 17, &small, d) == -1);
		CHECK(diags_errors(d) == 2);
	}
	/* The text readers see, for comparing versions word by word. */
	buf_reset(&out);
	CHECK(markdown_text(&out, "# Title\n\nA *wrapped*\nline with "
	    "`code`,\n[a link](https://x.ca) and <https://y.ca>.\n\n"
	    "- one\n- two<br>\n\n    block\n", 110) == 0);
	{
		/* Blocks are separated by white space; only words matter. */
		char *p = out.data, *q = out.data;

		for (; p < out.data + out.len; p++)
			if (*p != '\n' || (q > out.data && q[-1] != ' '))
				*q++ = *p == '\n' ? ' ' : *p;
		out.len = (size_t)(q - out.data);
		*q = '\0';
		CHECK_STR(buf_cstr(&out), "Title A wrapped line with code, a "
		    "link <https://x.ca> and https://y.ca. one two block ");
	}
	buf_reset(&out);
	CHECK(markdown_text(&out, "x", markdown_default_limits.max_input + 1)
	    == -1);
	CHECK(out.len == 0);
	/*
	 * A small table whose rows are padded to a wide header: about 12 KB
	 * of Markdown would be megabytes of HTML. Refused at the text's
	 * first line; a table written out in full is fine.
	 */
	{
		struct markdown_source src = { "t.md", 5, 0, 0 };
		struct buf md = BUF_INIT;
		size_t i, before = diags_errors(d);

		for (i = 0; i < 1000; i++)
			buf_puts(&md, "|a");
		buf_puts(&md, "|\n");
		for (i = 0; i < 1000; i++)
			buf_puts(&md, "|-");
		buf_puts(&md, "|\n");
		for (i = 0; i < 4000; i++)
			buf_puts(&md, "x\n");
		buf_reset(&out);
		CHECK(md.len < 13000);
		CHECK(markdown_render(&out, NULL, a, &src, md.data, md.len,
		    NULL, d) == -1);
		CHECK(out.len == 0);
		CHECK(diags_errors(d) == before + 1);
		g = diags_get(d, diags_count(d) - 1);
		CHECK(g != NULL && strcmp(g->path, "t.md") == 0 &&
		    g->line == 5 && strstr(g->msg, "times its size") != NULL);

		buf_reset(&md);
		buf_puts(&md, "| a | b | c |\n|---|---|---|\n");
		for (i = 0; i < 2000; i++)
			buf_puts(&md, "| 1 | 2 | 3 |\n");
		buf_reset(&out);
		CHECK(markdown_render(&out, NULL, a, &src, md.data, md.len,
		    NULL, d) == 0);
		CHECK(diags_errors(d) == before + 1);
		buf_free(&md);
	}
	buf_free(&out);
	diags_free(d);
	arena_free(a);
	return test_finish();
}
