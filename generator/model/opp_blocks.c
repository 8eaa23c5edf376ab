/*
 * An opportunity file that YAML could not parse, read block by block so
 * that the problems of the blocks that parse are reported too.
 */
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "opp_impl.h"
#include "opportunity.h"
#include "source.h"
#include "value.h"
#include "yml.h"

/*
 * After a YAML syntax error: the file's top-level blocks (a line that
 * starts with a key, and the lines under it), each parsed on its own, so
 * that the problems in the other blocks are reported too (the languages'
 * texts, the questions...). A block that does not parse either is
 * reported, after the first (which holds the error already reported,
 * the first of the file); the others are read as an
 * opportunity, and only what is found inside them is reported: a key
 * that is missing may be in the broken block.
 */
#define OPP_MAX_BLOCKS	64

struct block_range {
	int	first;	/* first file line */
	int	last;	/* last file line */
	int	ok;	/* it parsed */
};

struct blocks {
	const char		*path;
	struct block_range	 r[OPP_MAX_BLOCKS];
	size_t			 n;
};

/* A problem inside a block that parsed. */
static int
keep_in_blocks(const struct diag *g, void *ctx)
{
	const struct blocks *b = ctx;
	size_t	i;

	if (g->path == NULL || strcmp(g->path, b->path) != 0)
		return 0;
	for (i = 0; i < b->n; i++)
		if (g->line >= b->r[i].first && g->line <= b->r[i].last)
			return b->r[i].ok;
	return 0;
}

/* Whether line (len bytes) starts a top-level block. */
static int
starts_block(const char *s, size_t len)
{
	if (len == 0 || *s == ' ' || *s == '\t' || *s == '#' || *s == '-' ||
	    *s == '\r' || *s == '.')
		return 0;
	return 1;
}

void
opp_read_blocks(struct opp_ctx *c, const struct opportunity *o,
    const struct source_file *f)
{
	struct blocks		 b;
	struct opportunity	 tmp;
	struct opp_ctx		 sc;
	struct diags		*bd, *rd;
	struct value		*root, *v;
	const char		*p = f->data, *end = f->data + f->len, *nl;
	size_t			 start[OPP_MAX_BLOCKS + 1], i, k;
	int			 line = 1, good = 0, bad = 0;

	memset(&b, 0, sizeof(b));
	b.path = f->path;
	for (; p < end; line++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (starts_block(p, (size_t)((nl ? nl : end) - p))) {
			if (b.n == OPP_MAX_BLOCKS)
				return;
			if (b.n > 0)
				b.r[b.n - 1].last = line - 1;
			start[b.n] = (size_t)(p - f->data);
			b.r[b.n++].first = line;
		}
		p = nl ? nl + 1 : end;
	}
	if (b.n < 2)
		return;
	b.r[b.n - 1].last = line;
	start[b.n] = f->len;
	root = value_map(c->a);
	for (i = 0; i < b.n; i++) {
		bd = diags_new();
		if (yml_load(&v, c->a, f->path, f->data + start[i],
		    start[i + 1] - start[i], b.r[i].first, NULL, bd) != 0 ||
		    v->kind != VALUE_MAP) {
			if (bad++ > 0)
				diags_take(c->d, bd, NULL, NULL);
			diags_free(bd);
			continue;
		}
		diags_free(bd);
		b.r[i].ok = 1;
		good++;
		for (k = 0; k < v->count; k++)
			value_map_append(c->a, root, v->pairs[k].key,
			    v->pairs[k].val);
	}
	if (good == 0)
		return;
	/* Read what parsed, on the side: the file stays unreadable. */
	rd = diags_new();
	sc = *c;
	sc.d = rd;
	sc.errors = 0;
	tmp = *o;
	tmp.text = NULL;
	opp_texts_new(&tmp, c->site, c->a);	/* not o's */
	tmp.root = root;
	opp_check_top_keys(&sc, root);
	opp_read_facts(&sc, &tmp);
	opp_read_skills(&sc, &tmp);
	for (k = 0; k < c->site->nlangs; k++)
		opp_read_text(&sc, &tmp, k);
	opp_read_questions(&sc, &tmp);
	opp_check_placeholders(&sc, &tmp);
	opp_read_award(&sc, &tmp);
	diags_take(c->d, rd, keep_in_blocks, &b);
	diags_free(rd);
}
