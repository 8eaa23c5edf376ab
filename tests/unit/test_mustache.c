/*
 * Tests of the Mustache engine beyond the official spec (which
 * test_mustache_spec runs): the exact position and message of every parse
 * error, the first_line offset, HTML escaping, number formatting,
 * indentation through nested partials, inheritance scoping, and the
 * bounds (partial depth, output size, rendering steps).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "testing.h"
#include "value.h"

static struct arena *arena;
static struct mustache *parsed_partial;	/* test_parsed_partials() */

/* Partials: a NULL-terminated list of name, source pairs. */
static int
list_partial(const char **src, size_t *len, const char **path,
    const char *name, void *ctx)
{
	const char **p;

	for (p = ctx; p[0] != NULL; p += 2) {
		if (strcmp(p[0], name) == 0) {
			*src = p[1];
			*len = strlen(p[1]);
			*path = p[0];
			return 0;
		}
	}
	return -1;
}

/*
 * Render src against ctx with the given partials; returns the output in
 * a static buffer, or "<error: MESSAGE at PATH:LINE:COL>" for the first
 * diagnostic when parsing or rendering fails.
 */
static const char *
render(const char *src, const struct value *ctx, const char **partials)
{
	static char	 result[4096];
	struct diags	*d = diags_new();
	struct mustache	*t = NULL;
	struct buf	 out = BUF_INIT;

	if (mustache_parse(&t, "t.html", src, strlen(src), 1, d) == 0 &&
	    mustache_render(&out, t, ctx, partials ? list_partial : NULL,
	    (void *)partials, d) == 0) {
		snprintf(result, sizeof(result), "%s", buf_cstr(&out));
	} else {
		const struct diag *g = diags_get(d, 0);

		snprintf(result, sizeof(result), "<error: %s at %s:%d:%d>",
		    g ? g->msg : "(none)", g && g->path ? g->path : "-",
		    g ? g->line : 0, g ? g->col : 0);
	}
	mustache_free(t);
	buf_free(&out);
	diags_free(d);
	return result;
}

/*
 * Parse src starting on first_line; it must fail, and its diagnostic
 * number i must be at line:col with a message holding want.
 */
static void
parse_error(const char *src, int first_line, size_t i, int line, int col,
    const char *want)
{
	struct diags	*d = diags_new();
	struct mustache	*t = (struct mustache *)&t;
	const struct diag *g;

	CHECK(mustache_parse(&t, "layouts/page.html", src, strlen(src),
	    first_line, d) == -1);
	CHECK(t == NULL);
	g = diags_get(d, i);
	if (CHECK(g != NULL)) {
		CHECK_STR(g->path, "layouts/page.html");
		CHECK(g->line == line);
		CHECK(g->col == col);
		CHECK(strstr(g->msg, want) != NULL);
		if (g->line != line || g->col != col ||
		    strstr(g->msg, want) == NULL)
			printf("  for %s: got %d:%d: %s\n", src, g->line,
			    g->col, g->msg);
	}
	diags_free(d);
}

