/*
 * Mustache rendering: a parsed tree (mustache.c, mustache_tree.c) and a
 * context stack of value trees become text.
 *
 * Names resolve as the spec says: "." is the top of the stack; the first
 * part of a dotted name is looked up from the top of the stack down, the
 * other parts only inside what it found.
 *
 * Indentation: standalone partials and parents indent each line of what
 * they include, and blocks re-indent their content where it lands. The
 * renderer keeps the current indentation and puts it before every node
 * that starts a template line (bol), but only when the output is itself
 * at the start of a line; a partial that is not standalone starts from no
 * indentation, as if its text had been pasted in place.
 *
 * Inheritance: a parent tag renders its template with its blocks as
 * overrides. Overrides given further out win ("multi-level inheritance"),
 * so the chain of parents being rendered (struct env) is searched for the
 * outermost block of the name. An override's content is rendered with
 * the chain that was in force where it was written, so it cannot find
 * itself again.
 *
 * Bounds: 64 nested partials and parents, 64 MiB of output, and a number
 * of steps (nodes visited and map keys compared) that grows with the size
 * of the template, its partials and the data (see MUSTACHE_BASE_STEPS), so that nested
 * sections over one list, or partials that include themselves many
 * times, stop early with an error at the outermost section or partial
 * being expanded.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "mustache_impl.h"
#include "value.h"
#include "xalloc.h"

/* Nested node lists (sections, blocks, partials) in one render. */
#define MUSTACHE_MAX_RECURSION	1000

/* A parent being rendered: its blocks override those of its template. */
struct env {
	const struct mus_node	*parent; /* the {{<name}} node */
	const struct env	*outer;	/* the chain where it was written */
};

/* A partial looked up during this render. */
struct pentry {
	char		*name;	/* the partial's name; NULL: free slot */
	struct mustache	*t;	/* parsed template; NULL when missing */
	int		 broken; /* it failed to parse (already reported) */
	int		 borrowed; /* t is parsed_fn's, not to be freed */
};

/* A map or sequence of the context being counted, and its next entry. */
struct walk_frame {
	const struct value *v;
	size_t		 i;
};

/* Context nodes counted at least at once when the budget is spent. */
#define CTX_CHUNK	((size_t)16 * 1024)

/* Where the current indentation is, to restore it later. */
struct indent_save {
	size_t	start;	/* saved ind_start */
	size_t	len;	/* saved indent.len */
};

struct render {
	struct buf	*out;	/* where text goes */
	size_t		 base;	/* out->len when the render started */
	struct diags	*d;	/* where errors go */
	mustache_partial_fn fn;	/* finds partial sources, or NULL */
	mustache_parsed_fn parsed_fn; /* finds partials parsed before, or
				  * NULL */
	void		*fn_ctx; /* their argument */
	const struct value **stack; /* the context stack, bottom first */
	size_t		 nstack; /* entries in use */
	size_t		 capstack; /* entries allocated */
	const struct env *env;	/* parents whose overrides apply */
	struct buf	 indent; /* indentations, outermost first */
	size_t		 ind_start; /* the current one starts here */
	int		 at_bol;	/* the output is at a line start */
	int		 depth;	/* partials and parents being expanded */
	int		 nest;	/* node lists being rendered */
	unsigned long	 steps;	/* nodes visited */
	unsigned long	 budget; /* nodes it may visit */
	const struct value *ctx; /* the context whose nodes are not all in
				  * budget yet, or NULL */
	size_t		 counted; /* its nodes in budget */
	struct walk_frame *walk; /* where counting resumes: the maps and
				  * sequences being walked, outermost first */
	size_t		 nwalk;	/* frames in use */
	size_t		 capwalk; /* frames allocated */
	const struct mus_node *outer; /* the top-level section, partial,
				   parent or block being expanded, or NULL */
	struct pentry	*cache;	/* partials seen, open addressing */
	size_t		 ncache; /* entries in use */
	size_t		 capcache; /* slots (a power of 2, or 0) */
};

static int	render_list(struct render *, const struct mus_node *);
static int	render_node_kind(struct render *, const struct mus_node *);

static int
fail_output(struct render *r, const struct mus_node *n)
{
	diag_error(r->d, n->path, n->line, n->col,
	    "template output is larger than %zu MiB",
	    MUSTACHE_MAX_OUTPUT / (1024 * 1024));
	return -1;
}

