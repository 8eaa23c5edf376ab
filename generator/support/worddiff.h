/*
 * Word diffs: what changed between two texts, word by word, as a reader
 * would point it out. A word is a run of bytes that are not ASCII white
 * space; white space only separates words, so re-wrapping a paragraph or
 * doubling a space changes nothing. The words are compared by libgit2's
 * diff (each word on a line of its own), and the result is a list of runs:
 * words kept, deleted or inserted, a deletion always before the insertion
 * that replaces it.
 *
 * The cost is bounded: texts with more than WORDDIFF_MAX_WORDS words (or
 * WORDDIFF_MAX_BYTES bytes) on either side are not compared word by word;
 * the diff then only says that the text was replaced.
 */
#ifndef MARCHE_WORDDIFF_H
#define MARCHE_WORDDIFF_H

#include <stddef.h>

struct buf;

#define WORDDIFF_MAX_WORDS	20000
#define WORDDIFF_MAX_BYTES	(256 * 1024)

enum worddiff_op {
	WORDDIFF_SAME,		/* in both texts */
	WORDDIFF_DEL,		/* only in the old text */
	WORDDIFF_INS		/* only in the new text */
};

/* A stretch of consecutive words with the same fate. */
struct worddiff_run {
	enum worddiff_op op;	/* kept, deleted or inserted */
	size_t		 off;	/* its words in worddiff.text, joined by
				 * single spaces */
	size_t		 len;	/* their length in bytes */
	size_t		 words;	/* how many words */
};

struct worddiff {
	char			*text;	 /* every run's words, NUL-ended */
	struct worddiff_run	*runs;	 /* in reading order, adjacent runs
					  * never share an op */
	size_t			 nruns;	 /* entries in runs */
	int			 changed; /* some word was deleted or
					  * inserted (or replaced is set) */
	int			 replaced; /* too large to compare: no runs,
					  * the text is reported replaced */
};

/*
 * Compare old (olen bytes) with new (nlen bytes) word by word into *out
 * (free with worddiff_free()). Returns 0, or -1 when libgit2 fails (*out
 * is then empty).
 */
int	worddiff_make(struct worddiff *out, const char *old, size_t olen,
	    const char *new, size_t nlen);
void	worddiff_free(struct worddiff *wd);

/* Release libgit2, which the module keeps initialized between diffs;
 * diffs work again after. Call at the end of the program. */
void	worddiff_cleanup(void);

/*
 * Append wd as plain text: kept words as they are, "[-deleted words-]"
 * and "{+inserted words+}". Only context words are kept on each side of
 * a change; what is left out is shown as "...". A backslash is put before
 * each backslash and before each "[-", "-]", "{+" and "+}" of the words
 * themselves, so a reader can tell the marks from the text.
 */
void	worddiff_plain(struct buf *out, const struct worddiff *wd,
	    size_t context);

/*
 * Append wd as HTML (words escaped): a deleted run as
 * "<del><span class="visually-hidden">DEL_LABEL </span>words</del>", an
 * inserted one likewise in <ins> with ins_label, so screen readers say
 * what changed and sighted readers see struck and underlined words.
 * Context as in worddiff_plain(), with "…" for what is left out.
 */
void	worddiff_html(struct buf *out, const struct worddiff *wd,
	    size_t context, const char *del_label, const char *ins_label);

#endif