static void
test_parse_errors(void)
{
	parse_error("<ul>\n  {{#items}}\n<li>\n", 1, 0, 2, 3,
	    "unclosed section 'items'");
	parse_error("a\n\n{{#items}}\n  x {{/other}}\n", 1, 0, 4, 5,
	    "section 'items' opened at line 3 is closed by '/other'");
	parse_error("{{^gone}}{{/here}}", 1, 0, 1, 10,
	    "inverted section 'gone' opened at line 1 is closed by '/here'");
	parse_error("{{$b}}{{/c}}", 1, 0, 1, 7,
	    "block 'b' opened at line 1 is closed by '/c'");
	parse_error("x\n{{/a}}", 1, 0, 2, 1,
	    "closing tag '/a' has no opening tag");
	parse_error("ab {{name\n", 1, 0, 1, 4, "unclosed tag: no '}}'");
	parse_error("{{{raw}}", 1, 0, 1, 1, "unclosed tag: no '}}}'");
	parse_error("{{=<% %>=}}\n<%name", 1, 0, 2, 1,
	    "unclosed tag: no '%>' after '<%'");
	parse_error("{{=<%=}}", 1, 0, 1, 1, "bad set-delimiter tag");
	parse_error("\n {{= a b c =}}", 1, 0, 2, 2, "bad set-delimiter tag");
	parse_error("{{=a= b=}}", 1, 0, 1, 1, "cannot contain '='");
	parse_error("x {{ }}", 1, 0, 1, 3, "empty tag name");
	parse_error("{{#}}{{/}}", 1, 0, 1, 1, "empty tag name");
	parse_error("{{> }}", 1, 0, 1, 1, "empty tag name");
	parse_error("{{a b}}", 1, 0, 1, 1,
	    "tag name 'a b' contains whitespace");
	parse_error("{{a..b}}", 1, 0, 1, 1, "malformed name 'a..b'");
	/* columns count characters, not bytes */
	parse_error("\xc3\xa9t\xc3\xa9 {{#a}}", 1, 0, 1, 5,
	    "unclosed section 'a'");
	/* first_line: the template starts below front matter */
	parse_error("a\n\n{{#items}}\n{{/other}}\n", 5, 0, 8, 1,
	    "section 'items' opened at line 7 is closed by '/other'");
	parse_error("{{#x}}\n", 12, 0, 12, 1, "unclosed section 'x'");
	/* every problem is reported, sorted by position */
	parse_error("{{/x}}\n{{#y}}", 1, 0, 1, 1, "closing tag '/x'");
	parse_error("{{/x}}\n{{#y}}", 1, 1, 2, 1, "unclosed section 'y'");
	parse_error("{{#a}}{{#b}}", 1, 1, 1, 7, "unclosed section 'b'");
}

static void
test_nesting_limit(void)
{
	struct buf	 src = BUF_INIT;
	int		 i;

	for (i = 0; i < 101; i++)
		buf_puts(&src, "{{#a}}");
	parse_error(buf_cstr(&src), 1, 0, 1, 601,
	    "sections nested more than 100 deep");
	buf_free(&src);
}

static void
test_escaping(void)
{
	struct value	*ctx = value_map(arena);

	value_map_set(arena, ctx, "x", value_string(arena,
	    "& < > \" ' plain"));
	CHECK_STR(render("{{x}}", ctx, NULL),
	    "&amp; &lt; &gt; &quot; &#39; plain");
	CHECK_STR(render("{{{x}}}", ctx, NULL), "& < > \" ' plain");
	CHECK_STR(render("{{& x}}", ctx, NULL), "& < > \" ' plain");
	/* template text is never escaped */
	CHECK_STR(render("<a href='/'>&</a>", ctx, NULL),
	    "<a href='/'>&</a>");
}

