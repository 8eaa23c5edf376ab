/*
 * Opportunities posted through the site's GitHub issue form
 * (.github/ISSUE_TEMPLATE/opportunity.yml). GitHub writes a form's
 * answers into the issue body as Markdown: each question's label as a
 * "### Label" heading, then the answer; "_No response_" for an optional
 * question left blank; "- [X] option" for each ticked checkbox. This
 * module reads such a body into an opportunity file and says, in English
 * and in French, which answers it could not read. Files attached to the
 * issue (links in the answer about files) cannot be fetched from here:
 * each is reported for a maintainer to add to opportunities/ID/.
 *
 * The body is untrusted text. Whatever it holds, the file written is
 * well-formed YAML whose structure comes from this module alone: short
 * answers are double-quoted scalars with every special character escaped,
 * Markdown answers are indented literal blocks, and numbers, dates, keys
 * and slugs are written only after they parse. Control characters, byte
 * order marks, bidirectional overrides and invalid UTF-8 are dropped;
 * sizes are bounded (ISSUEFORM_MAX_BODY for the body, a limit per answer).
 */
#ifndef MARCHE_ISSUEFORM_H
#define MARCHE_ISSUEFORM_H

#include <stddef.h>

#include "buf.h"

struct site;

#define ISSUEFORM_MAX_BODY	(256 * 1024)	/* bytes of issue body */

/* One answer that could not be read, or that looks wrong. */
struct issueform_problem {
	int	 warning;	/* 1: written anyway, worth a look */
	size_t	 field;		/* the question's place in the form */
	size_t	 seq;		/* order of report, for a stable sort */
	int	 line;		/* body line of the question, 0 if absent */
	const char *label_en;	/* the question, in English */
	const char *label_fr;	/* and in French */
	char	*en;		/* what is wrong and what to write */
	char	*fr;		/* the same in French */
};

struct issueform {
	struct buf	 yaml;	/* the opportunity file, empty if none */
	char		*id;	/* the id to write it as, or NULL */
	struct issueform_problem *problems; /* in the form's order */
	size_t		 nproblems;
	size_t		 nerrors; /* problems that are not warnings */
};

/*
 * Read the issue body (len bytes) into out, for site (its skills, and its
 * languages, which must include en and fr). id, if not NULL, is the id to
 * use; else the form's short-name answer, else one made from the English
 * title. Always fills out (free it with issueform_free()); out->yaml is
 * empty when nothing can be written (no id, or not a form's body at all).
 */
void	issueform_read(struct issueform *out, const char *body, size_t len,
	    const struct site *site, const char *id);
void	issueform_free(struct issueform *f);

/* Record that the file for f's id exists already (path), as a problem
 * with the short name. */
void	issueform_exists(struct issueform *f, const char *path);

/*
 * Append to out a Markdown comment for the issue, in English and French:
 * the file written (path, or NULL if none) and each problem with what to
 * write instead. Text from the body appears only inside code spans, cut
 * to a short length.
 */
void	issueform_comment(struct buf *out, const struct issueform *f,
	    const char *path);

#endif
