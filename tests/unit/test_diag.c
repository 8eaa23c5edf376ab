/* The diagnostics module: order, formats, excerpts with a caret. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "testing.h"

/* Print d in fmt into a string (free it). */
static char *
print_to_string(struct diags *d, enum diag_format fmt)
{
	char	*s = NULL;
	size_t	 n = 0;
	FILE	*fp = open_memstream(&s, &n);

	diags_print(d, fp, fmt);
	fclose(fp);
	return s;
}

static void
test_text(void)
{
	static const char src[] = "title: a\n\tkey: caf\xc3\xa9 x\nlast";
	struct diags	*d = diags_new();
	char		*s;

	diags_source(d, "b.yml", src, sizeof(src) - 1);
	diag_error(d, "b.yml", 2, 11, "bad %s", "thing");
	diag_warning(d, "a.yml", 0, 0, "whole file");
	diag_error(d, NULL, 0, 0, "no file");
	diag_error(d, "b.yml", 2, 11, "bad %s", "thing");	/* repeated */
	diag_error(d, "b.yml", 1, 0, "whole line");
	CHECK(diags_errors(d) == 3);
	CHECK(diags_warnings(d) == 1);
	CHECK(diags_count(d) == 4);
	s = print_to_string(d, DIAG_FORMAT_TEXT);
	CHECK_STR(s,
	    "marche: error: no file\n"
	    "a.yml: warning: whole file\n"
	    "b.yml:1: error: whole line\n"
	    " 1 | title: a\n"
	    "b.yml:2:11: error: bad thing\n"
	    " 2 | \tkey: caf\xc3\xa9 x\n"
	    "   | \t         ^\n");
	free(s);
	diags_free(d);
}

static void
test_machine_formats(void)
{
	struct diags	*d = diags_new();
	char		*s;

	diag_error(d, "o/a,b:c.yml", 3, 4, "50%% done\nnext: \"x\"");
	s = print_to_string(d, DIAG_FORMAT_GITHUB);
	CHECK_STR(s,
	    "o/a,b:c.yml:3:4: error: 50% done\\nnext: \"x\"\n"
	    "::error file=o/a%2Cb%3Ac.yml,line=3,col=4::50%25 done\\nnext: "
	    "\"x\"\n");
	free(s);
	s = print_to_string(d, DIAG_FORMAT_JSON);
	CHECK_STR(s,
	    "[\n  {\"file\": \"o/a,b:c.yml\", \"line\": 3, \"column\": 4, "
	    "\"severity\": \"error\", \"attention\": false, "
	    "\"message\": \"50% done\\\\nnext: "
	    "\\\"x\\\"\"}\n]\n");
	free(s);
	diags_free(d);
	d = diags_new();
	s = print_to_string(d, DIAG_FORMAT_JSON);
	CHECK_STR(s, "[\n]\n");
	free(s);
	diags_free(d);
}