static void
test_scalars(void)
{
	struct value	*ctx = value_map(arena), *list = value_seq(arena);

	value_map_set(arena, ctx, "half", value_number(arena, 1.5));
	value_map_set(arena, ctx, "tenth", value_number(arena, 0.1));
	value_map_set(arena, ctx, "hundred", value_number(arena, 100.0));
	value_map_set(arena, ctx, "third", value_number(arena, 1.0 / 3.0));
	value_map_set(arena, ctx, "big", value_number(arena, 1e21));
	value_map_set(arena, ctx, "huge", value_number(arena, 1e20));
	value_map_set(arena, ctx, "tiny", value_number(arena, 1.5e-10));
	value_map_set(arena, ctx, "small", value_number(arena, -0.00025));
	value_map_set(arena, ctx, "neg", value_int(arena, -6500));
	value_map_set(arena, ctx, "yes", value_bool(arena, 1));
	value_map_set(arena, ctx, "no", value_bool(arena, 0));
	value_map_set(arena, ctx, "nothing", value_null(arena));
	value_map_set(arena, ctx, "list", list);
	value_seq_push(arena, list, value_int(arena, 1));
	value_seq_push(arena, list, value_int(arena, 2));
	CHECK_STR(render("{{half}} {{tenth}} {{hundred}}", ctx, NULL),
	    "1.5 0.1 100");
	CHECK_STR(render("{{third}}", ctx, NULL), "0.3333333333333333");
	CHECK_STR(render("{{big}} {{neg}}", ctx, NULL), "1e+21 -6500");
	CHECK_STR(render("{{huge}} {{tiny}} {{small}}", ctx, NULL),
	    "100000000000000000000 1.5e-10 -0.00025");
	CHECK_STR(render("{{yes}} {{no}} [{{nothing}}]", ctx, NULL),
	    "true false []");
	/* sequences and maps have no text of their own */
	CHECK_STR(render("[{{list}}][{{.}}]", ctx, NULL), "[][]");
	CHECK_STR(render("{{#list}}<{{.}}>{{/list}}", ctx, NULL),
	    "<1><2>");
	CHECK_STR(render("{{#no}}x{{/no}}{{^no}}y{{/no}}", ctx, NULL), "y");
	/* no context at all */
	CHECK_STR(render("a{{x}}b{{#x}}c{{/x}}{{^x}}d{{/x}}", NULL, NULL),
	    "abd");
}

static void
test_partials(void)
{
	struct value	*ctx = value_map(arena);
	const char	*nested[] = {
		"outer", "<div>\n  {{>inner}}\n</div>\n",
		"inner", "<p>\n{{text}}\n</p>\n",
		"inline", "a\nb",
		"indented", "  {{>mid}}\n",
		"mid", "a {{>leaf}}\nb\n",
		"leaf", "1\n2",
		NULL
	};
	const char	*broken[] = { "bad", "\n\nok {{#open}}", NULL };

	value_map_set(arena, ctx, "text", value_string(arena, "one\ntwo"));
	/* indentation adds up; interpolated text is not indented */
	CHECK_STR(render("<body>\n  {{>outer}}\n</body>\n", ctx, nested),
	    "<body>\n  <div>\n    <p>\n    one\ntwo\n    </p>\n  </div>\n"
	    "</body>\n");
	/* a partial that is not standalone gets no indentation */
	CHECK_STR(render("  x {{>inline}}\n", ctx, nested), "  x a\nb\n");
	/* ... even inside one that is: its text is pasted as it is */
	CHECK_STR(render("{{>indented}}", ctx, nested), "  a 1\n2\n  b\n");
	/* missing partials, or no partial callback, render as nothing */
	CHECK_STR(render("[{{>nope}}]", ctx, nested), "[]");
	CHECK_STR(render("[{{>nope}}]", ctx, NULL), "[]");
	/* a partial that does not parse fails the render, at its position */
	CHECK_STR(render("x{{>bad}}", ctx, broken),
	    "<error: unclosed section 'open' at bad:3:4>");
}

static void
test_inheritance(void)
{
	const char	*parts[] = {
		"layout", "<h1>{{$title}}T{{/title}}</h1>{{$body}}{{/body}}",
		"card", "<h2>{{$title}}C{{/title}}</h2>",
		"page", "{{>header}}|{{$body}}B{{/body}}",
		"header", "<title>{{$title}}untitled{{/title}}</title>",
		"p", "{{$a}}P{{/a}}",
		NULL
	};

	/* an override applies to the parent it is given to, not to parents
	 * used inside other overrides */
	CHECK_STR(render("{{<layout}}{{$title}}A{{/title}}{{$body}}"
	    "{{<card}}{{$title}}B{{/title}}{{/card}}{{/body}}{{/layout}}",
	    NULL, parts), "<h1>A</h1><h2>B</h2>");
	CHECK_STR(render("{{<layout}}{{$body}}{{<card}}{{/card}}{{/body}}"
	    "{{/layout}}", NULL, parts), "<h1>T</h1><h2>C</h2>");
	/* partials of a parent see its overrides */
	CHECK_STR(render("{{<page}}{{$title}}Hi{{/title}}{{/page}}", NULL,
	    parts), "<title>Hi</title>|B");
	/* an override holding a block of its own name does not loop */
	CHECK_STR(render("{{<p}}{{$a}}[{{$a}}in{{/a}}]{{/a}}{{/p}}", NULL,
	    parts), "[in]");
}

