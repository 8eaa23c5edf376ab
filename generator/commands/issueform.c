/*
 * An issue form's body into an opportunity file. See issueform.h for the
 * contract; the form itself is .github/ISSUE_TEMPLATE/opportunity.yml,
 * whose labels must match the table below (a test converts a body made
 * from the form).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "issueform.h"
#include "issueform_impl.h"
#include "opportunity.h"
#include "site.h"
#include "value.h"
#include "xalloc.h"

/* The form's questions, in the form's order. */
const struct field issueform_fields[ISSUEFORM_NFIELDS] = {
	{ "id", NULL, FK_ID, 0, 80, "Short name for the web address",
	    "Nom court pour l'adresse Web" },
	{ "value", NULL, FK_VALUE, 1, 40, "Value in Canadian dollars",
	    "Valeur en dollars canadiens" },
	{ "taxes", NULL, FK_TAXES, 1, 80, "Taxes",
	    "Taxes" },
	{ "closing", NULL, FK_INSTANT, 1, 80, "Closing date and time",
	    "Date et heure de clôture" },
	{ "questions_deadline", NULL, FK_INSTANT, 0, 80,
	    "Last moment to ask questions",
	    "Dernier moment pour poser des questions" },
	{ "selection", NULL, FK_DATE, 1, 80, "Expected selection date",
	    "Date prévue de sélection" },
	{ "start", NULL, FK_DATE, 0, 80, "Start date", "Date de début" },
	{ "delivery", NULL, FK_WHEN, 1, 80, "Delivery date",
	    "Date de livraison" },
	{ "contact", NULL, FK_EMAIL, 1, 254, "Contact e-mail address",
	    "Adresse courriel de contact" },
	{ "skills", NULL, FK_SKILLS, 1, 8192, "Skills", "Compétences" },
	{ "by", NULL, FK_APPLY, 0, 200, "How suppliers apply",
	    "Comment les fournisseurs postulent" },
	{ "url", NULL, FK_URL, 0, 2000, "Web address where suppliers apply",
	    "Adresse Web où les fournisseurs postulent" },
	{ "attachments", NULL, FK_FILES, 0, 8192, "Files to publish",
	    "Fichiers à publier" },
	{ "replace", NULL, FK_REPLACE, 0, 200,
	    "Eligibility conditions of this opportunity",
	    "Conditions d'admissibilité de cette occasion" },
	{ "title", "en", FK_LINE, 1, 1000, "Title in English",
	    "Titre en anglais" },
	{ "summary", "en", FK_LINE, 1, 2000, "Summary in English",
	    "Résumé en anglais" },
	{ "description", "en", FK_MARKDOWN, 1, 30000,
	    "Description in English", "Description en anglais" },
	{ "evaluation", "en", FK_MARKDOWN, 1, 30000, "Evaluation in English",
	    "Évaluation en anglais" },
	{ "acceptance", "en", FK_MARKDOWN, 1, 30000,
	    "Acceptance criteria in English",
	    "Critères d'acceptation en anglais" },
	{ "eligibility", "en", FK_MARKDOWN, 0, 30000,
	    "Eligibility conditions in English",
	    "Conditions d'admissibilité en anglais" },
	{ "how_to_apply", "en", FK_MARKDOWN, 0, 30000,
	    "What to send, in English", "Quoi envoyer, en anglais" },
	{ "title", "fr", FK_LINE, 1, 1000, "Title in French",
	    "Titre en français" },
	{ "slug", "fr", FK_ID, 0, 80, "Short name for the French web address",
	    "Nom court pour l'adresse Web française" },
	{ "summary", "fr", FK_LINE, 1, 2000, "Summary in French",
	    "Résumé en français" },
	{ "description", "fr", FK_MARKDOWN, 1, 30000,
	    "Description in French", "Description en français" },
	{ "evaluation", "fr", FK_MARKDOWN, 1, 30000, "Evaluation in French",
	    "Évaluation en français" },
	{ "acceptance", "fr", FK_MARKDOWN, 1, 30000,
	    "Acceptance criteria in French",
	    "Critères d'acceptation en français" },
	{ "eligibility", "fr", FK_MARKDOWN, 0, 30000,
	    "Eligibility conditions in French",
	    "Conditions d'admissibilité en français" },
	{ "how_to_apply", "fr", FK_MARKDOWN, 0, 30000,
	    "What to send, in French", "Quoi envoyer, en français" },
};
#define NFIELDS		ISSUEFORM_NFIELDS
_Static_assert(sizeof(issueform_fields) / sizeof(issueform_fields[0]) ==
    ISSUEFORM_NFIELDS, "ISSUEFORM_NFIELDS counts the form's questions");
