/*
 * An issue form's body into an opportunity file. See issueform.h for the
 * contract; the form itself is .github/ISSUE_TEMPLATE/opportunity.yml,
 * whose labels must match the table below (a test converts a body made
 * from the form).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "issueform.h"
#include "opportunity.h"
#include "site.h"
#include "value.h"
#include "xalloc.h"

enum field_kind {
	FK_ID,		/* a short name: lower-case letters, digits, hyphens */
	FK_VALUE,	/* an amount in dollars */
	FK_TAXES,	/* excluded or included */
	FK_INSTANT,	/* a date and a time, local to the site */
	FK_DATE,	/* a date */
	FK_WHEN,	/* a date, or a date and a time */
	FK_EMAIL,	/* an e-mail address */
	FK_SKILLS,	/* ticked options of the skills list */
	FK_LINE,	/* one line of plain text */
	FK_MARKDOWN	/* several lines of Markdown */
};

struct field {
	const char	*key;	/* the opportunity's key, or "id" */
	const char	*lang;	/* "en" or "fr" for text, else NULL */
	enum field_kind	 kind;	/* how the answer is read */
	int		 required; /* an empty answer is a problem */
	size_t		 max;	/* longest answer, in bytes */
	const char	*en;	/* the question's label in English */
	const char	*fr;	/* and in French */
};

/* The form's questions, in the form's order. */
static const struct field fields[] = {
	{ "id", NULL, FK_ID, 0, 80, "Short name for the web address",
	    "Nom court pour l'adresse Web" },
	{ "value", NULL, FK_VALUE, 1, 40, "Value in Canadian dollars",
	    "Valeur en dollars canadiens" },
	{ "taxes", NULL, FK_TAXES, 1, 80, "Taxes",
	    "Taxes" },
	{ "closing", NULL, FK_INSTANT, 1, 80, "Closing date and time",
	    "Date et heure de clôture" },
	{ "questions_deadline", NULL, FK_INSTANT, 0, 80,
	    "Last moment to ask questions",
	    "Dernier moment pour poser des questions" },
	{ "selection", NULL, FK_DATE, 1, 80, "Expected selection date",
	    "Date prévue de sélection" },
	{ "start", NULL, FK_DATE, 1, 80, "Start date", "Date de début" },
	{ "delivery", NULL, FK_WHEN, 1, 80, "Delivery date",
	    "Date de livraison" },
	{ "contact", NULL, FK_EMAIL, 1, 254, "Contact e-mail address",
	    "Adresse courriel de contact" },
	{ "skills", NULL, FK_SKILLS, 1, 8192, "Skills", "Compétences" },
	{ "title", "en", FK_LINE, 1, 1000, "Title in English",
	    "Titre en anglais" },
	{ "summary", "en", FK_LINE, 1, 2000, "Summary in English",
	    "Résumé en anglais" },
	{ "description", "en", FK_MARKDOWN, 1, 30000,
	    "Description in English", "Description en anglais" },
	{ "evaluation", "en", FK_MARKDOWN, 1, 30000, "Evaluation in English",
	    "Évaluation en anglais" },
	{ "acceptance", "en", FK_MARKDOWN, 1, 30000,
	    "Acceptance criteria in English",
	    "Critères d'acceptation en anglais" },
	{ "title", "fr", FK_LINE, 1, 1000, "Title in French",
	    "Titre en français" },
	{ "slug", "fr", FK_ID, 0, 80, "Short name for the French web address",
	    "Nom court pour l'adresse Web française" },
	{ "summary", "fr", FK_LINE, 1, 2000, "Summary in French",
	    "Résumé en français" },
	{ "description", "fr", FK_MARKDOWN, 1, 30000,
	    "Description in French", "Description en français" },
	{ "evaluation", "fr", FK_MARKDOWN, 1, 30000, "Evaluation in French",
	    "Évaluation en français" },
	{ "acceptance", "fr", FK_MARKDOWN, 1, 30000,
	    "Acceptance criteria in French",
	    "Critères d'acceptation en français" },
};
#define NFIELDS		(sizeof(fields) / sizeof(fields[0]))
#define MAX_SKILL_PROBLEMS	5

/* One answer as found in the body. */
struct answer {
	int	 seen;	/* its heading is in the body */
	int	 line;	/* the heading's line */
	char	*text;	/* cleaned text, blank lines trimmed, or NULL */
	char	*out;	/* the YAML value to write after "key: ", or NULL */
};

struct reader {
	struct issueform	*f;
	const struct site	*site;
	struct answer		 a[NFIELDS + 1]; /* the last: the issue as a
						  * whole */
};

/* Record a problem with field i; en and fr are printf formats taking the
 * same arguments (the answer, when it is quoted, comes first). */
static void
problem(struct reader *r, size_t i, int warning, const char *en,
    const char *fr, ...) __attribute__((format(printf, 4, 6)));

static void
problem(struct reader *r, size_t i, int warning, const char *en,
    const char *fr, ...)
{
	struct issueform	*f = r->f;
	struct issueform_problem *p;
	va_list			 ap;
	char			 tmp[1024];

	f->problems = xreallocarray(f->problems, f->nproblems + 1,
	    sizeof(*f->problems));
	p = &f->problems[f->nproblems++];
	p->warning = warning;
	p->field = i;
	p->seq = f->nproblems;
	p->line = r->a[i].line;
	p->label_en = i < NFIELDS ? fields[i].en : "The issue";
	p->label_fr = i < NFIELDS ? fields[i].fr : "La demande";
	va_start(ap, fr);
	vsnprintf(tmp, sizeof(tmp), en, ap);
	va_end(ap);
	p->en = xstrdup(tmp);
	va_start(ap, fr);
	vsnprintf(tmp, sizeof(tmp), fr, ap);
	va_end(ap);
	p->fr = xstrdup(tmp);
	if (!warning)
		f->nerrors++;
}