/* Render {{>p1}} where p1 includes p2, ..., and pn is "end". */
static const char *
chain(int n)
{
	static char	 names[70][16], srcs[70][32];
	const char	*parts[141];
	int		 i;

	for (i = 1; i <= n; i++) {
		snprintf(names[i], sizeof(names[i]), "p%d", i);
		if (i < n)
			snprintf(srcs[i], sizeof(srcs[i]), "{{>p%d}}", i + 1);
		else
			snprintf(srcs[i], sizeof(srcs[i]), "end");
		parts[2 * i - 2] = names[i];
		parts[2 * i - 1] = srcs[i];
	}
	parts[2 * n] = NULL;
	return render("{{>p1}}", NULL, parts);
}

static void
test_depth_limit(void)
{
	const char	*self[] = { "self", "x{{>self}}", NULL };
	const char	*parent[] = { "up", "{{<up}}{{/up}}", NULL };
	const char	*dyn[] = { "loop", "{{>*name}}", NULL };
	struct value	*ctx = value_map(arena);

	value_map_set(arena, ctx, "name", value_string(arena, "loop"));
	CHECK_STR(render("{{>self}}", NULL, self),
	    "<error: partials nested more than 64 deep (does 'self' include "
	    "itself?) at self:1:2>");
	CHECK_STR(render("{{<up}}{{/up}}", NULL, parent),
	    "<error: partials nested more than 64 deep (does 'up' include "
	    "itself?) at up:1:1>");
	CHECK_STR(render("{{>*name}}", ctx, dyn),
	    "<error: partials nested more than 64 deep (does 'loop' include "
	    "itself?) at loop:1:1>");
	/* a chain of 64 partials is allowed, 65 are not */
	CHECK_STR(chain(64), "end");
	CHECK_STR(chain(65), "<error: partials nested more than 64 deep "
	    "(does 'p65' include itself?) at p64:1:1>");
}

/* Partials parsed before: "a" only. */
static const struct mustache *
parsed_a(const char *name, void *ctx)
{
	(void)ctx;
	return strcmp(name, "a") == 0 ? parsed_partial : NULL;
}

/*
 * A partial parsed before the render is used instead of parsing its
 * source; the render borrows it, so it serves render after render.
 */
static void
test_parsed_partials(void)
{
	static const char *parts[] = { "a", "source {{x}}", "b", "{{>a}}|b",
	    NULL };
	struct value	*ctx = value_map(arena);
	struct diags	*d = diags_new();
	struct mustache	*t = NULL;
	struct buf	 out = BUF_INIT;
	const char	*src = "{{>a}}-{{>b}}", *psrc = "parsed {{x}}";
	int		 i;

	value_map_set(arena, ctx, "x", value_int(arena, 1));
	CHECK(mustache_parse(&parsed_partial, "a", psrc, strlen(psrc), 1,
	    d) == 0);
	CHECK(mustache_parse(&t, "t.html", src, strlen(src), 1, d) == 0);
	for (i = 0; i < 2; i++) {
		buf_reset(&out);
		CHECK(mustache_render_parsed(&out, t, ctx, list_partial,
		    parsed_a, (void *)parts, d) == 0);
		CHECK_STR(buf_cstr(&out), "parsed 1-parsed 1|b");
	}
	/* without them, the sources */
	CHECK_STR(render(src, ctx, parts), "source 1-source 1|b");
	CHECK(diags_count(d) == 0);
	mustache_free(parsed_partial);
	parsed_partial = NULL;
	mustache_free(t);
	buf_free(&out);
	diags_free(d);
}

