/*
 * marche import jekyll: reading a Jekyll marketplace's posts and pages
 * and turning what can be turned into marche's formats. The functions
 * here know the shapes the pilot's sites wrote (prose amounts, dates in
 * words, Kramdown and Liquid inside Markdown); cmd_import.c walks the
 * folders, pairs the languages and writes the files.
 *
 * Nothing here guesses silently: each function either converts, or says
 * what it could not convert through a note callback with the byte offset
 * in its input, which the caller turns into a file position.
 */
#ifndef MARCHE_IMPORT_H
#define MARCHE_IMPORT_H

#include <stddef.h>

struct buf;

/* Which tax wording an amount carried. */
enum import_taxes {
	IMPORT_TAXES_UNKNOWN,	/* no wording found */
	IMPORT_TAXES_EXCLUDED,	/* "(excluding taxes)", "taxes en sus" */
	IMPORT_TAXES_INCLUDED	/* "(taxes included)", "taxes incluses" */
};

/*
 * Read an amount written as prose: "$6,500 (excluding taxes)",
 * "6 500 $ (taxes en sus)", "CAD 4500.50". Exactly one number must be
 * there, grouped by commas, spaces or no-break spaces, with at most two
 * decimals after a point (or a comma when the grouping is by spaces).
 * Returns 0 with *out (dollars) and *taxes set, or -1 with *bad (a static
 * message) and *badoff (the byte offset of the problem) set.
 */
int	import_value(double *out, enum import_taxes *taxes, const char *s,
	    const char **bad, size_t *badoff);

/* A date and maybe a time, as read; fields not given are -1. */
struct import_date {
	int	year, month, day;	/* the date */
	int	hour, minute, second;	/* the time, or -1 */
	int	offset_min;	/* an offset written, or INT_MIN */
};

/*
 * Read a date as the pilot's posts wrote them: "2021-04-01",
 * "2021-04-01 14:00", "2021-04-01T14:00:00-04:00", "2021-04-01 10:00:00
 * -0400", "2021/04/01", "April 1, 2021", "Thursday, April 1, 2021 at
 * 2:00 p.m. EDT", "1er avril 2021 à 14 h", "1 avril 2021, 14 h 00".
 * Eastern zone names (EDT, EST, ET, HAE, HNE) are accepted and ignored:
 * the site's zone then applies. Returns 0, or -1 when any part is not
 * understood (*badoff then the byte offset of the first such part).
 */
int	import_date(struct import_date *out, const char *s, size_t *badoff);

/*
 * The note callback of the Markdown cleaner: off is the byte offset in
 * the line given to import_clean_line(), msg a full sentence.
 */
typedef void (*import_note_fn)(void *arg, size_t off, const char *msg);

/* A link to a file under assets/, found in a line. */
typedef void (*import_asset_fn)(void *arg, size_t off, const char *path,
	    const char *text, struct buf *replace);

/* State kept from line to line: an HTML comment left open. */
struct import_clean {
	int	in_comment;	/* inside <!-- ... --> */
};

/*
 * Clean one line of Markdown (n bytes, no line end) into out: Kramdown
 * attribute lists ({:target="_blank"}, {: .class}), Liquid tags ({% %})
 * and output ({{ }}) and raw HTML tags and comments are removed, each with
 * a note; the text between HTML tags is kept. Links whose address, once
 * {{ site.baseurl }} is taken off, is under assets/ are passed to asset(),
 * which writes what replaces the whole link into replace. Code spans are
 * left alone.
 */
void	import_clean_line(struct buf *out, struct import_clean *st,
	    const char *line, size_t n, import_note_fn note,
	    import_asset_fn asset, void *arg);

/*
 * Which opportunity field a section heading names, in English or French
 * ("Evaluation criteria", "Critères d'évaluation:"), or NULL: one of
 * "description", "evaluation", "acceptance", "how_to_apply",
 * "eligibility".
 */
const char *import_section_field(const char *heading, size_t n);

/* Is s (n bytes) the same text as t, ignoring ASCII case, accents of
 * Latin-1 letters, spaces and punctuation? */
int	import_same_words(const char *s, size_t n, const char *t);

#endif
