/*
 * The bounded formatter (lib/fmt.c): each conversion and flag it
 * documents, and its contract as vsnprintf: returns the full length,
 * always NUL-terminates when size > 0, never writes at or past size;
 * fmt_vline returns what was stored, never more.
 */
#include <limits.h>
#include <string.h>
#include <lib/fmt.h>
#include "unit.h"

#define CANARY 0x5a

static char out[96];

/* Formats into out[] with room `size`; the rest of out[] keeps CANARY.
 * No format attribute on purpose: the tests pass odd formats. */
static int fmt_into(size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	memset(out, CANARY, sizeof(out));
	va_start(ap, fmt);
	n = fmt_vsnprintf(out, size, fmt, ap);
	va_end(ap);
	return n;
}

#define EXPECT(want, ...)                                                      \
	do {                                                                   \
		int n_ = fmt_into(sizeof(out), __VA_ARGS__);                   \
		assert_string_equal(out, want);                                \
		assert_int_equal(n_, strlen(want));                            \
	} while (0)

static void test_fmt_conversions(void **state)
{
	(void)state;
	EXPECT("plain text", "plain text");
	EXPECT("abc|-42|4294967295|beef|z|%", "%s|%d|%u|%x|%c|%%", "abc", -42, 4294967295u,
	       0xbeefu, 'z');
	EXPECT("7 -7", "%i %i", 7, -7);
	EXPECT("ABCDEF", "%X", 0xabcdefu);
	EXPECT("0 0 0", "%d %u %x", 0, 0u, 0u);
	EXPECT("(null)", "%s", (const char *)NULL);
	EXPECT("", "%s", "");
}

static void test_fmt_widths(void **state)
{
	(void)state;
	EXPECT("0000001f", "%08x", 0x1fu);
	EXPECT("deadbeef", "%08x", 0xdeadbeefu);
	EXPECT("12345", "%03x", 0x12345u);     /* width below the length */
	EXPECT("ab   |", "%-5s|", "ab");
	EXPECT("   ab|", "%5s|", "ab");
	EXPECT("abcdef", "%-5s", "abcdef");
	EXPECT("   42", "%5d", 42);
	EXPECT("42   |", "%-5d|", 42);
	EXPECT("-0042", "%05d", -42);
	EXPECT("  -42", "%5d", -42);
	EXPECT("7    |", "%-05d|", 7);         /* '-' wins over '0' */
	EXPECT("  x|x  ", "%3c|%-3c", 'x', 'x');
	EXPECT("0x0000002a", "0x%08x", 42u);
}

static void test_fmt_extremes(void **state)
{
	(void)state;
	EXPECT("-2147483648", "%d", INT_MIN);
	EXPECT("2147483647", "%d", INT_MAX);
	EXPECT("ffffffff", "%x", 0xffffffffu);
	EXPECT("-9223372036854775808", "%lld", LLONG_MIN);
	EXPECT("18446744073709551615", "%llu", ULLONG_MAX);
	EXPECT("ffffffffffffffff", "%llx", ULLONG_MAX);
	EXPECT("-00000000000000000000000001", "%027d", -1);
}

static void test_fmt_odd_formats(void **state)
{
	(void)state;
	EXPECT("abc", "abc%");                 /* lone '%' at the end */
	EXPECT("%q", "%q");                    /* unknown conversion is shown */
	EXPECT("a%%b", "a%%%%b");
}

/* Truncated output: the full length comes back, the kept prefix is
 * NUL-terminated, nothing at or after out[size] is written. */
static void test_fmt_truncation(void **state)
{
	(void)state;
	assert_int_equal(fmt_into(5, "hello world"), 11);
	assert_string_equal(out, "hell");
	for (size_t i = 5; i < sizeof(out); i++)
		assert_int_equal((unsigned char)out[i], CANARY);
	assert_int_equal(fmt_into(1, "%d", 12345), 5);
	assert_int_equal(out[0], '\0');
	assert_int_equal((unsigned char)out[1], CANARY);
	assert_int_equal(fmt_into(4, "%10d", 7), 10);
	assert_string_equal(out, "   ");
}

static void test_fmt_size_zero(void **state)
{
	(void)state;
	assert_int_equal(fmt_into(0, "hello %s %08x", "world", 1u), 20);
	for (size_t i = 0; i < sizeof(out); i++)
		assert_int_equal((unsigned char)out[i], CANARY);
}

/* Every size from 0 to past the full length, over one mixed format. */
static void test_fmt_every_size(void **state)
{
	char full[96];

	(void)state;
	int len = fmt_into(sizeof(out), "x=%08x s=%-6s|%5d %c%% %llu", 0xc0ffeeu, "ab", -12, 'q',
			   123456789012ull);

	assert_string_equal(out, "x=00c0ffee s=ab    |  -12 q% 123456789012");
	assert_int_equal(len, strlen(out));
	memcpy(full, out, (size_t)len + 1);
	for (size_t size = 0; size <= (size_t)len + 2; size++) {
		int n = fmt_into(size, "x=%08x s=%-6s|%5d %c%% %llu", 0xc0ffeeu, "ab", -12, 'q',
				 123456789012ull);
		size_t kept = size == 0 ? 0 : ((size_t)len < size - 1 ? (size_t)len : size - 1);

		assert_int_equal(n, len);
		if (size > 0) {
			assert_memory_equal(out, full, kept);
			assert_int_equal(out[kept], '\0');
		}
		for (size_t i = size; i < sizeof(out); i++)
			assert_int_equal((unsigned char)out[i], CANARY);
	}
}

static size_t line_into(size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	memset(out, CANARY, sizeof(out));
	va_start(ap, fmt);
	n = fmt_vline(out, size, fmt, ap);
	va_end(ap);
	return n;
}

/* fmt_vline: the length of what is in the buffer, the line cut to size - 1. */
static void test_fmt_vline(void **state)
{
	(void)state;
	assert_int_equal(line_into(sizeof(out), "cpu %u: %s", 3u, "up"), 9);
	assert_string_equal(out, "cpu 3: up");
	assert_int_equal(line_into(6, "cpu %u: %s", 3u, "up"), 5);
	assert_string_equal(out, "cpu 3");
	assert_int_equal((unsigned char)out[6], CANARY);
	assert_int_equal(line_into(10, "cpu %u: %s", 3u, "up"), 9);   /* exactly fits */
	assert_int_equal(line_into(9, "cpu %u: %s", 3u, "up"), 8);
	assert_int_equal(line_into(1, "abc"), 0);
	assert_int_equal(out[0], '\0');
	assert_int_equal(line_into(0, "abc"), 0);
	assert_int_equal((unsigned char)out[0], CANARY);
	assert_int_equal(line_into(sizeof(out), ""), 0);
}

int run_fmt_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_fmt_conversions),
		UNIT_TEST(test_fmt_widths),
		UNIT_TEST(test_fmt_extremes),
		UNIT_TEST(test_fmt_odd_formats),
		UNIT_TEST(test_fmt_truncation),
		UNIT_TEST(test_fmt_size_zero),
		UNIT_TEST(test_fmt_every_size),
		UNIT_TEST(test_fmt_vline),
	};

	return UNIT_RUN_GROUP("fmt", tests, ncases);
}
