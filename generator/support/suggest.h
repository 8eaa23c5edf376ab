/*
 * "Did you mean" hints: the closest of a list of known words.
 */
#ifndef MARCHE_SUGGEST_H
#define MARCHE_SUGGEST_H

#include <stddef.h>

/*
 * The word of known[0..n) closest to word by edit distance (insertions,
 * deletions, substitutions and swaps of neighbours, ignoring letter
 * case), if it is close enough to be a likely typo; else NULL.
 */
const char	*suggest_closest(const char *word, const char *const *known,
		    size_t n);

#endif
