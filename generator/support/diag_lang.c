/*
 * The languages diagnostics are written in. English is the language of
 * the sources (each message format is its own msgid); French comes from
 * the gettext catalogue po/fr.po, compiled to marche.mo.
 *
 * A catalogue is found by glibc only through a locale, and a fr_CA
 * locale is often not generated (a CI runner, a container). glibc
 * ignores LANGUAGE when the messages locale is "C", but not when it is
 * "C.UTF-8", which every glibc since 2.35 has built in: so the messages
 * locale is set to C.UTF-8 and LANGUAGE to "fr", and the catalogue's
 * text is asked for in UTF-8 whatever LC_CTYPE says. Nothing else of the
 * locale changes: numbers and dates are formatted by ICU, not libc.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <locale.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "diag_impl.h"
#include "xalloc.h"

#ifndef MARCHE_LOCALEDIR
#define MARCHE_LOCALEDIR "/usr/local/share/locale"
#endif
#define DOMAIN "marche"

/* Names of languages that messages hold (_data/site.yml's "english"). */
const char *const diag_lang_names[] = { N_("English"), N_("French") };

/*
 * The languages of messages, and the French catalogue: set once by
 * main() (diag_set_langs() or diag_langs_from_env()) before any thread
 * starts, and only read after, by every thread.
 */
static enum diag_lang	 langs[DIAG_NLANGS] = { DIAG_LANG_EN };
static size_t		 nlangs = 1;
static int		 fr_open;	/* the catalogue was found */
static char		 fr_dirs[3 * PATH_MAX]; /* where it was looked for */

/*
 * Pieces of messages formatted before the diagnostic that shows them
 * (diag_fragment(), diag_arg()): the last few of each thread, each in
 * English and French, so that the French form of a diagnostic can put
 * the French piece where its "%s" placed the English one.
 */
#define FRAGMENTS	16
struct fragment {
	char	*en;
	char	*fr;
};
static _Thread_local struct fragment	frags[FRAGMENTS];
static _Thread_local size_t		nextfrag;

void
diag_thread_done(void)
{
	size_t	i;

	for (i = 0; i < FRAGMENTS; i++) {
		free(frags[i].en);
		free(frags[i].fr);
		frags[i].en = frags[i].fr = NULL;
	}
	nextfrag = 0;
}

const char *
diag_lang_code(enum diag_lang l)
{
	return l == DIAG_LANG_FR ? "fr" : "en";
}

size_t
diag_nlangs(void)
{
	return nlangs;
}

enum diag_lang
diag_lang_at(size_t i)
{
	return i < nlangs ? langs[i] : DIAG_LANG_EN;
}

int
diag_wants_fr(void)
{
	size_t	i;

	for (i = 0; i < nlangs; i++)
		if (langs[i] == DIAG_LANG_FR)
			return 1;
	return 0;
}

/* "fr", "fr_CA.UTF-8", "fr-CA" or "fr:en" are French. */
static int
is_french(const char *s)
{
	return s[0] == 'f' && s[1] == 'r' && (s[2] == '\0' || s[2] == '_' ||
	    s[2] == '-' || s[2] == '.' || s[2] == ':' || s[2] == '@');
}

/* Whether dir holds fr/LC_MESSAGES/marche.mo. */
static int
has_catalogue(const char *dir)
{
	char	path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/fr/LC_MESSAGES/" DOMAIN ".mo", dir);
	return access(path, R_OK) == 0;
}

/*
 * The folder of catalogues: $MARCHE_LOCALEDIR, else "locale" beside the
 * program (a build tree), else "../share/locale" from it (an install,
 * wherever it was moved), else the one chosen when it was configured.
 */
static const char *
catalogue_dir(char *buf, int size)
{
	static const char *const rel[] = { "locale", "../share/locale" };
	const char	*env = getenv("MARCHE_LOCALEDIR");
	char		 exe[PATH_MAX - 32];
	ssize_t		 n;
	size_t		 i;
	char		*slash;

	if (env != NULL && *env != '\0') {
		snprintf(fr_dirs, sizeof(fr_dirs), "%s", env);
		return env;
	}
	snprintf(fr_dirs, sizeof(fr_dirs), "%s", MARCHE_LOCALEDIR);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return MARCHE_LOCALEDIR;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return MARCHE_LOCALEDIR;
	*slash = '\0';
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(buf, (size_t)size, "%.*s/%s", size - 24, exe, rel[i]);
		if (has_catalogue(buf))
			return buf;
	}
	snprintf(fr_dirs, sizeof(fr_dirs), "%.*s/locale, %.*s/../share/"
	    "locale and %s", PATH_MAX - 32, exe, PATH_MAX - 32, exe,
	    MARCHE_LOCALEDIR);
	return MARCHE_LOCALEDIR;
}

