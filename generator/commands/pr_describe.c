/*
 * What a pull request's new and amended opportunities will say, in plain
 * words and in every language of the site, for the check's summary: the
 * person who reviews it reads what suppliers will read, without opening
 * YAML. Everything that comes from the pull request (titles, skill
 * names, changed words) is shown as a code span, so none of it becomes
 * markup, a link or an image on the check's page.
 */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "changes.h"
#include "diag.h"
#include "escape.h"
#include "i18n.h"
#include "instant.h"
#include "opportunity.h"
#include "pr.h"
#include "site.h"
#include "value.h"
#include "worddiff.h"
#include "yml.h"

#define DESCRIBE_MAX	20	/* opportunities described in full */
#define CONTEXT_WORDS	6	/* words either side of a changed one */

/* The words of a sentence, in English or French (other languages read
 * the English ones). */
struct words {
	const char	*taxes_excluded, *taxes_included;
	const char	*closes;	/* before the date */
	const char	*closed;	/* "closed" */
	const char	*open_days;	/* "open %s days from today" */
	const char	*open_day;	/* one day */
	const char	*left_days;	/* "%s days left" */
	const char	*left_day;
	const char	*last_day;	/* less than a day */
	const char	*skills;	/* "skills: " */
	const char	*colon;		/* ": " or " : " */
	const char	*weekday_sep;	/* between weekday and date */
};

static const struct words english = {
	"taxes excluded", "taxes included", "closes ", "closed",
	"open %s days from today", "open 1 day from today", "%s days left",
	"1 day left", "closes within a day", "skills", ": ", ", "
};

static const struct words french = {
	"taxes en sus", "taxes incluses", "clôture le ", "fermée",
	"ouverte %s jours à compter d’aujourd’hui",
	"ouverte 1 jour à compter d’aujourd’hui", "%s jours restants",
	"1 jour restant", "clôture dans moins d’un jour", "compétences",
	"\xc2\xa0: ", " "
};

static const struct words *
words_for(const char *lang)
{
	return strncmp(lang, "fr", 2) == 0 ? &french : &english;
}

/* Untrusted text as a code span, escaped for a terminal first (the
 * summary is a log too). */
static void
code(struct buf *b, const char *s)
{
	struct buf	t = BUF_INIT;

	if (s == NULL)
		s = "";
	escape_term(&t, s, strlen(s), 0);
	escape_md_code(b, t.data != NULL ? t.data : "", t.len, 0);
	buf_free(&t);
}

/* The language's own name with a capital: "English", "Français". */
static void
language(struct buf *b, const char *code_)
{
	size_t	from = b->len;

	if (i18n_language_name(b, code_, code_) == 0 && b->len > from &&
	    b->data[from] >= 'a' && b->data[from] <= 'z')
		b->data[from] -= 'a' - 'A';
}

/* "$4,500, taxes excluded; closes Friday, June 5, 2027 at 2:00 p.m. EDT;
 * open 185 days from today; skills: `Python`." */
static void
sentence(struct buf *b, const struct opportunity *o, const struct site *site,
    const char *lang, long long now, int is_new)
{
	const struct words	*w = words_for(lang);
	struct buf		 n = BUF_INIT;
	long long		 left = o->closing.epoch - now;
	size_t			 i;

	if (i18n_format_money(b, o->value, lang) == 0)
		buf_puts(b, ", ");
	buf_puts(b, o->taxes_included ? w->taxes_included : w->taxes_excluded);
	buf_puts(b, "; ");
	if (left <= 0)
		buf_puts(b, w->closed);
	else {
		buf_puts(b, w->closes);
		if (i18n_format_weekday(b, o->closing.epoch, site->time_zone,
		    lang) == 0)
			buf_puts(b, w->weekday_sep);
		i18n_format_datetime(b, o->closing.epoch, site->time_zone,
		    lang);
		buf_puts(b, "; ");
		if (left < 86400)
			buf_puts(b, w->last_day);
		else if (left < 2 * 86400)
			buf_puts(b, is_new ? w->open_day : w->left_day);
		else {
			i18n_format_number(&n, left / 86400, lang);
			buf_printf(b, is_new ? w->open_days : w->left_days,
			    buf_cstr(&n));
		}
	}
	if (o->nskills > 0) {
		buf_printf(b, "; %s%s", w->skills, w->colon);
		for (i = 0; i < o->nskills; i++) {
			const char *name = value_str(value_path(value_map_get(
			    site->skills, o->skills[i]), lang));

			if (i > 0)
				buf_puts(b, ", ");
			code(b, name != NULL ? name : o->skills[i]);
		}
	}
	buf_puts(b, ".");
	buf_free(&n);
}

