/*
 * Rules between an opportunity's fields: the order of its dates, its
 * status and award, and the timing of questions and answers.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "history.h"
#include "i18n.h"
#include "instant.h"
#include "opp_impl.h"
#include "value.h"

/* The calendar day of an instant in the site's zone, as a day number. */
static long long
local_day(const struct instant *i)
{
	long long s = i->epoch + (long long)i->offset_min * 60;

	return s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
}

/* The calendar day of epoch, with the offset of instant like. */
static long long
local_day_of(long long epoch, const struct instant *like)
{
	struct instant	i = *like;

	i.epoch = epoch;
	return local_day(&i);
}

static long long
date_day(const struct instant *i)
{
	return i->has_time ? local_day(i) :
	    instant_days_from_civil(i->year, i->month, i->day);
}

const char *
opp_describe(struct opp_ctx *c, const struct instant *i)
{
	struct buf	 b = BUF_INIT;
	const char	*s;
	int		 rc;

	/* Messages are in English, formatted by ICU like the pages. */
	if (i->has_time)
		rc = i18n_format_datetime(&b, i->epoch, c->site->time_zone,
		    "en");
	else
		rc = i18n_format_date(&b, i->year, i->month, i->day, "en");
	s = arena_printf(c->a, "%s", rc == 0 ? buf_cstr(&b) : "?");
	buf_free(&b);
	return s;
}

static const struct value *
at(const struct opportunity *o, const char *key)
{
	const struct value *v = value_map_get(o->root, key);

	return v != NULL ? v : o->root;
}

static void
check_dates(struct opp_ctx *c, struct opportunity *o)
{
	if (date_day(&o->selection) <= local_day(&o->closing))
		opp_error(c, at(o, "selection"), 0, "the selection date (%s) "
		    "must come after the closing date (%s)",
		    opp_describe(c, &o->selection),
		    opp_describe(c, &o->closing));
	if (o->has_start && date_day(&o->start) < date_day(&o->selection))
		opp_error(c, at(o, "start"), 0, "the start date (%s) cannot "
		    "come before the selection date (%s)",
		    opp_describe(c, &o->start),
		    opp_describe(c, &o->selection));
	if (o->has_start && date_day(&o->delivery) < date_day(&o->start))
		opp_error(c, at(o, "delivery"), 0, "the delivery date (%s) "
		    "cannot come before the start date (%s)",
		    opp_describe(c, &o->delivery), opp_describe(c, &o->start));
	if (!o->has_start && date_day(&o->delivery) <= date_day(&o->selection))
		opp_error(c, at(o, "delivery"), 0, "the delivery date (%s) "
		    "must come after the selection date (%s)",
		    opp_describe(c, &o->delivery),
		    opp_describe(c, &o->selection));
	if (o->has_posted && o->posted_as.epoch >= o->closing.epoch)
		opp_error(c, at(o, "posted"), 0, "'posted' (%s) must come "
		    "before the closing time (%s)",
		    opp_describe(c, &o->posted_as),
		    opp_describe(c, &o->closing));
	if (o->has_deadline && o->questions_deadline.epoch >= o->closing.epoch)
		opp_error(c, at(o, "questions_deadline"), 0, "the deadline "
		    "for questions must come before the closing time (%s)",
		    opp_describe(c, &o->closing));
}

static void
check_status(struct opp_ctx *c, struct opportunity *o)
{
	int needs_award = o->stated == OPP_STATUS_AWARDED ||
	    o->stated == OPP_STATUS_TERMINATED ||
	    o->stated == OPP_STATUS_COMPLETED;
	const struct value *award = value_map_get(o->root, "award");

	if (needs_award && !o->has_award)
		opp_error(c, at(o, "status"), 0, "status '%s' needs an "
		    "'award' with the supplier (and, once the work is done, "
		    "the repository)",
		    opp_status_code(o->stated));
	if (!needs_award && o->has_award)
		opp_error(c, award, 0, "an 'award' "
		    "needs status 'awarded' (or 'terminated' or 'completed')");
	if (needs_award && c->now < o->closing.epoch)
		opp_error(c, at(o, "status"), 0, "an opportunity cannot be "
		    "awarded before it closes (%s)",
		    opp_describe(c, &o->closing));
	if (o->stated == OPP_STATUS_COMPLETED && o->has_award &&
	    !o->award.has_accepted)
		opp_error(c, award, 0, "status 'completed' needs "
		    "'accepted': the date the code was accepted");
	if (o->award.has_accepted && date_day(&o->award.accepted) <
	    date_day(o->has_start ? &o->start : &o->selection))
		opp_error(c, value_path(o->root, "award.accepted"), 0, "the "
		    "code cannot be accepted (%s) before the work starts (%s)",
		    opp_describe(c, &o->award.accepted),
		    opp_describe(c, o->has_start ? &o->start : &o->selection));
	if (o->award.has_ended && date_day(&o->award.ended) <
	    local_day(&o->closing))
		opp_error(c, value_path(o->root, "award.ended"), 0, "the "
		    "contract cannot end (%s) before the opportunity closes "
		    "(%s)", opp_describe(c, &o->award.ended),
		    opp_describe(c, &o->closing));
	if (o->award.has_ended && date_day(&o->award.ended) >
	    local_day_of(c->now, &o->closing))
		opp_error(c, value_path(o->root, "award.ended"), 0, "the "
		    "contract's end (%s) is in the future: record it once the "
		    "contract has ended", opp_describe(c, &o->award.ended));
	o->status = o->stated;
	if (o->stated == OPP_STATUS_OPEN && c->now >= o->closing.epoch)
		o->status = OPP_STATUS_CLOSED;
}

