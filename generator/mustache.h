/*
 * Mustache templates, as the official specification describes them:
 * variables, sections, inverted sections, comments, partials, set
 * delimiters, and the optional inheritance (blocks and parents) and
 * dynamic names modules. Lambdas are not supported.
 *
 * Templates are parsed once into a tree and rendered many times against a
 * value tree (value.h). {{x}} escapes HTML; {{{x}}} and {{& x}} do not.
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
 * Parse src (len bytes) into *out. path names the template in
 * diagnostics and first_line is the file line src starts on (templates
 * with front matter start after it). Returns 0, or -1 after reporting
 * each error with its position (unclosed or mismatched section, bad
 * delimiters, unclosed tag) to d.
 */
int	mustache_parse(struct mustache **out, const char *path,
	    const char *src, size_t len, int first_line, struct diags *d);
void	mustache_free(struct mustache *t);

/*
 * Render t with ctx as the context stack's bottom, appending to out.
 * Partials come from partial_fn (may be NULL); they are parsed as needed
 * and nested at most 64 deep (deeper is an error, so a partial that
 * includes itself cannot loop). Returns 0, or -1 after reporting to d.
 */
int	mustache_render(struct buf *out, const struct mustache *t,
	    const struct value *ctx, mustache_partial_fn partial_fn,
	    void *partial_ctx, struct diags *d);

#endif
