/*
 * Verified boot (components/vmm/manifest.c, verify.c, fdt_chosen.c): the
 * manifest parser against every malformed field, a changed byte anywhere,
 * an unknown key and a key id that lies; verify_boot against changed
 * images, missing and extra images, another command line and a version
 * below the rollback counter (the storage component faked as in
 * test_virtio.c); the device tree walk against malformed blobs.
 *
 * The manifests are signed here with BearSSL (the library the VMM checks
 * them with), by two test keys: A, which these tests' boot_keys trust,
 * and B, which they do not. The keys are test-only and in no image.
 */
#include <stdlib.h>
#include <string.h>
#include <bearssl_ec.h>
#include <bearssl_hash.h>
#include <lib/fwcfg.h>
#include <lib/sha256.h>
#include <tzvmm/boot_record.h>
#include <tzvmm/storage.h>
#include <tzvmm/syscall.h>
#include <tzvmm/signals.h>
#include <ulib/guest_mem.h>
#include "../../components/vmm/fdt_chosen.h"
#include "../../components/vmm/loader.h"
#include "../../components/vmm/manifest.h"
#include "../../components/vmm/storage_client.h"
#include "../../components/vmm/verify.h"
#include "test_boot_key.h"
#include "unit.h"

static const uint8_t key_a[32] = {
	0x06, 0x61, 0x24, 0xa3, 0xa7, 0x91, 0x0b, 0xe5, 0x71, 0x67, 0x96, 0x78,
	0x0c, 0xf2, 0x7f, 0xbe, 0xb4, 0xf2, 0x96, 0x14, 0x0e, 0xda, 0x01, 0x54,
	0x90, 0xdc, 0x14, 0x4c, 0xb4, 0xef, 0x8d, 0x26,
};
static const uint8_t key_b[32] = {
	0x6c, 0xb1, 0x0f, 0xdf, 0xf0, 0xfa, 0x4e, 0x6d, 0x6b, 0x0e, 0x74, 0x7a,
	0xd9, 0x1d, 0x20, 0xe4, 0xc9, 0x5d, 0xb7, 0x14, 0xde, 0x2a, 0x36, 0x61,
	0x2a, 0xb0, 0xe6, 0xc4, 0x0e, 0xae, 0x10, 0xa7,
};

/* The host tests' trusted keys: A's id and point (what tzvmm-sign key-c
 * writes for the images; test_verify_key_a_is_consistent checks them). */
const struct boot_key boot_keys[] = { TEST_BOOT_KEY_A };
const unsigned boot_keys_count = 1;

