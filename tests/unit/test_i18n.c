/*
 * Tests for i18n.c. Expected strings are CLDR facts as ICU 72 writes
 * them, spelled out here by hand. The spaces matter:
 *	NNBSP	U+202F NARROW NO-BREAK SPACE, before "a.m."/"p.m." in en_CA
 *	NBSP	U+00A0 NO-BREAK SPACE, digit groups and before "$" in fr_CA
 * French times are Canadian French style, not CLDR's: "23 h 59", "7 h",
 * "7 h 05", with NBSP around "h" and before the zone name.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "testing.h"

#define NNBSP	"\xe2\x80\xaf"
#define NBSP	"\xc2\xa0"
#define TOR	"America/Toronto"

static const struct i18n_collator *sort_coll;

static void
datetime(long long epoch, const char *tz, const char *lang, const char *want)
{
	struct buf	b = BUF_INIT;

	CHECK(i18n_format_datetime(&b, epoch, tz, lang) == 0);
	CHECK_STR(b.data, want);
	buf_free(&b);
}

static void
date(int y, int m, int d, const char *lang, const char *want)
{
	struct buf	b = BUF_INIT;

	CHECK(i18n_format_date(&b, y, m, d, lang) == 0);
	CHECK_STR(b.data, want);
	buf_free(&b);
}

static void
money(double v, const char *lang, const char *want)
{
	struct buf	b = BUF_INIT;

	CHECK(i18n_format_money(&b, v, lang) == 0);
	CHECK_STR(b.data, want);
	buf_free(&b);
}

static void
number(long long v, const char *lang, const char *want)
{
	struct buf	b = BUF_INIT;

	CHECK(i18n_format_number(&b, v, lang) == 0);
	CHECK_STR(b.data, want);
	buf_free(&b);
}

static void
size(unsigned long long v, const char *lang, const char *want)
{
	struct buf	b = BUF_INIT;

	CHECK(i18n_format_size(&b, v, lang) == 0);
	CHECK_STR(b.data, want);
	buf_free(&b);
}

/* File sizes in decimal units, one decimal below 10, for each language. */
static void
test_size(void)
{
	size(0, "en", "0 bytes");
	size(558, "en", "558 bytes");
	size(558, "fr", "558" NBSP "octets");
	size(999, "en", "999 bytes");
	size(1701, "en", "1.7 KB");
	size(1772, "fr", "1,8" NBSP "ko");
	size(12345, "en", "12 KB");
	size(1200000, "en", "1.2 MB");
	size(1200000, "fr", "1,2" NBSP "Mo");
	size(9960000, "en", "10 MB");
	size(4194304, "fr", "4,2" NBSP "Mo");
	/* The shared formatter is left as counts expect it. */
	number(1000, "en", "1,000");
	number(1000, "fr", "1" NBSP "000");
}

