/*
 * SHA-256 (lib/sha256.c) against NIST's examples (FIPS 180-4 and the
 * CAVP "SHA-256 short/long messages" vectors), in one call, at each of the
 * four alignments (compress loads whole words from an aligned block), and
 * fed in pieces of every size, so that the partial-block paths are covered.
 */
#include <stdio.h>
#include <string.h>
#include <lib/sha256.h>
#include "unit.h"

static void hex(const uint8_t *d, char out[65])
{
	for (unsigned i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void expect(const void *msg, size_t len, const char *want)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char got[65];

	static uint8_t moved[1000000 + 3];

	sha256(msg, len, d);
	hex(d, got);
	assert_string_equal(got, want);
	assert_true(len <= sizeof(moved) - 3);
	for (size_t skew = 0; skew < 4; skew++) {
		memcpy(moved + skew, msg, len);
		sha256(moved + skew, len, d);
		hex(d, got);
		assert_string_equal(got, want);
	}
	/* The same message in pieces of 1..70 bytes. */
	for (size_t piece = 1; piece <= 70 && len; piece += 3) {
		struct sha256 s;

		sha256_init(&s);
		for (size_t off = 0; off < len; off += piece)
			sha256_update(&s, (const uint8_t *)msg + off,
				      len - off < piece ? len - off : piece);
		sha256_final(&s, d);
		hex(d, got);
		assert_string_equal(got, want);
	}
}

static void test_sha256_nist_examples(void **state)
{
	(void)state;
	expect("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	expect("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	expect("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* The 896-bit message of FIPS 180-4's SHA-512 example. */
	expect("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
	       "klmnopqrlmnopqrsmnopqrstnopqrstu", 112,
	       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

/* CAVP short messages: one byte, and 55/56/64 bytes (padding edges). */
static void test_sha256_cavp_boundaries(void **state)
{
	static const uint8_t one = 0xbd;
	uint8_t buf[64];

	(void)state;
	expect(&one, 1, "68325720aabd7c82f30f554b313d0570c95accbb7dc4b5aae11204c08ffe732b");
	memset(buf, 'a', sizeof(buf));
	expect(buf, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	expect(buf, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	expect(buf, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

/* NIST's one million 'a's. */
static void test_sha256_million_a(void **state)
{
	static uint8_t buf[1000000];

	(void)state;
	memset(buf, 'a', sizeof(buf));
	expect(buf, sizeof(buf),
	       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int run_sha256_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_sha256_nist_examples),
		UNIT_TEST(test_sha256_cavp_boundaries),
		UNIT_TEST(test_sha256_million_a),
	};
	return UNIT_RUN_GROUP("sha256", tests, ncases);
}
