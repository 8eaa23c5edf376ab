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

const char *
suggest_closest(const char *word, const char *const *known, size_t n)
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
