#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "frontmatter.h"
#include "history.h"
#include "instant.h"
#include "layout.h"
#include "opportunity.h"
#include "page.h"
#include "path.h"
#include "site.h"
#include "text.h"
#include "source.h"
#include "suggest.h"
#include "value.h"
#include "xalloc.h"

#define PAGE_DIR	"site/"

static const char *const page_keys[] = {
	"layout", "lang", "ref", "permalink", "title", "description",
	"nav_title"
};
#define NPAGE_KEYS	(sizeof(page_keys) / sizeof(page_keys[0]))

static int
ref_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 100)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '_'))
			return 0;
	return 1;
}

/* A required text field of the front matter, or NULL after reporting. */
static const char *
front_string(const struct page *pg, const char *key, struct diags *d)
{
	const struct value *v = value_map_get(pg->front, key);

	if (v == NULL) {
		diag_error(d, pg->path, pg->front->line, pg->front->col,
		    "the front matter has no '%s'", key);
		return NULL;
	}
	if (v->kind != VALUE_STRING || v->len == 0) {
		diag_error(d, pg->path, v->line, v->col, "'%s' must be "
		    "non-empty text, not %s", key, value_kind_name(v->kind));
		return NULL;
	}
	return v->str;
}

/* Warn about keys that look like typos of known ones. */
static void
page_check_keys(const struct page *pg, struct diags *d)
{
	size_t	i, k;

	for (i = 0; i < pg->front->count; i++) {
		const struct value *key = pg->front->pairs[i].key;
		const char *hint;

		for (k = 0; k < NPAGE_KEYS; k++)
			if (strcmp(key->str, page_keys[k]) == 0)
				break;
		if (k < NPAGE_KEYS)
			continue;
		hint = suggest_closest(key->str, page_keys, NPAGE_KEYS);
		if (hint != NULL)
			diag_warning(d, pg->path, key->line, key->col,
			    "unknown key '%s'; did you mean '%s'?", key->str,
			    hint);
	}
}

/* Check the front matter fields of one page. */
static int
page_check_front(struct page *pg, struct arena *a, const struct site *site,
    const struct layouts *layouts, struct diags *d)
{
	const struct value *v;
	const char	*msg;
	size_t		 badcol;
	int		 rc = 0, k;

	page_check_keys(pg, d);
	pg->layout = front_string(pg, "layout", d);
	pg->lang = front_string(pg, "lang", d);
	pg->ref = front_string(pg, "ref", d);
	pg->permalink = front_string(pg, "permalink", d);
	if (!pg->layout || !pg->lang || !pg->ref || !pg->permalink)
		rc = -1;
	if (pg->layout != NULL &&
	    (pg->lay = layouts_find(layouts, pg->layout)) == NULL) {
		v = value_map_get(pg->front, "layout");
		diag_error(d, pg->path, v->line, v->col, "there is no layout "
		    "'%s' (looked for _layouts/%s.html)", pg->layout,
		    pg->layout);
		rc = -1;
	}
	if (pg->lang != NULL) {
		if ((k = site_lang_index(site, pg->lang)) < 0) {
			v = value_map_get(pg->front, "lang");
			diag_error(d, pg->path, v->line, v->col, "'%s' is not "
			    "one of the site's languages (see "
			    "_data/site.yml)", pg->lang);
			pg->lang = NULL;
			rc = -1;
		} else {
			pg->lang_index = (size_t)k;
		}
	}
	if (pg->ref != NULL && !ref_ok(pg->ref)) {
		v = value_map_get(pg->front, "ref");
		diag_error(d, pg->path, v->line, v->col, "'ref' may only use "
		    "lower-case letters, digits, - and _");
		pg->ref = NULL;
		rc = -1;
	}
	if (pg->permalink != NULL &&
	    (msg = path_check_permalink(pg->permalink, &badcol)) != NULL) {
		v = value_map_get(pg->front, "permalink");
		diag_error(d, pg->path, v->line, v->col + v->quoted +
		    (int)badcol, "%s", msg);
		pg->permalink = NULL;
		rc = -1;
	}
	if (pg->permalink != NULL)
		pg->out_path = path_output_of(a, pg->permalink);
	v = value_map_get(pg->front, "title");
	if (v != NULL && v->kind == VALUE_STRING && v->len > 0)
		pg->title = v->str;
	else if (v != NULL) {
		diag_error(d, pg->path, v->line, v->col, "'title' must be "
		    "non-empty text");
		rc = -1;
	}
	return rc;
}