static void
test_datetime(void)
{
	struct buf	b = BUF_INIT;

	/* 2021-07-12T23:59:00-04:00 */
	datetime(1626148740, TOR, "en",
	    "July 12, 2021 at 11:59" NNBSP "p.m. EDT");
	datetime(1626148740, TOR, "fr",
	    "12 juillet 2021 à 23" NBSP "h" NBSP "59" NBSP "HAE");
	/* Winter: 2021-01-01T12:00Z is 07:00 EST. */
	datetime(1609502400, TOR, "en",
	    "January 1, 2021 at 7:00" NNBSP "a.m. EST");
	datetime(1609502400, TOR, "fr",
	    "1er janvier 2021 à 7" NBSP "h" NBSP "HNE");
	/* Minutes past the hour keep their two digits, the hour none. */
	datetime(1609502700, TOR, "fr",
	    "1er janvier 2021 à 7" NBSP "h" NBSP "05" NBSP "HNE");
	/* Midnight and noon, 2021-07-12 EDT. */
	datetime(1626062400, TOR, "en",
	    "July 12, 2021 at 12:00" NNBSP "a.m. EDT");
	datetime(1626062400, TOR, "fr",
	    "12 juillet 2021 à 0" NBSP "h" NBSP "HAE");
	datetime(1626105600, TOR, "en",
	    "July 12, 2021 at 12:00" NNBSP "p.m. EDT");
	datetime(1626105600, TOR, "fr",
	    "12 juillet 2021 à 12" NBSP "h" NBSP "HAE");
	/* 2021-07-01T12:00-04:00: "1er" in French only. */
	datetime(1625155200, TOR, "en",
	    "July 1, 2021 at 12:00" NNBSP "p.m. EDT");
	datetime(1625155200, TOR, "fr",
	    "1er juillet 2021 à 12" NBSP "h" NBSP "HAE");
	/* Other Canadian zones. */
	datetime(1626148740, "America/Vancouver", "en",
	    "July 12, 2021 at 8:59" NNBSP "p.m. PDT");
	datetime(1626148740, "America/Vancouver", "fr",
	    "12 juillet 2021 à 20" NBSP "h" NBSP "59" NBSP "HAP");
	datetime(1609502400, "America/Vancouver", "fr",
	    "1er janvier 2021 à 4" NBSP "h" NBSP "HNP");
	datetime(1609502400, "America/St_Johns", "en",
	    "January 1, 2021 at 8:30" NNBSP "a.m. NST");
	datetime(1626148740, "America/St_Johns", "fr",
	    "13 juillet 2021 à 1" NBSP "h" NBSP "29" NBSP "HAT");
	datetime(1626148740, "America/Regina", "en",
	    "July 12, 2021 at 9:59" NNBSP "p.m. CST");
	datetime(1626148740, "America/Regina", "fr",
	    "12 juillet 2021 à 21" NBSP "h" NBSP "59" NBSP "HNC");
	datetime(1626148740, "America/Halifax", "en",
	    "July 13, 2021 at 12:59" NNBSP "a.m. ADT");
	/* CLDR 42 has no French short name for Atlantic time: ICU falls
	 * back to the offset, with U+2212 MINUS SIGN. */
	datetime(1626148740, "America/Halifax", "fr",
	    "13 juillet 2021 à 0" NBSP "h" NBSP "59" NBSP "UTC\xe2\x88\x92" "3");
	datetime(1626148740, "UTC", "en",
	    "July 13, 2021 at 3:59" NNBSP "a.m. UTC");

	/* A moment with seconds, a deadline at 23:59:59, is shown to the
	 * second, so that no reader takes 23:59 for the last minute. */
	datetime(1626148799, TOR, "en",
	    "July 12, 2021 at 11:59:59" NNBSP "p.m. EDT");
	datetime(1626148799, TOR, "fr", "12 juillet 2021 à 23" NBSP "h" NBSP
	    "59" NBSP "min" NBSP "59" NBSP "s" NBSP "HAE");
	/* Before 1970 too: the second is found whatever the sign. */
	datetime(-1, "UTC", "en",
	    "December 31, 1969 at 11:59:59" NNBSP "p.m. UTC");

	/* Appends; failures leave the buffer alone. */
	buf_puts(&b, "Closes: ");
	CHECK(i18n_format_datetime(&b, 1626148740, TOR, "fr") == 0);
	CHECK_STR(b.data,
	    "Closes: 12 juillet 2021 à 23" NBSP "h" NBSP "59" NBSP "HAE");
	CHECK(i18n_format_datetime(&b, 0, "Mars/Olympus", "en") == -1);
	CHECK(i18n_format_datetime(&b, 0, NULL, "en") == -1);
	CHECK(i18n_format_datetime(&b, 1LL << 60, TOR, "en") == -1);
	CHECK_STR(b.data,
	    "Closes: 12 juillet 2021 à 23" NBSP "h" NBSP "59" NBSP "HAE");
	buf_free(&b);
}

static void
test_time(void)
{
	struct buf	b = BUF_INIT;

	CHECK(i18n_format_time(&b, 1626148799, TOR, "en") == 0);
	CHECK_STR(b.data, "11:59" NNBSP "p.m.");
	buf_reset(&b);
	CHECK(i18n_format_time(&b, 1626148799, TOR, "fr") == 0);
	CHECK_STR(b.data, "23" NBSP "h" NBSP "59");
	buf_reset(&b);
	CHECK(i18n_format_time(&b, 1625155200, TOR, "fr") == 0);
	CHECK_STR(b.data, "12" NBSP "h");
	buf_free(&b);
}

/*
 * Formatted dates are kept for the next time: asked again, in another
 * language or zone, or after the cache is freed, the text is the same as
 * the first time; and a day out of range still fails, however its
 * numbers add up (1 March written as January 201st).
 */
