/*
 * Mustache templates, as the official specification describes them:
 * variables, sections, inverted sections, comments, partials, set
 * delimiters, and the optional inheritance (blocks and parents) and
 * dynamic names modules. Lambdas are not supported.
 *
 * Templates are parsed once into a tree and rendered many times against a
 * value tree (value.h). {{x}} escapes HTML; {{{x}}} and {{& x}} do not.
 *
 * Values print as: strings as they are, integers in decimal, numbers in
 * the shortest form that reads back the same (1.210 prints 1.21), booleans
 * as true and false; null, sequences and maps print nothing. Sections
 * repeat over sequences, and render once with any other truthy value on
 * top of the context stack (value_truthy()).
 *
 * Standalone tags (alone on their line) take their line with them; the
 * opening and closing tags of a parent may share that line. Standalone
 * partials and parents indent every line they include by the tag's
 * indentation; blocks lose the indentation they are written with and take
 * that of the block they replace.
 */
#ifndef MARCHE_MUSTACHE_H
#define MARCHE_MUSTACHE_H

#include <stddef.h>

struct buf;
struct diags;
struct value;

struct mustache;	/* a parsed template */

/*
 * Find the source of partial `name`. On success set *src and *len to text
 * that stays valid until the render returns, and *path to a name for
 * diagnostics, and return 0; return -1 when there is no such partial
 * (it then renders as empty text, as the spec requires).
 */
typedef int (*mustache_partial_fn)(const char **src, size_t *len,
    const char **path, const char *name, void *ctx);

/*
 * Parse src (len bytes) into *out, to be freed with mustache_free(). path
 * names the template in diagnostics and first_line is the file line src
 * starts on (templates with front matter start after it; 1 for a whole
 * file). src need not outlive the template. Returns 0, or -1 with *out
 * NULL after reporting each error at the line:col of the tag's opening
 * delimiter to d: unclosed or mismatched section, closing tag without an
 * opening one, unclosed tag, bad set-delimiter tag, empty or malformed
 * name, sections nested more than 100 deep.
 */
int	mustache_parse(struct mustache **out, const char *path,
	    const char *src, size_t len, int first_line, struct diags *d);
/* Free a parsed template; NULL is allowed. */
void	mustache_free(struct mustache *t);

/*
 * Render t with ctx (may be NULL) as the context stack's bottom,
 * appending to out. Partials come from partial_fn (may be NULL); each is
 * parsed on first use and kept until the render returns, and they nest at
 * most 64 deep (deeper is an error, so a partial that includes itself
 * cannot loop). The render also stops with an error past 64 MiB of output
 * or past a number of steps (nodes visited, map keys compared) that grows
 * with the size of the template, its partials and ctx, from 1 Mi to at
 * most 16 Mi: nested sections over one list, partials that include
 * themselves many times, many lookups in a huge map. The error is at the
 * outermost section or partial being expanded.
 * Returns 0, or -1 after reporting to d, with out as it was before.
 */
int	mustache_render(struct buf *out, const struct mustache *t,
	    const struct value *ctx, mustache_partial_fn partial_fn,
	    void *partial_ctx, struct diags *d);

/*
 * A partial parsed before the render, for renders of many pages to share:
 * the template that parsing partial_fn's source for name gives (without
 * errors), which the render borrows; or NULL, and the render parses that
 * source itself.
 */
typedef const struct mustache *(*mustache_parsed_fn)(const char *name,
    void *ctx);

/* mustache_render(), with partials parsed before from parsed_fn, which is
 * given partial_ctx too. */
int	mustache_render_parsed(struct buf *out, const struct mustache *t,
	    const struct value *ctx, mustache_partial_fn partial_fn,
	    mustache_parsed_fn parsed_fn, void *partial_ctx,
	    struct diags *d);

#endif
