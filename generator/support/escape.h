/*
 * Escaping for every output format, in one place. Each function appends
 * the escaped form of n bytes of s to out.
 */
#ifndef MARCHE_ESCAPE_H
#define MARCHE_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/* HTML text and attribute values: & < > " ' become entities. */
void	escape_html(struct buf *out, const char *s, size_t n);
/* A JSON string body (no quotes added): ", \, and controls escaped. */
void	escape_json(struct buf *out, const char *s, size_t n);
/* XML text and attributes (same set as HTML, using &#39; for '). */
void	escape_xml(struct buf *out, const char *s, size_t n);
/* A URL path: bytes outside unreserved and "/" become %XX. */
void	escape_url_path(struct buf *out, const char *s, size_t n);
/* A GitHub workflow command value: % CR LF, plus : and , when prop. */
void	escape_github(struct buf *out, const char *s, size_t n, int prop);
/*
 * An iCalendar TEXT value (RFC 5545, 3.3.11): \\ ; and , get a backslash,
 * a line break (LF, CRLF or CR) becomes \\n, other control characters are
 * dropped (TEXT cannot hold them). Line folding is the writer's job.
 */
void	escape_ics(struct buf *out, const char *s, size_t n);
/*
 * A CSV field (RFC 4180): as it is, or, when it holds a comma, a double
 * quote, CR or LF (or starts or ends with a space), between double
 * quotes with each double quote doubled.
 */
void	escape_csv(struct buf *out, const char *s, size_t n);
/*
 * The body of a double-quoted YAML scalar (no quotes added), for valid
 * UTF-8 s: \ and " get a backslash, control characters, NEL, LS, PS and
 * the byte order mark become escapes, so the scalar stays on one line.
 */
void	escape_yaml(struct buf *out, const char *s, size_t n);
/*
 * A word in a plain-text word diff ("[-deleted-]{+inserted+}"): a
 * backslash before each backslash and before each "[-", "-]", "{+" and
 * "+}", so the diff's own marks stay the only unescaped ones.
 */
void	escape_worddiff(struct buf *out, const char *s, size_t n);

/*
 * Untrusted text for a terminal, a log or a CI runner (paths, messages
 * that quote a contributor's text, source lines). Every such byte that
 * marche prints passes through escape_term_char(), so none of it can move
 * the cursor, change colours, end a line, start a workflow command on a
 * line of its own, or hide or reorder what a reader sees. Printable
 * ASCII and valid UTF-8 pass as they are, except:
 *   - C0 controls and DEL: \n, \r, \t, else \xHH (TAB is kept as it
 *     is when keep_tab, for source lines, whose indentation it is);
 *   - C1 controls (U+0080 to U+009F): \u0085;
 *   - invisible format characters that can disguise text: bidirectional
 *     embeddings, overrides, isolates and marks (U+202A-U+202E,
 *     U+2066-U+2069, U+200E, U+200F, U+061C), zero-width characters,
 *     line and paragraph separators, the byte order mark, Unicode tags
 *     and a few invisible fillers: \u202e, or \U000e0041 above U+FFFF;
 *   - bytes that are not valid UTF-8 (stray continuation bytes, overlong
 *     forms, surrogates, truncated sequences): \xHH, one per byte.
 * A backslash is not doubled: the notation is for reading, not parsing.
 *
 * escape_term_char() escapes the one character that starts at s (n > 0
 * bytes remain) and returns how many bytes it used (at least 1);
 * escape_term() escapes all n bytes.
 */
size_t	escape_term_char(struct buf *out, const char *s, size_t n,
	    int keep_tab);
void	escape_term(struct buf *out, const char *s, size_t n, int keep_tab);
/*
 * A Markdown code span holding s as literal text (s must hold no line
 * break: pass it through escape_term() first): a backtick fence longer
 * than any run of backticks in s, so nothing in s is markup, a link, an
 * autolink, an image or HTML. In a GFM table cell (in_table) each '|' gets
 * a backslash, so that it cannot end the cell.
 */
void	escape_md_code(struct buf *out, const char *s, size_t n, int in_table);

#endif
