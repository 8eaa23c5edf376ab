/*
 * Mustache parsing, second half: the tokens that the lexer cut and the
 * standalone rule trimmed (mustache.c) become a tree of nodes.
 *
 * Sections, inverted sections, parents and blocks are matched with their
 * closing tags on a stack of frames. Inside a parent only blocks are kept
 * (they are the overrides); other text and tags there are dropped, as the
 * inheritance spec says.
 *
 * Blocks carry indentation both ways. A block's indentation is that of
 * the line its content starts on: the next line's leading whitespace when
 * the opening tag is standalone, else the whitespace before the tag when
 * nothing else precedes it on its line, else none. That indentation is
 * taken off every line of the block's content here (so an override loses
 * the indentation it was written with), and the renderer adds the
 * indentation of the block in the parent where the content lands.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "mustache_impl.h"
#include "value.h"
#include "xalloc.h"

/* An open section-like tag, or the template's top level. */
struct frame {
	struct mus_node	 *node;	/* the open node, NULL at the top level or
				   when the node is dropped */
	struct mus_node	**tail;	/* where the next kept child goes */
	size_t		  tok;	/* index of the opening token */
	const char	 *strip; /* indentation taken off line starts */
	size_t		  striplen; /* its length */
	int		  drop;	/* children are not kept */
	int		  in_parent; /* the node is a parent: keep only
				      blocks */
};

/* The builder's state. */
struct builder {
	struct mus_parser *ps;	/* tokens and lines */
	struct frame	 frames[MUSTACHE_MAX_NESTING + 1]; /* [0]: top */
	size_t		 nframes; /* frames in use */
	int		 pending_bol; /* a dropped token started a line */
	int		 errors;	/* errors reported */
};

/* How many leading bytes of s match the indentation strip. */
static size_t
strip_len(const char *s, size_t n, const char *strip, size_t striplen)
{
	size_t	k = 0;

	while (k < n && k < striplen && s[k] == strip[k])
		k++;
	return k;
}

static const char *
kind_word(enum mus_tok_kind kind)
{
	switch (kind) {
	case MUS_TOK_INVERTED: return N_("inverted section");
	case MUS_TOK_PARENT: return N_("parent");
	case MUS_TOK_BLOCK: return N_("block");
	default: return N_("section");
	}
}

/* Split a dotted name into the node's parts ("." has none). */
static int
set_parts(struct builder *b, struct mus_node *n, const struct mus_tok *t)
{
	struct arena	*a = b->ps->arena;
	size_t		 i, start, k = 0, count = 1;

	if (t->len == 1 && t->s[0] == '.')
		return 0;
	for (i = 0; i < t->len; i++)
		if (t->s[i] == '.')
			count++;
	n->parts = arena_calloc(a, count, sizeof(*n->parts));
	n->nparts = count;
	for (i = 0, start = 0; i <= t->len; i++) {
		if (i < t->len && t->s[i] != '.')
			continue;
		if (i == start) {
			diag_error(b->ps->d, b->ps->path, t->line, t->col,
			    "malformed name '%.*s': empty part between dots",
			    (int)t->len, t->s);
			b->errors++;
			return -1;
		}
		n->parts[k].s = arena_strndup(a, t->s + start, i - start);
		n->parts[k].n = i - start;
		n->parts[k].hash = value_key_hash(n->parts[k].s, i - start);
		k++;
		start = i + 1;
	}
	return 0;
}

