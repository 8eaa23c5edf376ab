#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "i18n.h"
#include "instant.h"
#include "path.h"
#include "site.h"
#include "slug.h"
#include "source.h"
#include "value.h"
#include "yml.h"

#define SITE_YML	"_data/site.yml"
#define I18N_YML	"_data/i18n.yml"
#define NAV_YML		"_data/nav.yml"
#define RULES_CEILING_MAX	1000000000	/* dollars; fits an int */
#define RULES_ATTACHMENT_MAX	(4 * 1024 * 1024) /* bytes: an input file's
						 * limit (source.c) */

static int	site_load_rules(struct site *, const struct value *,
		    struct diags *);

struct value *
site_load_yaml_part(struct arena *a, const char *path, const char *data,
    size_t len, int first_line, struct diags *d)
{
	struct yml_limits	 lim = yml_default_limits;
	struct value		*v = NULL;

	lim.max_bytes = SITE_FRONT_MATTER_MAX;
	if (len > lim.max_bytes) {
		diag_error(d, path, first_line, 0, "the front matter is %zu "
		    "bytes; the limit is %zu", len, lim.max_bytes);
		return NULL;
	}
	if (yml_load(&v, a, path, data, len, first_line, &lim, d) != 0)
		return NULL;
	return v;
}

struct value *
site_load_yaml(struct arena *a, const char *path, const char *data,
    size_t len, struct diags *d)
{
	struct value	*v = NULL;

	diags_source(d, path, data, len);
	if (yml_load(&v, a, path, data, len, 1, NULL, d) != 0)
		return NULL;
	return v;
}

void
site_set_base_url(struct site *site, struct arena *a, const char *url)
{
	const char	*p;
	size_t		 n = strlen(url);

	while (n > 0 && url[n - 1] == '/')
		n--;
	site->base_url = arena_strndup(a, url, n);
	p = strstr(site->base_url, "://");
	p = p != NULL ? strchr(p + 3, '/') : NULL;
	site->root_path = arena_printf(a, "%s/", p != NULL ? p : "");
}

const char *
site_string(const struct site *site, size_t k, const char *key,
    const char *def)
{
	const char *s = value_str(value_map_get(site->langs[k].strings, key));

	return s != NULL ? s : def;
}

