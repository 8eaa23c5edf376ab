/*
 * Tests of the YAML loader: scalar resolution, positions of nodes and
 * keys, every refused input with its exact position and message, the
 * limits (with inputs built at run time: an alias bomb, deep nesting),
 * the bad inputs of the fuzz corpus, and the Mustache spec files.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "testing.h"
#include "value.h"
#include "yml.h"

static struct arena	*arena;

/* Load text as "t.yml" (data from line first) into *out; returns rc. */
static int
load_at(struct value **out, struct diags *d, const char *text, size_t len,
    int first, const struct yml_limits *lim)
{
	return yml_load(out, arena, "t.yml", text, len, first, lim, d);
}

/* Load a whole file's text that must be good; its root or NULL. */
static struct value *
good_lim(const char *text, const struct yml_limits *lim)
{
	struct diags	*d = diags_new();
	struct value	*v = NULL;
	int		 rc;

	rc = load_at(&v, d, text, strlen(text), 1, lim);
	if (!CHECK(rc == 0 && v != NULL && diags_count(d) == 0)) {
		printf("  input: %s\n", text);
		diags_print(d, stdout, DIAG_FORMAT_TEXT);
	}
	diags_free(d);
	return rc == 0 ? v : NULL;
}

static struct value *
good(const char *text)
{
	return good_lim(text, NULL);
}

/* Is there an error at line:col whose message holds msg? */
static int
has_diag(struct diags *d, int line, int col, const char *msg)
{
	const struct diag	*g;
	size_t			 i;

	for (i = 0; i < diags_count(d); i++) {
		g = diags_get(d, i);
		if (g->level == DIAG_ERROR && g->line == line &&
		    g->col == col && strstr(g->msg, msg) != NULL &&
		    g->path != NULL && strcmp(g->path, "t.yml") == 0)
			return 1;
	}
	return 0;
}

/* The text must fail with an error at line:col holding msg. */
static void
bad_lim(const char *text, size_t len, const struct yml_limits *lim,
    int line, int col, const char *msg, int srcline)
{
	struct diags	*d = diags_new();
	struct value	*v = (struct value *)&v;
	int		 rc;

	rc = load_at(&v, d, text, len, 1, lim);
	if (!test_check(rc == -1 && v == NULL && has_diag(d, line, col, msg),
	    msg, __FILE__, srcline)) {
		printf("  expected %d:%d: %s\n  got:\n", line, col, msg);
		diags_print(d, stdout, DIAG_FORMAT_TEXT);
	}
	diags_free(d);
}

#define BAD(text, line, col, msg) \
	bad_lim((text), strlen(text), NULL, (line), (col), (msg), __LINE__)

static int
is_kind(const struct value *v, enum value_kind k, int line, int col)
{
	return v != NULL && v->kind == k && v->line == line && v->col == col &&
	    v->file != NULL && strcmp(v->file, "t.yml") == 0;
}

static int
is_str(const struct value *v, const char *s)
{
	return v != NULL && v->kind == VALUE_STRING && strcmp(v->str, s) == 0 &&
	    v->len == strlen(s);
}

static int
is_int(const struct value *v, long long i)
{
	return v != NULL && v->kind == VALUE_INT && v->integer == i;
}

static int
is_num(const struct value *v, double n)
{
	return v != NULL && v->kind == VALUE_NUMBER && v->number == n;
}

/* The root of a one-key map "v: TEXT", for scalar tests. */
static struct value *
one(const char *text)
{
	struct value	*v;
	char		 in[256];

	snprintf(in, sizeof(in), "v: %s\n", text);
	v = good(in);
	return value_map_get(v, "v");
}

