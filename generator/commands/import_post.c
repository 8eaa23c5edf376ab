/*
 * One opportunity from a pair of Jekyll posts: front matter facts into
 * marche's keys, body sections into its Markdown fields, linked files
 * into attachments, and a note for each thing that could not be carried
 * over. See import_jekyll.h.
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "import.h"
#include "import_emit.h"
#include "import_jekyll.h"
#include "instant.h"
#include "opportunity.h"
#include "srcpath.h"
#include "value.h"
#include "xalloc.h"

#include "import_impl.h"

/* Which post a front matter value comes from: 0 or 1. */
static int
lang_of(const struct conv *c, const struct value *v)
{
	return v != NULL && v->file != NULL &&
	    strcmp(v->file, c->doc[1]->path) == 0;
}

/* The value of the first of the keys present in the post's front
 * matter, with *which its key. */
static struct value *
fact(struct import_doc *doc, const char *const *keys, const char **which)
{
	struct value	*v;

	for (; *keys != NULL; keys++)
		if ((v = value_map_get(doc->meta, *keys)) != NULL &&
		    v->kind != VALUE_NULL) {
			if (which != NULL)
				*which = *keys;
			return v;
		}
	return NULL;
}

/* A scalar's text (numbers printed), or NULL. */
static const char *
scalar_text(struct arena *a, const struct value *v)
{
	if (v == NULL)
		return NULL;
	switch (v->kind) {
	case VALUE_STRING: return v->str;
	case VALUE_INT: return arena_printf(a, "%lld", v->integer);
	case VALUE_NUMBER: return arena_printf(a, "%g", v->number);
	default: return NULL;
	}
}

static const char *const k_value[] = { "value", "budget", "price",
    "amount", "contract_value", "valeur", "montant", NULL };
static const char *const k_closing[] = { "closing_date", "closing",
    "close_date", "deadline", "date_de_cloture", NULL };
static const char *const k_questions[] = { "questions_deadline",
    "question_deadline", "questions_date", NULL };
static const char *const k_selection[] = { "selection_date", "selection",
    "award_date", NULL };
static const char *const k_start[] = { "start_date", "start", NULL };
static const char *const k_delivery[] = { "delivery_date", "delivery",
    "end_date", "completion_date", NULL };
static const char *const k_contact[] = { "contact", "contact_email",
    "email", NULL };
static const char *const k_skills[] = { "skills", "competences", NULL };
static const char *const k_status[] = { "status", "state", NULL };
static const char *const k_bidder[] = { "selected_bidder", "supplier",
    "awarded_to", NULL };
static const char *const k_bidder_url[] = { "selected_bidder_url",
    "selected_bidder_repo", "repository", "repo", NULL };
static const char *const k_ended[] = { "termination_date",
    "terminated_date", "contract_end_date", "ended", NULL };
static const char *const k_reason[] = { "termination_reason",
    "end_reason", "reason", NULL };
static const char *const k_summary[] = { "summary", "description",
    "excerpt", NULL };
/* Keys that Jekyll uses and marche needs no place for. */
static const char *const k_ignored[] = { "layout", "lang", "ref", "title",
    "date", "published", "permalink", "categories", "category", "tags",
    "author", NULL };

static int
in_list(const char *k, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(k, *list) == 0)
			return 1;
	return 0;
}

/* Note every front matter key with no place in marche. */
static void
unknown_keys(struct conv *c, int lang)
{
	static const char *const *const all[] = { k_value, k_closing,
	    k_questions, k_selection, k_start, k_delivery, k_contact,
	    k_skills, k_status, k_bidder, k_bidder_url, k_ended, k_reason,
	    k_summary, k_ignored };
	struct value	*m = c->doc[lang]->meta;
	size_t		 i, j;

	c->lang = lang;
	for (i = 0; i < m->count; i++) {
		const char *k = m->pairs[i].key->str;

		for (j = 0; j < sizeof(all) / sizeof(all[0]); j++)
			if (in_list(k, all[j]))
				break;
		if (j == sizeof(all) / sizeof(all[0]))
			import_conv_note(c, m->pairs[i].key->line,
			    m->pairs[i].key->col, "front matter key '%s' has "
			    "no place in an opportunity: not imported", k);
	}
}

/*
 * A date fact as marche writes it, or NULL after a note. kind: 'i' an
 * instant (a date alone is read as 23:59:59 that day, with a note), 'd'
 * a date (a time is dropped, with a note), 'x' a date or an instant.
 */
