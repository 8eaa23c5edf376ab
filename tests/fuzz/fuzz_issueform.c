/*
 * Fuzz target for reading an issue form's body (issueform.c). Whatever the
 * body holds, the file written must load as YAML without a single error,
 * with only the opportunity's keys, each text a string (or empty), and the
 * one-line texts on one line; and when no problem was reported, every
 * required answer must be there.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "issueform.h"
#include "site.h"
#include "value.h"
#include "yml.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
known(const char *key, const char *const *keys)
{
	for (; *keys != NULL; keys++)
		if (strcmp(key, *keys) == 0)
			return 1;
	return 0;
}

static void
check_text(const struct value *m)
{
	static const char *const text[] = { "title", "slug", "summary",
	    "description", "evaluation", "acceptance", "how_to_apply", NULL };
	static const char *const required[] = { "title", "summary",
	    "description", "evaluation", "acceptance", NULL };
	size_t	i;

	if (m == NULL || m->kind != VALUE_MAP)
		abort();
	for (i = 0; i < m->count; i++) {
		const struct value *v = m->pairs[i].val;
		const char *k = m->pairs[i].key->str;

		if (!known(k, text) || (v->kind != VALUE_STRING &&
		    v->kind != VALUE_NULL))
			abort();
		if (v->kind == VALUE_STRING && (strcmp(k, "title") == 0 ||
		    strcmp(k, "summary") == 0) && strchr(v->str, '\n'))
			abort();
	}
	for (i = 0; required[i] != NULL; i++)
		if (value_map_get(m, required[i]) == NULL)
			abort();
}

/* eligibility: replace, en and fr as text; apply: by, and url as text
 * or form with en and fr left empty. */
static void
check_blocks(const struct value *root)
{
	static const char *const el[] = { "replace", "en", "fr", NULL };
	static const char *const ap[] = { "by", "url", "form", NULL };
	const struct value *m;
	size_t	i;

	if ((m = value_map_get(root, "eligibility")) != NULL) {
		if (m->kind != VALUE_MAP)
			abort();
		for (i = 0; i < m->count; i++)
			if (!known(m->pairs[i].key->str, el) ||
			    (strcmp(m->pairs[i].key->str, "replace") == 0 ?
			    m->pairs[i].val->kind != VALUE_BOOL :
			    m->pairs[i].val->kind != VALUE_STRING &&
			    m->pairs[i].val->kind != VALUE_NULL))
				abort();
	}
	if ((m = value_map_get(root, "apply")) != NULL) {
		const struct value *by = value_map_get(m, "by");

		if (m->kind != VALUE_MAP || by == NULL ||
		    by->kind != VALUE_STRING)
			abort();
		for (i = 0; i < m->count; i++)
			if (!known(m->pairs[i].key->str, ap) ||
			    (strcmp(m->pairs[i].key->str, "url") == 0 &&
			    m->pairs[i].val->kind != VALUE_STRING &&
			    m->pairs[i].val->kind != VALUE_NULL))
				abort();
		if (value_map_get(m, "url") != NULL &&
		    value_map_get(m, "url")->kind == VALUE_STRING &&
		    strncmp(value_map_get(m, "url")->str, "https://", 8) != 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const top[] = { "value", "taxes", "closing",
	    "questions_deadline", "selection", "start", "delivery", "contact",
	    "skills", "en", "fr", "eligibility", "apply", NULL };
	struct arena	*a = arena_new();
	struct diags	*d = diags_new();
	struct site	 site;
	struct issueform f;
	struct value	*root = NULL, *names;
	struct buf	 md = BUF_INIT;
	size_t		 i;

	memset(&site, 0, sizeof(site));
	site.skills = value_map(a);
	names = value_map_set(a, site.skills, "python", value_map(a));
	value_map_set(a, names, "en", value_string(a, "Python"));
	value_map_set(a, names, "fr", value_string(a, "Python"));
	names = value_map_set(a, site.skills, "accessibility", value_map(a));
	value_map_set(a, names, "en", value_string(a, "Web accessibility"));
	value_map_set(a, names, "fr", value_string(a, "Accessibilité Web"));

	issueform_read(&f, (const char *)data, size, &site, NULL);
	issueform_comment(&md, &f, f.yaml.len ? "opportunities/x.yml" : NULL);
	if (f.yaml.len > 0) {
		if (yml_load(&root, a, "x.yml", f.yaml.data, f.yaml.len, 1,
		    NULL, d) != 0 || diags_count(d) != 0 ||
		    root->kind != VALUE_MAP)
			abort();
		for (i = 0; i < root->count; i++) {
			const struct value *v = root->pairs[i].val;

			if (!known(root->pairs[i].key->str, top))
				abort();
			if (v->kind == VALUE_MAP || (v->kind == VALUE_SEQ &&
			    strcmp(root->pairs[i].key->str, "skills") != 0))
				if (strcmp(root->pairs[i].key->str, "en") &&
				    strcmp(root->pairs[i].key->str, "fr") &&
				    strcmp(root->pairs[i].key->str,
				    "eligibility") &&
				    strcmp(root->pairs[i].key->str, "apply"))
					abort();
		}
		check_blocks(root);
		check_text(value_map_get(root, "en"));
		check_text(value_map_get(root, "fr"));
		if (f.nerrors == 0)
			for (i = 0; i < 9; i++)
				if (i != 3 && (value_map_get(root, top[i]) ==
				    NULL || value_map_get(root, top[i])->kind ==
				    VALUE_NULL))
					abort();
	}
	buf_free(&md);
	issueform_free(&f);
	diags_free(d);
	arena_free(a);
	return 0;
}