static const struct field *const fields = issueform_fields;

/* Record a problem with field i; en and fr are printf formats taking the
 * same arguments (the answer, when it is quoted, comes first). */
void
form_problem(struct reader *r, size_t i, int warning, const char *en,
    const char *fr, ...) __attribute__((format(printf, 4, 6)));

void
form_problem(struct reader *r, size_t i, int warning, const char *en,
    const char *fr, ...)
{
	struct issueform	*f = r->f;
	struct issueform_problem *p;
	va_list			 ap;
	char			 tmp[1024];

	f->problems = xreallocarray(f->problems, f->nproblems + 1,
	    sizeof(*f->problems));
	p = &f->problems[f->nproblems++];
	p->warning = warning;
	p->field = i;
	p->seq = f->nproblems;
	p->line = r->a[i].line;
	p->label_en = i < NFIELDS ? fields[i].en : "The issue";
	p->label_fr = i < NFIELDS ? fields[i].fr : "La demande";
	va_start(ap, fr);
	vsnprintf(tmp, sizeof(tmp), en, ap);
	va_end(ap);
	p->en = xstrdup(tmp);
	va_start(ap, fr);
	vsnprintf(tmp, sizeof(tmp), fr, ap);
	va_end(ap);
	p->fr = xstrdup(tmp);
	if (!warning)
		f->nerrors++;
}


/* A double-quoted YAML scalar: safe for any text. */
char *
form_quoted(const char *s)
{
	struct buf	b = BUF_INIT;

	buf_putc(&b, '"');
	escape_yaml(&b, s, strlen(s));
	buf_putc(&b, '"');
	buf_putc(&b, '\0');
	return buf_detach(&b, NULL);
}

/* Collapse every run of white space to one space. */
static void
one_line(char *s)
{
	char	*o = s, *p = s;
	int	 space = 0;

	for (; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t')
			space = o > s;
		else {
			if (space)
				*o++ = ' ';
			space = 0;
			*o++ = *p;
		}
	}
	*o = '\0';
}

/* The French text must not repeat the English (title, summary,
 * description): that is a translation left to do. */
static void
check_translated(struct reader *r)
{
	size_t	i, j;

	for (i = 0; i < NFIELDS; i++) {
		if (fields[i].lang == NULL || strcmp(fields[i].lang, "fr") ||
		    r->a[i].out == NULL || strcmp(fields[i].key, "slug") == 0)
			continue;
		for (j = 0; j < NFIELDS; j++)
			if (fields[j].lang != NULL &&
			    strcmp(fields[j].lang, "en") == 0 &&
			    strcmp(fields[j].key, fields[i].key) == 0)
				break;
		if (j == NFIELDS || r->a[j].out == NULL ||
		    strcmp(fields[i].key, "evaluation") == 0 ||
		    strcmp(fields[i].key, "acceptance") == 0)
			continue;
		if (strcmp(r->a[i].text, r->a[j].text) == 0)
			form_problem(r, i, 0,
			    "this is the same text as the English "
			    "answer: write it in French",
			    "ce texte est le même "
			    "que la réponse anglaise\xc2\xa0: rédigez-le en "
			    "français");
	}
}

/* A Markdown answer as a literal block under a key indented by 2. */
static char *
markdown_block(const char *s)
{
	struct buf	b = BUF_INIT;
	const char	*p = s;

	buf_puts(&b, s[0] == ' ' ? "|2" : "|");
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t	    n = nl ? (size_t)(nl - p) : strlen(p);

		buf_putc(&b, '\n');
		if (n > 0)
			buf_puts(&b, "    ");
		for (; n > 0; p++, n--)
			buf_put(
			    &b, *p == '\t' ? "    " : p, *p == '\t' ? 4 : 1);
		p += nl != NULL;
	}
	buf_putc(&b, '\0');
	return buf_detach(&b, NULL);
}

