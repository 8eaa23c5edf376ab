/*
 * Tests of the front matter splitter: where the YAML and the body start
 * and end, on which lines, with LF and CRLF line ends; refused files
 * (never closed, byte order mark); and the shared client guide page read
 * from disk, its YAML loaded with positions in the page file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "frontmatter.h"
#include "testing.h"
#include "value.h"
#include "yml.h"

/* Does the n bytes at p hold exactly the C string s? */
static int
same(const char *p, size_t n, const char *s)
{
	return p != NULL && n == strlen(s) && memcmp(p, s, n) == 0;
}

/*
 * Split text that must have front matter holding yaml, then body starting
 * on body_line.
 */
static void
split_ok(const char *text, const char *yaml, const char *body,
    int body_line, int srcline)
{
	struct frontmatter	 fm;
	struct diags		*d = diags_new();
	int			 rc;

	rc = frontmatter_split(&fm, "p.md", text, strlen(text), d);
	if (!test_check(rc == 0 && diags_count(d) == 0 && fm.present == 1 &&
	    fm.yaml >= text && fm.yaml <= text + strlen(text) &&
	    same(fm.yaml, fm.yaml_len, yaml) && fm.yaml_line == 2 &&
	    same(fm.body, fm.body_len, body) &&
	    fm.body + fm.body_len == text + strlen(text) &&
	    fm.body_line == body_line, "split", __FILE__, srcline))
		printf("  rc %d present %d yaml_len %zu body_line %d\n", rc,
		    fm.present, fm.yaml_len, fm.body_line);
	diags_free(d);
}

/* Split text that has no front matter: all of it is the body. */
static void
split_none(const char *text, size_t len, int srcline)
{
	struct frontmatter	 fm;
	struct diags		*d = diags_new();
	int			 rc;

	rc = frontmatter_split(&fm, "p.md", text, len, d);
	test_check(rc == 0 && diags_count(d) == 0 && fm.present == 0 &&
	    fm.yaml == NULL && fm.yaml_len == 0 && fm.body == text &&
	    fm.body_len == len && fm.body_line == 1, "no front matter",
	    __FILE__, srcline);
	diags_free(d);
}

/* Split text that must be refused with msg at line 1, column 1. */
static void
split_bad(const char *text, const char *msg, int srcline)
{
	struct frontmatter	 fm;
	struct diags		*d = diags_new();
	const struct diag	*g;
	int			 rc;

	rc = frontmatter_split(&fm, "p.md", text, strlen(text), d);
	g = diags_count(d) == 1 ? diags_get(d, 0) : NULL;
	if (!test_check(rc == -1 && g != NULL && g->level == DIAG_ERROR &&
	    g->line == 1 && g->col == 1 && strcmp(g->path, "p.md") == 0 &&
	    strstr(g->msg, msg) != NULL && fm.present == 0, msg, __FILE__,
	    srcline) && g != NULL)
		printf("  got %d:%d: %s\n", g->line, g->col, g->msg);
	diags_free(d);
}

static void
test_split(void)
{
	split_ok("---\ntitle: x\n---\n# Body\n", "title: x\n", "# Body\n", 4,
	    __LINE__);
	split_ok("---\na: 1\nb: 2\n---\nline\n\nmore\n", "a: 1\nb: 2\n",
	    "line\n\nmore\n", 5, __LINE__);
	/* Empty front matter. */
	split_ok("---\n---\n", "", "", 3, __LINE__);
	split_ok("---\n---\nbody", "", "body", 3, __LINE__);
	/* "..." closes too; trailing blanks on the marker lines. */
	split_ok("---\na: 1\n...\nbody\n", "a: 1\n", "body\n", 4, __LINE__);
	split_ok("---  \na: 1\n--- \t\nbody\n", "a: 1\n", "body\n", 4,
	    __LINE__);
	/* CRLF line ends. */
	split_ok("---\r\na: 1\r\n---\r\nbody\r\n", "a: 1\r\n", "body\r\n",
	    4, __LINE__);
	/* Closing line at the end of the file, without a line end. */
	split_ok("---\na: 1\n---", "a: 1\n", "", 4, __LINE__);
	/* Lines that look like markers but are not. */
	split_ok("---\na: |\n  ---x\n ---\n----\n---\nb\n",
	    "a: |\n  ---x\n ---\n----\n", "b\n", 7, __LINE__);
	split_ok("---\na: 1\n---\n---\nb\n", "a: 1\n", "---\nb\n", 4,
	    __LINE__);
	/* A lone CR is not a line end for the markers. */
	split_ok("---\na: 1\n---\rx\n---\nb", "a: 1\n---\rx\n", "b", 5,
	    __LINE__);
}

