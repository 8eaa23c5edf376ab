/*
 * Git's id of a blob (SHA-1 of "blob LEN\0" and the bytes), computed with
 * libcrypto's SHA-1, which uses the processor's SHA instructions where
 * there are some: several times faster than libgit2's collision-detecting
 * SHA-1, and the same id for any content Git itself stores (Git and
 * GitHub refuse the crafted collisions that detection is for). marche
 * hashes every opportunity file of a working tree, and its caches'
 * payloads, on every run.
 */
#ifndef MARCHE_BLOBID_H
#define MARCHE_BLOBID_H

#include <stddef.h>

/* The blob id of the len bytes at data into out. Returns 0, or -1 when
 * libcrypto fails (out is then zeroed). */
int	blob_id(const void *data, size_t len, unsigned char out[20]);

#endif
