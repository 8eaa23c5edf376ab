/*
 * The YAML loader. libyaml is driven in event mode: each event either
 * opens a collection (pushed on a stack of frames), closes one (popped and
 * placed into its parent), or brings a scalar or an alias (placed into the
 * collection on top of the stack). Placing a node into a map checks the
 * key: it must be a string and not already present. What a scalar's text
 * means (null, boolean, number, string) and which tags are allowed is
 * decided in yml_scalar.c.
 *
 * The text is checked before libyaml sees it (UTF-8, control characters,
 * line separators), so that positions point at the bad byte and so that
 * libyaml's line count (which also breaks lines at CR, NEL, LS and PS)
 * agrees with the "\n" count the diagnostics module uses.
 *
 * Limits stop the parse as soon as they are passed: input size, nesting
 * depth, alias uses, and the node count with every alias expanded (an
 * alias counts the whole subtree it points at, so "billion laughs" inputs
 * are caught after a few events, not after building them).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "text.h"
#include "value.h"
#include "xalloc.h"
#include "yml_impl.h"

const struct yml_limits yml_default_limits = {
	1024 * 1024,	/* max_bytes */
	64,		/* max_depth */
	64,		/* max_aliases */
	100000		/* max_nodes */
};

/* Maps with more keys than this get a hash table for duplicate checks. */
#define MAP_LINEAR	16
/* Longest key or scalar text quoted in a message, in bytes. */
#define QUOTE_MAX	60

/* An anchor defined so far in the document. */
struct yml_anchor {
	char		*name;	/* anchor name (malloc'd) */
	struct value	*node;	/* the node it names */
	size_t		 size;	/* nodes in its subtree, aliases expanded */
	int		 done;	/* 1 once the node is complete */
};

/* A sequence or map being filled. */
struct yml_frame {
	struct value	*node;	/* the collection */
	yaml_mark_t	 start;	/* where it starts */
	int		 want_value; /* map: a key was seen, value next */
	struct value	*key;	/* map: that key, NULL to drop the value */
	size_t		 first;	/* node count just after this node */
	size_t		 anchor; /* index in anchors + 1, or 0 */
	size_t		*slots;	/* map: hash table of pair index + 1 */
	size_t		 nslots; /* slots allocated (a power of two) */
};

/*
 * At the end of input that does not end with a line break, libyaml puts
 * its mark at the start of a line after the last one: move such a mark to
 * the end of the last line, which the user can see.
 */
static yaml_mark_t
mark_clamp(const struct yml_ctx *c, yaml_mark_t m)
{
	if (m.line > c->breaks) {
		m.line = c->breaks;
		m.column = c->last_chars;
	}
	return m;
}

/* File line of a libyaml mark. */
static int
mark_line(const struct yml_ctx *c, yaml_mark_t m)
{
	m = mark_clamp(c, m);
	if (m.line > (size_t)(INT_MAX - c->first_line))
		return INT_MAX;
	return (int)m.line + c->first_line;
}

/* File column (characters, 1-based) of a libyaml mark. */
static int
mark_col(const struct yml_ctx *c, yaml_mark_t m)
{
	m = mark_clamp(c, m);
	return m.column >= INT_MAX ? INT_MAX : (int)m.column + 1;
}

/* Report a problem at m to c->d; sets c->failed, so the load fails. */
void
yml_report(struct yml_ctx *c, yaml_mark_t m, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	diag_vreportf(c->d, DIAG_ERROR, c->path, mark_line(c, m),
	    mark_col(c, m), fmt, ap);
	va_end(ap);
	c->failed = 1;
}

static void
set_pos(const struct yml_ctx *c, struct value *v, yaml_mark_t m)
{
	v->file = c->path;
	v->line = mark_line(c, m);
	v->col = mark_col(c, m);
}

/*
 * A short, printable copy of n bytes of s for messages, in c->a; never
 * NULL.
 */
const char *
yml_quote(struct yml_ctx *c, const char *s, size_t n)
{
	size_t	 i, cut = n;
	char	*q;

	if (cut > QUOTE_MAX) {
		cut = QUOTE_MAX;
		/* Do not cut a UTF-8 sequence in two. */
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
	}
	q = arena_alloc(c->a, cut + 4);
	for (i = 0; i < cut; i++)
		q[i] = ((unsigned char)s[i] < 0x20) ? ' ' : s[i];
	if (cut < n)
		memcpy(q + cut, "...", 3);
	return q;
}