/* Decode one UTF-8 sequence at s (n bytes left): the code point, or -1
 * for an invalid sequence; *len gets the bytes used (at least 1). */
static long
utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
	long	cp;
	size_t	k, need;

	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		need = 1, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		need = 2, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		need = 3, cp = s[0] & 0x07;
	else
		return -1;
	if (need >= n)
		return -1;
	for (k = 1; k <= need; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 ||
	    cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = need + 1;
	return cp;
}

/*
 * The body as text that YAML and Markdown take safely: line ends as \n
 * (CR LF, CR, NEL, LS and PS), no control character but \n and \t, no
 * byte order mark, noncharacter or bidirectional override, invalid UTF-8
 * as U+FFFD. The result is NUL-terminated; free() it.
 */
static char *
clean_body(const char *body, size_t len)
{
	const unsigned char *s = (const unsigned char *)body;
	struct buf	b = BUF_INIT;
	size_t		i = 0, n;
	long		cp;

	buf_reserve(&b, len);
	while (i < len) {
		cp = utf8_decode(s + i, len - i, &n);
		if (cp == '\r') {
			buf_putc(&b, '\n');
			if (i + 1 < len && s[i + 1] == '\n')
				n = 2;
		} else if (cp == 0x85 || cp == 0x2028 || cp == 0x2029)
			buf_putc(&b, '\n');
		else if (cp < 0)
			buf_puts(&b, "\xEF\xBF\xBD");
		else if ((cp < 0x20 && cp != '\n' && cp != '\t') ||
		    (cp >= 0x7F && cp < 0xA0) || cp == 0xFEFF ||
		    (cp >= 0x202A && cp <= 0x202E) ||
		    (cp >= 0x2066 && cp <= 0x2069) ||
		    (cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF))
			;	/* dropped */
		else
			buf_put(&b, s + i, n);
		i += n;
	}
	buf_putc(&b, '\0');
	return buf_detach(&b, NULL);
}

/* Lower-case ASCII copy of a heading for matching: parenthesised parts,
 * a final '?' or ':' and extra spaces removed, ’ read as '. */
static void
heading_key(char *out, size_t size, const char *s, size_t n)
{
	size_t	i, o = 0;
	int	depth = 0, space = 0;

	for (i = 0; i < n && o + 2 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '(')
			depth++;
		else if (c == ')' && depth > 0)
			depth--;
		else if (depth > 0)
			continue;
		else if (c == ' ' || c == '\t')
			space = o > 0;
		else if (c == 0xE2 && i + 2 < n &&
		    memcmp(s + i, "\xE2\x80\x99", 3) == 0) {
			if (space)
				out[o++] = ' ', space = 0;
			out[o++] = '\'';
			i += 2;
		} else {
			if (space)
				out[o++] = ' ', space = 0;
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
	}
	while (o > 0 && (out[o - 1] == '?' || out[o - 1] == ':' ||
	    out[o - 1] == ' '))
		o--;
	out[o] = '\0';
}

static int
label_is(const char *key, const char *label)
{
	char	l[256];

	heading_key(l, sizeof(l), label, strlen(label));
	return strcmp(key, l) == 0;
}

/* The field a "### " heading names (the English label, the French one,
 * or both joined by " / "), or -1. */
static int
field_of_heading(const char *s, size_t n)
{
	char	key[512], both[512], *half;
	size_t	i;

	heading_key(key, sizeof(key), s, n);
	if ((half = strstr(key, " / ")) != NULL) {
		*half = '\0';	/* "English / French": both halves match */
		half += 3;
	}
	for (i = 0; i < NFIELDS; i++) {
		if (strcmp(fields[i].en, fields[i].fr) == 0)
			snprintf(both, sizeof(both), "%s", fields[i].en);
		else
			snprintf(both, sizeof(both), "%s / %s", fields[i].en,
			    fields[i].fr);
		if (half != NULL && label_is(key, fields[i].en) &&
		    label_is(half, fields[i].fr))
			return (int)i;
		if (half == NULL && (label_is(key, both) ||
		    label_is(key, fields[i].en) || label_is(key, fields[i].fr)))
			return (int)i;
	}
	return -1;
}

/* Blank lines trimmed from both ends, trailing spaces from every line. */
static char *
trim_answer(const char *s, size_t n)
{
	struct buf	b = BUF_INIT;
	const char	*p = s, *end = s + n;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *te = le;

		while (te > p && (te[-1] == ' ' || te[-1] == '\t'))
			te--;
		if (te > p || b.len > 0) {
			buf_put(&b, p, (size_t)(te - p));
			buf_putc(&b, '\n');
		}
		p = nl ? nl + 1 : end;
	}
	while (b.len > 0 && b.data[b.len - 1] == '\n')
		b.len--;
	buf_putc(&b, '\0');
	return buf_detach(&b, NULL);
}

/* Split the cleaned body into answers, by the form's headings in the
 * form's order (a heading that does not come later in the form is part
 * of the answer it is in, such as a "### Background" in a description). */
