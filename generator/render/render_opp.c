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

/* The nodes of render_opp_impl.h's card keys, and of false and true. */
const struct value render_card_keys[K_NKEYS] = {
#define CARD_KEY_NODE(n)	[K_##n] = { .kind = VALUE_STRING, .str = #n, \
				    .len = sizeof(#n) - 1 },
	CARD_KEYS(CARD_KEY_NODE)
};

const struct value render_card_bools[2] = {
	{ .kind = VALUE_BOOL, .boolean = 0 },
	{ .kind = VALUE_BOOL, .boolean = 1 }
};

/*
 * The strings of {iso, date, text} of a date or instant, in the site's
 * zone and lang, appended to out one after another, each with its NUL;
 * date is the day alone, YYYY-MM-DD (as Canada.ca's "Date modified").
 */
void
render_when_format(struct buf *out, const struct site *site,
    const struct instant *i, const char *lang)
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
struct value *
render_next_string(struct arena *a, const char **p)
{
	struct value	*v = value_string_static(a, *p);

	*p += v->len + 1;
	return v;
}

/* {iso, date, text} from the strings render_when_format() wrote at *p, which
 * it borrows; *p moves past them. */
struct value *
render_when_view(struct arena *a, const char **p)
{
	struct value	*v = card_map_n(a, 3);

	card_put(a, v, K_iso, render_next_string(a, p));
	card_put(a, v, K_date, render_next_string(a, p));
	card_put(a, v, K_text, render_next_string(a, p));
	return v;
}

/* {iso, date, text} of a date or instant: render_when_format(), in a. */
static struct value *
view_when(struct arena *a, const struct site *site, const struct instant *i,
    const char *lang)
{
	struct buf	 b = BUF_INIT;
	const char	*p;

	render_when_format(&b, site, i, lang);
	p = arena_alloc(a, b.len);
	memcpy((char *)p, b.data, b.len);
	buf_free(&b);
	return render_when_view(a, &p);
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

/* render_when_format() of a commit's moment. */
void
render_moment_format(struct buf *out, const struct site *site,
    long long epoch, const char *lang)
{
	struct instant	i;

	moment_instant(&i, site, epoch);
	render_when_format(out, site, &i, lang);
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


struct value *
render_view_status(struct arena *a, const struct site *site, size_t k,
    enum opp_status st)
{
	struct value	*v = card_map_n(a, 2 + OPP_NSTATUS);
	const char	*code = opp_status_code(st);
	int		 i;

	card_put(a, v, K_code, value_string_static(a, code));
	card_put(a, v, K_label, value_string_static(a, site_string(site, k,
	    arena_printf(a, "status_%s", code), code)));
	for (i = 0; i < OPP_NSTATUS; i++)
		value_map_append(a, v, value_string_static(a,
		    opp_status_code((enum opp_status)i)),
		    card_flag((enum opp_status)i == st));
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
struct value *
render_view_apply(struct arena *a, const struct opportunity *o, size_t k)
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
	value_map_set(a, v, "mailto", render_view_apply(a, o, k));
	if (o->apply_by == OPP_APPLY_WEB)
		value_map_set(a, v, "href", value_string_static(a,
		    o->apply_url));
	else
		value_map_set(a, v, "href", render_view_apply(a, o, k));
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
 * Render the general conditions of eligibility (the same for every
 * opportunity) once per language, into a. Those that report anything are
 * left for each page to render and report, as before.
 */
void
render_general_make(struct opp_order *order, struct arena *a,
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
	render_card_make(tmp, a, site, pages, o, k, order->now, coll, NULL);
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

	v = render_card_view(a, site, o, k, c, from, full ? 16 : 0);
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
	return render_when_view(a, &p);
}
