/*
 * Obligations that fall due as the clock moves: a question's answer, the
 * selection of a supplier, an outcome (award or cancellation) after
 * closing. Time passing never makes the input wrong, so an overdue
 * obligation is a warning in the "needs attention" section, never an
 * error, and an answer given late is a note (a record; nothing is left to
 * do). Only a pull request that creates the breach itself (adding a
 * question already overdue, or answered late) is refused. The same walk
 * lists what falls due within a window, for `check --due`.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "i18n.h"
#include "instant.h"
#include "opportunity.h"
#include "site.h"
#include "value.h"

#define HOUR	3600LL
#define DAY	86400LL

struct due_ctx {
	const struct site	*site;		/* rules and time zone */
	long long		 now;		/* seconds since the epoch */
	long long		 window;	/* seconds ahead to list, or
						 * -1 */
	opp_created_fn		 created;	/* pull-request test, or NULL */
	void			*cctx;		/* its context */
	struct diags		*d;		/* where reports go */
};

/* "5 hours", "3 days": a span, in whole hours up to three days. */
static const char *
span_text(char *out, size_t size, long long s, int round_up)
{
	long long	h = (s + (round_up ? HOUR - 1 : 0)) / HOUR;

	if (h < 72)
		diag_fragment(out, size, "%lld hour%s", h, h == 1 ? "" : "s");
	else
		diag_fragment(out, size, "%lld days", h / 24);
	return out;
}

/* An instant for messages, in English and the site's zone (and in
 * French, remembered for the French messages). */
static void
when_text(struct buf *b, const struct due_ctx *c, long long t)
{
	struct buf	fr = BUF_INIT;
	size_t		start = b->len;

	if (i18n_format_datetime(b, t, c->site->time_zone, "en") != 0) {
		buf_printf(b, "@%lld", t);
		return;
	}
	if (diag_wants_fr() && i18n_format_datetime(&fr, t,
	    c->site->time_zone, "fr") == 0)
		diag_pair(buf_cstr(b) + start, buf_cstr(&fr));
	buf_free(&fr);
}

/* No question: a key of the file's top map. */
#define NOQ	((size_t)-1)

/*
 * Where a report about o is placed: key in the file's top map, or with q
 * other than NOQ, in its question q; NULL when the file has no such key
 * (or cannot be had again). Looked up only for a report: the file's tree
 * may have to be parsed again for it (opp_root()).
 */
static const struct value *
due_where(const struct opportunity *o, size_t q, const char *key)
{
	const struct value	*root = opp_root(o), *qs;

	if (q == NOQ)
		return value_map_get(root, key);
	qs = value_map_get(root, "questions");
	if (qs == NULL || qs->kind != VALUE_SEQ || q >= qs->count)
		return NULL;
	return value_map_get(qs->items[q], key);
}

/* Is t within the window ahead? */
static int
in_window(const struct due_ctx *c, long long t)
{
	return c->window >= 0 && t > c->now && t <= c->now + c->window;
}

/* A note for something due at t, placed at at (or nowhere). */
static void
due_note_at(const struct due_ctx *c, const struct opportunity *o,
    const struct value *at, long long t, const char *what)
{
	struct buf	b = BUF_INIT;
	char		span[32];

	when_text(&b, c, t);
	span_text(span, sizeof(span), t - c->now, 1);
	diag_attention(c->d, DIAG_NOTE, o->path, at ? at->line : 0,
	    at ? at->col : 0, "%s %s (in %s)", what, buf_cstr(&b), span);
	buf_free(&b);
}

/* A note for something due at t, if within the window ahead; placed at
 * key (of question q, or NOQ). */
static void
due_note(const struct due_ctx *c, const struct opportunity *o, size_t q,
    const char *key, long long t, const char *what)
{
	if (in_window(c, t))
		due_note_at(c, o, due_where(o, q, key), t, what);
}

/* A question's answer: owed, late, or created late by a pull request. */
static void
due_question(const struct due_ctx *c, const struct opportunity *o,
    size_t i)
{
	const struct opp_question *q = &o->questions[i];
	const struct value	*at;
	int			 hours = c->site->rules.answer_delay_hours;
	long long		 due = q->asked.epoch + hours * HOUR;
	char			 span[32];
	int			 made;

	if (q->has_answer && q->answered.epoch <= due)
		return;
	if (!q->has_answer && c->now <= due) {
		due_note(c, o, i, "asked", due, N_("an answer to this "
		    "question is due by"));
		return;
	}
	made = c->created != NULL && c->created(c->cctx, o, q->has_answer ?
	    OPP_BREACH_LATE_ANSWER : OPP_BREACH_UNANSWERED, i);
	at = due_where(o, i, q->has_answer ? "answered" : "asked");
	if (q->has_answer && made)
		diag_error(c->d, o->path, at ? at->line : 0, at ? at->col : 0,
		    "this pull request records an answer %lld hours after "
		    "the question; answers are due within %d hours "
		    "(rules.answer_delay_hours)",
		    (q->answered.epoch - q->asked.epoch) / HOUR, hours);
	else if (q->has_answer)
		/* A record of a missed delay: nothing left to do about it. */
		diag_report(c->d, DIAG_NOTE, o->path, at ? at->line : 0,
		    at ? at->col : 0, "answered %lld hours after the question, "
		    "later than the %d hours of rules.answer_delay_hours",
		    (q->answered.epoch - q->asked.epoch) / HOUR, hours);
	else if (made)
		diag_error(c->d, o->path, at ? at->line : 0, at ? at->col : 0,
		    "this pull "
		    "request leaves this question without an answer %s after "
		    "it was asked; answers are due within %d hours "
		    "(rules.answer_delay_hours): add the answer in every "
		    "language, with 'answered'", span_text(span, sizeof(span),
		    c->now - q->asked.epoch, 0), hours);
	else
		diag_attention(c->d, DIAG_WARNING, o->path, at ? at->line : 0,
		    at ? at->col : 0, "this question has waited %s for an answer, "
		    "more than the %d hours of rules.answer_delay_hours: post "
		    "the answer in every language, with 'answered'",
		    span_text(span, sizeof(span), c->now - q->asked.epoch, 0),
		    hours);
}

