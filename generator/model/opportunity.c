#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "opp_impl.h"
#include "opportunity.h"
#include "par.h"
#include "path.h"
#include "site.h"
#include "source.h"
#include "suggest.h"
#include "value.h"
#include "yml.h"
#include "xalloc.h"

static const char *const status_codes[OPP_NSTATUS] = {
	"open", "closed", "awarded", "cancelled", "terminated", "completed"
};

static const char *const top_keys[] = {
	"value", "taxes", "closing", "questions_deadline", "selection",
	"start", "delivery", "contact", "status", "skills", "questions",
	"award", "posted", "eligibility", "apply", "attachments"
};
static const char *const text_keys[] = {
	"title", "slug", "summary", "description", "evaluation", "acceptance",
	"how_to_apply"
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

const char *
opp_status_code(enum opp_status s)
{
	return (unsigned)s < OPP_NSTATUS ? status_codes[s] : "open";
}

static void
opp_vreport(struct opp_ctx *c, enum diag_level level, const struct value *at,
    int coladd, const char *fmt, va_list ap)
{
	/* The format itself, so that it is translated (diag.c). */
	diag_vreportf(c->d, level, c->path, at ? at->line : 0,
	    at && at->col ? at->col + coladd : 0, fmt, ap);
	if (level == DIAG_ERROR)
		c->errors++;
}

void
opp_error(struct opp_ctx *c, const struct value *at, int coladd,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	opp_vreport(c, DIAG_ERROR, at, coladd, fmt, ap);
	va_end(ap);
}

void
opp_warning(struct opp_ctx *c, const struct value *at, int coladd,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	opp_vreport(c, DIAG_WARNING, at, coladd, fmt, ap);
	va_end(ap);
}

/* Whether s holds a quotation mark, straight or typographic. */
static int
has_quote_mark(const char *s)
{
	return strpbrk(s, "\"'`") != NULL || strstr(s, "\xe2\x80\x9c") ||
	    strstr(s, "\xe2\x80\x9d") || strstr(s, "\xe2\x80\x98") ||
	    strstr(s, "\xe2\x80\x99") || strstr(s, "\xc2\xab") ||
	    strstr(s, "\xc2\xbb");
}

/* Unknown keys are errors, with the likely intended key. */
static void
check_keys(struct opp_ctx *c, const struct value *map,
    const char *const *known, size_t n, int lang_keys)
{
	const char	*all[32];
	size_t		 i, k, nall = 0;

	for (k = 0; k < n && nall < NELEM(all); k++)
		all[nall++] = known[k];
	for (k = 0; lang_keys && k < c->site->nlangs; k++)
		all[nall++] = c->site->langs[k].code;
	for (i = 0; i < map->count; i++) {
		const struct value *key = map->pairs[i].key;
		const char	*hint;

		for (k = 0; k < nall; k++)
			if (strcmp(key->str, all[k]) == 0)
				break;
		if (k < nall)
			continue;
		hint = suggest_closest(key->str, all, nall);
		if (hint != NULL && has_quote_mark(key->str))
			opp_error(c, key, 0, "unknown key '%s': the quotation "
			    "marks are part of it; write it as %s, without "
			    "them (a word processor adds curly ones)",
			    key->str, hint);
		else if (hint != NULL)
			opp_error(c, key, 0, "unknown key '%s'; did you mean "
			    "'%s'?", key->str, hint);
		else
			opp_error(c, key, 0, "unknown key '%s'", key->str);
	}
}

/* A map under key, or NULL after reporting when required. */
const struct value *
opp_want_map(struct opp_ctx *c, const struct value *map, const char *key,
    int required, const char *what)
{
	const struct value *v = value_map_get(map, key);

	if (v == NULL) {
		if (required)
			opp_error(c, map, 0, "'%s' is missing: %s", key, what);
		return NULL;
	}
	if (v->kind != VALUE_MAP) {
		opp_error(c, v, 0, "'%s' must hold keys and values (%s), not "
		    "%s", key, what, value_kind_name(v->kind));
		return NULL;
	}
	return v;
}

/* Text under key is empty: say in which language block, if any. */
static void
empty_text(struct opp_ctx *c, const struct value *at, const char *key)
{
	if (c->lang != NULL)
		opp_error(c, at, 0, "the %s %s (%s.%s) is empty: write it in "
		    "%s", c->lang->english, key, c->lang->code, key,
		    c->lang->english);
	else
		opp_error(c, at, 0, "'%s' is empty: fill it in", key);
}

/* Non-empty text under key, or NULL after reporting when required. */
static const struct value *
want_text(struct opp_ctx *c, const struct value *map, const char *key,
    int required, const char *where)
{
	const struct value *v = value_map_get(map, key);
	size_t	i;

	if (v == NULL) {
		if (required)
			opp_error(c, map, 0, "'%s' is missing%s%s", key,
			    where ? " " : "", where ? where : "");
		return NULL;
	}
	if (v->kind == VALUE_NULL) {
		empty_text(c, v->line ? v : map, key);
		return NULL;
	}
	if (v->kind != VALUE_STRING) {
		opp_error(c, v, 0, "'%s' must be text, not %s", key,
		    value_kind_name(v->kind));
		return NULL;
	}
	for (i = 0; i < v->len; i++)
		if (v->str[i] != ' ' && v->str[i] != '\n' && v->str[i] != '\t')
			return v;
	empty_text(c, v, key);
	return NULL;
}

const struct value *
opp_want_text(struct opp_ctx *c, const struct value *map, const char *key,
    int required, const char *where)
{
	return want_text(c, map, key, required, where);
}

void
opp_check_keys(struct opp_ctx *c, const struct value *map,
    const char *const *known, size_t n, int lang_keys)
{
	check_keys(c, map, known, n, lang_keys);
}

void
opp_check_top_keys(struct opp_ctx *c, const struct value *map)
{
	check_keys(c, map, top_keys, NELEM(top_keys), 1);
}

/* The key of key in map, for pointing at it, or NULL. */
const struct value *
opp_key_of(const struct value *map, const char *key)
{
	size_t	i;

	for (i = 0; map != NULL && map->kind == VALUE_MAP && i < map->count;
	    i++)
		if (strcmp(map->pairs[i].key->str, key) == 0)
			return map->pairs[i].key;
	return NULL;
}

/* Characters (code points) in UTF-8 text. */
static size_t
utf8_chars(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int
opp_id_ok(const char *s)
{
	size_t	n = strlen(s), i;

	if (n == 0 || n > 80 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

/* Leading spaces on file line `line` (1-based) of the current file. */
static int
line_indent(const struct opp_ctx *c, int line)
{
	const char	*p = c->data, *end = c->data + c->len;
	int		 n = 1, ind = 0;

	while (p < end && n < line) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl == NULL)
			return 0;
		p = nl + 1;
		n++;
	}
	while (p < end && *p == ' ')
		p++, ind++;
	return ind;
}

/* A Markdown field: its text and where that text starts in the file. */
void
opp_read_markdown(struct opp_ctx *c, struct opp_markdown *out,
    const struct value *v)
{
	memset(out, 0, sizeof(*out));
	if (v == NULL)
		return;
	out->text = v->str;
	if (!v->quoted && memchr(v->str, '\n', v->len) != NULL) {
		/* A block scalar (| or >): the text starts a line later. */
		out->line = v->line + 1;
		out->col = line_indent(c, out->line) + 1;
	} else {
		out->line = v->line;
		out->col = v->col + v->quoted;
	}
}

/*
 * A date (date_only) or an instant (need_time) under key. Returns 0 if
 * set, 1 if absent and optional, -1 after reporting.
 */
int
opp_want_instant(struct opp_ctx *c, struct instant *out,
    const struct value *map, const char *key, int required, int need_time,
    int date_only)
{
	const struct value	*v = value_map_get(map, key);
	struct instant_error	 err;
	int			 zo;

	memset(out, 0, sizeof(*out));
	if (v == NULL) {
		if (!required)
			return 1;
		opp_error(c, map, 0, "'%s' is missing: give a %s", key,
		    need_time ? N_("date and time such as "
		    "2026-12-14T14:00:00-05:00") : N_("date such as 2026-12-14"));
		return -1;
	}
	if (v->kind == VALUE_NULL) {
		opp_error(c, v->line ? v : map, 0, "'%s' is empty: fill in a "
		    "%s", key, need_time ? N_("date and time such as "
		    "2026-12-14T14:00:00-05:00") : N_("date such as 2026-12-14"));
		return -1;
	}
	if (v->kind != VALUE_STRING) {
		opp_error(c, v, 0, "'%s' must be a %s, not %s", key,
		    need_time ? N_("date and time") : N_("date"),
		    value_kind_name(v->kind));
		return -1;
	}
	if (instant_parse(out, &err, v->str, c->site->time_zone) !=
	    INSTANT_OK) {
		opp_error(c, v, v->quoted + (err.col > 0 ? err.col : 0),
		    "%s: %s", key, err.msg);
		return -1;
	}
	if (need_time && !out->has_time) {
		opp_error(c, v, v->quoted, "'%s' needs a time as well as a "
		    "date, such as %sT14:00:00", key, v->str);
		return -1;
	}
	if (date_only && out->has_time) {
		opp_error(c, v, v->quoted + 10, "'%s' is a date: write it "
		    "without a time, such as %.10s", key, v->str);
		return -1;
	}
	if (out->has_offset && instant_zone_offset(&zo, out->epoch,
	    c->site->time_zone) == 0 && zo != out->offset_min)
		opp_warning(c, v, v->quoted + (int)strlen(v->str) - 6,
		    "the offset %c%02d:%02d is not the one in %s at that date "
		    "(%c%02d:%02d): check the date and time", out->offset_min
		    < 0 ? '-' : '+', abs(out->offset_min) / 60,
		    abs(out->offset_min) % 60, c->site->time_zone,
		    zo < 0 ? '-' : '+', abs(zo) / 60, abs(zo) % 60);
	return 0;
}

/* value: a positive amount in dollars, cents at most. */
static void
read_value(struct opp_ctx *c, struct opportunity *o)
{
	const struct value *v = value_map_get(o->root, "value");
	double	 x;

	if (v == NULL) {
		opp_error(c, o->root, 0, "'value' is missing: give the amount "
		    "in Canadian dollars, such as 6500");
		return;
	}
	if (v->kind == VALUE_NULL) {
		opp_error(c, v->line ? v : o->root, 0, "'value' is empty: fill "
		    "in the amount in Canadian dollars, such as 6500");
		return;
	}
	if (v->kind != VALUE_INT && v->kind != VALUE_NUMBER) {
		opp_error(c, v, 0, "'value' must be an amount in dollars "
		    "written as a number, such as 6500 (no $ sign or spaces), "
		    "not %s", value_kind_name(v->kind));
		return;
	}
	x = v->kind == VALUE_INT ? (double)v->integer : v->number;
	if (!(x > 0)) {
		opp_error(c, v, 0, "'value' must be more than 0");
		return;
	}
	/* The ceiling is a limit to stay under, as every page says. */
	if (x >= c->site->rules.ceiling) {
		opp_error(c, v, 0, "'value' must be less than the "
		    "micro-acquisition ceiling of %.0f dollars (rules.ceiling "
		    "in _data/site.yml)", c->site->rules.ceiling);
		return;
	}
	if ((double)(long long)(x * 100 + 0.5) / 100 - x > 1e-9 ||
	    x - (double)(long long)(x * 100 + 0.5) / 100 > 1e-9) {
		opp_error(c, v, 0, "'value' has fractions of a cent");
		return;
	}
	o->value = x;
}

void
opp_read_facts(struct opp_ctx *c, struct opportunity *o)
{
	const struct value *v;
	size_t	 i;

	read_value(c, o);
	if ((v = want_text(c, o->root, "taxes", 1, N_("(excluded or included)")))
	    != NULL) {
		if (strcmp(v->str, "included") == 0)
			o->taxes_included = 1;
		else if (strcmp(v->str, "excluded") != 0)
			opp_error(c, v, 0, "'taxes' must be 'excluded' or "
			    "'included'");
	}
	opp_want_instant(c, &o->closing, o->root, "closing", 1, 1, 0);
	o->has_deadline = opp_want_instant(c, &o->questions_deadline, o->root,
	    "questions_deadline", 0, 1, 0) == 0;
	opp_want_instant(c, &o->selection, o->root, "selection", 1, 0, 1);
	o->has_start = opp_want_instant(c, &o->start, o->root, "start", 0, 0, 1)
	    == 0;
	opp_want_instant(c, &o->delivery, o->root, "delivery", 1, 0, 0);
	o->has_posted = opp_want_instant(c, &o->posted_as, o->root, "posted", 0,
	    0, 0) == 0;
	if ((v = want_text(c, o->root, "contact", 1, N_("(an e-mail address)")))
	    != NULL) {
		const char *at = strchr(v->str, '@');

		if (at == NULL || at == v->str || strchr(at + 1, '@') ||
		    strchr(at, '.') == NULL || strpbrk(v->str, " <>\"(),;:")
		    != NULL)
			opp_error(c, v, 0, "'contact' must be an e-mail "
			    "address such as team@example.gc.ca");
		else
			o->contact = v->str;
	}
	o->stated = OPP_STATUS_OPEN;
	if ((v = want_text(c, o->root, "status", 0, NULL)) != NULL) {
		for (i = 0; i < OPP_NSTATUS; i++)
			if (i != OPP_STATUS_CLOSED &&
			    strcmp(v->str, status_codes[i]) == 0)
				break;
		if (i < OPP_NSTATUS)
			o->stated = (enum opp_status)i;
		else if (strcmp(v->str, "closed") == 0)
			opp_error(c, v, 0, "'closed' is not written: an open "
			    "opportunity is shown as closed once its closing "
			    "time passes; keep 'open'");
		else
			opp_error(c, v, 0, "'status' must be one of open, "
			    "cancelled, awarded, terminated, completed");
	}
}

/* skills: keys from _data/skills.yml, each once. */
/*
 * Report skill s, which is no key of _data/skills.yml: suggest the key
 * nearest to it, or the key whose name (in any language) is nearest, as
 * contributors often write the name they see on the site; and say how a
 * new skill is added.
 */
static void
unknown_skill(struct opp_ctx *c, const struct value *s,
    const char *const *known, size_t nknown)
{
	const struct value	*skills = c->site->skills;
	const char		**names, *hint, *name = NULL;
	size_t			 i, k, n = 0, *owner;

	hint = suggest_closest(s->str, known, nknown);
	if (hint == NULL && nknown > 0) {
		names = xcalloc(nknown * c->site->nlangs + 1, sizeof(*names));
		owner = xcalloc(nknown * c->site->nlangs + 1, sizeof(*owner));
		for (i = 0; i < nknown; i++)
			for (k = 0; k < c->site->nlangs; k++) {
				const char *nm = value_str(value_map_get(
				    skills->pairs[i].val,
				    c->site->langs[k].code));

				if (nm != NULL) {
					names[n] = nm;
					owner[n++] = i;
				}
			}
		name = suggest_closest(s->str, names, n);
		for (i = 0; name != NULL && i < n; i++)
			if (names[i] == name) {
				hint = known[owner[i]];
				break;
			}
		free(names);
		free(owner);
	}
	if (hint != NULL)
		opp_error(c, s, 0, "unknown skill '%s'; did you mean '%s'%s%s%s? "
		    "A skill is a key of _data/skills.yml (a new one is added "
		    "there, with its name in each language)", s->str, hint,
		    name ? " (" : "", name ? name : "", name ? ")" : "");
	else
		opp_error(c, s, 0, "unknown skill '%s': a skill is a key of "
		    "_data/skills.yml; to add a new one, give it a key there "
		    "with its name in each language", s->str);
}

void
opp_read_skills(struct opp_ctx *c, struct opportunity *o)
{
	const struct value *v = value_map_get(o->root, "skills");
	const char	  **known;
	size_t		    i, j, nknown;

	if (v == NULL) {
		opp_error(c, o->root, 0, "'skills' is missing: list the "
		    "skills the work needs, as keys from _data/skills.yml");
		return;
	}
	if (v->kind != VALUE_SEQ || v->count == 0) {
		opp_error(c, v->line ? v : o->root, 0, "'skills' must list "
		    "the skills the work needs, as keys from _data/skills.yml "
		    "such as [python, accessibility]");
		return;
	}
	nknown = c->site->skills ? c->site->skills->count : 0;
	known = xcalloc(nknown + 1, sizeof(*known));
	for (i = 0; i < nknown; i++)
		known[i] = c->site->skills->pairs[i].key->str;
	o->skills = arena_calloc(c->a, v->count, sizeof(*o->skills));
	for (i = 0; i < v->count; i++) {
		const struct value *s = v->items[i];

		if (s->kind != VALUE_STRING) {
			opp_error(c, s, 0, "a skill must be a key from "
			    "_data/skills.yml, not %s",
			    value_kind_name(s->kind));
			continue;
		}
		for (j = 0; j < nknown; j++)
			if (strcmp(known[j], s->str) == 0)
				break;
		if (j == nknown) {
			unknown_skill(c, s, known, nknown);
			continue;
		}
		for (j = 0; j < o->nskills; j++)
			if (strcmp(o->skills[j], s->str) == 0)
				break;
		if (j < o->nskills)
			opp_error(c, s, 0, "skill '%s' is listed twice",
			    s->str);
		else
			o->skills[o->nskills++] = s->str;
	}
	free(known);
}

void
opp_read_text(struct opp_ctx *c, struct opportunity *o, size_t k)
{
	const struct site_lang	*l = &c->site->langs[k];
	struct opp_text		*t = &o->text[k];
	const struct value	*m, *v;
	char			 where[160];

	diag_fragment(where, sizeof(where), "add the %s text (title, summary, "
	    "description, evaluation, acceptance)", l->english);
	m = opp_want_map(c, o->root, l->code, 1, where);
	if (m == NULL)
		return;
	check_keys(c, m, text_keys, NELEM(text_keys), 0);
	diag_fragment(where, sizeof(where), "in '%s'", l->code);
	c->lang = l;
	if ((v = want_text(c, m, "title", 1, where)) != NULL) {
		if (utf8_chars(v->str) > (size_t)c->site->rules.title_max)
			opp_error(c, v, 0, "the title has %zu characters; "
			    "the limit is %d", utf8_chars(v->str),
			    c->site->rules.title_max);
		else
			t->title = v->str;
	}
	if ((v = want_text(c, m, "summary", 1, where)) != NULL)
		t->summary = v->str;
	t->slug = o->id;
	v = value_map_get(m, "slug");
	if (v != NULL && v->kind == VALUE_NULL)
		;	/* left empty: the default */
	else if ((v = want_text(c, m, "slug", 0, where)) != NULL) {
		if (opp_id_ok(v->str))
			t->slug = v->str;
		else
			opp_error(c, v, 0, "'slug' may only use lower-case "
			    "letters, digits and hyphens (it becomes the "
			    "page's address)");
	}
	opp_read_markdown(c, &t->description, want_text(c, m, "description", 1,
	    where));
	opp_read_markdown(c, &t->evaluation, want_text(c, m, "evaluation", 1,
	    where));
	opp_read_markdown(c, &t->acceptance, want_text(c, m, "acceptance", 1,
	    where));
	opp_read_markdown(c, &t->how_to_apply, want_text(c, m, "how_to_apply", 0,
	    where));
	c->lang = NULL;
	t->permalink = arena_printf(c->a, "%s%s.html", l->opportunities,
	    t->slug);
	t->out_path = path_output_of(c->a, t->permalink);
}

void
opp_texts_new(struct opportunity *o, const struct site *site,
    struct arena *a)
{
	o->ntexts = site->nlangs;
	o->text = arena_calloc(a, o->ntexts > 0 ? o->ntexts : 1,
	    sizeof(*o->text));
}

/*
 * Where a collision of o's slug in language k is reported: its 'slug', or
 * the language's key when it has the default one.
 */
static void
slug_place(const struct opp_ctx *c, struct opportunity *o, size_t k)
{
	const char		*code = c->site->langs[k].code;
	const struct value	*v;

	v = value_map_get(value_map_get(o->root, code), "slug");
	if (v == NULL)
		v = value_map_get(o->root, code);
	o->text[k].slug_line = v != NULL ? v->line : 0;
	o->text[k].slug_col = v != NULL ? v->col : 0;
}

/* Read one file into o; o->ok says whether it can be rendered. */
void
opp_read(struct opp_ctx *c, struct opportunity *o, const struct source_file *f)
{
	const char	*name = f->path + strlen(OPP_DIR);
	size_t		 n = strlen(name), k;
	struct diags	*sub;

	opp_texts_new(o, c->site, c->a);
	o->path = f->path;
	o->data = f->data;
	o->len = f->len;
	c->path = f->path;
	c->data = f->data;
	c->len = f->len;
	c->errors = 0;
	if (strchr(name, '/') != NULL || n < 5 ||
	    strcmp(name + n - 4, ".yml") != 0) {
		diag_error(c->d, f->path, 0, 0, "opportunities/ holds one .yml "
		    "file per opportunity, directly in the folder");
		return;
	}
	o->id = arena_strndup(c->a, name, n - 4);
	if (!opp_id_ok(o->id)) {
		diag_error(c->d, f->path, 0, 0, "the file name is the "
		    "opportunity's id and may only use lower-case letters, "
		    "digits and hyphens");
		return;
	}
	sub = diags_new();
	diags_source(c->d, f->path, f->data, f->len);
	o->root = site_load_yaml(c->a, f->path, f->data, f->len, sub);
	diags_take(c->d, sub, NULL, NULL);
	if (o->root == NULL && diags_errors(sub) > 0 &&
	    f->len <= yml_default_limits.max_bytes)
		opp_read_blocks(c, o, f);
	diags_free(sub);
	if (o->root == NULL)
		return;
	if (o->root->kind != VALUE_MAP) {
		opp_error(c, o->root, 0, "an opportunity file holds keys and "
		    "values (value, closing, en, fr, ...)");
		return;
	}
	check_keys(c, o->root, top_keys, NELEM(top_keys), 1);
	opp_read_facts(c, o);
	opp_read_skills(c, o);
	for (k = 0; k < c->site->nlangs; k++) {
		opp_read_text(c, o, k);
		slug_place(c, o, k);
	}
	opp_read_questions(c, o);
	opp_read_eligibility(c, o);
	opp_read_attachments(c, o);
	opp_read_apply(c, o);
	opp_check_placeholders(c, o);
	opp_read_award(c, o);
	if (c->errors == 0)
		opp_check_rules(c, o);
	o->ok = o->read_ok = c->errors == 0;
}

#define ELIGIBILITY_YML	"_data/eligibility.yml"

/*
 * The site's general eligibility conditions: _data/eligibility.yml, one
 * Markdown text per language (en: |, fr: |), or none. Returns 0, or -1
 * after reporting.
 */
int
opp_read_general(struct opp_ctx *c)
{
	const struct source_file	*f = source_find(c->src, ELIGIBILITY_YML);
	const struct value		*root;
	size_t				 k;

	if (f == NULL)
		return 0;
	root = value_map_get(c->site->data, "eligibility");
	if (root == NULL)
		return -1;	/* reported when _data/ was read */
	c->path = f->path;
	c->data = f->data;
	c->len = f->len;
	c->errors = 0;
	if (root->kind != VALUE_MAP) {
		opp_error(c, root, 0, "eligibility.yml holds the general "
		    "conditions in each language (en: |, fr: |)");
		return -1;
	}
	check_keys(c, root, NULL, 0, 1);
	for (k = 0; k < c->site->nlangs; k++)
		opp_read_markdown(c, &c->general[k], want_text(c, root,
		    c->site->langs[k].code, 1, "in eligibility.yml"));
	if (c->errors > 0)
		memset(c->general, 0, sizeof(c->general));
	return c->errors > 0 ? -1 : 0;
}