/* The public point and key id of a private key. */
static void public_of(const uint8_t priv[32], uint8_t point[65], uint8_t id[8])
{
	br_ec_private_key sk = { BR_EC_secp256r1, (unsigned char *)(uintptr_t)priv, 32 };
	br_ec_public_key pk;
	uint8_t digest[32];

	assert_int_equal(br_ec_compute_pub(&br_ec_p256_m31, &pk, point, &sk), 65);
	sha256(point, 65, digest);
	memcpy(id, digest, 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* What a manifest says; images NULL are absent. */
struct spec {
	uint32_t version, kind, load;
	const uint8_t *image[3];
	uint32_t size[3];
	const char *cmdline;
	const uint8_t *signer;     /* private key; NULL: A */
	const uint8_t *claimed;    /* the key id written; NULL: the signer's */
};

static void sign(uint8_t m[MANIFEST_SIZE], const uint8_t *priv)
{
	br_ec_private_key sk = { BR_EC_secp256r1, (unsigned char *)(uintptr_t)priv, 32 };
	uint8_t hash[32];

	sha256(m, MANIFEST_SIGNED_SIZE, hash);
	assert_int_equal(br_ecdsa_i31_sign_raw(&br_ec_p256_m31, &br_sha256_vtable, hash, &sk,
					       m + MANIFEST_SIGNED_SIZE), 64);
}

static void make(uint8_t m[MANIFEST_SIZE], const struct spec *s)
{
	const uint8_t *priv = s->signer ? s->signer : key_a;
	uint8_t point[65], id[8];

	public_of(priv, point, id);
	memset(m, 0, MANIFEST_SIZE);
	memcpy(m, "TZBM", 4);
	put32(m + 4, MANIFEST_FORMAT);
	put32(m + 8, s->version);
	put32(m + 12, s->kind);
	memcpy(m + 16, s->claimed ? s->claimed : id, 8);
	put32(m + 24, s->load);
	for (unsigned i = 0; i < 3; i++) {
		put32(m + 28 + 4 * i, s->size[i]);
		if (s->image[i])
			sha256(s->image[i], s->size[i], m + 64 + 32 * i);
	}
	if (s->cmdline) {
		put32(m + 40, (uint32_t)strlen(s->cmdline));
		sha256(s->cmdline, strlen(s->cmdline), m + 64 + 96);
	}
	sign(m, priv);
}

static uint8_t kernel[1000], initrd[700];
static uint8_t dtb[256];
static uint32_t dtb_size;
static const char cmdline[] = "console=ttyAMA0 root=/dev/ram0";

/* ---- a device tree, as dtc lays one out ------------------------------ */
struct fdt_builder {
	uint8_t st[512], str[64];
	uint32_t nst, nstr;
};

static void be(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void tok(struct fdt_builder *b, uint32_t t)
{
	be(b->st + b->nst, t);
	b->nst += 4;
}

static void bytes(struct fdt_builder *b, const void *p, uint32_t n)
{
	memcpy(b->st + b->nst, p, n);
	b->nst = (b->nst + n + 3u) & ~3u;
}

static void node(struct fdt_builder *b, const char *name)
{
	tok(b, 1);
	bytes(b, name, (uint32_t)strlen(name) + 1u);
}

static void prop(struct fdt_builder *b, const char *name, const void *v, uint32_t n)
{
	uint32_t off = b->nstr;

	memcpy(b->str + b->nstr, name, strlen(name) + 1);
	b->nstr += (uint32_t)strlen(name) + 1u;
	tok(b, 3);
	tok(b, n);
	tok(b, off);
	bytes(b, v, n);
}

/* Header, structure block at 40 + 16 (an empty reservation map), strings. */
static uint32_t fdt_finish(struct fdt_builder *b, uint8_t *out, uint32_t cap)
{
	uint32_t st = 56, str = st + b->nst, total = str + b->nstr;

	assert_true(total <= cap);
	memset(out, 0, cap);
	be(out, 0xd00dfeedu);
	be(out + 4, total);
	be(out + 8, st);
	be(out + 12, str);
	be(out + 16, 40);
	be(out + 20, 17);
	be(out + 24, 16);
	be(out + 32, b->nstr);
	be(out + 36, b->nst);
	memcpy(out + st, b->st, b->nst);
	memcpy(out + str, b->str, b->nstr);
	return total;
}

/* / { model; chosen { bootargs = args (none if NULL) }; }, or the
 * bootargs in /soc/chosen (not /chosen) if deep. */
static uint32_t make_dtb(uint8_t *out, uint32_t cap, const char *args, bool deep)
{
	struct fdt_builder b = { .nst = 0 };

	node(&b, "");
	prop(&b, "model", "tzvmm-test", 11);
	if (deep)
		node(&b, "soc");
	node(&b, "chosen");
	if (args)
		prop(&b, "bootargs", args, (uint32_t)strlen(args) + 1u);
	tok(&b, 2);
	if (deep)
		tok(&b, 2);
	tok(&b, 2);
	tok(&b, 9);
	return fdt_finish(&b, out, cap);
}

/* ---- manifest_check ------------------------------------------------------ */
static struct manifest parsed;
static char why[128];

static int check(const uint8_t *m, size_t len)
{
	return manifest_check(m, len, boot_keys, boot_keys_count, &parsed, why, sizeof(why));
}

static void images(void)
{
	for (size_t i = 0; i < sizeof(kernel); i++)
		kernel[i] = (uint8_t)(i * 13 + 5);
	for (size_t i = 0; i < sizeof(initrd); i++)
		initrd[i] = (uint8_t)(i * 3 + 1);
	dtb_size = make_dtb(dtb, sizeof(dtb), cmdline, false);
}

static struct spec linux_spec(void)
{
	images();
	return (struct spec){
		.version = 3, .kind = MANIFEST_LINUX,
		.image = { kernel, initrd, dtb },
		.size = { sizeof(kernel), sizeof(initrd), dtb_size },
		.cmdline = cmdline,
	};
}

static void expect_refused(const uint8_t *m, size_t len, const char *what)
{
	assert_int_equal(check(m, len), -1);
	if (!strstr(why, what))
		fail_msg("manifest_check said \"%s\", not \"%s\"", why, what);
}

static void test_verify_key_a_is_consistent(void **state)
{
	uint8_t point[65], id[8];

	(void)state;
	public_of(key_a, point, id);
	assert_memory_equal(point, boot_keys[0].point, 65);
	assert_memory_equal(id, boot_keys[0].id, 8);
}

static void test_manifest_good(void **state)
{
	struct spec s = linux_spec();
	uint8_t m[MANIFEST_SIZE];

	(void)state;
	make(m, &s);
	assert_int_equal(check(m, sizeof(m)), 0);
	assert_int_equal(parsed.version, 3);
	assert_int_equal(parsed.kind, MANIFEST_LINUX);
	assert_int_equal(parsed.size[MANIFEST_KERNEL], sizeof(kernel));
	assert_int_equal(parsed.size[MANIFEST_INITRD], sizeof(initrd));
	assert_int_equal(parsed.size[MANIFEST_DTB], dtb_size);
	assert_int_equal(parsed.size[MANIFEST_CMDLINE], strlen(cmdline));
	assert_memory_equal(parsed.key_id, boot_keys[0].id, 8);

	struct spec raw = { .version = 0, .kind = MANIFEST_RAW, .load = 0x40000000u,
			    .image = { kernel }, .size = { sizeof(kernel) } };

	make(m, &raw);
	assert_int_equal(check(m, sizeof(m)), 0);
	assert_int_equal(parsed.load_addr, 0x40000000u);
}

/* Truncated, padded, empty: the length is checked before any byte. */
static void test_manifest_lengths(void **state)
{
	struct spec s = linux_spec();
	uint8_t m[MANIFEST_SIZE + 1];

	(void)state;
	make(m, &s);
	m[MANIFEST_SIZE] = 0;
	expect_refused(m, 0, "it is 0 bytes, not 256");
	expect_refused(m, 4, "it is 4 bytes");
	expect_refused(m, MANIFEST_SIZE - 1, "it is 255 bytes");
	expect_refused(m, MANIFEST_SIZE + 1, "it is 257 bytes");
}

static void test_manifest_header(void **state)
{
	struct spec s = linux_spec();
	uint8_t m[MANIFEST_SIZE];

	(void)state;
	make(m, &s);
	m[0] = 'X';
	expect_refused(m, sizeof(m), "no magic");
	make(m, &s);
	m[4] = 2;
	expect_refused(m, sizeof(m), "format is not 1");
	for (unsigned at = 44; at < 64; at++) {
		make(m, &s);
		m[at] = 1;
		expect_refused(m, sizeof(m), "reserved bytes 44-63");
	}
}

/* Fields that do not fit together, each in a correctly signed manifest:
 * refused for what they say, not for the signature. */
static void test_manifest_fields(void **state)
{
	uint8_t m[MANIFEST_SIZE];
	struct spec s;

	(void)state;
	s = linux_spec();
	s.kind = 3;
	make(m, &s);
	expect_refused(m, sizeof(m), "unknown kind");
	s = linux_spec();
	s.kind = 0;
	make(m, &s);
	expect_refused(m, sizeof(m), "unknown kind");
	s = linux_spec();
	s.size[0] = 0;
	s.image[0] = NULL;
	make(m, &s);
	expect_refused(m, sizeof(m), "names no kernel");
	s = linux_spec();
	s.size[2] = 0;
	s.image[2] = NULL;
	make(m, &s);
	expect_refused(m, sizeof(m), "names no dtb");
	s = linux_spec();
	s.load = 0x40000000u;
	make(m, &s);
	expect_refused(m, sizeof(m), "Linux boot with a load address");
	s = linux_spec();
	make(m, &s);
	put32(m + 40, MANIFEST_CMDLINE_MAX + 1u);
	sign(m, key_a);
	expect_refused(m, sizeof(m), "longer than 4096");
	s = linux_spec();
	make(m, &s);
	put32(m + 32, 0);   /* an initrd's digest, but size 0 */
	sign(m, key_a);
	expect_refused(m, sizeof(m), "digest for an absent initrd");
	s = (struct spec){ .kind = MANIFEST_RAW, .load = 0x40000000u, .image = { kernel, initrd },
			   .size = { sizeof(kernel), sizeof(initrd) } };
	make(m, &s);
	expect_refused(m, sizeof(m), "initrd given for a raw image");
	s = (struct spec){ .kind = MANIFEST_RAW, .image = { kernel }, .size = { sizeof(kernel) },
			   .cmdline = "x" };
	make(m, &s);
	expect_refused(m, sizeof(m), "command line given for a raw image");
	/* A digest alone, its size 0, is something named too. */
	s = (struct spec){ .kind = MANIFEST_RAW, .image = { kernel }, .size = { sizeof(kernel) } };
	make(m, &s);
	m[64 + 2 * 32 + 5] = 1;   /* the dtb's digest */
	sign(m, key_a);
	expect_refused(m, sizeof(m), "dtb given for a raw image");
}

static void test_manifest_keys(void **state)
{
	struct spec s = linux_spec();
	uint8_t m[MANIFEST_SIZE];

	(void)state;
	s.signer = key_b;
	make(m, &s);
	expect_refused(m, sizeof(m), "signed by key f66d937f..., which this secure image does not "
		       "know");
	/* B's signature under A's id: the id is not a credential. */
	s.claimed = boot_keys[0].id;
	make(m, &s);
	expect_refused(m, sizeof(m), "signature does not verify with key 67035062...");
}

/* One changed bit anywhere in the manifest, signature included: refused. */
static void test_manifest_every_bit(void **state)
{
	struct spec s = linux_spec();
	uint8_t m[MANIFEST_SIZE];

	(void)state;
	make(m, &s);
	for (unsigned at = 0; at < MANIFEST_SIZE; at++) {
		for (unsigned bit = 0; bit < 8; bit += 3) {
			m[at] ^= (uint8_t)(1u << bit);
			if (check(m, sizeof(m)) != -1)
				fail_msg("byte %u bit %u changed, but the manifest is accepted",
					 at, bit);
			m[at] ^= (uint8_t)(1u << bit);
		}
	}
	assert_int_equal(check(m, sizeof(m)), 0);
	/* Signatures that are no signatures. */
	memset(m + MANIFEST_SIGNED_SIZE, 0, 64);
	expect_refused(m, sizeof(m), "does not verify");
	memset(m + MANIFEST_SIGNED_SIZE, 0xff, 64);
	expect_refused(m, sizeof(m), "does not verify");
}

/* ---- verify_boot ------------------------------------------------------- */
#define RAM_BASE 0x40000000u
#define RAM_SIZE 0x10000u
#define AT_K     0x1000u
#define AT_I     0x4000u
#define AT_D     0x8000u
#define CAP_STORAGE_FAKE 9u

static uint8_t *ram, *shm;
static struct fake_fw fw;
static struct fwcfg_port port;
static uint32_t counter;
static unsigned raises;

/* The storage component's rollback counter, as the VMM sees it. */
static int32_t fake_storage(uint32_t nr, const uint32_t a[4])
{
	struct storage_req *r = (struct storage_req *)shm;

	if (nr == SYS_WAIT)
		return VMM_SIG_STORAGE;
	if (nr != SYS_SIGNAL)
		return 0;
	if (a[0] != CAP_STORAGE_FAKE || a[1] != STORAGE_SIG_REQUEST)
		return -SYS_ECAP;
	r->status = STORAGE_OK;
	if (r->op == STORAGE_OP_COUNTER_RAISE) {
		raises++;
		if (r->counter > counter)
			counter = r->counter;
	} else if (r->op != STORAGE_OP_COUNTER_GET) {
		r->status = STORAGE_EINVAL;
	}
	r->counter = counter;
	r->done_seq = r->seq;
	return 0;
}

/* A storage component still mounting: its answer comes after `late`
 * deadlines of the VMM's (a new SD card takes ~10 s to format), or never. */
static unsigned late, waits;

static int32_t slow_storage(uint32_t nr, const uint32_t a[4])
{
	struct storage_req *r = (struct storage_req *)shm;

	if (nr == SYS_SIGNAL)
		return a[0] == CAP_STORAGE_FAKE ? 0 : -SYS_ECAP;
	if (nr != SYS_WAIT)
		return 0;
	if (++waits <= late)
		return VMM_SIG_DEADLINE;
	r->status = STORAGE_OK;
	r->counter = counter;
	r->done_seq = r->seq;
	return VMM_SIG_STORAGE;
}

/* No storage component: every request is refused. */
static int32_t no_storage(uint32_t nr, const uint32_t a[4])
{
	return nr == SYS_SIGNAL ? -SYS_ECAP : 0;
}

/* Normal RAM with the images of linux_spec placed; a manifest of s added
 * to fw_cfg (if s); the storage component's counter at c. */
static struct verify_images placed(const struct spec *s, uint32_t c, bool storage)
{
	static uint8_t m[MANIFEST_SIZE];   /* the fake fw_cfg keeps a pointer */

	free(ram);
	free(shm);
	ram = calloc(1, RAM_SIZE);
	shm = calloc(1, STORAGE_SLOT_SIZE);
	assert_true(ram && shm);
	guest_mem_init((uintptr_t)ram, RAM_BASE, RAM_SIZE);
	storage_client_init((uintptr_t)shm, CAP_STORAGE_FAKE);
	vmm_config.timer_hz = 62500000;
	fake.sys_hook = storage ? fake_storage : no_storage;
	counter = c;
	raises = 0;
	fake_fw_init(&fw, &port);
	images();
	memcpy(ram + AT_K, kernel, sizeof(kernel));
	memcpy(ram + AT_I, initrd, sizeof(initrd));
	memcpy(ram + AT_D, dtb, dtb_size);
	if (s) {
		make(m, s);
		fake_fw_add(&fw, "opt/tzvmm/manifest", m, sizeof(m));
	}
	return (struct verify_images){
		.kind = MANIFEST_LINUX,
		.at = { gpa(RAM_BASE + AT_K), gpa(RAM_BASE + AT_I), gpa(RAM_BASE + AT_D) },
		.size = { sizeof(kernel), sizeof(initrd), dtb_size },
	};
}

static void expect_boot(const struct verify_images *im)
{
	bool escaped;

	ESCAPES(verify_boot(&port, im), escaped);
	if (escaped)
		fail_msg("verify_boot refused: %s", fake.fail_msg);
	assert_true(fake_log_has("verify: kernel sha256"));
}

static void expect_stop(const struct verify_images *im, const char *what)
{
	bool escaped;

	ESCAPES(verify_boot(&port, im), escaped);
	assert_true(escaped);
	assert_int_equal(fake.fail_status, 1);
	if (!strstr(fake.fail_msg, what))
		fail_msg("vmm_fail line \"%s\" does not mention \"%s\"", fake.fail_msg, what);
}

static void test_verify_boots_what_was_signed(void **state)
{
	struct spec s = linux_spec();
	struct verify_images im = placed(&s, 3, true);
	struct boot_record rec = { .magic = 0 };
	uint8_t digest[32];

	(void)state;
	verify_record_at(&rec);
	expect_boot(&im);
	verify_record_at(NULL);
	assert_int_equal(raises, 0);
	assert_true(fake_log_has("version 3 (rollback counter 3)"));
	/* What the integrity monitor is told. */
	sha256(kernel, sizeof(kernel), digest);
	assert_int_equal(rec.magic, BOOT_RECORD_MAGIC);
	assert_int_equal(rec.state, BOOT_RECORD_VERIFIED);
	assert_int_equal(rec.version, 3);
	assert_memory_equal(rec.kernel_sha256, digest, 32);
	assert_memory_equal(rec.key_id, boot_keys[0].id, 8);
}

/* One changed byte in each image, where it lies in normal RAM. */
static void test_verify_changed_images(void **state)
{
	static const uint32_t at[3] = { AT_K + 999u, AT_I + 350u, AT_D + 60u };
	static const char *const name[3] = { "opt/tzvmm/kernel: its SHA-256",
					     "opt/tzvmm/initrd: its SHA-256",
					     "opt/tzvmm/dtb: its SHA-256" };

	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		struct spec s = linux_spec();
		struct verify_images im = placed(&s, 0, true);

		ram[at[i]] ^= 0x20;
		fake.fails = 0;
		expect_stop(&im, name[i]);
	}
}

static void test_verify_images_missing_or_extra(void **state)
{
	struct spec s = linux_spec();
	struct verify_images im = placed(&s, 0, true);

	(void)state;
	im.size[MANIFEST_INITRD] = 0;
	expect_stop(&im, "the manifest names an initrd of 700 bytes, but opt/tzvmm/initrd is not "
		    "given");
	s.image[MANIFEST_INITRD] = NULL;
	s.size[MANIFEST_INITRD] = 0;
	im = placed(&s, 0, true);
	expect_stop(&im, "opt/tzvmm/initrd is given, but the manifest names no initrd");
	s = linux_spec();
	im = placed(&s, 0, true);
	im.size[MANIFEST_KERNEL] -= 1;
	expect_stop(&im, "opt/tzvmm/kernel: 999 bytes, but the manifest says 1000");
}

static void test_verify_manifest_missing_or_bad(void **state)
{
	struct verify_images im = placed(NULL, 0, true);

	(void)state;
	expect_stop(&im, "no boot manifest (fw_cfg file opt/tzvmm/manifest)");
	im = placed(NULL, 0, true);
	fake_fw_add(&fw, "opt/tzvmm/manifest", kernel, 255);
	expect_stop(&im, "opt/tzvmm/manifest: it is 255 bytes, not 256");
	struct spec s = linux_spec();

	s.signer = key_b;
	im = placed(&s, 0, true);
	expect_stop(&im, "opt/tzvmm/manifest: signed by key f66d937f...");
}

static void test_verify_kind_and_address(void **state)
{
	struct spec raw = { .kind = MANIFEST_RAW, .load = RAM_BASE + AT_K, .image = { kernel },
			    .size = { sizeof(kernel) } };
	struct verify_images im;

	(void)state;
	images();
	im = placed(&raw, 0, true);
	expect_stop(&im, "it is for a raw image boot, this one is a Linux boot");
	im = placed(&raw, 0, true);
	im.kind = MANIFEST_RAW;
	im.size[1] = im.size[2] = 0;
	im.load_addr = RAM_BASE + AT_K;
	expect_boot(&im);
	im = placed(&raw, 0, true);
	im.kind = MANIFEST_RAW;
	im.size[1] = im.size[2] = 0;
	im.at[0] = gpa(RAM_BASE + AT_I);
	memcpy(ram + AT_I, kernel, sizeof(kernel));
	im.load_addr = RAM_BASE + AT_I;
	expect_stop(&im, "opt/tzvmm/guest is loaded at 0x40004000, but the manifest says "
		    "0x40001000");
}

/* The dtb signed, but another command line: the manifest's own digest of
 * it must agree too. */
static void test_verify_command_line(void **state)
{
	struct spec s = linux_spec();
	struct verify_images im;

	(void)state;
	s.cmdline = "console=ttyAMA0 root=/dev/ram0 init=/bin/sh";
	im = placed(&s, 0, true);
	expect_stop(&im, "opt/tzvmm/dtb: its command line (/chosen/bootargs, 30 bytes) is not the "
		    "manifest's");
	/* As long, one letter else. */
	s.cmdline = "console=ttyAMA0 root=/dev/ram1";
	im = placed(&s, 0, true);
	expect_stop(&im, "opt/tzvmm/dtb: its command line (/chosen/bootargs, 30 bytes) is not the "
		    "manifest's");
}

static void test_verify_rollback(void **state)
{
	struct spec s = linux_spec();
	struct verify_images im;

	(void)state;
	im = placed(&s, 4, true);
	expect_stop(&im, "version 3 is below 4, the lowest the rollback counter allows");
	assert_int_equal(raises, 0);
	s.version = 7;
	im = placed(&s, 5, true);
	expect_boot(&im);
	assert_int_equal(raises, 1);
	assert_int_equal(counter, 7);
	/* No storage: version 0 boots (saying so), any other does not. */
	s.version = 1;
	im = placed(&s, 0, false);
	expect_stop(&im, "version 1 needs the rollback counter");
	s.version = 0;
	im = placed(&s, 0, false);
	expect_boot(&im);
	assert_true(fake_log_has("no rollback counter"));
	/* Storage still mounting: the boot waits for its answer, 11 periods
	 * of 10 s at most; at the twelfth it gives up. */
	s.version = 2;
	im = placed(&s, 2, true);
	fake.sys_hook = slow_storage;
	late = 11;
	waits = 0;
	expect_boot(&im);
	assert_true(fake_log_has("waiting for the storage component"));
	im = placed(&s, 2, true);
	fake.sys_hook = slow_storage;
	late = 12;
	waits = 0;
	expect_stop(&im, "version 2 needs the rollback counter, which the secure storage cannot "
		    "give (status 3)");
	assert_true(fake_log_has("no answer to request 1 on cpu 0 in 120000 ms"));
}

/* ---- fdt_chosen_bootargs ------------------------------------------------------- */
static void test_fdt_bootargs(void **state)
{
	uint8_t blob[256];
	uint32_t n, off = 99, len = 99;

	(void)state;
	n = make_dtb(blob, sizeof(blob), "a b c", false);
	assert_int_equal(fdt_chosen_bootargs(blob, n, &off, &len), 0);
	assert_int_equal(len, 5);
	assert_memory_equal(blob + off, "a b c", 5);
	n = make_dtb(blob, sizeof(blob), NULL, false);
	assert_int_equal(fdt_chosen_bootargs(blob, n, &off, &len), 1);
	assert_int_equal(off, 0);
	assert_int_equal(len, 0);
	/* /soc/chosen is not /chosen. */
	n = make_dtb(blob, sizeof(blob), "deep", true);
	assert_int_equal(fdt_chosen_bootargs(blob, n, &off, &len), 1);
}

static void test_fdt_malformed(void **state)
{
	uint8_t blob[256];
	uint32_t n, off, len;

	(void)state;
	n = make_dtb(blob, sizeof(blob), "abc", false);
	assert_int_equal(fdt_chosen_bootargs(blob, 39, &off, &len), -1);   /* no header */
	assert_int_equal(fdt_chosen_bootargs(blob, n - 1, &off, &len), -1);   /* totalsize */
	be(blob + 8, n);   /* the structure block starts at the end */
	assert_int_equal(fdt_chosen_bootargs(blob, n, &off, &len), -1);
	n = make_dtb(blob, sizeof(blob), "abc", false);
	be(blob + 36, 0xfffffff0u);   /* its size wraps */
	assert_int_equal(fdt_chosen_bootargs(blob, n, &off, &len), -1);
	n = make_dtb(blob, sizeof(blob), "abc", false);
	be(blob + 56 + 12, 0x1000);   /* model's length past the blob */
	assert_int_equal(fdt_chosen_bootargs(blob, n, &off, &len), -1);
	n = make_dtb(blob, sizeof(blob), "abc", false);
	be(blob + 56 + 12, n - (56 + 20));   /* past the structure block, into the strings */
	assert_int_equal(fdt_chosen_bootargs(blob, n, &off, &len), -1);
	n = make_dtb(blob, sizeof(blob), "abc", false);
	be(blob + 56 + 8, 7);   /* an unknown token after the root's name */
	assert_int_equal(fdt_chosen_bootargs(blob, n, &off, &len), -1);
	n = make_dtb(blob, sizeof(blob), "abc", false);
	be(blob + 56, 2);   /* END_NODE first */
	assert_int_equal(fdt_chosen_bootargs(blob, n, &off, &len), -1);
	/* A name offset past the strings: no property, no read outside. */
	n = make_dtb(blob, sizeof(blob), "abc", false);
	for (uint32_t at = 56; at + 12 <= n; at += 4)
		if (blob[at + 3] == 3 && blob[at] == 0 && blob[at + 8 + 3] == 6)
			be(blob + at + 8, 0x7fffffffu);
	assert_true(fdt_chosen_bootargs(blob, n, &off, &len) >= 0);
}

/* ---- the loader hands its images to verification ------------------- */
int run_verify_tests(unsigned *ncases);
int run_verify_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_verify_key_a_is_consistent),
		UNIT_TEST(test_manifest_good),
		UNIT_TEST(test_manifest_lengths),
		UNIT_TEST(test_manifest_header),
		UNIT_TEST(test_manifest_fields),
		UNIT_TEST(test_manifest_keys),
		UNIT_TEST(test_manifest_every_bit),
		UNIT_TEST(test_verify_boots_what_was_signed),
		UNIT_TEST(test_verify_changed_images),
		UNIT_TEST(test_verify_images_missing_or_extra),
		UNIT_TEST(test_verify_manifest_missing_or_bad),
		UNIT_TEST(test_verify_kind_and_address),
		UNIT_TEST(test_verify_command_line),
		UNIT_TEST(test_verify_rollback),
		UNIT_TEST(test_fdt_bootargs),
		UNIT_TEST(test_fdt_malformed),
	};
	int failed = UNIT_RUN_GROUP("verify", tests, ncases);

	free(ram);
	free(shm);
	ram = shm = NULL;
	guest_mem_init(0, 0, 0);
	storage_client_init(0, 0);
	return failed;
}
UNIT_GROUP(run_verify_tests);
UNIT_SLOW(run_verify_tests);   /* about 4 s */