static void
test_scalars(void)
{
	struct value *v;

	CHECK(one("~")->kind == VALUE_NULL);
	CHECK(one("null")->kind == VALUE_NULL);
	CHECK(one("Null")->kind == VALUE_NULL);
	CHECK(one("NULL")->kind == VALUE_NULL);
	CHECK(one("")->kind == VALUE_NULL);
	CHECK(is_str(one("nULL"), "nULL"));
	CHECK(is_str(one("'null'"), "null"));
	CHECK((v = one("true"))->kind == VALUE_BOOL && v->boolean == 1);
	CHECK((v = one("True"))->kind == VALUE_BOOL && v->boolean == 1);
	CHECK((v = one("TRUE"))->kind == VALUE_BOOL && v->boolean == 1);
	CHECK((v = one("false"))->kind == VALUE_BOOL && v->boolean == 0);
	CHECK((v = one("False"))->kind == VALUE_BOOL && v->boolean == 0);
	CHECK((v = one("FALSE"))->kind == VALUE_BOOL && v->boolean == 0);
	CHECK(is_str(one("yes"), "yes"));
	CHECK(is_str(one("no"), "no"));
	CHECK(is_str(one("on"), "on"));
	CHECK(is_str(one("off"), "off"));
	CHECK(is_str(one("tRUE"), "tRUE"));
	CHECK(is_str(one("\"true\""), "true"));
	CHECK(is_int(one("0"), 0));
	CHECK(is_int(one("42"), 42));
	CHECK(is_int(one("-12"), -12));
	CHECK(is_int(one("+7"), 7));
	CHECK(is_int(one("007"), 7));
	CHECK(is_int(one("0x1F"), 31));
	CHECK(is_int(one("0xff"), 255));
	CHECK(is_int(one("0o17"), 15));
	CHECK(is_int(one("9223372036854775807"), 9223372036854775807LL));
	CHECK(is_int(one("-9223372036854775808"),
	    -9223372036854775807LL - 1));
	CHECK(is_str(one("0x"), "0x"));
	CHECK(is_str(one("0o8"), "0o8"));
	CHECK(is_str(one("-0x10"), "-0x10"));
	CHECK(is_str(one("1_000"), "1_000"));
	CHECK(is_str(one("6 500"), "6 500"));
	CHECK(is_str(one("'42'"), "42"));
	CHECK(is_num(one("1.5"), 1.5));
	CHECK(is_num(one("-0.25"), -0.25));
	CHECK(is_num(one(".5"), 0.5));
	CHECK(is_num(one("3."), 3.0));
	CHECK(is_num(one("1e3"), 1000.0));
	CHECK(is_num(one("2.5E-2"), 0.025));
	CHECK(is_num(one("+1.0e+2"), 100.0));
	CHECK(is_num(one(".inf"), INFINITY));
	CHECK(is_num(one("-.Inf"), -INFINITY));
	CHECK(is_num(one("+.INF"), INFINITY));
	CHECK((v = one(".nan")) != NULL && v->kind == VALUE_NUMBER &&
	    isnan(v->number));
	CHECK(is_str(one("1e"), "1e"));
	CHECK(is_str(one("."), "."));
	CHECK(is_str(one("1.2.3"), "1.2.3"));
	CHECK(is_str(one(".infinity"), ".infinity"));
	CHECK(is_str(one("2021-07-12"), "2021-07-12"));
	CHECK(is_str(one("2021-07-12T23:59:59-04:00"),
	    "2021-07-12T23:59:59-04:00"));
	CHECK(is_str(one("Hello, world"), "Hello, world"));
	CHECK(is_str(one("'it''s'"), "it's"));
	CHECK(is_str(one("\"caf\\u00e9\\tx\""), "caf\xc3\xa9\tx"));
	CHECK(is_str(one("a\tb"), "a\tb"));
	v = good("v: |\n  line 1\n  42\nw: >-\n  folded\n  text\n");
	CHECK(is_str(value_map_get(v, "v"), "line 1\n42\n"));
	CHECK(is_str(value_map_get(v, "w"), "folded text"));
}

