/*
 * Dates, times, numbers, money and sorting in the page language, through
 * ICU: month names, patterns, separators and spaces all come from CLDR
 * data, none are written here. "en" means en_CA and "fr" fr_CA; any other
 * code is passed to ICU as is.
 *
 * Formatters are cached inside the module (a build formats thousands of
 * dates), one cache for each thread, since ICU's formatters may not be
 * shared; i18n_cleanup() frees the calling thread's, and a thread that
 * formatted anything calls it before it ends.
 *
 * The output is UTF-8 and keeps ICU's spaces: en_CA writes U+202F NARROW
 * NO-BREAK SPACE before "a.m."/"p.m."; fr_CA groups digits and separates
 * "$" with U+00A0 NO-BREAK SPACE ("6\u00a0500\u00a0$").
 */
#ifndef MARCHE_I18N_H
#define MARCHE_I18N_H

struct buf;
struct i18n_collator;

/* The ICU locale for a page language: "en_CA", "fr_CA" or lang itself.
 * Returns lang's storage or a static string. */
const char	*i18n_locale(const char *lang);

/*
 * Append the date and time of epoch (seconds) in zone tz with the zone's
 * short name: "July 12, 2021 at 11:59 p.m. EDT", "12 juillet 2021 à
 * 23 h 59 HAE"; the first of the month is "1er" in French. Returns 0, or
 * -1 when ICU fails or tz is unknown (out is then unchanged).
 */
int	i18n_format_datetime(struct buf *out, long long epoch, const char *tz,
	    const char *lang);

/* How many dates, times and moments the calling thread had ICU format
 * so far, rather than finding them formatted before (for tests). */
unsigned long	i18n_formatted(void);

/* Append the day of the week of epoch in tz: "Friday", "vendredi".
 * Returns 0, or -1 as above. */
int	i18n_format_weekday(struct buf *out, long long epoch, const char *tz,
	    const char *lang);
/* Append a calendar date: "July 14, 2021", "14 juillet 2021",
 * "1er juillet 2021". Returns 0, or -1 for an invalid date or an ICU
 * failure (out is then unchanged). */
int	i18n_format_date(struct buf *out, int year, int month, int day,
	    const char *lang);

/* Append the time of day of epoch in tz, without the zone:
 * "11:59 p.m.", "23 h 59". Returns 0 or -1 as above. */
int	i18n_format_time(struct buf *out, long long epoch, const char *tz,
	    const char *lang);

/*
 * Append an amount of Canadian dollars: without cents when it is whole
 * to the cent ("$6,500", "6 500 $"), with cents otherwise ("$0.50",
 * "0,50 $"). Returns 0, or -1 for NaN, infinities or an ICU failure.
 */
int	i18n_format_money(struct buf *out, double dollars, const char *lang);

/* Append a count with the language's grouping: "1,000", "1 000".
 * Returns 0 or -1 on an ICU failure. */
int	i18n_format_number(struct buf *out, long long n, const char *lang);

/*
 * Append a file size as readers of lang write it, in decimal units with
 * one decimal below 10: "850 bytes", "12 KB", "1.2 MB" in English, "850
 * octets", "12 ko", "1,2 Mo" in French (a no-break space before the
 * unit). Returns 0 or -1 on an ICU failure.
 */
int	i18n_format_size(struct buf *out, unsigned long long bytes,
	    const char *lang);

/*
 * Append the name of language code as readers of lang write it in a
 * sentence, from CLDR: "French" in English, "anglais" in French. Returns
 * 0, or -1 when CLDR has no name for it (out then gets code itself).
 */
int	i18n_language_name(struct buf *out, const char *code, const char *lang);

/* A collator for sorting text in lang; free with i18n_collator_free()
 * (NULL allowed). Returns NULL when ICU fails. */
struct i18n_collator	*i18n_collator_new(const char *lang);
void			 i18n_collator_free(struct i18n_collator *c);

/*
 * Compare UTF-8 strings a and b as readers of the language expect
 * (accents after the base letters, French Canadian accent order from the
 * end of the word). Ties between different strings are broken by bytes,
 * so the result is 0 only for identical strings. Returns <0, 0 or >0.
 */
int	i18n_collate(const struct i18n_collator *c, const char *a,
	    const char *b);

/* Free the calling thread's cached formatters; the module works again
 * after (and rebuilds its caches). Call at the end of the program and
 * of each thread that formatted. */
void	i18n_cleanup(void);

#endif
