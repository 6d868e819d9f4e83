/*
 * Verified boot (verify.h). Order: the manifest is read and its signature
 * checked (manifest.c) before any field of it is believed; then each
 * image's size and SHA-256 as it lies in normal RAM, where it will run
 * from (the normal world has not run yet: nothing can change it between
 * this check and its first instruction); then the version against the
 * rollback counter, which is raised to it before the boot goes on.
 */
#include <lib/sha256.h>
#include <lib/string.h>
#include <tzvmm/boot_record.h>
#include <tzvmm/storage.h>
#include <tzvmm/syscall.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include "fdt_chosen.h"
#include "loader.h"
#include "storage_client.h"
#include "verify.h"
#include "vmm.h"

#define FW_MANIFEST "opt/tzvmm/manifest"
/* make run VERIFY=off builds the image secure-noverify with this defined
 * (the Makefile's IMAGE_FLAGS_secure-noverify). */
#ifdef VMM_VERIFY_OFF
#define VERIFY_ENFORCED false
#else
#define VERIFY_ENFORCED true
#endif

static const char *const fw_names[2][MANIFEST_CMDLINE] = {
	[0] = { FW_KERNEL, FW_INITRD, FW_DTB },
	[1] = { FW_GUEST, "", "" },
};

static void read_manifest(const struct fwcfg_port *fw, struct manifest *m)
{
	struct fwcfg_file f;
	uint8_t buf[MANIFEST_SIZE];
	char why[96];

	if (!fwcfg_find(fw, FW_MANIFEST, &f))
		vmm_fail(1, "error: verify: no boot manifest (fw_cfg file %s): this secure image "
			 "boots only images signed for it (scripts/tzvmm-sign)", FW_MANIFEST);
	if (f.size != MANIFEST_SIZE)
		vmm_fail(1, "error: verify: %s: it is %u bytes, not %u", FW_MANIFEST,
			 (unsigned)f.size, MANIFEST_SIZE);
	fwcfg_read_file(fw, &f, buf, sizeof(buf));
	if (manifest_check(buf, sizeof(buf), boot_keys, boot_keys_count, m, why, sizeof(why)) != 0)
		vmm_fail(1, "error: verify: %s: %s", FW_MANIFEST, why);
}

static volatile struct boot_record *record;

void verify_record_at(volatile struct boot_record *r)
{
	record = r;
}

/* For the integrity monitor (boot_record.h): the magic last. */
static void publish(uint32_t state, const struct manifest *m)
{
	volatile struct boot_record *r = record;

	if (!r)
		return;
	r->magic = 0;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	r->state = state;
	if (m) {
		r->version = m->version;
		for (unsigned i = 0; i < sizeof(r->key_id); i++)
			r->key_id[i] = m->key_id[i];
		for (unsigned i = 0; i < sizeof(r->kernel_sha256); i++)
			r->kernel_sha256[i] = m->digest[MANIFEST_KERNEL][i];
	}
	__atomic_thread_fence(__ATOMIC_RELEASE);
	r->magic = BOOT_RECORD_MAGIC;
}

/* Image i's size and digest against the manifest's. */
static void check_image(const struct manifest *m, const struct verify_images *im, unsigned i,
			const char *name)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	char have[9], want[9];

	if (im->size[i] != m->size[i]) {
		if (m->size[i] == 0)
			vmm_fail(1, "error: verify: %s is given, but the manifest names no %s",
				 name, manifest_item_name(i));
		if (im->size[i] == 0)
			vmm_fail(1, "error: verify: the manifest names an %s of %u bytes, "
				 "but %s is not given", manifest_item_name(i),
				 (unsigned)m->size[i], name);
		vmm_fail(1, "error: verify: %s: %u bytes, but the manifest says %u", name,
			 (unsigned)im->size[i], (unsigned)m->size[i]);
	}
	if (im->size[i] == 0)
		return;
	const void *p = guest_mem_view(im->at[i], im->size[i]);

	if (!p)
		vmm_fail(1, "error: verify: %s: cannot read it in normal RAM", name);
	sha256(p, im->size[i], digest);
	if (memcmp(digest, m->digest[i], sizeof(digest)) != 0) {
		manifest_hex8(digest, have);
		manifest_hex8(m->digest[i], want);
		vmm_fail(1, "error: verify: %s: its SHA-256 (%s...) is not the manifest's (%s...): "
			 "the image is not the one signed", name, have, want);
	}
}