/* Obligations that fall due with time come last, in their own section. */
static void
test_attention(void)
{
	struct diags	*d = diags_new();
	char		*s = NULL;
	size_t		 n = 0;
	FILE		*fp;

	diag_attention(d, DIAG_WARNING, "a.yml", 3, 0, "overdue");
	diag_attention(d, DIAG_ERROR, "a.yml", 4, 0, "never an error");
	diag_error(d, "b.yml", 1, 0, "broken");
	diag_report(d, DIAG_NOTE, "a.yml", 9, 0, "amended");
	diag_attention(d, DIAG_NOTE, "a.yml", 1, 0, "closes soon");
	CHECK(diags_errors(d) == 1);
	CHECK(diags_warnings(d) == 2);
	CHECK(diags_attention(d) == 3);
	s = print_to_string(d, DIAG_FORMAT_TEXT);
	CHECK_STR(s,
	    "a.yml:9: note: amended\n"
	    "b.yml:1: error: broken\n"
	    "needs attention (obligations that fall due with time; they do "
	    "not stop the build):\n"
	    "a.yml:1: note: closes soon\n"
	    "a.yml:3: warning: overdue\n"
	    "a.yml:4: warning: never an error\n");
	free(s);
	s = print_to_string(d, DIAG_FORMAT_JSON);
	CHECK_STR(s,
	    "[\n  {\"file\": \"a.yml\", \"line\": 9, \"column\": 0, "
	    "\"severity\": \"note\", \"attention\": false, \"message\": "
	    "\"amended\"},\n"
	    "  {\"file\": \"b.yml\", \"line\": 1, \"column\": 0, "
	    "\"severity\": \"error\", \"attention\": false, \"message\": "
	    "\"broken\"},\n"
	    "  {\"file\": \"a.yml\", \"line\": 1, \"column\": 0, "
	    "\"severity\": \"note\", \"attention\": true, \"message\": "
	    "\"closes soon\"},\n"
	    "  {\"file\": \"a.yml\", \"line\": 3, \"column\": 0, "
	    "\"severity\": \"warning\", \"attention\": true, \"message\": "
	    "\"overdue\"},\n"
	    "  {\"file\": \"a.yml\", \"line\": 4, \"column\": 0, "
	    "\"severity\": \"warning\", \"attention\": true, \"message\": "
	    "\"never an error\"}\n]\n");
	free(s);
	fp = open_memstream(&s, &n);
	diags_summary(d, fp, "t");
	fclose(fp);
	CHECK_STR(s,
	    "## t\n\n"
	    "**1 problem to fix** before this can be merged.\n\n"
	    "| Where | Severity | What to do |\n|---|---|---|\n"
	    "| ` b.yml:1 ` | error | ` broken ` |\n\n"
	    "### Needs attention\n\n"
	    "- ` a.yml:1 ` ` closes soon `\n"
	    "- ` a.yml:3 ` ` overdue `\n"
	    "- ` a.yml:4 ` ` never an error `\n\n"
	    "### Changes to note\n\n"
	    "- ` a.yml:9 ` ` amended `\n\n");
	free(s);
	diags_free(d);
}

static void
test_columns(void)
{
	CHECK(diag_column("abc", 0) == 1);
	CHECK(diag_column("abc", 2) == 3);
	CHECK(diag_column("\xc3\xa9t\xc3\xa9", 3) == 3);
	CHECK(diag_column("\xe2\x82\xac!", 3) == 2);
}

/*
 * Whether every line of s is safe to show: nothing that a CI runner
 * reads as a workflow command unless it is one of the annotations
 * (at most `annotations` lines starting with "::" once leading spaces,
 * ASCII or not, are stripped), and no raw control byte, C1 control,
 * bidirectional control or invalid UTF-8.
 */
static int
safe_output(const char *s, int annotations)
{
	const unsigned char *p = (const unsigned char *)s;
	int	 commands = 0;

	while (*p != '\0') {
		const unsigned char *q = p;

		for (;;) {
			if (*q == ' ' || *q == '\t')
				q++;
			else if (q[0] == 0xC2 && q[1] == 0xA0)
				q += 2;
			else if (q[0] == 0xE2 && q[1] == 0x80 &&
			    q[2] >= 0x80 && q[2] <= 0x8A)
				q += 3;
			else if (q[0] == 0xE3 && q[1] == 0x80 && q[2] == 0x80)
				q += 3;
			else
				break;
		}
		if (q[0] == ':' && q[1] == ':')
			commands++;
		while (*p != '\0' && *p != '\n') {
			size_t k, len = *p < 0x80 ? 1 : *p >= 0xC2 && *p <= 0xDF ?
			    2 : *p >= 0xE0 && *p <= 0xEF ? 3 :
			    *p >= 0xF0 && *p <= 0xF4 ? 4 : 0;

			if (len == 0)
				return 0;	/* not a UTF-8 lead byte */
			for (k = 1; k < len; k++)
				if ((p[k] & 0xC0) != 0x80)
					return 0;
			if ((*p < 0x20 && *p != '\t') || *p == 0x7F)
				return 0;
			if (*p == 0xC2 && p[1] <= 0x9F)
				return 0;	/* C1 */
			if (*p == 0xE2 && p[1] == 0x80 && p[2] >= 0xAA &&
			    p[2] <= 0xAE)
				return 0;
			if (*p == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 &&
			    p[2] <= 0xA9)
				return 0;
			p += len;
		}
		if (*p == '\n')
			p++;
	}
	return commands <= annotations;
}