static char *
date_fact(struct conv *c, struct value *v, const char *key, int kind)
{
	struct import_date	dt;
	struct instant		in;
	struct instant_error	err;
	const char		*s;
	char			 iso[40];
	size_t			 off;
	int			 off_min;

	c->lang = lang_of(c, v);
	if ((s = scalar_text(c->im->a, v)) == NULL ||
	    import_date(&dt, s, &off) != 0) {
		import_note_at(c->im, c->doc[c->lang], v, s ? off : 0,
		    "%s '%s' is not a date this import can read: left out; "
		    "write it as 2021-04-01 or 2021-04-01 14:00", key,
		    s ? s : "");
		return NULL;
	}
	if (kind == 'd' && dt.hour != -1)
		import_note_at(c->im, c->doc[c->lang], v, 0, "%s: only the "
		    "date is kept, marche's %s is a day", key, key);
	if (kind == 'd' || (kind == 'x' && dt.hour == -1)) {
		snprintf(iso, sizeof(iso), "%04d-%02d-%02d", dt.year,
		    dt.month, dt.day);
		return xstrdup(iso);
	}
	if (dt.hour == -1) {
		import_note_at(c->im, c->doc[c->lang], v, 0, "%s has a date "
		    "but no time: read as 23:59:59 that day; check it", key);
		dt.hour = 23;
		dt.minute = 59;
		dt.second = 59;
	}
	snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:%02d", dt.year,
	    dt.month, dt.day, dt.hour, dt.minute, dt.second);
	if (dt.offset_min == INT_MIN) {
		if (instant_parse(&in, &err, iso, c->im->tz) != INSTANT_OK) {
			import_note_at(c->im, c->doc[c->lang], v, 0,
			    "%s '%s': %s; left out", key, s, err.msg);
			return NULL;
		}
		off_min = in.offset_min;
	} else
		off_min = dt.offset_min;
	snprintf(iso + 19, sizeof(iso) - 19, "%c%02d:%02d",
	    off_min < 0 ? '-' : '+', abs(off_min) / 60, abs(off_min) % 60);
	return xstrdup(iso);
}

/* The skill keys named by a post's skills, noting the others. */
static void
read_skills(struct conv *c, int lang, struct value *keys)
{
	struct value	*v = fact(c->doc[lang], k_skills, NULL), *sk;
	struct value	*items[64];
	size_t		 n = 0, i, j;
	char		*all, *p, *w;

	if (v == NULL)
		return;
	c->lang = lang;
	if (v->kind == VALUE_SEQ)
		for (i = 0; i < v->count && n < 64; i++)
			items[n++] = v->items[i];
	else if (v->kind == VALUE_STRING) {
		all = xstrdup(v->str);
		for (p = all; (w = strsep(&p, ",;/")) != NULL && n < 64; ) {
			struct value *it;

			while (*w == ' ')
				w++;
			if (*w == '\0')
				continue;
			it = value_string(c->im->a, w);
			it->file = v->file;
			it->line = v->line;
			it->col = v->col + v->quoted + diag_column(v->str,
			    (size_t)(w - all)) - 1;
			items[n++] = it;
		}
		free(all);
	}
	for (i = 0; i < n; i++) {
		const char	*s = scalar_text(c->im->a, items[i]);
		const char	*key = NULL;

		sk = c->im->skills;
		for (j = 0; s != NULL && sk != NULL && sk->kind == VALUE_MAP &&
		    j < sk->count && key == NULL; j++) {
			const struct value_pair *pr = &sk->pairs[j];
			const char *en, *fr;

			en = value_str(value_map_get(pr->val, "en"));
			fr = value_str(value_map_get(pr->val, "fr"));

			if (import_same_words(s, strlen(s), pr->key->str) ||
			    (en && import_same_words(s, strlen(s), en)) ||
			    (fr && import_same_words(s, strlen(s), fr)))
				key = pr->key->str;
		}
		if (key == NULL) {
			import_conv_note(c, items[i]->line, items[i]->col,
			    "skill '%s' has no key in _data/skills.yml: not "
			    "imported; add it there with its English and "
			    "French names, then to skills", s ? s : "");
			continue;
		}
		for (j = 0; j < keys->count; j++)
			if (strcmp(keys->items[j]->str, key) == 0)
				break;
		if (j == keys->count)
			value_seq_push(c->im->a, keys, value_string(c->im->a,
			    key));
	}
}

