/*
 * Formatting and sorting through ICU (see i18n.h). Date patterns come
 * from the locale's pattern generator with skeletons, so CLDR decides the
 * order, the words ("at", "à"), the hour cycle and the spaces; money and
 * counts come from the locale's number formats. French times are the
 * exception: Canadian French style writes "14 h", "14 h 30" and "7 h 05"
 * (no leading zero, no ":00"), held together by no-break spaces, where
 * CLDR gives "14 h 00" and "07 h 05"; so French time patterns are set
 * here and handed to ICU, with an o'clock form chosen when ICU's minute
 * field reads "00". A moment with seconds (a deadline at 23:59:59) is
 * shown to the second. And French writes the first day of the month "1er",
 * so the day field is found in ICU's output by its field position and
 * "er" appended after it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/ucol.h>
#include <unicode/ucurr.h>
#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/ufieldpositer.h>
#include <unicode/uloc.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "buf.h"
#include "i18n.h"
#include "instant.h"
#include "xalloc.h"

#define SLOTS		24	/* cached formatters */
#define ZONE_MAX	128	/* UChars for a zone name, with NUL */
#define PATTERN_MAX	128	/* UChars for a date pattern */
#define TEXT_MAX	256	/* UChars for one formatted value */
#define EPOCH_MIN	(-62135596800LL) /* 0001-01-01T00:00:00Z */
#define EPOCH_MAX	253402300799LL	/* 9999-12-31T23:59:59Z */

enum slot_kind {
	SLOT_DATETIME,	/* UDateFormat: date, time and zone */
	SLOT_DATE,	/* UDateFormat: date, in UTC */
	SLOT_TIME,	/* UDateFormat: time of day */
	SLOT_DATETIME_HOUR, /* UDateFormat: the same on the hour */
	SLOT_TIME_HOUR,	/* UDateFormat: time of day on the hour */
	SLOT_DATETIME_SECONDS, /* UDateFormat: date and time to the second */
	SLOT_MONEY,	/* UNumberFormat: CAD currency */
	SLOT_NUMBER	/* UNumberFormat: decimal */
};

/* ICU skeletons for the date kinds: CLDR turns them into patterns. */
static const char *const skeletons[] = {
	[SLOT_DATETIME] = "yMMMMdjmz",
	[SLOT_DATE] = "yMMMMd",
	[SLOT_TIME] = "jm",
	[SLOT_DATETIME_HOUR] = "yMMMMdjmz",
	[SLOT_TIME_HOUR] = "jm",
	[SLOT_DATETIME_SECONDS] = "yMMMMdjmsz"
};

/*
 * French time patterns (ICU pattern syntax, UTF-8), in place of CLDR's:
 * "12 juillet 2021 à 23 h 59 HAE", "14 h". U+00A0 keeps "23 h 59" and
 * "h HAE" on one line.
 */
#define NBSP	"\xc2\xa0"
static const char *const french_patterns[] = {
	[SLOT_DATETIME] = "d MMMM y 'à' H'" NBSP "h" NBSP "'mm'" NBSP "'z",
	[SLOT_TIME] = "H'" NBSP "h" NBSP "'mm",
	[SLOT_DATETIME_HOUR] = "d MMMM y 'à' H'" NBSP "h" NBSP "'z",
	[SLOT_TIME_HOUR] = "H'" NBSP "h'",
	[SLOT_DATETIME_SECONDS] = "d MMMM y 'à' H'" NBSP "h" NBSP "'mm'" NBSP
	    "min" NBSP "'ss'" NBSP "s" NBSP "'z"
};

/* A cached ICU formatter. */
struct slot {
	enum slot_kind	 kind;		/* what obj formats */
	char		*locale;	/* ICU locale, owned; NULL if unused */
	char		*tz;		/* zone (owned) for date kinds, else
					 * NULL */
	void		*obj;		/* UDateFormat * or UNumberFormat * */
};

struct i18n_collator {
	UCollator	*ucol;		/* the ICU collator, owned */
};

/* ICU formatters and calendars may not be shared between threads: each
 * thread keeps its own cache. */
static _Thread_local struct slot slots[SLOTS];	/* the cache */
static _Thread_local size_t	 slot_next;	/* the slot to reuse when
						 * full */
