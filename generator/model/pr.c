#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "changes.h"
#include "diag.h"
#include "i18n.h"
#include "instant.h"
#include "opportunity.h"
#include "pr.h"
#include "site.h"
#include "value.h"
#include "worddiff.h"
#include "yml.h"

#define OPP_DIR	"opportunities/"
#define SITE_YML	"_data/site.yml"

/* The languages' names in messages, for the catalogue (their French
 * forms replace them in French messages). */
static const char *const lang_names[] = { N_("English"), N_("French") };

/*
 * A term's value for a contributor into out (size bytes): as readers see
 * it, text quoted; dates and money formatted in English, remembered with
 * their French form for French messages.
 */
static const char *
describe(char *out, size_t size, const struct site *site, const char *key,
    const struct value *v)
{
	struct buf	t = BUF_INIT, fr = BUF_INIT;

	if (v == NULL)
		diag_fragment(out, size, "nothing");
	else if (opp_term_text(&t, site, key, v, "en") == 1)
		snprintf(out, size, "'%s'", buf_cstr(&t));
	else if (t.len > 0) {
		snprintf(out, size, "%s", buf_cstr(&t));
		if (diag_wants_fr() &&
		    opp_term_text(&fr, site, key, v, "fr") == 0 && fr.len > 0)
			diag_pair(out, buf_cstr(&fr));
	} else
		snprintf(out, size, "%s", diag_arg(value_kind_name(v->kind)));
	buf_free(&t);
	buf_free(&fr);
	return out;
}

/* Words of context either side of a change in a note. */
#define NOTE_CONTEXT	6

/* What a text term's amendment changed, word by word: ": ..." or a
 * sentence when there is nothing to show word by word. */
static void
describe_text(struct buf *b, const char *key, const struct value *oldv,
    const struct value *newv)
{
	struct worddiff	wd;
	char		piece[160];

	if (opp_term_diff(&wd, key, oldv, newv) != 0)
		return;
	if (wd.replaced) {
		diag_fragment(piece, sizeof(piece), ": the text was replaced "
		    "(too long to compare word by word)");
		buf_puts(b, piece);
	} else if (!wd.changed) {
		diag_fragment(piece, sizeof(piece), " its layout only (the "
		    "words are the same)");
		buf_puts(b, piece);
	} else {
		buf_puts(b, ": ");
		worddiff_plain(b, &wd, NOTE_CONTEXT);
	}
	worddiff_free(&wd);
}

/*
 * One changed term: an amendment (note) or, once closed, an error; text
 * changed after closing is a correction (note) when a maintainer allowed
 * corrections. A text's note points at its first changed word in data
 * (len bytes). Each message is one format, so it is translated whole.
 */
static void
report_term(const struct site *site, const char *path, const char *lang,
    const char *key, const struct value *oldv, const struct value *newv,
    const struct value *where, const char *data, size_t len, int closed,
    int corrections,
    struct diags *d)
{
	struct buf	 diff = BUF_INIT;
	char		 was[512], now[512];
	int		 text = lang != NULL && strcmp(key, "slug") != 0;
	const char	*lname = "";
	int		 k, line = where ? where->line : 0;
	int		 col = where ? where->col : 0;