/*
 * The text of the body's first "# " heading, for pages without a title
 * in their front matter (the seed pages have none). Fenced code is
 * skipped; trailing #s and spaces are dropped.
 */
static const char *
page_guess_title(struct arena *a, const char *body, size_t len)
{
	const char	*p = body, *end = body + len, *nl, *s, *e;
	int		 fenced = 0;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		s = p;
		while (s < nl && s - p < 3 && *s == ' ')
			s++;
		if (nl - s >= 3 && (strncmp(s, "```", 3) == 0 ||
		    strncmp(s, "~~~", 3) == 0))
			fenced = !fenced;
		if (fenced || nl - s < 2 || s[0] != '#' ||
		    (s[1] != ' ' && s[1] != '\t'))
			continue;
		s += 2;
		e = nl;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' ||
		    e[-1] == '\r' || e[-1] == '#'))
			e--;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (e > s)
			return arena_strndup(a, s, (size_t)(e - s));
	}
	return NULL;
}

/* Read one page file. Returns 0 or -1 (reported). */
static int
page_read(struct page *pg, struct arena *a, const struct source_file *f,
    const struct site *site, const struct layouts *layouts, struct diags *d)
{
	struct frontmatter fm;

	pg->path = f->path;
	pg->markdown = strlen(f->path) > 3 &&
	    strcmp(f->path + strlen(f->path) - 3, ".md") == 0;
	diags_source(d, f->path, f->data, f->len);
	if (frontmatter_split(&fm, f->path, f->data, f->len, d) != 0)
		return -1;
	if (!fm.present) {
		diag_error(d, f->path, 1, 1, "a page must start with front "
		    "matter: a line '---', then layout, lang, ref and "
		    "permalink, then a line '---'");
		return -1;
	}
	pg->body = fm.body;
	pg->body_len = fm.body_len;
	pg->body_line = fm.body_line;
	/* Reported, not fatal: the page's other problems still count. */
	text_check(NULL, f->path, fm.body, fm.body_len, fm.body_line,
	    "a page", d);
	pg->front = site_load_yaml_part(a, f->path, fm.yaml, fm.yaml_len,
	    fm.yaml_line, d);
	if (pg->front == NULL)
		return -1;
	if (pg->front->kind != VALUE_MAP) {
		diag_error(d, f->path, pg->front->line ? pg->front->line : 1,
		    pg->front->col ? pg->front->col : 1, "the front matter must "
		    "be keys and values (layout, lang, ref, permalink)");
		return -1;
	}
	if (page_check_front(pg, a, site, layouts, d) != 0)
		return -1;
	if (pg->title == NULL && pg->markdown)
		pg->title = page_guess_title(a, pg->body, pg->body_len);
	if (pg->title == NULL) {
		diag_error(d, f->path, pg->front->line, pg->front->col,
		    "the page has no title: add 'title:' to the front matter "
		    "or start the text with a '# ' heading");
		return -1;
	}
	return 0;
}

static int
permalink_cmp(const void *pa, const void *pb)
{
	const struct page *a = *(struct page *const *)pa;
	const struct page *b = *(struct page *const *)pb;
	int	c = strcasecmp(a->out_path, b->out_path);

	if (c != 0)
		return c;
	return strcmp(a->path, b->path);
}