static void
read_answer(struct reader *r, size_t i)
{
	struct answer	*a = &r->a[i];
	char		*t;

	if (a->text != NULL && strcmp(a->text, "_No response_") == 0) {
		free(a->text);
		a->text = NULL;
	}
	if (a->text == NULL || a->text[0] == '\0') {
		if (!fields[i].required)
			return;
		if (a->seen)
			form_problem(r, i, 0,
			    "no answer was given: this answer is "
			    "required",
			    "aucune réponse n’a été donnée\xc2\xa0: cette "
			    "réponse est obligatoire");
		else
			form_problem(r, i, 0,
			    "this question is missing from the "
			    "issue: open a new issue with the opportunity form",
			    "cette question manque dans la demande\xc2\xa0: "
			    "ouvrez une nouvelle demande avec le formulaire "
			    "d’occasion");
		return;
	}
	if (strlen(a->text) > fields[i].max) {
		form_problem(r, i, 0, "the answer is too long: at most %zu "
		    "characters", "la réponse est trop longue\xc2\xa0: au plus "
		    "%zu caractères", fields[i].max);
		return;
	}
	t = a->text;
	if (fields[i].kind != FK_MARKDOWN && fields[i].kind != FK_SKILLS &&
	    fields[i].kind != FK_FILES)
		one_line(t);
	switch (fields[i].kind) {
	case FK_ID:		form_id(r, i); break;
	case FK_VALUE:		form_value(r, i); break;
	case FK_TAXES:		form_taxes(r, i); break;
	case FK_INSTANT:
	case FK_DATE:
	case FK_WHEN:		form_when(r, i); break;
	case FK_EMAIL:		form_email(r, i); break;
	case FK_SKILLS:		form_skills(r, i); break;
	case FK_LINE:		a->out = form_quoted(t); break;
	case FK_MARKDOWN:	a->out = markdown_block(t); break;
	case FK_APPLY:		form_apply(r, i); break;
	case FK_URL:		form_url(r, i); break;
	case FK_FILES:		break;	/* once the id is known */
	case FK_REPLACE:	form_replace(r, i); break;
	}
	if ((fields[i].kind == FK_LINE || fields[i].kind == FK_MARKDOWN) &&
	    a->out != NULL)
		form_language(r, i);
}

static size_t
field_index(const char *key, const char *lang)
{
	size_t	i;

	for (i = 0; i < NFIELDS; i++)
		if (strcmp(fields[i].key, key) == 0 && fields[i].lang != NULL &&
		    strcmp(fields[i].lang, lang) == 0)
			break;
	return i;
}

/* An id from the English title: "Fix the Web form" -> fix-the-web-form. */
char *
form_id_from(const char *t)
{
	static const struct { const char *utf8; char ascii; } folds[] = {
		{ "\xc3\xa0", 'a' }, { "\xc3\xa2", 'a' }, { "\xc3\xa4", 'a' },
		{ "\xc3\xa7", 'c' }, { "\xc3\xa8", 'e' }, { "\xc3\xa9", 'e' },
		{ "\xc3\xaa", 'e' }, { "\xc3\xab", 'e' }, { "\xc3\xae", 'i' },
		{ "\xc3\xaf", 'i' }, { "\xc3\xb4", 'o' }, { "\xc3\xb6", 'o' },
		{ "\xc3\xb9", 'u' }, { "\xc3\xbb", 'u' }, { "\xc3\xbc", 'u' },
		{ "\xc3\x80", 'a' }, { "\xc3\x82", 'a' }, { "\xc3\x84", 'a' },
		{ "\xc3\x87", 'c' }, { "\xc3\x88", 'e' }, { "\xc3\x89", 'e' },
		{ "\xc3\x8a", 'e' }, { "\xc3\x8b", 'e' }, { "\xc3\x8e", 'i' },
		{ "\xc3\x8f", 'i' }, { "\xc3\x94", 'o' }, { "\xc3\x96", 'o' },
		{ "\xc3\x99", 'u' }, { "\xc3\x9b", 'u' }, { "\xc3\x9c", 'u' }
	};
	char	out[81];
	size_t	o = 0, k;

	while (*t != '\0' && o < 60) {
		char c = *t;

		if (c >= 'A' && c <= 'Z')
			c += 32;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			out[o++] = c;
			t++;
			continue;
		}
		if (c == '\'' || strncmp(t, "\xe2\x80\x99", 3) == 0) {
			t += c == '\'' ? 1 : 3;	/* form's -> forms */
			continue;
		}
		for (k = 0; k < sizeof(folds) / sizeof(folds[0]); k++)
			if (strncmp(t, folds[k].utf8, 2) == 0)
				break;
		if (k < sizeof(folds) / sizeof(folds[0])) {
			out[o++] = folds[k].ascii;
			t += 2;
			continue;
		}
		if (o > 0 && out[o - 1] != '-')
			out[o++] = '-';
		t++;
		while (((unsigned char)*t & 0xC0) == 0x80)
			t++;
	}
	if (o == 60 && *t != '\0')
		while (o > 0 && out[o - 1] != '-')
			o--;	/* do not cut a word */
	while (o > 0 && out[o - 1] == '-')
		o--;
	out[o] = '\0';
	return o > 0 ? xstrdup(out) : NULL;
}

