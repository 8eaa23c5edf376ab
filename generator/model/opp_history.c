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


/* Opportunities dated together: their old versions are held at once. */
#define DATE_BATCH	256
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

/* Versions are compared in pairs: a file with one text is never read. */
static int
compared(const struct history_file *f)
{
	size_t	i, texts = 0;

	for (i = 0; i < f->nversions && texts < 2; i++)
		texts += !f->versions[i].deleted;
	return texts >= 2;
}

/* The version that is the file as built: the file already loaded. */
static int
is_current(const struct history *h, const struct opportunity *o,
    const struct history_version *v, struct history_id *id)
{
	if (o->root == NULL || o->root->kind != VALUE_MAP)
		return 0;
	if (o->data == NULL)	/* let go: known by its id */
		return o->has_blob && history_same_blob(h, v, o->len,
		    o->blob);
	return history_same_id(h, v, o->data, o->len, id);
}

/*
 * Load one version of o's file quietly: a broken old version is skipped.
 * Its text is read, parsed, and let go.
 */
static struct value *
load_version(struct arena *a, const struct history *h,
    struct git_repository *repo, const struct opportunity *o,
    const struct history_version *v)
{
	struct diags	*quiet;
	struct value	*root = NULL;
	char		*text;
	size_t		 len;

	if ((text = history_text_in(h, repo, v, &len)) == NULL)
		return NULL;
	quiet = diags_new();
	if (yml_load(&root, a, o->path, text, len, 1, NULL, quiet) != 0 ||
	    root->kind != VALUE_MAP)
		root = NULL;
	diags_free(quiet);
	free(text);
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
	/* Old versions are parsed in a scratch arena that is let go once
	 * they are dated: what a change shows is kept as a copy. */
	ch->old = value_copy(c->a, oldv);
	ch->new = value_copy(c->a, newv);
}

/* The history's judge: the rules as each step's parent had them. */
struct judge {
	const struct history	*h;	/* the history */
	const struct site	*site;	/* the site as built */
	struct arena		*a;	/* where results live */
	struct diags		*d;	/* where violations go, or NULL */
	const char		**zones; /* time zone of each settings
					  * version, NULL until read */
};

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
	const struct value *m = ch->lang >= 0 ? value_map_get(o->root,
	    site->langs[ch->lang].code) : o->root;
	const struct value *v = value_map_get(m, ch->key);

	return v != NULL ? v : m != NULL ? m : o->root;
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

/* The steps of one opportunity that changed its terms, to cache. */
struct steps {
	struct dcache_step	*list;
	size_t			 count;
	size_t			 cap;
};

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

/* A version to read: which, and the commit that made it. */
struct want {
	size_t	commit;		/* index in history.commit_list */
	size_t	opp;		/* index in the opportunities */
	size_t	version;	/* index in its history_file's versions */
};

static int
want_cmp(const void *pa, const void *pb)
{
	const struct want *a = pa, *b = pb;

	if (a->commit != b->commit)
		return a->commit < b->commit ? -1 : 1;
	if (a->opp != b->opp)
		return a->opp < b->opp ? -1 : 1;
	return a->version < b->version ? -1 : a->version > b->version;
}

/* An opportunity, and the commit that made its file's first version. */
struct opp_order {
	size_t	first;		/* index in history.commit_list */
	size_t	opp;		/* index in the opportunities */
};

static int
opp_order_cmp(const void *pa, const void *pb)
{
	const struct opp_order *a = pa, *b = pb;

	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return a->opp < b->opp ? -1 : a->opp > b->opp;
}

/*
 * roots: each version's file as loaded (NULL: none), or NULL for none;
 * or hit: what the cache kept of comparing them. The steps compared are
 * noted in st.
 */