/* Permalinks must be unique, even ignoring letter case. */
static int
pages_check_permalinks(struct pages *p, struct diags *d)
{
	struct page	**v = xcalloc(p->count, sizeof(*v));
	size_t		  i, n = 0;
	int		  rc = 0;

	for (i = 0; i < p->count; i++)
		if (p->list[i].out_path != NULL)
			v[n++] = &p->list[i];
	qsort(v, n, sizeof(*v), permalink_cmp);
	for (i = 1; i < n; i++) {
		const struct value *pv;

		if (strcasecmp(v[i - 1]->out_path, v[i]->out_path) != 0)
			continue;
		pv = value_map_get(v[i]->front, "permalink");
		diag_error(d, v[i]->path, pv->line, pv->col, "permalink '%s' "
		    "is already used by %s", v[i]->permalink, v[i - 1]->path);
		rc = -1;
	}
	free(v);
	return rc;
}

static int
ref_cmp(const void *pa, const void *pb)
{
	const struct page *a = *(struct page *const *)pa;
	const struct page *b = *(struct page *const *)pb;
	int	c = strcmp(a->ref, b->ref);

	if (c != 0)
		return c;
	if (a->lang_index != b->lang_index)
		return a->lang_index < b->lang_index ? -1 : 1;
	return strcmp(a->path, b->path);
}

/* Report one ref's missing languages, then share its versions table. */
static int
pages_pair_group(struct page **g, size_t n, const struct site *site,
    int quiet_missing, struct diags *d)
{
	struct page	*versions[SITE_MAX_LANGS] = { NULL };
	const struct value *v;
	size_t		 i, k;
	int		 rc = 0;

	for (i = 0; i < n; i++) {
		if (versions[g[i]->lang_index] != NULL) {
			v = value_map_get(g[i]->front, "ref");
			diag_error(d, g[i]->path, v->line, v->col, "%s "
			    "already has ref '%s' in language '%s'",
			    versions[g[i]->lang_index]->path, g[i]->ref,
			    g[i]->lang);
			rc = -1;
			continue;
		}
		versions[g[i]->lang_index] = g[i];
	}
	for (k = 0; k < site->nlangs && !quiet_missing; k++) {
		if (versions[k] != NULL)
			continue;
		for (i = 0; i < n; i++) {
			v = value_map_get(g[i]->front, "ref");
			diag_error(d, g[i]->path, v->line, v->col, "page '%s' "
			    "has no %s version: add a page with 'ref: %s' "
			    "and 'lang: %s'", g[i]->ref, site->langs[k].english,
			    g[i]->ref, site->langs[k].code);
		}
		rc = -1;
	}
	for (i = 0; i < n; i++)
		memcpy(g[i]->versions, versions, sizeof(versions));
	return rc;
}

/* Pair pages by ref: exactly one page per ref and language. */
static int
pages_pair(struct pages *p, const struct site *site, struct diags *d)
{
	struct page	**v = xcalloc(p->count, sizeof(*v));
	size_t		  i, j, n = 0;
	int		  rc = 0;

	for (i = 0; i < p->count; i++)
		if (p->list[i].ref != NULL && p->list[i].lang != NULL &&
		    site_lang_index(site, p->list[i].lang) >= 0)
			v[n++] = &p->list[i];
	qsort(v, n, sizeof(*v), ref_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(v[i]->ref, v[j]->ref) == 0;
		    j++)
			;
		if (pages_pair_group(v + i, j - i, site, p->incomplete, d) != 0)
			rc = -1;
	}
	p->byref = v;
	p->nbyref = n;
	return rc;
}

/* A new page at the end of p's list, zeroed: the list grows by half
 * again when full, as a site of 10,000 opportunities adds 20,000. */
static struct page *
page_add(struct pages *p)
{
	struct page	*pg;

	if (p->count == p->cap) {
		p->cap = p->cap < 16 ? 16 : p->cap + p->cap / 2;
		p->list = xreallocarray(p->list, p->cap, sizeof(*p->list));
	}
	pg = &p->list[p->count++];
	memset(pg, 0, sizeof(*pg));
	return pg;
}