/* "key: value" for answer i, or "key:" when it could not be read; an
 * optional answer left blank is not written unless always is set. */
static void
put_key(struct buf *b, const struct reader *r, size_t i, int indent,
    int always)
{
	if (r->a[i].out == NULL && !fields[i].required && !always)
		return;
	buf_printf(b, "%*s%s:", indent, "", fields[i].key);
	if (r->a[i].out != NULL)
		buf_printf(b, " %s", r->a[i].out);
	buf_putc(b, '\n');
}

static void
put_field(struct buf *b, const struct reader *r, size_t i, int indent)
{
	put_key(b, r, i, indent, 0);
}

/* The question of kind k (one of the form's own, not per language). */
static size_t
kind_index(enum field_kind k)
{
	size_t	i;

	for (i = 0; i < NFIELDS && fields[i].kind != k; i++)
		;
	return i;
}

/* Is answer i given (neither left blank nor "_No response_")? */
static int
answered(const struct reader *r, size_t i)
{
	return r->a[i].text != NULL && r->a[i].text[0] != '\0';
}

/* Is answer i read as the value v? */
static int
read_as(const struct reader *r, size_t i, const char *v)
{
	return r->a[i].out != NULL && strcmp(r->a[i].out, v) == 0;
}

/*
 * The answers that go together: the way to apply and its address, the
 * eligibility choice and its texts, what to send in both languages.
 */
static void
check_together(struct reader *r, const char *id)
{
	static const char *const langs[2] = { "en", "fr" };
	size_t	by = kind_index(FK_APPLY), url = kind_index(FK_URL);
	size_t	rep = kind_index(FK_REPLACE), el[2], ha[2], k;

	for (k = 0; k < 2; k++) {
		el[k] = field_index("eligibility", langs[k]);
		ha[k] = field_index("how_to_apply", langs[k]);
	}
	if (read_as(r, by, "web") && !answered(r, url))
		form_problem(r, url, 0, "suppliers apply on a web page: give "
		    "its address, starting with https://", "les fournisseurs "
		    "postulent sur une page Web\xc2\xa0: donnez son adresse, "
		    "commençant par https://");
	else if (answered(r, url) && !read_as(r, by, "web") &&
	    (r->a[by].out != NULL || !answered(r, by)))
		form_problem(r, url, 0, "a web address is only for suppliers "
		    "who apply on a web page: choose that way to apply, or "
		    "leave the address empty", "une adresse Web ne sert que "
		    "si les fournisseurs postulent sur une page Web\xc2\xa0: "
		    "choisissez cette façon de postuler, ou laissez "
		    "l’adresse vide");
	if (read_as(r, by, "form"))
		form_problem(r, by, 1, "a form cannot be attached to the "
		    "issue form itself: the posting team adds the form in "
		    "each language to opportunities/%s/ and names it under "
		    "apply in the file; until then, check fails", "un "
		    "formulaire ne peut pas être joint au formulaire de la "
		    "demande lui-même\xc2\xa0: l’équipe de publication "
		    "ajoute le "
		    "formulaire dans chaque langue à opportunities/%s/ et le "
		    "nomme sous apply dans le fichier; d’ici là, check "
		    "échoue", id);
	if (read_as(r, rep, "true") && r->a[el[0]].out == NULL &&
	    r->a[el[1]].out == NULL && !answered(r, el[0]) &&
	    !answered(r, el[1]))
		form_problem(r, rep, 0, "the conditions are to replace the "
		    "general ones, but none are written: write them in "
		    "English and in French, or leave this question without "
		    "an answer", "les conditions doivent remplacer les "
		    "conditions générales, mais aucune n’est rédigée\xc2\xa0: "
		    "rédigez-les en anglais et en français, ou laissez cette "
		    "question sans réponse");
	else if (read_as(r, rep, "false") && !answered(r, el[0]) &&
	    !answered(r, el[1]))
		form_problem(r, rep, 1, "no conditions are written, so only "
		    "the general ones apply", "aucune condition n’est "
		    "rédigée\xc2\xa0: seules les conditions générales "
		    "s’appliquent");
	for (k = 0; k < 2; k++) {
		if (!answered(r, el[k]) && answered(r, el[1 - k]))
			form_problem(r, el[k], 0, k ? "the conditions are "
			    "written in English only: write them in French too"
			    : "the conditions are written in French only: "
			    "write them in English too", k ? "les conditions "
			    "ne sont rédigées qu’en anglais\xc2\xa0: "
			    "rédigez-les "
			    "aussi en français" : "les conditions ne sont "
			    "rédigées qu’en français\xc2\xa0: rédigez-les "
			    "aussi en "
			    "anglais");
		if (!answered(r, ha[k]) && answered(r, ha[1 - k]))
			form_problem(r, ha[k], 0, k ? "what to send is written "
			    "in English only: write it in French too" : "what "
			    "to send is written in French only: write it in "
			    "English too", k ? "ce qu’il faut envoyer n’est "
			    "rédigé qu’en anglais\xc2\xa0: rédigez-le aussi en "
			    "français" : "ce qu’il faut envoyer n’est rédigé "
			    "qu’en français\xc2\xa0: rédigez-le aussi en "
			    "anglais");
	}
}

