/*
 * UTF-8 text checks, shared by the YAML reader, pages and layouts.
 */
#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "text.h"

/* Byte b in every byte of a word. */
#define EVERY(b)	((uint64_t)(b) * 0x0101010101010101ULL)

/*
 * Are the eight bytes at p all printable ASCII (0x20 to 0x7E)? None has
 * its high bit; then none is below 0x20 (the subtraction borrows into a
 * high bit exactly for those) and none is 0x7F.
 */
static int
printable8(const unsigned char *p)
{
	uint64_t	w, x;

	memcpy(&w, p, sizeof(w));
	if ((w & EVERY(0x80)) != 0 ||
	    ((w - EVERY(0x20)) & ~w & EVERY(0x80)) != 0)
		return 0;
	x = w ^ EVERY(0x7F);
	return ((x - EVERY(1)) & ~x & EVERY(0x80)) == 0;
}

size_t
text_utf8_decode(const unsigned char *p, size_t left, uint32_t *cp)
{
	size_t		 n, i;
	uint32_t	 v, min;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	} else if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2, v = p[0] & 0x1F, min = 0x80;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3, v = p[0] & 0x0F, min = 0x800;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4, v = p[0] & 0x07, min = 0x10000;
	} else
		return 0;
	if (left < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

/*
 * Why code point cp may not appear in text (a static string, with a
 * hint in *hint, or "" for none), or NULL if it may.
 */
static const char *
bad_char(uint32_t cp, int cr_before_lf, const char **hint)
{
	*hint = "";
	if (cp == '\r') {
		*hint = N_(": save the file with LF or CRLF line ends");
		return cr_before_lf ? NULL : N_("a carriage return without a "
		    "line feed");
	}
	if (cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
		*hint = N_(": remove it");
		return N_("an invisible line separator");
	}
	if (cp == '\t' || cp == '\n' || (cp >= 0x20 && cp <= 0x7E) ||
	    (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
	    cp >= 0x10000)
		return NULL;
	if (cp == 0xFFFE || cp == 0xFFFF)
		return N_("not a character");
	return cp == 0 ? N_("a NUL byte") : N_("a control character");
}

int
text_check(struct text_end *end, const char *path, const char *data,
    size_t len, int first_line, const char *format, struct diags *d)
{
	const unsigned char	*p = (const unsigned char *)data;
	size_t			 i = 0, n;
	uint32_t		 cp = 0;
	int			 line = first_line, col = 1;
	const char		*why, *hint;

	while (i < len) {
		/* Printable ASCII, most of any text: no decoding to do, and
		 * eight bytes at a time as long as it lasts. */
		if (len - i >= 8 && printable8(p + i)) {
			i += 8;
			col += 8;
			continue;
		}
		if (p[i] >= 0x20 && p[i] <= 0x7E) {
			i++;
			col++;
			continue;
		}
		n = text_utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			diag_error(d, path, line, col, "invalid UTF-8 "
			    "byte 0x%02X: save the file with the UTF-8 "
			    "encoding", p[i]);
			return -1;
		}
		why = bad_char(cp, i + 1 < len && p[i + 1] == '\n', &hint);
		if (why != NULL) {
			diag_error(d, path, line, col, "character U+%04X is "
			    "%s, which is not allowed in %s%s", (unsigned)cp,
			    why, format, hint);
			return -1;
		}
		if (cp == '\n') {
			line++;
			col = 1;
		} else if (cp != '\r')
			col++;
		i += n;
	}
	if (end != NULL) {
		end->line = line;
		end->col = col;
	}
	return 0;
}