static struct mus_node *
node_new(struct builder *b, enum mus_kind kind, const struct mus_tok *t)
{
	struct mus_node	*n = arena_alloc(b->ps->arena, sizeof(*n));

	n->kind = kind;
	n->text = t->s;
	n->len = t->len;
	n->dynamic = t->dynamic;
	n->standalone = t->standalone;
	n->path = b->ps->path;
	n->line = t->line;
	n->col = t->col;
	n->bol = t->bol || b->pending_bol;
	b->pending_bol = 0;
	switch (kind) {
	case MUS_ESCAPED:
	case MUS_RAW:
	case MUS_SECTION:
	case MUS_INVERTED:
		set_parts(b, n, t);
		break;
	case MUS_PARTIAL:
	case MUS_PARENT:
		if (t->dynamic)
			set_parts(b, n, t);
		else	/* handed to the partial callback as a C string */
			n->text = arena_strndup(b->ps->arena, t->s, t->len);
		break;
	default:
		break;
	}
	return n;
}

/* Append n to the top frame, unless that frame drops what it holds. */
static int
attach(struct builder *b, struct mus_node *n)
{
	struct frame	*top = &b->frames[b->nframes - 1];

	if (top->drop || (top->in_parent && n->kind != MUS_BLOCK))
		return 0;
	*top->tail = n;
	top->tail = &n->next;
	return 1;
}

/* The line's indentation with the enclosing blocks' part taken off. */
static void
set_indent(struct builder *b, struct mus_node *n, const char *ws,
    size_t wslen)
{
	const struct frame *top = &b->frames[b->nframes - 1];
	size_t		 k = strip_len(ws, wslen, top->strip, top->striplen);

	n->indent = ws + k;
	n->indent_len = wslen - k;
}

/* The raw indentation of the block opened by token i (see the top). */
static void
block_indent(struct builder *b, size_t i, const char **ws, size_t *wslen)
{
	const struct mus_parser *ps = b->ps;
	const struct mus_tok *t = &ps->toks[i];
	const struct mus_line *l = &ps->lines[t->li];

	*ws = "";
	*wslen = 0;
	if (t->standalone) {
		if (t->li + 1 < ps->nlines) {
			*ws = ps->lines[t->li + 1].ws;
			*wslen = ps->lines[t->li + 1].wslen;
		}
		return;
	}
	/* Text between two tags holds no newline, so only whitespace
	 * precedes the tag if it is first, or second after the line's
	 * indentation. */
	if (i != l->first && (i != l->first + 1 ||
	    ps->toks[l->first].kind != MUS_TOK_TEXT ||
	    ps->toks[l->first].len != l->wslen))
		return;
	*ws = l->ws;
	*wslen = l->wslen;
}

/* A section, inverted section, parent or block opens. */
static int
open_tag(struct builder *b, size_t i)
{
	const struct mus_tok *t = &b->ps->toks[i];
	static const enum mus_kind kinds[] = {
		[MUS_TOK_SECTION] = MUS_SECTION,
		[MUS_TOK_INVERTED] = MUS_INVERTED,
		[MUS_TOK_PARENT] = MUS_PARENT,
		[MUS_TOK_BLOCK] = MUS_BLOCK,
	};
	struct frame	*top = &b->frames[b->nframes - 1], *f;
	struct mus_node	*n;
	const char	*ws;
	size_t		 wslen;

	if (b->nframes > MUSTACHE_MAX_NESTING) {
		diag_error(b->ps->d, b->ps->path, t->line, t->col,
		    "sections nested more than %d deep", MUSTACHE_MAX_NESTING);
		b->errors++;
		return -1;
	}
	n = node_new(b, kinds[t->kind], t);
	ws = top->strip;
	wslen = top->striplen;
	if (n->kind == MUS_PARENT && t->standalone)
		set_indent(b, n, b->ps->lines[t->li].ws,
		    b->ps->lines[t->li].wslen);
	if (n->kind == MUS_BLOCK) {
		block_indent(b, i, &ws, &wslen);
		set_indent(b, n, ws, wslen);
	}
	f = &b->frames[b->nframes];
	memset(f, 0, sizeof(*f));
	f->drop = !attach(b, n);
	b->nframes++;
	f->node = n;
	f->tail = &n->kids;
	f->tok = i;
	f->strip = ws;
	f->striplen = wslen;
	f->in_parent = n->kind == MUS_PARENT;
	return 0;
}

