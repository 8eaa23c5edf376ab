/*
 * Open data: opportunities.json and opportunities.csv at the site's
 * root, one record per shown opportunity, sorted by id.
 *
 * JSON (schemas/opportunities.schema.json): an array of objects with
 * the language-neutral facts under fixed keys (id, status, value,
 * currency, taxes_included, closing, questions_deadline, selection,
 * start, delivery, contact, skills, questions, answered, amendments,
 * award with ended and reason, eligibility_replaces_general, apply,
 * attachments) and one object per language code ({"title", "summary",
 * "url", "calendar", "eligibility", "how_to_apply", "apply_form"}).
 * Instants are ISO 8601 with their offset, dates alone when no time was
 * written; missing values are null.
 *
 * CSV (RFC 4180, UTF-8, CRLF): the same facts, one column each, named in
 * the Government of Canada open-data style "english-french", with
 * per-language columns suffixed "-CODE"; skills are joined with ";".
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "emit_impl.h"
#include "escape.h"
#include "instant.h"
#include "opportunity.h"
#include "site.h"

/* Append a JSON string, quoted, or null for NULL. */
static void
json_str(struct buf *b, const char *s)
{
	if (s == NULL) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	escape_json(b, s, strlen(s));
	buf_putc(b, '"');
}

/* Append the amount v: whole dollars as an integer, else cents. */
static void
put_amount(struct buf *b, double v)
{
	if (v > -1e15 && v < 1e15 && (double)(long long)v == v)
		buf_printf(b, "%.0f", v);
	else
		buf_printf(b, "%.2f", v);
}

/* Append "key": t as a quoted ISO string. */
static void
json_instant(struct buf *b, const char *key, const struct instant *t)
{
	buf_printf(b, "    \"%s\": \"", key);
	emit_instant(b, t);
	buf_puts(b, "\",\n");
}

/* Number of answered questions of o. */
static size_t
answered(const struct opportunity *o)
{
	size_t	i, n = 0;

	for (i = 0; i < o->nquestions; i++)
		n += o->questions[i].has_answer != 0;
	return n;
}

/* Append {"en": s[0], "fr": s[1]...} indented, or null for NULL. */
static void
json_langs(struct buf *b, const struct emit_ctx *e, const char *const *s,
    int indent)
{
	size_t	k;

	if (s == NULL) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '{');
	for (k = 0; k < e->site->nlangs; k++) {
		buf_printf(b, "%s\n%*s", k > 0 ? "," : "", indent + 2, "");
		json_str(b, e->site->langs[k].code);
		buf_puts(b, ": ");
		json_str(b, s[k]);
	}
	buf_printf(b, "\n%*s}", indent, "");
}

/* Append the published address of an attachment. */
static void
attachment_url(struct buf *b, const struct emit_ctx *e,
    const struct opp_attachment *at)
{
	buf_puts(b, e->site->base_url);
	buf_putc(b, '/');
	escape_url_path(b, at->out_path, strlen(at->out_path));
}

/* Append the attachments of o: file, address, type, size, titles. */
static void
json_attachments(struct buf *b, const struct emit_ctx *e,
    const struct opportunity *o)
{
	struct buf	u = BUF_INIT;
	size_t		i;

	buf_putc(b, '[');
	for (i = 0; i < o->nattachments; i++) {
		const struct opp_attachment *at = &o->attachments[i];

		buf_puts(b, i > 0 ? ", {\n      \"file\": " :
		    "{\n      \"file\": ");
		json_str(b, at->file);
		buf_reset(&u);
		attachment_url(&u, e, at);
		buf_puts(b, ",\n      \"url\": ");
		json_str(b, u.data);
		buf_puts(b, ",\n      \"type\": ");
		json_str(b, at->type);
		buf_puts(b, ",\n      \"media_type\": ");
		json_str(b, at->mime);
		buf_printf(b, ",\n      \"bytes\": %zu,\n      \"lang\": ",
		    at->size);
		json_str(b, at->lang >= 0 ? e->site->langs[at->lang].code :
		    NULL);
		buf_puts(b, ",\n      \"title\": ");
		json_langs(b, e, at->title, 6);
		buf_puts(b, "\n    }");
	}
	buf_putc(b, ']');
	buf_free(&u);
}

