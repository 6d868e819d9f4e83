/*
 * fw_cfg directory walking and number parsing (lib/fwcfg.c) against a
 * fake device that lays the directory out as QEMU does: big-endian
 * fields are decoded, names match exactly (no prefix matches, bounded
 * compare), the count is bounded, and number files are read strictly.
 */
#include <string.h>
#include <lib/fwcfg.h>
#include "unit.h"

static struct fake_fw fw;
static struct fwcfg_port port;

static void test_fwcfg_present(void **state)
{
	(void)state;
	fake_fw_init(&fw, &port);
	assert_true(fwcfg_present(&port));
	memcpy(fw.signature, "QEMX", 4);
	assert_false(fwcfg_present(&port));
	memset(fw.signature, 0xff, 4);   /* no device: bus reads all ones */
	assert_false(fwcfg_present(&port));
}

/* Size and key are big-endian in the directory. */
static void test_fwcfg_find_decodes(void **state)
{
	struct fwcfg_file f;

	(void)state;
	fake_fw_init(&fw, &port);
	fake_fw_add(&fw, "etc/one", NULL, 1);
	fake_fw_add(&fw, "opt/tzvmm/guest", NULL, 0x01020304u);
	fw.files[1].key = 0x0a0b;
	fake_fw_add(&fw, "etc/three", NULL, 3);
	assert_true(fwcfg_find(&port, "opt/tzvmm/guest", &f));
	assert_int_equal(f.size, 0x01020304u);
	assert_int_equal(f.key, 0x0a0b);
	assert_string_equal(f.name, "opt/tzvmm/guest");
	assert_true(fwcfg_find(&port, "etc/three", &f));
	assert_int_equal(f.size, 3);
}

/* No prefix matches in either direction; an absent file is false. */
static void test_fwcfg_find_exact_names(void **state)
{
	struct fwcfg_file f;

	(void)state;
	fake_fw_init(&fw, &port);
	fake_fw_add(&fw, "opt/tzvmm/guest-addr", NULL, 10);
	fake_fw_add(&fw, "opt/tzvmm/gues", NULL, 11);
	assert_false(fwcfg_find(&port, "opt/tzvmm/guest", &f));
	assert_false(fwcfg_find(&port, "opt/tzvmm/guest-address", &f));
	assert_false(fwcfg_find(&port, "opt", &f));
	assert_false(fwcfg_find(&port, "absent", &f));
	fake_fw_add(&fw, "opt/tzvmm/guest", NULL, 12);
	assert_true(fwcfg_find(&port, "opt/tzvmm/guest", &f));
	assert_int_equal(f.size, 12);
}

/* Names of FWCFG_NAME_MAX or more characters, or empty, cannot match and
 * do not touch the device; an unterminated 56-byte entry name does not
 * match its 55-character prefix. */
static void test_fwcfg_find_name_limits(void **state)
{
	char n55[56], n56[57];
	struct fwcfg_file f;

	(void)state;
	memset(n55, 'a', 55);
	n55[55] = '\0';
	memset(n56, 'a', 56);
	n56[56] = '\0';
	fake_fw_init(&fw, &port);
	fake_fw_add(&fw, n56, NULL, 1);   /* fills the field, no NUL */
	assert_false(fwcfg_find(&port, n56, &f));
	assert_false(fwcfg_find(&port, "", &f));
	assert_int_equal(fw.selects, 0);
	assert_false(fwcfg_find(&port, n55, &f));
	fake_fw_add(&fw, n55, NULL, 2);
	assert_true(fwcfg_find(&port, n55, &f));
	assert_int_equal(f.size, 2);
	assert_int_equal(strlen(f.name), 55);
}

/* The directory count is bounded (4096) and authoritative. */
static void test_fwcfg_find_count(void **state)
{
	struct fwcfg_file f;

	(void)state;
	fake_fw_init(&fw, &port);
	fake_fw_add(&fw, "opt/x", NULL, 5);
	fw.count_override = 4097;
	assert_false(fwcfg_find(&port, "opt/x", &f));
	assert_int_equal(fw.dir_bytes_read, 4);   /* header only, no entry walked */
	fw.count_override = 0xffffffffu;
	assert_false(fwcfg_find(&port, "opt/x", &f));
	/* Exactly 4096 entries, the file last: found. */
	fw.count_override = 0;
	fw.filler = 4095;
	assert_true(fwcfg_find(&port, "opt/x", &f));
	assert_int_equal(f.size, 5);
	/* A count that stops before the file: not found. */
	fw.count_override = 4095;
	assert_false(fwcfg_find(&port, "opt/x", &f));
	fw.filler = 0;
	fw.count_override = 0;
}