/*
 * Text checks before parsing.
 */

/* Report the first encoding problem in the text; 0 if there is none. */
static int
check_text(struct yml_ctx *c)
{
	struct text_end	end;

	if (text_check(&end, c->path, c->data, c->len, c->first_line, "YAML",
	    c->d) < 0)
		return -1;
	c->breaks = (size_t)(end.line - c->first_line);
	c->last_chars = (size_t)(end.col - 1);
	return 0;
}

/*
 * libyaml errors.
 */

/* Friendlier words for libyaml's most common complaints. */
static const struct {
	const char	*problem;	/* start of libyaml's problem text */
	const char	*hint;		/* what to tell the user */
} hints[] = {
	{ "could not find expected ':'",
	    N_("a line is not \"key: value\": is a ':' missing?") },
	{ "mapping values are not allowed",
	    N_("':' is not allowed here; quote a value that contains \": \"") },
	{ "did not find expected key",
	    N_("this line is not lined up with the keys above it") },
	{ "did not find expected '-' indicator",
	    N_("this line is not lined up with the list items above it") },
	{ "found character that cannot start any token",
	    N_("this character cannot start a value; quote the value") },
	{ "found unexpected end of stream",
	    N_("the file ends inside quoted text: a quote is not closed") },
	{ "found undefined tag handle", N_("unknown tag handle") },
};

/* Column (1-based) of a tab that stands for indentation, or 0. */
static int
tab_column(const struct yml_ctx *c, yaml_mark_t m)
{
	const char	*p = c->data, *end = c->data + c->len, *nl;
	size_t		 line, chars = 0;

	for (line = 0; line < m.line; line++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return 0;
		p = nl + 1;
	}
	/* A tab in the line's leading blanks, at or before the problem. */
	for (; p < end && (*p == ' ' || *p == '\t'); p++, chars++)
		if (*p == '\t' && chars <= m.column)
			return (int)chars + 1;
	/* Or the problem is a tab itself (as in "-<tab>item"). */
	while (p < end && *p != '\n' && chars < m.column) {
		p++;
		while (p < end && ((unsigned char)*p & 0xC0) == 0x80)
			p++;
		chars++;
	}
	return (p < end && *p == '\t') ? (int)chars + 1 : 0;
}

/*
 * Indentation: what a line of the input (0-based, as libyaml counts)
 * looks like, for messages that say which line is mis-indented.
 */
struct yline {
	const char	*s;	/* the line's bytes */
	size_t		 len;	/* without its line break */
	int		 indent; /* leading spaces */
	int		 kcol;	/* spaces before the key ("- " counts) */
	int		 blank;	/* empty, spaces or a comment only */
	const char	*key;	/* "key" of "key: value" or "- key: ...",
				 * or NULL */
	int		 keylen; /* its length, at most 40 */
	int		 value;	/* a value follows the key on the line */
};

static int
yline_get(const struct yml_ctx *c, size_t n, struct yline *l)
{
	const char	*p = c->data, *end = c->data + c->len, *nl, *q, *k;
	size_t		 i;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < n; i++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return -1;
		p = nl + 1;
	}
	nl = memchr(p, '\n', (size_t)(end - p));
	l->s = p;
	l->len = (size_t)((nl != NULL ? nl : end) - p);
	if (l->len > 0 && p[l->len - 1] == '\r')
		l->len--;
	while ((size_t)l->indent < l->len && p[l->indent] == ' ')
		l->indent++;
	q = p + l->indent;
	l->blank = q == p + l->len || *q == '#';
	if (l->blank)
		return 0;
	if (q + 1 < p + l->len && q[0] == '-' && q[1] == ' ')
		for (q += 2; q < p + l->len && *q == ' '; q++)
			;
	for (k = q; k < p + l->len && *k != '"' && *k != '\'' && *k != '#';
	    k++) {
		if (*k == ':' && (k + 1 == p + l->len || k[1] == ' ')) {
			l->key = q;
			l->kcol = (int)(q - p);
			l->keylen = k - q > 40 ? 40 : (int)(k - q);
			for (k++; k < p + l->len && *k == ' '; k++)
				;
			l->value = k < p + l->len && *k != '#' && *k != '|' &&
			    *k != '>';
			break;
		}
	}
	return 0;
}

