/*
 * Hashes for the in-memory tables of strings (paths, addresses): never
 * written to a file, so they may change from one version to the next.
 */
#ifndef MARCHE_HASH_H
#define MARCHE_HASH_H

#include <stddef.h>

/*
 * A hash of the n bytes at s, taken eight at a time: strings that share
 * long beginnings and differ in a few late bytes (paths, addresses of
 * one site) still spread over a table's low bits.
 */
size_t	hash_span(const char *s, size_t n);
/* hash_span() of the string s. */
size_t	hash_str(const char *s);

/*
 * Digests built part by part (what a page shows, a card's view): mix
 * the number v, or the n bytes at s (s may be NULL when n is 0), into
 * the running 64-bit hash h.
 */
static inline unsigned long long
hash_mix64(unsigned long long h, unsigned long long v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

static inline unsigned long long
hash_mix64_bytes(unsigned long long h, const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return hash_mix64(h, n);
}

#endif
