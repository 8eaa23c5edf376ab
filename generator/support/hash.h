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

#endif