/*
 * The French post's date fr for the English one en (whose conversion
 * is d): a note when it reads as another date. The conversion of fr
 * reports nothing, since the English one is written.
 */
static void
differs(struct conv *c, struct value *en, struct value *fr, const char *key,
    const char *d, int kind)
{
	struct diags	*save = c->im->d;
	char		*dfr;

	if (fr == NULL || fr == en)
		return;
	c->im->d = diags_new();
	dfr = date_fact(c, fr, key, kind);
	diags_free(c->im->d);
	c->im->d = save;
	if (dfr != NULL && strcmp(dfr, d) != 0)
		import_note_at(c->im, c->doc[1], fr, 0, "%s reads as %s, the "
		    "English post's as %s: the English one is written; check "
		    "which is right", key, dfr, d);
	free(dfr);
}

/* A note when the French post's amount fr says another thing than the
 * English one (amount, taxes) that is written. */
static void
value_differs(struct conv *c, struct value *en, struct value *fr,
    const char *key, double amount, enum import_taxes tx)
{
	enum import_taxes	 ftx;
	const char		*bad;
	double			 famount;
	size_t			 off;

	if (fr == NULL || fr == en || value_str(fr) == NULL ||
	    import_value(&famount, &ftx, fr->str, &bad, &off) != 0)
		return;
	if (famount != amount || (ftx != tx &&
	    ftx != IMPORT_TAXES_UNKNOWN && tx != IMPORT_TAXES_UNKNOWN))
		import_note_at(c->im, c->doc[1], fr, 0, "%s '%s' is not the "
		    "English post's '%s': the English one is written; check "
		    "which is right", key, fr->str, en->str);
}

/* value: and taxes:, from the English post or else the French. */
static void
write_value(struct conv *c, struct import_emit *e)
{
	struct import_doc	*en = c->doc[0], *fr = c->doc[1];
	struct value		*v;
	const char		*bad, *s, *k;
	enum import_taxes	 tx;
	double			 amount;
	size_t			 off;
	char			 num[64];

	if ((v = fact(en, k_value, &k)) == NULL)
		v = fact(fr, k_value, &k);
	c->lang = lang_of(c, v);
	if (v == NULL) {
		import_conv_note(c, 0, 0, "no value in the front matter: "
		    "marche needs the price, as 6500 with taxes excluded or "
		    "included");
		return;
	}
	if (v->kind == VALUE_INT || v->kind == VALUE_NUMBER) {
		import_note_at(c->im, c->doc[c->lang], v, 0, "%s is a bare "
		    "number: whether it includes taxes is not said, so taxes "
		    "is left out", k);
		import_emit_plain(e, "value");
		import_emit_plain(e, scalar_text(c->im->a, v));
		return;
	}
	if ((s = value_str(v)) == NULL ||
	    import_value(&amount, &tx, s, &bad, &off) != 0) {
		import_note_at(c->im, c->doc[c->lang], v, s ? off : 0,
		    "%s '%s' cannot be read as an amount (%s): left out",
		    k, s ? s : "", s ? bad : "not text");
		return;
	}
	if (amount == (double)(long long)amount)
		snprintf(num, sizeof(num), "%lld", (long long)amount);
	else
		snprintf(num, sizeof(num), "%.2f", amount);
	import_emit_plain(e, "value");
	import_emit_plain(e, num);
	if (tx == IMPORT_TAXES_UNKNOWN)
		import_note_at(c->im, c->doc[c->lang], v, 0, "%s does not say "
		    "whether taxes are included: taxes is left out", k);
	else {
		import_emit_plain(e, "taxes");
		import_emit_plain(e, tx == IMPORT_TAXES_EXCLUDED ?
		    "excluded" : "included");
	}
	value_differs(c, v, fact(fr, k_value, NULL), k, amount, tx);
}

