/*
 * SHA-256 (FIPS 180-4), portable C on 32-bit words: the secure world hashes
 * normal-world memory with it (components/integrity). No tables beyond the
 * 64 round constants, no floating point, no unaligned loads.
 */
#ifndef LIB_SHA256_H
#define LIB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32u
#define SHA256_BLOCK_SIZE  64u

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;                   /* message length so far */
	uint8_t buf[SHA256_BLOCK_SIZE];   /* a partial block */
	uint32_t fill;                    /* bytes in buf */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t digest[SHA256_DIGEST_SIZE]);
/* The digest of one buffer. */
void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE]);

#endif