static void
open_french(void)
{
	static const char *const locales[] = {
		"C.UTF-8", "C.utf8", "fr_CA.UTF-8", "fr_FR.UTF-8"
	};
	char	 buf[PATH_MAX];
	size_t	 i;
	const char *hdr;

	if (fr_open)
		return;
	for (i = 0; i < sizeof(locales) / sizeof(locales[0]); i++)
		if (setlocale(LC_MESSAGES, locales[i]) != NULL)
			break;
	setenv("LANGUAGE", "fr", 1);
	if (bindtextdomain(DOMAIN, catalogue_dir(buf, (int)sizeof(buf))) == NULL)
		return;
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	/* A catalogue that was found answers "" with its header. */
	hdr = dgettext(DOMAIN, "");
	fr_open = hdr != NULL && *hdr != '\0';
}

int
diag_set_langs(const char *spec)
{
	enum diag_lang	 l[DIAG_NLANGS];
	size_t		 n = 0, k;
	const char	*p = spec, *e;

	if (spec == NULL || *spec == '\0')
		return -1;
	for (;;) {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		if (e - p == 2 && strncmp(p, "en", 2) == 0)
			l[n] = DIAG_LANG_EN;
		else if (e - p == 2 && strncmp(p, "fr", 2) == 0)
			l[n] = DIAG_LANG_FR;
		else
			return -1;
		for (k = 0; k < n; k++)
			if (l[k] == l[n])
				return -1;
		if (++n == DIAG_NLANGS && *e != '\0')
			return -1;
		if (*e == '\0')
			break;
		p = e + 1;
	}
	memcpy(langs, l, n * sizeof(l[0]));
	nlangs = n;
	if (diag_wants_fr())
		open_french();
	return diag_wants_fr() && !fr_open ? 1 : 0;
}

int
diag_langs_from_env(void)
{
	static const char *const vars[] = {
		"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"
	};
	const char	*v;
	size_t		 i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		v = getenv(vars[i]);
		if (v != NULL && *v != '\0')
			return diag_set_langs(is_french(v) ? "fr" : "en");
	}
	return diag_set_langs("en");
}

const char *
diag_catalogue_dirs(void)
{
	return fr_dirs;
}

int
diag_fr_ready(void)
{
	return fr_open;
}

const char *
diag_fr(const char *msgid)
{
	if (!fr_open || msgid == NULL || *msgid == '\0')
		return msgid;
	return dgettext(DOMAIN, msgid);
}

const char *
diag_tr(const char *msgid)
{
	return langs[0] == DIAG_LANG_FR ? diag_fr(msgid) : msgid;
}

/* Remember a piece in both languages (copies); en and fr may be equal. */
static void
remember(const char *en, const char *fr)
{
	struct fragment *f;

	if (strcmp(en, fr) == 0 || *en == '\0')
		return;
	f = &frags[nextfrag];
	nextfrag = (nextfrag + 1) % FRAGMENTS;
	free(f->en);
	free(f->fr);
	f->en = xstrdup(en);
	f->fr = xstrdup(fr);
}

void
diag_pair(const char *en, const char *fr)
{
	if (fr_open && en != NULL && fr != NULL)
		remember(en, fr);
}

const char *
diag_arg(const char *s)
{
	if (fr_open && s != NULL)
		remember(s, diag_fr(s));
	return s;
}

void
diag_vfragment(char *dst, size_t size, const char *fmt, va_list ap)
{
	char	*fr;
	va_list	 aq;

	va_copy(aq, ap);
	vsnprintf(dst, size, fmt, aq);
	va_end(aq);
	if (!fr_open)
		return;
	/* Pieces inside the piece, such as a date, in French too. */
	fr = diag_fragments_fr(diag_format_fr(diag_fr(fmt), ap));
	remember(dst, fr);
	free(fr);
}

void
diag_fragment(char *dst, size_t size, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	diag_vfragment(dst, size, fmt, ap);
	va_end(ap);
}

