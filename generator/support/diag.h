/*
 * Diagnostics: the one module that tells the user about problems. Every
 * stage reports here; nothing else writes to stderr. Problems are
 * collected, then printed together, sorted by file and position, as
 *
 *	path:line:col: error: message
 *	 12 | the source line
 *	    |     ^
 *
 * Lines and columns are 1-based; a column counts Unicode characters (as
 * libyaml does). Line 0 means "the whole file"; column 0 "the whole line".
 *
 * Paths, messages and source lines may hold anyone's text: every byte of
 * them is printed through escape_term() (escape.h), and no printed line
 * can start with "::" (a CI runner's workflow command) unless it is an
 * annotation of --format github.
 */
#ifndef MARCHE_DIAG_H
#define MARCHE_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/*
 * How many diagnostics are printed: the first DIAG_MAX_PER_FILE of each
 * file and DIAG_MAX_PER_RUN in all (in printing order), then a line that
 * counts the others. Counts and the exit status include every one.
 */
#define DIAG_MAX_PER_FILE	100
#define DIAG_MAX_PER_RUN	1000
/* Characters of a source line shown on each side of the column. */
#define DIAG_EXCERPT_CONTEXT	60
/* Output is written in pieces of about this many bytes. */
#define DIAG_FLUSH_BYTES	65536

enum diag_level {
	DIAG_ERROR,
	DIAG_WARNING,
	DIAG_NOTE
};

enum diag_format {
	DIAG_FORMAT_TEXT,	/* path:line:col: error: message + source line */
	DIAG_FORMAT_GITHUB,	/* text, plus ::error file=...:: annotations */
	DIAG_FORMAT_JSON	/* a JSON array of objects */
};

struct diag {
	enum diag_level	 level;	/* how bad */
	char		*path;	/* repository-relative path, or NULL */
	int		 line;	/* 1-based, 0 for none */
	int		 col;	/* 1-based characters, 0 for none */
	char		*msg;	/* the message in English, no trailing
				 * newline */
	char		*msg_fr; /* the message in French, when French is
				 * one of the languages (diag_set_langs()),
				 * else NULL */
	size_t		 seq;	/* order of report, to keep sorting stable */
	int		 attention; /* 1: an obligation that falls due with
				 * time (an answer overdue...), shown in its
				 * own "needs attention" section */
};

struct diags;

/* A new, empty collector; free with diags_free() (NULL allowed). */
struct diags	*diags_new(void);
void		 diags_free(struct diags *d);

/*
 * Remember the text of a file so printed diagnostics can show the line.
 * The bytes are not copied: they must outlive the last diags_print().
 */
void		 diags_source(struct diags *d, const char *path,
		    const char *data, size_t len);

/*
 * Let go of the text registered for path (diags_source()): its bytes may
 * be freed once this returns. When a printed diagnostic quotes a line of
 * it, fetch(ctx, path, &len) reads it again (a malloc()ed text, or NULL),
 * once; a text that differs in length or hash from the one let go (the
 * file changed since) is not quoted. ctx must outlive the last
 * diags_print(). Nothing happens when path has no text registered.
 */
typedef char	*(*diag_fetch_fn)(void *ctx, const char *path, size_t *lenp);
void		 diags_source_drop(struct diags *d, const char *path,
		    diag_fetch_fn fetch, void *ctx);

/* Record a problem. path may be NULL for problems not tied to a file. */
void		 diag_report(struct diags *d, enum diag_level level,
		    const char *path, int line, int col, const char *fmt, ...)
		    __attribute__((format(printf, 6, 7)));
void		 diag_error(struct diags *d, const char *path, int line,
		    int col, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));
void		 diag_warning(struct diags *d, const char *path, int line,
		    int col, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));

/*
 * Record an obligation that falls due with time (an answer owed, a
 * selection passed): a warning when it is overdue, a note when it is
 * only coming due. It is printed after the other diagnostics, under
 * "needs attention", and never counts as an error.
 */
void		 diag_attention(struct diags *d, enum diag_level level,
		    const char *path, int line, int col, const char *fmt, ...)
		    __attribute__((format(printf, 6, 7)));

/*
 * Record from now on only the problems that keep(ctx, level, path, line,
 * col) accepts (1), dropping the others as if never reported, also
 * when merged from another collector. NULL records every one. A check
 * scoped to what a pull request changes uses it to leave out problems
 * of files it did not change.
 */
typedef int	(*diag_keep_fn)(void *ctx, enum diag_level level,
		    const char *path, int line, int col);
void		 diags_set_filter(struct diags *d, diag_keep_fn keep,
		    void *ctx);

