/*
 * Open Resource Exchange entries: for each completed opportunity whose
 * award names the repository and the licence, a YAML "releases" entry
 * the client can paste into the catalogue's pull request, written to
 * open-resource-exchange/ID.yml. Strings are written double-quoted with
 * JSON escapes, which YAML reads the same way.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "emit_impl.h"
#include "escape.h"
#include "opportunity.h"
#include "site.h"
#include "value.h"

/* A double-quoted YAML string. */
static void
ore_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	escape_json(b, s, strlen(s));
	buf_putc(b, '"');
}

/* key: {en: ..., fr: ...} with one string per language. */
static void
ore_bilingual(struct buf *b, const struct emit_ctx *e, const char *indent,
    const char *key, const char *const *texts)
{
	size_t	k;

	buf_printf(b, "%s%s:\n", indent, key);
	for (k = 0; k < e->site->nlangs; k++) {
		buf_printf(b, "%s  %s: ", indent, e->site->langs[k].code);
		ore_str(b, texts[k]);
		buf_putc(b, '\n');
	}
}

static void
ore_entry(struct buf *b, const struct emit_ctx *e, const struct opportunity *o)
{
	const char	*texts[SITE_MAX_LANGS];
	size_t		 i, k;

	buf_puts(b, "# An entry for the Open Resource Exchange's releases list,"
	    "\n# made from the completed opportunity ");
	buf_puts(b, o->id);
	buf_puts(b, ".\nreleases:\n  -\n");
	for (k = 0; k < e->site->nlangs; k++)
		texts[k] = o->text[k].title;
	ore_bilingual(b, e, "    ", "name", texts);
	for (k = 0; k < e->site->nlangs; k++)
		texts[k] = o->text[k].summary;
	ore_bilingual(b, e, "    ", "description", texts);
	for (k = 0; k < e->site->nlangs; k++)
		texts[k] = o->award.repository;
	ore_bilingual(b, e, "    ", "repositoryURL", texts);
	buf_puts(b, "    licenses:\n      - spdxID: ");
	ore_str(b, o->award.licence);
	buf_puts(b, "\n    contact:\n      email: ");
	ore_str(b, o->contact);
	buf_printf(b, "\n    date:\n      created: \"%04d-%02d-%02d\"\n",
	    o->award.accepted.year, o->award.accepted.month,
	    o->award.accepted.day);
	buf_puts(b, "    tags:\n");
	for (k = 0; k < e->site->nlangs; k++) {
		buf_printf(b, "      %s:\n", e->site->langs[k].code);
		for (i = 0; i < o->nskills; i++) {
			const char *name = value_str(value_path(value_map_get(
			    e->site->skills, o->skills[i]),
			    e->site->langs[k].code));

			buf_puts(b, "        - ");
			ore_str(b, name != NULL ? name : o->skills[i]);
			buf_putc(b, '\n');
		}
	}
	buf_puts(b, "    vcs: \"git\"\n");
}

static void
make_ore(struct buf *b, const struct emit_ctx *e, const void *arg, size_t k,
    struct emit_scratch *s)
{
	(void)k;
	(void)s;
	ore_entry(b, e, arg);
}

/* "open-resource-exchange/ID.yml" (not arena_printf(): one for each
 * opportunity completed). */
static const char *
ore_path(struct arena *a, const char *id)
{
	static const char dir[] = "open-resource-exchange/";
	size_t	n = strlen(id);
	char	*p = arena_alloc(a, sizeof(dir) - 1 + n + sizeof(".yml"));

	memcpy(p, dir, sizeof(dir) - 1);
	memcpy(p + sizeof(dir) - 1, id, n);
	memcpy(p + sizeof(dir) - 1 + n, ".yml", sizeof(".yml"));
	return p;
}

void
emit_ore(struct emit_list *l, const struct emit_ctx *e, struct arena *a)
{
	size_t	i;

	for (i = 0; i < e->opps->count; i++) {
		const struct opportunity *o = &e->opps->list[i];

		if (!o->ok || o->status != OPP_STATUS_COMPLETED ||
		    !o->has_award || o->award.repository == NULL ||
		    o->award.licence == NULL || !o->award.has_accepted)
			continue;
		emit_list_add(l, ore_path(a, o->id), make_ore, o, 0);
		emit_list_own(l, i);
	}
}