static _Thread_local UCalendar	*utc_cal;	/* Gregorian UTC calendar,
						 * for dates */

/*
 * Dates and moments formatted before, by each thread: a site shows the
 * same few days again and again (on every card of a listing, in feeds
 * and calendars), and ICU takes far longer to format one than this takes
 * to find it. A slot is replaced by the next text hashed to it; the
 * locale and zone are part of the hash, since a site formats each day in
 * every language in turn (a card in English, then in French), and would
 * otherwise put them in the same slot, each one pushing the other out.
 */
#define MEMO_SLOTS	4096

enum memo_kind {
	MEMO_NONE,	/* a free slot */
	MEMO_DATETIME,	/* i18n_format_datetime(): key is the epoch */
	MEMO_DATE	/* i18n_format_date(): key is y * 10000 + m * 100 + d */
};

struct memo {
	enum memo_kind	 kind;
	long long	 key;
	char		*locale;	/* owned */
	char		*tz;		/* owned; NULL for dates */
	char		*text;		/* owned, UTF-8 */
	size_t		 len;
};

static _Thread_local struct memo	*memos;		/* MEMO_SLOTS, or NULL */
static _Thread_local unsigned long	 formatted;	/* by ICU, in all */

const char *
i18n_locale(const char *lang)
{
	if (lang == NULL || strcmp(lang, "en") == 0)
		return "en_CA";
	if (strcmp(lang, "fr") == 0)
		return "fr_CA";
	return lang;
}

/* Does locale write French ("fr", "fr_CA", "fr-CH")? */
static int
is_french(const char *locale)
{
	return strncmp(locale, "fr", 2) == 0 &&
	    (locale[2] == '\0' || locale[2] == '_' || locale[2] == '-');
}

static void
slot_clear(struct slot *sl)
{
	if (sl->locale == NULL)
		return;
	if (sl->kind == SLOT_MONEY || sl->kind == SLOT_NUMBER)
		unum_close(sl->obj);
	else
		udat_close(sl->obj);
	free(sl->locale);
	free(sl->tz);
	memset(sl, 0, sizeof(*sl));
}

static void *
cache_find(enum slot_kind kind, const char *locale, const char *tz)
{
	size_t	i;

	for (i = 0; i < SLOTS; i++)
		if (slots[i].locale != NULL && slots[i].kind == kind &&
		    strcmp(slots[i].locale, locale) == 0 &&
		    (tz == NULL || strcmp(slots[i].tz, tz) == 0))
			return slots[i].obj;
	return NULL;
}

/* Keep obj in a free slot, or in place of the oldest one. */
static void
cache_add(enum slot_kind kind, const char *locale, const char *tz,
    void *obj)
{
	struct slot	*sl = NULL;
	size_t		 i;

	for (i = 0; i < SLOTS && sl == NULL; i++)
		if (slots[i].locale == NULL)
			sl = &slots[i];
	if (sl == NULL) {
		sl = &slots[slot_next];
		slot_next = (slot_next + 1) % SLOTS;
		slot_clear(sl);
	}
	sl->kind = kind;
	sl->locale = xstrdup(locale);
	sl->tz = tz != NULL ? xstrdup(tz) : NULL;
	sl->obj = obj;
}

/* Append n UTF-16 units as UTF-8. */
static int
append_uchars(struct buf *out, const UChar *u, int32_t n);

int
i18n_language_name(struct buf *out, const char *code, const char *lang)
{
	UErrorCode	uerr = U_ZERO_ERROR;
	UChar		u[64];
	int32_t		n;

	n = uloc_getDisplayLanguage(code, i18n_locale(lang), u,
	    (int32_t)(sizeof(u) / sizeof(u[0])), &uerr);
	/* ICU answers the code itself when it knows no name. */
	if (U_FAILURE(uerr) || uerr == U_USING_DEFAULT_WARNING || n <= 0 ||
	    append_uchars(out, u, n) != 0) {
		buf_puts(out, code);
		return -1;
	}
	return 0;
}

