/*
 * The sections of an opportunity file after its texts: questions and
 * answers, the award (and an early end), eligibility, and how to apply.
 * Read into the opportunity with opportunity.c's helpers (opp_impl.h).
 */
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "opp_impl.h"
#include "opportunity.h"
#include "site.h"
#include "value.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define OPP_MAX_QUESTIONS	500

static const char *const question_keys[] = { "asked", "answered" };
static const char *const qtext_keys[] = { "question", "answer" };
static const char *const award_keys[] = {
	"supplier", "repository", "licence", "accepted", "ended", "reason"
};
static const char *const eligibility_keys[] = { "replace" };
static const char *const apply_keys[] = { "by", "url", "form" };

static void
read_question(struct opp_ctx *c, struct opp_question *q, const struct value *m)
{
	size_t	k;

	opp_check_keys(c, m, question_keys, NELEM(question_keys), 1);
	opp_want_instant(c, &q->asked, m, "asked", 1, 1, 0);
	q->has_answer = opp_want_instant(c, &q->answered, m, "answered", 0, 1,
	    0) == 0;
	for (k = 0; k < c->site->nlangs; k++) {
		const struct site_lang *l = &c->site->langs[k];
		const struct value *t, *a;
		char where[160];

		diag_fragment(where, sizeof(where), "add the question in %s",
		    l->english);
		if ((t = opp_want_map(c, m, l->code, 1, where)) == NULL)
			continue;
		opp_check_keys(c, t, qtext_keys, NELEM(qtext_keys), 0);
		diag_fragment(where, sizeof(where), "in '%s'", l->code);
		c->lang = l;
		opp_read_markdown(c, &q->question[k], opp_want_text(c, t, "question",
		    1, where));
		a = opp_want_text(c, t, "answer", q->has_answer, where);
		c->lang = NULL;
		opp_read_markdown(c, &q->answer[k], a);
		if (a != NULL && !q->has_answer)
			opp_error(c, a, 0, "this answer has no 'answered' "
			    "date and time: add it next to 'asked'");
	}
}

void
opp_read_questions(struct opp_ctx *c, struct opportunity *o)
{
	const struct value *v = value_map_get(o->root, "questions");
	size_t	i;

	if (v == NULL || v->kind == VALUE_NULL)
		return;
	if (v->kind != VALUE_SEQ) {
		opp_error(c, v, 0, "'questions' must be a list, each item "
		    "starting with '- asked:'");
		return;
	}
	if (v->count > OPP_MAX_QUESTIONS) {
		opp_error(c, v, 0, "more than %d questions", OPP_MAX_QUESTIONS);
		return;
	}
	o->questions = arena_calloc(c->a, v->count, sizeof(*o->questions));
	for (i = 0; i < v->count; i++) {
		if (v->items[i]->kind != VALUE_MAP) {
			opp_error(c, v->items[i], 0, "each question needs "
			    "'asked' and its text in each language");
			continue;
		}
		read_question(c, &o->questions[o->nquestions++],
		    v->items[i]);
	}
}

/*
 * award.ended and award.reason: when and why a contract ended early,
 * required with status terminated and refused with any other.
 */
static void
read_ended(struct opp_ctx *c, struct opportunity *o, const struct value *m)
{
	const struct value	*ended = value_map_get(m, "ended");
	const struct value	*reason = value_map_get(m, "reason");
	int			 term = o->stated == OPP_STATUS_TERMINATED;
	size_t			 k;

	if (!term) {
		if (ended != NULL)
			opp_error(c, ended, 0, "'ended' "
			    "is only for status 'terminated': the date a "
			    "contract ended early");
		if (reason != NULL)
			opp_error(c, opp_key_of(m, "reason"), 0, "'reason' is only "
			    "for status 'terminated': why the contract ended "
			    "early");
		return;
	}
	if (ended == NULL) {
		opp_error(c, m, 0, "'ended' is missing in 'award': status "
		    "'terminated' needs the date the contract ended (such as "
		    "2026-12-14) and a 'reason' in each language");
		return;
	}
	if (opp_want_instant(c, &o->award.ended, m, "ended", 1, 0, 1) != 0)
		return;
	if (reason == NULL) {
		opp_error(c, m, 0, "'reason' is missing in 'award': say in "
		    "each language why the contract ended");
		return;
	}
	if (reason->kind != VALUE_MAP) {
		opp_error(c, reason, 0, "'reason' must give a short reason "
		    "in each language (en: ..., fr: ...)");
		return;
	}
	opp_check_keys(c, reason, NULL, 0, 1);
	for (k = 0; k < c->site->nlangs; k++) {
		const struct value *v = opp_want_text(c, reason,
		    c->site->langs[k].code, 1, "in 'reason'");

		if (v == NULL)
			return;
		o->award.reason[k] = v->str;
	}
	o->award.has_ended = 1;
}

