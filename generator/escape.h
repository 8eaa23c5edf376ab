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

#endif
