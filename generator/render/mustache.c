/*
 * Mustache parsing, first half: the lexer and the standalone-line rules.
 *
 * The source is cut into tokens: text, one piece per line (a text token
 * holds at most one newline, at its end), and tags. A "token line" runs
 * to the next text token that ends in a newline, so a tag spanning lines
 * (a long comment) stays on one token line, as the spec wants.
 *
 * A token line is standalone when it holds only spaces and tabs besides
 * its tags, no interpolation, and at most one tag other than the opening
 * and closing tags of parents ({{<p}}{{/p}} on one line behaves like a
 * partial). Its whitespace and newline are dropped, and standalone
 * partials and parents remember the line's indentation. On every other
 * line the first token is marked as a line start (bol), where the
 * renderer puts the indentation of enclosing standalone partials.
 *
 * mustache_tree.c then builds the node tree from the tokens.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "mustache_impl.h"
#include "xalloc.h"

/* The lexer's state: where it is and which delimiters are in force. */
struct lexer {
	struct mus_parser *ps;	/* tokens go here */
	const char	*p;	/* scan position */
	const char	*end;	/* end of the source */
	int		 line;	/* file line of p */
	const char	*lstart; /* start of p's line */
	const char	*colpos; /* a place on lstart's line ... */
	int		 colnum; /* ... and its column, so that columns are
				   counted once, moving forward */
	char		 open[MUSTACHE_MAX_DELIM + 1]; /* opening delimiter */
	size_t		 olen;	/* its length */
	char		 close[MUSTACHE_MAX_DELIM + 2]; /* closing delimiter,
						   room for a { or = before */
	size_t		 clen;	/* its length */
	size_t		*opens;	/* indices of open section-like tokens */
	size_t		 nopens; /* entries in opens */
	size_t		 capopens; /* entries allocated */
};

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* First occurrence of pat (n > 0 bytes) in [p, end), or NULL. */
static const char *
find(const char *p, const char *end, const char *pat, size_t n)
{
	while ((size_t)(end - p) >= n) {
		const char *q = memchr(p, pat[0], (size_t)(end - p) - n + 1);

		if (q == NULL)
			return NULL;
		if (memcmp(q, pat, n) == 0)
			return q;
		p = q + 1;
	}
	return NULL;
}

/* Move the scan position to to, counting the lines passed. */
static void
lex_advance(struct lexer *lx, const char *to)
{
	const char	*c;

	for (c = lx->p; c < to; c++) {
		if (*c == '\n') {
			lx->line++;
			lx->lstart = c + 1;
		}
	}
	lx->p = to;
}

/*
 * The column of at, on the current line. Tokens are met in order, so the
 * count goes on from the previous call: a line full of tags is scanned
 * once, not once per tag.
 */
static int
lex_col(struct lexer *lx, const char *at)
{
	const char	*c;

	if (lx->colpos == NULL || lx->colpos < lx->lstart ||
	    lx->colpos > at) {
		lx->colpos = lx->lstart;
		lx->colnum = 1;
	}
	for (c = lx->colpos; c < at; c++)
		if (((unsigned char)*c & 0xC0) != 0x80)
			lx->colnum++;
	lx->colpos = at;
	return lx->colnum;
}

static struct mus_tok *
lex_push(struct lexer *lx, enum mus_tok_kind kind, const char *s, size_t n,
    int line, int col)
{
	struct mus_parser *ps = lx->ps;
	struct mus_tok	*t;

	if (ps->ntoks == ps->captoks) {
		ps->captoks = ps->captoks ? ps->captoks * 2 : 64;
		ps->toks = xreallocarray(ps->toks, ps->captoks,
		    sizeof(*ps->toks));
	}
	t = &ps->toks[ps->ntoks++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->s = s;
	t->len = n;
	t->line = line;
	t->col = col;
	return t;
}

/* Text up to stop, one token per line. */
static void
lex_text(struct lexer *lx, const char *stop)
{
	while (lx->p < stop) {
		const char *nl = memchr(lx->p, '\n', (size_t)(stop - lx->p));
		const char *e = nl != NULL ? nl + 1 : stop;

		lex_push(lx, MUS_TOK_TEXT, lx->p, (size_t)(e - lx->p),
		    lx->line, lex_col(lx, lx->p));
		lex_advance(lx, e);
	}
}

/* Trim whitespace from both ends of [*s, *s + *n). */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && is_ws(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_ws((*s)[*n - 1]))
		(*n)--;
}