/* Append n bytes of s (HTML-escaped if escape), within the bound. */
static int
emit(struct render *r, const struct mus_node *at, const char *s, size_t n,
    int escape)
{
	if (n == 0)
		return 0;
	if (r->out->len - r->base + n > MUSTACHE_MAX_OUTPUT)
		return fail_output(r, at);
	if (escape)
		escape_html(r->out, s, n);
	else
		buf_put(r->out, s, n);
	if (r->out->len - r->base > MUSTACHE_MAX_OUTPUT)
		return fail_output(r, at);
	r->at_bol = s[n - 1] == '\n';
	return 0;
}

/* The current indentation, if the output is at a line start. */
static int
put_indent(struct render *r, const struct mus_node *at)
{
	size_t	n = r->indent.len - r->ind_start;

	if (!r->at_bol || n == 0)
		return 0;
	return emit(r, at, r->indent.data + r->ind_start, n, 0);
}

static void
indent_save(struct render *r, struct indent_save *save)
{
	save->start = r->ind_start;
	save->len = r->indent.len;
}

static void
indent_restore(struct render *r, const struct indent_save *save)
{
	r->indent.len = save->len;
	r->ind_start = save->start;
}

static void
stack_push(struct render *r, const struct value *v)
{
	if (r->nstack == r->capstack) {
		r->capstack = r->capstack ? r->capstack * 2 : 16;
		r->stack = xreallocarray(r->stack, r->capstack,
		    sizeof(*r->stack));
	}
	r->stack[r->nstack++] = v;
}

static void
walk_push(struct render *r, const struct value *v)
{
	if (r->nwalk == r->capwalk) {
		r->capwalk = r->capwalk ? r->capwalk * 2 : 16;
		r->walk = xreallocarray(r->walk, r->capwalk,
		    sizeof(*r->walk));
	}
	r->walk[r->nwalk].v = v;
	r->walk[r->nwalk].i = 0;
	r->nwalk++;
}

/* Allow MUSTACHE_STEPS_PER_ITEM more steps for each of n items. */
static void
budget_add(struct render *r, size_t n)
{
	unsigned long room = MUSTACHE_MAX_STEPS - r->budget;

	if (n >= room / MUSTACHE_STEPS_PER_ITEM)
		r->budget = MUSTACHE_MAX_STEPS;
	else
		r->budget += (unsigned long)n * MUSTACHE_STEPS_PER_ITEM;
}

/*
 * Count up to want more nodes of the context (r->walk, depth first),
 * counting a shared subtree each time it is met, and allow their steps.
 * The walk stops for good at MUSTACHE_MAX_STEPS / MUSTACHE_STEPS_PER_ITEM
 * nodes, which buy the most steps there are (so a tree built from
 * aliases costs no more than the budget it can buy), and then r->ctx
 * becomes NULL.
 */
static void
count_ctx(struct render *r, size_t want)
{
	const size_t	 limit = MUSTACHE_MAX_STEPS /
			    MUSTACHE_STEPS_PER_ITEM;
	size_t		 got = 0;

	if (r->counted == 0) {	/* the root */
		got = 1;
		if (r->ctx->kind == VALUE_SEQ || r->ctx->kind == VALUE_MAP)
			walk_push(r, r->ctx);
	}
	while (r->nwalk > 0 && got < want && r->counted + got < limit) {
		struct walk_frame *f = &r->walk[r->nwalk - 1];
		const struct value *v = f->v, *kid;

		if (f->i >= v->count) {
			r->nwalk--;
			continue;
		}
		if (v->kind == VALUE_MAP) {
			kid = v->pairs[f->i].val;
			got++;	/* the key */
		} else {
			kid = v->items[f->i];
		}
		f->i++;
		if (kid == NULL)
			continue;
		got++;
		if ((kid->kind == VALUE_SEQ || kid->kind == VALUE_MAP) &&
		    kid->count > 0)
			walk_push(r, kid);
	}
	r->counted += got;
	budget_add(r, got);
	if (r->nwalk == 0 || r->counted >= limit)
		r->ctx = NULL;
}

