#include <stdint.h>
#include <string.h>

#include "hash.h"

size_t
hash_span(const char *s, size_t n)
{
	uint64_t	h = (uint64_t)n * 0x9e3779b97f4a7c15ULL, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
	}
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 32;
	return (size_t)h;
}

size_t
hash_str(const char *s)
{
	return hash_span(s, strlen(s));
}