static int
has_ws(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (is_ws(s[i]))
			return 1;
	return 0;
}

/* {{=<% %>=}}: content is what lies between the two = signs. */
static int
lex_delims(struct lexer *lx, const char *s, size_t n, int line, int col)
{
	const char	*o, *c;
	size_t		 on = 0, cn;

	trim(&s, &n);
	o = s;
	while (on < n && !is_ws(o[on]))
		on++;
	c = o + on;
	cn = n - on;
	trim(&c, &cn);
	if (on == 0 || cn == 0 || has_ws(c, cn)) {
		diag_error(lx->ps->d, lx->ps->path, line, col,
		    "bad set-delimiter tag: expected two delimiters "
		    "separated by a space, as in {{=<%% %%>=}}");
		return -1;
	}
	if (memchr(o, '=', on) != NULL || memchr(c, '=', cn) != NULL) {
		diag_error(lx->ps->d, lx->ps->path, line, col,
		    "bad set-delimiter tag: a delimiter cannot contain '='");
		return -1;
	}
	if (on > MUSTACHE_MAX_DELIM || cn > MUSTACHE_MAX_DELIM) {
		diag_error(lx->ps->d, lx->ps->path, line, col,
		    "bad set-delimiter tag: delimiters are limited to %d "
		    "bytes", MUSTACHE_MAX_DELIM);
		return -1;
	}
	memcpy(lx->open, o, on);
	lx->olen = on;
	memcpy(lx->close, c, cn);
	lx->clen = cn;
	return 0;
}

/*
 * Check a tag's name: not empty, no whitespace inside. Partial, parent and
 * closing tags may name a dynamic template with *name ("{{> * name }}" is
 * allowed); the star is taken off and t->dynamic set.
 */
static int
lex_name(struct lexer *lx, struct mus_tok *t)
{
	if ((t->kind == MUS_TOK_PARTIAL || t->kind == MUS_TOK_PARENT ||
	    t->kind == MUS_TOK_CLOSE) && t->len > 0 && t->s[0] == '*') {
		t->dynamic = 1;
		t->s++;
		t->len--;
		trim(&t->s, &t->len);
	}
	if (t->len == 0) {
		diag_error(lx->ps->d, lx->ps->path, t->line, t->col,
		    "empty tag name");
		return -1;
	}
	if (has_ws(t->s, t->len)) {
		diag_error(lx->ps->d, lx->ps->path, t->line, t->col,
		    "tag name '%.*s' contains whitespace", (int)t->len, t->s);
		return -1;
	}
	return 0;
}

/*
 * Pair closing tags with what they close, as the tree builder will, so
 * the standalone rule knows which closing tags end a parent.
 */
static void
lex_pair(struct lexer *lx, struct mus_tok *t)
{
	struct mus_parser *ps = lx->ps;
	size_t		 idx = (size_t)(t - ps->toks);

	switch (t->kind) {
	case MUS_TOK_SECTION:
	case MUS_TOK_INVERTED:
	case MUS_TOK_PARENT:
	case MUS_TOK_BLOCK:
		if (lx->nopens == lx->capopens) {
			lx->capopens = lx->capopens ? lx->capopens * 2 : 16;
			lx->opens = xreallocarray(lx->opens, lx->capopens,
			    sizeof(*lx->opens));
		}
		lx->opens[lx->nopens++] = idx;
		break;
	case MUS_TOK_CLOSE:
		if (lx->nopens > 0) {
			const struct mus_tok *o =
			    &ps->toks[lx->opens[--lx->nopens]];

			t->closes_parent = o->kind == MUS_TOK_PARENT &&
			    mus_same_name(o, t);
		}
		break;
	default:
		break;
	}
}