/*
 * A breach after closing: a warning under "needs attention", or an error
 * when the pull request being checked brought it about.
 */
static void
due_breach(const struct due_ctx *c, const struct opportunity *o,
    enum opp_breach b, const struct value *at, const char *msg)
{
	int	line = at != NULL ? at->line : 0, col = at != NULL ? at->col : 0;

	if (c->created != NULL && c->created(c->cctx, o, b, 0))
		diag_error(c->d, o->path, line, col, "%s (this pull "
		    "request brings that about)", msg);
	else
		diag_attention(c->d, DIAG_WARNING, o->path, line, col, "%s",
		    msg);
}

/* Where an outcome is placed: 'status', else 'closing'. */
static const struct value *
outcome_where(const struct opportunity *o)
{
	const struct value	*st = due_where(o, NOQ, "status");

	return st != NULL ? st : due_where(o, NOQ, "closing");
}

/* The first instant of the day after the selection date, local time. */
static long long
selection_end(const struct due_ctx *c, const struct opportunity *o)
{
	struct instant	next;
	char		s[16];
	int		y, m, d;

	instant_civil_from_days(&y, &m, &d, instant_days_from_civil(
	    o->selection.year, o->selection.month, o->selection.day) + 1);
	snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, d);
	if (instant_parse(&next, NULL, s, c->site->time_zone) != INSTANT_OK)
		return o->selection.epoch + DAY;
	return next.epoch;
}

/* An open opportunity after closing: the selection, then an outcome. */
static void
due_outcome(const struct due_ctx *c, const struct opportunity *o)
{
	const struct value	*sel;
	long long		 sel_due = selection_end(c, o);
	long long		 out_due = o->closing.epoch +
				    c->site->rules.outcome_days * DAY;
	struct buf		 b = BUF_INIT, fr = BUF_INIT;
	char			 m[768];

	if (o->stated != OPP_STATUS_OPEN)
		return;
	if (o->has_deadline)
		due_note(c, o, NOQ, "questions_deadline",
		    o->questions_deadline.epoch, N_("questions close"));
	due_note(c, o, NOQ, "closing", o->closing.epoch, N_("closes"));
	if (c->now >= out_due) {
		when_text(&b, c, o->closing.epoch);
		diag_fragment(m, sizeof(m), "closed %lld days ago (%s) with no "
		    "outcome, "
		    "more than the %d of rules.outcome_days: record the award "
		    "(status: awarded) or cancel it (status: cancelled)",
		    (c->now - o->closing.epoch) / DAY, buf_cstr(&b),
		    c->site->rules.outcome_days);
		due_breach(c, o, OPP_BREACH_OUTCOME, outcome_where(o), m);
	} else if (c->now >= sel_due) {
		sel = due_where(o, NOQ, "selection");
		if (i18n_format_date(&b, o->selection.year,
		    o->selection.month, o->selection.day, "en") != 0)
			buf_puts(&b, value_str(sel) != NULL ? sel->str : "");
		else if (diag_wants_fr() && i18n_format_date(&fr,
		    o->selection.year, o->selection.month, o->selection.day,
		    "fr") == 0)
			diag_pair(buf_cstr(&b), buf_cstr(&fr));
		diag_fragment(m, sizeof(m), "the selection date (%s) has "
		    "passed with no award: record it (status: awarded, with "
		    "'award') or cancel (status: cancelled)", buf_cstr(&b));
		due_breach(c, o, OPP_BREACH_SELECTION, sel, m);
	}
	due_note(c, o, NOQ, "selection", sel_due, N_("a supplier is to be "
	    "selected by"));
	if (in_window(c, out_due))
		due_note_at(c, o, outcome_where(o), out_due, N_("an outcome "
		    "(award or cancellation) is due by"));
	buf_free(&b);
	buf_free(&fr);
}

void
opportunities_check_time(const struct opportunities *opps,
    const struct site *site, long long now, long long window,
    opp_created_fn created, void *cctx, struct diags *d)
{
	struct due_ctx	c = { site, now, window, created, cctx, d };
	size_t		i, j;

	for (i = 0; i < opps->count; i++) {
		const struct opportunity *o = &opps->list[i];

		/* A stub (o->cached) is an unchanged one of a pull request,
		 * whose obligations are not the pull request's. */
		if (!o->ok || o->cached)
			continue;
		for (j = 0; j < o->nquestions; j++)
			due_question(&c, o, j);
		due_outcome(&c, o);
	}
}