/* eligibility: and apply:, between the facts and the texts. */
static void
put_blocks(struct buf *b, const struct reader *r, const char *id)
{
	size_t	by = kind_index(FK_APPLY), url = kind_index(FK_URL);
	size_t	rep = kind_index(FK_REPLACE), el[2], k;

	el[0] = field_index("eligibility", "en");
	el[1] = field_index("eligibility", "fr");
	if (r->a[el[0]].out != NULL || r->a[el[1]].out != NULL ||
	    answered(r, el[0]) || answered(r, el[1]) ||
	    read_as(r, rep, "true")) {
		buf_puts(b, "eligibility:\n");
		if (read_as(r, rep, "true"))
			buf_puts(b, "  replace: true\n");
		for (k = 0; k < 2; k++)
			buf_printf(b, "  %s:%s%s\n", fields[el[k]].lang,
			    r->a[el[k]].out != NULL ? " " : "",
			    r->a[el[k]].out != NULL ? r->a[el[k]].out : "");
	}
	if (read_as(r, by, "web")) {
		buf_puts(b, "apply:\n  by: web\n");
		put_key(b, r, url, 2, 1);
	} else if (read_as(r, by, "form"))
		buf_printf(b, "# The application form: a maintainer adds the "
		    "file in each language to the\n# folder opportunities/%s/,"
		    "\n# lists it under attachments with its title, and names "
		    "it below.\napply:\n  by: form\n  form:\n    en:\n"
		    "    fr:\n", id);
}

static void
write_yaml(struct reader *r, const char *id)
{
	struct buf	*b = &r->f->yaml;
	size_t		 i;
	const char	*lang = NULL;

	buf_puts(b, "# Written by 'marche new opportunity --from-issue' from "
	    "the answers to the\n# opportunity form. The format is described "
	    "in 'man 5 marche'.\n");
	for (i = 1; i < NFIELDS; i++) {
		if (fields[i].kind == FK_APPLY || fields[i].kind == FK_URL ||
		    fields[i].kind == FK_FILES ||
		    fields[i].kind == FK_REPLACE ||
		    strcmp(fields[i].key, "eligibility") == 0)
			continue;	/* in put_blocks() */
		if (fields[i].lang != NULL && (lang == NULL ||
		    strcmp(lang, fields[i].lang) != 0)) {
			if (lang == NULL)
				put_blocks(b, r, id);
			lang = fields[i].lang;
			buf_printf(b, "%s:\n", lang);
		}
		put_field(b, r, i, lang != NULL ? 2 : 0);
	}
}