/* 30 partials, each including the next one twice: 2^30 expansions. */
static void
test_steps_limit(void)
{
	static char	 names[31][16], srcs[31][32];
	const char	*parts[63];
	int		 i;

	for (i = 0; i <= 30; i++) {
		snprintf(names[i], sizeof(names[i]), "p%d", i);
		if (i < 30)
			snprintf(srcs[i], sizeof(srcs[i]), "{{>p%d}}{{>p%d}}",
			    i + 1, i + 1);
		else
			srcs[i][0] = '\0';
		parts[2 * i] = names[i];
		parts[2 * i + 1] = srcs[i];
	}
	parts[62] = NULL;
	/* the error is at the top-level tag that started it all */
	CHECK(strstr(render("{{>p0}}", NULL, parts),
	    "template rendering stopped after ") != NULL);
	CHECK(strstr(render("{{>p0}}", NULL, parts),
	    "in a very large map? at t.html:1:1>") != NULL);
}

/*
 * Sections over one list nested in one another repeat exponentially:
 * 17 deep over 4 items is 4^17 visits. The budget grows with the
 * template and the data, so it stops after about a million steps, at the
 * outermost section; a template that walks much more data in nested
 * sections of its own stays within its budget.
 */
static void
test_nested_sections(void)
{
	struct value	*ctx = value_map(arena), *list = value_seq(arena);
	struct value	*items = value_seq(arena), *pad;
	struct buf	 src = BUF_INIT, out = BUF_INIT;
	unsigned long	 small = 0, large = 0;
	struct diags	*d = diags_new();
	struct mustache	*t = NULL;
	const char	*got, *src_s;
	int		 i, k;

	for (i = 0; i < 4; i++)
		value_seq_push(arena, list, value_int(arena, i));
	value_map_set(arena, ctx, "list", list);
	buf_puts(&src, "<p>\n  ");
	for (i = 0; i < 17; i++)
		buf_puts(&src, "{{#list}}");
	buf_puts(&src, "{{.}}");
	for (i = 0; i < 17; i++)
		buf_puts(&src, "{{/list}}");
	got = render(buf_cstr(&src), ctx, NULL);
	CHECK(strstr(got, "template rendering stopped after ") != NULL);
	CHECK(strstr(got, "at t.html:2:3>") != NULL);
	/* The budget it names counts 16 steps for each node of the data,
	 * counted only once the rest is spent: 1,002 more nodes (a key, a
	 * list and its 1,000 items) make it 16,032 steps more. */
	CHECK(sscanf(got, "<error: template rendering stopped after %lu",
	    &small) == 1);
	pad = value_map_set(arena, ctx, "pad", value_seq(arena));
	for (i = 0; i < 1000; i++)
		value_seq_push(arena, pad, value_int(arena, i));
	got = render(buf_cstr(&src), ctx, NULL);
	CHECK(sscanf(got, "<error: template rendering stopped after %lu",
	    &large) == 1);
	CHECK(large - small == 1002 * 16);
	buf_free(&src);

	/* 300,000 items of 3 tags each: 1.5 million steps, all rendered */
	ctx = value_map(arena);
	for (i = 0; i < 300000; i++) {
		struct value *item = value_map(arena);
		struct value *tags = value_seq(arena);

		for (k = 0; k < 3; k++)
			value_seq_push(arena, tags, value_int(arena, k));
		value_map_set(arena, item, "tags", tags);
		value_seq_push(arena, items, item);
	}
	value_map_set(arena, ctx, "items", items);
	src_s = "{{#items}}{{#tags}}{{.}}{{/tags}};{{/items}}";
	CHECK(mustache_parse(&t, "t.html", src_s, strlen(src_s), 1, d) == 0);
	CHECK(mustache_render(&out, t, ctx, NULL, NULL, d) == 0);
	CHECK(out.len == 300000 * 4);
	CHECK(strncmp(buf_cstr(&out), "012;012;", 8) == 0);
	CHECK(diags_count(d) == 0);
	mustache_free(t);
	buf_free(&out);
	diags_free(d);
}

