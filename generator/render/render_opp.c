/*
 * What a page shows of an opportunity: its cards (kept packed, shared by
 * the listings), and the full view of its own page. The listing order is
 * made in render_order.c. See render_opp.h.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "hash.h"
#include "i18n.h"
#include "instant.h"
#include "links.h"
#include "markdown.h"
#include "opportunity.h"
#include "page.h"
#include "par.h"
#include "path.h"
#include "render_opp.h"
#include "render_opp_impl.h"
#include "site.h"
#include "value.h"
#include "worddiff.h"
#include "xalloc.h"

/*
 * Where the links of the Markdown a page shows are noted for the link
 * check: in l (NULL: not noted), as links of the page at output path
 * from. Handed down by the page being rendered, never kept.
 */
struct page_links {
	struct links	*l;
	const char	*from;
};

/*
 * The keys of the maps a card is made of, each one node shared by every
 * map and never changed: thousands of cards are kept for the whole
 * render (opp_order_cards()), and a key node is most of a small map.
 */
#define CARD_KEYS(X) \
	X(id) \
	X(title) \
	X(summary) \
	X(href) \
	X(status) \
	X(closing) \
	X(days_left) \
	X(questions_deadline) \
	X(selection) \
	X(start) \
	X(delivery) \
	X(value) \
	X(text) \
	X(amount) \
	X(taxes_included) \
	X(contact) \
	X(apply_href) \
	X(skills) \
	X(key) \
	X(name) \
	X(award) \
	X(supplier) \
	X(repository) \
	X(licence) \
	X(accepted) \
	X(ended) \
	X(reason) \
	X(has_questions) \
	X(amended) \
	X(preview) \
	X(posted) \
	X(updated) \
	X(iso) \
	X(date) \
	X(count) \
	X(code) \
	X(label) \
	X(today) \
	X(one)

enum card_key {
#define CARD_KEY_ENUM(n)	K_##n,
	CARD_KEYS(CARD_KEY_ENUM)
	K_NKEYS
};

