/*
 * Opportunities through time: when each was posted, and what changed in
 * its terms while it was open (its amendments), from the history stage's
 * versions of its file.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "arena.h"
#include "buf.h"
#include "cachefile.h"
#include "date_cache.h"
#include "i18n.h"
#include "diag.h"
#include "history.h"
#include "history_cache.h"
#include "instant.h"
#include "opp_history_impl.h"
#include "opportunity.h"
#include "par.h"
#include "site.h"
#include "source.h"
#include "value.h"
#include "xalloc.h"
#include "yml.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

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

			/* Attachments by their file names. */
			if (v->items[j]->kind == VALUE_MAP)
				name = value_str(value_map_get(v->items[j],
				    "file"));
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
	/* Old versions are parsed in a scratch arena that is let go once
	 * they are dated: what a change shows is kept as a copy. */
	ch->old = value_copy(c->a, oldv);
	ch->new = value_copy(c->a, newv);
}

/*
 * The time zone that the parent of the commit that made v had: from its
 * _data/site.yml, the default when it names none, the site's own when it
 * cannot be read.
 */
static const char *
zone_at(struct judge *j, const struct history_version *v)
{
	const struct history_settings	*hs;
	struct diags			*quiet;
	struct value			*root = NULL;
	const char			*tz;
	int				 k;

	if (v->commit >= j->h->ncommits ||
	    (k = j->h->commit_list[v->commit].settings) < 0 ||
	    (size_t)k >= j->h->nsettings)
		return j->site->time_zone;
	if (j->zones[k] != NULL)
		return j->zones[k];
	hs = &j->h->settings[k];
	quiet = diags_new();
	if (yml_load(&root, j->a, "_data/site.yml", hs->data, hs->len, 1,
	    NULL, quiet) != 0 || root->kind != VALUE_MAP) {
		j->zones[k] = j->site->time_zone;
	} else {
		tz = value_str(value_map_get(root, "time_zone"));
		j->zones[k] = tz != NULL && instant_zone_valid(tz) ? tz :
		    "America/Toronto";
	}
	diags_free(quiet);
	return j->zones[k];
}

/* Did a version closing at c (or NULL) close before moment t, in tz? */
static int
closed_at(const char *c, const char *tz, long long t)
{
	struct instant	i;

	return c != NULL && instant_parse(&i, NULL, c, tz) == INSTANT_OK &&
	    i.epoch <= t;
}

/* Can a correction change this term? Text only: never facts or slugs. */
static int
correctable(const struct opp_change *ch)
{
	return ch->lang >= 0 && strcmp(ch->key, "slug") != 0;
}

/* A new entry in o's list, made by the commit that made v. */
static struct opp_amendment *
entry_new(struct opportunity *o, struct judge *j,
    const struct history_version *v, enum opp_amendment_kind kind)
{
	struct opp_amendment		*am;
	const struct history_commit	*hc = v->commit < j->h->ncommits ?
					    &j->h->commit_list[v->commit] :
					    NULL;

	am = &o->amendments[o->namendments++];
	memset(am, 0, sizeof(*am));
	am->time = v->time;
	am->kind = kind;
	am->commit = hc != NULL ? hc->id : "";
	am->subject = hc != NULL ? hc->subject : "";
	am->reason = hc != NULL ? hc->correction : NULL;
	return am;
}

/* Where a change shows in the file as it is now: its key's value. */
static const struct value *
where_now(const struct opportunity *o, const struct site *site,
    const struct opp_change *ch)
{
	const struct value *root = opp_root(o);
	const struct value *m = ch->lang >= 0 ? value_map_get(root,
	    site->langs[ch->lang].code) : root;
	const struct value *v = value_map_get(m, ch->key);

	return v != NULL ? v : m != NULL ? m : root;
}

/* Say what a step that broke the rules did, naming its commit. */
static void
report_violation(struct judge *j, const struct opportunity *o,
    const struct opp_amendment *am)
{
	struct buf		 keys = BUF_INIT;
	const struct value	*at = NULL;
	size_t			 i;

	if (j->d == NULL)
		return;
	switch (am->kind) {
	case OPP_AMEND_AFTER_CLOSING:
		for (i = 0; i < am->nchanges; i++) {
			const struct opp_change *ch = &am->changes[i];

			if (i > 0)
				buf_puts(&keys, ", ");
			if (ch->lang >= 0)
				buf_printf(&keys, "%s.",
				    j->site->langs[ch->lang].code);
			buf_puts(&keys, ch->key);
		}
		at = am->nchanges > 0 ? where_now(o, j->site,
		    &am->changes[0]) : NULL;
		diag_warning(j->d, o->path, at ? at->line : 0,
		    at ? at->col : 0, "commit %.7s (\"%s\") changed %s after "
		    "the opportunity closed, when its terms are frozen; the "
		    "change is published, marked as made after closing%s",
		    am->commit, am->subject, buf_cstr(&keys), am->reason ?
		    N_(" (a correction may change text only)") : "");
		break;
	case OPP_AMEND_DELETED:
		diag_warning(j->d, o->path, 0, 0, "commit %.7s (\"%s\") "
		    "deleted this published opportunity, and a later commit "
		    "restored it; the deletion is published in its history",
		    am->commit, am->subject);
		break;
	case OPP_AMEND_RENAMED:
		diag_warning(j->d, o->path, 0, 0, "commit %.7s (\"%s\") "
		    "renamed this published opportunity from %s, so its "
		    "public address changed; the rename is published in its "
		    "history", am->commit, am->subject, am->renamed_from);
		break;
	default:
		break;
	}
	buf_free(&keys);
}

