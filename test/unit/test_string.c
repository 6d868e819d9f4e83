/*
 * The freestanding memory helpers (lib/string.c), compiled here under
 * other names beside the host's own: memcmp's word-at-a-time path and its
 * byte tail must give the sign and the zero the byte-wise definition
 * gives, at every alignment and length; memcpy's word path likewise.
 */
#include <string.h>
#define memcpy  lib_memcpy
#define memmove lib_memmove
#define memset  lib_memset
#define memcmp  lib_memcmp
#define strlen  lib_strlen
#define strnlen lib_strnlen
#define strcmp  lib_strcmp
#define strncmp lib_strncmp
#include "../../lib/string.c"
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#include "unit.h"

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

/* Every offset pair and length up to 40 bytes, with one byte changed at
 * every place (both ways) or none: the same sign as the host's memcmp. */
static void test_memcmp_matches_bytewise(void **state)
{
	_Alignas(4) uint8_t a[48], b[48];

	(void)state;
	for (unsigned i = 0; i < sizeof(a); i++)
		a[i] = (uint8_t)(i * 37u + 11u);
	for (unsigned oa = 0; oa < 4; oa++)
		for (unsigned ob = 0; ob < 4; ob++)
			for (unsigned n = 0; n <= 40; n++) {
				memcpy(b + ob, a + oa, n);
				assert_int_equal(lib_memcmp(a + oa, b + ob, n), 0);
				for (unsigned k = 0; k < 2 * n; k++) {
					const uint8_t *x = a + oa, *y = b + ob;

					b[ob + k / 2] = (uint8_t)(x[k / 2] + (k % 2 ? 1 : -1));
					int want = sign(memcmp(x, y, n));

					assert_int_equal(sign(lib_memcmp(x, y, n)), want);
					b[ob + k / 2] = x[k / 2];
				}
			}
}

/* The word path must not stop at the first word: a difference in a later
 * word, and in its last byte, of a 256 KiB compare as the read-back does. */
static void test_memcmp_long_aligned(void **state)
{
	static uint32_t x[65536], y[65536];

	(void)state;
	for (unsigned i = 0; i < 65536; i++)
		x[i] = y[i] = i * 2654435761u;
	assert_int_equal(lib_memcmp(x, y, sizeof(x)), 0);
	((uint8_t *)y)[sizeof(y) - 1]++;
	assert_true(lib_memcmp(x, y, sizeof(x)) != 0);
	assert_int_equal(sign(lib_memcmp(x, y, sizeof(x))), sign(memcmp(x, y, sizeof(x))));
	assert_int_equal(lib_memcmp(x, y, sizeof(x) - 1), 0);
}

static void test_memcpy_every_alignment(void **state)
{
	_Alignas(4) uint8_t src[40], dst[48];

	(void)state;
	for (unsigned i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i + 1u);
	for (unsigned os = 0; os < 4; os++)
		for (unsigned od = 0; od < 4; od++)
			for (unsigned n = 0; n <= 32; n++) {
				memset(dst, 0xee, sizeof(dst));
				assert_ptr_equal(lib_memcpy(dst + od, src + os, n), dst + od);
				assert_memory_equal(dst + od, src + os, n);
				assert_int_equal(dst[od + n], 0xee);
				if (od)
					assert_int_equal(dst[od - 1], 0xee);
			}
}

int run_string_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_memcmp_matches_bytewise),
		UNIT_TEST(test_memcmp_long_aligned),
		UNIT_TEST(test_memcpy_every_alignment),
	};

	return UNIT_RUN_GROUP("string", tests, ncases);
}
UNIT_GROUP(run_string_tests);