static void
test_tags(void)
{
	struct value *v;

	CHECK(is_str(one("!!str 12"), "12"));
	CHECK(is_str(one("!!str true"), "true"));
	CHECK(is_str(one("!!str"), ""));
	CHECK(is_str(one("! 12"), "12"));
	CHECK(is_int(one("!!int \"42\""), 42));
	CHECK(is_int(one("!!int 0x10"), 16));
	CHECK(is_num(one("!!float 3"), 3.0));
	CHECK(is_num(one("!!float '2.5'"), 2.5));
	CHECK((v = one("!!bool 'false'"))->kind == VALUE_BOOL &&
	    v->boolean == 0);
	CHECK(one("!!null ''")->kind == VALUE_NULL);
	CHECK(one("!<tag:yaml.org,2002:null> ~")->kind == VALUE_NULL);
	v = good("a: !!map {b: 1}\nc: !!seq [1]\n");
	CHECK(value_map_get(v, "a")->kind == VALUE_MAP);
	CHECK(value_map_get(v, "c")->kind == VALUE_SEQ);

	BAD("a: !!python/object:os.system x\n", 1, 4,
	    "unsupported tag '!!python/object:os.system'");
	BAD("a: !custom x\n", 1, 4, "unsupported tag '!custom'");
	BAD("a: !!binary aGVsbG8=\n", 1, 4, "unsupported tag '!!binary'");
	BAD("a: !!timestamp 2021-07-12\n", 1, 4,
	    "unsupported tag '!!timestamp'");
	BAD("a: !!set {x}\n", 1, 4, "unsupported tag '!!set'");
	BAD("%TAG !! tag:example.com,2000:\n---\na: !!str x\n", 3, 4,
	    "unsupported tag");
	BAD("a: !!int abc\n", 1, 4, "'abc' (tagged !!int) is not an integer");
	BAD("a: !!int 1.5\n", 1, 4, "is not an integer");
	BAD("a: !!int 99999999999999999999\n", 1, 4, "too big");
	BAD("a: !!float x\n", 1, 4, "'x' (tagged !!float) is not a number");
	BAD("a: !!bool yes\n", 1, 4, "'yes' (tagged !!bool) is not true or");
	BAD("a: !!null 0\n", 1, 4, "is not null");
	BAD("a: !!map x\n", 1, 4, "tag !!map cannot be used on a scalar");
	BAD("a: !!str [1]\n", 1, 4, "tag !!str cannot be used on a list");
	BAD("a: !!seq {b: c}\n", 1, 4, "tag !!seq cannot be used on a map");
}

static void
test_positions(void)
{
	struct value	*v, *s, *m;
	struct diags	*d;
	const char	*text;

	v = good("# comment\ntitle: Hello\nlist:\n  - one\n  - k: v\n"
	    "    n: 2\n\xc3\xa9t\xc3\xa9: \"\xc3\xbc\"\n"
	    "flow: {a: [x, y], b: 1}\n");
	if (!CHECK(v != NULL))
		return;
	CHECK(is_kind(v, VALUE_MAP, 2, 1));
	CHECK(v->count == 4);
	CHECK(is_kind(v->pairs[0].key, VALUE_STRING, 2, 1));
	CHECK(is_str(v->pairs[0].key, "title"));
	CHECK(is_kind(v->pairs[0].val, VALUE_STRING, 2, 8));
	CHECK(is_kind(v->pairs[1].key, VALUE_STRING, 3, 1));
	s = v->pairs[1].val;
	CHECK(is_kind(s, VALUE_SEQ, 4, 3));
	CHECK(s->count == 2);
	CHECK(is_kind(s->items[0], VALUE_STRING, 4, 5));
	m = s->items[1];
	CHECK(is_kind(m, VALUE_MAP, 5, 5));
	CHECK(m->count == 2);
	CHECK(is_kind(m->pairs[0].key, VALUE_STRING, 5, 5));
	CHECK(is_kind(m->pairs[0].val, VALUE_STRING, 5, 8));
	CHECK(is_kind(m->pairs[1].key, VALUE_STRING, 6, 5));
	CHECK(is_kind(m->pairs[1].val, VALUE_INT, 6, 8));
	/* Columns count characters: "été" is three. */
	CHECK(is_kind(v->pairs[2].key, VALUE_STRING, 7, 1));
	CHECK(is_str(v->pairs[2].key, "\xc3\xa9t\xc3\xa9"));
	CHECK(is_kind(v->pairs[2].val, VALUE_STRING, 7, 6));
	m = v->pairs[3].val;
	CHECK(is_kind(v->pairs[3].key, VALUE_STRING, 8, 1));
	CHECK(is_kind(m, VALUE_MAP, 8, 7));
	CHECK(is_kind(m->pairs[0].key, VALUE_STRING, 8, 8));
	CHECK(is_kind(m->pairs[0].val, VALUE_SEQ, 8, 11));
	CHECK(is_kind(m->pairs[0].val->items[1], VALUE_STRING, 8, 15));
	CHECK(is_kind(m->pairs[1].key, VALUE_STRING, 8, 19));
	CHECK(is_kind(m->pairs[1].val, VALUE_INT, 8, 22));

	/* Front matter: data starts on file line 2. */
	d = diags_new();
	text = "layout: default\nref: client\n";
	CHECK(load_at(&v, d, text, strlen(text), 2, NULL) == 0);
	CHECK(is_kind(v, VALUE_MAP, 2, 1));
	CHECK(is_kind(v->pairs[1].key, VALUE_STRING, 3, 1));
	CHECK(is_kind(v->pairs[1].val, VALUE_STRING, 3, 6));
	text = "a: 1\nb: \x01\n";
	CHECK(load_at(&v, d, text, strlen(text), 2, NULL) == -1);
	CHECK(has_diag(d, 3, 4, "U+0001"));
	diags_free(d);

	/* CRLF line ends give the same positions. */
	v = good("a: 1\r\nb:\r\n  - x\r\n");
	CHECK(v != NULL && is_kind(value_map_get(v, "b"), VALUE_SEQ, 3, 3));
	CHECK(v != NULL && is_str(value_map_get(v, "b")->items[0], "x"));

	/* At the end of text with no final line break, positions stay on
	 * the last line (libyaml puts them on the line after). */
	v = good("? k");
	CHECK(v != NULL && is_kind(v->pairs[0].val, VALUE_NULL, 1, 4));
	BAD("a: \"x", 1, 6, "a quote is not closed");
	BAD("a: 1\nb: [1", 2, 6, "did not find expected ',' or ']'");

	/* The path is copied into the arena. */
	{
		char	 path[] = "copy.yml";

		d = diags_new();
		CHECK(yml_load(&v, arena, path, "a: 1", 4, 1, NULL, d) == 0);
		path[0] = 'X';
		CHECK(v->file != path && strcmp(v->file, "copy.yml") == 0);
		CHECK(strcmp(v->pairs[0].key->file, "copy.yml") == 0);
		diags_free(d);
	}
}

