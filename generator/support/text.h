/*
 * Text that is published or parsed must be UTF-8 text: what counts as a
 * valid character is decided here, once, for YAML, page bodies and
 * layouts, so that a bad byte is reported at its line and column instead
 * of reaching a page as U+FFFD.
 */
#ifndef MARCHE_TEXT_H
#define MARCHE_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct diags;

/* Where a text check ended: the position just after the last character. */
struct text_end {
	int	line;	/* file line, 1-based */
	int	col;	/* characters on that line before the end, plus 1 */
};

/*
 * The length (1 to 4) of the well-formed UTF-8 sequence at p, with left
 * bytes available, and its code point in *cp; 0 if the bytes are not
 * UTF-8 (a stray continuation byte, an overlong form, a surrogate, a
 * code point past U+10FFFF, a sequence cut short).
 */
size_t	text_utf8_decode(const unsigned char *p, size_t left, uint32_t *cp);

/*
 * Check len bytes of data, whose first byte is at line first_line,
 * column 1 of path: every byte must belong to well-formed UTF-8, and no
 * character may be a control character other than tab and line feed (a
 * carriage return only before a line feed), a C1 control, a line or
 * paragraph separator, or U+FFFE/U+FFFF. format names what the text is,
 * for the message ("YAML", "a page": "..., which is not allowed in a page"). Reports the first problem to d as
 * an error at its line and column and returns -1; returns 0 otherwise.
 * end (may be NULL) receives where the text ended.
 */
int	text_check(struct text_end *end, const char *path, const char *data,
	    size_t len, int first_line, const char *format, struct diags *d);

#endif