/*
 * Add the context's nodes to the budget when the budget without them
 * is spent, as many as it takes: most renders never count them, and
 * large ones count only part of a large context. The budget only grows,
 * and by the same steps in whatever order, so a render stops at the
 * same step as if all had been counted first. Is there budget left now?
 */
static int
budget_ctx(struct render *r)
{
	while (r->ctx != NULL && r->steps > r->budget)
		count_ctx(r, (r->steps - r->budget) / MUSTACHE_STEPS_PER_ITEM +
		    CTX_CHUNK);
	return r->steps <= r->budget;
}

/*
 * The value of key p in map m, or NULL. Each key compared costs the
 * render a step, so that many lookups in a large map (the data is
 * anyone's) stop at the budget instead of taking quadratic time.
 */
static const struct value *
map_find(struct render *r, const struct value *m, const struct mus_part *p)
{
	size_t	i;

	if (m == NULL || m->kind != VALUE_MAP)
		return NULL;
	if (m->indexed) {
		/* The same steps as the scan below would take. */
		i = value_map_find(m, p->s, p->n, p->hash);
		r->steps += i;
		return i < m->count ? m->pairs[i].val : NULL;
	}
	for (i = 0; i < m->count; i++) {
		const struct value *k = m->pairs[i].key;

		/* The first byte first: most keys of a map differ there. */
		if (k->len == p->n && (p->n == 0 || (k->str[0] == p->s[0] &&
		    memcmp(k->str, p->s, p->n) == 0))) {
			r->steps += i;
			return m->pairs[i].val;
		}
	}
	r->steps += m->count;
	return NULL;
}

/* The value a node's name refers to, or NULL. */
static const struct value *
lookup(struct render *r, const struct mus_node *n)
{
	const struct value *v = NULL;
	size_t		 i, k;

	if (n->nparts == 0)
		return r->nstack > 0 ? r->stack[r->nstack - 1] : NULL;
	for (i = r->nstack; i-- > 0 && v == NULL;)
		v = map_find(r, r->stack[i], &n->parts[0]);
	for (k = 1; k < n->nparts && v != NULL; k++)
		v = map_find(r, v, &n->parts[k]);
	return v;
}

/*
 * The shortest decimal form of x that reads back as x: plain notation
 * for exponents from -7 to 20 (1.21, 100, 0.001), else 1.5e-10, 1e+21.
 */
