/*
 * iCalendar files (RFC 5545): one per opportunity and language beside its
 * page ("en/opportunities/x.ics"), with its closing instant, questions
 * deadline, expected selection and delivery; and one per language with
 * the deadlines of every open opportunity ("en/opportunities/open.ics").
 *
 * Instants are written in UTC ("Z"), so no VTIMEZONE is needed; dates are
 * all-day VALUE=DATE events. Lines end in CRLF and are folded at 75
 * octets, never inside a UTF-8 sequence. UIDs are the opportunity id,
 * the event's kind and the site's host, the same in every file and
 * language; DTSTAMP is emit_updated(), never the clock. SEQUENCE counts
 * the amendments that moved the event, and the cancellation, so calendar
 * clients that already hold it replace it when a closing moves.
 */
#include <string.h>

#include "arena.h"
#include "emit_impl.h"
#include "escape.h"
#include "instant.h"
#include "opportunity.h"
#include "site.h"

#define ICS_LINE_MAX	75	/* octets per line, CRLF excluded */
#define DAY		86400LL

/* Append the logical line in (len bytes) to out, folded, with CRLF. */
static void
ics_fold(struct buf *out, const char *in, size_t len)
{
	size_t	room = ICS_LINE_MAX;

	while (len > room) {
		size_t cut = room;

		while (cut > 0 && ((unsigned char)in[cut] & 0xc0) == 0x80)
			cut--;
		buf_put(out, in, cut);
		buf_puts(out, "\r\n ");
		in += cut;
		len -= cut;
		room = ICS_LINE_MAX - 1;
	}
	buf_put(out, in, len);
	buf_puts(out, "\r\n");
}

/* Append "NAME:" and the TEXT value s (escaped), folded. */
static void
ics_text(struct buf *out, const char *name, const char *s)
{
	struct buf	line = BUF_INIT;

	buf_printf(&line, "%s:", name);
	escape_ics(&line, s, strlen(s));
	ics_fold(out, line.data, line.len);
	buf_free(&line);
}

/* Append "NAME:" and a value that needs no escaping, folded. */
static void
ics_raw(struct buf *out, const char *name, const char *s, size_t n)
{
	struct buf	line = BUF_INIT;

	buf_printf(&line, "%s:", name);
	buf_put(&line, s, n);
	ics_fold(out, line.data, line.len);
	buf_free(&line);
}

/* Append the date day (days since 1970-01-01) as YYYYMMDD. */
static void
ics_date(struct buf *out, long long day)
{
	struct buf	t = BUF_INIT;

	emit_utc(&t, day * DAY, 1);
	buf_put(out, t.data, 8);
	buf_free(&t);
}

/* What one VEVENT says. */
struct ics_event {
	const char		*kind;	/* UID part: "closing", ... */
	const char		*key;	/* the term that dates it */
	const char		*label;	/* i18n key of the SUMMARY prefix */
	const char		*fallback; /* the prefix when key is missing */
	const struct instant	*when;	/* the instant or date */
	int			 all_day; /* write as VALUE=DATE */
};

/* The event's SEQUENCE: how many of o's amendments changed the term
 * key, plus one once cancelled (RFC 5545 counts a STATUS change too). */
static size_t
ics_sequence(const struct opportunity *o, const char *key)
{
	size_t	i, j, n = o->status == OPP_STATUS_CANCELLED;

	for (i = 0; i < o->namendments; i++)
		for (j = 0; j < o->amendments[i].nchanges; j++)
			if (strcmp(o->amendments[i].changes[j].key, key) == 0) {
				n++;
				break;
			}
	return n;
}

/* Append one VEVENT of o in language k. */
static void
ics_event(struct buf *out, const struct emit_ctx *e,
    const struct opportunity *o, size_t k, const struct ics_event *ev)
{
	const struct opp_text	*t = &o->text[k];
	struct buf		 v = BUF_INIT;

	buf_puts(out, "BEGIN:VEVENT\r\n");
	buf_printf(&v, "%s-%s@", o->id, ev->kind);
	emit_host(&v, e);
	ics_text(out, "UID", v.data);
	buf_reset(&v);
	emit_utc(&v, emit_updated(e, o), 1);
	ics_raw(out, "DTSTAMP", v.data, v.len);
	buf_reset(&v);
	buf_printf(&v, "%zu", ics_sequence(o, ev->key));
	ics_raw(out, "SEQUENCE", v.data, v.len);
	buf_reset(&v);
	if (ev->all_day) {
		long long day = ev->when->epoch + ev->when->offset_min * 60LL;

		day = (day - ((day % DAY) + DAY) % DAY) / DAY;
		ics_date(&v, day);
		ics_raw(out, "DTSTART;VALUE=DATE", v.data, v.len);
		buf_reset(&v);
		ics_date(&v, day + 1);
		ics_raw(out, "DTEND;VALUE=DATE", v.data, v.len);
		buf_puts(out, "TRANSP:TRANSPARENT\r\n");
	} else {
		emit_utc(&v, ev->when->epoch, 1);
		ics_raw(out, "DTSTART", v.data, v.len);
	}
	buf_reset(&v);
	buf_printf(&v, "%s: %s", site_string(e->site, k, ev->label, ev->fallback),
	    t->title);
	ics_text(out, "SUMMARY", v.data);
	if (t->summary != NULL)
		ics_text(out, "DESCRIPTION", t->summary);
	buf_reset(&v);
	emit_url(&v, e, t->permalink);
	ics_raw(out, "URL", v.data, v.len);
	if (o->status == OPP_STATUS_CANCELLED)
		buf_puts(out, "STATUS:CANCELLED\r\n");
	buf_puts(out, "END:VEVENT\r\n");
	buf_free(&v);
}