static int
problem_cmp(const void *pa, const void *pb)
{
	const struct issueform_problem *a = pa, *b = pb;

	if (a->field != b->field)
		return a->field < b->field ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
issueform_read(struct issueform *out, const char *body, size_t len,
    const struct site *site, const char *id)
{
	struct reader	 r;
	char		*text;
	const char	*title;
	size_t		 i;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	r.f = out;
	r.site = site;
	if (len > ISSUEFORM_MAX_BODY) {
		form_problem(&r, NFIELDS, 0,
		    "the issue is longer than %d KiB: shorten the "
		    "texts",
		    "la demande dépasse %d Kio\xc2\xa0: raccourcissez les "
		    "textes",
		    ISSUEFORM_MAX_BODY / 1024);
		return;
	}
	text = form_clean_body(body, len);
	if (form_split_answers(&r, text) == 0) {
		free(text);
		form_problem(&r, NFIELDS, 0,
		    "this issue was not written with the "
		    "opportunity form: open a new issue and choose the form",
		    "cette demande n’a pas été rédigée avec le formulaire "
		    "d’occasion\xc2\xa0: ouvrez une nouvelle demande et "
		    "choisissez le formulaire");
		return;
	}
	free(text);
	for (i = 0; i < NFIELDS; i++)
		read_answer(&r, i);
	check_translated(&r);
	title = r.a[field_index("title", "en")].text;
	if (id != NULL)
		out->id = xstrdup(id);
	else if (r.a[0].out != NULL)
		out->id = xstrdup(r.a[0].out);
	else if (r.a[0].text == NULL &&
		 (title == NULL || (out->id = form_id_from(title)) == NULL))
		form_problem(&r, 0, 0,
		    "no short name can be made from the English "
		    "title: give one",
		    "aucun nom court ne peut être tiré du "
		    "titre anglais\xc2\xa0: donnez-en un");
	check_together(&r, out->id != NULL ? out->id : "ID");
	form_files(&r, kind_index(FK_FILES), out->id != NULL ? out->id : "ID");
	if (out->id != NULL)
		write_yaml(&r, out->id);
	if (out->nproblems > 1)
		qsort(out->problems, out->nproblems, sizeof(*out->problems),
		    problem_cmp);
	for (i = 0; i < NFIELDS; i++) {
		free(r.a[i].text);
		free(r.a[i].out);
	}
}

void
issueform_exists(struct issueform *f, const char *path)
{
	struct reader	r;

	memset(&r, 0, sizeof(r));
	r.f = f;
	form_problem(&r, 0, 0, "`%s` already exists: choose another short name",
	    "`%s` existe déjà\xc2\xa0: choisissez un autre nom court", path);
}

void
issueform_free(struct issueform *f)
{
	size_t	i;

	for (i = 0; i < f->nproblems; i++) {
		free(f->problems[i].en);
		free(f->problems[i].fr);
	}
	free(f->problems);
	free(f->id);
	buf_free(&f->yaml);
	memset(f, 0, sizeof(*f));
}

/* Message text, with each `...` answer as a safe code span. */
static void
put_message(struct buf *out, const char *m)
{
	const char	*p = m, *q;
	struct buf	 shown = BUF_INIT;

	while ((q = strchr(p, '`')) != NULL) {
		const char *e = strchr(q + 1, '`');

		if (e == NULL)
			break;
		buf_put(out, p, (size_t)(q - p));
		buf_reset(&shown);
		escape_term(&shown, q + 1, (size_t)(e - q - 1), 0);
		escape_md_code(out, shown.data, shown.len, 0);
		p = e + 1;
	}
	buf_puts(out, p);
	buf_free(&shown);
}

void
issueform_comment(struct buf *out, const struct issueform *f,
    const char *path)
{
	size_t	i;

	if (f->nerrors > 0)
		buf_puts(out, "**Some answers could not be read.** Edit the "
		    "issue to correct them.\n\n**Certaines réponses n’ont pas "
		    "pu être lues.** Modifiez la demande pour les corriger.\n");
	else if (path != NULL)
		buf_printf(out, "**Every answer was read**, into `%s`.\n\n"
		    "**Toutes les réponses ont été lues**, dans `%s`.\n",
		    path, path);
	if (path != NULL && f->nerrors > 0)
		buf_printf(out, "\nWhat could be read is in `%s`. / Ce qui a "
		    "pu être lu se trouve dans `%s`.\n", path, path);
	if (f->nproblems > 0)
		buf_putc(out, '\n');
	for (i = 0; i < f->nproblems; i++) {
		const struct issueform_problem *p = &f->problems[i];

		buf_printf(out, "- **%s%s%s**%s\n  - ", p->label_en,
		    strcmp(p->label_en, p->label_fr) ? " / " : "",
		    strcmp(p->label_en, p->label_fr) ? p->label_fr : "",
		    p->warning ? " (to check / à vérifier)" : "");
		put_message(out, p->en);
		buf_puts(out, ".\n  - ");
		put_message(out, p->fr);
		buf_puts(out, ".\n");
	}
}