static void
test_documents(void)
{
	struct value *v;

	CHECK((v = good("")) != NULL && is_kind(v, VALUE_NULL, 1, 1));
	CHECK((v = good("# only a comment\n")) && v->kind == VALUE_NULL);
	CHECK((v = good("---\n")) != NULL && v->kind == VALUE_NULL);
	CHECK((v = good("---\na: 1\n...\n")) != NULL && v->kind == VALUE_MAP);
	CHECK((v = good("%YAML 1.2\n---\n- 1\n")) && v->kind == VALUE_SEQ);
	CHECK(is_str(good("just text"), "just text"));
	CHECK(is_int(good("12"), 12));
	BAD("a: 1\n---\nb: 2\n", 2, 1, "a second YAML document starts here");
	BAD("a: 1\n...\n---\nb: 2\n", 3, 1, "second YAML document");
	BAD("--- a\n--- b\n", 2, 1, "second YAML document");
}

static void
test_keys(void)
{
	struct value	*v;
	struct diags	*d;
	struct buf	 b = BUF_INIT;
	const char	*text;
	int		 i;

	BAD("lang: en\n\ntitle: One\nref: x\ntitle: Two\n", 5, 1,
	    "duplicate key 'title' (first defined at line 3)");
	BAD("a:\n  b: 1\n  c: 2\n  b: 3\n", 4, 3,
	    "duplicate key 'b' (first defined at line 2)");
	BAD("{x: 1, 'x': 2}\n", 1, 8, "duplicate key 'x' (first defined at");
	BAD("1: one\n", 1, 1, "a map key must be text, not a whole number");
	BAD("true: yes\n", 1, 1, "a map key must be text");
	BAD("~: x\n", 1, 1, "a map key must be text");
	BAD("? [a, b]\n: x\n", 1, 3, "a map key must be text, not a list");
	BAD("{a: b}: c\n", 1, 1, "a map key must be text, not a set of keys");
	/* Quoted or tagged, such keys are text. */
	v = good("'1': one\n!!str 2: two\n\"true\": t\n");
	CHECK(v != NULL && is_str(value_map_get(v, "1"), "one"));
	CHECK(v != NULL && is_str(value_map_get(v, "2"), "two"));
	CHECK(v != NULL && is_str(value_map_get(v, "true"), "t"));
	/* Keys equal in bytes only; "a" and "A" differ. */
	v = good("a: 1\nA: 2\n\"a \": 3\n");
	CHECK(v != NULL && v->count == 3);

	/* Several problems are all reported. */
	d = diags_new();
	text = "a: 1\na: 2\nb: !x 3\nb: 4\n";
	CHECK(load_at(&v, d, text, strlen(text), 1, NULL) == -1);
	CHECK(diags_errors(d) == 3);
	CHECK(has_diag(d, 2, 1, "duplicate key 'a'"));
	CHECK(has_diag(d, 3, 4, "unsupported tag '!x'"));
	CHECK(has_diag(d, 4, 1, "duplicate key 'b' (first defined at line 3)"));
	diags_free(d);

	/* A big map (hashed lookups): no false duplicates, a real one. */
	for (i = 0; i < 5000; i++)
		buf_printf(&b, "key%d: %d\n", i, i);
	v = good(buf_cstr(&b));
	CHECK(v != NULL && v->count == 5000);
	CHECK(v != NULL && is_int(value_map_get(v, "key4321"), 4321));
	CHECK(v != NULL && is_kind(v->pairs[4999].key, VALUE_STRING, 5000, 1));
	buf_puts(&b, "key2500: again\n");
	bad_lim(b.data, b.len, NULL, 5001, 1,
	    "duplicate key 'key2500' (first defined at line 2501)", __LINE__);
	buf_free(&b);
}