static enum mus_tok_kind
sigil_kind(char c)
{
	switch (c) {
	case '{': return MUS_TOK_RAW;
	case '&': return MUS_TOK_RAW;
	case '#': return MUS_TOK_SECTION;
	case '^': return MUS_TOK_INVERTED;
	case '/': return MUS_TOK_CLOSE;
	case '!': return MUS_TOK_COMMENT;
	case '>': return MUS_TOK_PARTIAL;
	case '<': return MUS_TOK_PARENT;
	case '$': return MUS_TOK_BLOCK;
	case '=': return MUS_TOK_DELIM;
	default: return MUS_TOK_ESCAPED;
	}
}

/* The tag whose opening delimiter is at q. */
static int
lex_tag(struct lexer *lx, const char *q)
{
	const char	*a = q + lx->olen, *cs, *t;
	char		 term[MUSTACHE_MAX_DELIM + 2];
	size_t		 tlen = 0, n;
	int		 line = lx->line, col = lex_col(lx, q);
	enum mus_tok_kind kind;
	struct mus_tok	*tok;

	kind = a < lx->end ? sigil_kind(*a) : MUS_TOK_ESCAPED;
	cs = kind == MUS_TOK_ESCAPED ? a : a + 1;
	if (a < lx->end && (*a == '{' || *a == '='))
		term[tlen++] = *a == '{' ? '}' : '=';
	memcpy(term + tlen, lx->close, lx->clen);
	tlen += lx->clen;
	t = cs <= lx->end ? find(cs, lx->end, term, tlen) : NULL;
	if (t == NULL) {
		diag_error(lx->ps->d, lx->ps->path, line, col,
		    "unclosed tag: no '%.*s' after '%.*s'", (int)tlen, term,
		    (int)lx->olen, lx->open);
		return -1;
	}
	n = (size_t)(t - cs);
	lex_advance(lx, t + tlen);
	if (kind == MUS_TOK_COMMENT) {
		/* kept so that the standalone rule sees it */
		lex_push(lx, kind, cs, 0, line, col);
		return 0;
	}
	if (kind == MUS_TOK_DELIM) {
		lex_push(lx, kind, cs, n, line, col);
		return lex_delims(lx, cs, n, line, col);
	}
	trim(&cs, &n);
	tok = lex_push(lx, kind, cs, n, line, col);
	if (lex_name(lx, tok) == -1)
		return -1;
	lex_pair(lx, tok);
	return 0;
}

/* Text and tags, until the end of the source or the first error. */
static int
lex_run(struct lexer *lx)
{
	while (lx->p < lx->end) {
		const char *q = find(lx->p, lx->end, lx->open, lx->olen);

		lex_text(lx, q != NULL ? q : lx->end);
		if (q == NULL)
			break;
		if (lex_tag(lx, q) == -1)
			return -1;
	}
	return 0;
}

/* Whether text token t is only spaces and tabs, then maybe a newline. */
static int
tok_blank(const struct mus_tok *t)
{
	size_t	n = t->len, i;

	if (n > 0 && t->s[n - 1] == '\n') {
		n--;
		if (n > 0 && t->s[n - 1] == '\r')
			n--;
	}
	for (i = 0; i < n; i++)
		if (t->s[i] != ' ' && t->s[i] != '\t')
			return 0;
	return 1;
}

static int
tok_ends_line(const struct mus_tok *t)
{
	return t->kind == MUS_TOK_TEXT && t->len > 0 &&
	    t->s[t->len - 1] == '\n';
}