static void
test_memo(void)
{
	struct buf	b = BUF_INIT;
	int		i;

	for (i = 0; i < 2; i++) {
		date(2021, 3, 1, "en", "March 1, 2021");
		date(2021, 3, 1, "fr", "1er mars 2021");
		datetime(1626148740, TOR, "en",
		    "July 12, 2021 at 11:59" NNBSP "p.m. EDT");
		datetime(1626148740, "Europe/Paris", "en",
		    "July 13, 2021 at 5:59" NNBSP "a.m. GMT+2");
		CHECK(i18n_format_date(&b, 2021, 1, 201, "en") == -1);
		CHECK(i18n_format_date(&b, 2021, 2, 29, "en") == -1);
		CHECK(b.len == 0);
		i18n_cleanup();
	}
	buf_free(&b);
}

/*
 * A day or a moment shown in each language in turn, as a site's cards
 * show it, is formatted once per language, not again each time; and
 * what the cache gives back is what ICU wrote, for many days and
 * moments, in several languages and zones, with the cache full.
 */
static void
test_memo_langs(void)
{
	static const char *const zones[] = { TOR, "America/Vancouver",
	    "America/St_Johns", "Europe/Paris", "UTC" };
	static const char *const langs[] = { "en", "fr", "de" };
	struct buf	a = BUF_INIT, b = BUF_INIT;
	unsigned long	before;
	unsigned	seed = 12345;
	int		i, pass, l;

	i18n_cleanup();
	before = i18n_formatted();
	for (pass = 0; pass < 3; pass++)
		for (i = 0; i < 4; i++)
			for (l = 0; l < 2; l++) {
				buf_reset(&a);
				CHECK(i18n_format_date(&a, 2026, 12, 1 + i,
				    langs[l]) == 0);
				CHECK(i18n_format_datetime(&a, 1764615660LL +
				    i * 86460LL, TOR, langs[l]) == 0);
			}
	/* 4 days and 4 moments, in 2 languages, each formatted once. */
	CHECK(i18n_formatted() - before == 16);
	for (i = 0; i < 4000; i++) {
		long long epoch;
		const char *tz, *lang;
		int y, m, d;

		seed = seed * 1103515245u + 12345u;
		epoch = 946684800LL + (long long)(seed >> 4) % 1577836800LL;
		if (seed % 3 == 0)
			epoch -= epoch % 3600;	/* on the hour */
		else if (seed % 3 == 1)
			epoch -= epoch % 60;
		tz = zones[(seed >> 8) % 5];
		lang = langs[(seed >> 12) % 3];
		y = 2000 + (int)((seed >> 16) % 50);
		m = 1 + (int)((seed >> 20) % 12);
		d = 1 + (int)((seed >> 24) % 28);
		buf_reset(&a);
		buf_reset(&b);
		/* Once to fill the cache (or find it), once from it. */
		CHECK(i18n_format_datetime(&a, epoch, tz, lang) == 0);
		CHECK(i18n_format_date(&a, y, m, d, lang) == 0);
		CHECK(i18n_format_datetime(&a, epoch, tz, lang) == 0);
		CHECK(i18n_format_date(&a, y, m, d, lang) == 0);
		if (i % 2 == 0)
			i18n_cleanup();	/* else from a full cache */
		CHECK(i18n_format_datetime(&b, epoch, tz, lang) == 0);
		CHECK(i18n_format_date(&b, y, m, d, lang) == 0);
		/* Twice what ICU wrote, the second time from the cache;
		 * then the same from a fresh one. */
		CHECK(a.len == 2 * b.len && memcmp(a.data, b.data, b.len) == 0 &&
		    memcmp(a.data + b.len, b.data, b.len) == 0);
	}
	buf_free(&a);
	buf_free(&b);
}