/* The dates of the terms, each from the English post or else the French. */
static void
write_dates(struct conv *c, struct import_emit *e)
{
	static const struct {
		const char	*const *keys;
		const char	*name;
		int		 kind;
	} dates[] = {
		{ k_closing, "closing", 'i' },
		{ k_questions, "questions_deadline", 'i' },
		{ k_selection, "selection", 'd' },
		{ k_start, "start", 'd' },
		{ k_delivery, "delivery", 'x' },
	};
	struct import_doc	*en = c->doc[0], *fr = c->doc[1];
	struct value		*v;
	const char		*k;
	size_t			 i;
	char			*d;

	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		if ((v = fact(en, dates[i].keys, &k)) == NULL)
			v = fact(fr, dates[i].keys, &k);
		if (v == NULL) {
			if (dates[i].keys != k_questions &&
			    dates[i].keys != k_start) {
				c->lang = 0;
				import_conv_note(c, 0, 0, "no %s date in the "
				    "front matter (%s): marche needs one",
				    dates[i].name, dates[i].keys[0]);
			}
			continue;
		}
		if ((d = date_fact(c, v, k, dates[i].kind)) == NULL)
			continue;
		differs(c, v, fact(fr, dates[i].keys, NULL), k, d,
		    dates[i].kind);
		import_emit_plain(e, dates[i].name);
		import_emit_plain(e, d);
		free(d);
	}
}

/* contact:, an e-mail address (a mailto: link's taken as its address). */
static void
write_contact(struct conv *c, struct import_emit *e)
{
	struct value	*v;
	const char	*s, *k;

	if ((v = fact(c->doc[0], k_contact, &k)) == NULL)
		v = fact(c->doc[1], k_contact, &k);
	s = value_str(v);
	if (s != NULL && strncmp(s, "mailto:", 7) == 0)
		s += 7;
	if (s != NULL && strchr(s, '@') != NULL && strchr(s, ' ') == NULL) {
		import_emit_pair(e, "contact", s);
		return;
	}
	c->lang = 0;
	import_conv_note(c, 0, 0, "no contact e-mail address in the front "
	    "matter: marche needs the address suppliers write to");
}

/* posted: the English post's date, else the date in its file name. */
static void
write_posted(struct conv *c, struct import_emit *e)
{
	struct import_doc	*en = c->doc[0];
	struct import_date	 dt;
	struct value		*v;
	const char		*s;
	size_t			 off;
	char			 num[64];

	snprintf(num, sizeof(num), "%04d-%02d-%02d", en->year, en->month,
	    en->day);
	if ((v = value_map_get(en->meta, "date")) != NULL &&
	    (s = scalar_text(c->im->a, v)) != NULL) {
		if (import_date(&dt, s, &off) == 0)
			snprintf(num, sizeof(num), "%04d-%02d-%02d", dt.year,
			    dt.month, dt.day);
		else
			import_note_at(c->im, en, v, off, "date '%s' cannot "
			    "be read: posted is the date in the file name", s);
	}
	import_emit_plain(e, "posted");
	import_emit_plain(e, num);
}

/* The facts shared by both languages, written into e. */
static void
write_facts(struct conv *c, struct import_emit *e)
{
	struct value	*keys = value_seq(c->im->a);
	size_t		 i;

	write_value(c, e);
	write_dates(c, e);
	write_contact(c, e);
	write_posted(c, e);
	read_skills(c, 0, keys);
	read_skills(c, 1, keys);
	import_emit_plain(e, "skills");
	import_emit_seq(e, 1);
	for (i = 0; i < keys->count; i++)
		import_emit_plain(e, keys->items[i]->str);
	import_emit_end_seq(e);
}

/* award.ended and award.reason of a contract ended early. */
static void
write_ended(struct conv *c, struct import_emit *e)
{
	struct value	*v, *r[2];
	const char	*k;
	char		*d;
	int		 l;

	if ((v = fact(c->doc[0], k_ended, &k)) == NULL)
		v = fact(c->doc[1], k_ended, &k);
	if (v == NULL) {
		c->lang = 0;
		import_conv_note(c, 0, 0, "status terminated: the post does "
		    "not say when the contract ended (termination_date); add "
		    "award.ended");
	} else if ((d = date_fact(c, v, k, 'd')) != NULL) {
		import_emit_plain(e, "ended");
		import_emit_plain(e, d);
		free(d);
	}
	for (l = 0; l < 2; l++)
		r[l] = fact(c->doc[l], k_reason, NULL);
	if (value_str(r[0]) == NULL && value_str(r[1]) == NULL) {
		c->lang = 0;
		import_conv_note(c, 0, 0, "status terminated: the posts give "
		    "no reason (termination_reason); add award.reason in "
		    "each language");
		return;
	}
	import_emit_plain(e, "reason");
	import_emit_map(e, 0);
	for (l = 0; l < 2; l++)
		if (value_str(r[l]) != NULL)
			import_emit_pair(e, import_langs[l], r[l]->str);
		else {
			c->lang = !l;
			import_conv_note(c, r[!l]->line, r[!l]->col, "the "
			    "reason the contract ended has no translation in "
			    "the other post");
		}
	import_emit_end_map(e);
}