/* Append the award object of o, or null. */
static void
json_award(struct buf *b, const struct emit_ctx *e,
    const struct opportunity *o)
{
	if (!o->has_award) {
		buf_puts(b, "null");
		return;
	}
	buf_puts(b, "{\n      \"supplier\": ");
	json_str(b, o->award.supplier);
	buf_puts(b, ",\n      \"repository\": ");
	json_str(b, o->award.repository);
	buf_puts(b, ",\n      \"licence\": ");
	json_str(b, o->award.licence);
	buf_puts(b, ",\n      \"accepted\": ");
	if (o->award.has_accepted) {
		buf_putc(b, '"');
		emit_instant(b, &o->award.accepted);
		buf_putc(b, '"');
	} else {
		buf_puts(b, "null");
	}
	buf_puts(b, ",\n      \"ended\": ");
	if (o->award.has_ended) {
		buf_putc(b, '"');
		emit_instant(b, &o->award.ended);
		buf_putc(b, '"');
	} else {
		buf_puts(b, "null");
	}
	buf_puts(b, ",\n      \"reason\": ");
	json_langs(b, e, o->award.has_ended ? o->award.reason : NULL, 6);
	buf_puts(b, "\n    }");
}

/* "email", "web" or "form". */
static const char *
apply_by_code(enum opp_apply_by by)
{
	return by == OPP_APPLY_WEB ? "web" : by == OPP_APPLY_FORM ? "form" :
	    "email";
}

/* Append m's text as a JSON string (null when it has none). */
static void
json_markdown(struct buf *b, const struct opp_markdown *m)
{
	char	*tmp;

	json_str(b, opp_markdown_text(m, &tmp));
	free(tmp);
}

/* Append the per-language object of o in language k. */
static void
json_text(struct buf *b, const struct emit_ctx *e,
    const struct opportunity *o, size_t k)
{
	const struct opp_text	*t = &o->text[k];
	struct buf		 u = BUF_INIT;
	size_t			 n = strlen(t->permalink);

	buf_puts(b, "    ");
	json_str(b, e->site->langs[k].code);
	buf_puts(b, ": {\n      \"title\": ");
	json_str(b, t->title);
	buf_puts(b, ",\n      \"summary\": ");
	json_str(b, t->summary);
	emit_url(&u, e, t->permalink);
	buf_puts(b, ",\n      \"url\": ");
	json_str(b, u.data);
	buf_reset(&u);
	if (n > 5 && strcmp(t->permalink + n - 5, ".html") == 0)
		n -= 5;
	buf_puts(&u, e->site->base_url);
	escape_url_path(&u, t->permalink, n);
	buf_puts(&u, ".ics");
	buf_puts(b, ",\n      \"calendar\": ");
	json_str(b, u.data);
	buf_puts(b, ",\n      \"eligibility\": ");
	json_markdown(b, &o->eligibility[k]);
	buf_puts(b, ",\n      \"how_to_apply\": ");
	json_markdown(b, &t->how_to_apply);
	buf_puts(b, ",\n      \"apply_form\": ");
	if (o->apply_form[k] != NULL) {
		buf_reset(&u);
		attachment_url(&u, e, o->apply_form[k]);
		json_str(b, u.data);
	} else {
		buf_puts(b, "null");
	}
	buf_puts(b, "\n    }");
	buf_free(&u);
}