/* The last line before n that is not blank, into l; -1 if none. */
static int
yline_before(const struct yml_ctx *c, size_t n, struct yline *l, size_t *at)
{
	while (n-- > 0)
		if (yline_get(c, n, l) == 0 && !l->blank) {
			*at = n;
			return 0;
		}
	return -1;
}

/* The last line before n with a key whose column is past col (or, with
 * below set, before col), into l; -1 if none. */
static int
ykey_before(const struct yml_ctx *c, size_t n, int col, int below,
    struct yline *l, size_t *at)
{
	while (yline_before(c, n, l, at) == 0) {
		if (l->key != NULL && (below ? l->kcol < col :
		    l->kcol > col))
			return 0;
		n = *at;
	}
	return -1;
}

/*
 * Say in plain words which line is mis-indented and what to do, for
 * libyaml's problem at line n; returns 1 when it did.
 */
static int
report_indent(struct yml_ctx *c, const char *problem, size_t n)
{
	struct yline	 cur, prev, outer;
	size_t		 pn, on;
	int		 line = (int)n + c->first_line;

	if (yline_get(c, n, &cur) != 0 || cur.blank || cur.key == NULL)
		return 0;
	/* "key: value", then a line indented more: it continues the value. */
	if (yline_before(c, n, &prev, &pn) == 0 && prev.key != NULL &&
	    prev.value && cur.indent > prev.kcol) {
		diag_error(c->d, c->path, line, cur.indent + 1, "'%.*s' is "
		    "indented more than '%.*s' on line %d (%d, not %d), so "
		    "it reads as the rest of that line's value: start "
		    "it with %d spaces, like '%.*s'", cur.keylen, cur.key,
		    prev.keylen, prev.key, (int)pn + c->first_line, cur.indent,
		    prev.kcol, prev.kcol, prev.keylen, prev.key);
		return 1;
	}
	/* Less than the keys above it, more than their parent's. */
	if (strncmp(problem, "did not find expected key", 25) == 0 ||
	    strncmp(problem, "did not find expected '-' indicator", 35) == 0) {
		if (ykey_before(c, n, cur.indent, 0, &prev, &pn) != 0 ||
		    ykey_before(c, pn, prev.kcol, 1, &outer, &on) != 0 ||
		    cur.indent <= outer.kcol)
			return 0;
		diag_error(c->d, c->path, line, cur.indent + 1, "the "
		    "indentation of '%.*s' (%d) lines it up with no key above "
		    "it: start it with %d spaces to keep it in '%.*s' (like "
		    "'%.*s' on line %d), or with %d to end '%.*s'", cur.keylen,
		    cur.key, cur.indent, prev.kcol, outer.keylen, outer.key,
		    prev.keylen, prev.key, (int)pn + c->first_line,
		    outer.kcol, outer.keylen, outer.key);
		return 1;
	}
	return 0;
}

static void
report_parser(struct yml_ctx *c, const yaml_parser_t *p)
{
	const char	*problem = p->problem ? p->problem : "unknown error";
	const char	*hint = NULL;
	char		 detail[256];
	yaml_mark_t	 pm;
	size_t		 i;
	int		 line, col, tab;

	if (p->error == YAML_MEMORY_ERROR) {
		diag_error(c->d, c->path, 0, 0, "out of memory reading YAML");
		return;
	}
	pm = mark_clamp(c, p->problem_mark);
	line = mark_line(c, pm);
	col = mark_col(c, pm);
	if (p->error == YAML_READER_ERROR) {
		/* The text was checked: only the position is uncertain. */
		diag_error(c->d, c->path, c->first_line, 0, "unreadable "
		    "YAML text: %s (byte %zu)", problem, p->problem_offset);
		return;
	}
	tab = tab_column(c, pm);
	if (tab > 0) {
		diag_error(c->d, c->path, line, tab, "a tab character is "
		    "used for indentation; YAML needs spaces here");
		return;
	}
	if ((p->error == YAML_PARSER_ERROR || p->error ==
	    YAML_SCANNER_ERROR) && report_indent(c, problem, pm.line))
		return;
	for (i = 0; i < sizeof(hints) / sizeof(hints[0]); i++)
		if (strncmp(problem, hints[i].problem,
		    strlen(hints[i].problem)) == 0)
			hint = hints[i].hint;
	if (p->context != NULL)
		snprintf(detail, sizeof(detail), "%s %s that started at line "
		    "%d, column %d", problem, p->context,
		    mark_line(c, p->context_mark),
		    mark_col(c, p->context_mark));
	else
		snprintf(detail, sizeof(detail), "%s", problem);
	if (hint != NULL)
		diag_error(c->d, c->path, line, col, "%s (YAML parser: %s)",
		    hint, detail);
	else
		diag_error(c->d, c->path, line, col, "invalid YAML: %s",
		    detail);
}