static void
test_none(void)
{
	split_none("# Title\n\ntext\n", 15, __LINE__);
	split_none("", 0, __LINE__);
	split_none("----\na: 1\n----\n", 15, __LINE__);
	split_none("--- x\n---\n", 10, __LINE__);
	split_none("---x\n---\n", 9, __LINE__);
	split_none("\n---\n---\n", 9, __LINE__);
	split_none(" ---\n---\n", 9, __LINE__);
	split_none("...\n...\n", 8, __LINE__);
	split_none("--", 2, __LINE__);
	split_none("---\r", 4, __LINE__);
}

static void
test_bad(void)
{
	split_bad("---\ntitle: x\n", "front matter opened on line 1 is never "
	    "closed", __LINE__);
	split_bad("---\n", "never closed", __LINE__);
	split_bad("---", "never closed", __LINE__);
	split_bad("---\r\na: 1\r\n--\r\n", "never closed", __LINE__);
	split_bad("\xEF\xBB\xBF---\na: 1\n---\n", "byte order mark",
	    __LINE__);
	split_bad("\xEF\xBB\xBF---\na: 1\n---\n", "save it as UTF-8 without "
	    "BOM", __LINE__);
}

static int
is_str_at(const struct value *v, const char *s, int line, int col)
{
	return v != NULL && v->kind == VALUE_STRING && strcmp(v->str, s) == 0 &&
	    v->line == line && v->col == col;
}

static void
test_client_guide(void)
{
	const char		*dir = getenv("MARCHE_SHARED_DIR");
	const char		*title = "# Client user guide\n";
	struct buf		 b = BUF_INIT;
	struct frontmatter	 fm;
	struct diags		*d = diags_new();
	struct arena		*a = arena_new();
	struct value		*v = NULL;
	char			 path[4096];

	if (!CHECK(dir != NULL))
		goto out;
	snprintf(path, sizeof(path), "%s/seeds/client-guide.md", dir);
	if (!CHECK(test_slurp(&b, path) == 0))
		goto out;
	CHECK(frontmatter_split(&fm, "site/en/client-guide.md", b.data, b.len,
	    d) == 0);
	CHECK(fm.present == 1 && fm.yaml_line == 2 && fm.body_line == 7);
	CHECK(fm.body_len > strlen(title) &&
	    memcmp(fm.body, title, strlen(title)) == 0);
	CHECK(yml_load(&v, a, "site/en/client-guide.md", fm.yaml, fm.yaml_len,
	    fm.yaml_line, NULL, d) == 0);
	CHECK(diags_count(d) == 0);
	if (!CHECK(v != NULL && v->kind == VALUE_MAP && v->count == 4))
		goto out;
	CHECK(v->line == 2 && v->col == 1);
	CHECK(is_str_at(v->pairs[0].key, "layout", 2, 1));
	CHECK(is_str_at(value_map_get(v, "layout"), "default", 2, 9));
	CHECK(is_str_at(value_map_get(v, "ref"), "client", 3, 6));
	CHECK(is_str_at(value_map_get(v, "lang"), "en", 4, 7));
	CHECK(is_str_at(v->pairs[3].key, "permalink", 5, 1));
	CHECK(is_str_at(value_map_get(v, "permalink"),
	    "/en/client-guide.html", 5, 12));
	CHECK(strcmp(v->file, "site/en/client-guide.md") == 0);
out:
	arena_free(a);
	diags_free(d);
	buf_free(&b);
}

int
main(void)
{
	test_split();
	test_none();
	test_bad();
	test_client_guide();
	return test_finish();
}