static int
split_answers(struct reader *r, const char *text)
{
	const char	*p = text, *start = NULL;
	int		 cur = -1, line = 0, found = 0;

	for (;;) {
		const char *nl = strchr(p, '\n');
		const char *le = nl ? nl : p + strlen(p);
		int	    f = -1;

		line++;
		if (strncmp(p, "### ", 4) == 0)
			f = field_of_heading(p + 4, (size_t)(le - p - 4));
		if (f > cur || nl == NULL) {
			if (cur >= 0 && start != NULL)
				r->a[cur].text = trim_answer(start,
				    (size_t)((f > cur ? p : le) - start));
			if (f > cur) {
				cur = f;
				r->a[cur].seen = 1;
				r->a[cur].line = line;
				start = nl ? nl + 1 : le;
				found++;
			}
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return found;
}

/* The answer cut to a short line for messages, to go between backticks
 * (its own backticks become '). */
static const char *
shown(const char *s, char *out, size_t size)
{
	size_t	i = 0, o = 0, chars = 0;

	while (s[i] != '\0' && s[i] != '\n' && o + 8 < size && chars < 60) {
		size_t n = 1;

		while ((s[i + n] & 0xC0) == 0x80)
			n++;
		memcpy(out + o, s + i, n);
		if (out[o] == '`')
			out[o] = '\'';	/* the message's code spans stay whole */
		o += n;
		i += n;
		chars++;
	}
	if (s[i] != '\0')
		memcpy(out + o, "...", 3), o += 3;
	out[o] = '\0';
	return out;
}

/* A double-quoted YAML scalar: safe for any text. */
static char *
yaml_quoted(const char *s)
{
	struct buf	b = BUF_INIT;

	buf_putc(&b, '"');
	escape_yaml(&b, s, strlen(s));
	buf_putc(&b, '"');
	buf_putc(&b, '\0');
	return buf_detach(&b, NULL);
}

/* Collapse every run of white space to one space. */
static void
one_line(char *s)
{
	char	*o = s, *p = s;
	int	 space = 0;

	for (; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t')
			space = o > s;
		else {
			if (space)
				*o++ = ' ';
			space = 0;
			*o++ = *p;
		}
	}
	*o = '\0';
}

/* Remove every occurrence of the byte sequence w from s. */
static void
remove_all(char *s, const char *w)
{
	size_t	n = strlen(w);
	char	*p;

	while ((p = strstr(s, w)) != NULL)
		memmove(p, p + n, strlen(p + n) + 1);
}

/* An amount in dollars: 4500, 4 500, 4,500.00, $4,500, 4 500,50 $. */
static void
read_value(struct reader *r, size_t i)
{
	char	s[64], show[256], *p;
	size_t	n, k, digits = 0, groups;
	int	ok = 0;

	snprintf(s, sizeof(s), "%s", r->a[i].text);
	remove_all(s, "\xC2\xA0");
	remove_all(s, "\xE2\x80\xAF");
	remove_all(s, "\xE2\x80\x89");
	for (p = s; *p != '\0'; p++)
		if (*p == '$' || *p == ' ')
			memmove(p, p + 1, strlen(p)), p--;
	n = strlen(s);
	if (n > 3 && strcmp(s + n - 3, "CAD") == 0)
		s[n -= 3] = '\0';
	for (k = 0; k < n && s[k] >= '0' && s[k] <= '9'; k++)
		digits++;
	if (digits > 0 && k == n)
		ok = 1;
	else if (digits > 0 && (s[k] == '.' || s[k] == ',') &&
	    n - k - 1 >= 1 && n - k - 1 <= 2 &&
	    strspn(s + k + 1, "0123456789") == n - k - 1) {
		s[k] = '.';	/* 4500.50 or 4500,50 */
		ok = 1;
	} else if (digits >= 1 && digits <= 3 && s[k] == ',') {
		/* 4,500 or 4,500.50: thousands separated by commas */
		for (groups = 0; s[k] == ',' && strspn(s + k + 1,
		    "0123456789") >= 3; k += 4, groups++)
			if (s[k + 4] >= '0' && s[k + 4] <= '9')
				break;
		if (groups > 0 && (s[k] == '\0' || (s[k] == '.' &&
		    strlen(s + k + 1) >= 1 && strlen(s + k + 1) <= 2 &&
		    strspn(s + k + 1, "0123456789") == strlen(s + k + 1)))) {
			remove_all(s, ",");
			ok = 1;
		}
	}
	if (ok && strlen(s) <= 15) {
		r->a[i].out = xstrdup(s);
		return;
	}
	shown(r->a[i].text, show, sizeof(show));
	problem(r, i, 0, "`%s` is not an amount: write the dollars in "
	    "digits, such as 4500", "`%s` n'est pas un montant : inscrivez "
	    "les dollars en chiffres, par exemple 4500", show);
}

static void
read_taxes(struct reader *r, size_t i)
{
	const char	*t = r->a[i].text;
	int		 ex = strstr(t, "xclu") != NULL;
	int		 in = strstr(t, "nclu") != NULL;
	char		 show[256];

	if (ex != in) {
		r->a[i].out = xstrdup(ex ? "excluded" : "included");
		return;
	}
	shown(t, show, sizeof(show));
	problem(r, i, 0, "`%s`: choose taxes excluded or taxes included",
	    "`%s` : choisissez taxes exclues ou taxes incluses", show);
}

static int
days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* Read n digits at *p (advancing), or -1. */
static int
digits(const char **p, int n)
{
	int	v = 0, k;

	for (k = 0; k < n; k++) {
		if ((*p)[k] < '0' || (*p)[k] > '9')
			return -1;
		v = v * 10 + (*p)[k] - '0';
	}
	*p += n;
	return v;
}

struct when {
	int	y, m, d;	/* the date */
	int	hh, mm;		/* the time, if has_time */
	int	has_time;
};

/* A time after p: 14:00, 14h00, 14 h 00, 14 h, 9:30 (not am/pm). Returns
 * the end, or NULL. */
static const char *
parse_time(struct when *w, const char *p)
{
	int	h, m = 0;

	if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9')
		h = digits(&p, 2);
	else if (p[0] >= '0' && p[0] <= '9')
		h = digits(&p, 1);
	else
		return NULL;
	while (*p == ' ')
		p++;
	if (*p == ':' || *p == 'h' || *p == 'H') {
		int colon = *p == ':';

		p++;
		while (!colon && *p == ' ')
			p++;
		if (p[0] >= '0' && p[0] <= '9')
			m = digits(&p, 2);
		else if (colon)
			return NULL;
		if (m < 0)
			return NULL;
		if (*p == ':' && colon && digits(&(const char *){ p + 1 }, 2)
		    == 0)
			p += 3;		/* :00 seconds */
	} else
		return NULL;
	if (h > 23 || m > 59)
		return NULL;
	w->hh = h;
	w->mm = m;
	w->has_time = 1;
	return p;
}

/* 2027-06-05, then optionally T or spaces and a time. 0 or -1. */
static int
parse_when(struct when *w, const char *s)
{
	const char	*p = s;

	memset(w, 0, sizeof(*w));
	if ((w->y = digits(&p, 4)) < 0 || *p++ != '-' ||
	    (w->m = digits(&p, 2)) < 0 || *p++ != '-' ||
	    (w->d = digits(&p, 2)) < 0)
		return -1;
	if (w->y < 1970 || w->m < 1 || w->m > 12 || w->d < 1 ||
	    w->d > days_in_month(w->y, w->m))
		return -1;
	if (*p == 'T' || *p == ' ') {
		while (*p == ' ' || *p == 'T')
			p++;
		if ((p = parse_time(w, p)) == NULL)
			return -1;
	}
	return *p == '\0' ? 0 : -1;
}

/* A date written with a month's name ("June 5 2027", "5 juin 2027 à 14
 * h"), as 2027-06-05 [14:00] in out, for a suggestion. 0 or -1. */
static int
guess_when(char *out, size_t size, const char *s)
{
	static const char *const months[] = {
		"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
		"sep", "oct", "nov", "dec",
		"janv", "f\xc3\xa9v", "mars", "avr", "mai", "juin", "juil",
		"ao\xc3\xbb", "sept", "oct", "nov", "d\303\251c"
	};
	struct when	 w;
	const char	*p = s;
	int		 pm = 0, am = 0;

	memset(&w, 0, sizeof(w));
	while (*p != '\0') {
		const char *q = p;
		size_t	    n, k;

		while ((unsigned char)*q >= 0x80 || (*q >= 'a' && *q <= 'z') ||
		    (*q >= 'A' && *q <= 'Z'))
			q++;
		n = (size_t)(q - p);
		if (n >= 2) {
			char	word[32];
			size_t	j;

			for (j = 0; j < n && j + 1 < sizeof(word); j++)
				word[j] = (char)(p[j] >= 'A' && p[j] <= 'Z' ?
				    p[j] + 32 : p[j]);
			word[j] = '\0';
			for (k = 0; k < 24 && w.m == 0; k++)
				if (strncmp(word, months[k],
				    strlen(months[k])) == 0)
					w.m = (int)(k % 12) + 1;
			if (strcmp(word, "pm") == 0 || strcmp(word, "p") == 0)
				pm = 1;
			if (strcmp(word, "am") == 0)
				am = 1;
			p = q;
			continue;
		}
		if (n == 1) {
			pm |= (*p == 'p' || *p == 'P') && (q[0] == '.' ||
			    q[0] == 'm');
			am |= (*p == 'a' || *p == 'A') && q[0] == '.';
			p = q;
			continue;
		}
		if (*p >= '0' && *p <= '9') {
			size_t nd = strspn(p, "0123456789");
			const char *e;

			if (nd == 4)
				w.y = atoi(p);
			else if (nd <= 2 && (e = parse_time(&w, p)) != NULL &&
			    !(e[-1] >= '0' && e[-1] <= '9' && nd == (size_t)(e
			    - p)))
				p = e, nd = 0;
			else if (nd <= 2 && w.d == 0)
				w.d = atoi(p);
			else if (nd <= 2 && !w.has_time)
				w.hh = atoi(p), w.has_time = 1;
			p += nd;
			continue;
		}
		p++;
	}
	if (pm && w.has_time && w.hh < 12)
		w.hh += 12;
	if (am && w.has_time && w.hh == 12)
		w.hh = 0;
	if (w.y < 1970 || w.y > 9999 || w.m == 0 || w.d < 1 ||
	    w.d > days_in_month(w.y, w.m) || w.hh > 23)
		return -1;
	if (w.has_time)
		snprintf(out, size, "%04d-%02d-%02d %02d:%02d", w.y, w.m, w.d,
		    w.hh, w.mm);
	else
		snprintf(out, size, "%04d-%02d-%02d", w.y, w.m, w.d);
	return 0;
}

static void
read_when(struct reader *r, size_t i)
{
	enum field_kind	 k = fields[i].kind;
	struct when	 w;
	char		 show[256], guess[64], out[64];
	const char	*t = r->a[i].text;

	if (parse_when(&w, t) == 0 && !(k == FK_INSTANT && !w.has_time) &&
	    !(k == FK_DATE && w.has_time)) {
		if (w.has_time)
			snprintf(out, sizeof(out), "%04d-%02d-%02d %02d:%02d",
			    w.y, w.m, w.d, w.hh, w.mm);
		else
			snprintf(out, sizeof(out), "%04d-%02d-%02d", w.y, w.m,
			    w.d);
		r->a[i].out = xstrdup(out);
		return;
	}
	shown(t, show, sizeof(show));
	if (parse_when(&w, t) == 0 && k == FK_INSTANT)
		problem(r, i, 0, "`%s` needs a time as well, such as "
		    "%.10s 14:00", "`%s` doit aussi avoir une heure, par "
		    "exemple %.10s 14:00", show, t);
	else if (parse_when(&w, t) == 0)
		problem(r, i, 0, "`%s` is a date: write it without a time, "
		    "as %.10s", "`%s` est une date : inscrivez-la sans heure, "
		    "soit %.10s", show, t);
	else if (guess_when(guess, sizeof(guess), t) == 0 &&
	    k == FK_INSTANT && strlen(guess) == 10)
		problem(r, i, 0, "`%s`: write the date as year-month-day "
		    "and add the time, such as %s 14:00",
		    "`%s` : inscrivez la date sous la forme "
		    "année-mois-jour et ajoutez l'heure, par exemple %s 14:00",
		    show, guess);
	else if (guess_when(guess, sizeof(guess), t) == 0 && k == FK_DATE)
		problem(r, i, 0, "`%s`: write it as year-month-day, here %.10s",
		    "`%s` : inscrivez-la sous la forme année-mois-jour, ici "
		    "%.10s", show, guess);
	else if (guess_when(guess, sizeof(guess), t) == 0)
		problem(r, i, 0, "`%s`: write it as year-month-day "
		    "hour:minute, here %s", "`%s` : inscrivez-la sous la forme "
		    "année-mois-jour heure:minute, ici %s", show, guess);
	else if (k == FK_DATE)
		problem(r, i, 0, "`%s` is not a date: write it as "
		    "year-month-day, such as 2027-06-09", "`%s` n'est pas "
		    "une date : inscrivez-la sous la forme année-mois-jour, "
		    "par exemple 2027-06-09", show);
	else
		problem(r, i, 0, "`%s` is not a date and time: write it as "
		    "year-month-day hour:minute, such as 2027-06-05 14:00",
		    "`%s` n'est pas une date et heure : inscrivez-la sous la "
		    "forme année-mois-jour heure:minute, par exemple "
		    "2027-06-05 14:00", show);
}

static void
read_email(struct reader *r, size_t i)
{
	const char	*t = r->a[i].text, *at;
	char		 show[256];
	size_t		 k;

	if (strncmp(t, "mailto:", 7) == 0)
		t += 7;
	at = strchr(t, '@');
	for (k = 0; t[k] != '\0'; k++)
		if ((unsigned char)t[k] <= ' ' || (unsigned char)t[k] >= 0x7F)
			break;
	if (t[k] == '\0' && at != NULL && at != t && !strchr(at + 1, '@') &&
	    strchr(at, '.') != NULL && at[strlen(at) - 1] != '.' &&
	    strpbrk(t, "<>\"(),;:[]\\`'") == NULL) {
		r->a[i].out = yaml_quoted(t);
		return;
	}
	shown(r->a[i].text, show, sizeof(show));
	problem(r, i, 0, "`%s` is not an e-mail address: write one address, "
	    "such as team@example.gc.ca", "`%s` n'est pas une adresse "
	    "courriel : inscrivez une seule adresse, par exemple "
	    "equipe@exemple.gc.ca", show);
}

static char	*id_from_title(const char *);

static void
read_id(struct reader *r, size_t i)
{
	char	show[256], *like;

	if (opp_id_ok(r->a[i].text)) {
		r->a[i].out = xstrdup(r->a[i].text);
		return;
	}
	shown(r->a[i].text, show, sizeof(show));
	like = id_from_title(r->a[i].text);
	problem(r, i, 0, "`%s` cannot be part of a web address: use "
	    "lower-case letters, digits and hyphens, such as %s",
	    "`%s` ne peut pas faire partie d'une adresse Web : utilisez des "
	    "lettres minuscules, des chiffres et des traits d'union, par "
	    "exemple %s", show, like ? like : "accessibility-report");
	free(like);
}

/* A skill's option as the form shows it matches key k of skills.yml. */
static int
skill_matches(const char *opt, const struct value *k, const struct value *v)
{
	char	 want[512], got[512];
	const char *en = value_str(value_map_get(v, "en"));
	const char *fr = value_str(value_map_get(v, "fr"));

	heading_key(got, sizeof(got), opt, strlen(opt));
	if (label_is(got, k->str) || (en && label_is(got, en)) ||
	    (fr && label_is(got, fr)))
		return 1;
	if (en == NULL || fr == NULL)
		return 0;
	snprintf(want, sizeof(want), "%s / %s", en, fr);
	return label_is(got, want);
}

static void
read_skills(struct reader *r, size_t i)
{
	const struct value *sk = r->site->skills;
	struct buf	 b = BUF_INIT;
	const char	*p = r->a[i].text;
	char		 show[256];
	size_t		 k, nbad = 0, nseen = 0;
	unsigned char	*seen;

	seen = xcalloc(sk ? sk->count + 1 : 1, 1);
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t	    n = nl ? (size_t)(nl - p) : strlen(p);
		char	    opt[512];

		snprintf(opt, sizeof(opt), "%.*s", (int)(n < 500 ? n : 500),
		    p);
		p += n + (nl != NULL);
		if (strncmp(opt, "- [ ]", 5) == 0 || opt[0] == '\0' ||
		    strcmp(opt, "_No response_") == 0)
			continue;
		if (strncmp(opt, "- [X] ", 6) == 0 ||
		    strncmp(opt, "- [x] ", 6) == 0)
			memmove(opt, opt + 6, strlen(opt + 6) + 1);
		for (k = 0; sk != NULL && k < sk->count; k++)
			if (skill_matches(opt, sk->pairs[k].key,
			    sk->pairs[k].val))
				break;
		if (sk != NULL && k < sk->count) {
			nseen += !seen[k];
			seen[k] = 1;
		} else if (nbad++ < MAX_SKILL_PROBLEMS)
			problem(r, i, 0, "`%s` is not in the list of skills: "
			    "tick skills from the list (the site's maintainers "
			    "can add one to _data/skills.yml)", "`%s` ne figure "
			    "pas dans la liste des compétences : cochez des "
			    "compétences de la liste (les responsables du site "
			    "peuvent en ajouter une dans _data/skills.yml)",
			    shown(opt, show, sizeof(show)));
	}
	if (nseen == 0 && nbad == 0)
		problem(r, i, 0, "no skill is ticked: tick at least one",
		    "aucune compétence n'est cochée : cochez-en au moins une");
	if (nseen > 0) {
		buf_putc(&b, '[');
		for (k = 0; k < sk->count; k++) {
			char *q;

			if (!seen[k])
				continue;
			if (b.len > 1)
				buf_puts(&b, ", ");
			q = yaml_quoted(sk->pairs[k].key->str);
			buf_puts(&b, opp_id_ok(sk->pairs[k].key->str) ?
			    sk->pairs[k].key->str : q);
			free(q);
		}
		buf_putc(&b, ']');
		buf_putc(&b, '\0');
		r->a[i].out = buf_detach(&b, NULL);
	}
	free(seen);
}

/* Words frequent in one language and rare in the other. */
static int
language_hits(const char *s, const char *const *words)
{
	int	hits = 0;

	while (*s != '\0') {
		const char *q = s;
		size_t	    n, k;

		while ((unsigned char)*q >= 0x80 || (*q >= 'a' && *q <= 'z') ||
		    (*q >= 'A' && *q <= 'Z'))
			q++;
		n = (size_t)(q - s);
		for (k = 0; n > 0 && words[k] != NULL; k++)
			if (strlen(words[k]) == n &&
			    strncasecmp(s, words[k], n) == 0)
				hits++;
		s = n > 0 ? q : s + 1;
	}
	return hits;
}

static void
check_language(struct reader *r, size_t i)
{
	static const char *const en[] = { "the", "and", "of", "to", "is",
	    "with", "will", "this", "that", "we", "our", "are", "for", "be",
	    "from", "by", "which", "must", "should", "an", NULL };
	static const char *const fr[] = { "le", "la", "les", "des", "et",
	    "du", "une", "est", "pour", "avec", "dans", "nous", "sur", "qui",
	    "que", "aux", "au", "cette", "sont", "par", "doit", NULL };
	int	 ne = language_hits(r->a[i].text, en);
	int	 nf = language_hits(r->a[i].text, fr);
	int	 in_en = strcmp(fields[i].lang, "en") == 0;
	int	 own = in_en ? ne : nf, other = in_en ? nf : ne;

	if (other >= 3 && other > 2 * own)
		problem(r, i, 1, in_en ? "this looks like French: write the "
		    "English text here" : "this looks like English: write the "
		    "French text here", in_en ? "ce texte semble en français : "
		    "inscrivez ici le texte anglais" : "ce texte semble en "
		    "anglais : inscrivez ici le texte français");
}

/* The French text must not repeat the English (title, summary,
 * description): that is a translation left to do. */
static void
check_translated(struct reader *r)
{
	size_t	i, j;

	for (i = 0; i < NFIELDS; i++) {
		if (fields[i].lang == NULL || strcmp(fields[i].lang, "fr") ||
		    r->a[i].out == NULL || strcmp(fields[i].key, "slug") == 0)
			continue;
		for (j = 0; j < NFIELDS; j++)
			if (fields[j].lang != NULL &&
			    strcmp(fields[j].lang, "en") == 0 &&
			    strcmp(fields[j].key, fields[i].key) == 0)
				break;
		if (j == NFIELDS || r->a[j].out == NULL ||
		    strcmp(fields[i].key, "evaluation") == 0 ||
		    strcmp(fields[i].key, "acceptance") == 0)
			continue;
		if (strcmp(r->a[i].text, r->a[j].text) == 0)
			problem(r, i, 0, "this is the same text as the English "
			    "answer: write it in French", "ce texte est le même "
			    "que la réponse anglaise : rédigez-le en français");
	}
}

/* A Markdown answer as a literal block under a key indented by 2. */
static char *
markdown_block(const char *s)
{
	struct buf	b = BUF_INIT;
	const char	*p = s;

	buf_puts(&b, s[0] == ' ' ? "|2" : "|");
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t	    n = nl ? (size_t)(nl - p) : strlen(p);

		buf_putc(&b, '\n');
		if (n > 0)
			buf_puts(&b, "    ");
		for (; n > 0; p++, n--)
			buf_put(&b, *p == '\t' ? "    " : p, *p == '\t' ? 4 : 1);
		p += nl != NULL;
	}
	buf_putc(&b, '\0');
	return buf_detach(&b, NULL);
}

