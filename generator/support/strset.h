/*
 * A set of strings kept by pointer (they must outlive it), by hash_str()
 * with open addressing, at most half full: membership costs the same
 * whatever the number of strings.
 */
#ifndef MARCHE_STRSET_H
#define MARCHE_STRSET_H

#include <stddef.h>

struct strset {
	const char	**slot;	/* the strings, NULL when empty */
	size_t		  n;	/* slots, a power of two, or 0 */
	size_t		  used;	/* slots in use */
};

/* The string of s equal to str, whose hash_str() is h, or NULL. */
const char	*strset_get_h(const struct strset *s, const char *str,
		    size_t h);
/* Add str, whose hash_str() is h and which s does not hold. */
void		 strset_put_h(struct strset *s, const char *str, size_t h);
/* Add str; 1 if it was new, 0 if s held it already. */
int		 strset_add(struct strset *s, const char *str);
/* Whether s holds str. */
int		 strset_has(const struct strset *s, const char *str);
/* Let go of the slots (not the strings); s is then empty. */
void		 strset_free(struct strset *s);

#endif