static void test_fwcfg_read_file(void **state)
{
	static const char data[] = "guest image bytes";
	struct fwcfg_file f;
	char buf[32];

	(void)state;
	fake_fw_init(&fw, &port);
	fake_fw_add_str(&fw, "etc/other", "wrong file");
	fake_fw_add(&fw, "opt/img", data, sizeof(data));
	assert_true(fwcfg_find(&port, "opt/img", &f));
	memset(buf, 0, sizeof(buf));
	fwcfg_read_file(&port, &f, buf, 5);
	assert_string_equal(buf, "guest");
	fwcfg_read_file(&port, &f, buf, sizeof(data));
	assert_string_equal(buf, data);
}

static int parse(const char *s, uint32_t *out)
{
	*out = 0xa5a5a5a5u;
	return fwcfg_parse_u32(s, strlen(s), out);
}

static void test_fwcfg_parse_u32_good(void **state)
{
	static const struct {
		const char *s;
		uint32_t v;
	} good[] = {
		{ "0", 0 },
		{ "42", 42 },
		{ "0042", 42 },
		{ "4294967295", 0xffffffffu },
		{ "0x0", 0 },
		{ "0x40000000", 0x40000000u },
		{ "0XfFfFfFfF", 0xffffffffu },
		{ "0xdeadBEEF", 0xdeadbeefu },
		{ "0x00000000ffffffff", 0xffffffffu },
		{ "12\n", 12 },
		{ "12 \n", 12 },
		{ "0x10\n\n", 16 },
	};
	uint32_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(parse(good[i].s, &v), 0);
		assert_int_equal(v, good[i].v);
	}
	/* The length bounds the parse, not a NUL. */
	assert_int_equal(fwcfg_parse_u32("123456", 3, &v), 0);
	assert_int_equal(v, 123);
}

static void test_fwcfg_parse_u32_bad(void **state)
{
	static const char *const bad[] = {
		"", "\n", " ", "0x", "0x\n", "x10", "-1", "+1", " 12", "12a", "1 2", "0x1g",
		"0xx1", "4294967296", "99999999999999999999999", "0x100000000",
		"0xffffffff0", "12\t", "1.0",
	};
	uint32_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i], &v) != -1)
			fail_msg("\"%s\" parsed", bad[i]);
		assert_int_equal(v, 0xa5a5a5a5u);   /* untouched */
	}
}

static void test_fwcfg_read_u32(void **state)
{
	uint32_t v = 7;

	(void)state;
	fake_fw_init(&fw, &port);
	fake_fw_add_str(&fw, "opt/good", "0x40000000\n");
	fake_fw_add_str(&fw, "opt/bad", "forty");
	fake_fw_add(&fw, "opt/empty", "", 0);
	fake_fw_add_str(&fw, "opt/long", "0000000000000000000000042");   /* 25 bytes */
	fake_fw_add_str(&fw, "opt/max", "000000000000000000000042");     /* 24 bytes */
	assert_int_equal(fwcfg_read_u32(&port, "opt/absent", &v), -1);
	assert_int_equal(v, 7);
	assert_int_equal(fwcfg_read_u32(&port, "opt/bad", &v), -2);
	assert_int_equal(fwcfg_read_u32(&port, "opt/empty", &v), -2);
	assert_int_equal(fwcfg_read_u32(&port, "opt/long", &v), -2);
	assert_int_equal(v, 7);
	assert_int_equal(fwcfg_read_u32(&port, "opt/good", &v), 0);
	assert_int_equal(v, 0x40000000u);
	assert_int_equal(fwcfg_read_u32(&port, "opt/max", &v), 0);
	assert_int_equal(v, 42);
}

int run_fwcfg_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_fwcfg_present),
		UNIT_TEST(test_fwcfg_find_decodes),
		UNIT_TEST(test_fwcfg_find_exact_names),
		UNIT_TEST(test_fwcfg_find_name_limits),
		UNIT_TEST(test_fwcfg_find_count),
		UNIT_TEST(test_fwcfg_read_file),
		UNIT_TEST(test_fwcfg_parse_u32_good),
		UNIT_TEST(test_fwcfg_parse_u32_bad),
		UNIT_TEST(test_fwcfg_read_u32),
	};

	return UNIT_RUN_GROUP("fwcfg", tests, ncases);
}