static void
read_answer(struct reader *r, size_t i)
{
	struct answer	*a = &r->a[i];
	char		*t;

	if (a->text != NULL && strcmp(a->text, "_No response_") == 0) {
		free(a->text);
		a->text = NULL;
	}
	if (a->text == NULL || a->text[0] == '\0') {
		if (!fields[i].required)
			return;
		if (a->seen)
			problem(r, i, 0, "no answer was given: this answer is "
			    "required", "aucune réponse n'a été donnée : cette "
			    "réponse est obligatoire");
		else
			problem(r, i, 0, "this question is missing from the "
			    "issue: open a new issue with the opportunity form",
			    "cette question manque dans la demande : ouvrez une "
			    "nouvelle demande avec le formulaire d'occasion");
		return;
	}
	if (strlen(a->text) > fields[i].max) {
		problem(r, i, 0, "the answer is too long: at most %zu "
		    "characters", "la réponse est trop longue : au plus %zu "
		    "caractères", fields[i].max);
		return;
	}
	t = a->text;
	if (fields[i].kind != FK_MARKDOWN && fields[i].kind != FK_SKILLS)
		one_line(t);
	switch (fields[i].kind) {
	case FK_ID:		read_id(r, i); break;
	case FK_VALUE:		read_value(r, i); break;
	case FK_TAXES:		read_taxes(r, i); break;
	case FK_INSTANT:
	case FK_DATE:
	case FK_WHEN:		read_when(r, i); break;
	case FK_EMAIL:		read_email(r, i); break;
	case FK_SKILLS:		read_skills(r, i); break;
	case FK_LINE:		a->out = yaml_quoted(t); break;
	case FK_MARKDOWN:	a->out = markdown_block(t); break;
	}
	if ((fields[i].kind == FK_LINE || fields[i].kind == FK_MARKDOWN) &&
	    a->out != NULL)
		check_language(r, i);
}

