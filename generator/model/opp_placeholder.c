/*
 * Placeholder text in an opportunity, which must not be published:
 *
 *	- TODO, TBD, TBC, FIXME or XXX as a word in capitals, outside code
 *	  (`TODO` in backticks or in a fenced block is the word itself);
 *	- a line that is only an ellipsis ("...", "…"), after any list or
 *	  quote marker;
 *	- a hint of the skeleton `marche new opportunity` writes, left in
 *	  place of the text;
 *	- a Markdown heading with nothing under it before the next heading of
 *	  the same or a higher level, or the end (an empty section);
 *	- a title, summary, description, what to send (how_to_apply) or
 *	  eligibility that is the same in two languages (a translation left
 *	  to do).
 *
 * The first four apply to questions and answers too.
 *
 * Each is an error at the line where it is.
 */
#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "opp_impl.h"
#include "value.h"

/* The skeleton's hints for text fields (cmd_new.c), in lower case. */
static const char *const hints[] = {
	"a short title, at most",
	"one or two sentences shown in the list of opportunities",
	"the background and the work; for several paragraphs",
	"how applications will be evaluated",
	"how you will check the delivered code before accepting",
};

/* Each starts with T, F or X (opp_placeholder_word() relies
 * on it). */
static const char *const words[] = { "TODO", "TBD", "TBC", "FIXME", "XXX" };

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct field {
	const char	*key;	/* "title" */
	const char	*text;	/* its text */
	int		 line;	/* file line of the text's first line */
	int		 col;	/* file column where that line's text starts */
};

static void
report(struct opp_ctx *c, const struct field *f, int line, const char *msg,
    const char *what)
{
	diag_report(c->d, DIAG_ERROR, c->path, f->line + line,
	    line == 0 ? f->col : 0, "'%s': %s%s", f->key, msg, what);
	c->errors++;
}

static int
is_word_char(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= '0' && ch <= '9') || ch == '_';
}

/* Byte b in every byte of a word, and the high bit of every byte. */
#define EVERY(b)	((uint64_t)(b) * 0x0101010101010101ULL)

/* Is any byte of w zero? (Exactly; only which byte would be fuzzy.) */
static int
has_zero(uint64_t w)
{
	return ((w - EVERY(1)) & ~w & EVERY(0x80)) != 0;
}

/*
 * May one of the eight bytes at s start a word or a code span (is it T,
 * F, X or a backquote)? Most runs of eight bytes hold none: the scan
 * below skips them whole.
 */
static int
word_start8(const char *s)
{
	uint64_t	w;

	memcpy(&w, s, sizeof(w));
	return has_zero(w ^ EVERY('T')) || has_zero(w ^ EVERY('F')) ||
	    has_zero(w ^ EVERY('X')) || has_zero(w ^ EVERY('`'));
}

const char *
opp_placeholder_word(const char *s, size_t n)
{
	size_t	i, k, len;
	int	code = 0;

	for (i = 0; i < n; i++) {
		/* Eight bytes at a time past those that start nothing. */
		while (n - i >= 8 && !word_start8(s + i))
			i += 8;
		if (i == n)
			break;
		if (s[i] == '`') {
			code = !code;
			continue;
		}
		/* Every word starts with one of these: most bytes stop here. */
		if (code || (s[i] != 'T' && s[i] != 'F' && s[i] != 'X') ||
		    (i > 0 && is_word_char(s[i - 1])))
			continue;
		for (k = 0; k < NELEM(words); k++) {
			len = strlen(words[k]);
			if (i + len <= n && memcmp(s + i, words[k], len) == 0 &&
			    (i + len == n || !is_word_char(s[i + len])))
				return words[k];
		}
	}
	return NULL;
}

/* Is the line only an ellipsis, after list or quote markers? */
static int
only_ellipsis(const char *s, size_t n)
{
	size_t	i = 0, dots = 0;

	while (i < n && strchr(" \t>-*+", s[i]) != NULL)
		i++;
	for (; i < n; i++) {
		if (s[i] == '.')
			dots++;
		else if (n - i >= 3 && memcmp(s + i, "\xE2\x80\xA6", 3) == 0)
			dots += 3, i += 2;
		else if (s[i] != ' ')
			return 0;
	}
	return dots >= 3;
}

/* The level of an ATX heading line (1-6), or 0. */
static int
heading_level(const char *s, size_t n)
{
	size_t	i = 0, lvl = 0;

	while (i < n && i < 3 && s[i] == ' ')
		i++;
	while (i < n && s[i] == '#')
		i++, lvl++;
	if (lvl == 0 || lvl > 6 || (i < n && s[i] != ' ' && s[i] != '\t'))
		return 0;
	return (int)lvl;
}

/* Does the line open or close a fenced code block? */
static int
is_fence(const char *s, size_t n)
{
	size_t	i = 0;

	while (i < n && i < 3 && s[i] == ' ')
		i++;
	return n - i >= 3 && (memcmp(s + i, "```", 3) == 0 ||
	    memcmp(s + i, "~~~", 3) == 0);
}

static int
has_hint(const char *s)
{
	char	low[512];
	size_t	i, k;

	for (i = 0; s[i] != '\0' && i + 1 < sizeof(low); i++)
		low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	low[i] = '\0';
	for (k = 0; k < NELEM(hints); k++)
		if (strstr(low, hints[k]) != NULL)
			return 1;
	return 0;
}