/*
 * Judge one step that made version v, whose terms changes (n of them)
 * changed, the version before closing at closing (or NULL): an amendment
 * while open; after closing, a correction of text (with a trailer) and a
 * violation for the rest.
 */
static void
judge_apply(struct opportunity *o, struct judge *j,
    const struct history_version *v, struct opp_change *changes, size_t n,
    const char *closing)
{
	struct opp_amendment	 all, *am, *fix = NULL;
	size_t			 i;

	memset(&all, 0, sizeof(all));
	all.changes = changes;
	all.nchanges = n;
	if (!closed_at(closing, zone_at(j, v), v->time)) {
		am = entry_new(o, j, v, OPP_AMEND_OPEN);
		am->changes = all.changes;
		am->nchanges = all.nchanges;
		return;
	}
	am = entry_new(o, j, v, OPP_AMEND_AFTER_CLOSING);
	am->changes = arena_calloc(j->a, all.nchanges, sizeof(*am->changes));
	if (am->reason != NULL) {
		fix = entry_new(o, j, v, OPP_AMEND_CORRECTION);
		fix->changes = arena_calloc(j->a, all.nchanges,
		    sizeof(*fix->changes));
		am = fix - 1;
	}
	for (i = 0; i < all.nchanges; i++) {
		if (fix != NULL && correctable(&all.changes[i]))
			fix->changes[fix->nchanges++] = all.changes[i];
		else
			am->changes[am->nchanges++] = all.changes[i];
	}
	if (fix != NULL && fix->nchanges == 0) {
		o->namendments--;	/* nothing was text */
		fix = NULL;
	}
	if (am->nchanges == 0) {
		/* all of it was a correction: drop the empty entry */
		if (fix != NULL)
			*am = *fix;
		o->namendments--;
		return;
	}
	report_violation(j, o, am);
}

/* Judge the step that changed prev into cur (version vi), noting it. */
static void
judge_step(struct opportunity *o, struct judge *j, size_t vi,
    const struct history_version *v, const struct value *prev,
    const struct value *cur, struct steps *st)
{
	struct opp_amendment	 all;
	struct collect_changes	 c = { j->a, &all, 0 };
	const char		*closing;

	memset(&all, 0, sizeof(all));
	opp_terms_diff(prev, cur, j->site, add_change, &c);
	if (all.nchanges == 0)
		return;
	closing = value_str(value_map_get(prev, "closing"));
	if (st->count == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 8;
		st->list = xreallocarray(st->list, st->cap,
		    sizeof(*st->list));
	}
	st->list[st->count].version = vi;
	st->list[st->count].closing = closing;
	st->list[st->count].changes = all.changes;
	st->list[st->count].nchanges = all.nchanges;
	st->count++;
	judge_apply(o, j, v, all.changes, all.nchanges, closing);
}

/* Is f an attachment of o, opportunities/ID/FILE? 1 or 0. */
static int
attachment_of(const struct opportunity *o, const struct history_file *f)
{
	size_t	n = strlen("opportunities/"), m = strlen(o->id);

	return strncmp(f->path, "opportunities/", n) == 0 &&
	    strncmp(f->path + n, o->id, m) == 0 && f->path[n + m] == '/';
}

/*
 * The first of h's files (sorted by path) that can be o's attachment:
 * they all follow, together, from there.
 */