static void
test_text(void)
{
	static const char nul[] = "a: x\nb: y\0z\n";

	BAD("a: caf\xc3\xa9 \xff\n", 1, 9, "invalid UTF-8 byte 0xFF");
	BAD("a: 1\nb: \xc3\xa9\xc3\n", 2, 5, "invalid UTF-8 byte 0xC3");
	BAD("a: \xc0\xaf\n", 1, 4, "invalid UTF-8");		/* overlong */
	BAD("a: \xed\xa0\x80\n", 1, 4, "invalid UTF-8");	/* surrogate */
	BAD("a: \xf4\x90\x80\x80\n", 1, 4, "invalid UTF-8");	/* > 10FFFF */
	BAD("a: x\n\xe2\x82\n", 2, 1, "invalid UTF-8 byte 0xE2"); /* cut */
	BAD("a: 1\nb: \x07\n", 2, 4, "U+0007 is a control character");
	BAD("a: \x7f\n", 1, 4, "U+007F is a control character");
	BAD("a: 1\rb: 2\n", 1, 5, "carriage return without a line feed");
	BAD("a: x\xe2\x80\xa8y\n", 1, 5, "U+2028 is an invisible line");
	bad_lim(nul, sizeof(nul) - 1, NULL, 2, 5, "U+0000", __LINE__);
	BAD("a: \"x\\0y\"\n", 1, 4, "NUL character");
	/* Tabs: refused as indentation, fine inside values. */
	BAD("a:\n\tb: 1\n", 2, 1, "a tab character is used for indentation");
	BAD("a:\n  b: 1\n \tc: 2\n", 3, 2, "tab character is used for");
	BAD("list:\n- a\n-\tb\n", 3, 2, "tab character is used for");
	BAD("a:\n  - b\n  -\tc\n", 3, 4, "tab character is used for");
	BAD("k:\n- a\n\t- b\n", 3, 1, "tab character is used for");
	BAD("a: b\n\t# c\n", 2, 1, "tab character is used for");
	BAD("\xc3\xa9: |\n  x\n\t\n", 3, 1, "tab character is used for");
	BAD("a: |\n\ttext\n", 2, 1, "tab character is used for indentation");
	CHECK(is_str(value_map_get(good("a:\tx\ty\n"), "a"), "x\ty"));
	CHECK(is_str(value_map_get(good("a: [x,\n\ty]\n"), "a")->items[1],
	    "y"));
}

static void
test_syntax(void)
{
	BAD("a: \"open\nb: 2\n", 3, 1, "quoted text");
	BAD("a: [1, 2\nb: 3\n", 2, 2, "did not find expected ',' or ']'");
	BAD("a: b: c\n", 1, 5, "':' is not allowed here");
	BAD("a:\n  b: 1\n c: 2\n", 3, 2, "the indentation of 'c' (1) lines "
	    "it up with no key above it: start it with 2 spaces to keep it "
	    "in 'a' (like 'b' on line 2), or with 0 to end 'a'");
	BAD("a:\n  b: 1\n   c: 2\n", 3, 4, "'c' is indented more than 'b' "
	    "on line 2 (3, not 2), so it reads as the rest of that line's "
	    "value: start it with 2 spaces, like 'b'");
	BAD("a: 1\n\n  # note\n  c: 2\n", 4, 3, "'c' is indented more than "
	    "'a' on line 1");
	BAD("- a: 1\n  b: 2\n c: 3\n", 3, 2, "not lined up");
	BAD("title\nref: x\n", 2, 4, "mapping values");
	BAD("a: @x\n", 1, 4, "cannot start a value");
	BAD("- a\nb: c\n", 2, 1, "did not find expected '-' indicator");
}

