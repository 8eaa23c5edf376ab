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
 * A Markdown code span, backticks included, that shows s as it is: a
 * backtick becomes ', a line break or control character a space, so
 * nothing in s is read as a link, a mention or an end of the span.
 */
void	escape_markdown_code(struct buf *out, const char *s, size_t n);
/*
 * A word in a plain-text word diff ("[-deleted-]{+inserted+}"): a
 * backslash before each backslash and before each "[-", "-]", "{+" and
 * "+}", so the diff's own marks stay the only unescaped ones.
 */
void	escape_worddiff(struct buf *out, const char *s, size_t n);

#endif