static void
date_one(struct opportunity *o, const struct history_file *f,
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
		if (prev != NULL)
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
static void
report_gone(struct judge *j, const struct opportunities *o)
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

/* Versions read at once by one thread: near each other in the pack. */
#define READ_CHUNK	32

/* One batch's versions, read on several threads. */
struct reader {
	const struct history		*h;
	const struct opportunities	*o;
	struct value			***roots; /* where each goes */
	const struct want		*want;	/* what to read, in order */
	size_t				 n;	/* wants */
	struct git_repository		**repo;	/* each thread's handle */
	struct arena			**a;	/* each thread's scratch */
};

/* Read and parse the wants of chunk i, in their order, on worker. */
static void
read_chunk(void *ctx, size_t i, unsigned worker)
{
	struct reader	*r = ctx;
	size_t		 k, end = (i + 1) * READ_CHUNK;

	for (k = i * READ_CHUNK; k < end && k < r->n; k++) {
		const struct want *w = &r->want[k];
		const struct opportunity *p = &r->o->list[w->opp];

		r->roots[w->opp][w->version] = load_version(r->a[worker],
		    r->h, r->repo[worker], p, &history_find(r->h,
		    p->path)->versions[w->version]);
	}
}

/* What comparing versions depends on besides them: the cache's header. */
static char *
dating_format(const struct site *site)
{
	struct buf	b = BUF_INIT;
	size_t		k;

	buf_printf(&b, "dating 1; marche %s; zone %s; langs", MARCHE_VERSION,
	    site->time_zone != NULL ? site->time_zone : "");
	for (k = 0; k < site->nlangs; k++)
		buf_printf(&b, " %s", site->langs[k].code);
	return buf_detach(&b, NULL);
}

/* The cache key of f's versions: a SHA-1 of its path and each version. */
static int
dating_key(const struct history *h, const struct history_file *f,
    unsigned char key[20])
{
	struct buf	b = BUF_INIT;
	git_oid		sum;
	size_t		k;
	int		rc;

	buf_puts(&b, f->path);
	buf_put_le(&b, 0, 1);
	for (k = 0; k < f->nversions; k++) {
		const struct history_version *v = &f->versions[k];

		buf_put(&b, v->commit < h->ncommits ?
		    h->commit_list[v->commit].id : "", v->commit <
		    h->ncommits ? 40 : 0);
		buf_put_le(&b, 0, 1);
		buf_put(&b, v->blob, 20);
		buf_put_le(&b, (v->has_blob ? 1 : 0) | (v->deleted ? 2 : 0), 1);
	}
	rc = git_odb_hash(&sum, b.data, b.len, GIT_OBJECT_BLOB);
	if (rc == 0)
		memcpy(key, sum.id, 20);
	buf_free(&b);
	return rc == 0 ? 0 : -1;
}

/* Can entry e stand for comparing f's versions? */
static int
hit_fits(const struct dcache_entry *e, const struct history_file *f)
{
	size_t	s;

	for (s = 0; s < e->nsteps; s++)
		if (e->steps[s].version == 0 ||
		    e->steps[s].version >= f->nversions ||
		    f->versions[e->steps[s].version].deleted)
			return 0;
	return 1;
}

/* Date the opportunities that only marks (all when only is NULL). */
static void
date_marked(struct opportunities *o, const struct history *h,
    const struct site *site, struct arena *a, const struct source *worktree,
    unsigned jobs, const unsigned char *only, struct diags *d)
{
	struct judge	 j = { h, site, a, d, NULL };
	struct reader	 r;
	struct history_id ids[DATE_BATCH]; /* each file as built, hashed */
	struct value	***roots;
	struct want	*want = NULL;
	struct opp_order *order;
	struct dcache	 dc;
	const struct dcache_entry **hits;
	unsigned char	(*keys)[20];
	struct steps	 st = { NULL, 0, 0 };
	struct buf	 out = BUF_INIT;
	size_t		*offs = NULL, noffs = 0, fresh = 0, used = 0;
	char		*cpath = NULL, *format = NULL;
	size_t		 i, k, n = 0, cap = 0, first, last, x;
	unsigned	 t;

	if (h == NULL || !h->available)
		return;
	/*
	 * What comparing an opportunity's versions concluded is kept by the
	 * exact sequence of its versions: one whose history did not change
	 * is not read again (date_cache.h).
	 */
	memset(&dc, 0, sizeof(dc));
	if (h->cached && h->repo != NULL &&
	    (cpath = cachefile_path(h->repo, "dating.cache")) != NULL) {
		format = dating_format(site);
		(void)dcache_read(&dc, cpath, format, site->nlangs, a);
	}
	hits = xcalloc(o->count + 1, sizeof(*hits));
	keys = xcalloc(o->count + 1, sizeof(*keys));
	offs = xcalloc(o->count + 2, sizeof(*offs));
	j.zones = arena_calloc(a, h->nsettings + 1, sizeof(*j.zones));
	roots = arena_calloc(a, o->count + 1, sizeof(*roots));
	/*
	 * Opportunities are dated in batches, so that the old versions
	 * parsed for comparison are held for one batch only (scratch), not
	 * the build. The versions to compare are read in the order of the
	 * commits that made them: Git stores a version as a change to one
	 * near it in the pack, often one made at about the same time, and
	 * libgit2 keeps what it rebuilt last (16 MiB of it), where reading
	 * file by file would rebuild each from up to fifty changes away.
	 * So a batch is opportunities created one after the other, not
	 * ones by name: then its versions are near each other however many
	 * opportunities there are, and the cost of a read stays the same.
	 * Dating one opportunity does not depend on another, and what it
	 * reports is sorted by file.
	 */
	order = xreallocarray(NULL, o->count + 1, sizeof(*order));
	for (i = 0; i < o->count; i++) {
		const struct history_file *f = o->list[i].ok ?
		    history_find(h, o->list[i].path) : NULL;

		order[i].first = f != NULL && f->nversions > 0 ?
		    f->versions[0].commit : 0;
		order[i].opp = i;
	}
	if (o->count > 1)
		qsort(order, o->count, sizeof(*order), opp_order_cmp);
	/*
	 * Each thread reads with a handle of its own, the first with h's;
	 * one that cannot be had leaves fewer threads.
	 */
	memset(&r, 0, sizeof(r));
	r.h = h;
	r.o = o;
	r.roots = roots;
	jobs = jobs < 1 ? 1 : jobs;
	r.repo = xcalloc(jobs, sizeof(*r.repo));
	r.a = xcalloc(jobs, sizeof(*r.a));
	for (t = 1; t < jobs; t++)
		if ((r.repo[t] = history_reopen(h)) == NULL)
			break;
	jobs = t;
	for (first = 0; first < o->count; first = last) {
		struct arena *scratch = arena_new();

		last = first + DATE_BATCH < o->count ? first + DATE_BATCH :
		    o->count;
		n = 0;
		for (x = first; x < last; x++) {
			struct opportunity *p = &o->list[i = order[x].opp];
			const struct history_file *f;

			memset(&ids[x - first], 0, sizeof(*ids));
			if ((only != NULL && !only[i]) || !p->ok ||
			    (f = history_find(h, p->path)) == NULL ||
			    !compared(f))
				continue;
			if (cpath != NULL && dating_key(h, f, keys[i]) == 0 &&
			    (hits[i] = dcache_find(&dc, keys[i])) != NULL &&
			    !hit_fits(hits[i], f))
				hits[i] = NULL;
			if (hits[i] != NULL)
				continue;
			roots[i] = arena_calloc(scratch, f->nversions,
			    sizeof(**roots));
			for (k = 0; k < f->nversions; k++) {
				const struct history_version *v =
				    &f->versions[k];

				if (v->deleted)
					continue;
				if (is_current(h, p, v, &ids[x - first])) {
					roots[i][k] = p->root;
					continue;
				}
				if (n == cap) {
					cap = cap ? cap * 2 : 256;
					want = xreallocarray(want, cap,
					    sizeof(*want));
				}
				want[n].commit = v->commit;
				want[n].opp = i;
				want[n].version = k;
				n++;
			}
		}
		if (n > 1)
			qsort(want, n, sizeof(*want), want_cmp);
		/* Parsed into each thread's scratch, let go with the batch. */
		r.want = want;
		r.n = n;
		r.a[0] = scratch;
		for (t = 1; t < jobs; t++)
			r.a[t] = arena_new();
		par_for((n + READ_CHUNK - 1) / READ_CHUNK, jobs, read_chunk,
		    &r);
		for (x = first; x < last; x++) {
			struct opportunity *p = &o->list[i = order[x].opp];
			const struct history_file *f;
			const struct history_version *lastv;
			const struct source_file *now;

			if ((only != NULL && !only[i]) || !p->ok)
				continue;
			f = history_find(h, p->path);
			if (f == NULL || f->nversions == 0) {
				p->preview = worktree != NULL;	/* not committed */
				continue;
			}
			st.count = 0;
			date_one(p, f, &j, roots[i], hits[i], &st);
			if (cpath != NULL && hits[i] != NULL) {
				buf_put(&out, hits[i]->raw, hits[i]->rawlen);
				offs[++noffs] = out.len;
				used++;
			} else if (cpath != NULL && roots[i] != NULL) {
				/* Only when every version could be read:
				 * one that could not may be read later. */
				for (k = 0; k < f->nversions; k++)
					if (!f->versions[k].deleted &&
					    roots[i][k] == NULL)
						break;
				if (k == f->nversions) {
					size_t at = out.len;

					dcache_put_entry(&out, keys[i],
					    st.list, st.count);
					if (dcache_entry_ok((unsigned char *)
					    out.data + at, out.len - at,
					    site->nlangs)) {
						offs[++noffs] = out.len;
						fresh++;
					} else
						out.len = at;
				}
			}
			roots[i] = NULL;
			lastv = &f->versions[f->nversions - 1];
			now = worktree != NULL ? source_find(worktree,
			    p->path) : NULL;
			/* The file as built is the working tree's, hashed
			 * once. */
			if (now != NULL && p->data == NULL) {
				/* Let go: the file read is the one built. */
				if (p->has_blob && !history_same_blob(h, lastv,
				    p->len, p->blob))
					p->preview = 1;
			} else if (now != NULL && (now->data == p->data &&
			    now->len == p->len ? !history_same_id(h, lastv,
			    now->data, now->len, &ids[x - first]) :
			    !history_same(h, lastv, now->data, now->len)))
				p->preview = 1;
		}
		arena_free(scratch);
		for (t = 1; t < jobs; t++)
			arena_free(r.a[t]);
	}
	for (t = 1; t < jobs; t++)
		history_close(r.repo[t]);
	free(r.repo);
	free(r.a);
	free(order);
	free(want);
	/* Dating some keeps the others' entries: the file is left as is. */
	if (cpath != NULL && only == NULL && (fresh > 0 || used != dc.count))
		(void)dcache_write(cpath, format, &out, offs, noffs);
	dcache_free(&dc);
	free(hits);
	free(keys);
	free(offs);
	free(st.list);
	buf_free(&out);
	free(cpath);
	free(format);
	if (only == NULL)
		report_gone(&j, o);
}

void
opportunities_date(struct opportunities *o, const struct history *h,
    const struct site *site, struct arena *a, const struct source *worktree,
    unsigned jobs, struct diags *d)
{
	date_marked(o, h, site, a, worktree, jobs, NULL, d);
}

void
opportunities_date_some(struct opportunities *o, const struct history *h,
    const struct site *site, struct arena *a, const struct source *worktree,
    const size_t *which, size_t n, struct diags *d)
{
	unsigned char	*only = xcalloc(o->count + 1, 1);
	size_t		 i;

	for (i = 0; i < n; i++)
		only[which[i]] = 1;
	date_marked(o, h, site, a, worktree, 1, only, d);
	free(only);
}