/* Hostile paths, messages and source lines, in every format. */
static void
test_hostile(void)
{
	static const char src[] =
	    "title: x\n"
	    "    ::stop-commands::x\n"
	    "link: \x1b]8;;http://e\x07\xc2\x9b" "2J\xe2\x80\xae" "cba\x9b" "q\n";
	struct diags	*d = diags_new();
	char		*s;

	diags_source(d, "o/a.yml", src, sizeof(src) - 1);
	diag_error(d, "o/a.yml", 2, 5, "bad '%s'", "::stop-commands::x");
	diag_error(d, "o/a.yml", 3, 23, "link '%s'",
	    "\x1b]8;;http://e\x07\xc2\x9b" "2J\xe2\x80\xae" "cba\x9b" "q");
	diag_warning(d, "::warning::x.md", 0, 0, "name");
	diag_warning(d, " ::y.md", 0, 0, "name");
	diag_warning(d, "new\n::error file=f::pwned\r.md", 0, 0,
	    "m\n::error::pwned");
	diag_warning(d, "\xc2\xa0::nbsp.md", 0, 0, "name");
	diag_report(d, DIAG_NOTE, "n.md", 1, 0, "note\n  ::endgroup::");

	s = print_to_string(d, DIAG_FORMAT_TEXT);
	CHECK(safe_output(s, 0));
	CHECK_STR(s,
	    "./ ::y.md: warning: name\n"
	    "./::warning::x.md: warning: name\n"
	    "n.md:1: note: note\\n  ::endgroup::\n"
	    "new\\n::error file=f::pwned\\r.md: warning: m\\n::error::pwned\n"
	    "o/a.yml:2:5: error: bad '::stop-commands::x'\n"
	    " 2 |     ::stop-commands::x\n"
	    "   |     ^\n"
	    "o/a.yml:3:23: error: link '\\x1b]8;;http://e\\x07\\u009b2J"
	    "\\u202ecba\\x9bq'\n"
	    " 3 | link: \\x1b]8;;http://e\\x07\\u009b2J\\u202ecba\\x9bq\n"
	    "   |                                  ^\n"
	    "./\xc2\xa0::nbsp.md: warning: name\n");
	free(s);

	s = print_to_string(d, DIAG_FORMAT_GITHUB);
	CHECK(safe_output(s, 7));
	CHECK(strstr(s, "::warning file=new\\n%3A%3Aerror file=f%3A%3Apwned"
	    "\\r.md::m\\n::error::pwned\n") != NULL);
	CHECK(strstr(s, "::error file=o/a.yml,line=3,col=23::link "
	    "'\\x1b]8;;http%3A//e") == NULL);
	CHECK(strstr(s, "::error file=o/a.yml,line=3,col=23::link "
	    "'\\x1b]8;;http://e\\x07\\u009b2J\\u202ecba\\x9bq'\n") != NULL);
	CHECK(strstr(s, "::notice file=n.md,line=1::note\\n  ::endgroup::\n")
	    != NULL);
	free(s);

	s = print_to_string(d, DIAG_FORMAT_JSON);
	CHECK(safe_output(s, 0));
	CHECK(strstr(s, "{\"file\": \"new\\\\n::error file=f::pwned\\\\r.md\", "
	    "\"line\": 0, \"column\": 0, \"severity\": \"warning\", "
	    "\"attention\": false, \"message\": \"m\\\\n::error::pwned\"}")
	    != NULL);
	free(s);
	diags_free(d);
}

/* The caret stays under its character when what comes before it is
 * escaped, and long lines show a window around the column. */