int
site_lang_index(const struct site *site, const char *code)
{
	size_t	i;

	for (i = 0; i < site->nlangs; i++)
		if (strcmp(site->langs[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* A string field of map, or NULL after reporting what was expected. */
static const char *
want_string(const struct value *map, const char *key, const char *path,
    struct diags *d)
{
	const struct value *v = value_map_get(map, key);

	if (v == NULL) {
		diag_error(d, path, map->line, map->col,
		    "'%s' is missing", key);
		return NULL;
	}
	if (v->kind != VALUE_STRING || v->len == 0) {
		diag_error(d, path, v->line, v->col,
		    "'%s' must be non-empty text, not %s", key,
		    value_kind_name(v->kind));
		return NULL;
	}
	return v->str;
}

static int
lang_code_ok(const char *s)
{
	size_t	i, n = strlen(s);

	if (n < 2 || n > 3)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return 1;
}

/* A language's section folder: a permalink ending in '/'. */
static int
site_section(const char **out, const struct value *lang, const char *key,
    const char *code, struct diags *d)
{
	const struct value *v = value_map_get(lang, key);
	const char	*msg;

	if (v == NULL) {
		*out = NULL;	/* filled in by the caller's arena later */
		return 0;
	}
	if (v->kind != VALUE_STRING) {
		diag_error(d, SITE_YML, v->line, v->col, "'%s' must be a "
		    "folder such as /%s/%s/", key, code, key);
		return -1;
	}
	msg = path_check_permalink(v->str, NULL);
	if (msg == NULL && v->str[v->len - 1] != '/')
		msg = "a section folder must end in '/'";
	if (msg != NULL) {
		diag_error(d, SITE_YML, v->line, v->col, "%s", msg);
		return -1;
	}
	*out = v->str;
	return 0;
}

/* open_calendar: NAME.ics, a file of the opportunities folder. */
static int
site_open_calendar(struct site_lang *sl, struct arena *a,
    const struct value *lang, struct diags *d)
{
	const struct value *v = value_map_get(lang, "open_calendar");
	size_t	n;

	sl->open_calendar = "open.ics";
	if (v == NULL)
		return 0;
	n = v->kind == VALUE_STRING ? v->len : 0;
	if (n <= 4 || strcmp(v->str + n - 4, ".ics") != 0 ||
	    !slug_ok(arena_strndup(a, v->str, n - 4))) {
		diag_error(d, SITE_YML, v->line, v->col, "'open_calendar' must "
		    "be a file name such as open.ics: lower-case letters, "
		    "digits and hyphens, then .ics");
		return -1;
	}
	sl->open_calendar = v->str;
	return 0;
}

static int
site_load_languages(struct site *site, struct arena *a,
    const struct value *cfg, struct diags *d)
{
	const struct value *langs = value_map_get(cfg, "languages");
	const char	*code, *name;
	struct buf	 b = BUF_INIT;
	size_t		 i;
	int		 rc = 0;

	if (langs == NULL || langs->kind != VALUE_SEQ || langs->count == 0) {
		diag_error(d, SITE_YML, langs ? langs->line : cfg->line,
		    langs ? langs->col : cfg->col, "'languages' must be a "
		    "list of languages, each with a 'code' and a 'name'");
		return -1;
	}
	for (i = 0; i < langs->count; i++) {
		const struct value *l = langs->items[i];

		if (l->kind != VALUE_MAP) {
			diag_error(d, SITE_YML, l->line, l->col, "each "
			    "language needs a 'code' and a 'name'");
			rc = -1;
			continue;
		}
		code = want_string(l, "code", SITE_YML, d);
		name = want_string(l, "name", SITE_YML, d);
		if (code == NULL || name == NULL) {
			rc = -1;
			continue;
		}
		if (!lang_code_ok(code)) {
			const struct value *c = value_map_get(l, "code");

			diag_error(d, SITE_YML, c->line, c->col, "language "
			    "code '%s' must be two or three lower-case "
			    "letters (ISO 639)", code);
			rc = -1;
		} else if (site_lang_index(site, code) >= 0) {
			const struct value *c = value_map_get(l, "code");

			diag_error(d, SITE_YML, c->line, c->col, "language "
			    "'%s' is listed twice", code);
			rc = -1;
		} else if (site->nlangs == SITE_MAX_LANGS) {
			diag_error(d, SITE_YML, l->line, l->col, "at most %d "
			    "languages are supported", SITE_MAX_LANGS);
			buf_free(&b);
			return -1;
		} else {
			struct site_lang *sl = &site->langs[site->nlangs++];

			sl->code = code;
			sl->name = name;
			i18n_language_name(&b, code, "en");
			sl->english = arena_strdup(a, buf_cstr(&b));
			buf_reset(&b);
			if (site_section(&sl->opportunities, l, "opportunities",
			    code, d) != 0 || site_section(&sl->skills, l,
			    "skills", code, d) != 0 ||
			    site_open_calendar(sl, a, l, d) != 0)
				rc = -1;
		}
	}
	buf_free(&b);
	return rc;
}

static int
site_load_settings(struct site *site, struct arena *a, const struct value *cfg,
    struct diags *d)
{
	const struct value *title, *v;
	const char	*url;
	size_t		 i;
	int		 rc = 0;

	if (site_load_languages(site, a, cfg, d) != 0)
		rc = -1;
	for (i = 0; i < site->nlangs; i++) {
		if (site->langs[i].opportunities == NULL)
			site->langs[i].opportunities = arena_printf(a,
			    "/%s/opportunities/", site->langs[i].code);
		if (site->langs[i].skills == NULL)
			site->langs[i].skills = arena_printf(a, "/%s/skills/",
			    site->langs[i].code);
	}
	if (site_load_rules(site, cfg, d) != 0)
		rc = -1;
	if (npmfiles_load(&site->npm_files, a, cfg, d) != 0)
		rc = -1;
	site->default_lang = 0;
	if ((v = value_map_get(cfg, "default_language")) != NULL) {
		int k = v->kind == VALUE_STRING ?
		    site_lang_index(site, v->str) : -1;

		if (k < 0) {
			diag_error(d, SITE_YML, v->line, v->col,
			    "'default_language' must be one of the codes "
			    "under 'languages'");
			rc = -1;
		} else {
			site->default_lang = (size_t)k;
		}
	}
	title = value_map_get(cfg, "title");
	if (title == NULL || title->kind != VALUE_MAP) {
		diag_error(d, SITE_YML, title ? title->line : cfg->line,
		    title ? title->col : cfg->col, "'title' must give the "
		    "site's title in each language (en: ..., fr: ...)");
		rc = -1;
	} else {
		for (i = 0; i < site->nlangs; i++) {
			site->langs[i].title = want_string(title,
			    site->langs[i].code, SITE_YML, d);
			if (site->langs[i].title == NULL)
				rc = -1;
		}
	}
	if ((url = want_string(cfg, "base_url", SITE_YML, d)) == NULL) {
		rc = -1;
	} else if (strncmp(url, "https://", 8) != 0 &&
	    strncmp(url, "http://", 7) != 0) {
		v = value_map_get(cfg, "base_url");
		diag_error(d, SITE_YML, v->line, v->col, "'base_url' must "
		    "start with https:// (or http://)");
		rc = -1;
	} else {
		site_set_base_url(site, a, url);
	}
	site->time_zone = "America/Toronto";
	if ((v = value_map_get(cfg, "time_zone")) != NULL) {
		if (v->kind != VALUE_STRING || v->len == 0 ||
		    !instant_zone_valid(v->str)) {
			diag_error(d, SITE_YML, v->line, v->col, "'time_zone' "
			    "must be a time zone name that ICU knows, such as "
			    "America/Toronto");
			rc = -1;
		} else {
			site->time_zone = v->str;
		}
	}
	return rc;
}

void
site_fill_defaults(struct site *site)
{
	if (site->rules.ceiling <= 0)
		site->rules.ceiling = 10000;
	if (site->rules.answer_delay_hours <= 0)
		site->rules.answer_delay_hours = 48;
	if (site->rules.minimum_posting_days <= 0)
		site->rules.minimum_posting_days = 7;
	if (site->rules.title_max <= 0)
		site->rules.title_max = 100;
	if (site->rules.attachment_max_bytes <= 0)
		site->rules.attachment_max_bytes = RULES_ATTACHMENT_MAX;
	if (site->rules.listing_recent_days <= 0)
		site->rules.listing_recent_days = 90;
	if (site->time_zone == NULL)
		site->time_zone = "America/Toronto";
}

/*
 * A whole number from 1 to max in rules, or def when absent. Each rule
 * has its own sensible range, named in the message and in marche(5).
 */
static int
rule_int(int *out, const struct value *rules, const char *key, int def,
    int max, struct diags *d)
{
	const struct value *v = value_map_get(rules, key);

	*out = def;
	if (v == NULL)
		return 0;
	if (v->kind != VALUE_INT || v->integer <= 0 || v->integer > max) {
		diag_error(d, SITE_YML, v->line, v->col, "rules: '%s' must be "
		    "a whole number from 1 to %d", key, max);
		return -1;
	}
	*out = (int)v->integer;
	return 0;
}

/* rules: the limits opportunities follow. Defaults are in marche(5). */
static int
site_load_rules(struct site *site, const struct value *cfg, struct diags *d)
{
	const struct value *rules = value_map_get(cfg, "rules"), *v;
	int	ceiling, rc = 0;

	if (rules != NULL && rules->kind != VALUE_MAP) {
		diag_error(d, SITE_YML, rules->line, rules->col, "'rules' must "
		    "hold keys and values");
		rules = NULL;
		rc = -1;
	}
	v = value_map_get(rules, "ceiling");
	if (v != NULL && v->kind == VALUE_NUMBER && v->number > 0 &&
	    v->number <= RULES_CEILING_MAX) {
		site->rules.ceiling = v->number;
	} else {
		if (rule_int(&ceiling, rules, "ceiling", 10000,
		    RULES_CEILING_MAX, d) != 0)
			rc = -1;
		site->rules.ceiling = ceiling;
	}
	/* Each rule is judged, so every wrong one is reported at once. */
	if (rule_int(&site->rules.answer_delay_hours, rules,
	    "answer_delay_hours", 48, 24 * 366, d) != 0)
		rc = -1;
	if (rule_int(&site->rules.minimum_posting_days, rules,
	    "minimum_posting_days", 7, 366, d) != 0)
		rc = -1;
	if (rule_int(&site->rules.outcome_days, rules, "outcome_days", 30,
	    366, d) != 0)
		rc = -1;
	if (rule_int(&site->rules.title_max, rules, "title_max_length", 100,
	    1000, d) != 0)
		rc = -1;
	if (rule_int(&site->rules.attachment_max_bytes, rules,
	    "attachment_max_bytes", RULES_ATTACHMENT_MAX,
	    RULES_ATTACHMENT_MAX, d) != 0)
		rc = -1;
	if (rule_int(&site->rules.listing_recent_days, rules,
	    "listing_recent_days", 90, 3660, d) != 0)
		rc = -1;
	return rc;
}

static int
key_ok(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

/* Split i18n.yml (key -> {en, fr}) into one string map per language. */
static int
site_load_i18n(struct site *site, struct arena *a, const struct value *i18n,
    struct diags *d)
{
	size_t	i, j, k;
	int	rc = 0;

	for (j = 0; j < site->nlangs; j++)
		site->langs[j].strings = value_map(a);
	if (i18n->kind == VALUE_NULL)
		return 0;
	if (i18n->kind != VALUE_MAP) {
		diag_error(d, I18N_YML, i18n->line, i18n->col, "i18n.yml must "
		    "map each string's key to its text in each language");
		return -1;
	}
	for (i = 0; i < i18n->count; i++) {
		const struct value *key = i18n->pairs[i].key;
		const struct value *tr = i18n->pairs[i].val;

		if (!key_ok(key->str)) {
			diag_error(d, I18N_YML, key->line, key->col, "string "
			    "key '%s' may only use letters, digits and _",
			    key->str);
			rc = -1;
			continue;
		}
		if (tr->kind != VALUE_MAP) {
			diag_error(d, I18N_YML, tr->line, tr->col, "'%s' must "
			    "give its text in each language (en: ..., fr: "
			    "...)", key->str);
			rc = -1;
			continue;
		}
		for (k = 0; k < tr->count; k++) {
			const struct value *lk = tr->pairs[k].key;

			if (site_lang_index(site, lk->str) < 0) {
				diag_error(d, I18N_YML, lk->line, lk->col,
				    "'%s' is not one of the site's languages",
				    lk->str);
				rc = -1;
			}
		}
		for (j = 0; j < site->nlangs; j++) {
			const struct value *s = value_map_get(tr,
			    site->langs[j].code);

			if (s == NULL) {
				diag_error(d, I18N_YML, key->line, key->col,
				    "'%s' has no text in '%s'", key->str,
				    site->langs[j].code);
				rc = -1;
			} else if (s->kind != VALUE_STRING) {
				diag_error(d, I18N_YML, s->line, s->col,
				    "the '%s' text of '%s' must be text, not "
				    "%s", site->langs[j].code, key->str,
				    value_kind_name(s->kind));
				rc = -1;
			} else {
				value_map_append(a, site->langs[j].strings,
				    (struct value *)key, (struct value *)s);
			}
		}
	}
	return rc;
}

static int
skill_key_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 60)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}

/*
 * The file name of skill key's page in language k: its slug for k when
 * given, else the key in the default language and the name transliterated
 * in the others; NULL after reporting.
 */
static const char *
skill_file(struct site *site, struct arena *a, const struct value *key,
    const struct value *names, size_t k, struct diags *d)
{
	static const char path[] = "_data/skills.yml";
	const struct value *slugs = value_map_get(names, "slug");
	const struct value *s = value_map_get(slugs, site->langs[k].code);
	const char	*name = value_str(value_map_get(names,
			    site->langs[k].code));
	struct buf	 b = BUF_INIT;
	const char	*out;

	if (slugs != NULL && slugs->kind != VALUE_MAP) {
		diag_error(d, path, slugs->line, slugs->col, "'slug' must map "
		    "language codes to file names, as in 'slug: {fr: "
		    "accessibilite}'");
		return NULL;
	}
	if (s != NULL) {
		if (value_str(s) == NULL || !slug_ok(s->str)) {
			diag_error(d, path, s->line, s->col, "a skill's file "
			    "name may only use 1 to 60 lower-case letters, "
			    "digits and hyphens");
			return NULL;
		}
		return s->str;
	}
	if (k == site->default_lang)
		return key->str;
	if (name == NULL)
		return NULL;	/* reported */
	if (slug_from_name(&b, name) != 0) {
		diag_error(d, path, key->line, key->col, "the %s name of "
		    "skill '%s' gives no file name (it has no letter or "
		    "digit once written in ASCII): add 'slug: {%s: NAME}'",
		    site->langs[k].english, key->str, site->langs[k].code);
		buf_free(&b);
		return NULL;
	}
	out = arena_strndup(a, b.data, b.len);
	buf_free(&b);
	return out;
}

/* Each skill's page file name in each language; two may not share one. */
static int
site_skill_files(struct site *site, struct arena *a, struct diags *d)
{
	static const char path[] = "_data/skills.yml";
	const struct value *sk = site->skills;
	size_t	i, j, k;
	int	rc = 0;

	for (k = 0; k < site->nlangs; k++) {
		struct value *files = value_map(a);

		site->langs[k].skill_files = files;
		for (i = 0; i < sk->count; i++) {
			const struct value *key = sk->pairs[i].key;
			const char *f = skill_file(site, a, key,
			    sk->pairs[i].val, k, d);

			if (f == NULL) {
				rc = -1;
				continue;
			}
			for (j = 0; j < files->count; j++)
				if (strcmp(files->pairs[j].val->str, f) == 0)
					break;
			if (j < files->count) {
				diag_error(d, path, key->line, key->col,
				    "skills '%s' and '%s' would both have "
				    "the %s page %s%s.html: give one of them "
				    "another name, or a file name with "
				    "'slug: {%s: NAME}'",
				    files->pairs[j].key->str, key->str,
				    site->langs[k].english,
				    site->langs[k].skills, f,
				    site->langs[k].code);
				rc = -1;
				continue;
			}
			value_map_set(a, files, key->str,
			    value_string_static(a, f));
		}
	}
	return rc;
}

/* skills.yml: each key (a URL-safe name) has a name in every language. */
static int
site_check_skills(struct site *site, struct diags *d)
{
	static const char path[] = "_data/skills.yml";
	const struct value *sk = site->skills;
	size_t	i, j;
	int	rc = 0;

	if (sk->kind != VALUE_MAP) {
		diag_error(d, path, sk->line, sk->col, "skills.yml must map "
		    "each skill's key to its name in each language");
		site->skills = NULL;
		return -1;
	}
	for (i = 0; i < sk->count; i++) {
		const struct value *key = sk->pairs[i].key;
		const struct value *names = sk->pairs[i].val;

		if (!skill_key_ok(key->str)) {
			diag_error(d, path, key->line, key->col, "skill key "
			    "'%s' may only use lower-case letters, digits and "
			    "hyphens (it becomes part of a web address)",
			    key->str);
			rc = -1;
		}
		for (j = 0; j < site->nlangs; j++) {
			const struct value *n = value_map_get(names,
			    site->langs[j].code);

			if (value_str(n) == NULL || n->len == 0) {
				diag_error(d, path, key->line, key->col,
				    "skill '%s' has no %s name ('%s:')",
				    key->str, site->langs[j].english,
				    site->langs[j].code);
				rc = -1;
			}
		}
	}
	return rc;
}

/* Load every _data/NAME.yml into site->data. */
static int
site_load_data(struct site *site, struct arena *a, const struct source *src,
    struct diags *d)
{
	size_t	i;
	int	rc = 0;

	site->data = value_map(a);
	for (i = 0; i < src->count; i++) {
		const struct source_file *f = &src->files[i];
		const char	*name = f->path + strlen("_data/");
		size_t		 n = strlen(name);
		struct value	*v;
		char		*key;

		if (strncmp(f->path, "_data/", 6) != 0)
			continue;
		if (strchr(name, '/') != NULL || n < 5 ||
		    strcmp(name + n - 4, ".yml") != 0) {
			diag_error(d, f->path, 0, 0, "_data/ holds only .yml "
			    "files, directly in the folder");
			rc = -1;
			continue;
		}
		key = arena_strndup(a, name, n - 4);
		if (!key_ok(key)) {
			diag_error(d, f->path, 0, 0, "a data file name may "
			    "only use letters, digits and _");
			rc = -1;
			continue;
		}
		if ((v = site_load_yaml(a, f->path, f->data, f->len, d)) ==
		    NULL) {
			rc = -1;
			continue;
		}
		value_map_set(a, site->data, key, v);
	}
	return rc;
}

int
site_load(struct site *out, struct arena *a, const struct source *src,
    struct diags *d)
{
	const struct value *cfg, *i18n;
	int	rc = 0;

	memset(out, 0, sizeof(*out));
	if (site_load_data(out, a, src, d) != 0)
		rc = -1;
	cfg = value_map_get(out->data, "site");
	if (cfg == NULL) {
		if (source_find(src, SITE_YML) == NULL)
			diag_error(d, SITE_YML, 0, 0, "the site settings file "
			    "is missing");
		return -1;
	}
	if (cfg->kind != VALUE_MAP) {
		diag_error(d, SITE_YML, cfg->line, cfg->col, "site.yml must "
		    "hold settings as keys and values");
		return -1;
	}
	out->config = (struct value *)cfg;
	if (site_load_settings(out, a, cfg, d) != 0)
		rc = -1;
	i18n = value_map_get(out->data, "i18n");
	if (i18n == NULL) {
		if (source_find(src, I18N_YML) == NULL) {
			diag_error(d, I18N_YML, 0, 0, "the interface strings "
			    "file is missing");
			rc = -1;
		}
	} else if (site_load_i18n(out, a, i18n, d) != 0) {
		rc = -1;
	}
	for (size_t j = 0; j < out->nlangs; j++)
		if (out->langs[j].strings == NULL)
			out->langs[j].strings = value_map(a);
	out->skills = value_map_get(out->data, "skills");
	if (out->skills != NULL && site_check_skills(out, d) != 0)
		rc = -1;
	else if (out->skills != NULL && site_skill_files(out, a, d) != 0)
		rc = -1;
	out->nav = value_map_get(out->data, "nav");
	if (out->nav != NULL && out->nav->kind != VALUE_SEQ) {
		diag_error(d, NAV_YML, out->nav->line, out->nav->col,
		    "nav.yml must be a list of pages, each as '- ref: NAME'");
		out->nav = NULL;
		rc = -1;
	}
	return rc;
}
