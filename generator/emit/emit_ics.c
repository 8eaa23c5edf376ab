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

/*
 * Append "NAME:" and the TEXT value s (escaped), folded; the line is put
 * together in tmp, which the caller keeps for the next line.
 */
static void
ics_text(struct buf *out, struct buf *tmp, const char *name, const char *s)
{
	buf_reset(tmp);
	buf_puts(tmp, name);
	buf_putc(tmp, ':');
	escape_ics(tmp, s, strlen(s));
	ics_fold(out, tmp->data, tmp->len);
}

/* Append "NAME:" and a value that needs no escaping, folded. */
static void
ics_raw(struct buf *out, struct buf *tmp, const char *name, const char *s,
    size_t n)
{
	size_t	nl = strlen(name);

	if (nl + 1 + n <= ICS_LINE_MAX) {	/* no folding: as it is */
		buf_put(out, name, nl);
		buf_putc(out, ':');
		buf_put(out, s, n);
		buf_puts(out, "\r\n");
		return;
	}
	buf_reset(tmp);
	buf_put(tmp, name, nl);
	buf_putc(tmp, ':');
	buf_put(tmp, s, n);
	ics_fold(out, tmp->data, tmp->len);
}

/* Append the date day (days since 1970-01-01) as YYYYMMDD. */
static void
ics_date(struct buf *out, long long day)
{
	size_t	at = out->len;

	emit_utc(out, day * DAY, 1);
	out->len = at + 8;	/* the date part alone */
	out->data[out->len] = '\0';
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

/* Append one VEVENT of o in language k; v and line are scratch
 * buffers the caller keeps. */
static void
ics_event(struct buf *out, struct buf *v, struct buf *line,
    const struct emit_ctx *e, const struct opportunity *o, size_t k,
    const struct ics_event *ev)
{
	const struct opp_text	*t = &o->text[k];
	const char		*label;

	buf_puts(out, "BEGIN:VEVENT\r\n");
	buf_reset(v);
	buf_puts(v, o->id);
	buf_putc(v, '-');
	buf_puts(v, ev->kind);
	buf_putc(v, '@');
	emit_host(v, e);
	ics_text(out, line, "UID", v->data);
	buf_reset(v);
	emit_utc(v, emit_updated(e, o), 1);
	ics_raw(out, line, "DTSTAMP", v->data, v->len);
	buf_reset(v);
	buf_printf(v, "%zu", ics_sequence(o, ev->key));
	ics_raw(out, line, "SEQUENCE", v->data, v->len);
	buf_reset(v);
	if (ev->all_day) {
		long long day = ev->when->epoch + ev->when->offset_min * 60LL;

		day = (day - ((day % DAY) + DAY) % DAY) / DAY;
		ics_date(v, day);
		ics_raw(out, line, "DTSTART;VALUE=DATE", v->data, v->len);
		buf_reset(v);
		ics_date(v, day + 1);
		ics_raw(out, line, "DTEND;VALUE=DATE", v->data, v->len);
		buf_puts(out, "TRANSP:TRANSPARENT\r\n");
	} else {
		emit_utc(v, ev->when->epoch, 1);
		ics_raw(out, line, "DTSTART", v->data, v->len);
	}
	buf_reset(v);
	label = site_string(e->site, k, ev->label, ev->fallback);
	buf_puts(v, label);
	buf_puts(v, ": ");
	buf_puts(v, t->title);
	ics_text(out, line, "SUMMARY", v->data);
	if (t->summary != NULL)
		ics_text(out, line, "DESCRIPTION", t->summary);
	buf_reset(v);
	emit_url(v, e, t->permalink);
	ics_raw(out, line, "URL", v->data, v->len);
	if (o->status == OPP_STATUS_CANCELLED)
		buf_puts(out, "STATUS:CANCELLED\r\n");
	buf_puts(out, "END:VEVENT\r\n");
}

/* Append the events of o: deadlines only, or every date when all. */
static void
ics_opportunity(struct buf *out, struct emit_scratch *s,
    const struct emit_ctx *e, const struct opportunity *o, size_t k, int all)
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
		ics_event(out, &s->t1, &s->t2, e, o, k, &questions);
	ics_event(out, &s->t1, &s->t2, e, o, k, &closing);
	if (!all)
		return;
	ics_event(out, &s->t1, &s->t2, e, o, k, &selection);
	ics_event(out, &s->t1, &s->t2, e, o, k, &delivery);
}

/* Append the calendar's header, named name, in language k. */
static void
ics_begin(struct buf *out, struct emit_scratch *s, const struct emit_ctx *e,
    size_t k, const char *name)
{
	struct buf	*v = &s->t1;
	const char	*c;

	buf_puts(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
	buf_reset(v);
	buf_puts(v, "-//marche//");
	emit_host(v, e);
	buf_puts(v, "//");
	for (c = e->site->langs[k].code; *c != '\0'; c++)
		buf_putc(v, (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c));
	ics_text(out, &s->t2, "PRODID", v->data);
	buf_puts(out, "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
	ics_text(out, &s->t2, "X-WR-CALNAME", name);
}

/* The relative path of o's calendar in language k: its page's path with
 * .ics for .html. */
static const char *
ics_path(struct arena *a, const struct opp_text *t)
{
	size_t	n = strlen(t->out_path);
	char	*p;

	if (n > 5 && strcmp(t->out_path + n - 5, ".html") == 0)
		n -= 5;
	/* Not arena_printf(): one for each page of every opportunity. */
	p = arena_alloc(a, n + sizeof(".ics"));
	memcpy(p, t->out_path, n);
	memcpy(p + n, ".ics", sizeof(".ics"));
	return p;
}

/* The calendar of opportunity arg in language k. */
static void
make_one(struct buf *b, const struct emit_ctx *e, const void *arg,
    size_t k, struct emit_scratch *s)
{
	const struct opportunity *o = arg;

	ics_begin(b, s, e, k, o->text[k].title);
	ics_opportunity(b, s, e, o, k, 1);
	buf_puts(b, "END:VCALENDAR\r\n");
}

/* The calendar of every open opportunity in language k. */
static void
make_open(struct buf *b, const struct emit_ctx *e, const void *arg,
    size_t k, struct emit_scratch *s)
{
	const struct site_lang	*l = &e->site->langs[k];
	size_t			 i;

	(void)arg;
	ics_begin(b, s, e, k, l->title != NULL ? l->title : l->code);
	for (i = 0; i < e->opps->count; i++) {
		const struct opportunity *o = &e->opps->list[i];

		if (o->ok && o->status == OPP_STATUS_OPEN) {
			size_t at = b->len;

			if (!emit_part_kept(b, s, i, 0)) {
				ics_opportunity(b, s, e, o, k, 0);
				emit_part_save(s, i, 0, b, at);
			}
			emit_flush(b, s);
		}
	}
	buf_puts(b, "END:VCALENDAR\r\n");
}

void
emit_ics(struct emit_list *l, const struct emit_ctx *e, struct arena *a)
{
	struct emit_paths paths;
	size_t		 i, k;

	for (k = 0; k < e->site->nlangs; k++) {
		for (i = 0; i < e->opps->count; i++) {
			const struct opportunity *o = &e->opps->list[i];

			if (!o->ok || o->text[k].out_path == NULL)
				continue;
			emit_list_add(l, ics_path(a, &o->text[k]), make_one, o,
			    k);
			emit_list_own(l, i);
		}
		emit_paths(&paths, a, e->site, e->pages, k);
		if (paths.calendar != NULL) {
			emit_list_add(l, paths.calendar, make_open, NULL, k);
			emit_list_parts(l);
		}
	}
}