/*
 * Building the tree.
 */

static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t	h = 14695981039346656037ULL;
	size_t		i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static int
same_key(const struct value *a, const struct value *b)
{
	return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
}

/* Put pair index i of f's map into its hash table. */
static void
map_slot_add(struct yml_frame *f, size_t i)
{
	const struct value	*k = f->node->pairs[i].key;
	size_t			 s;

	s = hash_bytes(k->str, k->len) & (f->nslots - 1);
	while (f->slots[s] != 0)
		s = (s + 1) & (f->nslots - 1);
	f->slots[s] = i + 1;
}

/* Note the pair just appended to f's map for later lookups. */
static void
map_index(struct yml_frame *f)
{
	size_t	count = f->node->count, i;

	if (count <= MAP_LINEAR)
		return;
	if (count * 2 > f->nslots) {
		free(f->slots);
		f->nslots = f->nslots ? f->nslots * 2 : 4 * MAP_LINEAR;
		f->slots = xcalloc(f->nslots, sizeof(*f->slots));
		for (i = 0; i < count; i++)
			map_slot_add(f, i);
	} else
		map_slot_add(f, count - 1);
}

/* The key already in f's map equal to k, or NULL. */
static const struct value *
map_find(const struct yml_frame *f, const struct value *k)
{
	const struct value_pair	*pairs = f->node->pairs;
	size_t			 i, s;

	if (f->slots == NULL) {
		for (i = 0; i < f->node->count; i++)
			if (same_key(pairs[i].key, k))
				return pairs[i].key;
		return NULL;
	}
	s = hash_bytes(k->str, k->len) & (f->nslots - 1);
	for (; f->slots[s] != 0; s = (s + 1) & (f->nslots - 1))
		if (same_key(pairs[f->slots[s] - 1].key, k))
			return pairs[f->slots[s] - 1].key;
	return NULL;
}

/*
 * Check v as the next key of f's map; keeps it if it is good. Problems
 * are reported at m, where the key is used (an alias's own position).
 */
static void
map_key(struct yml_ctx *c, struct yml_frame *f, struct value *v, yaml_mark_t m,
    int reported)
{
	const struct value	*prev;

	f->want_value = 1;
	f->key = NULL;
	if (reported)
		return;
	if (v->kind != VALUE_STRING) {
		yml_report(c, m, "a map key must be text, not %s%s",
		    value_kind_name(v->kind),
		    v->kind < VALUE_STRING ? N_(" (put the key in quotes)") : "");
	} else if ((prev = map_find(f, v)) != NULL) {
		yml_report(c, m, "duplicate key '%s' (first defined at line "
		    "%d)", yml_quote(c, v->str, v->len), prev->line);
	} else
		f->key = v;
}

/*
 * Put a finished node, used at m, into the collection being filled (or
 * make it the document's node). reported: a problem with v was already
 * reported, so a bad key is not reported again.
 */
static void
place(struct yml_ctx *c, struct value *v, yaml_mark_t m, int reported)
{
	struct yml_frame	*f;

	if (c->depth == 0) {
		c->root = v;
		return;
	}
	f = &c->stack[c->depth - 1];
	if (f->node->kind == VALUE_SEQ)
		value_seq_push(c->a, f->node, v);
	else if (!f->want_value)
		map_key(c, f, v, m, reported);
	else {
		if (f->key != NULL) {
			value_map_append(c->a, f->node, f->key, v);
			map_index(f);
		}
		f->want_value = 0;
		f->key = NULL;
	}
}

