/*
 * The scans that skip eight bytes at a time give what a plain byte by
 * byte scan gives, on generated texts made of the bytes that matter to
 * them (and others) at every position and alignment: the placeholder
 * words of an opportunity's texts, and the check of every text read
 * (UTF-8, characters allowed, where it ends).
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "opp_impl.h"
#include "text.h"
#include "testing.h"

/* The scan as it was written first, byte by byte. */
static int
word_char(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= '0' && ch <= '9') || ch == '_';
}

static const char *
plain_word(const char *s, size_t n)
{
	static const char *const words[] = { "TODO", "TBD", "TBC", "FIXME",
	    "XXX" };
	size_t	i, k, len;
	int	code = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '`') {
			code = !code;
			continue;
		}
		if (code || (i > 0 && word_char(s[i - 1])))
			continue;
		for (k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
			len = strlen(words[k]);
			if (i + len <= n && memcmp(s + i, words[k], len) == 0 &&
			    (i + len == n || !word_char(s[i + len])))
				return words[k];
		}
	}
	return NULL;
}

static unsigned	seed = 12345;

static unsigned
next(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 16;
}

/* n bytes of pieces that make and unmake placeholders, into s. */
static void
make_text(char *s, size_t n, unsigned often)
{
	static const char *const piece[] = { "TODO", "TBD", "TBC", "FIXME",
	    "XXX", "XX", "TOD", "`", "T", "F", "X", "a", "_", "9", " ",
	    "\n", "é", ".", "(", "xTODO", "TODOs", "FIXME_" };
	size_t	i = 0, k, len;

	while (i < n) {
		/* Mostly prose, which the fast scan skips. */
		if (next() % 100 >= often) {
			s[i++] = "abcdefghij ,.\n"[next() % 14];
			continue;
		}
		k = next() % (sizeof(piece) / sizeof(piece[0]));
		len = strlen(piece[k]);
		if (len > n - i)
			len = n - i;
		memcpy(s + i, piece[k], len);
		i += len;
	}
}

static void
test_placeholder_word(void)
{
	char		 buf[200];
	const char	*a, *b;
	size_t		 n, off;
	int		 round, bad = 0, found = 0;

	for (round = 0; round < 200000; round++) {
		n = next() % 120;
		off = next() % 8;	/* any alignment */
		make_text(buf + off, n, round % 3 == 0 ? 1 : 10);
		a = opp_placeholder_word(buf + off, n);
		b = plain_word(buf + off, n);
		if (a != b && (a == NULL || b == NULL || strcmp(a, b) != 0)) {
			if (bad++ < 5)
				printf("'%.*s': %s instead of %s\n", (int)n,
				    buf + off, a ? a : "none",
				    b ? b : "none");
		}
		found += b != NULL;
	}
	CHECK(bad == 0);
	/* The inputs did hold words to find, and texts without. */
	CHECK(found > 10000 && found < 190000);
	CHECK_STR(opp_placeholder_word("abcdefghijklmno TODO", 20), "TODO");
	CHECK_STR(opp_placeholder_word("abcdefgh `TODO` FIXME", 21), "FIXME");
	CHECK(opp_placeholder_word("abcdefgh `TODO` xFIXME", 22) == NULL);
	CHECK(opp_placeholder_word("abcdefghijklmno TODO", 19) == NULL);
}

/*
 * text_check() as it was written first, byte by byte, reduced to what
 * it tells: 0 and where the text ends, or -1 and where the first bad
 * byte is.
 */
static int
plain_check(int *line, int *col, const unsigned char *p, size_t len)
{
	size_t		 i = 0, n;
	uint32_t	 cp = 0;

	*line = 1;
	*col = 1;
	while (i < len) {
		if (p[i] >= 0x20 && p[i] <= 0x7E) {
			i++;
			(*col)++;
			continue;
		}
		n = text_utf8_decode(p + i, len - i, &cp);
		if (n == 0)
			return -1;
		if (cp == '\r' ? !(i + 1 < len && p[i + 1] == '\n') :
		    !(cp == '\t' || cp == '\n' || (cp >= 0xA0 &&
		    cp <= 0xD7FF && cp != 0x2028 && cp != 0x2029) ||
		    (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000))
			return -1;
		if (cp == '\n') {
			(*line)++;
			*col = 1;
		} else if (cp != '\r')
			(*col)++;
		i += n;
	}
	return 0;
}

static void
test_text_check(void)
{
	static const char *const piece[] = { "\n", "\r\n", "\r", "\t",
	    "\x7F", "\x1F", " ", "~", "é", "\xE2\x80\xA6", "\xE2\x80\xA8",
	    "\xF0\x9F\x98\x80", "\xC3", "\x80", "\xFF", "\xC2\x85" };
	unsigned char	 buf[200];
	struct text_end	 end;
	struct diags	*d;
	const struct diag *g;
	size_t		 n, off, i, k, len;
	int		 round, bad = 0, ok = 0, rc, want, line, col;

	for (round = 0; round < 100000; round++) {
		n = next() % 100;
		off = next() % 8;
		for (i = 0; i < n; ) {
			if (next() % 100 >= (round % 4 == 0 ? 1u : 4u)) {
				buf[off + i++] = (unsigned char)(0x20 +
				    next() % 95);
				continue;
			}
			k = next() % (sizeof(piece) / sizeof(piece[0]));
			len = strlen(piece[k]);
			if (len > n - i)
				len = n - i;
			memcpy(buf + off + i, piece[k], len);
			i += len;
		}
		d = diags_new();
		memset(&end, 0, sizeof(end));
		rc = text_check(&end, "t", (const char *)buf + off, n, 1,
		    "text", d);
		want = plain_check(&line, &col, buf + off, n);
		g = diags_count(d) > 0 ? diags_get(d, 0) : NULL;
		if (rc != want || (rc == 0 ? end.line != line ||
		    end.col != col || g != NULL : g == NULL ||
		    g->line != line || g->col != col))
			bad++;
		ok += rc == 0;
		diags_free(d);
	}
	CHECK(bad == 0);
	CHECK(ok > 10000 && ok < 90000);
}

int
main(void)
{
	test_placeholder_word();
	test_text_check();
	return test_finish();
}