/* Apply the standalone rule to the token line [first, end). */
static void
line_standalone(struct mus_parser *ps, size_t first, size_t end)
{
	size_t	k, ntags = 0, nsig = 0;
	int	ok = 1;

	for (k = first; k < end && ok; k++) {
		const struct mus_tok *t = &ps->toks[k];

		switch (t->kind) {
		case MUS_TOK_TEXT:
			ok = tok_blank(t);
			break;
		case MUS_TOK_ESCAPED:
		case MUS_TOK_RAW:
			ok = 0;
			break;
		case MUS_TOK_PARENT:
			ntags++;
			break;
		default:
			ntags++;
			if (!(t->kind == MUS_TOK_CLOSE && t->closes_parent))
				nsig++;
		}
	}
	if (ok && ntags > 0 && nsig <= 1) {
		for (k = first; k < end; k++) {
			if (ps->toks[k].kind == MUS_TOK_TEXT)
				ps->toks[k].removed = 1;
			else
				ps->toks[k].standalone = 1;
		}
	} else if (first < end) {
		ps->toks[first].bol = 1;
	}
}

/* Cut the tokens into token lines and apply the standalone rule. */
static void
mark_lines(struct mus_parser *ps)
{
	size_t	i = 0;

	while (i < ps->ntoks) {
		size_t		 first = i, end = i, k;
		struct mus_line	*l;

		while (end < ps->ntoks && !tok_ends_line(&ps->toks[end]))
			end++;
		if (end < ps->ntoks)
			end++;
		if (ps->nlines == ps->caplines) {
			ps->caplines = ps->caplines ? ps->caplines * 2 : 64;
			ps->lines = xreallocarray(ps->lines, ps->caplines,
			    sizeof(*ps->lines));
		}
		l = &ps->lines[ps->nlines];
		l->first = first;
		l->end = end;
		l->ws = ps->toks[first].s;
		l->wslen = 0;
		if (ps->toks[first].kind == MUS_TOK_TEXT)
			while (l->wslen < ps->toks[first].len &&
			    (l->ws[l->wslen] == ' ' ||
			    l->ws[l->wslen] == '\t'))
				l->wslen++;
		for (k = first; k < end; k++)
			ps->toks[k].li = ps->nlines;
		ps->nlines++;
		line_standalone(ps, first, end);
		i = end;
	}
}

int
mus_same_name(const struct mus_tok *a, const struct mus_tok *b)
{
	return a->dynamic == b->dynamic && a->len == b->len &&
	    memcmp(a->s, b->s, a->len) == 0;
}

int
mustache_parse(struct mustache **out, const char *path, const char *src,
    size_t len, int first_line, struct diags *d)
{
	struct mustache	*t;
	struct mus_parser ps;
	struct lexer	 lx;
	char		*copy;
	int		 rc = -1;

	*out = NULL;
	t = xcalloc(1, sizeof(*t));
	t->arena = arena_new();
	t->path = arena_strdup(t->arena, path != NULL ? path : "(template)");
	t->first_line = first_line > 0 ? first_line : 1;
	copy = arena_strndup(t->arena, src != NULL ? src : "",
	    src != NULL ? len : 0);

	memset(&ps, 0, sizeof(ps));
	ps.arena = t->arena;
	ps.path = t->path;
	ps.d = d;
	memset(&lx, 0, sizeof(lx));
	lx.ps = &ps;
	lx.p = copy;
	lx.end = copy + (src != NULL ? len : 0);
	lx.line = t->first_line;
	lx.lstart = copy;
	memcpy(lx.open, "{{", 2);
	lx.olen = 2;
	memcpy(lx.close, "}}", 2);
	lx.clen = 2;

	if (lex_run(&lx) == -1)
		goto out;
	mark_lines(&ps);
	if (mus_build(&t->root, &ps) == -1)
		goto out;
	t->ntoks = ps.ntoks;
	*out = t;
	t = NULL;
	rc = 0;
out:
	free(lx.opens);
	free(ps.toks);
	free(ps.lines);
	mustache_free(t);
	return rc;
}

void
mustache_free(struct mustache *t)
{
	if (t == NULL)
		return;
	arena_free(t->arena);
	free(t);
}
