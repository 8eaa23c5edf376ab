/*
 * The inside of the Mustache engine, shared by the parser (mustache.c)
 * and the renderer (mustache_render.c). Nothing else includes this.
 *
 * A parsed template is a tree of nodes in the template's own arena. The
 * parser has already applied the standalone-line rules: whitespace and
 * newlines of standalone lines are gone from the text nodes, and what is
 * left for the renderer is where each template line starts (bol) and the
 * indentation that standalone partials, parents and blocks add to the
 * lines they expand.
 */
#ifndef MARCHE_MUSTACHE_IMPL_H
#define MARCHE_MUSTACHE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "mustache.h"

/* Sections, inverted sections, parents and blocks open at once. */
#define MUSTACHE_MAX_NESTING	100
/* Partials and parents expanded inside one another. */
#define MUSTACHE_MAX_DEPTH	64
/* Bytes one render may append to its output. */
#define MUSTACHE_MAX_OUTPUT	((size_t)64 * 1024 * 1024)
/*
 * Steps one render may take (nodes visited and map keys compared while
 * looking names up), which bounds its time: MUSTACHE_BASE_STEPS,
 * plus MUSTACHE_STEPS_PER_ITEM for each token of the template and the
 * partials it uses and for each node of the context's value tree, and
 * never more than MUSTACHE_MAX_STEPS. A template that walks its data
 * (sections over lists, sections in them over the items' own lists)
 * stays far below; sections over the same list nested in one another,
 * or partials that include themselves several times, grow exponentially
 * and stop early, however small the template; so do many lookups in a
 * very large map, which would take quadratic time.
 */
#define MUSTACHE_BASE_STEPS	((unsigned long)1024 * 1024)
#define MUSTACHE_STEPS_PER_ITEM	16UL
#define MUSTACHE_MAX_STEPS	((unsigned long)16 * 1024 * 1024)
/* Bytes in a delimiter set by {{=<% %>=}}. */
#define MUSTACHE_MAX_DELIM	32

enum mus_kind {
	MUS_TEXT,	/* literal template text */
	MUS_ESCAPED,	/* {{name}}: HTML-escaped value */
	MUS_RAW,	/* {{{name}}} or {{&name}}: value as it is */
	MUS_SECTION,	/* {{#name}}...{{/name}} */
	MUS_INVERTED,	/* {{^name}}...{{/name}} */
	MUS_PARTIAL,	/* {{>name}} or {{>*dynamic}} */
	MUS_PARENT,	/* {{<name}}...{{/name}}: kids are the overrides */
	MUS_BLOCK	/* {{$name}}...{{/name}}: kids are the default */
};

/* One component of a dotted name. */
struct mus_part {
	const char	*s;	/* bytes, NUL-terminated, in the arena */
	size_t		 n;	/* length */
	uint32_t	 hash;	/* value_key_hash() of s, for large maps */
};

struct mus_node {
	enum mus_kind	 kind;	/* what the node is */
	struct mus_node	*next;	/* next sibling, or NULL */
	struct mus_node	*kids;	/* first child (content or overrides) */
	const char	*text;	/* TEXT: the bytes; else the name as written */
	size_t		 len;	/* length of text */
	struct mus_part	*parts;	/* dotted name to look up; NULL for "." */
	size_t		 nparts; /* components in parts (0 for ".") */
	int		 dynamic; /* PARTIAL, PARENT: parts name the value
				     holding the template's name */
	int		 bol;	/* the node starts a template line: the
				   current indentation goes before it */
	int		 standalone; /* PARTIAL, PARENT: alone on its line */
	const char	*indent; /* PARTIAL, PARENT (standalone), BLOCK: the
				    indentation added to expanded lines */
	size_t		 indent_len; /* length of indent */
	const char	*path;	/* template path, for diagnostics */
	int		 line;	/* file line of the tag (or text start) */
	int		 col;	/* column of the tag's opening delimiter */
};

struct mustache {
	struct arena	*arena;	/* holds the nodes, names and source copy */
	const char	*path;	/* name for diagnostics (in the arena) */
	int		 first_line; /* file line the source starts on */
	struct mus_node	*root;	/* first top-level node, NULL if empty */
	size_t		 ntoks;	/* tokens parsed: the template's size */
};

/*
 * Parser internals: the lexer (mustache.c) fills a mus_parser with tokens
 * and token lines; the tree builder (mustache_tree.c) turns them into
 * nodes.
 */
enum mus_tok_kind {
	MUS_TOK_TEXT,		/* text; at most one newline, at its end */
	MUS_TOK_ESCAPED,	/* {{name}} */
	MUS_TOK_RAW,		/* {{{name}}} or {{&name}} */
	MUS_TOK_SECTION,	/* {{#name}} */
	MUS_TOK_INVERTED,	/* {{^name}} */
	MUS_TOK_CLOSE,		/* {{/name}} */
	MUS_TOK_COMMENT,	/* {{! ...}} */
	MUS_TOK_PARTIAL,	/* {{>name}} */
	MUS_TOK_PARENT,		/* {{<name}} */
	MUS_TOK_BLOCK,		/* {{$name}} */
	MUS_TOK_DELIM		/* {{=<% %>=}} */
};

struct mus_tok {
	enum mus_tok_kind kind;	/* what the token is */
	const char	*s;	/* TEXT: the bytes; tags: the trimmed name */
	size_t		 len;	/* length of s */
	int		 line;	/* file line where the token starts */
	int		 col;	/* column where the token starts */
	size_t		 li;	/* index of its token line in lines */
	int		 dynamic; /* the name was written *name */
	int		 closes_parent; /* CLOSE: pairs with a {{<name}} */
	int		 removed; /* TEXT: whitespace of a standalone line */
	int		 standalone; /* tag alone on its line */
	int		 bol;	/* first token of a line that is kept */
};

/* A token line: the tokens up to and including the next newline. */
struct mus_line {
	size_t		 first;	/* index of its first token */
	size_t		 end;	/* one past its last token */
	const char	*ws;	/* the spaces and tabs that start it */
	size_t		 wslen;	/* their length */
};

struct mus_parser {
	struct arena	*arena;	/* the template's arena, for nodes */
	const char	*path;	/* template path, for diagnostics */
	struct diags	*d;	/* where errors go */
	struct mus_tok	*toks;	/* the tokens, in order */
	size_t		 ntoks;	/* tokens in use */
	size_t		 captoks; /* tokens allocated */
	struct mus_line	*lines;	/* the token lines, in order */
	size_t		 nlines; /* lines in use */
	size_t		 caplines; /* lines allocated */
};

/* Whether two tags carry the same name (both dynamic or neither). */
int	mus_same_name(const struct mus_tok *a, const struct mus_tok *b);

/*
 * Build the node tree of ps's tokens into ps->arena and set *out to its
 * first top-level node. Returns 0, or -1 after reporting every unmatched,
 * mismatched or unclosed section to ps->d.
 */
int	mus_build(struct mus_node **out, struct mus_parser *ps);

#endif