static void
test_excerpt_width(void)
{
	struct buf	 line = BUF_INIT, want = BUF_INIT;
	struct diags	*d = diags_new();
	char		*s;
	int		 i;

	diags_source(d, "a.md", "\x1b\xe2\x80\xae\tX\xff" "b\n", 9);
	diag_error(d, "a.md", 1, 6, "here");
	s = print_to_string(d, DIAG_FORMAT_TEXT);
	CHECK_STR(s, "a.md:1:6: error: here\n"
	    " 1 | \\x1b\\u202e\tX\\xffb\n"
	    "   |           \t     ^\n");
	free(s);
	diags_free(d);

	/* 300 characters, the column at 200: 60 on each side. */
	for (i = 0; i < 300; i++)
		buf_putc(&line, (char)('a' + i % 26));
	d = diags_new();
	diags_source(d, "b.md", line.data, line.len);
	diag_error(d, "b.md", 1, 200, "x");
	buf_puts(&want, "b.md:1:200: error: x\n 1 | ...");
	buf_put(&want, line.data + 139, 120);
	buf_puts(&want, "...\n   |    ");
	for (i = 0; i < 60; i++)
		buf_putc(&want, ' ');
	buf_puts(&want, "^\n");
	s = print_to_string(d, DIAG_FORMAT_TEXT);
	CHECK_STR(s, buf_cstr(&want));
	free(s);
	diags_free(d);
	buf_free(&line);
	buf_free(&want);
}

/* Count the lines of s that start with prefix. */
static int
count_lines(const char *s, const char *prefix)
{
	int	n = 0;

	for (; s != NULL && *s != '\0'; s = strchr(s, '\n') + 1) {
		if (strncmp(s, prefix, strlen(prefix)) == 0)
			n++;
		if (strchr(s, '\n') == NULL)
			break;
	}
	return n;
}

/* At most DIAG_MAX_PER_FILE per file and DIAG_MAX_PER_RUN in all are
 * printed; every one still counts. */
static void
test_caps(void)
{
	struct diags	*d = diags_new();
	char		*s, path[32];
	int		 f, i;

	for (i = 0; i < 150; i++)
		diag_error(d, "a.md", i + 1, 0, "problem");
	s = print_to_string(d, DIAG_FORMAT_TEXT);
	CHECK(count_lines(s, "a.md:") == DIAG_MAX_PER_FILE);
	CHECK(strstr(s, "a.md:100: error: problem\nmarche: 50 more problems "
	    "in a.md (the first 100 of a file are shown)\n") != NULL);
	free(s);
	s = print_to_string(d, DIAG_FORMAT_JSON);
	CHECK(count_lines(s, "  {\"file\": \"a.md\"") +
	    count_lines(s, ",\n") >= 1);
	CHECK(strstr(s, "\"line\": 150,") != NULL);
	free(s);
	diags_free(d);

	d = diags_new();
	for (f = 0; f < 30; f++) {
		snprintf(path, sizeof(path), "f%02d.md", f);
		for (i = 0; i < 120; i++)
			diag_warning(d, path, i + 1, 0, "problem");
	}
	diag_error(d, "g.md", 1, 0, "the last one is an error");
	CHECK(diags_errors(d) == 1);
	CHECK(diags_warnings(d) == 3600);
	s = print_to_string(d, DIAG_FORMAT_GITHUB);
	CHECK(count_lines(s, "::warning ") == DIAG_MAX_PER_RUN);
	CHECK(count_lines(s, "marche: 20 more problems in f") == 9);
	CHECK(strstr(s, "f09.md:100: warning: problem\n"
	    "::warning file=f09.md,line=100::problem\n"
	    "marche: 2421 more problems (the first 1000 are shown)\n")
	    != NULL);
	free(s);
	diags_free(d);
}

/* The step summary: messages and paths as code spans, so a contributor's
 * text cannot become markup, a table cell, a link or an image. */