/*
 * Record in to each problem of from that keep(g, ctx) accepts (every one
 * when keep is NULL), as it was reported, in both languages.
 */
void		 diags_take(struct diags *to, struct diags *from,
		    int (*keep)(const struct diag *, void *), void *ctx);

/*
 * Move every diagnostic of from into d, in the order from got them, as
 * if they had been reported to d now (a problem d already has is kept
 * once), with the source texts from registered. from is left empty.
 * Work done in parallel reports to a collector of its own, merged in
 * input order, so the output does not depend on timing.
 */
void		 diags_merge(struct diags *d, struct diags *from);

/* Counts so far. */
size_t		 diags_errors(const struct diags *d);
size_t		 diags_warnings(const struct diags *d);
size_t		 diags_count(const struct diags *d);
/* Diagnostics recorded with diag_attention(). */
size_t		 diags_attention(const struct diags *d);
/* The i-th diagnostic in printing order (sorts on first call). */
const struct diag *diags_get(struct diags *d, size_t i);

/*
 * Print every diagnostic, sorted, to fp, in the given format: first the
 * problems and notes, then (text and github) a "needs attention:" line
 * and the obligations that fall due with time. JSON gives each object a
 * boolean "attention".
 */
void		 diags_print(struct diags *d, FILE *fp, enum diag_format fmt);

/*
 * Append a Markdown summary of every diagnostic to fp, for a pull
 * request's check page (GitHub's $GITHUB_STEP_SUMMARY): a verdict, the
 * counts, then a table of the problems, a "Needs attention" list of the
 * obligations that fall due with time, and a list of the notes.
 */
void		 diags_summary(struct diags *d, FILE *fp, const char *title);

/*
 * The languages messages are printed in (diag_lang.c): one, or two, each
 * message then shown in both, the first first. English is the language
 * of the sources; French comes from the gettext catalogue (po/fr.po).
 */
enum diag_lang {
	DIAG_LANG_EN,
	DIAG_LANG_FR,
	DIAG_NLANGS
};

/*
 * Choose the languages: "en", "fr", "en,fr" or "fr,en". Returns 0, 1
 * when French was asked for but its catalogue was not found (messages
 * stay in English; diag_catalogue_dirs() says where it was looked for),
 * or -1 for a spec that is none of those (nothing changes).
 */
int		 diag_set_langs(const char *spec);
/* French when the first set of LANGUAGE, LC_ALL, LC_MESSAGES and LANG
 * starts with "fr", else English; returns as diag_set_langs(). */
int		 diag_langs_from_env(void);
const char	*diag_catalogue_dirs(void);
size_t		 diag_nlangs(void);
enum diag_lang	 diag_lang_at(size_t i);
/* "en" or "fr". */
const char	*diag_lang_code(enum diag_lang l);
int		 diag_wants_fr(void);
/* g's message in language l. */
const char	*diag_msg(const struct diag *g, enum diag_lang l);
/* msgid in French (itself when it has no translation or French is off). */
const char	*diag_fr(const char *msgid) __attribute__((format_arg(1)));
/* msgid in the first language: for text printed outside diagnostics. */
const char	*diag_tr(const char *msgid) __attribute__((format_arg(1)));

/* Marks a string for the catalogue without translating it here. */
#define N_(s)	(s)

/*
 * A piece of a message made before the diagnostic that shows it with
 * "%s": diag_fragment() formats it in English into dst (as snprintf) and
 * remembers its French form; diag_arg() remembers a constant string's
 * (mark it N_() too) and returns it. The French form of the next
 * diagnostics of the same thread that hold the English piece gets the
 * French one in its place. Only the last few pieces are remembered.
 */
void		 diag_fragment(char *dst, size_t size, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
void		 diag_vfragment(char *dst, size_t size, const char *fmt,
		    va_list ap) __attribute__((format(printf, 3, 0)));
const char	*diag_arg(const char *s);
/* Remember a piece made in each language by other means (a date
 * formatted for each language, say). */
void		 diag_pair(const char *en, const char *fr);
/* Forget the calling thread's pieces: a worker thread calls it before it
 * ends (its pieces would be lost with it). */
void		 diag_thread_done(void);

/* As diag_report(), for wrappers that take a format and a va_list. */
void		 diag_vreportf(struct diags *d, enum diag_level level,
		    const char *path, int line, int col, const char *fmt,
		    va_list ap) __attribute__((format(printf, 6, 0)));

/* Turn a 0-based byte offset within a line into a 1-based column. */
int		 diag_column(const char *line, size_t byte_offset);

#endif
