/*
 * Reading one answer of the opportunity form: amounts, dates and times,
 * e-mail addresses, short names, ticked skills, and a guess at the
 * language of a text. Each reader writes the YAML value to put after the
 * key, or reports, in English and French, what to write instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "issueform_impl.h"
#include "opportunity.h"
#include "site.h"
#include "value.h"
#include "xalloc.h"

static const struct field *const fields = issueform_fields;


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
void
form_value(struct reader *r, size_t i)
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
	form_shown(r->a[i].text, show, sizeof(show));
	form_problem(r, i, 0, "`%s` is not an amount: write the dollars in "
	    "digits, such as 4500", "`%s` n’est pas un montant\xc2\xa0: "
	    "inscrivez les dollars en chiffres, par exemple 4500", show);
}

void
form_taxes(struct reader *r, size_t i)
{
	const char	*t = r->a[i].text;
	int		 ex = strstr(t, "xclu") != NULL;
	int		 in = strstr(t, "nclu") != NULL;
	char		 show[256];

	if (ex != in) {
		r->a[i].out = xstrdup(ex ? "excluded" : "included");
		return;
	}
	form_shown(t, show, sizeof(show));
	form_problem(r, i, 0, "`%s`: choose taxes excluded or taxes included",
	    "`%s`\xc2\xa0: choisissez taxes exclues ou taxes incluses", show);
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

void
form_when(struct reader *r, size_t i)
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
	form_shown(t, show, sizeof(show));
	if (parse_when(&w, t) == 0 && k == FK_INSTANT)
		form_problem(r, i, 0, "`%s` needs a time as well, such as "
		    "%.10s 14:00", "`%s` doit aussi avoir une heure, par "
		    "exemple %.10s 14:00", show, t);
	else if (parse_when(&w, t) == 0)
		form_problem(r, i, 0,
		    "`%s` is a date: write it without a time, "
		    "as %.10s",
		    "`%s` est une date\xc2\xa0: inscrivez-la sans heure, "
		    "soit %.10s",
		    show, t);
	else if (guess_when(guess, sizeof(guess), t) == 0 &&
	    k == FK_INSTANT && strlen(guess) == 10)
		form_problem(r, i, 0, "`%s`: write the date as year-month-day "
		    "and add the time, such as %s 14:00",
		    "`%s`\xc2\xa0: inscrivez la date sous la forme "
		    "année-mois-jour et ajoutez l’heure, par exemple %s 14:00",
		    show, guess);
	else if (guess_when(guess, sizeof(guess), t) == 0 && k == FK_DATE)
		form_problem(r, i, 0,
		    "`%s`: write it as year-month-day, here %.10s",
		    "`%s`\xc2\xa0: inscrivez-la sous la forme année-mois-jour, "
		    "ici %.10s",
		    show, guess);
	else if (guess_when(guess, sizeof(guess), t) == 0)
		form_problem(r, i, 0, "`%s`: write it as year-month-day "
		    "hour:minute, here %s", "`%s`\xc2\xa0: inscrivez-la sous "
		    "la forme année-mois-jour heure:minute, ici %s", show,
		    guess);
	else if (k == FK_DATE)
		form_problem(r, i, 0, "`%s` is not a date: write it as "
		    "year-month-day, such as 2027-06-09", "`%s` n’est pas "
		    "une date\xc2\xa0: inscrivez-la sous la forme "
		    "année-mois-jour, par exemple 2027-06-09", show);
	else
		form_problem(r, i, 0,
		    "`%s` is not a date and time: write it as "
		    "year-month-day hour:minute, such as 2027-06-05 14:00",
		    "`%s` n’est pas une date et heure\xc2\xa0: inscrivez-la "
		    "sous la forme année-mois-jour heure:minute, par exemple "
		    "2027-06-05 14:00",
		    show);
}

void
form_email(struct reader *r, size_t i)
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
		r->a[i].out = form_quoted(t);
		return;
	}
	form_shown(r->a[i].text, show, sizeof(show));
	form_problem(r, i, 0,
	    "`%s` is not an e-mail address: write one address, "
	    "such as team@example.gc.ca",
	    "`%s` n’est pas une adresse "
	    "courriel\xc2\xa0: inscrivez une seule adresse, par exemple "
	    "equipe@exemple.gc.ca",
	    show);
}

void
form_id(struct reader *r, size_t i)
{
	char	show[256], *like;

	if (opp_id_ok(r->a[i].text)) {
		r->a[i].out = xstrdup(r->a[i].text);
		return;
	}
	form_shown(r->a[i].text, show, sizeof(show));
	like = form_id_from(r->a[i].text);
	form_problem(r, i, 0, "`%s` cannot be part of a web address: use "
	    "lower-case letters, digits and hyphens, such as %s",
	    "`%s` ne peut pas faire partie d’une adresse Web\xc2\xa0: utilisez "
	    "des lettres minuscules, des chiffres et des traits d’union, par "
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

	form_key(got, sizeof(got), opt, strlen(opt));
	if (form_label_is(got, k->str) || (en && form_label_is(got, en)) ||
	    (fr && form_label_is(got, fr)))
		return 1;
	if (en == NULL || fr == NULL)
		return 0;
	snprintf(want, sizeof(want), "%s / %s", en, fr);
	return form_label_is(got, want);
}

void
form_skills(struct reader *r, size_t i)
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
			form_problem(r, i, 0,
			    "`%s` is not in the list of skills: "
			    "tick skills from the list (the site's maintainers "
			    "can add one to _data/skills.yml)",
			    "`%s` ne figure "
			    "pas dans la liste des compétences\xc2\xa0: cochez "
			    "des compétences de la liste (les responsables du "
			    "site peuvent en ajouter une dans "
			    "_data/skills.yml)",
			    form_shown(opt, show, sizeof(show)));
	}
	if (nseen == 0 && nbad == 0)
		form_problem(r, i, 0, "no skill is ticked: tick at least one",
		    "aucune compétence n’est cochée\xc2\xa0: cochez-en au "
		    "moins une");
	if (nseen > 0) {
		buf_putc(&b, '[');
		for (k = 0; k < sk->count; k++) {
			char *q;

			if (!seen[k])
				continue;
			if (b.len > 1)
				buf_puts(&b, ", ");
			q = form_quoted(sk->pairs[k].key->str);
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

void
form_language(struct reader *r, size_t i)
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
		form_problem(r, i, 1,
		    in_en ? "this looks like French: write the "
			    "English text here"
			  : "this looks like English: write the "
			    "French text here",
		    in_en ? "ce texte semble en français\xc2\xa0: "
			    "inscrivez ici le texte anglais"
			  : "ce texte semble en "
			    "anglais\xc2\xa0: inscrivez ici le texte français");
}

/* Does the lower-case copy of s contain any of the words? */
static int
has_word(const char *s, const char *const *words)
{
	char	low[256];
	size_t	i;

	for (i = 0; s[i] != '\0' && i + 1 < sizeof(low); i++)
		low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	low[i] = '\0';
	for (; *words != NULL; words++)
		if (strstr(low, *words) != NULL)
			return 1;
	return 0;
}