/* Append the JSON object of o. */
static void
json_opportunity(struct buf *b, const struct emit_ctx *e,
    const struct opportunity *o)
{
	size_t	i;

	buf_puts(b, "  {\n    \"id\": ");
	json_str(b, o->id);
	buf_puts(b, ",\n    \"status\": ");
	json_str(b, opp_status_code(o->status));
	buf_puts(b, ",\n    \"value\": ");
	put_amount(b, o->value);
	buf_printf(b, ",\n    \"currency\": \"CAD\",\n"
	    "    \"taxes_included\": %s,\n", o->taxes_included ? "true" :
	    "false");
	json_instant(b, "closing", &o->closing);
	if (o->has_deadline)
		json_instant(b, "questions_deadline", &o->questions_deadline);
	else
		buf_puts(b, "    \"questions_deadline\": null,\n");
	json_instant(b, "selection", &o->selection);
	if (o->has_start)
		json_instant(b, "start", &o->start);
	else
		buf_puts(b, "    \"start\": null,\n");
	json_instant(b, "delivery", &o->delivery);
	buf_puts(b, "    \"contact\": ");
	json_str(b, o->contact);
	buf_puts(b, ",\n    \"skills\": [");
	for (i = 0; i < o->nskills; i++) {
		buf_puts(b, i > 0 ? ", " : "");
		json_str(b, o->skills[i]);
	}
	buf_printf(b, "],\n    \"questions\": %zu,\n    \"answered\": %zu,\n"
	    "    \"amendments\": %zu,\n    \"award\": ", o->nquestions,
	    answered(o), o->namendments);
	json_award(b, e, o);
	buf_printf(b, ",\n    \"eligibility_replaces_general\": %s,\n"
	    "    \"apply\": {\"by\": \"%s\", \"url\": ",
	    o->eligibility_replace ? "true" : "false",
	    apply_by_code(o->apply_by));
	json_str(b, o->apply_url);
	buf_puts(b, "},\n    \"attachments\": ");
	json_attachments(b, e, o);
	for (i = 0; i < e->site->nlangs; i++) {
		buf_puts(b, ",\n");
		json_text(b, e, o, i);
	}
	buf_puts(b, "\n  }");
}

/* Append one CSV field and its separator (last: CRLF). */
static void
csv(struct buf *b, const char *s, int last)
{
	if (s != NULL)
		escape_csv(b, s, strlen(s));
	buf_puts(b, last ? "\r\n" : ",");
}

/* A multi-line CSV field, its line breaks CRLF like the records'. */
static void
csv_lines(struct buf *b, const char *s)
{
	struct buf	t = BUF_INIT;

	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\n' && (t.len == 0 || t.data[t.len - 1] != '\r'))
			buf_putc(&t, '\r');
		buf_putc(&t, *s);
	}
	csv(b, t.data != NULL ? t.data : (s != NULL ? "" : NULL), 0);
	buf_free(&t);
}

/* The CSV header line. */
/* csv_lines() of m's text. */
static void
csv_markdown(struct buf *b, const struct opp_markdown *m)
{
	char	*tmp;

	csv_lines(b, opp_markdown_text(m, &tmp));
	free(tmp);
}

static void
csv_header(struct buf *b, const struct emit_ctx *e)
{
	static const char *const per_lang[] = { "title-titre",
	    "summary-resume", "link-lien" };
	size_t	i, k;

	buf_puts(b, "id-identifiant,status-statut,");
	for (i = 0; i < sizeof(per_lang) / sizeof(per_lang[0]); i++)
		for (k = 0; k < e->site->nlangs; k++)
			buf_printf(b, "%s-%s,", per_lang[i],
			    e->site->langs[k].code);
	buf_puts(b, "value-valeur,taxesIncluded-taxesIncluses,"
	    "closingDate-dateCloture,questionsDeadline-dateLimiteQuestions,"
	    "selectionDate-dateSelection,startDate-dateDebut,"
	    "deliveryDate-dateLivraison,contact-contact,"
	    "skills-competences,questions-questions,"
	    "answeredQuestions-questionsRepondues,"
	    "amendments-modifications,"
	    "awardSupplier-fournisseurAttribue,repository-depot,"
	    "licence-licence,acceptedDate-dateAcceptation,"
	    "contractEnded-finContrat,");
	for (k = 0; k < e->site->nlangs; k++)
		buf_printf(b, "endReason-motifFin-%s,", e->site->langs[k].code);
	for (k = 0; k < e->site->nlangs; k++)
		buf_printf(b, "eligibility-admissibilite-%s,",
		    e->site->langs[k].code);
	buf_puts(b, "eligibilityReplacesGeneral-admissibiliteRemplaceGenerale,"
	    "applyBy-modeCandidature,applyUrl-adresseCandidature,"
	    "attachments-piecesJointes\r\n");
}

/* Append "instant," (or "," when t is NULL). */
static void
csv_instant(struct buf *b, const struct instant *t)
{
	if (t != NULL)
		emit_instant(b, t);
	buf_putc(b, ',');
}

