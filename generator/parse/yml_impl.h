/*
 * The inside of the YAML loader, shared by the event handling (yml.c)
 * and the resolution of scalars and tags (yml_scalar.c). Nothing else
 * includes this.
 */
#ifndef MARCHE_YML_IMPL_H
#define MARCHE_YML_IMPL_H

#include <stddef.h>
#include <yaml.h>

#include "yml.h"

struct arena;
struct diags;
struct value;
struct yml_anchor;
struct yml_frame;

/* The tag a node carries, as far as the loader cares. */
enum yml_tag {
	YML_TAG_NONE,	/* no tag: resolve by content */
	YML_TAG_PLAIN,	/* the non-specific tag "!": a string */
	YML_TAG_STR,	/* !!str */
	YML_TAG_INT,	/* !!int */
	YML_TAG_FLOAT,	/* !!float */
	YML_TAG_BOOL,	/* !!bool */
	YML_TAG_NULL,	/* !!null */
	YML_TAG_MAP,	/* !!map */
	YML_TAG_SEQ,	/* !!seq */
	YML_TAG_BAD	/* not supported (already reported) */
};

/* How each tag is written in messages, indexed by enum yml_tag. */
extern const char *const yml_tag_names[];

/* The state of one yml_load() call. */
struct yml_ctx {
	struct arena	*a;	/* where nodes go */
	struct diags	*d;	/* where problems go */
	const char	*path;	/* file name (arena copy) */
	const char	*data;	/* the input */
	size_t		 len;	/* its length */
	int		 first_line; /* file line of data's line 1 */
	size_t		 breaks; /* line breaks in data */
	size_t		 last_chars; /* characters on its last line */
	const struct yml_limits *lim; /* the limits in force */
	struct yml_frame *stack; /* open collections */
	size_t		 depth;	/* frames in use */
	size_t		 stack_cap; /* frames allocated */
	struct yml_anchor *anchors; /* anchors defined */
	size_t		 nanchors; /* anchors in use */
	size_t		 anchors_cap; /* anchors allocated */
	size_t		 aliases; /* alias uses so far */
	size_t		 nodes;	/* nodes so far, aliases expanded */
	struct value	*root;	/* the document's node */
	int		 docs;	/* documents started */
	int		 failed; /* a problem was reported */
};

/*
 * Report a problem at libyaml mark m to c->d, with the file position;
 * sets c->failed, so the load fails.
 */
void	yml_report(struct yml_ctx *c, yaml_mark_t m, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * A short, printable copy of n bytes of s for messages, in c->a: control
 * characters become spaces, and text past 60 bytes is cut (never inside
 * a UTF-8 sequence) and ends with "...". Never NULL.
 */
const char *yml_quote(struct yml_ctx *c, const char *s, size_t n);

/*
 * Which core tag the tag text t is (NULL: none, "!": YML_TAG_PLAIN).
 * Any other tag is reported at m and gives YML_TAG_BAD.
 */
enum yml_tag yml_tag_get(struct yml_ctx *c, const yaml_char_t *t,
	    yaml_mark_t m);

/*
 * The node (in c->a) for a plain, untagged scalar of n bytes, resolved by
 * the core schema: null, boolean, integer, float, else a string. A number
 * too big to hold is reported at m and kept as a string. Never NULL.
 */
struct value *yml_resolve_plain(struct yml_ctx *c, const char *s, size_t n,
	    yaml_mark_t m);

/*
 * The node (in c->a) for a scalar tagged t (a core tag). Text that does
 * not fit the tag, and !!map or !!seq on a scalar, are reported at m; the
 * node is then a string. Never NULL.
 */
struct value *yml_coerce(struct yml_ctx *c, enum yml_tag t, const char *s,
	    size_t n, yaml_mark_t m);

#endif