/* status and award. */
static void
write_outcome(struct conv *c, struct import_emit *e)
{
	struct value	*st, *bid, *url;
	const char	*s = NULL, *status = NULL, *k, *supplier;
	const char	*repo = NULL;
	int		 lang;

	for (lang = 0; lang < 2 && s == NULL; lang++)
		if ((st = fact(c->doc[lang], k_status, &k)) != NULL &&
		    (s = value_str(st)) != NULL) {
			static const struct {
				const char *from, *to;
			} map[] = {
				{ "open", "" }, { "closed", "" },
				{ "ouvert", "" }, { "ferme", "" },
				{ "cancelled", "cancelled" },
				{ "canceled", "cancelled" },
				{ "annule", "cancelled" },
				{ "awarded", "awarded" },
				{ "attribue", "awarded" },
				{ "completed", "completed" },
				{ "termine", "completed" },
				{ "terminated", "terminated" },
			};
			size_t i;

			for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
				if (import_same_words(s, strlen(s),
				    map[i].from))
					status = map[i].to;
			if (status == NULL)
				import_note_at(c->im, c->doc[lang], st, 0,
				    "status '%s' has no meaning in marche: "
				    "left out", s);
		}
	if ((bid = fact(c->doc[0], k_bidder, NULL)) == NULL)
		bid = fact(c->doc[1], k_bidder, NULL);
	supplier = value_str(bid);
	if ((url = fact(c->doc[0], k_bidder_url, &k)) == NULL)
		url = fact(c->doc[1], k_bidder_url, &k);
	if (url != NULL && value_str(url) != NULL) {
		const char *u = value_str(url);

		if (strncmp(u, "https://github.com/", 19) == 0 ||
		    strncmp(u, "https://gitlab.com/", 19) == 0)
			repo = u;
		else
			import_note_at(c->im, c->doc[lang_of(c, url)], url, 0,
			    "%s '%s' is not the address of a code repository "
			    "on GitHub or GitLab: not imported", k, u);
	}
	if (supplier != NULL && (status == NULL || *status == '\0')) {
		import_note_at(c->im, c->doc[lang_of(c, bid)], bid, 0, "a "
		    "selected bidder is named: status is written as awarded");
		status = "awarded";
	}
	if (status != NULL && strcmp(status, "completed") == 0) {
		import_note_at(c->im, c->doc[lang_of(c, st)], st, 0, "status "
		    "completed needs the date the code was accepted, which "
		    "the post does not give: written as awarded; add "
		    "award.accepted");
		status = "awarded";
	}
	if (status != NULL && *status != '\0') {
		import_emit_plain(e, "status");
		import_emit_plain(e, status);
	}
	if (supplier != NULL || repo != NULL) {
		if (status == NULL || (strcmp(status, "awarded") != 0 &&
		    strcmp(status, "terminated") != 0)) {
			c->lang = 0;
			import_conv_note(c, 0, 0, "the selected bidder is not "
			    "imported: the status is not awarded");
			return;
		}
		import_emit_plain(e, "award");
		import_emit_map(e, 0);
		if (supplier != NULL)
			import_emit_pair(e, "supplier", supplier);
		if (repo != NULL)
			import_emit_pair(e, "repository", repo);
		if (strcmp(status, "terminated") == 0)
			write_ended(c, e);
		import_emit_end_map(e);
	}
}

static void
write_lang(struct conv *c, struct import_emit *e, int l,
    char *text[2][F_COUNT])
{
	struct import_doc	*doc = c->doc[l];
	struct value		*v;
	const char		*s;
	char			*sum = NULL;
	int			 f;

	c->lang = l;
	import_emit_plain(e, import_langs[l]);
	import_emit_map(e, 0);
	if ((s = value_str(value_map_get(doc->meta, "title"))) != NULL)
		import_emit_pair(e, "title", s);
	else
		import_conv_note(c, 0, 0, "no title in the front matter: "
		    "marche needs one");
	if (l == 1 && strcmp(doc->slug, c->id) != 0 && opp_id_ok(doc->slug))
		import_emit_pair(e, "slug", doc->slug);
	if ((v = fact(doc, k_summary, NULL)) != NULL &&
	    (s = value_str(v)) != NULL)
		import_emit_pair(e, "summary", s);
	else if (text[l][F_DESCRIPTION] != NULL &&
	    (sum = import_first_paragraph(text[l][F_DESCRIPTION])) != NULL) {
		import_conv_note(c, 0, 0, "no summary in the front matter: "
		    "the first paragraph of the description is the summary; "
		    "check it");
		import_emit_pair(e, "summary", sum);
		free(sum);
	}
	for (f = 0; f <= F_HOW_TO_APPLY; f++) {
		if (text[l][f] != NULL)
			import_emit_pair(e, import_field_names[f], text[l][f]);
		else if (f != F_HOW_TO_APPLY)
			import_conv_note(c, 0, 0, "no %s section in the post: "
			    "%s is left out", f == F_DESCRIPTION ?
			    "Description"  : f == F_EVALUATION ? "Evaluation "
			    "criteria"  : "Acceptance criteria",
			    import_field_names[f]);
	}
	import_emit_end_map(e);
}