/*
 * msg (allocated) with the English form of each remembered piece, the
 * most recent first, replaced by its French form. Returns the new text.
 */
char *
diag_fragments_fr(char *msg)
{
	size_t	 i, k, elen, flen, mlen;
	char	*p, *out;
	const struct fragment *f;

	for (i = 0; i < FRAGMENTS; i++) {
		f = &frags[(nextfrag + FRAGMENTS - 1 - i) % FRAGMENTS];
		if (f->en == NULL || (p = strstr(msg, f->en)) == NULL)
			continue;
		elen = strlen(f->en);
		flen = strlen(f->fr);
		mlen = strlen(msg);
		/* One replacement per piece: a piece is placed once. */
		k = (size_t)(p - msg);
		out = xmalloc(mlen - elen + flen + 1);
		memcpy(out, msg, k);
		memcpy(out + k, f->fr, flen);
		memcpy(out + k + flen, p + elen, mlen - k - elen + 1);
		free(msg);
		msg = out;
	}
	return msg;
}

/*
 * fmt (already French) formatted with ap, each "%s" argument that is a
 * message of the catalogue (a constant marked N_(), such as a kind of
 * value or a reason a path is refused) in French too. Conversions are
 * taken in order: translations keep their arguments' order.
 */
char *
diag_format_fr(const char *fmt, va_list ap)
{
	struct buf	 b = BUF_INIT;
	char		 spec[32];
	const char	*p = fmt, *q, *s;
	int		 star[2], nstar, lmod;
	size_t		 k;
	va_list		 aq;

	va_copy(aq, ap);
	while (*p != '\0') {
		if (*p != '%') {
			q = strchr(p, '%');
			k = q != NULL ? (size_t)(q - p) : strlen(p);
			buf_put(&b, p, k);
			p += k;
			continue;
		}
		if (p[1] == '%') {
			buf_putc(&b, '%');
			p += 2;
			continue;
		}
		/* One conversion: flags, width, precision, length, type. */
		q = p + 1;
		nstar = 0;
		while (strchr("-+ #0'", *q) != NULL && *q != '\0')
			q++;
		for (; *q == '*' || *q == '.' || (*q >= '0' && *q <= '9'); q++)
			if (*q == '*' && nstar < 2)
				star[nstar++] = va_arg(aq, int);
		lmod = 0;
		while (*q != '\0' && strchr("hlLqjzt", *q) != NULL) {
			lmod = lmod * 4 + (*q == 'h' ? 1 : *q == 'l' ? 2 :
			    *q == 'L' || *q == 'q' ? 3 : *q == 'j' ? 3 : 2);
			q++;
		}
		if (*q == '\0' || (size_t)(q - p + 2) > sizeof(spec))
			break;
		memcpy(spec, p, (size_t)(q - p + 1));
		spec[q - p + 1] = '\0';
#define ONE(arg) (nstar == 2 ? buf_printf(&b, spec, star[0], star[1], \
    arg) : nstar == 1 ? buf_printf(&b, spec, star[0], arg) : \
    buf_printf(&b, spec, arg))
		switch (*q) {
		case 's':
			s = va_arg(aq, const char *);
			s = s != NULL ? diag_fr(s) : s;
			/* Text of any length, as it is. */
			if (nstar == 0 && strcmp(spec, "%s") == 0)
				buf_puts(&b, s != NULL ? s : "(null)");
			else
				ONE(s);
			break;
		case 'c':
			ONE(va_arg(aq, int));
			break;
		case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
			if (lmod == 2 && q[-1] == 'z')
				ONE(va_arg(aq, size_t));
			else if (lmod == 2 && q[-1] == 't')
				ONE(va_arg(aq, ptrdiff_t));
			else if (lmod == 2 * 4 + 2)
				ONE(va_arg(aq, long long));
			else if (lmod == 2)
				ONE(va_arg(aq, long));
			else if (lmod == 3)
				ONE(va_arg(aq, intmax_t));
			else
				ONE(va_arg(aq, int));
			break;
		case 'e': case 'f': case 'g': case 'E': case 'G':
			if (lmod == 3)
				ONE(va_arg(aq, long double));
			else
				ONE(va_arg(aq, double));
			break;
		case 'p':
			ONE(va_arg(aq, void *));
			break;
		default:
			break;
		}
#undef ONE
		p = q + 1;
	}
	va_end(aq);
	s = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return (char *)s;
}