/*
 * 50,000 lookups of the last key of a 50,000-key map compare 2.5 billion
 * keys; the comparisons count against the budget, which stops them.
 */
static void
test_large_map(void)
{
	struct value	*ctx = value_map(arena), *big = value_map(arena);
	struct buf	 src = BUF_INIT;
	char		 key[32];
	int		 i;

	for (i = 0; i < 50000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		value_map_append(arena, big, value_string(arena, key),
		    value_int(arena, 1));
	}
	value_map_set(arena, ctx, "big", big);
	for (i = 0; i < 50000; i++)
		buf_puts(&src, "{{big.k49999}}");
	CHECK(strstr(render(buf_cstr(&src), ctx, NULL), "look names up in a "
	    "very large map? at t.html:1:") != NULL);
	/* a few lookups in it are fine */
	CHECK_STR(render("{{big.k49999}}{{big.k0}}", ctx, NULL), "11");
	buf_free(&src);
}

/* A map of n pairs k0 = 0, k1 = 1, ... built by appending. */
static struct value *
numbered_map(int n)
{
	struct value	*m = value_map(arena);
	char		 key[32];
	int		 i;

	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		value_map_append(arena, m, value_string(arena, key),
		    value_int(arena, i));
	}
	return m;
}

static size_t
find(const struct value *m, const char *key)
{
	return value_map_find(m, key, strlen(key),
	    value_key_hash(key, strlen(key)));
}

/*
 * Maps of VALUE_MAP_INDEXED pairs or more get a hash index: lookups
 * find what a scan from the start finds (the first of duplicate keys),
 * miss what is not there, and stay right as the map grows.
 */
static void
test_map_index(void)
{
	struct value	*small = numbered_map(VALUE_MAP_INDEXED - 1);
	struct value	*m = numbered_map(VALUE_MAP_INDEXED), *ctx, *c;
	char		 key[32];
	int		 i;

	CHECK(!small->indexed && m->indexed);
	CHECK(find(small, "k30") == 30 && find(small, "k31") == small->count);
	CHECK(find(m, "k0") == 0 && find(m, "k31") == 31);
	CHECK(find(m, "k32") == m->count && find(m, "") == m->count);
	/* the first of two equal keys wins, before and after indexing */
	value_map_append(arena, small, value_string(arena, "k3"),
	    value_int(arena, 99));
	value_map_append(arena, m, value_string(arena, "k3"),
	    value_int(arena, 99));
	CHECK(small->indexed && m->indexed);
	CHECK(find(small, "k3") == 3 && find(m, "k3") == 3);
	/* a key with a NUL in it is its bytes, not a prefix */
	value_map_append(arena, m, value_stringn(arena, "k5\0x", 4),
	    value_int(arena, 77));
	CHECK(value_map_find(m, "k5\0x", 4, value_key_hash("k5\0x", 4)) ==
	    m->count - 1);
	CHECK(find(m, "k5") == 5);
	/* growing past the index's room and the pairs' capacity */
	for (i = 32; i < 1000; i++) {
		snprintf(key, sizeof(key), "n%d", i);
		value_map_append(arena, m, value_string(arena, key),
		    value_int(arena, i));
		CHECK(find(m, key) == m->count - 1);
	}
	CHECK(find(m, "k0") == 0 && find(m, "k3") == 3 &&
	    find(m, "n500") == 34 + 500 - 32 && find(m, "n1000") == m->count);
	/* a count changed by hand is not trusted: the map is scanned */
	m->count--;
	CHECK(find(m, "n999") == m->count && find(m, "n998") == m->count - 1);
	m->count++;
	CHECK(find(m, "n999") == m->count - 1);
	/* a copy has an index of its own */
	c = value_copy(arena, m);
	value_map_append(arena, c, value_string(arena, "only_copy"),
	    value_int(arena, 1));
	CHECK(find(c, "only_copy") == c->count - 1 &&
	    find(m, "only_copy") == m->count && find(c, "k3") == 3);
	/* value_map_set() replaces the first */
	value_map_set(arena, m, "k3", value_int(arena, 5));
	CHECK(m->pairs[3].val->integer == 5 &&
	    m->pairs[VALUE_MAP_INDEXED].val->integer == 99);

	/* In templates: the first wins; a name missing from a large map
	 * is looked up further down the context stack. */
	ctx = value_map(arena);
	value_map_set(arena, ctx, "big", m);
	value_map_set(arena, ctx, "outer", value_string(arena, "o"));
	CHECK_STR(render("{{big.k3}} {{big.n500}} {{big.nope}}|"
	    "{{#big}}{{k0}} {{outer}} {{k3}}{{/big}}", ctx, NULL),
	    "5 500 |0 o 5");
	/* the map grows after a render: the next one sees the new key */
	value_map_append(arena, m, value_string(arena, "late"),
	    value_string(arena, "L"));
	CHECK_STR(render("{{big.late}}", ctx, NULL), "L");
}