/* The front matter of pg, a page made by the generator. */
static void
generated_front(struct arena *a, struct page *pg)
{
	struct value	*front = value_map(a);

	value_map_set(a, front, "layout", value_string_static(a,
	    pg->lay->name));
	value_map_set(a, front, "lang", value_string_static(a, pg->lang));
	value_map_set(a, front, "ref", value_string_static(a, pg->ref));
	value_map_set(a, front, "permalink", value_string_static(a,
	    pg->permalink));
	value_map_set(a, front, "title", value_string_static(a, pg->title));
	pg->front = front;
}

/* A page made by the generator, with a front matter of its own. */
static struct page *
page_generated(struct pages *p, struct arena *a, enum page_kind kind,
    const struct layout *lay, size_t k, const struct site *site,
    const char *path, const char *ref, const char *permalink,
    const char *title)
{
	struct page	*pg;

	pg = page_add(p);
	pg->kind = kind;
	pg->path = path;
	pg->lay = lay;
	pg->layout = lay->name;
	pg->lang = site->langs[k].code;
	pg->lang_index = k;
	pg->ref = ref;
	pg->permalink = permalink;
	pg->out_path = path_output_of(a, permalink);
	pg->title = title;
	pg->body = "";
	generated_front(a, pg);
	return pg;
}

/* The layout a generated page needs, or NULL after reporting once. */
static const struct layout *
generated_layout(const struct layouts *layouts, const char *name,
    const char *why, struct diags *d)
{
	const struct layout *lay = layouts_find(layouts, name);

	if (lay == NULL)
		diag_error(d, "_layouts", 0, 0, "%s needs the layout "
		    "_layouts/%s.html", why, name);
	return lay;
}

/* Is skill key used by an opportunity that can be shown? */
static int
skill_used(const struct opportunities *opps, const char *key)
{
	size_t	i, j;

	for (i = 0; i < opps->count; i++)
		for (j = 0; opps->list[i].ok && j < opps->list[i].nskills; j++)
			if (strcmp(opps->list[i].skills[j], key) == 0)
				return 1;
	return 0;
}

int
page_archive_year(const struct site *site, const struct opportunity *o,
    long long now)
{
	int	y, m, d;

	if (o->status == OPP_STATUS_OPEN || o->closing.epoch >
	    now - site->rules.listing_recent_days * 86400LL)
		return 0;
	instant_civil_from_days(&y, &m, &d, instant_local_day(
	    o->closing.epoch, site->time_zone));
	return y;
}

static int
year_cmp(const void *a, const void *b)
{
	int	x = *(const int *)a, y = *(const int *)b;

	return x < y ? 1 : x > y ? -1 : 0;	/* newest first */
}

size_t
page_archive_years(int **out, const struct site *site,
    const struct opportunities *opps)
{
	int	*v = xcalloc(opps->count + 1, sizeof(*v));
	size_t	 i, j, n = 0;

	for (i = 0; i < opps->count; i++) {
		int y;

		if (!opps->list[i].ok || (y = page_archive_year(site,
		    &opps->list[i], opps->now)) == 0)
			continue;
		for (j = 0; j < n && v[j] != y; j++)
			;
		if (j == n)
			v[n++] = y;
	}
	qsort(v, n, sizeof(*v), year_cmp);
	*out = v;
	return n;
}

/* The file name of skill key's page in language k (see site.h). */
static const char *
skill_file_of(const struct site *site, size_t k, const char *key)
{
	const char *f = value_str(value_map_get(site->langs[k].skill_files,
	    key));

	return f != NULL ? f : key;
}

/* Listings, one page per opportunity, one per skill; every language. */
static int
pages_generate(struct pages *p, struct arena *a, const struct site *site,
    const struct layouts *layouts, const struct opportunities *opps,
    struct diags *d)
{
	const struct layout *list, *one = NULL, *skill = NULL;
	size_t	i, k, nyears;
	int	*years;

