/*
 * Git blob ids through libcrypto (blobid.h).
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "blobid.h"

int
blob_id(const void *data, size_t len, unsigned char out[20])
{
	EVP_MD_CTX	*c;
	char		 head[32];
	unsigned int	 n = 0;
	int		 hlen, ok;

	hlen = snprintf(head, sizeof(head), "blob %zu", len);
	if ((c = EVP_MD_CTX_new()) == NULL) {
		memset(out, 0, 20);
		return -1;
	}
	/* The header's NUL is part of what is hashed. */
	ok = EVP_DigestInit_ex(c, EVP_sha1(), NULL) == 1 &&
	    EVP_DigestUpdate(c, head, (size_t)hlen + 1) == 1 &&
	    (len == 0 || EVP_DigestUpdate(c, data, len) == 1) &&
	    EVP_DigestFinal_ex(c, out, &n) == 1 && n == 20;
	EVP_MD_CTX_free(c);
	if (!ok)
		memset(out, 0, 20);
	return ok ? 0 : -1;
}