static void
test_months(void)
{
	struct buf	b = BUF_INIT;

	date(2021, 1, 14, "en", "January 14, 2021");
	date(2021, 2, 14, "en", "February 14, 2021");
	date(2021, 3, 14, "en", "March 14, 2021");
	date(2021, 4, 14, "en", "April 14, 2021");
	date(2021, 5, 14, "en", "May 14, 2021");
	date(2021, 6, 14, "en", "June 14, 2021");
	date(2021, 7, 14, "en", "July 14, 2021");
	date(2021, 8, 14, "en", "August 14, 2021");
	date(2021, 9, 14, "en", "September 14, 2021");
	date(2021, 10, 14, "en", "October 14, 2021");
	date(2021, 11, 14, "en", "November 14, 2021");
	date(2021, 12, 14, "en", "December 14, 2021");
	date(2021, 1, 14, "fr", "14 janvier 2021");
	date(2021, 2, 14, "fr", "14 février 2021");
	date(2021, 3, 14, "fr", "14 mars 2021");
	date(2021, 4, 14, "fr", "14 avril 2021");
	date(2021, 5, 14, "fr", "14 mai 2021");
	date(2021, 6, 14, "fr", "14 juin 2021");
	date(2021, 7, 14, "fr", "14 juillet 2021");
	date(2021, 8, 14, "fr", "14 août 2021");
	date(2021, 9, 14, "fr", "14 septembre 2021");
	date(2021, 10, 14, "fr", "14 octobre 2021");
	date(2021, 11, 14, "fr", "14 novembre 2021");
	date(2021, 12, 14, "fr", "14 décembre 2021");

	/* The first of the month, and days that only contain a 1. */
	date(2021, 7, 1, "en", "July 1, 2021");
	date(2021, 7, 1, "fr", "1er juillet 2021");
	date(2021, 7, 11, "fr", "11 juillet 2021");
	date(2021, 7, 21, "fr", "21 juillet 2021");
	date(2021, 7, 31, "fr", "31 juillet 2021");
	date(2021, 1, 1, "fr", "1er janvier 2021");
	date(2024, 2, 29, "en", "February 29, 2024");
	date(2024, 2, 29, "fr", "29 février 2024");
	date(9999, 12, 31, "en", "December 31, 9999");
	/* Another language goes to ICU as is. */
	date(2021, 7, 12, "de", "12. Juli 2021");

	buf_puts(&b, "x");
	CHECK(i18n_format_date(&b, 2023, 2, 29, "en") == -1);
	CHECK(i18n_format_date(&b, 2021, 13, 1, "en") == -1);
	CHECK(i18n_format_date(&b, 2021, 0, 1, "fr") == -1);
	CHECK(i18n_format_date(&b, 2021, 4, 31, "fr") == -1);
	CHECK(i18n_format_date(&b, 0, 1, 1, "fr") == -1);
	CHECK(i18n_format_date(&b, 10000, 1, 1, "fr") == -1);
	CHECK_STR(b.data, "x");
	buf_free(&b);
}

static void
test_money(void)
{
	struct buf	b = BUF_INIT;

	money(0.5, "en", "$0.50");
	money(999, "en", "$999");
	money(1000, "en", "$1,000");
	money(6500, "en", "$6,500");
	money(10000, "en", "$10,000");
	money(6500.25, "en", "$6,500.25");
	money(0, "en", "$0");
	money(0.5, "fr", "0,50" NBSP "$");
	money(999, "fr", "999" NBSP "$");
	money(1000, "fr", "1" NBSP "000" NBSP "$");
	money(6500, "fr", "6" NBSP "500" NBSP "$");
	money(10000, "fr", "10" NBSP "000" NBSP "$");
	money(6500.25, "fr", "6" NBSP "500,25" NBSP "$");
	money(1234567, "fr", "1" NBSP "234" NBSP "567" NBSP "$");
	/* Whole to the cent counts as whole. */
	money(6500.001, "en", "$6,500");
	money(0.999, "en", "$1");
	money(-0.001, "en", "$0");

	CHECK(i18n_format_money(&b, NAN, "en") == -1);
	CHECK(i18n_format_money(&b, INFINITY, "fr") == -1);
	CHECK(b.len == 0);
	buf_free(&b);

	number(0, "en", "0");
	number(999, "en", "999");
	number(1000, "en", "1,000");
	number(1234567, "en", "1,234,567");
	number(999, "fr", "999");
	number(1000, "fr", "1" NBSP "000");
	number(1234567, "fr", "1" NBSP "234" NBSP "567");
}

static int
cmp_sort(const void *a, const void *b)
{
	return i18n_collate(sort_coll, *(const char *const *)a,
	    *(const char *const *)b);
}

/* Sorting in (n strings) with lang gives want. */
static void
sorts(const char *lang, const char **in, const char **want, size_t n)
{
	struct i18n_collator	*c = i18n_collator_new(lang);
	size_t			 i;

	CHECK(c != NULL);
	if (c == NULL)
		return;
	sort_coll = c;
	qsort(in, n, sizeof(*in), cmp_sort);
	for (i = 0; i < n; i++)
		CHECK_STR(in[i], want[i]);
	i18n_collator_free(c);
}

