/*
 * Opportunities through time: when each was posted, and what changed in
 * its terms while it was open (its amendments), from the history stage's
 * versions of its file.
 */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "i18n.h"
#include "diag.h"
#include "history.h"
#include "instant.h"
#include "opportunity.h"
#include "site.h"
#include "source.h"
#include "value.h"
#include "yml.h"

/* The terms: facts stated once, then each language's text. */
static const char *const fact_keys[] = {
	"value", "taxes", "closing", "questions_deadline", "selection",
	"start", "delivery", "contact", "skills"
};
static const char *const text_keys[] = {
	"title", "summary", "description", "evaluation", "acceptance", "slug"
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

void
opp_terms_diff(const struct value *oldr, const struct value *newr,
    const struct site *site, opp_term_fn fn, void *ctx)
{
	size_t	i, k;

	for (i = 0; i < NELEM(fact_keys); i++) {
		const struct value *o = value_map_get(oldr, fact_keys[i]);
		const struct value *n = value_map_get(newr, fact_keys[i]);

		if (!value_equal(o, n))
			fn(ctx, fact_keys[i], -1, o, n);
	}
	for (k = 0; k < site->nlangs; k++) {
		const struct value *om = value_map_get(oldr,
		    site->langs[k].code);
		const struct value *nm = value_map_get(newr,
		    site->langs[k].code);

		for (i = 0; i < NELEM(text_keys); i++) {
			const struct value *o = value_map_get(om, text_keys[i]);
			const struct value *n = value_map_get(nm, text_keys[i]);

			if (!value_equal(o, n))
				fn(ctx, text_keys[i], (int)k, o, n);
		}
	}
}

int
opp_term_is_date(const char *key)
{
	static const char *const keys[] = {
		"closing", "questions_deadline", "selection", "start",
		"delivery"
	};
	size_t	i;

	for (i = 0; i < NELEM(keys); i++)
		if (strcmp(key, keys[i]) == 0)
			return 1;
	return 0;
}

/*
 * Longest text shown for one term, in bytes: past versions were never
 * checked, so a title may be a megabyte long.
 */
#define TERM_TEXT_MAX	400

/* Append a scalar of any kind as plain text; a sequence or map as "…". */
static void
scalar_text(struct buf *b, const struct value *v)
{
	switch (v->kind) {
	case VALUE_NULL:
		break;
	case VALUE_BOOL:
		buf_puts(b, v->boolean ? "true" : "false");
		break;
	case VALUE_INT:
		buf_printf(b, "%lld", v->integer);
		break;
	case VALUE_NUMBER:
		buf_printf(b, "%g", v->number);
		break;
	case VALUE_STRING:
		buf_put(b, v->str, v->len);
		break;
	case VALUE_SEQ:
	case VALUE_MAP:
		buf_puts(b, "\u2026");
		break;
	}
}

/* Cut b to at most max bytes on a character boundary, marking the cut. */
static void
cut_text(struct buf *b, size_t from, size_t max)
{
	size_t	n;

	if (b->len - from <= max)
		return;
	n = from + max;
	while (n > from && ((unsigned char)b->data[n] & 0xC0) == 0x80)
		n--;
	b->len = n;
	buf_puts(b, "\u2026");
}

int
opp_term_text(struct buf *b, const struct site *site, const char *key,
    const struct value *v, const char *lang)
{
	struct instant	i;
	size_t		j, from = b->len;
	int		verbatim = 0;

	if (v == NULL)
		return 0;
	if (opp_term_is_date(key) && v->kind == VALUE_STRING &&
	    instant_parse(&i, NULL, v->str, site->time_zone) == INSTANT_OK) {
		if (i.has_time)
			i18n_format_datetime(b, i.epoch, site->time_zone, lang);
		else
			i18n_format_date(b, i.year, i.month, i.day, lang);
	} else if (strcmp(key, "value") == 0 && (v->kind == VALUE_INT ||
	    v->kind == VALUE_NUMBER) && i18n_format_money(b,
	    v->kind == VALUE_INT ? (double)v->integer : v->number, lang)
	    == 0) {
		/* formatted */
	} else if (v->kind == VALUE_SEQ) {
		/* Skills by their names; any other item as it is. */
		for (j = 0; j < v->count && b->len - from <= TERM_TEXT_MAX;
		    j++) {
			const char *name = value_str(value_path(value_map_get(
			    site->skills, value_str(v->items[j])), lang));

			if (j > 0)
				buf_puts(b, ", ");
			if (name != NULL)
				buf_puts(b, name);
			else
				scalar_text(b, v->items[j]);
		}
	} else {
		b->len = from;	/* drop what a failed formatter left */
		scalar_text(b, v);
		verbatim = v->kind == VALUE_STRING;
	}
	cut_text(b, from, TERM_TEXT_MAX);
	if (b->data != NULL)
		b->data[b->len] = '\0';
	return verbatim;
}

/* Load one version's text quietly: a broken old version is skipped. */
static struct value *
load_version(struct arena *a, const char *path,
    const struct history_version *v)
{
	struct diags	*quiet = diags_new();
	struct value	*root = NULL;

	if (v->data == NULL || yml_load(&root, a, path, v->data, v->len, 1,
	    NULL, quiet) != 0 || root->kind != VALUE_MAP)
		root = NULL;
	diags_free(quiet);
	return root;
}

struct collect_changes {
	struct arena		*a;	/* where the list grows */
	struct opp_amendment	*am;	/* the amendment being filled */
	size_t			 cap;	/* allocated changes */
};

static void
add_change(void *ctx, const char *key, int lang, const struct value *oldv,
    const struct value *newv)
{
	struct collect_changes	*c = ctx;
	struct opp_change	*ch;

	if (c->am->nchanges == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 4;

		c->am->changes = arena_grow(c->a, c->am->changes,
		    c->cap * sizeof(*ch), ncap * sizeof(*ch));
		c->cap = ncap;
	}
	ch = &c->am->changes[c->am->nchanges++];
	ch->key = key;
	ch->lang = lang;
	ch->old = oldv;
	ch->new = newv;
}

/* Did this version close before moment t? */
static int
closed_before(const struct value *root, const struct site *site, long long t)
{
	const struct value	*c = value_map_get(root, "closing");
	struct instant		 i;

	return value_str(c) != NULL && instant_parse(&i, NULL, c->str,
	    site->time_zone) == INSTANT_OK && i.epoch <= t;
}

static void
date_one(struct opportunity *o, const struct history_file *f,
    const struct site *site, struct arena *a)
{
	struct value	*prev = NULL, *cur;
	size_t		 i;

	o->dated = 1;
	o->posted = f->added;
	o->updated = f->changed;
	o->amendments = arena_calloc(a, f->nversions + 1,
	    sizeof(*o->amendments));
	for (i = 0; i < f->nversions; i++) {
		struct collect_changes c = { a, NULL, 0 };

		cur = load_version(a, o->path, &f->versions[i]);
		if (cur == NULL)
			continue;
		if (prev != NULL && !closed_before(prev, site,
		    f->versions[i].time)) {
			c.am = &o->amendments[o->namendments];
			c.am->time = f->versions[i].time;
			opp_terms_diff(prev, cur, site, add_change, &c);
			if (c.am->nchanges > 0)
				o->namendments++;
		}
		prev = cur;
	}
}

void
opportunities_date(struct opportunities *o, const struct history *h,
    const struct site *site, struct arena *a, const struct source *worktree)
{
	size_t	i;

	for (i = 0; i < o->count; i++) {
		struct opportunity *p = &o->list[i];
		const struct history_file *f;
		const struct history_version *last;
		const struct source_file *now;

		if (!p->ok || h == NULL || !h->available)
			continue;
		f = history_find(h, p->path);
		if (f == NULL || f->nversions == 0) {
			p->preview = worktree != NULL;	/* not committed */
			continue;
		}
		date_one(p, f, site, a);
		last = &f->versions[f->nversions - 1];
		now = worktree != NULL ? source_find(worktree, p->path) : NULL;
		if (now != NULL && (last->data == NULL || last->len !=
		    now->len || memcmp(last->data, now->data, now->len) != 0))
			p->preview = 1;
	}
}