/* The way to apply: the dropdown's option, in either language. */
void
form_apply(struct reader *r, size_t i)
{
	static const char *const form[] = { "form", NULL };
	static const char *const web[] = { "web", NULL };
	static const char *const mail[] = { "mail", "courriel", NULL };
	const char	*t = r->a[i].text;
	char		 show[256];

	if (has_word(t, form))
		r->a[i].out = xstrdup("form");
	else if (has_word(t, web))
		r->a[i].out = xstrdup("web");
	else if (has_word(t, mail))
		r->a[i].out = xstrdup("email");
	else
		form_problem(r, i, 0, "`%s`: choose a way to apply from the "
		    "list", "`%s`\xc2\xa0: choisissez une façon de postuler "
		    "dans la "
		    "liste", form_shown(t, show, sizeof(show)));
}

/* Whether the opportunity's eligibility conditions replace the
 * general ones ("true") or add to them ("false"). */
void
form_replace(struct reader *r, size_t i)
{
	static const char *const add[] = { "add", "ajout", NULL };
	static const char *const repl[] = { "replace", "rempla", NULL };
	const char	*t = r->a[i].text;
	int		 a = has_word(t, add), p = has_word(t, repl);
	char		 show[256];

	if (a != p)
		r->a[i].out = xstrdup(p ? "true" : "false");
	else
		form_problem(r, i, 0, "`%s`: choose whether the conditions "
		    "add to the general ones or replace them", "`%s`\xc2\xa0: "
		    "choisissez si les conditions s’ajoutent aux conditions "
		    "générales ou les remplacent",
		    form_shown(t, show, sizeof(show)));
}

/* A host name: labels of letters, digits and hyphens, with a dot. */
static int
host_ok(const char *h, size_t n)
{
	size_t	k, label = 0;
	int	dot = 0;

	for (k = 0; k < n; k++) {
		char c = h[k];

		if (c == '.') {
			if (label == 0 || h[k - 1] == '-')
				return 0;
			dot = 1;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c == '-' && label > 0))
			label++;
		else
			return 0;
	}
	return dot && label > 0 && h[n - 1] != '-';
}

/* Has s no control character or space? */
static int
no_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ')
			return 0;
	return 1;
}

/*
 * The address where suppliers apply: https://, a host with a dot, and no
 * character a link cannot hold as written. For http:, a misspelt scheme
 * or none, the message suggests the https address.
 */