static void
test_aliases(void)
{
	struct yml_limits	 lim = yml_default_limits;
	struct value		*v;

	v = good("base: &b {x: 1}\ncopy: *b\nname: &n hi\nk: [*n, *n]\n");
	if (CHECK(v != NULL)) {
		CHECK(value_map_get(v, "copy") == value_map_get(v, "base"));
		CHECK(value_map_get(v, "k")->items[0] ==
		    value_map_get(v, "name"));
		CHECK(is_kind(value_map_get(v, "copy"), VALUE_MAP, 1, 7));
	}
	/* A later anchor of the same name wins. */
	v = good("- &a 1\n- &a 2\n- *a\n");
	CHECK(v != NULL && is_int(v->items[2], 2));
	/* An alias as a key is checked like any key. */
	BAD("- &k key\n- {key: 1, *k : 2}\n", 2, 12, "duplicate key 'key'");
	BAD("a: *nope\n", 1, 4, "alias '*nope' has no anchor '&nope'");
	BAD("a: &x [1, *x]\n", 1, 11, "alias '*x' is inside the node");
	lim.max_aliases = 2;
	bad_lim("a: &a 1\nb: [*a, *a, *a]\n", 24, &lim, 2, 13,
	    "too many aliases: at most 2", __LINE__);
	lim = yml_default_limits;
	lim.max_nodes = 10;
	/* 1 map + 2 keys + seq + 3 scalars = 7; the alias adds 4. */
	bad_lim("a: &s [1, 2, 3]\nb: *s\n", 22, &lim, 2, 4,
	    "more than 10 values", __LINE__);
	lim.max_nodes = 11;
	CHECK(good_lim("a: &s [1, 2, 3]\nb: *s\n", &lim) != NULL);
}

/* An alias bomb: level i is a list of ten aliases of level i - 1. */
static void
test_alias_bomb(void)
{
	struct yml_limits	 lim = yml_default_limits;
	struct buf		 b = BUF_INIT;
	int			 i, j;

	buf_puts(&b, "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, "
	    "lol, lol]\n");
	for (i = 1; i < 10; i++) {
		buf_printf(&b, "l%d: &l%d [", i, i);
		for (j = 0; j < 10; j++)
			buf_printf(&b, "%s*l%d", j ? ", " : "", i - 1);
		buf_puts(&b, "]\n");
	}
	/*
	 * Level i holds 1 + 10 * (level i - 1) nodes: 11, 111, 1111, 11111,
	 * 111111. Lines 1-4 make 4 keys + 12343 nodes, so on line 5 the 8th
	 * alias (column 10 + 5 * 7) passes 100000.
	 */
	bad_lim(b.data, b.len, NULL, 5, 45, "more than 100000 values",
	    __LINE__);
	/* Without a node limit, the 65th alias (line 8, 5th) stops it. */
	lim.max_nodes = (size_t)-1;
	bad_lim(b.data, b.len, &lim, 8, 30, "too many aliases: at most 64",
	    __LINE__);
	buf_free(&b);
}

/* depth collections opened with open, closed with close. */
static void
nest(struct buf *b, int depth, const char *open, const char *close)
{
	int i;

	for (i = 0; i < depth; i++)
		buf_puts(b, open);
	for (i = 0; i < depth; i++)
		buf_puts(b, close);
}

static void
test_depth(void)
{
	struct yml_limits	 lim = yml_default_limits;
	struct buf		 b = BUF_INIT;
	struct value		*v;
	int			 i;

	nest(&b, 64, "[", "]");
	v = good(b.data);
	for (i = 1; v != NULL && i < 64; i++)
		v = v->count == 1 ? v->items[0] : NULL;
	CHECK(v != NULL && v->kind == VALUE_SEQ && v->count == 0);
	buf_reset(&b);
	nest(&b, 65, "[", "]");
	bad_lim(b.data, b.len, NULL, 1, 65,
	    "nested more than 64 levels deep", __LINE__);
	buf_reset(&b);
	nest(&b, 10000, "[", "]");
	bad_lim(b.data, b.len, NULL, 1, 65, "nested more than 64", __LINE__);
	buf_reset(&b);
	nest(&b, 10000, "{a: ", "}");
	bad_lim(b.data, b.len, NULL, 1, 4 * 64 + 1, "nested more than 64",
	    __LINE__);
	buf_reset(&b);
	nest(&b, 10000, "[", "");
	bad_lim(b.data, b.len, NULL, 1, 65, "nested more than 64", __LINE__);
	buf_reset(&b);
	for (i = 0; i < 5; i++)
		buf_printf(&b, "%*sk%d:\n", 2 * i, "", i);
	lim.max_depth = 3;
	bad_lim(b.data, b.len, &lim, 4, 7, "nested more than 3 levels",
	    __LINE__);
	lim = yml_default_limits;
	lim.max_bytes = 10;
	bad_lim("a: 12345678\n", 12, &lim, 0, 0,
	    "the file is 12 bytes long; the limit is 10 bytes", __LINE__);
	buf_free(&b);
}