struct change_list {
	const struct site	*site;
	struct buf		*b;
	size_t			 count;
};

/* One changed term as a list item: facts in every language, a text's
 * changed words. */
static void
term_item(void *ctx, const char *key, int lang, const struct value *oldv,
    const struct value *newv)
{
	struct change_list	*l = ctx;
	struct buf		 t = BUF_INIT;
	struct worddiff		 wd;
	size_t			 k;

	l->count++;
	buf_puts(l->b, "- ");
	if (lang >= 0) {
		language(l->b, l->site->langs[lang].code);
		buf_puts(l->b, " ");
	}
	code(l->b, key);
	buf_puts(l->b, ": ");
	if (lang >= 0 && opp_term_diff(&wd, key, oldv, newv) == 0) {
		if (wd.replaced)
			buf_puts(l->b, "replaced (too long to compare word by "
			    "word) / remplacé");
		else if (!wd.changed)
			buf_puts(l->b, "layout only, same words / mise en "
			    "forme seulement");
		else {
			worddiff_plain(&t, &wd, CONTEXT_WORDS);
			code(l->b, buf_cstr(&t));
		}
		worddiff_free(&wd);
	} else {
		for (k = 0; k < l->site->nlangs; k++) {
			const char *lc = l->site->langs[k].code;

			if (k > 0)
				buf_puts(l->b, " / ");
			buf_reset(&t);
			opp_term_text(&t, l->site, key, oldv, lc);
			code(l->b, oldv != NULL ? buf_cstr(&t) : "-");
			buf_puts(l->b, " → ");
			buf_reset(&t);
			opp_term_text(&t, l->site, key, newv, lc);
			code(l->b, newv != NULL ? buf_cstr(&t) : "-");
		}
	}
	buf_puts(l->b, "\n");
	buf_free(&t);
}


/* One new or amended opportunity. */
static void
describe(struct buf *b, const struct change *c, const struct opportunity *o,
    const struct site *site, struct arena *a, long long now)
{
	struct diags	*quiet;
	struct value	*oldr = NULL;
	size_t		 k;
	int		 is_new = c->kind == CHANGE_ADDED || c->old_data == NULL;

	buf_puts(b, is_new ? "#### New / Nouvelle: " :
	    "#### Amended / Modifiée: ");
	for (k = 0; k < site->nlangs; k++) {
		if (k > 0)
			buf_puts(b, " / ");
		code(b, o->text[k].title);
	}
	buf_puts(b, " (");
	code(b, o->path);
	buf_puts(b, ")\n\n");
	for (k = 0; k < site->nlangs; k++) {
		buf_puts(b, "- ");
		language(b, site->langs[k].code);
		buf_puts(b, words_for(site->langs[k].code)->colon);
		sentence(b, o, site, site->langs[k].code, now, is_new);
		buf_puts(b, "\n");
	}
	buf_puts(b, "\n");
	if (is_new)
		return;
	quiet = diags_new();
	if (yml_load(&oldr, a, c->path, c->old_data, c->old_len, 1, NULL,
	    quiet) == 0 && oldr != NULL && oldr->kind == VALUE_MAP) {
		struct buf		items = BUF_INIT;
		struct change_list	l = { site, &items, 0 };

		opp_terms_diff(oldr, o->root, site, term_item, &l);
		if (l.count > 0) {
			buf_puts(b, "What changed for suppliers / Ce qui change "
			    "pour les fournisseurs\xc2\xa0:\n\n");
			buf_put(b, items.data, items.len);
			buf_puts(b, "\n");
		} else
			buf_puts(b, "Nothing that suppliers read changed. / "
			    "Rien de ce que lisent les fournisseurs n’a "
			    "changé.\n\n");
		buf_free(&items);
	}
	diags_free(quiet);
}

void
pr_describe(struct buf *b, const struct changes *changes,
    const struct opportunities *opps, const struct site *site,
    struct arena *a, long long now)
{
	size_t	i, n = 0, more = 0;

	for (i = 0; i < changes->count; i++) {
		const struct change	 *c = &changes->list[i];
		const struct opportunity *o;

		if (c->kind == CHANGE_DELETED ||
		    (o = pr_find(opps, c->path)) == NULL || !o->ok)
			continue;
		if (n == 0)
			buf_puts(b, "### What suppliers will see / Ce que "
			    "verront les fournisseurs\n\n");
		if (n++ >= DESCRIBE_MAX) {
			more++;
			continue;
		}
		describe(b, c, o, site, a, now);
	}
	if (more > 0)
		buf_printf(b, "%zu more / %zu de plus.\n\n", more, more);
}