static size_t
attachments_start(const struct opportunity *o, const struct history *h)
{
	char	*prefix = xasprintf("opportunities/%s/", o->id);
	size_t	 lo = 0, hi = h->count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(h->files[mid].path, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	free(prefix);
	return lo;
}

/* Versions of o's attachments after their first: changes, removals. */
static size_t
attachment_steps(const struct opportunity *o, const struct history *h)
{
	size_t	i, n = 0;

	for (i = attachments_start(o, h); i < h->count &&
	    attachment_of(o, &h->files[i]); i++)
		if (attachment_of(o, &h->files[i]) && h->files[i].nversions > 1)
			n += h->files[i].nversions - 1;
	return n;
}

/*
 * An attachment is a term: a commit that changed or removed one after
 * the opportunity closed is published and reported as a change after
 * closing, like a change to its description (a new attachment changes
 * the file's 'attachments', judged with the other terms). Amendments
 * stay in time order.
 */
static void
date_attachments(struct opportunity *o, struct judge *j)
{
	size_t	i, k, m;

	for (i = attachments_start(o, j->h); i < j->h->count &&
	    attachment_of(o, &j->h->files[i]); i++) {
		const struct history_file *f = &j->h->files[i];
		const char *name = strrchr(f->path, '/') + 1;

		for (k = 1; k < f->nversions; k++) {
			const struct history_version *v = &f->versions[k];
			struct opp_amendment *am;

			if (v->time < o->closing.epoch)
				continue;
			am = entry_new(o, j, v, OPP_AMEND_AFTER_CLOSING);
			am->reason = NULL;
			am->changes = arena_calloc(j->a, 1,
			    sizeof(*am->changes));
			am->nchanges = 1;
			am->changes[0].key = "attachments";
			am->changes[0].lang = -1;
			am->changes[0].old = value_string(j->a, name);
			am->changes[0].new = v->deleted ? NULL :
			    value_string(j->a, name);
			report_violation(j, o, am);
		}
	}
	/* Insertion sort by time: the lists are short. */
	for (k = 1; k < o->namendments; k++) {
		struct opp_amendment x = o->amendments[k];

		for (m = k; m > 0 && o->amendments[m - 1].time > x.time; m--)
			o->amendments[m] = o->amendments[m - 1];
		o->amendments[m] = x;
	}
}

/* Date o from its history: opp_history_impl.h. */
void
opp_date_one(struct opportunity *o, const struct history_file *f,
    struct judge *j, struct value *const *roots,
    const struct dcache_entry *hit, struct steps *st)
{
	struct value	*prev = NULL, *cur;
	size_t		 i, s = 0;

	o->dated = 1;
	o->posted = f->added;
	o->updated = f->changed;
	/* At most two entries a step: a correction and the rest; and one
	 * for each later version of an attachment. */
	o->amendments = arena_calloc(j->a, 2 * f->nversions +
	    attachment_steps(o, j->h) + 1, sizeof(*o->amendments));
	for (i = 0; i < f->nversions; i++) {
		const struct history_version *v = &f->versions[i];

		if (v->deleted) {
			report_violation(j, o, entry_new(o, j, v,
			    OPP_AMEND_DELETED));
			continue;
		}
		if (v->renamed_from != NULL) {
			struct opp_amendment *am = entry_new(o, j, v,
			    OPP_AMEND_RENAMED);

			am->renamed_from = v->renamed_from;
			report_violation(j, o, am);
		}
		if (hit != NULL) {
			if (s < hit->nsteps && hit->steps[s].version == i) {
				judge_apply(o, j, v, hit->steps[s].changes,
				    hit->steps[s].nchanges,
				    hit->steps[s].closing);
				s++;
			}
			continue;
		}
		if (roots == NULL || (cur = roots[i]) == NULL)
			continue;
		/* One tree for two versions: their terms are the same
		 * (opp_dating.c's read_deferred()). */
		if (prev != NULL && prev != cur)
			judge_step(o, j, i, v, prev, cur, st);
		prev = cur;
	}
	date_attachments(o, j);
}

/* Is path an opportunity's file, opportunities/ID.yml? */
static int
opp_file(const char *path)
{
	size_t	n = strlen(path);

	return strncmp(path, "opportunities/", 14) == 0 &&
	    strchr(path + 14, '/') == NULL && n > 18 &&
	    strcmp(path + n - 4, ".yml") == 0;
}

static int
path_cmp(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* Opportunities deleted for good: no page shows it, so check says it. */
void
opp_report_gone(struct judge *j, const struct opportunities *o)
{
	const char	**paths;
	size_t		  i, k;

	if (j->d == NULL)
		return;
	/* The files here, sorted, to look each history file up in. */
	paths = xreallocarray(NULL, o->count + 1, sizeof(*paths));
	for (k = 0; k < o->count; k++)
		paths[k] = o->list[k].path;
	if (o->count > 1)
		qsort(paths, o->count, sizeof(*paths), path_cmp);
	for (i = 0; i < j->h->count; i++) {
		const struct history_file *f = &j->h->files[i];
		const struct history_version *last;
		const struct history_commit *hc;
		const char *key = f->path;

		if (f->nversions == 0 || !opp_file(f->path))
			continue;
		last = &f->versions[f->nversions - 1];
		if (!last->deleted || last->commit >= j->h->ncommits ||
		    bsearch(&key, paths, o->count, sizeof(*paths),
		    path_cmp) != NULL)
			continue;
		hc = &j->h->commit_list[last->commit];
		diag_warning(j->d, f->path, 0, 0, "commit %.7s (\"%s\") "
		    "deleted this published opportunity, so its page and "
		    "address are gone; restore the file and set 'status: "
		    "cancelled' instead", hc->id, hc->subject);
	}
	free(paths);
}
