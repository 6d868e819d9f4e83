/* SHA-256 (lib/sha256.h), after FIPS 180-4 section 6.2. */
#include <lib/sha256.h>
#include <lib/string.h>

static const uint32_t k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static inline uint32_t ror(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32u - n));
}

static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#define BSIG0(x) (ror(x, 2) ^ ror(x, 13) ^ ror(x, 22))
#define BSIG1(x) (ror(x, 6) ^ ror(x, 11) ^ ror(x, 25))
#define SSIG0(x) (ror(x, 7) ^ ror(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ror(x, 17) ^ ror(x, 19) ^ ((x) >> 10))
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))          /* (x & y) ^ (~x & z) */
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))   /* the majority bit */

/* Word j >= 16 of the schedule, at window slot i = j mod 16 (a constant
 * in every use), in place of word j - 16. */
#define SCHED(i) \
	(w[(i) & 15] += SSIG1(w[((i) + 14) & 15]) + w[((i) + 9) & 15] + SSIG0(w[((i) + 1) & 15]))
#define LOADED(i) w[i]

/* One round, number j, with word x: the eight working variables are not
 * shifted along; each round names them in turn (below), so only d and h
 * change. */
#define ROUND(a, b, c, d, e, f, g, h, j, x)                                     \
	do {                                                                   \
		uint32_t t1_ = (h) + BSIG1(e) + CH(e, f, g) + k[j] + (x);      \
		(d) += t1_;                                                    \
		(h) = t1_ + BSIG0(a) + MAJ(a, b, c);                           \
	} while (0)

/* Rounds j .. j + 7 (j a multiple of 8), their words from W at window
 * slots i .. i + 7 (i = j mod 16), each variable in every position once. */
#define ROUNDS8(j, i, W)                                                       \
	do {                                                                   \
		ROUND(a, b, c, d, e, f, g, hh, (j) + 0, W((i) + 0));          \
		ROUND(hh, a, b, c, d, e, f, g, (j) + 1, W((i) + 1));          \
		ROUND(g, hh, a, b, c, d, e, f, (j) + 2, W((i) + 2));          \
		ROUND(f, g, hh, a, b, c, d, e, (j) + 3, W((i) + 3));          \
		ROUND(e, f, g, hh, a, b, c, d, (j) + 4, W((i) + 4));          \
		ROUND(d, e, f, g, hh, a, b, c, (j) + 5, W((i) + 5));          \
		ROUND(c, d, e, f, g, hh, a, b, (j) + 6, W((i) + 6));          \
		ROUND(b, c, d, e, f, g, hh, a, (j) + 7, W((i) + 7));          \
	} while (0)

/* One 64-byte block; the message schedule is kept as a rolling window of
 * 16 words, which keeps the stack small. The rounds are unrolled by eight
 * so that the working variables stay in registers and are never moved:
 * this hash is the integrity monitor's whole pass and verified boot's. */
static void compress(uint32_t h[8], const uint8_t *block)
{
	uint32_t w[16], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6],
		 hh = h[7];

	if (((uintptr_t)block & 3u) == 0) {
		const uint32_t *in = (const uint32_t *)(const void *)block;

		for (unsigned i = 0; i < 16; i++)
			w[i] = __builtin_bswap32(in[i]);
	} else {
		for (unsigned i = 0; i < 16; i++)
			w[i] = load_be32(block + 4 * i);
	}
	ROUNDS8(0, 0, LOADED);
	ROUNDS8(8, 8, LOADED);
	for (unsigned j = 16; j < 64; j += 16) {
		ROUNDS8(j, 0, SCHED);
		ROUNDS8(j + 8, 8, SCHED);
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += hh;
}

void sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	memcpy(s->h, iv, sizeof(iv));
	s->bytes = 0;
	s->fill = 0;
}

void sha256_update(struct sha256 *s, const void *data, size_t len)
{
	const uint8_t *p = data;

	s->bytes += len;
	if (s->fill) {
		size_t n = SHA256_BLOCK_SIZE - s->fill < len ? SHA256_BLOCK_SIZE - s->fill : len;

		memcpy(s->buf + s->fill, p, n);
		s->fill += (uint32_t)n;
		p += n;
		len -= n;
		if (s->fill < SHA256_BLOCK_SIZE)
			return;
		compress(s->h, s->buf);
		s->fill = 0;
	}
	for (; len >= SHA256_BLOCK_SIZE; p += SHA256_BLOCK_SIZE, len -= SHA256_BLOCK_SIZE)
		compress(s->h, p);
	memcpy(s->buf, p, len);
	s->fill = (uint32_t)len;
}

void sha256_final(struct sha256 *s, uint8_t digest[SHA256_DIGEST_SIZE])
{
	uint64_t bits = s->bytes * 8u;

	/* 0x80, zeros up to 56 mod 64, then the length in bits, big-endian. */
	s->buf[s->fill++] = 0x80;
	if (s->fill > SHA256_BLOCK_SIZE - 8) {
		memset(s->buf + s->fill, 0, SHA256_BLOCK_SIZE - s->fill);
		compress(s->h, s->buf);
		s->fill = 0;
	}
	memset(s->buf + s->fill, 0, SHA256_BLOCK_SIZE - 8 - s->fill);
	store_be32(s->buf + 56, (uint32_t)(bits >> 32));
	store_be32(s->buf + 60, (uint32_t)bits);
	compress(s->h, s->buf);
	for (unsigned i = 0; i < 8; i++)
		store_be32(digest + 4 * i, s->h[i]);
}

void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE])
{
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, data, len);
	sha256_final(&s, digest);
}
