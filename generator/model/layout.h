/*
 * Layouts: _layouts/NAME.html are Mustache templates, optionally with
 * front matter naming a parent ("layout: default"); a child's output
 * becomes its parent's {{{content}}}. Partials live in
 * _layouts/partials/NAME.html and are found by name as templates render.
 */
#ifndef MARCHE_LAYOUT_H
#define MARCHE_LAYOUT_H

#include <stddef.h>

struct arena;
struct buf;
struct diags;
struct mustache;
struct source;
struct value;

struct layout {
	const char	*name;		/* "default" for _layouts/default.html */
	const char	*path;		/* its source path */
	struct mustache	*tmpl;		/* parsed body, or NULL if it failed */
	const char	*parent_name;	/* front matter 'layout', or NULL */
	int		 parent_line;	/* position of that value */
	int		 parent_col;
	struct layout	*parent;	/* resolved parent, or NULL */
	int		 looped;	/* its parent chain loops (reported) */
};

/* A partial, parsed once for every page. */
struct partial {
	const char	*name;		/* "card" for _layouts/partials/card.html */
	struct mustache	*tmpl;		/* parsed; never NULL */
};

struct layouts {
	struct layout		*list;	/* sorted by name */
	size_t			 count;	/* entries in list */
	const struct source	*src;	/* where partials are read from */
	struct partial		*partials; /* those that parse, sorted by
					 * name; the others are parsed (and
					 * reported) where they are used */
	size_t			 npartials;
};

/*
 * Load and parse every layout in src into out, resolve parents and
 * refuse cycles. Returns 0, or -1 after reporting each problem to d.
 * Free with layouts_free() in both cases.
 */
int		 layouts_load(struct layouts *out, struct arena *a,
		    const struct source *src, struct diags *d);
void		 layouts_free(struct layouts *l);

/* The layout called name, or NULL. */
struct layout	*layouts_find(const struct layouts *l, const char *name);

/*
 * Render a template with ctx through the layouts' partials, appending to
 * out. Returns 0, or -1 after reporting to d.
 */
int		 layouts_render_template(struct buf *out,
		    const struct layouts *l, const struct mustache *tmpl,
		    const struct value *ctx, struct diags *d);

/*
 * Render content (already HTML) through layout lay and its parents: each
 * level sees ctx with "content" set to the previous level's output.
 * ctx must be a map; its "content" entry is overwritten. content must be
 * NUL-terminated at len, and stay as it is until this returns. The result
 * is appended to out; on failure out is as it was.
 */
int		 layouts_apply(struct buf *out, const struct layouts *l,
		    const struct layout *lay, struct arena *a,
		    struct value *ctx, const char *content, size_t len,
		    struct diags *d);

#endif