static void
check_field(struct opp_ctx *c, const struct field *f)
{
	const char	*p = f->text, *w;
	int		 line = 0, fence = 0, open_level = 0, open_line = 0;
	int		 open_empty = 0;

	if (has_hint(f->text))
		report(c, f, 0, "this is the skeleton's hint: write the text "
		    "itself", "");
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t	    n = nl ? (size_t)(nl - p) : strlen(p);
		int	    lvl = fence ? 0 : heading_level(p, n);
		int	    blank = strspn(p, " \t") >= n;

		if (is_fence(p, n))
			fence = !fence;
		else if (!fence && (w = opp_placeholder_word(p, n)) != NULL)
			report(c, f, line, "replace the placeholder ", w);
		else if (!fence && only_ellipsis(p, n))
			report(c, f, line, "replace the placeholder ", "...");
		if (lvl > 0 && open_level > 0 && open_empty &&
		    lvl <= open_level)
			report(c, f, open_line, "this section is empty: write "
			    "its text, or remove its heading", "");
		if (lvl > 0) {
			open_level = lvl;
			open_line = line;
			open_empty = 1;
		} else if (!blank)
			open_empty = 0;
		line++;
		p = nl ? nl + 1 : p + n;
	}
	if (open_level > 0 && open_empty)
		report(c, f, open_line, "this section is empty: write its "
		    "text, or remove its heading", "");
}

static int
same_text(const char *a, const char *b)
{
	size_t	na, nb;

	while (*a == ' ' || *a == '\n')
		a++;
	while (*b == ' ' || *b == '\n')
		b++;
	na = strlen(a);
	nb = strlen(b);
	while (na > 0 && (a[na - 1] == ' ' || a[na - 1] == '\n'))
		na--;
	while (nb > 0 && (b[nb - 1] == ' ' || b[nb - 1] == '\n'))
		nb--;
	return na == nb && memcmp(a, b, na) == 0;
}

/* The fields of language k that were read, with their positions. */
static size_t
fields_of(struct opp_ctx *c, const struct opportunity *o, size_t k,
    struct field *out)
{
	const struct opp_text *t = &o->text[k];
	const struct value *m = value_map_get(o->root, c->site->langs[k].code);
	const struct value *v;
	size_t	n = 0;

	if ((v = value_map_get(m, "title")) != NULL && t->title != NULL)
		out[n++] = (struct field){ "title", t->title, v->line,
		    v->col + v->quoted };
	if ((v = value_map_get(m, "summary")) != NULL && t->summary != NULL)
		out[n++] = (struct field){ "summary", t->summary, v->line,
		    v->col + v->quoted };
	if (t->description.text != NULL)
		out[n++] = (struct field){ "description", t->description.text,
		    t->description.line, t->description.col };
	if (t->evaluation.text != NULL)
		out[n++] = (struct field){ "evaluation", t->evaluation.text,
		    t->evaluation.line, t->evaluation.col };
	if (t->acceptance.text != NULL)
		out[n++] = (struct field){ "acceptance", t->acceptance.text,
		    t->acceptance.line, t->acceptance.col };
	if (t->how_to_apply.text != NULL)
		out[n++] = (struct field){ "how_to_apply",
		    t->how_to_apply.text, t->how_to_apply.line,
		    t->how_to_apply.col };
	if (o->eligibility[k].text != NULL)
		out[n++] = (struct field){ "eligibility",
		    o->eligibility[k].text, o->eligibility[k].line,
		    o->eligibility[k].col };
	return n;
}

/* Questions and answers, in every language. */
static void
check_questions(struct opp_ctx *c, const struct opportunity *o)
{
	size_t	q, k;

	for (q = 0; q < o->nquestions; q++)
		for (k = 0; k < c->site->nlangs; k++) {
			const struct opp_markdown *m[2] = {
				&o->questions[q].question[k],
				&o->questions[q].answer[k]
			};
			const char *key[2] = { "question", "answer" };
			int j;

			for (j = 0; j < 2; j++) {
				struct field f = { key[j], m[j]->text,
				    m[j]->line, m[j]->col };

				if (f.text != NULL)
					check_field(c, &f);
			}
		}
}

void
opp_check_placeholders(struct opp_ctx *c, struct opportunity *o)
{
	struct field	f[SITE_MAX_LANGS][7];
	size_t		n[SITE_MAX_LANGS], k, j, i, e;

	for (k = 0; k < c->site->nlangs; k++) {
		n[k] = fields_of(c, o, k, f[k]);
		for (i = 0; i < n[k]; i++)
			check_field(c, &f[k][i]);
	}
	check_questions(c, o);
	/* A text the same as an earlier language's is untranslated. */
	for (k = 1; k < c->site->nlangs; k++)
		for (i = 0; i < n[k]; i++) {
			if (strcmp(f[k][i].key, "evaluation") == 0 ||
			    strcmp(f[k][i].key, "acceptance") == 0)
				continue;
			for (j = 0; j < k; j++)
				for (e = 0; e < n[j]; e++)
					if (strcmp(f[j][e].key, f[k][i].key) ==
					    0 && same_text(f[j][e].text,
					    f[k][i].text))
						goto same;
			continue;
same:
			diag_report(c->d, DIAG_ERROR, c->path, f[k][i].line,
			    f[k][i].col, "'%s' in '%s' is the same as in "
			    "'%s': translate it", f[k][i].key,
			    c->site->langs[k].code, c->site->langs[j].code);
			c->errors++;
		}
}