static void
test_collation(void)
{
	const char	*fr_in[] = { "étre", "z", "Élan", "ete", "été",
			    "elan", "eta" };
	const char	*fr_want[] = { "elan", "Élan", "eta", "ete", "été",
			    "étre", "z" };
	/* Canadian French compares accents from the end of the word. */
	const char	*fr_cote[] = { "côté", "coté", "côte", "cote" };
	const char	*fr_cote_want[] = { "cote", "côte", "coté", "côté" };
	const char	*en_cote[] = { "côté", "coté", "côte", "cote" };
	const char	*en_cote_want[] = { "cote", "coté", "côte", "côté" };
	const char	*en_in[] = { "zebra", "Élan", "apple", "elan",
			    "Apple" };
	const char	*en_want[] = { "apple", "Apple", "elan", "Élan",
			    "zebra" };
	struct i18n_collator	*c;

	sorts("fr", fr_in, fr_want, 7);
	sorts("fr", fr_cote, fr_cote_want, 4);
	sorts("en", en_cote, en_cote_want, 4);
	sorts("en", en_in, en_want, 5);

	c = i18n_collator_new("fr");
	CHECK(i18n_collate(c, "Élan", "z") < 0);
	CHECK(i18n_collate(c, "z", "Élan") > 0);
	CHECK(i18n_collate(c, "été", "été") == 0);
	CHECK(i18n_collate(c, "", "a") < 0);
	/* Invalid UTF-8 still gives an order. */
	CHECK(i18n_collate(c, "\xff", "\xfe") != 0);
	i18n_collator_free(c);
	i18n_collator_free(NULL);
}

static void
test_cache(void)
{
	static const char *const zones[] = {
		"America/Toronto", "America/Vancouver", "America/St_Johns",
		"America/Regina", "America/Halifax", "America/Winnipeg",
		"America/Edmonton", "America/Whitehorse", "America/Iqaluit",
		"America/Moncton", "UTC", "Europe/Paris", "Asia/Tokyo",
		"Australia/Lord_Howe", "America/New_York"
	};
	struct buf	b = BUF_INIT;
	size_t		i;
	int		rc = 0;

	CHECK_STR(i18n_locale("en"), "en_CA");
	CHECK_STR(i18n_locale("fr"), "fr_CA");
	CHECK_STR(i18n_locale("de"), "de");
	/* More formatters than the cache holds, twice. */
	for (i = 0; i < 2 * sizeof(zones) / sizeof(zones[0]); i++) {
		rc |= i18n_format_datetime(&b, 1626148799,
		    zones[i % 15], "en");
		rc |= i18n_format_datetime(&b, 1626148799,
		    zones[i % 15], "fr");
	}
	CHECK(rc == 0);
	i18n_cleanup();
	datetime(1626148740, TOR, "en",
	    "July 12, 2021 at 11:59" NNBSP "p.m. EDT");
	buf_free(&b);
}

/* Languages named as a sentence in the reader's language names them. */
static void
test_language_names(void)
{
	struct buf	b = BUF_INIT;

	CHECK(i18n_language_name(&b, "fr", "en") == 0);
	CHECK_STR(buf_cstr(&b), "French");
	buf_reset(&b);
	CHECK(i18n_language_name(&b, "en", "en") == 0);
	CHECK_STR(buf_cstr(&b), "English");
	buf_reset(&b);
	CHECK(i18n_language_name(&b, "en", "fr") == 0);
	CHECK_STR(buf_cstr(&b), "anglais");
	buf_reset(&b);
	CHECK(i18n_language_name(&b, "iu", "en") == 0);
	CHECK_STR(buf_cstr(&b), "Inuktitut");
	buf_reset(&b);
	CHECK(i18n_language_name(&b, "qqq", "en") == -1);
	CHECK_STR(buf_cstr(&b), "qqq");
	buf_free(&b);
}

int
main(void)
{
	test_language_names();
	test_datetime();
	test_time();
	test_months();
	test_memo();
	test_memo_langs();
	test_money();
	test_size();
	test_collation();
	test_cache();
	i18n_cleanup();
	return test_finish();
}
