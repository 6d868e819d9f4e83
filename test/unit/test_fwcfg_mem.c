/*
 * fw_cfg's memory port (lib/fwcfg_mem.c): a blob laid out as
 * scripts/mkbootfiles.py writes it is read through the same directory code
 * as QEMU's device, and every header or table entry that would make a read
 * leave the blob is refused before the first read.
 */
#include <string.h>
#include <lib/fwcfg.h>
#include "unit.h"

static uint8_t blob[1024];

static void put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

/* A blob of the signature, a directory of two files and the files:
 * "opt/tzvmm/ram-mib" = "256\n" and "opt/tzvmm/kernel" = 40 bytes. */
static uint32_t make_blob(void)
{
	static const char *names[2] = { "opt/tzvmm/ram-mib", "opt/tzvmm/kernel" };
	static const uint32_t sizes[2] = { 4, 40 };
	uint32_t off = 16 + 4 * 12, dir_size = 4 + 2 * 64;
	uint8_t *t = blob + 16;

	memset(blob, 0, sizeof(blob));
	memcpy(blob, FWCFG_MEM_MAGIC, 8);
	put32(blob + 8, 4);
	/* signature */
	t[1] = 0x00; put32(t + 4, off); put32(t + 8, 4);
	memcpy(blob + off, "QEMU", 4);
	off += 4;
	/* directory */
	t += 12; t[1] = 0x19; put32(t + 4, off); put32(t + 8, dir_size);
	put32(blob + off, 2);
	for (unsigned i = 0; i < 2; i++) {
		uint8_t *e = blob + off + 4 + 64 * i;

		put32(e, sizes[i]);
		e[5] = (uint8_t)(0x20 + i);
		strcpy((char *)e + 8, names[i]);
	}
	off += dir_size;
	for (unsigned i = 0; i < 2; i++) {
		t += 12; t[1] = (uint8_t)(0x20 + i); put32(t + 4, off); put32(t + 8, sizes[i]);
		memset(blob + off, 'a' + (int)i, sizes[i]);
		off += sizes[i];
	}
	memcpy(blob + 16 + 4 * 12 + 4 + dir_size, "256\n", 4);
	put32(blob + 12, off);
	return off;
}

static void test_fwcfg_mem_reads_like_the_device(void **state)
{
	struct fwcfg_port p;
	struct fwcfg_mem m;
	struct fwcfg_file f;
	uint32_t total = make_blob(), v = 0, n = 0;
	uint8_t buf[48];

	assert_true(fwcfg_mem_port(&p, &m, blob, total));
	assert_true(fwcfg_present(&p));
	assert_int_equal(fwcfg_read_u32(&p, "opt/tzvmm/ram-mib", &v), 0);
	assert_int_equal(v, 256);
	assert_true(fwcfg_find(&p, "opt/tzvmm/kernel", &f));
	assert_int_equal(f.size, 40);
	assert_false(fwcfg_find(&p, "opt/tzvmm/initrd", &f));
	/* Past the item's end: zeros, never the next item's bytes. */
	memset(buf, 0x55, sizeof(buf));
	p.select(p.ctx, f.key);
	p.read(p.ctx, buf, sizeof(buf));
	assert_int_equal(buf[39], 'b');
	assert_int_equal(buf[40], 0);
	assert_int_equal(buf[47], 0);
	assert_non_null(fwcfg_mem_item(&m, f.key, &n));
	assert_int_equal(n, 40);
	assert_null(fwcfg_mem_item(&m, 0x99, &n));
	/* A key it does not hold: zeros, as on fw_cfg. */
	p.select(p.ctx, 0x99);
	p.read(p.ctx, buf, 4);
	assert_int_equal(buf[0] | buf[1] | buf[2] | buf[3], 0);
}

static void test_fwcfg_mem_refuses_a_bad_blob(void **state)
{
	struct fwcfg_port p;
	struct fwcfg_mem m;
	uint32_t total = make_blob();

	assert_false(fwcfg_mem_port(&p, &m, blob, total - 1));   /* total beyond size */
	assert_false(fwcfg_mem_port(&p, &m, blob, 15));          /* no header */
	blob[7] = '2';
	assert_false(fwcfg_mem_port(&p, &m, blob, total));       /* magic */
	make_blob();
	put32(blob + 8, FWCFG_MEM_MAX_ITEMS + 1);
	assert_false(fwcfg_mem_port(&p, &m, blob, sizeof(blob)));   /* count */
	make_blob();
	put32(blob + 8, 100);   /* the table would overrun the blob */
	assert_false(fwcfg_mem_port(&p, &m, blob, sizeof(blob)));
	make_blob();
	put32(blob + 16 + 3 * 12 + 8, 41);   /* the last item's size past total */
	assert_false(fwcfg_mem_port(&p, &m, blob, total));
	make_blob();
	put32(blob + 16 + 4, 8);   /* an item inside the table */
	assert_false(fwcfg_mem_port(&p, &m, blob, total));
	make_blob();
	put32(blob + 16 + 4, 0xfffffff0u);   /* offset + size wraps */
	assert_false(fwcfg_mem_port(&p, &m, blob, total));
	make_blob();
	assert_true(fwcfg_mem_port(&p, &m, blob, total));
}

static int run_fwcfg_mem_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_fwcfg_mem_reads_like_the_device),
		UNIT_TEST(test_fwcfg_mem_refuses_a_bad_blob),
	};

	return UNIT_RUN_GROUP("fwcfg memory port", tests, ncases);
}
UNIT_GROUP(run_fwcfg_mem_tests);