	if (lang != NULL && (k = site_lang_index(site, lang)) >= 0)
		lname = site->langs[k].english;
	if (strcmp(lname, "English") == 0)
		lname = lang_names[0];
	else if (strcmp(lname, "French") == 0)
		lname = lang_names[1];
	if (text && newv != NULL)
		opp_term_position(&line, &col, data, len, oldv, newv);
	if (text && !(closed && !corrections))
		describe_text(&diff, key, oldv, newv);
	if (closed && text && corrections)
		diag_report(d, DIAG_NOTE, path, line, col, "correction: the %s "
		    "%s changed after closing%s; merge it with a 'Correction: "
		    "<reason>' trailer in the merge or squash commit's message, "
		    "so it is published as a correction", lname, key,
		    buf_cstr(&diff));
	else if (closed && text)
		diag_error(d, path, line, col, "'%s.%s' cannot change: the "
		    "opportunity has closed, so only its status, award and "
		    "answers may; to correct its text, a maintainer labels this "
		    "pull request 'correction' and merges it with a "
		    "'Correction: <reason>' trailer in the merge commit's "
		    "message", lang, key);
	else if (closed)
		diag_error(d, path, line, col, "'%s%s%s' cannot change: the "
		    "opportunity has closed, and its terms are final (a "
		    "correction changes text only); to offer different terms, "
		    "cancel it and post a new opportunity", lang ? lang : "",
		    lang ? "." : "", key);
	else if (text)
		diag_report(d, DIAG_NOTE, path, line, col, "amendment: the %s "
		    "%s changed%s", lname, key, buf_cstr(&diff));
	else {
		describe(was, sizeof(was), site, key, oldv);
		describe(now, sizeof(now), site, key, newv);
		if (lang != NULL && opp_term_is_date(key))
			diag_report(d, DIAG_NOTE, path, line, col, "amendment: "
			    "the %s %s moved from %s to %s", lname, key, was,
			    now);
		else if (lang != NULL)
			diag_report(d, DIAG_NOTE, path, line, col, "amendment: "
			    "the %s %s changed from %s to %s", lname, key, was,
			    now);
		else if (opp_term_is_date(key))
			diag_report(d, DIAG_NOTE, path, line, col, "amendment: "
			    "%s moved from %s to %s", key, was, now);
		else
			diag_report(d, DIAG_NOTE, path, line, col, "amendment: "
			    "%s changed from %s to %s", key, was, now);
	}
	buf_free(&diff);
}

struct term_report {
	const struct site	*site;		/* languages */
	const char		*path;		/* the file */
	const struct value	*newr;		/* the head version */
	int			 closed;	/* terms are frozen */
	int			 corrections;	/* text may be corrected */
	struct diags		*d;		/* where reports go */
	const char		*data;		/* the head file's text */
	size_t			 len;		/* its length */
};

static void
term_changed(void *ctx, const char *key, int lang, const struct value *oldv,
    const struct value *newv)
{
	struct term_report	*r = ctx;
	const char		*code = lang >= 0 ?
				    r->site->langs[lang].code : NULL;
	const struct value	*where = newv;

	if (where == NULL && code != NULL)
		where = value_map_get(r->newr, code);
	if (where == NULL)
		where = r->newr;
	report_term(r->site, r->path, code, key, oldv, newv, where, r->data,
	    r->len, r->closed, r->corrections, r->d);
}


/* A modified opportunity: compare its terms with the base version. */
static void
check_modified(const struct change *c, const struct opportunity *o,
    const struct site *site, struct arena *a, long long now, int flags,
    struct diags *d)
{
	struct diags	*quiet = diags_new();
	struct value	*oldr = NULL;
	const struct value *oc;
	struct instant	 closing;
	int		 closed = 0;

	/* Problems in the base version are not this change's doing. */
	if (c->old_data == NULL || o == NULL || o->root == NULL ||
	    yml_load(&oldr, a, c->path, c->old_data, c->old_len, 1, NULL,
	    quiet) != 0 || oldr->kind != VALUE_MAP) {
		diags_free(quiet);
		return;
	}
	diags_free(quiet);
	oc = value_map_get(oldr, "closing");
	if (value_str(oc) != NULL && instant_parse(&closing, NULL, oc->str,
	    site->time_zone) == INSTANT_OK)
		closed = closing.epoch <= now;
	{
		struct term_report r = { site, c->path, o->root, closed,
		    (flags & PR_ALLOW_CORRECTIONS) != 0, d, o->data, o->len };

		opp_terms_diff(oldr, o->root, site, term_changed, &r);
	}
}