static void
format_number(char *buf, size_t size, double x)
{
	const char	*e;
	int		 prec, exp;

	if (!isfinite(x)) {
		snprintf(buf, size, "%g", x);
		return;
	}
	for (prec = 1; prec < 17; prec++) {
		snprintf(buf, size, "%.*e", prec - 1, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	snprintf(buf, size, "%.*e", prec - 1, x);
	e = strchr(buf, 'e');
	exp = e != NULL ? atoi(e + 1) : 0;
	if (exp >= -7 && exp < 21)
		snprintf(buf, size, "%.*f", prec - 1 - exp > 0 ?
		    prec - 1 - exp : 0, x);
	else
		snprintf(buf, size, "%.*g", prec, x);
}

/*
 * The text of a scalar value: sets *s and *n (numbers are written into
 * tmp) and returns 0, or returns -1 for null, sequences, maps and NULL.
 */
static int
value_text(const struct value *v, char *tmp, size_t tmpsize,
    const char **s, size_t *n)
{
	if (v == NULL)
		return -1;
	switch (v->kind) {
	case VALUE_BOOL:
		*s = v->boolean ? "true" : "false";
		break;
	case VALUE_INT:
		snprintf(tmp, tmpsize, "%lld", v->integer);
		*s = tmp;
		break;
	case VALUE_NUMBER:
		format_number(tmp, tmpsize, v->number);
		*s = tmp;
		break;
	case VALUE_STRING:
		*s = v->str;
		*n = v->len;
		return 0;
	default:
		return -1;
	}
	*n = strlen(*s);
	return 0;
}

static int
render_var(struct render *r, const struct mus_node *n)
{
	char		 tmp[64];
	const char	*s;
	size_t		 len;

	if (value_text(lookup(r, n), tmp, sizeof(tmp), &s, &len) == -1)
		return 0;
	return emit(r, n, s, len, n->kind == MUS_ESCAPED);
}

static int
render_section(struct render *r, const struct mus_node *n)
{
	const struct value *v = lookup(r, n);
	size_t		 i;
	int		 rc = 0;

	if (n->kind == MUS_INVERTED)
		return value_truthy(v) ? 0 : render_list(r, n->kids);
	if (!value_truthy(v))
		return 0;
	if (v->kind != VALUE_SEQ) {
		stack_push(r, v);
		rc = render_list(r, n->kids);
		r->nstack--;
		return rc;
	}
	for (i = 0; i < v->count && rc == 0; i++) {
		stack_push(r, v->items[i]);
		rc = render_list(r, n->kids);
		r->nstack--;
	}
	return rc;
}

static size_t
hash_name(const char *s)
{
	size_t	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The cache slot for name: its entry, or the free slot it would take. */
static struct pentry *
cache_slot(struct render *r, const char *name)
{
	size_t	i = hash_name(name) & (r->capcache - 1);

	while (r->cache[i].name != NULL && strcmp(r->cache[i].name, name) != 0)
		i = (i + 1) & (r->capcache - 1);
	return &r->cache[i];
}

static void
cache_grow(struct render *r)
{
	struct pentry	*old = r->cache;
	size_t		 oldcap = r->capcache, i;

	r->capcache = oldcap ? oldcap * 2 : 16;
	r->cache = xcalloc(r->capcache, sizeof(*r->cache));
	for (i = 0; i < oldcap; i++)
		if (old[i].name != NULL)
			*cache_slot(r, old[i].name) = old[i];
	free(old);
}

/*
 * The parsed partial called name: sets *out (NULL when there is no such
 * partial) and returns 0, or returns -1 if it does not parse.
 */
static int
partial_get(struct render *r, const char *name, const struct mustache **out)
{
	struct pentry	*e;
	const char	*src, *path;
	size_t		 len;

	if (r->ncache * 2 >= r->capcache)
		cache_grow(r);
	e = cache_slot(r, name);
	if (e->name == NULL) {
		e->name = xstrdup(name);
		r->ncache++;
		path = name;
		if (r->parsed_fn != NULL &&
		    (e->t = (struct mustache *)r->parsed_fn(name,
		    r->fn_ctx)) != NULL)
			e->borrowed = 1;
		else if (r->fn != NULL &&
		    r->fn(&src, &len, &path, name, r->fn_ctx) == 0 &&
		    mustache_parse(&e->t, path, src, len, 1, r->d) == -1)
			e->broken = 1;
		if (e->t != NULL)
			budget_add(r, e->t->ntoks);
	}
	*out = e->t;
	return e->broken ? -1 : 0;
}

/* {{>name}} and {{<name}}...{{/name}}. */
static int
render_partial(struct render *r, const struct mus_node *n)
{
	const struct mustache *t;
	const struct env *saved_env = r->env;
	struct env	 env;
	struct indent_save save;
	char		 tmp[64];
	const char	*name = n->text;
	size_t		 len;
	int		 rc;

	if (n->dynamic && value_text(lookup(r, n), tmp, sizeof(tmp), &name,
	    &len) == -1)
		return 0;
	if (r->depth >= MUSTACHE_MAX_DEPTH) {
		diag_error(r->d, n->path, n->line, n->col,
		    "partials nested more than %d deep (does '%s' include "
		    "itself?)", MUSTACHE_MAX_DEPTH, name);
		return -1;
	}
	if (partial_get(r, name, &t) == -1)
		return -1;
	if (t == NULL)
		return 0;
	indent_save(r, &save);
	if (n->standalone)
		buf_put(&r->indent, n->indent, n->indent_len);
	else
		r->ind_start = r->indent.len;
	if (n->kind == MUS_PARENT) {
		env.parent = n;
		env.outer = r->env;
		r->env = &env;
	}
	r->depth++;
	rc = render_list(r, t->root);
	r->depth--;
	r->env = saved_env;
	indent_restore(r, &save);
	return rc;
}

/* {{$name}}...{{/name}}: the outermost override, else the default. */
static int
render_block(struct render *r, const struct mus_node *n)
{
	const struct env *e, *from = NULL, *saved_env = r->env;
	const struct mus_node *o = NULL, *k;
	struct indent_save save;
	int		 rc;

	for (e = r->env; e != NULL; e = e->outer) {
		for (k = e->parent->kids; k != NULL; k = k->next) {
			if (k->len == n->len &&
			    memcmp(k->text, n->text, n->len) == 0) {
				o = k;
				from = e;
				break;
			}
		}
	}
	indent_save(r, &save);
	buf_put(&r->indent, n->indent, n->indent_len);
	if (o != NULL) {
		r->env = from->outer;
		rc = render_list(r, o->kids);
		r->env = saved_env;
	} else {
		rc = render_list(r, n->kids);
	}
	indent_restore(r, &save);
	return rc;
}

static int
render_node(struct render *r, const struct mus_node *n)
{
	const struct mus_node *saved = r->outer;
	int		 rc;

	if (n->kind != MUS_TEXT && n->kind != MUS_ESCAPED &&
	    n->kind != MUS_RAW && r->outer == NULL) {
		r->outer = n;
		rc = render_node_kind(r, n);
		r->outer = saved;
		return rc;
	}
	return render_node_kind(r, n);
}

static int
render_node_kind(struct render *r, const struct mus_node *n)
{
	switch (n->kind) {
	case MUS_TEXT:
		return emit(r, n, n->text, n->len, 0);
	case MUS_ESCAPED:
	case MUS_RAW:
		return render_var(r, n);
	case MUS_SECTION:
	case MUS_INVERTED:
		return render_section(r, n);
	case MUS_PARTIAL:
	case MUS_PARENT:
		return render_partial(r, n);
	case MUS_BLOCK:
		return render_block(r, n);
	}
	return 0;
}

static int
render_list(struct render *r, const struct mus_node *n)
{
	int	rc = 0;

	if (n == NULL)
		return 0;
	if (++r->nest > MUSTACHE_MAX_RECURSION) {
		diag_error(r->d, n->path, n->line, n->col,
		    "templates nested more than %d levels deep",
		    MUSTACHE_MAX_RECURSION);
		return -1;
	}
	for (; n != NULL && rc == 0; n = n->next) {
		if (++r->steps > r->budget && !budget_ctx(r)) {
			const struct mus_node *at = r->outer != NULL ?
			    r->outer : n;

			diag_error(r->d, at->path, at->line, at->col,
			    "template rendering stopped after %lu steps, the "
			    "limit for this template and its data: do sections "
			    "over the same list nest in one another, does a "
			    "partial include itself repeatedly, or do many tags "
			    "look names up in a very large map?", r->budget);
			return -1;
		}
		if (n->bol)
			rc = put_indent(r, n);
		if (rc == 0)
			rc = render_node(r, n);
	}
	r->nest--;
	return rc;
}

int
mustache_render(struct buf *out, const struct mustache *t,
    const struct value *ctx, mustache_partial_fn partial_fn,
    void *partial_ctx, struct diags *d)
{
	return mustache_render_parsed(out, t, ctx, partial_fn, NULL,
	    partial_ctx, d);
}

int
mustache_render_parsed(struct buf *out, const struct mustache *t,
    const struct value *ctx, mustache_partial_fn partial_fn,
    mustache_parsed_fn parsed_fn, void *partial_ctx, struct diags *d)
{
	struct render	 r;
	size_t		 i;
	int		 rc;

	if (t == NULL)
		return 0;
	memset(&r, 0, sizeof(r));
	r.out = out;
	r.base = out->len;
	r.d = d;
	r.fn = partial_fn;
	r.parsed_fn = parsed_fn;
	r.fn_ctx = partial_ctx;
	r.at_bol = 1;
	r.budget = MUSTACHE_BASE_STEPS;
	budget_add(&r, t->ntoks);
	r.ctx = ctx;	/* its nodes, when needed */
	if (ctx != NULL)
		stack_push(&r, ctx);
	rc = render_list(&r, t->root);
	if (rc == -1 && out->data != NULL) {
		/* no half-rendered output */
		out->len = r.base;
		out->data[out->len] = '\0';
	}
	for (i = 0; i < r.capcache; i++) {
		free(r.cache[i].name);
		if (!r.cache[i].borrowed)
			mustache_free(r.cache[i].t);
	}
	free(r.cache);
	free(r.walk);
	free(r.stack);
	buf_free(&r.indent);
	return rc;
}