/* A closing tag: it must match the innermost open tag. */
static void
close_tag(struct builder *b, size_t i)
{
	const struct mus_tok *t = &b->ps->toks[i], *o;

	if (b->nframes == 1) {
		diag_error(b->ps->d, b->ps->path, t->line, t->col,
		    "closing tag '/%s%.*s' has no opening tag",
		    t->dynamic ? "*" : "", (int)t->len, t->s);
		b->errors++;
		return;
	}
	o = &b->ps->toks[b->frames[b->nframes - 1].tok];
	if (!mus_same_name(o, t)) {
		diag_error(b->ps->d, b->ps->path, t->line, t->col,
		    "%s '%s%.*s' opened at line %d is closed by '/%s%.*s'",
		    kind_word(o->kind), o->dynamic ? "*" : "", (int)o->len,
		    o->s, o->line, t->dynamic ? "*" : "", (int)t->len, t->s);
		b->errors++;
	}
	b->nframes--;
}

/* A text token: kept, with a line start's block indentation removed. */
static void
text_tok(struct builder *b, const struct mus_tok *t)
{
	const struct frame *top = &b->frames[b->nframes - 1];
	struct mus_node	*n;
	size_t		 k;

	if (top->drop || top->in_parent)
		return;
	n = node_new(b, MUS_TEXT, t);
	if (t->bol) {
		k = strip_len(t->s, t->len, top->strip, top->striplen);
		n->text += k;
		n->len -= k;
	}
	attach(b, n);
}

/* One token; -1 stops the build. */
static int
build_tok(struct builder *b, size_t i)
{
	const struct mus_tok *t = &b->ps->toks[i];
	struct mus_node	*n;

	switch (t->kind) {
	case MUS_TOK_TEXT:
		text_tok(b, t);
		break;
	case MUS_TOK_ESCAPED:
	case MUS_TOK_RAW:
	case MUS_TOK_PARTIAL:
		n = node_new(b, t->kind == MUS_TOK_ESCAPED ? MUS_ESCAPED :
		    t->kind == MUS_TOK_RAW ? MUS_RAW : MUS_PARTIAL, t);
		if (n->kind == MUS_PARTIAL && t->standalone)
			set_indent(b, n, b->ps->lines[t->li].ws,
			    b->ps->lines[t->li].wslen);
		attach(b, n);
		break;
	case MUS_TOK_SECTION:
	case MUS_TOK_INVERTED:
	case MUS_TOK_PARENT:
	case MUS_TOK_BLOCK:
		return open_tag(b, i);
	case MUS_TOK_CLOSE:
		b->pending_bol |= t->bol;
		close_tag(b, i);
		break;
	case MUS_TOK_COMMENT:
	case MUS_TOK_DELIM:
		b->pending_bol |= t->bol;
		break;
	}
	return 0;
}

int
mus_build(struct mus_node **out, struct mus_parser *ps)
{
	struct builder	*b = xcalloc(1, sizeof(*b));
	size_t		 i;
	int		 rc;

	*out = NULL;
	b->ps = ps;
	b->nframes = 1;
	b->frames[0].tail = out;
	b->frames[0].strip = "";
	for (i = 0; i < ps->ntoks; i++) {
		if (ps->toks[i].removed)
			continue;
		if (build_tok(b, i) == -1)
			break;
	}
	if (i == ps->ntoks) {
		for (i = 1; i < b->nframes; i++) {
			const struct mus_tok *o = &ps->toks[b->frames[i].tok];

			diag_error(ps->d, ps->path, o->line, o->col,
			    "unclosed %s '%s%.*s'", kind_word(o->kind),
			    o->dynamic ? "*" : "", (int)o->len, o->s);
			b->errors++;
		}
	}
	rc = b->errors > 0 ? -1 : 0;
	free(b);
	return rc;
}