/* Every file of dir whose name starts with prefix and ends in .yml. */
static int
each_file(const char *dir, const char *prefix,
    void (*fn)(const char *, const char *, struct buf *))
{
	struct dirent	**names;
	struct buf	  b = BUF_INIT;
	char		  path[4096];
	int		  i, n, count = 0;

	if ((n = scandir(dir, &names, NULL, alphasort)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t	    len = strlen(name);

		if (strncmp(name, prefix, strlen(prefix)) == 0 && len > 4 &&
		    strcmp(name + len - 4, ".yml") == 0) {
			snprintf(path, sizeof(path), "%s/%s", dir, name);
			if (CHECK(test_slurp(&b, path) == 0))
				fn(name, path, &b);
			count++;
		}
		free(names[i]);
	}
	free(names);
	buf_free(&b);
	return count;
}

static void
corpus_bad(const char *name, const char *path, struct buf *b)
{
	struct diags	*d = diags_new();
	struct value	*v;
	int		 rc;

	rc = yml_load(&v, arena, path, b->data ? b->data : "", b->len, 1,
	    NULL, d);
	if (!CHECK(rc == -1 && diags_errors(d) > 0 &&
	    diags_get(d, 0)->line > 0 && diags_get(d, 0)->col > 0))
		printf("  corpus file %s\n", name);
	diags_free(d);
}

static void
spec_file(const char *name, const char *path, struct buf *b)
{
	struct diags	*d = diags_new();
	struct value	*v = NULL;
	int		 rc;

	rc = yml_load(&v, arena, path, b->data ? b->data : "", b->len, 1,
	    NULL, d);
	if (strcmp(name, "~lambdas.yml") == 0)
		CHECK(rc == -1 && strstr(diags_get(d, 0)->msg,
		    "unsupported tag '!code'") != NULL);
	else if (!CHECK(rc == 0 && v != NULL && v->kind == VALUE_MAP &&
	    value_map_get(v, "tests") != NULL &&
	    value_map_get(v, "tests")->kind == VALUE_SEQ)) {
		printf("  spec file %s\n", name);
		diags_print(d, stdout, DIAG_FORMAT_TEXT);
	}
	diags_free(d);
}

static void
test_files(void)
{
	const char	*src = getenv("MARCHE_SOURCE_DIR");
	const char	*spec = getenv("MARCHE_SPEC_DIR");
	char		 dir[4096];

	if (CHECK(src != NULL)) {
		snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/yml", src);
		CHECK(each_file(dir, "bad-", corpus_bad) >= 15);
	}
	if (CHECK(spec != NULL))
		CHECK(each_file(spec, "", spec_file) >= 9);
}

/*
 * A node stays small: every opportunity's file is held as a tree of
 * them for the whole build. A scalar's value shares one field.
 */
static void
test_node_size(void)
{
	struct value	*v = value_int(arena, 42);

	CHECK(sizeof(struct value) <= 80);
	CHECK(v->kind == VALUE_INT && v->integer == 42);
	v = value_number(arena, 0.5);
	CHECK(v->kind == VALUE_NUMBER && v->number == 0.5);
	v = value_bool(arena, 1);
	CHECK(v->kind == VALUE_BOOL && v->boolean == 1);
	CHECK(value_equal(value_bool(arena, 1), v));
	CHECK(!value_equal(value_bool(arena, 0), v));
}

int
main(void)
{
	arena = arena_new();
	test_node_size();
	test_scalars();
	test_tags();
	test_positions();
	test_documents();
	test_keys();
	test_text();
	test_syntax();
	test_aliases();
	test_alias_bomb();
	test_depth();
	test_files();
	arena_free(arena);
	return test_finish();
}