void
opp_read_award(struct opp_ctx *c, struct opportunity *o)
{
	const struct value *m = opp_want_map(c, o->root, "award", 0,
	    "supplier and repository"), *v;

	if (m == NULL)
		return;
	o->has_award = 1;
	opp_check_keys(c, m, award_keys, NELEM(award_keys), 0);
	if ((v = opp_want_text(c, m, "supplier", 1, N_("in 'award'"))) != NULL)
		o->award.supplier = v->str;
	/* The code exists once the work is done; an award, or a contract
	 * ended early, may come before any repository does. */
	if ((v = opp_want_text(c, m, "repository", o->stated ==
	    OPP_STATUS_COMPLETED, N_("in 'award' (the open repository where the "
	    "work was delivered)"))) != NULL) {
		if (strncmp(v->str, "https://", 8) != 0 || v->len < 12 ||
		    strpbrk(v->str, " <>\"'`") != NULL)
			opp_error(c, v, 0, "'repository' must be the https:// "
			    "address of the open repository");
		else
			o->award.repository = v->str;
	}
	if ((v = opp_want_text(c, m, "licence", 0, NULL)) != NULL) {
		if (strspn(v->str, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
		    "QRSTUVWXYZ0123456789.-+") != v->len)
			opp_error(c, v, 0, "'licence' must be an SPDX "
			    "identifier such as MIT or Apache-2.0");
		else
			o->award.licence = v->str;
	}
	o->award.has_accepted = opp_want_instant(c, &o->award.accepted, m,
	    "accepted", 0, 0, 1) == 0;
	read_ended(c, o, m);
}

/*
 * eligibility: who may apply, in each language, adding to the site's
 * general conditions (_data/eligibility.yml) or replacing them.
 */
void
opp_read_eligibility(struct opp_ctx *c, struct opportunity *o)
{
	const struct value *m = opp_want_map(c, o->root, "eligibility", 0,
	    "who may apply, in each language"), *v;
	size_t	k;

	memcpy(o->general, c->general, sizeof(o->general));
	if (m == NULL)
		return;
	opp_check_keys(c, m, eligibility_keys, NELEM(eligibility_keys), 1);
	if ((v = value_map_get(m, "replace")) != NULL) {
		if (v->kind != VALUE_BOOL)
			opp_error(c, v, 0, "'replace' must be true (these "
			    "conditions replace the general ones) or false "
			    "(they add to them)");
		else
			o->eligibility_replace = v->boolean;
	}
	for (k = 0; k < c->site->nlangs; k++)
		opp_read_markdown(c, &o->eligibility[k], opp_want_text(c, m,
		    c->site->langs[k].code, 1, "in 'eligibility'"));
}

/* The attachment named file, or NULL. */
static const struct opp_attachment *
find_attachment(const struct opportunity *o, const char *file)
{
	size_t	i;

	for (i = 0; i < o->nattachments; i++)
		if (strcmp(o->attachments[i].file, file) == 0)
			return &o->attachments[i];
	return NULL;
}

/* apply: by e-mail (the default), on a web page, or with a form. */
void
opp_read_apply(struct opp_ctx *c, struct opportunity *o)
{
	const struct value *m = opp_want_map(c, o->root, "apply", 0,
	    "by: email, web or form"), *v, *form, *url;
	size_t	k;

	o->apply_by = OPP_APPLY_EMAIL;
	if (m == NULL)
		return;
	opp_check_keys(c, m, apply_keys, NELEM(apply_keys), 0);
	if ((v = opp_want_text(c, m, "by", 1, "in 'apply' (email, web or "
	    "form)")) == NULL)
		return;
	if (strcmp(v->str, "web") == 0)
		o->apply_by = OPP_APPLY_WEB;
	else if (strcmp(v->str, "form") == 0)
		o->apply_by = OPP_APPLY_FORM;
	else if (strcmp(v->str, "email") != 0) {
		opp_error(c, v, 0, "'by' must be email, web or form");
		return;
	}
	url = value_map_get(m, "url");
	form = value_map_get(m, "form");
	if (o->apply_by != OPP_APPLY_WEB && url != NULL)
		opp_error(c, opp_key_of(m, "url"), 0, "'url' is only for 'by: "
		    "web'");
	if (o->apply_by != OPP_APPLY_FORM && form != NULL)
		opp_error(c, opp_key_of(m, "form"), 0, "'form' is only for 'by: "
		    "form'");
	if (o->apply_by == OPP_APPLY_WEB && (v = opp_want_text(c, m, "url", 1,
	    "in 'apply': the https:// address where suppliers apply")) !=
	    NULL) {
		if (strncmp(v->str, "https://", 8) != 0 || v->len < 12 ||
		    strpbrk(v->str, " <>\"'`") != NULL)
			opp_error(c, v, 0, "'url' must be an https:// address");
		else
			o->apply_url = v->str;
	}
	if (o->apply_by != OPP_APPLY_FORM)
		return;
	if ((form = opp_want_map(c, m, "form", 1, "the attached form's file in "
	    "each language")) == NULL)
		return;
	opp_check_keys(c, form, NULL, 0, 1);
	for (k = 0; k < c->site->nlangs; k++) {
		const struct opp_attachment *at;

		if ((v = opp_want_text(c, form, c->site->langs[k].code, 1,
		    "in 'form'")) == NULL)
			continue;
		at = find_attachment(o, v->str);
		if (at == NULL)
			opp_error(c, v, 0, "the form '%s' must be listed under "
			    "'attachments' (and kept in opportunities/%s/)",
			    v->str, o->id);
		else if (at->lang >= 0 && (size_t)at->lang != k)
			opp_error(c, v, 0, "the form '%s' is listed only in "
			    "%s under 'attachments'", v->str,
			    c->site->langs[at->lang].english);
		else
			o->apply_form[k] = at;
	}
}