int
pr_check_new(const struct opportunity *o, const struct site *site,
    long long now, struct diags *d)
{
	const struct value *v = value_map_get(opp_root(o), "closing");
	long long	 min = (long long)site->rules.minimum_posting_days *
			    86400;
	struct instant	 closing;

	/* From the closing alone: an error elsewhere does not hide it. An
	 * opportunity imported from another system ('posted') was open
	 * from its posting there. */
	if (o->ok && o->has_posted)
		now = o->posted_as.epoch;
	if (value_str(v) == NULL || instant_parse(&closing, NULL, v->str,
	    site->time_zone) != INSTANT_OK || closing.epoch >= now + min)
		return 0;
	diag_error(d, o->path, v->line, v->col, "a new opportunity must stay "
	    "open at least %d days (rules.minimum_posting_days): move the "
	    "closing later", site->rules.minimum_posting_days);
	return -1;
}

static int
in_paths(const struct value *paths, const char *path)
{
	size_t	i;

	if (paths == NULL || paths->kind != VALUE_SEQ)
		return strncmp(path, OPP_DIR, strlen(OPP_DIR)) == 0;
	for (i = 0; i < paths->count; i++) {
		const char *p = value_str(paths->items[i]);

		if (p != NULL && strncmp(path, p, strlen(p)) == 0)
			return 1;
	}
	return 0;
}

#define SETTING_TEXT_MAX	200	/* bytes of a setting shown */

/* A setting's value for a maintainer: scalars as they are, lists in []. */
static void
setting_text(struct buf *b, const struct value *v, int depth)
{
	size_t	i;

	if (v == NULL) {
		buf_puts(b, "nothing");
		return;
	}
	switch (v->kind) {
	case VALUE_NULL:
		buf_puts(b, "null");
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
		buf_putc(b, '\'');
		buf_put(b, v->str, v->len);
		buf_putc(b, '\'');
		break;
	case VALUE_SEQ:
		buf_putc(b, '[');
		for (i = 0; i < v->count && depth < 4 &&
		    b->len < SETTING_TEXT_MAX; i++) {
			if (i > 0)
				buf_puts(b, ", ");
			setting_text(b, v->items[i], depth + 1);
		}
		if (i < v->count)
			buf_puts(b, i > 0 ? ", ..." : "...");
		buf_putc(b, ']');
		break;
	case VALUE_MAP:
		buf_putc(b, '{');
		for (i = 0; i < v->count && depth < 4 &&
		    b->len < SETTING_TEXT_MAX; i++) {
			if (i > 0)
				buf_puts(b, ", ");
			buf_puts(b, v->pairs[i].key->str);
			buf_puts(b, ": ");
			setting_text(b, v->pairs[i].val, depth + 1);
		}
		if (i < v->count)
			buf_puts(b, i > 0 ? ", ..." : "...");
		buf_putc(b, '}');
		break;
	}
}

/* One setting that differs between the base and the head. */
static void
report_setting(const char *prefix, const char *name,
    const struct value *oldv, const struct value *newv,
    const struct value *where, struct diags *d)
{
	struct buf	was = BUF_INIT, now = BUF_INIT;

	setting_text(&was, oldv, 0);
	setting_text(&now, newv, 0);
	/* "nothing" is the only word of the values. */
	if (oldv == NULL)
		diag_arg(N_("nothing"));
	else if (newv == NULL)
		diag_arg(N_("nothing"));
	diag_report(d, DIAG_WARNING, SITE_YML, where ? where->line : 0,
	    where ? where->col : 0, "%s%s changed from %s to %s: it decides "
	    "how changes are judged, so a maintainer must approve it; this "
	    "check used the base's setting", prefix, name, buf_cstr(&was),
	    buf_cstr(&now));
	buf_free(&was);
	buf_free(&now);
}

/* The key node of name in map (for its position), or map itself. */
static const struct value *
map_key(const struct value *map, const char *name)
{
	size_t	i;

	for (i = 0; map != NULL && map->kind == VALUE_MAP && i < map->count;
	    i++)
		if (strcmp(map->pairs[i].key->str, name) == 0)
			return map->pairs[i].key;
	return map;
}

/*
 * Compare what judges changes: every key under rules (known to this
 * version or not), the time zone and the languages.
 */