/* Questions in order with their answers; their timing is opp_due.c's. */
static void
check_questions(struct opp_ctx *c, struct opportunity *o)
{
	const struct value *qs = value_map_get(o->root, "questions");
	size_t	i;

	for (i = 0; i < o->nquestions && qs != NULL; i++) {
		const struct opp_question *q = &o->questions[i];
		const struct value *qv = qs->items[i];
		const struct value *asked = value_map_get(qv, "asked");
		const struct value *answered = value_map_get(qv, "answered");

		if (q->asked.epoch > o->closing.epoch)
			opp_error(c, asked, 0, "this question was asked after "
			    "the closing time (%s)",
			    opp_describe(c, &o->closing));
		if (q->has_answer && q->answered.epoch < q->asked.epoch)
			opp_error(c, answered, 0, "the answer (%s) cannot come "
			    "before the question (%s)",
			    opp_describe(c, &q->answered),
			    opp_describe(c, &q->asked));
	}
}

void
opp_check_rules(struct opp_ctx *c, struct opportunity *o)
{
	check_dates(c, o);
	check_status(c, o);
	check_questions(c, o);
}

long long
opportunities_next_change(const struct opportunities *o,
    const struct site *site, long long now)
{
	long long	next = -1, midnight = -1, t;
	size_t		i, j;

	for (i = 0; i < o->count; i++) {
		const struct opportunity *p = &o->list[i];

		if (!p->ok)
			continue;
		if (p->stated == OPP_STATUS_OPEN && p->closing.epoch > now &&
		    (next < 0 || p->closing.epoch < next))
			next = p->closing.epoch;
		/* Open ones show the days left: that changes at midnight. */
		if (p->stated == OPP_STATUS_OPEN && p->closing.epoch > now) {
			if (midnight < 0)
				midnight = instant_next_local_day(now,
				    site->time_zone);
			if (next < 0 || midnight < next)
				next = midnight;
		}
		/* It moves from the listing to its year's archive. */
		t = p->closing.epoch +
		    site->rules.listing_recent_days * 86400LL;
		if (t > now && (next < 0 || t < next))
			next = t;
		if (p->has_deadline && p->questions_deadline.epoch > now &&
		    (next < 0 || p->questions_deadline.epoch < next))
			next = p->questions_deadline.epoch;
		for (j = 0; j < p->nquestions; j++) {
			if (p->questions[j].has_answer)
				continue;
			t = p->questions[j].asked.epoch +
			    (long long)site->rules.answer_delay_hours * 3600;
			if (t > now && (next < 0 || t < next))
				next = t;
		}
	}
	return next;
}

int
opportunities_any_posted(const struct opportunities *o)
{
	size_t	i;

	for (i = 0; i < o->count; i++)
		if (o->list[i].ok && o->list[i].has_posted)
			return 1;
	return 0;
}

int
opportunities_check_posted(struct opportunities *o, const struct history *h,
    const struct site *site, long long now, struct diags *d)
{
	struct buf	 p = BUF_INIT, f = BUF_INIT;
	size_t		 i;
	int		 rc = 0;

	for (i = 0; i < o->count; i++) {
		struct opportunity *x = &o->list[i];
		const struct history_file *hf;
		const struct value *v;
		long long first;

		if (!x->ok || !x->has_posted)
			continue;
		/* Without a commit to compare with, now is the bound. */
		hf = h != NULL && h->available ? history_find(h, x->path) :
		    NULL;
		if (hf != NULL && hf->nversions == 0)
			hf = NULL;
		first = hf != NULL ? hf->added : now;
		if (x->posted_as.epoch < first) {
			if (x->dated)
				x->posted = x->posted_as.epoch;
			continue;
		}
		/* Imported means published elsewhere before it came here. */
		v = value_map_get(opp_root(x), "posted");
		buf_reset(&p);
		buf_reset(&f);
		if (x->posted_as.has_time)
			i18n_format_datetime(&p, x->posted_as.epoch,
			    site->time_zone, "en");
		else
			i18n_format_date(&p, x->posted_as.year,
			    x->posted_as.month, x->posted_as.day, "en");
		i18n_format_datetime(&f, first, site->time_zone, "en");
		diag_error(d, x->path, v != NULL ? v->line : 0,
		    v != NULL ? v->col : 0, "'posted' (%s) must "
		    "come before %s (%s): it is only for an opportunity "
		    "imported from another system, where it was posted first",
		    buf_cstr(&p), hf != NULL ? N_("the file's first commit") :
		    N_("now"), buf_cstr(&f));
		x->ok = 0;
		rc = -1;
	}
	buf_free(&p);
	buf_free(&f);
	return rc;
}