/* Count n more nodes; reports and returns -1 past the limit. */
static int
count_nodes(struct yml_ctx *c, size_t n, yaml_mark_t m)
{
	c->nodes = (n > SIZE_MAX - c->nodes) ? SIZE_MAX : c->nodes + n;
	if (c->nodes <= c->lim->max_nodes)
		return 0;
	yml_report(c, m, "the document has more than %zu values (counting "
	    "what aliases repeat)", c->lim->max_nodes);
	return -1;
}

/* Remember an anchor; returns its index + 1. */
static size_t
anchor_add(struct yml_ctx *c, const yaml_char_t *name, struct value *v,
    int done)
{
	struct yml_anchor	*an;

	if (c->nanchors == c->anchors_cap) {
		c->anchors_cap = c->anchors_cap ? c->anchors_cap * 2 : 16;
		c->anchors = xreallocarray(c->anchors, c->anchors_cap,
		    sizeof(*c->anchors));
	}
	an = &c->anchors[c->nanchors++];
	an->name = xstrdup((const char *)name);
	an->node = v;
	an->size = 1;
	an->done = done;
	return c->nanchors;
}

static int
on_scalar(struct yml_ctx *c, const yaml_event_t *ev)
{
	const char	*s = (const char *)ev->data.scalar.value;
	size_t		 n = ev->data.scalar.length;
	yaml_mark_t	 m = ev->start_mark;
	enum yml_tag	 t;
	struct value	*v;
	int		 bad = 0;

	if (count_nodes(c, 1, m) < 0)
		return -1;
	t = yml_tag_get(c, ev->data.scalar.tag, m);
	if (memchr(s, '\0', n) != NULL) {
		yml_report(c, m, "text may not contain a NUL character (\\0)");
		bad = 1;
	}
	if (t == YML_TAG_NONE &&
	    ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
		v = yml_resolve_plain(c, s, n, m);
	else if (t == YML_TAG_NONE || t == YML_TAG_PLAIN || t == YML_TAG_BAD)
		v = value_stringn(c->a, s, n);
	else
		v = yml_coerce(c, t, s, n, m);
	set_pos(c, v, m);
	v->quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	    ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (ev->data.scalar.anchor != NULL)
		anchor_add(c, ev->data.scalar.anchor, v, 1);
	place(c, v, m, bad || t == YML_TAG_BAD);
	return 0;
}

static int
on_alias(struct yml_ctx *c, const yaml_event_t *ev)
{
	const char	*name = (const char *)ev->data.alias.anchor;
	yaml_mark_t	 m = ev->start_mark;
	struct yml_anchor	*an = NULL;
	struct value	*v;
	size_t		 i;

	if (++c->aliases > c->lim->max_aliases) {
		yml_report(c, m, "too many aliases: at most %zu are allowed in "
		    "a file", c->lim->max_aliases);
		return -1;
	}
	for (i = c->nanchors; i > 0 && an == NULL; i--)
		if (strcmp(c->anchors[i - 1].name, name) == 0)
			an = &c->anchors[i - 1];
	if (an == NULL || !an->done) {
		yml_report(c, m, an == NULL ?
		    "alias '*%s' has no anchor '&%s' before it" :
		    "alias '*%s' is inside the node anchored as '&%s'",
		    yml_quote(c, name, strlen(name)),
		    yml_quote(c, name, strlen(name)));
		v = value_null(c->a);
		set_pos(c, v, m);
		place(c, v, m, 1);
		return count_nodes(c, 1, m);
	}
	if (count_nodes(c, an->size, m) < 0)
		return -1;
	place(c, an->node, m, 0);
	return 0;
}

static int
on_start(struct yml_ctx *c, const yaml_event_t *ev)
{
	int		 map = ev->type == YAML_MAPPING_START_EVENT;
	yaml_mark_t	 m = ev->start_mark;
	const yaml_char_t *tag, *anchor;
	struct yml_frame	*f;
	enum yml_tag	 t;

	if (c->lim->max_depth <= 0 ||
	    c->depth >= (size_t)c->lim->max_depth) {
		yml_report(c, m, "lists and maps are nested more than %d "
		    "levels deep", c->lim->max_depth);
		return -1;
	}
	if (count_nodes(c, 1, m) < 0)
		return -1;
	tag = map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
	anchor = map ? ev->data.mapping_start.anchor :
	    ev->data.sequence_start.anchor;
	t = yml_tag_get(c, tag, m);
	if (t != YML_TAG_NONE && t != YML_TAG_PLAIN && t != YML_TAG_BAD &&
	    t != (map ? YML_TAG_MAP : YML_TAG_SEQ))
		yml_report(c, m, "tag %s cannot be used on a %s",
		    yml_tag_names[t], map ? N_("map") : N_("list"));
	if (c->depth == c->stack_cap) {
		c->stack_cap = c->stack_cap ? c->stack_cap * 2 : 16;
		c->stack = xreallocarray(c->stack, c->stack_cap,
		    sizeof(*c->stack));
	}
	f = &c->stack[c->depth++];
	memset(f, 0, sizeof(*f));
	f->node = map ? value_map(c->a) : value_seq(c->a);
	set_pos(c, f->node, m);
	f->start = m;
	f->first = c->nodes;
	if (anchor != NULL)
		f->anchor = anchor_add(c, anchor, f->node, 0);
	return 0;
}

static void
on_end(struct yml_ctx *c)
{
	struct yml_frame	*f = &c->stack[--c->depth];
	struct value	*v = f->node;

	if (f->anchor > 0) {
		c->anchors[f->anchor - 1].size = c->nodes - f->first + 1;
		c->anchors[f->anchor - 1].done = 1;
	}
	free(f->slots);
	f->slots = NULL;
	place(c, v, f->start, 0);
}

/* Handle one event: 0 to go on, 1 at the end, -1 to stop on a problem. */
static int
on_event(struct yml_ctx *c, const yaml_event_t *ev)
{
	yaml_mark_t	m = ev->start_mark;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (c->docs++ == 0)
			return 0;
		yml_report(c, m, "a second YAML document starts here; a file "
		    "may hold only one (remove this '---' line or what "
		    "follows it)");
		return -1;
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_ALIAS_EVENT:
		return on_alias(c, ev);
	case YAML_SCALAR_EVENT:
		return on_scalar(c, ev);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return on_start(c, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (c->depth > 0)
			on_end(c);
		return 0;
	default:
		return 0;
	}
}

/* Run libyaml over the text; returns 0 if every event was handled. */
static int
parse(struct yml_ctx *c)
{
	yaml_parser_t	p;
	yaml_event_t	ev;
	int		rc = 0;

	if (!yaml_parser_initialize(&p)) {
		diag_error(c->d, c->path, 0, 0, "out of memory reading YAML");
		return -1;
	}
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&p, (const unsigned char *)c->data,
	    c->len);
	while (rc == 0) {
		if (!yaml_parser_parse(&p, &ev)) {
			report_parser(c, &p);
			c->failed = 1;
			break;
		}
		rc = on_event(c, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return rc == 1 ? 0 : -1;
}

int
yml_load(struct value **out, struct arena *a, const char *path,
    const char *data, size_t len, int first_line,
    const struct yml_limits *limits, struct diags *d)
{
	struct yml_ctx	c;
	size_t		i;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.d = d;
	c.path = path ? arena_strdup(a, path) : NULL;
	c.data = data ? data : "";
	c.len = len;
	c.first_line = first_line > 0 ? first_line : 1;
	c.lim = limits ? limits : &yml_default_limits;
	if (len > c.lim->max_bytes) {
		diag_error(d, c.path, 0, 0, "the file is %zu bytes long; "
		    "the limit is %zu bytes", len, c.lim->max_bytes);
		return -1;
	}
	if (check_text(&c) < 0)
		return -1;
	parse(&c);
	for (i = 0; i < c.depth; i++)
		free(c.stack[i].slots);
	for (i = 0; i < c.nanchors; i++)
		free(c.anchors[i].name);
	free(c.anchors);
	free(c.stack);
	if (c.failed)
		return -1;
	if (c.root == NULL) {
		c.root = value_null(a);
		c.root->file = c.path;
		c.root->line = c.first_line;
		c.root->col = 1;
	}
	*out = c.root;
	return 0;
}
