/*
 * What counts as a change to an opportunity's terms: what readers see,
 * not the bytes of the source. Markdown fields are compared as rendered
 * HTML with runs of white space made one space (outside <pre>), so
 * re-wrapping a paragraph or doubling a space is no change; plain text
 * fields are compared with their white space squeezed the same way;
 * dates as the instants (or days) they name; money as numbers; every
 * other term as its typed value, so a change of YAML quoting is none.
 *
 * What these rules conclude is kept in the dating cache: a change to them
 * must change the "dating N" in opp_history.c's dating_format(), so that
 * caches written under the old rules are not used.
 */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "blobid.h"
#include "buf.h"
#include "diag.h"
#include "instant.h"
#include "markdown.h"
#include "opportunity.h"
#include "site.h"
#include "value.h"

/* The terms: facts stated once, then each language's text. */
static const char *const fact_keys[] = {
	"value", "taxes", "closing", "questions_deadline", "selection",
	"start", "delivery", "contact", "skills"
};
static const char *const text_keys[] = {
	"title", "summary", "description", "evaluation", "acceptance", "slug",
	"how_to_apply"
};
/* Terms inside a map: {term's key, its path from the root}. */
static const char *const fact_paths[][2] = {
	{ "eligibility_replace", "eligibility.replace" },
	{ "apply_by", "apply.by" },
	{ "apply_url", "apply.url" },
	{ "attachments", "attachments" }
};
/* The same per language: {key, map whose language key holds it}. */
static const char *const text_paths[][2] = {
	{ "eligibility", "eligibility" },
	{ "apply_form", "apply.form" }
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/*
 * Append s with each run of white space as one space and none at the
 * ends; in HTML (html set), the text of <pre> elements is kept as it is.
 */
static void
squeeze(struct buf *b, const char *s, size_t n, int html)
{
	size_t	i;
	int	pre = 0, space = 0;

	for (i = 0; i < n; i++) {
		if (html && s[i] == '<') {
			if (n - i >= 4 && strncmp(s + i, "<pre", 4) == 0)
				pre = 1;
			else if (n - i >= 6 && strncmp(s + i, "</pre>", 6) == 0)
				pre = 0;
		}
		if (!pre && is_space(s[i])) {
			space = 1;
			continue;
		}
		if (space && b->len > 0)
			buf_putc(b, ' ');
		space = 0;
		buf_putc(b, s[i]);
	}
}

/* Markdown as readers see it, squeezed; the source squeezed if it fails. */
static void
markdown_seen(struct buf *b, struct arena *a, const struct value *v)
{
	struct markdown_source	 src = { "", 1, 0, 0 };
	struct diags		*quiet = diags_new();
	struct buf		 html = BUF_INIT;

	if (markdown_render(&html, NULL, a, &src, v->str, v->len, NULL,
	    quiet) == 0)
		squeeze(b, html.data != NULL ? html.data : "", html.len, 1);
	else
		squeeze(b, v->str, v->len, 0);
	buf_free(&html);
	diags_free(quiet);
}

/* Do two strings of a text field look the same to readers? */
static int
text_same(const char *key, const struct value *o, const struct value *n)
{
	struct buf	 x = BUF_INIT, y = BUF_INIT;
	struct arena	*a;
	int		 same;

	if (strcmp(key, "slug") == 0)
		return 0;	/* an address: any byte counts */
	if (opp_term_is_markdown(key)) {
		a = arena_new();
		markdown_seen(&x, a, o);
		markdown_seen(&y, a, n);
		arena_free(a);
	} else {
		squeeze(&x, o->str, o->len, 0);
		squeeze(&y, n->str, n->len, 0);
	}
	same = x.len == y.len && (x.len == 0 || memcmp(x.data, y.data,
	    x.len) == 0);
	buf_free(&x);
	buf_free(&y);
	return same;
}

static double
number_of(const struct value *v)
{
	return v->kind == VALUE_INT ? (double)v->integer : v->number;
}

int
opp_term_same(const struct site *site, const char *key, const struct value *o,
    const struct value *n)
{
	struct instant	io, in;

	if (value_equal(o, n))
		return 1;
	if (o == NULL || n == NULL)
		return 0;
	if ((o->kind == VALUE_INT || o->kind == VALUE_NUMBER) &&
	    (n->kind == VALUE_INT || n->kind == VALUE_NUMBER))
		return number_of(o) == number_of(n);
	if (o->kind != VALUE_STRING || n->kind != VALUE_STRING)
		return 0;
	if (opp_term_is_date(key))
		return instant_parse(&io, NULL, o->str, site->time_zone) ==
		    INSTANT_OK && instant_parse(&in, NULL, n->str,
		    site->time_zone) == INSTANT_OK &&
		    io.has_time == in.has_time && (io.has_time ?
		    io.epoch == in.epoch : io.year == in.year &&
		    io.month == in.month && io.day == in.day);
	return strcmp(key, "contact") != 0 && text_same(key, o, n);
}

/* How many terms opp_terms_diff() compares: see term_at(). */
static size_t
term_count(const struct site *site)
{
	return NELEM(fact_keys) + NELEM(fact_paths) + site->nlangs *
	    (NELEM(text_keys) + NELEM(text_paths));
}

/*
 * Term t of root (NULL when root has none): the facts stated once, then
 * each language's text; its key in *key, its language in *lang (-1 for
 * a fact).
 */
static const struct value *
term_at(const struct value *root, const struct site *site, size_t t,
    const char **key, int *lang)
{
	size_t	per = NELEM(text_keys) + NELEM(text_paths), k;

	*lang = -1;
	if (t < NELEM(fact_keys)) {
		*key = fact_keys[t];
		return value_map_get(root, fact_keys[t]);
	}
	t -= NELEM(fact_keys);
	if (t < NELEM(fact_paths)) {
		*key = fact_paths[t][0];
		return value_path(root, fact_paths[t][1]);
	}
	t -= NELEM(fact_paths);
	k = t / per;
	t %= per;
	*lang = (int)k;
	if (t < NELEM(text_keys)) {
		*key = text_keys[t];
		return value_map_get(value_map_get(root, site->langs[k].code),
		    text_keys[t]);
	}
	t -= NELEM(text_keys);
	*key = text_paths[t][0];
	return value_map_get(value_path(root, text_paths[t][1]),
	    site->langs[k].code);
}

void
opp_terms_diff(const struct value *oldr, const struct value *newr,
    const struct site *site, opp_term_fn fn, void *ctx)
{
	const char	*key;
	size_t		 t, n = term_count(site);
	int		 lang;

	for (t = 0; t < n; t++) {
		const struct value *o = term_at(oldr, site, t, &key, &lang);
		const struct value *v = term_at(newr, site, t, &key, &lang);

		if (!opp_term_same(site, key, o, v))
			fn(ctx, key, lang, o, v);
	}
}

/*
 * Append v to b so that two values with the same bytes are equal by
 * value_equal(). Returns 0, or -1 for a number no bytes can stand for
 * (NaN, unequal to itself).
 */
static int
term_put(struct buf *b, const struct value *v)
{
	uint64_t	bits;
	size_t		i;

	if (v == NULL) {
		buf_put_le(b, 0, 1);
		return 0;
	}
	buf_put_le(b, (uint64_t)v->kind + 1, 1);
	switch (v->kind) {
	case VALUE_NULL:
		return 0;
	case VALUE_BOOL:
		buf_put_le(b, v->boolean != 0, 1);
		return 0;
	case VALUE_INT:
		buf_put_le(b, (uint64_t)v->integer, 8);
		return 0;
	case VALUE_NUMBER:
		if (v->number != v->number)
			return -1;
		memcpy(&bits, &v->number, sizeof(bits));
		buf_put_le(b, bits, 8);
		return 0;
	case VALUE_STRING:
		buf_put_le(b, v->len, 4);
		buf_put(b, v->str, v->len);
		return 0;
	case VALUE_SEQ:
		buf_put_le(b, v->count, 4);
		for (i = 0; i < v->count; i++)
			if (term_put(b, v->items[i]) != 0)
				return -1;
		return 0;
	case VALUE_MAP:
		buf_put_le(b, v->count, 4);
		for (i = 0; i < v->count; i++)
			if (term_put(b, v->pairs[i].key) != 0 ||
			    term_put(b, v->pairs[i].val) != 0)
				return -1;
		return 0;
	}
	return -1;
}

int
opp_terms_digest(const struct value *root, const struct site *site,
    unsigned char out[20])
{
	struct buf	 b = BUF_INIT;
	const char	*key;
	size_t		 t, n = term_count(site);
	int		 lang, rc = 0;

	for (t = 0; t < n && rc == 0; t++)
		rc = term_put(&b, term_at(root, site, t, &key, &lang));
	if (rc == 0)
		rc = blob_id(b.data, b.len, out);
	buf_free(&b);
	return rc;
}

const char *
opp_term_key(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < NELEM(fact_keys); i++)
		if (strlen(fact_keys[i]) == n && memcmp(fact_keys[i], s, n) == 0)
			return fact_keys[i];
	for (i = 0; i < NELEM(text_keys); i++)
		if (strlen(text_keys[i]) == n && memcmp(text_keys[i], s, n) == 0)
			return text_keys[i];
	for (i = 0; i < NELEM(fact_paths); i++)
		if (strlen(fact_paths[i][0]) == n &&
		    memcmp(fact_paths[i][0], s, n) == 0)
			return fact_paths[i][0];
	for (i = 0; i < NELEM(text_paths); i++)
		if (strlen(text_paths[i][0]) == n &&
		    memcmp(text_paths[i][0], s, n) == 0)
			return text_paths[i][0];
	return NULL;
}