/* The CSV row of o. */
static void
csv_row(struct buf *b, const struct emit_ctx *e, const struct opportunity *o)
{
	const struct opp_award	*w = o->has_award ? &o->award : NULL;
	struct buf		 s = BUF_INIT;
	size_t			 i;

	csv(b, o->id, 0);
	csv(b, opp_status_code(o->status), 0);
	for (i = 0; i < e->site->nlangs; i++)
		csv(b, o->text[i].title, 0);
	for (i = 0; i < e->site->nlangs; i++)
		csv(b, o->text[i].summary, 0);
	for (i = 0; i < e->site->nlangs; i++) {
		buf_reset(&s);
		emit_url(&s, e, o->text[i].permalink);
		csv(b, s.data, 0);
	}
	put_amount(b, o->value);
	buf_puts(b, o->taxes_included ? ",true," : ",false,");
	csv_instant(b, &o->closing);
	csv_instant(b, o->has_deadline ? &o->questions_deadline : NULL);
	csv_instant(b, &o->selection);
	csv_instant(b, o->has_start ? &o->start : NULL);
	csv_instant(b, &o->delivery);
	csv(b, o->contact, 0);
	buf_reset(&s);
	for (i = 0; i < o->nskills; i++)
		buf_printf(&s, "%s%s", i > 0 ? ";" : "", o->skills[i]);
	csv(b, s.data != NULL ? s.data : "", 0);
	buf_printf(b, "%zu,%zu,%zu,", o->nquestions, answered(o),
	    o->namendments);
	csv(b, w != NULL ? w->supplier : NULL, 0);
	csv(b, w != NULL ? w->repository : NULL, 0);
	csv(b, w != NULL ? w->licence : NULL, 0);
	if (w != NULL && w->has_accepted)
		emit_instant(b, &w->accepted);
	buf_putc(b, ',');
	csv_instant(b, w != NULL && w->has_ended ? &w->ended : NULL);
	for (i = 0; i < e->site->nlangs; i++)
		csv(b, w != NULL && w->has_ended ? w->reason[i] : NULL, 0);
	for (i = 0; i < e->site->nlangs; i++)
		csv_markdown(b, &o->eligibility[i]);
	buf_puts(b, o->eligibility_replace ? "true," : "false,");
	csv(b, apply_by_code(o->apply_by), 0);
	csv(b, o->apply_url, 0);
	buf_reset(&s);
	for (i = 0; i < o->nattachments; i++) {
		if (i > 0)
			buf_putc(&s, ';');
		attachment_url(&s, e, &o->attachments[i]);
	}
	csv(b, s.data != NULL ? s.data : "", 1);
	buf_free(&s);
}

static void
make_json(struct buf *b, const struct emit_ctx *e, const void *arg,
    size_t k, struct emit_scratch *s)
{
	size_t	i, n = 0, at;

	(void)arg;
	(void)k;
	buf_putc(b, '[');
	for (i = 0; i < e->opps->count; i++) {
		const struct opportunity *o = &e->opps->list[i];

		if (!o->ok)
			continue;
		buf_puts(b, n++ > 0 ? ",\n" : "\n");
		at = b->len;
		if (!emit_part_kept(b, s, i, 0)) {
			json_opportunity(b, e, o);
			emit_part_save(s, i, 0, b, at);
		}
		emit_flush(b, s);
	}
	buf_puts(b, n > 0 ? "\n]\n" : "]\n");
}

static void
make_csv(struct buf *b, const struct emit_ctx *e, const void *arg,
    size_t k, struct emit_scratch *s)
{
	size_t	i, at;

	(void)arg;
	(void)k;
	csv_header(b, e);
	for (i = 0; i < e->opps->count; i++)
		if (e->opps->list[i].ok) {
			at = b->len;
			if (!emit_part_kept(b, s, i, 0)) {
				csv_row(b, e, &e->opps->list[i]);
				emit_part_save(s, i, 0, b, at);
			}
			emit_flush(b, s);
		}
}

void
emit_opendata(struct emit_list *l, const struct emit_ctx *e,
    struct arena *a)
{
	struct emit_paths paths;

	emit_paths(&paths, a, e->site, e->pages, 0);
	emit_list_add(l, paths.json, make_json, NULL, 0);
	emit_list_parts(l);
	emit_list_add(l, paths.csv, make_csv, NULL, 0);
	emit_list_parts(l);
}