static void
test_output_limit(void)
{
	struct value	*ctx = value_map(arena);
	struct diags	*d = diags_new();
	struct mustache	*t = NULL;
	struct buf	 out = BUF_INIT;
	const char	*src = "x\n{{#ten}}{{#ten}}{{{mib}}}{{/ten}}{{/ten}}";
	char		*mib = malloc(1024 * 1024 + 1);
	struct value	*ten = value_seq(arena);
	const struct diag *g;
	int		 i;

	memset(mib, 'x', 1024 * 1024);
	mib[1024 * 1024] = '\0';
	value_map_set(arena, ctx, "mib", value_string_static(arena, mib));
	for (i = 0; i < 10; i++)
		value_seq_push(arena, ten, value_int(arena, i));
	value_map_set(arena, ctx, "ten", ten);
	buf_puts(&out, "kept");
	CHECK(mustache_parse(&t, "big.html", src, strlen(src), 5, d) == 0);
	CHECK(mustache_render(&out, t, ctx, NULL, NULL, d) == -1);
	/* what was in the buffer stays; nothing half-rendered is left */
	CHECK_STR(buf_cstr(&out), "kept");
	g = diags_get(d, 0);
	/* render errors are placed with first_line too */
	CHECK(g != NULL && g->line == 6 && g->col == 17 &&
	    strstr(g->msg, "larger than 64 MiB") != NULL);
	mustache_free(t);
	buf_free(&out);
	diags_free(d);
	free(mib);
}

/* One parse, many renders, with different contexts. */
static void
test_reuse(void)
{
	struct diags	*d = diags_new();
	struct mustache	*t = NULL;
	struct value	*a = value_map(arena), *b = value_map(arena);
	struct buf	 out = BUF_INIT;
	const char	*src = "{{! note }}\n<p>{{name}}</p>\n";

	value_map_set(arena, a, "name", value_string(arena, "Ada"));
	value_map_set(arena, b, "name", value_string(arena, "Bo"));
	CHECK(mustache_parse(&t, "r.html", src, strlen(src), 1, d) == 0);
	CHECK(mustache_render(&out, t, a, NULL, NULL, d) == 0);
	CHECK(mustache_render(&out, t, b, NULL, NULL, d) == 0);
	CHECK_STR(buf_cstr(&out), "<p>Ada</p>\n<p>Bo</p>\n");
	CHECK(diags_count(d) == 0);
	mustache_free(t);
	mustache_free(NULL);
	buf_free(&out);
	diags_free(d);
}

int
main(void)
{
	arena = arena_new();
	test_parse_errors();
	test_nesting_limit();
	test_escaping();
	test_scalars();
	test_partials();
	test_inheritance();
	test_depth_limit();
	test_parsed_partials();
	test_steps_limit();
	test_nested_sections();
	test_large_map();
	test_map_index();
	test_output_limit();
	test_reuse();
	arena_free(arena);
	return test_finish();
}