static void
check_settings(const struct value *oldc, const struct value *newc,
    struct diags *d)
{
	static const char *const top[] = { "time_zone", "languages" };
	const struct value *oldr = value_map_get(oldc, "rules");
	const struct value *newr = value_map_get(newc, "rules");
	const struct value *o, *n, *where;
	size_t		 i;

	if (oldr != NULL && oldr->kind != VALUE_MAP)
		oldr = NULL;
	if (newr != NULL && newr->kind != VALUE_MAP) {
		if (!value_equal(oldr, newr))
			report_setting("", "rules", oldr, newr, newr, d);
		newr = NULL;
	}
	for (i = 0; oldr != NULL && i < oldr->count; i++) {
		const char *key = oldr->pairs[i].key->str;

		o = oldr->pairs[i].val;
		n = value_map_get(newr, key);
		where = n != NULL ? n : map_key(newc, "rules");
		if (!value_equal(o, n))
			report_setting("rules.", key, o, n, where, d);
	}
	for (i = 0; newr != NULL && i < newr->count; i++) {
		const char *key = newr->pairs[i].key->str;

		if (value_map_get(oldr, key) == NULL)
			report_setting("rules.", key, NULL,
			    newr->pairs[i].val, newr->pairs[i].val, d);
	}
	for (i = 0; i < sizeof(top) / sizeof(top[0]); i++) {
		o = value_map_get(oldc, top[i]);
		n = value_map_get(newc, top[i]);
		if (!value_equal(o, n))
			report_setting("", top[i], o, n, n != NULL ? n :
			    newc, d);
	}
}

/* Is path an opportunity's file, opportunities/ID.yml? 1 or 0. */
static int
opp_file(const char *path)
{
	return strncmp(path, OPP_DIR, strlen(OPP_DIR)) == 0 &&
	    strchr(path + strlen(OPP_DIR), '/') == NULL;
}

/*
 * A change to an attachment (opportunities/ID/FILE) is a change to the
 * terms of opportunity ID: once it has closed, a file cannot change or
 * go, as its other terms cannot (listing a new one changes the file's
 * 'attachments', judged with the other terms).
 */
static void
check_attachment(const struct change *c, const struct opportunities *opps,
    long long now, struct diags *d)
{
	const char	*paths[2] = { c->path, c->old_path };
	size_t		 i, j, n;

	if (c->kind == CHANGE_ADDED)
		return;
	for (j = 0; j < 2; j++) {
		const char *p = paths[j], *id;

		if (p == NULL || strncmp(p, OPP_DIR, strlen(OPP_DIR)) != 0)
			continue;
		id = p + strlen(OPP_DIR);
		n = strcspn(id, "/");
		for (i = 0; i < opps->count; i++) {
			const struct opportunity *o = &opps->list[i];

			if (o->id == NULL || strlen(o->id) != n ||
			    strncmp(o->id, id, n) != 0 || !o->ok ||
			    o->closing.epoch > now)
				continue;
			diag_error(d, p, 0, 0, "this attachment of %s cannot "
			    "%s: the opportunity has closed, and its terms "
			    "are final; to offer different terms, cancel it "
			    "and post a new opportunity", o->path,
			    c->kind == CHANGE_DELETED ? "be removed" :
			    c->kind == CHANGE_RENAMED ? "be renamed" :
			    "change");
			return;
		}
	}
}