static const struct value card_keys[K_NKEYS] = {
#define CARD_KEY_NODE(n)	[K_##n] = { .kind = VALUE_STRING, .str = #n, \
				    .len = sizeof(#n) - 1 },
	CARD_KEYS(CARD_KEY_NODE)
};

/* false and true, shared likewise. */
static const struct value card_bools[2] = {
	{ .kind = VALUE_BOOL, .boolean = 0 },
	{ .kind = VALUE_BOOL, .boolean = 1 }
};

/* Append key with v to map, which has no such key yet; returns v. */
static struct value *
put(struct arena *a, struct value *map, enum card_key key, struct value *v)
{
	value_map_append(a, map, (struct value *)&card_keys[key], v);
	return v;
}

/* The shared node of b's truth. */
static struct value *
flag(int b)
{
	return (struct value *)&card_bools[b != 0];
}

/* The most pairs a card has (without what only its page adds). */
#define CARD_PAIRS	22

/* A map with room for n pairs: a card's maps do not grow. */
static struct value *
map_n(struct arena *a, uint32_t n)
{
	struct value	*v = value_map(a);

	v->pairs = arena_calloc(a, n, sizeof(*v->pairs));
	v->cap = n;
	return v;
}

/*
 * The strings of {iso, date, text} of a date or instant, in the site's
 * zone and lang, appended to out one after another, each with its NUL;
 * date is the day alone, YYYY-MM-DD (as Canada.ca's "Date modified").
 */
static void
when_format(struct buf *out, const struct site *site, const struct instant *i,
    const char *lang)
{
	char		 iso[INSTANT_ISO_MAX];
	size_t		 n;
	int		 y, mo, da, off;
	long long	 local;

	if (i->has_time) {
		if (instant_zone_offset(&off, i->epoch, site->time_zone) != 0)
			off = i->offset_min;
		local = i->epoch + (long long)off * 60;
		instant_civil_from_days(&y, &mo, &da, local >= 0 ?
		    local / 86400 : -((-local + 86399) / 86400));
		local = ((local % 86400) + 86400) % 86400;
		n = instant_iso(iso, y, mo, da, 1, local, off);
	} else {
		n = instant_iso(iso, i->year, i->month, i->day, 0, 0, 0);
	}
	buf_put(out, iso, n);
	buf_putc(out, '\0');
	buf_put(out, iso, n < 10 ? n : 10);
	buf_putc(out, '\0');
	if (i->has_time)
		i18n_format_datetime(out, i->epoch, site->time_zone, lang);
	else
		i18n_format_date(out, i->year, i->month, i->day, lang);
	buf_putc(out, '\0');
}

/* The next of the strings at *p (each with its NUL), as a node that
 * borrows it. */
static struct value *
next_string(struct arena *a, const char **p)
{
	struct value	*v = value_string_static(a, *p);

	*p += v->len + 1;
	return v;
}

/* {iso, date, text} from the strings when_format() wrote at *p, which
 * it borrows; *p moves past them. */
static struct value *
when_view(struct arena *a, const char **p)
{
	struct value	*v = map_n(a, 3);

	put(a, v, K_iso, next_string(a, p));
	put(a, v, K_date, next_string(a, p));
	put(a, v, K_text, next_string(a, p));
	return v;
}

/* {iso, date, text} of a date or instant: when_format(), in a. */
static struct value *
view_when(struct arena *a, const struct site *site, const struct instant *i,
    const char *lang)
{
	struct buf	 b = BUF_INIT;
	const char	*p;

	when_format(&b, site, i, lang);
	p = arena_alloc(a, b.len);
	memcpy((char *)p, b.data, b.len);
	buf_free(&b);
	return when_view(a, &p);
}

/* A commit's moment, to the minute, as an instant. */
static void
moment_instant(struct instant *i, const struct site *site, long long epoch)
{
	memset(i, 0, sizeof(*i));
	/* A commit's moment, to the minute: its seconds are noise, unlike
	 * those of a deadline written as 23:59:59. */
	i->epoch = epoch - ((epoch % 60) + 60) % 60;
	i->has_time = 1;
	if (instant_zone_offset(&i->offset_min, epoch, site->time_zone) != 0)
		i->offset_min = 0;
}

/* when_format() of a commit's moment. */
static void
moment_format(struct buf *out, const struct site *site, long long epoch,
    const char *lang)
{
	struct instant	i;

	moment_instant(&i, site, epoch);
	when_format(out, site, &i, lang);
}

struct value *
render_moment(struct arena *a, const struct site *site, long long epoch,
    const char *lang)
{
	struct instant	i;

	moment_instant(&i, site, epoch);
	return view_when(a, site, &i, lang);
}

int
render_opp_text_diff(struct buf *out, const struct site *site,
    const struct opp_change *c, size_t k)
{
	struct worddiff	wd;
	int		shown;

	if (c->lang < 0 || strcmp(c->key, "slug") == 0 ||
	    opp_term_diff(&wd, c->key, c->old, c->new) != 0)
		return 0;
	shown = wd.changed && !wd.replaced;
	if (shown)
		worddiff_html(out, &wd, RENDER_DIFF_CONTEXT,
		    site_string(site, k, "diff_deleted", "deleted:"),
		    site_string(site, k, "diff_inserted", "inserted:"));
	worddiff_free(&wd);
	return shown;
}

/*
 * amendments (corrections set: the corrections instead): each with its
 * date, its kind and its changes, in language k.
 */
static struct value *
view_amendments(struct arena *a, const struct site *site,
    const struct opportunity *o, size_t k, int corrections)
{
	struct value	*list = value_seq(a);
	const char	*lang = site->langs[k].code;
	size_t		 i, j;

	for (i = 0; i < o->namendments; i++) {
		const struct opp_amendment *am = &o->amendments[i];
		struct value *v = value_map(a), *changes = value_seq(a);

		if ((am->kind == OPP_AMEND_CORRECTION) != (corrections != 0))
			continue;
		value_map_set(a, v, "date", render_moment(a, site, am->time,
		    lang));
		value_map_set(a, v, "changes", changes);
		value_map_set(a, v, "after_closing", value_bool(a,
		    am->kind == OPP_AMEND_AFTER_CLOSING));
		value_map_set(a, v, "deleted", value_bool(a,
		    am->kind == OPP_AMEND_DELETED));
		if (am->kind == OPP_AMEND_RENAMED)
			value_map_set(a, v, "renamed_from", value_string_static(
			    a, am->renamed_from));
		if (am->kind == OPP_AMEND_CORRECTION && am->reason != NULL)
			value_map_set(a, v, "reason", value_string_static(a,
			    am->reason));
		for (j = 0; j < am->nchanges; j++) {
			const struct opp_change *c = &am->changes[j];
			struct value *cv;
			struct buf b = BUF_INIT;
			int words, whole = opp_term_is_markdown(c->key);

			/* Each language's page lists its own text's changes
			 * and the facts shared by both. */
			if (c->lang >= 0 && (size_t)c->lang != k)
				continue;
			cv = value_map(a);
			value_map_set(a, cv, "key", value_string_static(a,
			    c->key));
			value_map_set(a, cv, "label", value_string_static(a,
			    site_string(site, k, arena_printf(a, "field_%s", c->key),
			    c->key)));
			words = render_opp_text_diff(&b, site, c, k);
			value_map_set(a, cv, "word_diff", value_bool(a, words));
			if (words)
				value_map_set(a, cv, "diff", value_stringn(a,
				    buf_cstr(&b), b.len));
			buf_reset(&b);
			value_map_set(a, cv, "text_changed", value_bool(a,
			    whole));
			if (!whole) {
				opp_term_text(&b, site, c->key, c->old, lang);
				value_map_set(a, cv, "old", value_stringn(a,
				    buf_cstr(&b), b.len));
				buf_reset(&b);
				opp_term_text(&b, site, c->key, c->new, lang);
				value_map_set(a, cv, "new", value_stringn(a,
				    buf_cstr(&b), b.len));
			}
			buf_free(&b);
			value_seq_push(a, changes, cv);
		}
		if (changes->count > 0 || am->kind == OPP_AMEND_DELETED ||
		    am->kind == OPP_AMEND_RENAMED)
			value_seq_push(a, list, v);
	}
	return list;
}

/* A Markdown field as HTML; NULL after reporting. */
static struct value *
view_markdown(struct arena *a, const struct page_links *pl, const char *path,
    const struct opp_markdown *m, struct diags *d)
{
	struct markdown_source	 src = { path, m->line, m->col - 1, 1 };
	struct markdown_info	 info;
	struct buf		 html = BUF_INIT;
	struct value		*v = NULL;
	char			*tmp;
	const char		*text = opp_markdown_text(m, &tmp);
	size_t			 i;

	if (text == NULL)
		return NULL;
	if (markdown_render(&html, &info, a, &src, text, strlen(text), NULL,
	    d) == 0)
		v = value_stringn(a, buf_cstr(&html), html.len);
	free(tmp);
	for (i = 0; pl->l != NULL && i < info.nlinks; i++)
		links_add(pl->l, pl->from, path, info.links[i].line,
		    info.links[i].col, info.links[i].url);
	buf_free(&html);
	return v;
}


static struct value *
view_status(struct arena *a, const struct site *site, size_t k,
    enum opp_status st)
{
	struct value	*v = map_n(a, 2 + OPP_NSTATUS);
	const char	*code = opp_status_code(st);
	int		 i;

	put(a, v, K_code, value_string_static(a, code));
	put(a, v, K_label, value_string_static(a, site_string(site, k,
	    arena_printf(a, "status_%s", code), code)));
	for (i = 0; i < OPP_NSTATUS; i++)
		value_map_append(a, v, value_string_static(a,
		    opp_status_code((enum opp_status)i)),
		    flag((enum opp_status)i == st));
	return v;
}

/* Sort by name: render_opp_impl.h. */
void
render_sort_by_name(struct value *list, const char *lang)
{
	struct i18n_collator	*coll = i18n_collator_new(lang);
	size_t			 i, j;

	/* Insertion sort: the lists are short. */
	for (i = 1; i < list->count; i++) {
		struct value *x = list->items[i];

		for (j = i; j > 0 && i18n_collate(coll,
		    value_str(value_map_get(list->items[j - 1], "name")),
		    value_str(value_map_get(x, "name"))) > 0; j--)
			list->items[j] = list->items[j - 1];
		list->items[j] = x;
	}
	i18n_collator_free(coll);
}

static struct value *
view_questions(struct arena *a, const struct site *site,
    const struct page_links *pl, const struct opportunity *o, size_t k,
    struct diags *d)
{
	struct value	*list = value_seq(a);
	size_t		 i;

	for (i = 0; i < o->nquestions; i++) {
		const struct opp_question *q = &o->questions[i];
		struct value *v = value_map(a), *h;
		const char *lang = site->langs[k].code;

		value_map_set(a, v, "asked", view_when(a, site, &q->asked,
		    lang));
		if ((h = view_markdown(a, pl, o->path, &q->question[k], d)))
			value_map_set(a, v, "question", h);
		if (q->has_answer) {
			value_map_set(a, v, "answered", view_when(a, site,
			    &q->answered, lang));
			if ((h = view_markdown(a, pl, o->path, &q->answer[k],
			    d)))
				value_map_set(a, v, "answer", h);
		}
		value_seq_push(a, list, v);
	}
	return list;
}

/* The mailto: link to apply, with the title as the subject. */
static struct value *
view_apply(struct arena *a, const struct opportunity *o, size_t k)
{
	struct buf	 b = BUF_INIT;
	struct value	*v;

	buf_puts(&b, "mailto:");
	buf_puts(&b, o->contact);
	buf_puts(&b, "?subject=");
	escape_url_path(&b, o->text[k].title, strlen(o->text[k].title));
	v = value_stringn(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return v;
}

/* attachments: the files listed in language k, with their sizes. */
static struct value *
view_attachments(struct arena *a, const struct site *site,
    const struct page *from, const struct opportunity *o, size_t k)
{
	struct value	*list = value_seq(a);
	const char	*lang = site->langs[k].code;
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < o->nattachments; i++) {
		const struct opp_attachment *at = &o->attachments[i];
		struct value *v;

		if (at->lang >= 0 && (size_t)at->lang != k)
			continue;
		v = value_map(a);
		value_map_set(a, v, "file", value_string_static(a, at->file));
		value_map_set(a, v, "title", value_string_static(a,
		    at->title[k]));
		value_map_set(a, v, "href", value_string(a, path_relative(a,
		    from->out_path, at->out_path)));
		value_map_set(a, v, "type", value_string_static(a, at->type));
		value_map_set(a, v, "mime", value_string_static(a, at->mime));
		value_map_set(a, v, "bytes", value_int(a,
		    (long long)at->size));
		buf_reset(&b);
		i18n_format_size(&b, at->size, lang);
		value_map_set(a, v, "size", value_stringn(a, buf_cstr(&b),
		    b.len));
		value_seq_push(a, list, v);
	}
	buf_free(&b);
	return list;
}

/*
 * apply: how to apply in language k (email, web or form, each a flag),
 * href the way to do it, form the attached form, how what to send.
 */
static struct value *
view_apply_box(struct arena *a, const struct site *site,
    const struct page *from, const struct page_links *pl,
    const struct opportunity *o, size_t k, struct diags *d)
{
	struct value	*v = value_map(a), *h;
	struct buf	 b = BUF_INIT;

	value_map_set(a, v, "email", value_bool(a,
	    o->apply_by == OPP_APPLY_EMAIL));
	value_map_set(a, v, "web", value_bool(a, o->apply_by == OPP_APPLY_WEB));
	value_map_set(a, v, "form", value_bool(a,
	    o->apply_by == OPP_APPLY_FORM));
	value_map_set(a, v, "by", value_string_static(a,
	    o->apply_by == OPP_APPLY_WEB ? "web" :
	    o->apply_by == OPP_APPLY_FORM ? "form" : "email"));
	value_map_set(a, v, "mailto", view_apply(a, o, k));
	if (o->apply_by == OPP_APPLY_WEB)
		value_map_set(a, v, "href", value_string_static(a,
		    o->apply_url));
	else
		value_map_set(a, v, "href", view_apply(a, o, k));
	if (o->apply_by == OPP_APPLY_FORM && o->apply_form[k] != NULL) {
		const struct opp_attachment *at = o->apply_form[k];

		h = value_map_set(a, v, "attachment", value_map(a));
		value_map_set(a, h, "title", value_string_static(a,
		    at->title[k]));
		value_map_set(a, h, "href", value_string(a, path_relative(a,
		    from->out_path, at->out_path)));
		value_map_set(a, h, "type", value_string_static(a, at->type));
		i18n_format_size(&b, at->size, site->langs[k].code);
		value_map_set(a, h, "size", value_stringn(a, buf_cstr(&b),
		    b.len));
	}
	buf_free(&b);
	if ((h = view_markdown(a, pl, o->path, &o->text[k].how_to_apply, d)))
		value_map_set(a, v, "how", h);
	return v;
}

/* The general conditions in one language, rendered once. */
struct opp_general {
	const char		*text;	/* the Markdown, as the opportunities
					 * have it */
	int			 line;	/* and where it is */
	int			 col;
	struct value		*html;	/* its HTML */
	struct markdown_link	*links;	/* its links, for each page to note */
	size_t			 nlinks;
};

/*
 * eligibility: the site's general conditions (unless replaced) and this
 * opportunity's own, with whether these add to or replace the general
 * ones; NULL when there are none.
 */
static struct value *
view_eligibility(struct arena *a, const struct opp_order *order,
    const struct page_links *pl, const struct opportunity *o, size_t k,
    struct diags *d)
{
	const struct opp_general	*og = order->general[k];
	const struct opp_markdown	*g = &o->general[k];
	const struct opp_markdown	*own = &o->eligibility[k];
	struct value			*v = value_map(a), *h;
	struct markdown_source		 src;
	struct markdown_info		 info;
	struct buf			 html = BUF_INIT;
	size_t				 i;
	int				 general = 0;

	if (g->text != NULL && !(OPP_MARKDOWN_HAS(own) &&
	    o->eligibility_replace)) {
		src.path = "_data/eligibility.yml";
		src.first_line = g->line;
		src.indent = g->col - 1;
		src.strict = 1;
		memset(&info, 0, sizeof(info));
		if (og != NULL && og->text == g->text && og->line == g->line &&
		    og->col == g->col) {
			for (i = 0; pl->l != NULL && i < og->nlinks; i++)
				links_add(pl->l, pl->from, src.path,
				    og->links[i].line, og->links[i].col,
				    og->links[i].url);
			value_map_set(a, v, "general", og->html);
			general = 1;
		} else if (markdown_render(&html, &info, a, &src, g->text,
		    strlen(g->text), NULL, d) == 0) {
			for (i = 0; pl->l != NULL && i < info.nlinks; i++)
				links_add(pl->l, pl->from, src.path,
				    info.links[i].line, info.links[i].col,
				    info.links[i].url);
			value_map_set(a, v, "general", value_stringn(a,
			    buf_cstr(&html), html.len));
			general = 1;
		}
		buf_free(&html);
	}
	if (OPP_MARKDOWN_HAS(own) &&
	    (h = view_markdown(a, pl, o->path, own, d))) {
		value_map_set(a, v, "own", h);
		value_map_set(a, v, "adds", value_bool(a, general));
		value_map_set(a, v, "replaces", value_bool(a,
		    o->eligibility_replace && g->text != NULL));
	} else if (!general) {
		return NULL;
	}
	return v;
}

/*
 * Days left of an open opportunity: calendar days in the site's zone
 * from now to its closing day (0 when past), and the words for them in
 * language k, appended to out with their NUL.
 */
static long long
days_left_format(struct buf *out, const struct site *site,
    const struct opportunity *o, size_t k, long long now)
{
	long long	 n;

	n = instant_local_day(o->closing.epoch, site->time_zone) -
	    instant_local_day(now, site->time_zone);
	if (n < 0)
		n = 0;
	if (n == 0)
		buf_puts(out, site_string(site, k, "days_left_today",
		    "Closes today"));
	else if (n == 1)
		buf_puts(out, site_string(site, k, "days_left_one",
		    "1 day left"));
	else	/* A no-break space keeps the number with its word. */
		buf_printf(out, "%lld\xc2\xa0%s", n, site_string(site, k,
		    "days_left_many", "days left"));
	buf_putc(out, '\0');
	return n;
}

/*
 * The part of opportunity o's card in language k that every page shows
 * alike, into c: what costs to work out (dates, times and money in the
 * reader's words, its skills sorted by name with coll, a collator of
 * language k), packed. Its view is made from it by each page that shows
 * it (card_view()), with the links relative to that page. status is the
 * shared view_status() of o's, or NULL (made by each view).
 */
static void
card_make(struct opp_card *c, struct arena *a, const struct site *site,
    const struct pages *pages, const struct opportunity *o, size_t k,
    long long now, const struct i18n_collator *coll, struct value *status)
{
	const char		*lang = site->langs[k].code;
	struct buf		 b = BUF_INIT, name = BUF_INIT;
	struct opp_card_skill	*sk, t;
	char			*s;
	size_t			 i, j;

	memset(c, 0, sizeof(*c));
	c->status = status;
	/* The strings card_view() reads, in its order. */
	when_format(&b, site, &o->closing, lang);
	if (o->status == OPP_STATUS_OPEN)
		c->days_left = days_left_format(&b, site, o, k, now);
	if (o->has_deadline)
		when_format(&b, site, &o->questions_deadline, lang);
	when_format(&b, site, &o->selection, lang);
	if (o->has_start)
		when_format(&b, site, &o->start, lang);
	when_format(&b, site, &o->delivery, lang);
	i18n_format_money(&b, o->value, lang);
	buf_putc(&b, '\0');
	if (o->has_award && o->award.has_accepted)
		when_format(&b, site, &o->award.accepted, lang);
	if (o->has_award && o->award.has_ended)
		when_format(&b, site, &o->award.ended, lang);
	c->posted_at = (uint32_t)b.len;
	if (o->dated) {
		/* An accepted 'posted' is shown as written (a date alone). */
		if (o->has_posted && o->posted == o->posted_as.epoch)
			when_format(&b, site, &o->posted_as, lang);
		else
			moment_format(&b, site, o->posted, lang);
		moment_format(&b, site, o->updated, lang);
	}
	s = arena_alloc(a, b.len);
	memcpy(s, b.data, b.len);
	c->s = s;
	buf_free(&b);
	/* Its skills, sorted by name (insertion sort: the lists are
	 * short), each with its page. */
	c->skills = sk = arena_calloc(a, o->nskills + 1, sizeof(*sk));
	for (i = 0; i < o->nskills; i++) {
		t.key = o->skills[i];
		t.name = value_str(value_path(value_map_get(site->skills,
		    o->skills[i]), lang));
		buf_reset(&name);
		buf_printf(&name, "skills/%s", o->skills[i]);
		t.page = pages_find(pages, buf_cstr(&name), k);
		for (j = i; j > 0 && i18n_collate(coll, sk[j - 1].name,
		    t.name) > 0; j--)
			sk[j] = sk[j - 1];
		sk[j] = t;
	}
	buf_free(&name);
}

/*
 * The view of card c of opportunity o in language k as seen from page
 * from, with room for more pairs; its strings borrow c's.
 */
static struct value *
card_view(struct arena *a, const struct site *site,
    const struct opportunity *o, size_t k, const struct opp_card *c,
    const struct page *from, uint32_t more)
{
	struct value		*v = map_n(a, CARD_PAIRS + more), *h, *skills;
	const struct opp_text	*t = &o->text[k];
	const char		*p = c->s;
	size_t			 i;

	put(a, v, K_id, value_string_static(a, o->id));
	put(a, v, K_title, value_string_static(a, t->title));
	put(a, v, K_summary, value_string_static(a, t->summary));
	/* The links are a's strings already: not copied again. */
	put(a, v, K_href, value_string_static(a, path_relative(a,
	    from->out_path, t->out_path)));
	put(a, v, K_status, c->status != NULL ? c->status :
	    view_status(a, site, k, o->status));
	put(a, v, K_closing, when_view(a, &p));
	if (o->status == OPP_STATUS_OPEN) {
		h = put(a, v, K_days_left, map_n(a, 4));
		put(a, h, K_count, value_int(a, c->days_left));
		put(a, h, K_today, flag(c->days_left == 0));
		put(a, h, K_one, flag(c->days_left == 1));
		put(a, h, K_text, next_string(a, &p));
	}
	if (o->has_deadline)
		put(a, v, K_questions_deadline, when_view(a, &p));
	put(a, v, K_selection, when_view(a, &p));
	if (o->has_start)
		put(a, v, K_start, when_view(a, &p));
	put(a, v, K_delivery, when_view(a, &p));
	h = put(a, v, K_value, map_n(a, 2));
	put(a, h, K_text, next_string(a, &p));
	put(a, h, K_amount, value_number(a, o->value));
	put(a, v, K_taxes_included, flag(o->taxes_included));
	put(a, v, K_contact, value_string_static(a, o->contact));
	put(a, v, K_apply_href, view_apply(a, o, k));
	skills = put(a, v, K_skills, value_seq(a));
	for (i = 0; i < o->nskills; i++) {
		const struct opp_card_skill *sk = &c->skills[i];
		struct value *sv = map_n(a, 3);

		put(a, sv, K_key, value_string_static(a, sk->key));
		put(a, sv, K_name, value_string_static(a, sk->name));
		if (sk->page != NULL)
			put(a, sv, K_href, value_string_static(a,
			    path_relative(a, from->out_path,
			    sk->page->out_path)));
		value_seq_push(a, skills, sv);
	}
	if (o->has_award) {
		h = put(a, v, K_award, map_n(a, 6));
		put(a, h, K_supplier, value_string_static(a,
		    o->award.supplier));
		if (o->award.repository != NULL)
			put(a, h, K_repository, value_string_static(a,
			    o->award.repository));
		if (o->award.licence != NULL)
			put(a, h, K_licence, value_string_static(a,
			    o->award.licence));
		if (o->award.has_accepted)
			put(a, h, K_accepted, when_view(a, &p));
		if (o->award.has_ended) {
			put(a, h, K_ended, when_view(a, &p));
			put(a, h, K_reason, value_string_static(a,
			    o->award.reason[k]));
		}
	}
	put(a, v, K_has_questions, flag(o->nquestions > 0));
	put(a, v, K_amended, flag(o->namendments > 0 &&
	    o->status == OPP_STATUS_OPEN));
	put(a, v, K_preview, flag(o->preview));
	if (o->dated) {
		put(a, v, K_posted, when_view(a, &p));
		put(a, v, K_updated, when_view(a, &p));
	}
	return v;
}

static unsigned long long
hash_mix(unsigned long long h, unsigned long long v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

static unsigned long long
hash_bytes(unsigned long long h, const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return hash_mix(h, n);
}

/* A hash of everything value tree v holds, by kind, in order. */
static unsigned long long
value_hash(unsigned long long h, const struct value *v)
{
	unsigned long long	u;
	size_t			i;

	if (v == NULL)
		return hash_mix(h, 0x7f);
	h = hash_mix(h, v->kind);
	switch (v->kind) {
	case VALUE_BOOL:
		return hash_mix(h, (unsigned long long)v->boolean);
	case VALUE_INT:
		return hash_mix(h, (unsigned long long)v->integer);
	case VALUE_NUMBER:
		memcpy(&u, &v->number, sizeof(u));
		return hash_mix(h, u);
	case VALUE_STRING:
		return hash_bytes(h, v->str, v->len);
	case VALUE_SEQ:
		h = hash_mix(h, v->count);
		for (i = 0; i < v->count; i++)
			h = value_hash(h, v->items[i]);
		return h;
	case VALUE_MAP:
		h = hash_mix(h, v->count);
		for (i = 0; i < v->count; i++) {
			h = hash_bytes(h, v->pairs[i].key->str,
			    v->pairs[i].key->len);
			h = value_hash(h, v->pairs[i].val);
		}
		return h;
	default:
		return h;
	}
}

/*
 * A hash of what the pages that list opportunity o show of it in
 * language k: its card's view (card_view(), all they are given of it),
 * seen from a page at the top of the site (every link's target is in
 * it). Those pages are rendered again when it changes, not when another
 * language's text does.
 */
static unsigned long long
card_hash(struct arena *a, const struct site *site,
    const struct opportunity *o, size_t k, const struct opp_card *c)
{
	struct page	from;

	memset(&from, 0, sizeof(from));
	from.out_path = "index.html";
	from.lang_index = k;
	return value_hash(1469598103934665603ULL, card_view(a, site, o, k, c,
	    &from, 0));
}

/*
 * Render the general conditions of eligibility (the same for every
 * opportunity) once per language, into a. Those that report anything are
 * left for each page to render and report, as before.
 */
static void
general_make(struct opp_order *order, struct arena *a,
    const struct site *site)
{
	const struct opportunity *o = order->list[0][0];
	struct markdown_source	 src = { "_data/eligibility.yml", 0, 0, 1 };
	struct markdown_info	 info;
	struct opp_general	*og;
	struct diags		*quiet;
	struct buf		 html = BUF_INIT;
	size_t			 k;

	for (k = 0; k < site->nlangs; k++) {
		const struct opp_markdown *g = &o->general[k];

		if (g->text == NULL)
			continue;
		src.first_line = g->line;
		src.indent = g->col - 1;
		memset(&info, 0, sizeof(info));
		quiet = diags_new();
		buf_reset(&html);
		if (markdown_render(&html, &info, a, &src, g->text,
		    strlen(g->text), NULL, quiet) == 0 &&
		    diags_count(quiet) == 0) {
			og = arena_calloc(a, 1, sizeof(*og));
			og->text = g->text;
			og->line = g->line;
			og->col = g->col;
			og->html = value_stringn(a, buf_cstr(&html), html.len);
			og->links = info.links;
			og->nlinks = info.nlinks;
			order->general[k] = og;
		}
		diags_free(quiet);
	}
	buf_free(&html);
}

/*
 * Cards kept from one render of a site to the next (marche serve): each
 * shown opportunity's cards, made at the gen its entry records, in
 * arenas that hold the cards of one render each and are freed when none
 * of their cards is left. The shared status values live as long as the
 * keep. A card refers to its opportunity's bytes and to the settings,
 * which stay while the keep does; only the pages of its skills are
 * found again at each render.
 */
struct opp_card_keep {
	const struct opportunity *base;		/* opps->list */
	size_t			 nopps;
	long long		 now;
	size_t			 nlangs;
	unsigned long long	*gen;		/* by index: made at */
	unsigned char		*made;		/* by index: cards are set */
	unsigned long long	*shown[SITE_MAX_LANGS];	/* by index: a hash of
						 * what a listing shows of the
						 * card (card_hash()) */
	struct opp_card		*cards[SITE_MAX_LANGS];	/* by index */
	size_t			*arena_of[SITE_MAX_LANGS]; /* by index */
	struct arena		**arenas;
	size_t			*live;		/* cards in each arena */
	size_t			 narenas;
	struct arena		*shared;	/* the status values */
	struct value		*status[SITE_MAX_LANGS][OPP_NSTATUS];
};

struct opp_card_keep *
opp_card_keep_new(void)
{
	return xcalloc(1, sizeof(struct opp_card_keep));
}

/* Forget every card of k. */
static void
card_keep_reset(struct opp_card_keep *k)
{
	size_t	i;

	for (i = 0; i < k->narenas; i++)
		arena_free(k->arenas[i]);
	free(k->arenas);
	free(k->live);
	for (i = 0; i < SITE_MAX_LANGS; i++) {
		free(k->cards[i]);
		free(k->arena_of[i]);
		free(k->shown[i]);
	}
	free(k->gen);
	free(k->made);
	arena_free(k->shared);
	memset(k, 0, sizeof(*k));
}

void
opp_card_keep_free(struct opp_card_keep *k)
{
	if (k == NULL)
		return;
	card_keep_reset(k);
	free(k);
}

/* One card of arena i is let go. */
static void
card_keep_drop(struct opp_card_keep *k, size_t i)
{
	if (k->live[i] > 0 && --k->live[i] == 0) {
		arena_free(k->arenas[i]);
		k->arenas[i] = NULL;
	}
}

/* What opp_order_cards() hands its threads. */
struct card_job {
	struct opp_order	 *order;
	const struct site	 *site;
	const struct pages	 *pages;
	struct i18n_collator	**colls;	/* by worker, then language */
	struct value		*status[SITE_MAX_LANGS][OPP_NSTATUS];
						/* view_status(), shared */
	const size_t		 *todo;		/* indices in opps->list, or
						 * NULL: every shown one */
	struct opp_card		 *dest[SITE_MAX_LANGS]; /* where cards go,
						 * by index */
	struct arena		**arenas;	/* by worker */
	size_t			 *arena_of[SITE_MAX_LANGS]; /* or NULL */
	size_t			  arena0;	/* arena_of of worker 0 */
};

static void
card_job(void *ctx, size_t i, unsigned worker)
{
	struct card_job		 *cj = ctx;
	struct opp_order	 *order = cj->order;
	const struct opportunity *o = cj->todo != NULL ?
	    &order->base[cj->todo[i / cj->site->nlangs]] :
	    order->list[0][i / cj->site->nlangs];
	size_t			  k = i % cj->site->nlangs;
	struct i18n_collator	**coll;

	/* A stub (its file unread in a scoped check) only stands in
	 * counts and addresses: no page rendered there shows its card. */
	if (o->cached)
		return;
	coll = &cj->colls[worker * cj->site->nlangs + k];
	if (*coll == NULL)
		*coll = i18n_collator_new(cj->site->langs[k].code);
	card_make(&cj->dest[k][o - order->base], cj->arenas[worker],
	    cj->site, cj->pages, o, k, order->now, *coll,
	    cj->status[k][o->status]);
	if (cj->arena_of[k] != NULL)
		cj->arena_of[k][o - order->base] = cj->arena0 + worker;
}

/*
 * The cards of keep whose opportunity was read again (gen) or that were
 * never made, made anew into fresh arenas of keep; then every shown
 * opportunity's cards copied into order, with the pages of their skills
 * found in pages.
 */
static void
cards_from_keep(struct opp_order *order, const struct site *site,
    const struct pages *pages, unsigned jobs, struct opp_card_keep *keep,
    const unsigned long long *gen, struct card_job *cj)
{
	size_t	*todo, ntodo = 0, i, j, k, n;
	int	 st;

	if (keep->base != order->base || keep->nopps != order->nopps ||
	    keep->now != order->now || keep->nlangs != site->nlangs ||
	    keep->shared == NULL) {
		card_keep_reset(keep);
		keep->base = order->base;
		keep->nopps = order->nopps;
		keep->now = order->now;
		keep->nlangs = site->nlangs;
		keep->gen = xcalloc(order->nopps + 1, sizeof(*keep->gen));
		keep->made = xcalloc(order->nopps + 1, sizeof(*keep->made));
		keep->shared = arena_new();
		for (k = 0; k < site->nlangs; k++) {
			keep->cards[k] = xcalloc(order->nopps + 1,
			    sizeof(*keep->cards[k]));
			keep->arena_of[k] = xcalloc(order->nopps + 1,
			    sizeof(*keep->arena_of[k]));
			keep->shown[k] = xcalloc(order->nopps + 1,
			    sizeof(*keep->shown[k]));
			for (st = 0; st < OPP_NSTATUS; st++)
				keep->status[k][st] = view_status(keep->shared,
				    site, k, (enum opp_status)st);
		}
	}
	memcpy(cj->status, keep->status, sizeof(cj->status));
	todo = xcalloc(order->count + 1, sizeof(*todo));
	for (j = 0; j < order->count; j++) {
		i = (size_t)(order->list[0][j] - order->base);
		if (order->base[i].cached ||
		    (keep->made[i] && keep->gen[i] == gen[i]))
			continue;
		todo[ntodo++] = i;
		if (!keep->made[i])
			continue;
		for (k = 0; k < site->nlangs; k++)
			card_keep_drop(keep, keep->arena_of[k][i]);
		keep->made[i] = 0;
	}
	if (ntodo > 0) {
		n = par_threads(ntodo * site->nlangs, jobs);
		keep->arenas = xreallocarray(keep->arenas, keep->narenas + n,
		    sizeof(*keep->arenas));
		keep->live = xreallocarray(keep->live, keep->narenas + n,
		    sizeof(*keep->live));
		for (j = 0; j < n; j++) {
			keep->arenas[keep->narenas + j] = arena_new();
			keep->live[keep->narenas + j] = 0;
		}
		cj->todo = todo;
		cj->arenas = keep->arenas + keep->narenas;
		cj->arena0 = keep->narenas;
		for (k = 0; k < site->nlangs; k++) {
			cj->dest[k] = keep->cards[k];
			cj->arena_of[k] = keep->arena_of[k];
		}
		cj->colls = xcalloc(n * site->nlangs, sizeof(*cj->colls));
		par_for(ntodo * site->nlangs, jobs, card_job, cj);
		for (j = 0; j < n * site->nlangs; j++)
			i18n_collator_free(cj->colls[j]);
		free(cj->colls);
		for (j = 0; j < ntodo; j++) {
			keep->made[todo[j]] = 1;
			keep->gen[todo[j]] = gen[todo[j]];
			for (k = 0; k < site->nlangs; k++)
				keep->live[keep->arena_of[k][todo[j]]]++;
		}
		keep->narenas += n;
		for (j = keep->narenas - n; j < keep->narenas; j++)
			if (keep->live[j] == 0) {
				arena_free(keep->arenas[j]);
				keep->arenas[j] = NULL;
			}
	}
	/* The pages of the skills, found once per skill and language (in
	 * a table by key's hash: 10,000 cards name 50,000 skills). */
	for (k = 0; k < site->nlangs; k++) {
		struct skill_page { const char *key; const struct page *pg; }
		    *found = xcalloc(64, sizeof(*found)), *old;
		size_t nfound = 0, nslots = 64, m, x;

		for (j = 0; j < order->count; j++) {
			struct opp_card *c;

			i = (size_t)(order->list[k][j] - order->base);
			if (!keep->made[i])
				continue;
			c = &keep->cards[k][i];
			for (n = 0; n < order->base[i].nskills; n++) {
				const char *key = c->skills[n].key;

				for (m = hash_str(key) & (nslots - 1);
				    found[m].key != NULL &&
				    strcmp(found[m].key, key) != 0;
				    m = (m + 1) & (nslots - 1))
					;
				if (found[m].key == NULL) {
					found[m].key = key;
					found[m].pg = pages_find(pages,
					    arena_printf(order->arenas[0],
					    "skills/%s", key), k);
					c->skills[n].page = found[m].pg;
					if (++nfound * 2 <= nslots)
						continue;
					/* Half full: twice the slots. */
					old = found;
					found = xcalloc(nslots * 2,
					    sizeof(*found));
					for (x = 0; x < nslots; x++) {
						if (old[x].key == NULL)
							continue;
						for (m = hash_str(old[x].key) &
						    (nslots * 2 - 1);
						    found[m].key != NULL;
						    m = (m + 1) & (nslots * 2 -
						    1))
							;
						found[m] = old[x];
					}
					nslots *= 2;
					free(old);
					continue;
				}
				c->skills[n].page = found[m].pg;
			}
			order->cards[k][i] = *c;
		}
		free(found);
	}
	/* What the listings show of each card made now. */
	if (ntodo > 0) {
		struct arena *a = arena_new();

		for (j = 0; j < ntodo; j++)
			for (k = 0; k < site->nlangs; k++)
				keep->shown[k][todo[j]] = card_hash(a, site,
				    &order->base[todo[j]], k,
				    &keep->cards[k][todo[j]]);
		arena_free(a);
	}
	free(todo);
}

const unsigned long long *
opp_card_keep_shown(const struct opp_card_keep *keep, size_t k)
{
	return keep != NULL && k < keep->nlangs ? keep->shown[k] : NULL;
}

void
opp_order_cards_keep(struct opp_order *order, const struct site *site,
    const struct pages *pages, unsigned jobs, struct opp_card_keep *keep,
    const unsigned long long *gen)
{
	struct card_job	cj;
	size_t		n = order->count * site->nlangs, i, k;
	int		st;

	if (n == 0)
		return;
	order->narenas = keep != NULL ? 1 : par_threads(n, jobs);
	order->arenas = xcalloc(order->narenas, sizeof(*order->arenas));
	for (i = 0; i < order->narenas; i++)
		order->arenas[i] = arena_new();
	memset(&cj, 0, sizeof(cj));
	cj.order = order;
	cj.site = site;
	cj.pages = pages;
	for (k = 0; k < site->nlangs; k++) {
		order->cards[k] = xcalloc(order->nopps + 1,
		    sizeof(*order->cards[k]));
		for (st = 0; keep == NULL && st < OPP_NSTATUS; st++)
			cj.status[k][st] = view_status(order->arenas[0], site,
			    k, (enum opp_status)st);
	}
	markdown_init();
	general_make(order, order->arenas[0], site);
	if (keep != NULL) {
		cards_from_keep(order, site, pages, jobs, keep, gen, &cj);
		return;
	}
	for (k = 0; k < site->nlangs; k++)
		cj.dest[k] = order->cards[k];
	cj.arenas = order->arenas;
	cj.colls = xcalloc(order->narenas * site->nlangs, sizeof(*cj.colls));
	par_for(n, jobs, card_job, &cj);
	for (i = 0; i < order->narenas * site->nlangs; i++)
		i18n_collator_free(cj.colls[i]);
	free(cj.colls);
}

void
opp_order_cards(struct opp_order *order, const struct site *site,
    const struct pages *pages, unsigned jobs)
{
	opp_order_cards_keep(order, site, pages, jobs, NULL, NULL);
}

/* o's card in language k: the one made before, or one made now in a. */
static const struct opp_card *
card_of(struct opp_card *tmp, struct arena *a, const struct site *site,
    const struct pages *pages, const struct opp_order *order,
    const struct opportunity *o, size_t k)
{
	struct i18n_collator	*coll;

	if (order->cards[k] != NULL &&
	    order->cards[k][o - order->base].s != NULL)
		return &order->cards[k][o - order->base];
	coll = i18n_collator_new(site->langs[k].code);
	card_make(tmp, a, site, pages, o, k, order->now, coll, NULL);
	i18n_collator_free(coll);
	return tmp;
}

/*
 * opp: an opportunity in language k as seen from page from; when full,
 * with what its own page shows too, whose links are noted in l (NULL:
 * not noted). Its card is shared by the pages that show it; only the
 * links are this page's.
 */
struct value *
render_view_opp(struct arena *a, const struct site *site,
    const struct pages *pages,
    const struct opp_order *order, const struct page *from,
    const struct opportunity *o, size_t k, int full, struct links *l,
    struct diags *d)
{
	struct opp_card		 tmp;
	const struct opp_card	*c = card_of(&tmp, a, site, pages, order, o, k);
	const struct opp_text	*t = &o->text[k];
	const struct page_links	 pl = { l, from->out_path };
	struct value		*v, *h;

	v = card_view(a, site, o, k, c, from, full ? 16 : 0);
	if (!full)
		return v;
	h = view_amendments(a, site, o, k, 0);
	value_map_set(a, v, "amendments", h);
	value_map_set(a, v, "has_amendments", value_bool(a, h->count > 0));
	h = view_amendments(a, site, o, k, 1);
	value_map_set(a, v, "corrections", h);
	value_map_set(a, v, "has_corrections", value_bool(a, h->count > 0));
	if ((h = view_markdown(a, &pl, o->path, &t->description, d)) != NULL)
		value_map_set(a, v, "description", h);
	if ((h = view_markdown(a, &pl, o->path, &t->evaluation, d)) != NULL)
		value_map_set(a, v, "evaluation", h);
	if ((h = view_markdown(a, &pl, o->path, &t->acceptance, d)) != NULL)
		value_map_set(a, v, "acceptance", h);
	value_map_set(a, v, "questions", view_questions(a, site, &pl, o, k,
	    d));
	h = view_attachments(a, site, from, o, k);
	value_map_set(a, v, "attachments", h);
	value_map_set(a, v, "has_attachments", value_bool(a, h->count > 0));
	if ((h = view_eligibility(a, order, &pl, o, k, d)) != NULL)
		value_map_set(a, v, "eligibility", h);
	value_map_set(a, v, "apply", view_apply_box(a, site, from, &pl, o, k,
	    d));
	return v;
}

struct value *
render_opp_modified(struct arena *a, const struct opp_order *order,
    const struct page *pg)
{
	const struct opportunity *o = pg->opp;
	const struct opp_card	*c;
	const char		*p;

	if (pg->kind != PAGE_OPPORTUNITY || o == NULL || !o->dated ||
	    o->updated != pg->modified || order->cards[pg->lang_index] == NULL)
		return NULL;
	c = &order->cards[pg->lang_index][o - order->base];
	if (c->s == NULL)
		return NULL;
	/* posted's three strings, then updated. */
	p = c->s + c->posted_at;
	p += strlen(p) + 1;
	p += strlen(p) + 1;
	p += strlen(p) + 1;
	return when_view(a, &p);
}