static int
append_uchars(struct buf *out, const UChar *u, int32_t n)
{
	UErrorCode	uerr = U_ZERO_ERROR;
	int32_t		need = 0;

	if (n == 0)
		return 0;
	u_strToUTF8(NULL, 0, &need, u, n, &uerr);
	if (U_FAILURE(uerr) && uerr != U_BUFFER_OVERFLOW_ERROR)
		return -1;
	uerr = U_ZERO_ERROR;
	buf_reserve(out, (size_t)need);
	u_strToUTF8(out->data + out->len, need + 1, NULL, u, n, &uerr);
	if (U_FAILURE(uerr))
		return -1;
	out->len += (size_t)need;
	out->data[out->len] = '\0';
	return 0;
}

/* A date formatter of kind for locale in zone tz, from the cache or new;
 * NULL when ICU fails or tz is unknown. */
static UDateFormat *
date_format(enum slot_kind kind, const char *locale, const char *tz)
{
	UErrorCode			 uerr = U_ZERO_ERROR;
	UDateTimePatternGenerator	*gen = NULL;
	UDateFormat			*fmt;
	UChar				 zone[ZONE_MAX], skel[16];
	UChar				 pat[PATTERN_MAX];
	int32_t				 len;

	if (tz == NULL)
		return NULL;
	if ((fmt = cache_find(kind, locale, tz)) != NULL)
		return fmt;
	if (!instant_zone_valid(tz))
		return NULL;
	u_strFromUTF8(zone, ZONE_MAX, NULL, tz, -1, &uerr);
	if (is_french(locale) && kind != SLOT_DATE) {
		u_strFromUTF8(pat, PATTERN_MAX, &len, french_patterns[kind],
		    -1, &uerr);
	} else {
		u_uastrcpy(skel, skeletons[kind]);
		gen = udatpg_open(locale, &uerr);
		len = udatpg_getBestPattern(gen, skel, -1, pat, PATTERN_MAX,
		    &uerr);
	}
	fmt = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, zone, -1, pat,
	    len, &uerr);
	if (gen != NULL)
		udatpg_close(gen);
	if (U_FAILURE(uerr) || uerr == U_STRING_NOT_TERMINATED_WARNING) {
		if (fmt != NULL)
			udat_close(fmt);
		return NULL;
	}
	cache_add(kind, locale, tz, fmt);
	return fmt;
}

/*
 * Append when formatted by fmt; when hour is not NULL and fmt's minutes
 * read "00", formatted by hour instead. With er set, a day field written
 * "1" gets "er" after it. On failure out is left as it was.
 */
static int
date_append(struct buf *out, const UDateFormat *fmt, const UDateFormat *hour,
    UDate when, int er)
{
	UErrorCode		 uerr = U_ZERO_ERROR;
	UFieldPositionIterator	*it;
	UChar			 text[TEXT_MAX];
	int32_t			 n, b, e, field, at = -1;
	size_t			 start = out->len;
	int			 rc = -1, again = 0;

	it = ufieldpositer_open(&uerr);
	if (U_FAILURE(uerr))
		return -1;
	formatted++;
format:
	n = udat_formatForFields(fmt, when, text, TEXT_MAX, it, &uerr);
	if (U_FAILURE(uerr) || uerr == U_STRING_NOT_TERMINATED_WARNING)
		goto out;
	while ((field = ufieldpositer_next(it, &b, &e)) >= 0) {
		if (er && field == UDAT_DATE_FIELD && e - b == 1 &&
		    text[b] == '1')
			at = e;
		if (hour != NULL && !again && field == UDAT_MINUTE_FIELD &&
		    e - b == 2 && text[b] == '0' && text[b + 1] == '0')
			again = 1;
	}
	if (again == 1) {
		fmt = hour;
		again = 2;
		at = -1;
		goto format;
	}
	if (at < 0)
		rc = append_uchars(out, text, n);
	else if (append_uchars(out, text, at) == 0) {
		buf_puts(out, "er");
		rc = append_uchars(out, text + at, n - at);
	}
out:
	if (rc == -1 && out->data != NULL) {
		out->len = start;
		out->data[start] = '\0';
	}
	ufieldpositer_close(it);
	return rc;
}