	if (opps->count == 0 && layouts_find(layouts, "opportunities") == NULL)
		return 0;
	list = generated_layout(layouts, "opportunities", "the listing of "
	    "opportunities", d);
	if (opps->count > 0)
		one = generated_layout(layouts, "opportunity", "an "
		    "opportunity's page", d);
	if (site->skills != NULL && site->skills->count > 0)
		skill = generated_layout(layouts, "skill", "a skill's page",
		    d);
	for (k = 0; k < site->nlangs && list != NULL; k++) {
		const struct value *t = value_map_get(site->langs[k].strings,
		    "opportunities_title");

		page_generated(p, a, PAGE_LISTING, list, k, site,
		    "opportunities", "opportunities",
		    site->langs[k].opportunities,
		    value_str(t) ? t->str : "Opportunities");
	}
	for (i = 0; i < opps->count && one != NULL; i++) {
		const struct opportunity *o = &opps->list[i];
		size_t n;
		char *ref;

		if (!o->ok)
			continue;
		/* "opportunities/ID", shared by its languages' pages (not
		 * arena_printf(): one for every opportunity). */
		n = strlen(o->id);
		ref = arena_alloc(a, sizeof("opportunities/") + n);
		memcpy(ref, "opportunities/", sizeof("opportunities/") - 1);
		memcpy(ref + sizeof("opportunities/") - 1, o->id, n + 1);
		for (k = 0; k < site->nlangs; k++)
			page_generated(p, a, PAGE_OPPORTUNITY, one, k, site,
			    o->path, ref, o->text[k].permalink,
			    o->text[k].title)->opp = o;
	}
	/* The archive: a page per year, beside the listing. */
	nyears = page_archive_years(&years, site, opps);
	for (i = 0; i < nyears && list != NULL; i++) {
		const char *ref = arena_printf(a, "opportunities/archive/%d",
		    years[i]);

		for (k = 0; k < site->nlangs; k++) {
			const char *fmt = site_string(site, k,
			    "archive_title", "Opportunities of");

			page_generated(p, a, PAGE_ARCHIVE, list, k, site,
			    "opportunities", ref, arena_printf(a, "%s%d.html",
			    site->langs[k].opportunities, years[i]),
			    arena_printf(a, "%s %d", fmt, years[i]))->year =
			    years[i];
		}
	}
	free(years);
	for (i = 0; skill != NULL && i < site->skills->count; i++) {
		const struct value *key = site->skills->pairs[i].key;
		const struct value *names = site->skills->pairs[i].val;

		if (!skill_used(opps, key->str))
			continue;
		for (k = 0; k < site->nlangs; k++)
			page_generated(p, a, PAGE_SKILL, skill, k, site,
			    "_data/skills.yml", arena_printf(a, "skills/%s",
			    key->str), arena_printf(a, "%s%s.html",
			    site->langs[k].skills, skill_file_of(site, k,
			    key->str)),
			    value_str(value_map_get(names,
			    site->langs[k].code)))->skill = key->str;
	}
	return 0;
}

int
pages_load(struct pages *out, struct arena *a, const struct source *src,
    const struct site *site, const struct layouts *layouts,
    const struct opportunities *opps, struct diags *d)
{
	size_t	i, n;
	int	rc = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < src->count; i++) {
		const struct source_file *f = &src->files[i];
		struct page *pg;

		if (strncmp(f->path, PAGE_DIR, strlen(PAGE_DIR)) != 0)
			continue;
		n = strlen(f->path);
		if (!(n > 3 && strcmp(f->path + n - 3, ".md") == 0) &&
		    !(n > 5 && strcmp(f->path + n - 5, ".html") == 0)) {
			diag_error(d, f->path, 0, 0, "site/ holds pages (.md "
			    "or .html); put other files in assets/");
			rc = -1;
			continue;
		}
		pg = page_add(out);
		if (page_read(pg, a, f, site, layouts, d) != 0)
			rc = -1;
		if (pg->ref == NULL || pg->lang == NULL)
			out->incomplete = 1;
	}
	if (opps != NULL && pages_generate(out, a, site, layouts, opps, d) != 0)
		rc = -1;
	/* Pointers into list are stable from here on. */
	if (pages_check_permalinks(out, d) != 0)
		rc = -1;
	if (pages_pair(out, site, d) != 0)
		rc = -1;
	return rc;
}

