/*
 * Shared by issueform.c (the form's questions, the body's structure, the
 * file and the comment written) and issueform_answer.c (reading one
 * answer: amounts, dates, e-mail, short names, skills, language). Not
 * part of the interface.
 */
#ifndef MARCHE_ISSUEFORM_IMPL_H
#define MARCHE_ISSUEFORM_IMPL_H

#include <stddef.h>

#include "issueform.h"

struct site;

#define ISSUEFORM_NFIELDS	29	/* questions in the form */
#define MAX_SKILL_PROBLEMS	5	/* unknown skills reported */

enum field_kind {
	FK_ID,		/* a short name: lower-case letters, digits, hyphens */
	FK_VALUE,	/* an amount in dollars */
	FK_TAXES,	/* excluded or included */
	FK_INSTANT,	/* a date and a time, local to the site */
	FK_DATE,	/* a date */
	FK_WHEN,	/* a date, or a date and a time */
	FK_EMAIL,	/* an e-mail address */
	FK_SKILLS,	/* ticked options of the skills list */
	FK_LINE,	/* one line of plain text */
	FK_MARKDOWN,	/* several lines of Markdown */
	FK_APPLY,	/* how to apply: e-mail, a web page or a form */
	FK_URL,		/* an https address */
	FK_FILES,	/* links to files attached to the issue */
	FK_REPLACE	/* eligibility: adds to or replaces the general */
};

struct field {
	const char	*key;	/* the opportunity's key, or "id"; for
				 * apply, url, replace: the key in its block;
				 * attachments are not written */
	const char	*lang;	/* "en" or "fr" for text, else NULL */
	enum field_kind	 kind;	/* how the answer is read */
	int		 required; /* an empty answer is a problem */
	size_t		 max;	/* longest answer, in bytes */
	const char	*en;	/* the question's label in English */
	const char	*fr;	/* and in French */
};

/* The form's questions, in the form's order. */
extern const struct field issueform_fields[ISSUEFORM_NFIELDS];


/* One answer as found in the body. */
struct answer {
	int	 seen;	/* its heading is in the body */
	int	 line;	/* the heading's line */
	char	*text;	/* cleaned text, blank lines trimmed, or NULL */
	char	*out;	/* the YAML value to write after "key: ", or NULL */
};

/* Reading one body. */
struct reader {
	struct issueform	*f;	/* what is being filled */
	const struct site	*site;	/* the skills to choose from */
	/* by question; the last one stands for the issue as a whole */
	struct answer		 a[ISSUEFORM_NFIELDS + 1];
};

/*
 * Record a problem with question i (ISSUEFORM_NFIELDS: the issue as a
 * whole); en and fr are printf formats taking the same arguments (the
 * answer, when it is quoted, comes first, from form_shown()).
 */
void	form_problem(struct reader *r, size_t i, int warning,
	    const char *en, const char *fr, ...)
	    __attribute__((format(printf, 4, 6)));
/* The answer s cut to a short line for messages, in out (returned). */
const char *form_shown(const char *s, char *out, size_t size);
/* A double-quoted YAML scalar of s; free() it. */
char	*form_quoted(const char *s);
/* A heading's text made comparable (lower case, no parentheses). */
void	form_key(char *out, size_t size, const char *s, size_t n);
/* Does the comparable text key match label? 1 or 0. */
int	form_label_is(const char *key, const char *label);
/*
 * The body as text that YAML and Markdown take safely (issueform_body.c):
 * line ends as \n, no control character but \n and \t, invalid UTF-8 as
 * U+FFFD. NUL-terminated; free() it.
 */
char	*form_clean_body(const char *body, size_t len);
/*
 * Cut the cleaned body into r's answers by the form's headings, in the
 * form's order. Returns the number of headings found.
 */
int	form_split_answers(struct reader *r, const char *text);
/* An id made from a title, or NULL; free() it. */
char	*form_id_from(const char *title);

/*
 * Read answer i of r (its text cleaned and on one line, except Markdown
 * and skills) into r->a[i].out, or report why it cannot be read.
 */
void	form_value(struct reader *r, size_t i);
void	form_taxes(struct reader *r, size_t i);
void	form_when(struct reader *r, size_t i);
void	form_email(struct reader *r, size_t i);
void	form_id(struct reader *r, size_t i);
void	form_skills(struct reader *r, size_t i);
void	form_apply(struct reader *r, size_t i);
void	form_url(struct reader *r, size_t i);
void	form_replace(struct reader *r, size_t i);
/* Report each link to a file attached to the issue in answer i: a
 * maintainer adds it to opportunities/ID/. */
void	form_files(struct reader *r, size_t i, const char *id);
/* Warn when the text of answer i looks written in the other language. */
void	form_language(struct reader *r, size_t i);

#endif
