#include <ctype.h>
#include <string.h>

#include "suggest.h"

#define SUGGEST_MAX	64	/* longer words get no suggestion */

/* Optimal string alignment distance, case-insensitive. */
static size_t
suggest_distance(const char *a, const char *b)
{
	size_t	d[SUGGEST_MAX + 1][SUGGEST_MAX + 1];
	size_t	i, j, la = strlen(a), lb = strlen(b);

	if (la > SUGGEST_MAX || lb > SUGGEST_MAX)
		return (size_t)-1;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			size_t cost = tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]);
			size_t best = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

/* Quotation marks a word processor puts around a word, in UTF-8. */
static const char *const quote_marks[] = {
	"\"", "'", "`", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x98",
	"\xe2\x80\x99", "\xe2\x80\x9e", "\xc2\xab", "\xc2\xbb",
	"\xe2\x80\xb9", "\xe2\x80\xba", "\xc2\xa0", " "
};

/* Suffixes another system's keys add to a date or time field. */
static const char *const date_suffixes[] = {
	"_datetime", "_date_time", "_date", "_time", "_at", "_on", "_dt"
};

/* The length of the quotation mark or space s starts with, or 0. */
static size_t
quote_at(const char *s)
{
	size_t	i, n;

	for (i = 0; i < sizeof(quote_marks) / sizeof(quote_marks[0]); i++) {
		n = strlen(quote_marks[i]);
		if (strncmp(s, quote_marks[i], n) == 0)
			return n;
	}
	return 0;
}

/*
 * word as it was likely meant, into out (size SUGGEST_MAX + 1): without
 * the quotation marks and spaces around it, in lower case, with '-' and
 * inner spaces as '_'. Returns 0, or -1 when it is too long.
 */
static int
normalise(const char *word, char *out)
{
	const char	*end = word + strlen(word);
	size_t		 n = 0, q, i;

	while ((q = quote_at(word)) != 0)
		word += q;
	for (;;) {
		for (i = 1, q = 0; i <= 3 && end - i >= word && q == 0; i++)
			if (quote_at(end - i) == i)
				q = i;
		if (q == 0)
			break;
		end -= q;
	}
	for (; word < end; word++) {
		if (n == SUGGEST_MAX)
			return -1;
		out[n++] = *word == '-' || *word == ' ' ? '_' :
		    (char)tolower((unsigned char)*word);
	}
	out[n] = '\0';
	return 0;
}

/* The closest by edit distance, if close enough to be a typo. */
static const char *
closest(const char *word, const char *const *known, size_t n)
{
	const char	*best = NULL;
	size_t		 i, dist, best_dist = (size_t)-1, limit;

	/* One edit for short words, two for longer, three past ten. */
	limit = strlen(word) <= 4 ? 1 : strlen(word) <= 10 ? 2 : 3;
	for (i = 0; i < n; i++) {
		dist = suggest_distance(word, known[i]);
		if (dist < best_dist) {
			best_dist = dist;
			best = known[i];
		}
	}
	return best_dist <= limit ? best : NULL;
}

const char *
suggest_closest(const char *word, const char *const *known, size_t n)
{
	char	 norm[SUGGEST_MAX + 1];
	size_t	 i, k, len, sl;

	/*
	 * Typed in a word processor ("“title”"), or in another system's
	 * style ("Closing Date", "closing_date"): the key it stands for.
	 */
	if (normalise(word, norm) == 0 && norm[0] != '\0') {
		for (k = 0; k < n; k++)
			if (strcmp(norm, known[k]) == 0)
				return known[k];
		len = strlen(norm);
		for (i = 0; i < sizeof(date_suffixes) /
		    sizeof(date_suffixes[0]); i++) {
			sl = strlen(date_suffixes[i]);
			if (len <= sl || strcmp(norm + len - sl,
			    date_suffixes[i]) != 0)
				continue;
			norm[len - sl] = '\0';
			for (k = 0; k < n; k++)
				if (strcmp(norm, known[k]) == 0)
					return known[k];
			norm[len - sl] = date_suffixes[i][0];
		}
		if (strcmp(norm, word) != 0)
			return closest(norm, known, n);
	}
	return closest(word, known, n);
}