/* Do o and w name the same skills, in the same order? */
static int
same_skills(const struct opportunity *o, const struct opportunity *w)
{
	size_t	i;

	if (o->nskills != w->nskills)
		return 0;
	for (i = 0; i < o->nskills; i++)
		if (strcmp(o->skills[i], w->skills[i]) != 0)
			return 0;
	return 1;
}

int
pages_patch(struct pages *p, struct arena *a, const struct site *site,
    const struct opportunities *opps, const size_t *which,
    const struct opportunity *was, size_t n)
{
	unsigned char	*mark;
	size_t		 i, k, found = 0;	/* k: opportunities */
	int		 rc = 0;

	for (i = 0; i < n; i++) {
		const struct opportunity *o = &opps->list[which[i]];
		const struct opportunity *w = &was[i];

		/* What pages_generate() makes pages of, or addresses. */
		if (!o->ok || !w->ok || strcmp(o->path, w->path) != 0 ||
		    strcmp(o->id, w->id) != 0 || !same_skills(o, w) ||
		    page_archive_year(site, o, opps->now) !=
		    page_archive_year(site, w, opps->now))
			return -1;
		for (k = 0; k < site->nlangs; k++)
			if (strcmp(o->text[k].permalink,
			    w->text[k].permalink) != 0)
				return -1;
	}
	mark = xcalloc(opps->count + 1, 1);
	for (i = 0, k = 0; i < n; i++) {
		k += !mark[which[i]];
		mark[which[i]] = 1;
	}
	/* Made from these very opportunities: a page each language. */
	for (i = 0; i < p->count && rc == 0; i++) {
		const struct page *pg = &p->list[i];

		if (pg->kind != PAGE_OPPORTUNITY)
			continue;
		if (pg->opp < opps->list || pg->opp >= opps->list +
		    opps->count)
			rc = -1;
		else
			found += mark[pg->opp - opps->list];
	}
	if (rc == 0 && found != k * site->nlangs)
		rc = -1;
	for (i = 0; i < p->count && rc == 0; i++) {
		struct page *pg = &p->list[i];
		const struct opportunity *o = pg->opp;

		if (pg->kind != PAGE_OPPORTUNITY || !mark[o - opps->list])
			continue;
		pg->title = o->text[pg->lang_index].title;
		pg->permalink = o->text[pg->lang_index].permalink;
		pg->path = o->path;
		generated_front(a, pg);
	}
	free(mark);
	return rc;
}

void
pages_free(struct pages *p)
{
	free(p->list);
	free(p->byref);
	p->list = NULL;
	p->byref = NULL;
	p->nbyref = 0;
	p->count = 0;
	p->cap = 0;
}

struct page *
pages_find(const struct pages *p, const char *ref, size_t lang_index)
{
	size_t	lo = 0, hi = p->nbyref;

	while (lo < hi) {
		size_t		 mid = lo + (hi - lo) / 2;
		const struct page *m = p->byref[mid];
		int		 c = strcmp(m->ref, ref);

		if (c == 0 && m->lang_index != lang_index)
			c = m->lang_index < lang_index ? -1 : 1;
		if (c == 0)
			return p->byref[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
pages_date(struct pages *p, const struct history *h)
{
	size_t	i;

	for (i = 0; h != NULL && h->available && i < p->count; i++) {
		struct page *pg = &p->list[i];
		const struct history_file *f = NULL;

		if (pg->kind == PAGE_SOURCE || pg->kind == PAGE_OPPORTUNITY)
			f = history_find(h, pg->path);
		if (f != NULL)
			pg->modified = f->changed;
	}
}