static size_t
field_index(const char *key, const char *lang)
{
	size_t	i;

	for (i = 0; i < NFIELDS; i++)
		if (strcmp(fields[i].key, key) == 0 && fields[i].lang != NULL &&
		    strcmp(fields[i].lang, lang) == 0)
			break;
	return i;
}

/* An id from the English title: "Fix the Web form" -> fix-the-web-form. */
static char *
id_from_title(const char *t)
{
	static const struct { const char *utf8; char ascii; } folds[] = {
		{ "\xc3\xa0", 'a' }, { "\xc3\xa2", 'a' }, { "\xc3\xa4", 'a' },
		{ "\xc3\xa7", 'c' }, { "\xc3\xa8", 'e' }, { "\xc3\xa9", 'e' },
		{ "\xc3\xaa", 'e' }, { "\xc3\xab", 'e' }, { "\xc3\xae", 'i' },
		{ "\xc3\xaf", 'i' }, { "\xc3\xb4", 'o' }, { "\xc3\xb6", 'o' },
		{ "\xc3\xb9", 'u' }, { "\xc3\xbb", 'u' }, { "\xc3\xbc", 'u' },
		{ "\xc3\x80", 'a' }, { "\xc3\x82", 'a' }, { "\xc3\x84", 'a' },
		{ "\xc3\x87", 'c' }, { "\xc3\x88", 'e' }, { "\xc3\x89", 'e' },
		{ "\xc3\x8a", 'e' }, { "\xc3\x8b", 'e' }, { "\xc3\x8e", 'i' },
		{ "\xc3\x8f", 'i' }, { "\xc3\x94", 'o' }, { "\xc3\x96", 'o' },
		{ "\xc3\x99", 'u' }, { "\xc3\x9b", 'u' }, { "\xc3\x9c", 'u' }
	};
	char	out[81];
	size_t	o = 0, k;

	while (*t != '\0' && o < 60) {
		char c = *t;

		if (c >= 'A' && c <= 'Z')
			c += 32;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			out[o++] = c;
			t++;
			continue;
		}
		if (c == '\'' || strncmp(t, "\xe2\x80\x99", 3) == 0) {
			t += c == '\'' ? 1 : 3;	/* form's -> forms */
			continue;
		}
		for (k = 0; k < sizeof(folds) / sizeof(folds[0]); k++)
			if (strncmp(t, folds[k].utf8, 2) == 0)
				break;
		if (k < sizeof(folds) / sizeof(folds[0])) {
			out[o++] = folds[k].ascii;
			t += 2;
			continue;
		}
		if (o > 0 && out[o - 1] != '-')
			out[o++] = '-';
		t++;
		while (((unsigned char)*t & 0xC0) == 0x80)
			t++;
	}
	if (o == 60 && *t != '\0')
		while (o > 0 && out[o - 1] != '-')
			o--;	/* do not cut a word */
	while (o > 0 && out[o - 1] == '-')
		o--;
	out[o] = '\0';
	return o > 0 ? xstrdup(out) : NULL;
}