static void
test_summary(void)
{
	struct diags	*d = diags_new();
	char		*s = NULL;
	size_t		 n = 0;
	FILE		*fp;

	diag_error(d, "o/a|b.yml", 2, 3, "link '![x](http://e/t.png) | "
	    "<img src=x> `code` www.e.com\n## Head'");
	diag_report(d, DIAG_NOTE, "o/c.yml", 0, 0, "amended: `a` -> [b](c)");
	fp = open_memstream(&s, &n);
	diags_summary(d, fp, "check");
	fclose(fp);
	CHECK_STR(s,
	    "## check\n\n"
	    "**1 problem to fix** before this can be merged.\n\n"
	    "| Where | Severity | What to do |\n|---|---|---|\n"
	    "| ` o/a\\|b.yml:2:3 ` | error | `` link '![x](http://e/t.png) \\| "
	    "<img src=x> `code` www.e.com\\n## Head' `` |\n\n"
	    "### Changes to note\n\n"
	    "- ` o/c.yml ` `` amended: `a` -> [b](c) ``\n\n");
	free(s);
	diags_free(d);
}

/* The same problem reported again after printing is still found. */
static void
test_dedup(void)
{
	struct diags	*d = diags_new();
	char		*s;
	int		 i;

	for (i = 0; i < 5; i++)
		diag_error(d, "b.md", 5 - i, 1, "x");
	s = print_to_string(d, DIAG_FORMAT_TEXT);
	free(s);
	for (i = 0; i < 5; i++)
		diag_error(d, "b.md", i + 1, 1, "x");
	diag_error(d, "b.md", 1, 1, "y");
	CHECK(diags_count(d) == 6);
	CHECK(diags_errors(d) == 6);
	diags_free(d);
}

/*
 * French: each format translated, the constant pieces passed with %s too,
 * the pieces remembered with diag_fragment() put back in French, and
 * every conversion kept (the catalogue is the build tree's).
 */