int
pr_check(const struct changes *changes, const struct opportunities *opps,
    const struct site *site, const struct site *base, struct arena *a,
    long long now, int flags, struct diags *d)
{
	const struct value *paths = value_path(base->config,
	    "rules.contributor_paths");
	size_t		 i, errors = diags_errors(d);

	check_settings(base->config, site->config, d);

	for (i = 0; i < changes->count; i++) {
		const struct change *c = &changes->list[i];
		int opp = opp_file(c->path) || (c->old_path != NULL &&
		    opp_file(c->old_path));
		const struct opportunity *o = pr_find(opps, c->path);

		if (c->special)
			diag_error(d, c->path, 0, 0, "a symbolic link or "
			    "submodule cannot be added to the site");
		if (!in_paths(paths, c->path))
			diag_warning(d, c->path, 0, 0, "this file is outside "
			    "the paths contributors change (rules."
			    "contributor_paths): a maintainer must review it");
		if (!opp) {
			check_attachment(c, opps, now, d);
			continue;
		}
		switch (c->kind) {
		case CHANGE_DELETED:
			diag_error(d, c->path, 0, 0, "a published opportunity "
			    "cannot be deleted: its address is public; set "
			    "'status: cancelled' instead");
			break;
		case CHANGE_RENAMED:
			diag_error(d, c->path, 0, 0, "a published opportunity "
			    "cannot be renamed from %s: its address is "
			    "public; keep the file name", c->old_path);
			break;
		case CHANGE_ADDED:
			if (o != NULL)
				pr_check_new(o, base, now, d);
			break;
		case CHANGE_MODIFIED:
			check_modified(c, o, site, a, now, flags, d);
			break;
		}
	}
	return diags_errors(d) > errors ? -1 : 0;
}

/* The instant of text v in the site's zone; -1 when it is not one. */
static int
instant_of(long long *out, const struct value *v, const struct site *site)
{
	struct instant	i;

	if (value_str(v) == NULL || instant_parse(&i, NULL, v->str,
	    site->time_zone) != INSTANT_OK)
		return -1;
	*out = i.epoch;
	return 0;
}

/* Did question q of the base version root already breach its delay? */
static int
base_answer_breach(const struct value *root, const struct pr_time *p,
    const struct opp_question *q)
{
	const struct value	*qs = value_map_get(root, "questions");
	long long		 delay = (long long)
				    p->site->rules.answer_delay_hours * 3600;
	long long		 asked, answered;
	size_t			 k;

	for (k = 0; qs != NULL && qs->kind == VALUE_SEQ && k < qs->count;
	    k++) {
		const struct value *qv = qs->items[k];

		if (instant_of(&asked, value_map_get(qv, "asked"), p->site) !=
		    0 || asked != q->asked.epoch)
			continue;
		if (instant_of(&answered, value_map_get(qv, "answered"),
		    p->site) != 0)
			return p->now - asked > delay;
		return answered - asked > delay;
	}
	return 0;	/* a new question */
}

int
pr_breach_created(void *ctx, const struct opportunity *o, enum opp_breach b,
    size_t q)
{
	const struct pr_time	*p = ctx;
	const struct change	*c = NULL;
	const char		*st;
	struct diags		*quiet;
	struct arena		*a;
	struct value		*oldr = NULL;
	size_t			 i;
	int			 had;

	for (i = 0; i < p->changes->count && c == NULL; i++)
		if (strcmp(p->changes->list[i].path, o->path) == 0)
			c = &p->changes->list[i];
	if (c == NULL)
		return 0;	/* unchanged: whatever is late, time did it */
	if (c->kind == CHANGE_ADDED || c->old_data == NULL)
		return 1;
	quiet = diags_new();
	a = arena_new();
	if (yml_load(&oldr, a, c->old_path ? c->old_path : c->path,
	    c->old_data, c->old_len, 1, NULL, quiet) != 0 ||
	    oldr->kind != VALUE_MAP)
		had = 0;
	else if (b == OPP_BREACH_UNANSWERED || b == OPP_BREACH_LATE_ANSWER)
		had = base_answer_breach(oldr, p, &o->questions[q]);
	else	/* the dates are frozen once closed: was it still open? */
		had = (st = value_str(value_map_get(oldr, "status"))) == NULL ||
		    strcmp(st, "open") == 0;
	arena_free(a);
	diags_free(quiet);
	return !had;
}

const struct opportunity *
pr_find(const struct opportunities *opps, const char *path)
{
	size_t	i;

	for (i = 0; i < opps->count; i++)
		if (strcmp(opps->list[i].path, path) == 0)
			return &opps->list[i];
	return NULL;
}