void
form_url(struct reader *r, size_t i)
{
	const char	*t = r->a[i].text, *rest = t, *p;
	char		 show[256], like[256];
	size_t		 hn, k, n, len = strlen(t);

	if (len > 2 && t[0] == '<' && t[len - 1] == '>') {
		memmove(r->a[i].text, t + 1, len - 2);	/* <https://...> */
		r->a[i].text[len - 2] = '\0';
	}
	if (strncmp(t, "https://", 8) == 0) {
		hn = strcspn(t + 8, "/?#:");
		k = 8 + hn;
		if (t[k] == ':' && (n = strspn(t + k + 1, "0123456789")) > 0)
			k += 1 + n;	/* a port */
		/* the host (and port) end the address or start its path */
		if (host_ok(t + 8, hn) && strchr("/?#", t[k]) != NULL &&
		    t[strcspn(t, " <>\"'`\\{}|^\x7f")] == '\0' &&
		    no_control(t)) {
			r->a[i].out = form_quoted(t);
			return;
		}
		form_problem(r, i, 0, "`%s` is not a web address that can be "
		    "opened: copy it from your browser's address bar",
		    "`%s` n’est pas une adresse Web qu’on peut ouvrir\xc2\xa0: "
		    "copiez-la de la barre d’adresse de votre navigateur",
		    form_shown(t, show, sizeof(show)));
		return;
	}
	/* A scheme of letters (hhttps:, htps:, http:), or none: the rest
	 * after it, without its slashes. */
	for (p = t; (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'); p++)
		;
	if (*p == ':' && p > t && p - t <= 8)
		rest = p + 1;
	while (*rest == '/' || *rest == '\\')
		rest++;
	hn = strcspn(rest, "/?#");
	form_shown(t, show, sizeof(show));
	if (hn == 0 || !host_ok(rest, hn) || strpbrk(rest, " <>\"'`") ||
	    strlen(rest) > sizeof(like) - 70)
		form_problem(r, i, 0, "`%s` is not a web address: write the "
		    "page's address, starting with https://, such as "
		    "https://www.example.gc.ca/apply", "`%s` n’est pas une "
		    "adresse Web\xc2\xa0: inscrivez l’adresse de la page, "
		    "commençant par https://, par exemple "
		    "https://www.exemple.gc.ca/postuler",
		    show);
	else if (strncasecmp(t, "http://", 7) == 0) {
		form_shown(rest, like, sizeof(like));
		form_problem(r, i, 0, "`%s` starts with http://, which is not "
		    "secure: write https://%s", "`%s` commence par "
		    "http://, qui n’est pas sécurisé\xc2\xa0: inscrivez "
		    "https://%s", show, like);
	} else {
		form_shown(rest, like, sizeof(like));
		form_problem(r, i, 0, "`%s` does not start with https://: "
		    "write https://%s", "`%s` ne commence pas par "
		    "https://\xc2\xa0: "
		    "inscrivez https://%s", show, like);
	}
}

/*
 * Files attached to the issue: GitHub writes each as a link, [name](url).
 * They cannot go into the file from here: each is reported for the
 * maintainers to add to opportunities/ID/.
 */
void
form_files(struct reader *r, size_t i, const char *id)
{
	const char	*t = r->a[i].text, *p;
	char		 show[256], name[512];
	size_t		 nlinks = 0, n;

	if (t == NULL || t[0] == '\0')
		return;
	for (p = t; (p = strstr(p, "http")) != NULL; p += n) {
		n = strcspn(p, " \t\n)>]");
		if (strncmp(p, "https://", 8) != 0 &&
		    strncmp(p, "http://", 7) != 0)
			continue;
		/* The link's text when it is [text](url), else the url. */
		if (p - t >= 3 && p[-1] == '(' && p[-2] == ']') {
			const char *o = p - 2;

			while (o > t && o[-1] != '[' && o[-1] != '\n')
				o--;
			snprintf(name, sizeof(name), "%.*s",
			    (int)(p - 2 - o < 400 ? p - 2 - o : 400), o);
		} else
			snprintf(name, sizeof(name), "%.*s",
			    (int)(n < 400 ? n : 400), p);
		if (++nlinks <= MAX_SKILL_PROBLEMS)
			form_problem(r, i, 1, "`%s`: a maintainer adds this "
			    "file to opportunities/%s/ and lists it under "
			    "attachments with its title in each language",
			    "`%s`\xc2\xa0: un responsable ajoute ce fichier à "
			    "opportunities/%s/ et l’inscrit sous attachments "
			    "avec son titre dans chaque langue",
			    form_shown(name, show, sizeof(show)), id);
	}
	if (nlinks > MAX_SKILL_PROBLEMS)
		form_problem(r, i, 1, "%zu more files: a maintainer adds each "
		    "one to opportunities/%s/", "%zu autres "
		    "fichiers\xc2\xa0: un "
		    "responsable ajoute chacun à opportunities/%s/",
		    nlinks - MAX_SKILL_PROBLEMS, id);
	if (nlinks == 0)
		form_problem(r, i, 1, "no file is attached here: drag each "
		    "file into this box so that GitHub adds a link to it, or "
		    "send it to the posting team", "aucun fichier n’est joint "
		    "ici\xc2\xa0: glissez chaque fichier dans cette boîte "
		    "pour que "
		    "GitHub y ajoute un lien, ou envoyez-le à l’équipe de "
		    "publication");
}