/* Append the events of o: deadlines only, or every date when all. */
static void
ics_opportunity(struct buf *out, const struct emit_ctx *e,
    const struct opportunity *o, size_t k, int all)
{
	const struct ics_event closing = { "closing", "closing",
	    "closing_label", "Closing date", &o->closing, 0 };
	const struct ics_event questions = { "questions",
	    "questions_deadline", "questions_deadline_label",
	    "Last day for questions", &o->questions_deadline, 0 };
	const struct ics_event selection = { "selection", "selection",
	    "selection_label", "Expected selection", &o->selection, 1 };
	const struct ics_event delivery = { "delivery", "delivery",
	    "delivery_label", "Delivery", &o->delivery, 1 };

	if (o->has_deadline)
		ics_event(out, e, o, k, &questions);
	ics_event(out, e, o, k, &closing);
	if (!all)
		return;
	ics_event(out, e, o, k, &selection);
	ics_event(out, e, o, k, &delivery);
}

/* Append the calendar's header, named name, in language k. */
static void
ics_begin(struct buf *out, const struct emit_ctx *e, size_t k,
    const char *name)
{
	struct buf	v = BUF_INIT;
	const char	*c;

	buf_puts(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
	buf_puts(&v, "-//marche//");
	emit_host(&v, e);
	buf_puts(&v, "//");
	for (c = e->site->langs[k].code; *c != '\0'; c++)
		buf_putc(&v, (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c));
	ics_text(out, "PRODID", v.data);
	buf_puts(out, "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
	ics_text(out, "X-WR-CALNAME", name);
	buf_free(&v);
}

/* The relative path of o's calendar in language k: its page's path with
 * .ics for .html. */
static const char *
ics_path(struct arena *a, const struct opp_text *t)
{
	size_t	n = strlen(t->out_path);

	if (n > 5 && strcmp(t->out_path + n - 5, ".html") == 0)
		n -= 5;
	return arena_printf(a, "%.*s.ics", (int)n, t->out_path);
}

/* The calendar of every open opportunity in language k. */
static int
ics_open(const struct emit_ctx *e, struct arena *a, size_t k,
    struct diags *d)
{
	const struct site_lang	*l = &e->site->langs[k];
	struct buf		 b = BUF_INIT;
	struct emit_paths	 paths;
	size_t			 i;
	int			 rc;

	emit_paths(&paths, a, e->site, e->pages, k);
	if (paths.calendar == NULL)
		return 0;
	ics_begin(&b, e, k, l->title != NULL ? l->title : l->code);
	for (i = 0; i < e->opps->count; i++) {
		const struct opportunity *o = &e->opps->list[i];

		if (o->ok && o->status == OPP_STATUS_OPEN)
			ics_opportunity(&b, e, o, k, 0);
	}
	buf_puts(&b, "END:VCALENDAR\r\n");
	rc = emit_write(e, paths.calendar, &b, d);
	buf_free(&b);
	return rc;
}

int
emit_ics(const struct emit_ctx *e, struct diags *d)
{
	struct arena	*a = arena_new();
	struct buf	 b = BUF_INIT;
	size_t		 i, k;
	int		 rc = 0;

	for (k = 0; k < e->site->nlangs; k++) {
		for (i = 0; i < e->opps->count; i++) {
			const struct opportunity *o = &e->opps->list[i];

			if (!o->ok || o->text[k].out_path == NULL)
				continue;
			buf_reset(&b);
			ics_begin(&b, e, k, o->text[k].title);
			ics_opportunity(&b, e, o, k, 1);
			buf_puts(&b, "END:VCALENDAR\r\n");
			if (emit_write(e, ics_path(a, &o->text[k]), &b,
			    d) != 0)
				rc = -1;
		}
		if (ics_open(e, a, k, d) != 0)
			rc = -1;
	}
	buf_free(&b);
	arena_free(a);
	return rc;
}
