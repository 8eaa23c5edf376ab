/*
 * Shared by the parts of converting a pair of Jekyll posts:
 * import_body.c (the Markdown, its sections and linked files),
 * import_post.c (the front matter and the file written), and the
 * readers of a post's words, dates and lines (import_text.c,
 * import_date.c, import_clean.c).
 */
#ifndef MARCHE_IMPORT_IMPL_H
#define MARCHE_IMPORT_IMPL_H

#include <stddef.h>

#include "buf.h"

struct import;
struct import_doc;

/*
 * Normalise s (n bytes) into out for comparing words: ASCII lower case,
 * the accents of common Latin-1 letters dropped, every run of other
 * characters one space, trimmed.
 */
void	import_words_norm(struct buf *out, const char *s, size_t n);

/* The Markdown fields a body's sections fill, in the order written. */
enum field {
	F_DESCRIPTION,
	F_EVALUATION,
	F_ACCEPTANCE,
	F_HOW_TO_APPLY,
	F_ELIGIBILITY,
	F_COUNT
};

/* Their keys in the opportunity file. */
extern const char *const import_field_names[F_COUNT];

/* A file linked from the posts, to become an attachment. */
struct attach {
	char	*src;		/* its path in the site: assets/... */
	char	*name;		/* its name in opportunities/ID/ */
	char	*title[2];	/* the link's text in each language */
	int	 line[2], col[2]; /* where each language first links it */
	int	 in_apply[2];	/* linked under "How to apply" */
};

/* One pair of posts being converted. */
struct conv {
	struct import		*im;
	struct import_doc	*doc[2];	/* the English, French post */
	char			*id;	/* the opportunity's id */
	struct buf		 md[2][F_COUNT]; /* the fields' Markdown */
	struct attach		*att;		/* files linked */
	size_t			 natt;		/* their number */
	int			 lang;	/* the post being read */
	int			 field;	/* the section being read */
	int			 line;		/* its file line */
	const char		*linep;		/* that line's text */
};

/* A note at line and column of the post being read (c->lang). */
void	import_conv_note(struct conv *c, int line, int col,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Split post lang's body into c->md[lang], cleaned, attachments found. */
void	import_read_body(struct conv *c, int lang);

/* Write eligibility:, apply: and attachments: into e from the bodies'
 * sections (text, per language) and linked files. */
struct import_emit;
void	import_write_extras(struct conv *c, struct import_emit *e,
	    char *text[2][F_COUNT]);

/* The Markdown of b without blank lines at either end, ending in a line
 * end, runs of blank lines made one (malloc'd), or NULL if empty. */
char	*import_trimmed(struct buf *b);

/* The first paragraph of Markdown as plain text on one line (malloc'd),
 * or NULL. */
char	*import_first_paragraph(const char *md);

#endif