/* An id from a post's name: lower case, hyphens between words. */
static char *
make_id(const char *slug)
{
	struct buf	b = BUF_INIT;
	const char	*p;
	int		 dash = 0;

	for (p = slug; *p != '\0'; p++)
		if (isalnum((unsigned char)*p)) {
			if (dash && b.len > 0)
				buf_putc(&b, '-');
			dash = 0;
			buf_putc(&b, (char)tolower((unsigned char)*p));
		} else
			dash = 1;
	buf_putc(&b, '\0');
	return buf_detach(&b, NULL);
}

int
import_post_pair(struct import *im, struct import_doc *en,
    struct import_doc *fr)
{
	struct conv		 c;
	struct buf		 yml = BUF_INIT;
	struct import_emit	*e;
	char			*text[2][F_COUNT];
	size_t			 i;
	int			 l, f, rc = -1;

	memset(&c, 0, sizeof(c));
	c.im = im;
	c.doc[0] = en;
	c.doc[1] = fr;
	c.id = make_id(en->slug);
	if (!opp_id_ok(c.id)) {
		diag_report(im->d, DIAG_WARNING, en->path, 0, 0, "the name "
		    "gives no usable id ('%s'): lower-case letters, digits "
		    "and hyphens, at most 80; the pair is skipped", c.id);
		goto out;
	}
	for (i = 0; i < im->nids; i++)
		if (strcmp(im->ids[i], c.id) == 0) {
			diag_report(im->d, DIAG_WARNING, en->path, 0, 0, "the "
			    "id '%s' is already taken by another post: the "
			    "pair is skipped", c.id);
			goto out;
		}
	im->ids = xreallocarray(im->ids, im->nids + 1, sizeof(*im->ids));
	im->ids[im->nids++] = xstrdup(c.id);
	for (l = 0; l < 2; l++) {
		for (f = 0; f < F_COUNT; f++)
			c.md[l][f] = (struct buf)BUF_INIT;
		import_read_body(&c, l);
		for (f = 0; f < F_COUNT; f++)
			text[l][f] = import_trimmed(&c.md[l][f]);
		unknown_keys(&c, l);
	}
	for (f = F_HOW_TO_APPLY; f < F_COUNT; f++)
		if ((text[0][f] == NULL) != (text[1][f] == NULL)) {
			c.lang = text[0][f] == NULL;
			import_conv_note(&c, 0, 0, "the %s section has no "
			    "translation in the other post",
			    import_field_names[f]);
		}
	e = import_emit_new(&yml);
	import_emit_map(e, 0);
	write_facts(&c, e);
	write_outcome(&c, e);
	import_write_extras(&c, e, text);
	write_lang(&c, e, 0, text);
	write_lang(&c, e, 1, text);
	import_emit_end_map(e);
	if (import_emit_free(e) != 0) {
		diag_error(im->d, en->path, 0, 0, "the opportunity could not "
		    "be written as YAML");
		buf_free(&yml);
	} else {
		char	*data = buf_detach(&yml, &i);

		import_add_out(im, "opportunities", NULL,
		    arena_printf(im->a, "%s.yml", c.id), data, i);
		en->used = fr->used = 1;
		rc = 0;
	}
	for (l = 0; l < 2; l++)
		for (f = 0; f < F_COUNT; f++) {
			buf_free(&c.md[l][f]);
			free(text[l][f]);
		}
	for (i = 0; i < c.natt; i++) {
		free(c.att[i].src);
		free(c.att[i].name);
		free(c.att[i].title[0]);
		free(c.att[i].title[1]);
	}
	free(c.att);
out:
	free(c.id);
	return rc;
}