/* The command line, /chosen/bootargs of the (verified) device tree. */
static void check_cmdline(const struct manifest *m, const struct verify_images *im,
			  const char *dtb)
{
	const uint8_t *blob = guest_mem_view(im->at[MANIFEST_DTB], im->size[MANIFEST_DTB]);
	uint8_t digest[SHA256_DIGEST_SIZE];
	uint32_t off = 0, len = 0;

	if (!blob || fdt_chosen_bootargs(blob, im->size[MANIFEST_DTB], &off, &len) < 0)
		vmm_fail(1, "error: verify: %s: its structure is malformed (no command line found)",
			 dtb);
	sha256(blob + off, len, digest);
	if (len != m->size[MANIFEST_CMDLINE] ||
	    memcmp(digest, m->digest[MANIFEST_CMDLINE], sizeof(digest)) != 0)
		vmm_fail(1, "error: verify: %s: its command line (/chosen/bootargs, %u bytes) "
			 "is not the manifest's", dtb, (unsigned)len);
}

/* The manifest's version against the storage component's counter. */
static uint32_t check_version(const struct manifest *m)
{
	uint32_t counter = 0, status = storage_counter(0, STORAGE_OP_COUNTER_GET, 0, &counter);

	if (status != STORAGE_OK) {
		/* Version 0 asks for no rollback protection: it is the lowest
		 * there is, and what a counter that cannot be read allows. */
		if (m->version != 0)
			vmm_fail(1, "error: verify: version %u needs the rollback counter, "
				 "which the secure storage cannot give (status %u): no boot",
				 (unsigned)m->version, (unsigned)status);
		ulog("verify: warning: no rollback counter (storage status %u); version 0 needs "
		     "none", (unsigned)status);
		return 0;
	}
	if (m->version < counter)
		vmm_fail(1, "error: verify: version %u is below %u, the lowest the rollback "
			 "counter allows: an older image rolled back", (unsigned)m->version,
			 (unsigned)counter);
	if (m->version > counter) {
		status = storage_counter(0, STORAGE_OP_COUNTER_RAISE, m->version, &counter);
		if (status != STORAGE_OK || counter != m->version)
			vmm_fail(1, "error: verify: the rollback counter could not be raised to %u "
				 "(storage status %u): no boot", (unsigned)m->version,
				 (unsigned)status);
	}
	return counter;
}

void verify_boot(const struct fwcfg_port *fw, const struct verify_images *im)
{
	if (!VERIFY_ENFORCED) {
		ulog("WARNING: verified boot is OFF (secure image built with VERIFY=off): the "
		     "normal world's images boot unchecked; never ship this image");
		publish(BOOT_RECORD_UNVERIFIED, NULL);
		return;
	}

	const char *const *names = fw_names[im->kind == MANIFEST_RAW];
	uint32_t t0 = sys_kinfo(KINFO_TICKS_LO);
	struct manifest m;
	char id[9], k[9];

	read_manifest(fw, &m);
	if (m.kind != im->kind)
		vmm_fail(1, "error: verify: %s: it is for a %s boot, this one is a %s boot",
			 FW_MANIFEST, m.kind == MANIFEST_RAW ? "raw image" : "Linux",
			 im->kind == MANIFEST_RAW ? "raw image" : "Linux");
	if (m.kind == MANIFEST_RAW && m.load_addr != im->load_addr)
		vmm_fail(1, "error: verify: %s is loaded at 0x%08x, but the manifest says 0x%08x",
			 names[MANIFEST_KERNEL], (unsigned)im->load_addr, (unsigned)m.load_addr);
	for (unsigned i = 0; i < MANIFEST_CMDLINE; i++)
		check_image(&m, im, i, names[i]);
	if (m.kind == MANIFEST_LINUX)
		check_cmdline(&m, im, names[MANIFEST_DTB]);

	uint32_t counter = check_version(&m);
	uint32_t ms = (sys_kinfo(KINFO_TICKS_LO) - t0) / (vmm_config.timer_hz / 1000u);

	publish(BOOT_RECORD_VERIFIED, &m);
	manifest_hex8(m.key_id, id);
	manifest_hex8(m.digest[MANIFEST_KERNEL], k);
	ulog("verify: %s sha256 %s... and %u more image(s) as signed by key %s..., version %u "
	     "(rollback counter %u); checked in %u ms", manifest_item_name(MANIFEST_KERNEL), k,
	     (unsigned)((m.size[MANIFEST_INITRD] != 0) + (m.size[MANIFEST_DTB] != 0)), id,
	     (unsigned)m.version, (unsigned)counter, (unsigned)ms);
}