/* The slot where the text of kind, key, locale and tz is or would be kept. */
static struct memo *
memo_slot(enum memo_kind kind, long long key, const char *locale,
    const char *tz)
{
	unsigned long long	h = 14695981039346656037ULL;
	const char		*s;

	if (memos == NULL)
		memos = xcalloc(MEMO_SLOTS, sizeof(*memos));
	for (s = locale; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	for (s = tz != NULL ? tz : ""; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	h ^= (unsigned long long)key + (unsigned long long)kind;
	h *= 0x9e3779b97f4a7c15ULL;
	return &memos[(h >> 32) % MEMO_SLOTS];
}

/* Append the text kept for kind, key, locale and tz; -1 if there is none. */
static int
memo_get(struct buf *out, enum memo_kind kind, long long key,
    const char *locale, const char *tz)
{
	const struct memo *m = memo_slot(kind, key, locale, tz);

	if (m->kind != kind || m->key != key || strcmp(m->locale, locale) != 0 ||
	    (tz != NULL && strcmp(m->tz, tz) != 0))
		return -1;
	buf_put(out, m->text, m->len);
	return 0;
}

static void
memo_clear(struct memo *m)
{
	free(m->locale);
	free(m->tz);
	free(m->text);
	memset(m, 0, sizeof(*m));
}

/* Keep the text formatted for kind, key, locale and tz: from start in out. */
static void
memo_put(const struct buf *out, size_t start, enum memo_kind kind,
    long long key, const char *locale, const char *tz)
{
	struct memo	*m = memo_slot(kind, key, locale, tz);

	memo_clear(m);
	m->kind = kind;
	m->key = key;
	m->locale = xstrdup(locale);
	m->tz = tz != NULL ? xstrdup(tz) : NULL;
	m->len = out->len - start;
	m->text = xmalloc(m->len + 1);
	memcpy(m->text, out->data + start, m->len);
	m->text[m->len] = '\0';
}

/* Milliseconds for an instant in seconds; -1 outside years 1-9999. */
static int
epoch_millis(UDate *out, long long epoch)
{
	if (epoch < EPOCH_MIN || epoch > EPOCH_MAX)
		return -1;
	*out = (UDate)epoch * 1000.0;
	return 0;
}

int
i18n_format_datetime(struct buf *out, long long epoch, const char *tz,
    const char *lang)
{
	const char	*locale = i18n_locale(lang);
	UDateFormat	*fmt;
	UDate		 when;
	size_t		 start = out->len;
	int		 rc;

	if (epoch_millis(&when, epoch) == -1 || tz == NULL)
		return -1;
	if (memo_get(out, MEMO_DATETIME, epoch, locale, tz) == 0)
		return 0;
	/* A moment with seconds, such as a deadline at 23:59:59, is shown
	 * to the second: "11:59 p.m." would hide the last minute. */
	if ((epoch % 60 + 60) % 60 != 0) {
		if ((fmt = date_format(SLOT_DATETIME_SECONDS, locale, tz)) ==
		    NULL)
			return -1;
		rc = date_append(out, fmt, NULL, when, is_french(locale));
	} else {
		if ((fmt = date_format(SLOT_DATETIME, locale, tz)) == NULL)
			return -1;
		rc = date_append(out, fmt, is_french(locale) ?
		    date_format(SLOT_DATETIME_HOUR, locale, tz) : NULL, when,
		    is_french(locale));
	}
	if (rc == 0)
		memo_put(out, start, MEMO_DATETIME, epoch, locale, tz);
	return rc;
}

unsigned long
i18n_formatted(void)
{
	return formatted;
}

int
i18n_format_time(struct buf *out, long long epoch, const char *tz,
    const char *lang)
{
	const char	*locale = i18n_locale(lang);
	UDateFormat	*fmt;
	UDate		 when;

	if (epoch_millis(&when, epoch) == -1 ||
	    (fmt = date_format(SLOT_TIME, locale, tz)) == NULL)
		return -1;
	return date_append(out, fmt, is_french(locale) ?
	    date_format(SLOT_TIME_HOUR, locale, tz) : NULL, when, 0);
}

int
i18n_format_date(struct buf *out, int year, int month, int day,
    const char *lang)
{
	const char	*locale = i18n_locale(lang);
	UErrorCode	 uerr = U_ZERO_ERROR;
	UDateFormat	*fmt;
	UChar		 utc[4];
	UDate		 when;
	size_t		 start = out->len;
	long long	 key = (long long)year * 10000 + month * 100 + day;

	if (year < 1 || year > 9999)
		return -1;
	/* Only a real month and day have a key of their own. */
	if (month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
	    memo_get(out, MEMO_DATE, key, locale, NULL) == 0)
		return 0;
	if (utc_cal == NULL) {
		u_uastrcpy(utc, "UTC");
		utc_cal = ucal_open(utc, -1, "", UCAL_GREGORIAN, &uerr);
		if (U_FAILURE(uerr)) {
			utc_cal = NULL;
			return -1;
		}
		/* Refuse 2023-02-29 rather than roll it over. */
		ucal_setAttribute(utc_cal, UCAL_LENIENT, 0);
	}
	ucal_clear(utc_cal);
	ucal_setDate(utc_cal, year, month - 1, day, &uerr);
	when = ucal_getMillis(utc_cal, &uerr);
	if (U_FAILURE(uerr) ||
	    (fmt = date_format(SLOT_DATE, locale, "UTC")) == NULL ||
	    date_append(out, fmt, NULL, when, is_french(locale)) != 0)
		return -1;
	memo_put(out, start, MEMO_DATE, key, locale, NULL);
	return 0;
}

/* A number formatter of kind for locale, from the cache or new. */
static UNumberFormat *
number_format(enum slot_kind kind, const char *locale)
{
	UErrorCode	 uerr = U_ZERO_ERROR;
	UNumberFormat	*fmt;
	UChar		 cad[4];

	if ((fmt = cache_find(kind, locale, NULL)) != NULL)
		return fmt;
	fmt = unum_open(kind == SLOT_MONEY ? UNUM_CURRENCY : UNUM_DECIMAL,
	    NULL, 0, locale, NULL, &uerr);
	if (kind == SLOT_MONEY) {
		u_uastrcpy(cad, "CAD");
		unum_setTextAttribute(fmt, UNUM_CURRENCY_CODE, cad, 3, &uerr);
	}
	if (U_FAILURE(uerr)) {
		if (fmt != NULL)
			unum_close(fmt);
		return NULL;
	}
	cache_add(kind, locale, NULL, fmt);
	return fmt;
}

/* Append v formatted by fmt with exactly digits fraction digits. */
static int
number_append(struct buf *out, UNumberFormat *fmt, double v, int digits)
{
	UErrorCode	uerr = U_ZERO_ERROR;
	UChar		text[TEXT_MAX];
	int32_t		n;

	unum_setAttribute(fmt, UNUM_MIN_FRACTION_DIGITS, digits);
	unum_setAttribute(fmt, UNUM_MAX_FRACTION_DIGITS, digits);
	n = unum_formatDouble(fmt, v, text, TEXT_MAX, NULL, &uerr);
	if (U_FAILURE(uerr) || uerr == U_STRING_NOT_TERMINATED_WARNING)
		return -1;
	return append_uchars(out, text, n);
}

int
i18n_format_money(struct buf *out, double dollars, const char *lang)
{
	UErrorCode	 uerr = U_ZERO_ERROR;
	UNumberFormat	*fmt;
	UChar		 cad[4];
	long long	 cents;
	int32_t		 digits;

	/* Within 10^13, cents are exact in a double. */
	if (!isfinite(dollars) || dollars > 1e13 || dollars < -1e13 ||
	    (fmt = number_format(SLOT_MONEY, i18n_locale(lang))) == NULL)
		return -1;
	u_uastrcpy(cad, "CAD");
	digits = ucurr_getDefaultFractionDigits(cad, &uerr);
	if (U_FAILURE(uerr))
		return -1;
	/* Whole to the cent: no cents at all (and no "-0"). */
	cents = (long long)(dollars * 100.0 + (dollars < 0 ? -0.5 : 0.5));
	if (cents % 100 == 0)
		return number_append(out, fmt, (double)(cents / 100), 0);
	return number_append(out, fmt, dollars, digits);
}

int
i18n_format_number(struct buf *out, long long n, const char *lang)
{
	UErrorCode	 uerr = U_ZERO_ERROR;
	UNumberFormat	*fmt;
	UChar		 text[TEXT_MAX];
	int32_t		 len;

	if ((fmt = number_format(SLOT_NUMBER, i18n_locale(lang))) == NULL)
		return -1;
	len = unum_formatInt64(fmt, n, text, TEXT_MAX, NULL, &uerr);
	if (U_FAILURE(uerr) || uerr == U_STRING_NOT_TERMINATED_WARNING)
		return -1;
	return append_uchars(out, text, len);
}

int
i18n_format_size(struct buf *out, unsigned long long bytes, const char *lang)
{
	static const char *const en[] = { "bytes", "KB", "MB", "GB" };
	static const char *const fr[] = { "octets", "ko", "Mo", "Go" };
	const char	*locale = i18n_locale(lang);
	UNumberFormat	*fmt;
	double		 v = (double)bytes;
	int		 u = 0, digits, rc;

	if ((fmt = number_format(SLOT_NUMBER, locale)) == NULL)
		return -1;
	while (v >= 999.5 && u < 3) {
		v /= 1000;
		u++;
	}
	/* 9.96 MB would read "10.0 MB": one decimal only below 9.95. */
	digits = u > 0 && v < 9.95 ? 1 : 0;
	rc = number_append(out, fmt, v, digits);
	/* The formatter is shared: back to its defaults for counts. */
	unum_setAttribute(fmt, UNUM_MIN_FRACTION_DIGITS, 0);
	unum_setAttribute(fmt, UNUM_MAX_FRACTION_DIGITS, 3);
	if (rc != 0)
		return -1;
	buf_puts(out, is_french(locale) ? NBSP : " ");
	buf_puts(out, (is_french(locale) ? fr : en)[u]);
	return 0;
}

struct i18n_collator *
i18n_collator_new(const char *lang)
{
	UErrorCode		 uerr = U_ZERO_ERROR;
	struct i18n_collator	*c;
	UCollator		*ucol;

	ucol = ucol_open(i18n_locale(lang), &uerr);
	if (U_FAILURE(uerr)) {
		if (ucol != NULL)
			ucol_close(ucol);
		return NULL;
	}
	c = xmalloc(sizeof(*c));
	c->ucol = ucol;
	return c;
}

void
i18n_collator_free(struct i18n_collator *c)
{
	if (c == NULL)
		return;
	ucol_close(c->ucol);
	free(c);
}

int
i18n_collate(const struct i18n_collator *c, const char *a, const char *b)
{
	UErrorCode		uerr = U_ZERO_ERROR;
	UCollationResult	r;

	r = ucol_strcollUTF8(c->ucol, a, -1, b, -1, &uerr);
	if (U_FAILURE(uerr) || r == UCOL_EQUAL)
		return strcmp(a, b);
	return r == UCOL_LESS ? -1 : 1;
}

void
i18n_cleanup(void)
{
	size_t	i;

	for (i = 0; i < SLOTS; i++)
		slot_clear(&slots[i]);
	slot_next = 0;
	for (i = 0; memos != NULL && i < MEMO_SLOTS; i++)
		memo_clear(&memos[i]);
	free(memos);
	memos = NULL;
	if (utc_cal != NULL)
		ucal_close(utc_cal);
	utc_cal = NULL;
	instant_cleanup();	/* and the zone calendars */
}

int
i18n_format_weekday(struct buf *out, long long epoch, const char *tz,
    const char *lang)
{
	const char	*locale = i18n_locale(lang);
	UErrorCode	 uerr = U_ZERO_ERROR;
	UDateFormat	*fmt;
	UChar		 zone[ZONE_MAX], pat[8];
	UDate		 when;
	int		 rc;

	/* Rarely used (a pull request's summary), so not cached. */
	if (tz == NULL || epoch_millis(&when, epoch) == -1 ||
	    !instant_zone_valid(tz))
		return -1;
	u_strFromUTF8(zone, ZONE_MAX, NULL, tz, -1, &uerr);
	u_uastrcpy(pat, "EEEE");
	fmt = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, zone, -1, pat, -1,
	    &uerr);
	if (U_FAILURE(uerr)) {
		if (fmt != NULL)
			udat_close(fmt);
		return -1;
	}
	rc = date_append(out, fmt, NULL, when, 0);
	udat_close(fmt);
	return rc;
}