static void
test_french(void)
{
	struct diags		*d;
	const struct diag	*g;
	char			 piece[128], big[3000];

	if (!CHECK(diag_set_langs("en,fr") == 0))
		return;
	CHECK(diag_nlangs() == 2 && diag_lang_at(1) == DIAG_LANG_FR);
	d = diags_new();
	diag_error(d, "a.yml", 3, 2, "'%s' must be text, not %s", "title",
	    "a list");
	g = diags_get(d, 0);
	CHECK_STR(g->msg, "'title' must be text, not a list");
	CHECK_STR(g->msg_fr, "\xc2\xab\xc2\xa0title\xc2\xa0\xc2\xbb doit "
	    "\xc3\xaatre du texte, et non une liste");
	diags_free(d);

	d = diags_new();
	diag_fragment(piece, sizeof(piece), "in '%s'", "fr");
	diag_error(d, "a.yml", 1, 1, "'%s' is missing %s", "summary", piece);
	g = diags_get(d, 0);
	CHECK_STR(g->msg, "'summary' is missing in 'fr'");
	CHECK(g->msg_fr != NULL && strstr(g->msg_fr, "dans \xc2\xab\xc2\xa0"
	    "fr\xc2\xa0\xc2\xbb") != NULL);
	diags_free(d);

	/* Numbers of every width, and a long %.*s, as in English. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	d = diags_new();
	diag_error(d, NULL, 0, 0, "tag name '%.*s' contains whitespace",
	    2000, big);
	diag_error(d, NULL, 0, 0, "file is %lld bytes, more than the limit "
	    "of %zu bytes", 123456789012LL, (size_t)42);
	diag_error(d, NULL, 0, 0, "unsupported file mode %06o", 0755);
	g = diags_get(d, 0);
	CHECK(g->msg_fr != NULL && strstr(g->msg_fr, "contient une espace") &&
	    strlen(g->msg_fr) > 2000);
	g = diags_get(d, 1);
	CHECK(g->msg_fr != NULL && strstr(g->msg_fr, "123456789012 octets") &&
	    strstr(g->msg_fr, "42 octets"));
	g = diags_get(d, 2);
	CHECK(g->msg_fr != NULL && strstr(g->msg_fr, "000755"));
	diags_free(d);

	CHECK(diag_set_langs("de") == -1);
	CHECK(diag_set_langs("en,en") == -1);
	CHECK(diag_set_langs("en") == 0);
	d = diags_new();
	diag_error(d, NULL, 0, 0, "unknown key '%s'", "x");
	CHECK(diags_get(d, 0)->msg_fr == NULL);
	diags_free(d);
}

/* What fetch_text() hands back when a text let go is quoted. */
struct refetch {
	const char	*text;	/* the file as it is now, or NULL: gone */
	int		 calls;	/* times it was read again */
};

static char *
fetch_text(void *ctx, const char *path, size_t *lenp)
{
	struct refetch	*r = ctx;
	char		*s;

	(void)path;
	r->calls++;
	if (r->text == NULL)
		return NULL;
	*lenp = strlen(r->text);
	s = malloc(*lenp + 1);
	memcpy(s, r->text, *lenp + 1);
	return s;
}

/*
 * A text let go (diags_source_drop()) is read again when a diagnostic
 * quotes it, once, and quoted only when it is still the same: a file
 * that changed, even to the same length, or is gone, is not quoted
 * (with the line of another text).
 */
static void
test_source_drop(void)
{
	static const char *const now[] = {
		"title: a\nkey: b\n",	/* the same */
		"title: a\nkey: c\n",	/* changed, same length */
		"key: b\n",		/* shorter */
		NULL			/* gone */
	};
	char		 text[] = "title: a\nkey: b\n";
	struct refetch	 r;
	struct diags	*d, *sub;
	char		*s;
	size_t		 i;

	CHECK(diag_set_langs("en") == 0);
	for (i = 0; i < sizeof(now) / sizeof(*now); i++) {
		char buf[sizeof(text)];

		memcpy(buf, text, sizeof(text));
		r.text = now[i];
		r.calls = 0;
		d = diags_new();
		diags_source(d, "o.yml", buf, sizeof(buf) - 1);
		diags_source_drop(d, "o.yml", fetch_text, &r);
		memset(buf, 'x', sizeof(buf) - 1);	/* freed, in effect */
		diag_error(d, "o.yml", 2, 6, "bad");
		diag_error(d, "o.yml", 1, 1, "worse");
		s = print_to_string(d, DIAG_FORMAT_TEXT);
		CHECK(r.calls == 1);
		if (i == 0)
			CHECK_STR(s, "o.yml:1:1: error: worse\n"
			    " 1 | title: a\n"
			    "   | ^\n"
			    "o.yml:2:6: error: bad\n"
			    " 2 | key: b\n"
			    "   |      ^\n");
		else
			CHECK_STR(s, "o.yml:1:1: error: worse\n"
			    "o.yml:2:6: error: bad\n");
		free(s);
		diags_free(d);
	}

	/* Merged into another collector, a text let go is still read
	 * again; so is one read again already. */
	r.text = text;
	r.calls = 0;
	sub = diags_new();
	d = diags_new();
	diags_source(sub, "o.yml", text, sizeof(text) - 1);
	diags_source_drop(sub, "o.yml", fetch_text, &r);
	diags_source_drop(sub, "none.yml", fetch_text, &r);	/* no text */
	diag_error(sub, "o.yml", 2, 1, "bad");
	diags_merge(d, sub);
	s = print_to_string(d, DIAG_FORMAT_TEXT);
	CHECK_STR(s, "o.yml:2:1: error: bad\n"
	    " 2 | key: b\n"
	    "   | ^\n");
	free(s);
	CHECK(r.calls == 1);
	diags_free(sub);
	sub = d;
	d = diags_new();
	diags_merge(d, sub);
	diags_free(sub);
	diag_error(d, "o.yml", 1, 0, "whole line");
	s = print_to_string(d, DIAG_FORMAT_TEXT);
	CHECK_STR(s, "o.yml:1: error: whole line\n"
	    " 1 | title: a\n"
	    "o.yml:2:1: error: bad\n"
	    " 2 | key: b\n"
	    "   | ^\n");
	free(s);
	CHECK(r.calls == 1);
	diags_free(d);
}

int
main(void)
{
	test_source_drop();
	test_french();
	test_hostile();
	test_excerpt_width();
	test_caps();
	test_summary();
	test_dedup();
	test_text();
	test_machine_formats();
	test_attention();
	test_columns();
	return test_finish();
}