static void
put_field(struct buf *b, const struct reader *r, size_t i, int indent)
{
	if (r->a[i].out == NULL && !fields[i].required)
		return;
	buf_printf(b, "%*s%s:", indent, "", fields[i].key);
	if (r->a[i].out != NULL)
		buf_printf(b, " %s", r->a[i].out);
	buf_putc(b, '\n');
}

static void
write_yaml(struct reader *r)
{
	struct buf	*b = &r->f->yaml;
	size_t		 i;
	const char	*lang = NULL;

	buf_puts(b, "# Written by 'marche new opportunity --from-issue' from "
	    "the answers to the\n# opportunity form. The format is described "
	    "in 'man 5 marche'.\n");
	for (i = 1; i < NFIELDS; i++) {
		if (fields[i].lang != NULL && (lang == NULL ||
		    strcmp(lang, fields[i].lang) != 0)) {
			lang = fields[i].lang;
			buf_printf(b, "%s:\n", lang);
		}
		put_field(b, r, i, lang != NULL ? 2 : 0);
	}
}

static int
problem_cmp(const void *pa, const void *pb)
{
	const struct issueform_problem *a = pa, *b = pb;

	if (a->field != b->field)
		return a->field < b->field ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
issueform_read(struct issueform *out, const char *body, size_t len,
    const struct site *site, const char *id)
{
	struct reader	 r;
	char		*text;
	const char	*title;
	size_t		 i;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	r.f = out;
	r.site = site;
	if (len > ISSUEFORM_MAX_BODY) {
		problem(&r, NFIELDS, 0, "the issue is longer than %d KiB: shorten the "
		    "texts", "la demande dépasse %d Kio : raccourcissez les "
		    "textes", ISSUEFORM_MAX_BODY / 1024);
		return;
	}
	text = clean_body(body, len);
	if (split_answers(&r, text) == 0) {
		free(text);
		problem(&r, NFIELDS, 0, "this issue was not written with the "
		    "opportunity form: open a new issue and choose the form",
		    "cette demande n'a pas été rédigée avec le formulaire "
		    "d'occasion : ouvrez une nouvelle demande et choisissez le "
		    "formulaire");
		return;
	}
	free(text);
	for (i = 0; i < NFIELDS; i++)
		read_answer(&r, i);
	check_translated(&r);
	title = r.a[field_index("title", "en")].text;
	if (id != NULL)
		out->id = xstrdup(id);
	else if (r.a[0].out != NULL)
		out->id = xstrdup(r.a[0].out);
	else if (r.a[0].text == NULL && (title == NULL ||
	    (out->id = id_from_title(title)) == NULL))
		problem(&r, 0, 0, "no short name can be made from the English "
		    "title: give one", "aucun nom court ne peut être tiré du "
		    "titre anglais : donnez-en un");
	if (out->id != NULL)
		write_yaml(&r);
	if (out->nproblems > 1)
		qsort(out->problems, out->nproblems, sizeof(*out->problems),
		    problem_cmp);
	for (i = 0; i < NFIELDS; i++) {
		free(r.a[i].text);
		free(r.a[i].out);
	}
}

void
issueform_exists(struct issueform *f, const char *path)
{
	struct reader	r;

	memset(&r, 0, sizeof(r));
	r.f = f;
	problem(&r, 0, 0, "`%s` already exists: choose another short name",
	    "`%s` existe déjà : choisissez un autre nom court", path);
}

void
issueform_free(struct issueform *f)
{
	size_t	i;

	for (i = 0; i < f->nproblems; i++) {
		free(f->problems[i].en);
		free(f->problems[i].fr);
	}
	free(f->problems);
	free(f->id);
	buf_free(&f->yaml);
	memset(f, 0, sizeof(*f));
}

/* Message text, with each `...` answer as a safe code span. */
static void
put_message(struct buf *out, const char *m)
{
	const char	*p = m, *q;

	while ((q = strchr(p, '`')) != NULL) {
		const char *e = strchr(q + 1, '`');

		if (e == NULL)
			break;
		buf_put(out, p, (size_t)(q - p));
		escape_markdown_code(out, q + 1, (size_t)(e - q - 1));
		p = e + 1;
	}
	buf_puts(out, p);
}

void
issueform_comment(struct buf *out, const struct issueform *f,
    const char *path)
{
	size_t	i;

	if (f->nerrors > 0)
		buf_puts(out, "**Some answers could not be read.** Edit the "
		    "issue to correct them.\n\n**Certaines réponses n'ont pas "
		    "pu être lues.** Modifiez la demande pour les corriger.\n");
	else if (path != NULL)
		buf_printf(out, "**Every answer was read**, into `%s`.\n\n"
		    "**Toutes les réponses ont été lues**, dans `%s`.\n",
		    path, path);
	if (path != NULL && f->nerrors > 0)
		buf_printf(out, "\nWhat could be read is in `%s`. / Ce qui a "
		    "pu être lu se trouve dans `%s`.\n", path, path);
	if (f->nproblems > 0)
		buf_putc(out, '\n');
	for (i = 0; i < f->nproblems; i++) {
		const struct issueform_problem *p = &f->problems[i];

		buf_printf(out, "- **%s%s%s**%s\n  - ", p->label_en,
		    strcmp(p->label_en, p->label_fr) ? " / " : "",
		    strcmp(p->label_en, p->label_fr) ? p->label_fr : "",
		    p->warning ? " (to check / à vérifier)" : "");
		put_message(out, p->en);
		buf_puts(out, ".\n  - ");
		put_message(out, p->fr);
		buf_puts(out, ".\n");
	}
}
