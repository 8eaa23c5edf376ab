/* Markdown through cmark-gfm: extensions, no raw HTML, positions. */
#include <string.h>

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
