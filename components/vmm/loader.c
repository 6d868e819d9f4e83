/*
 * The guest loader. The run supplies images through QEMU's fw_cfg
 * (scripts/tzvmm-run adds them). Either
 *  - opt/tzvmm/kernel (a Linux zImage), opt/tzvmm/dtb and optionally
 *    opt/tzvmm/initrd: Linux's boot protocol, images at fixed offsets in
 *    normal RAM (loader.h), entered with r0 = 0, r1 = ~0, r2 = DTB; or
 *  - opt/tzvmm/guest, a raw bare-metal image loaded at opt/tzvmm/guest-addr
 *    (default: the start of normal RAM) and entered there.
 * Every size and address is checked against its slot in normal RAM before
 * a byte is copied, and each image's format is checked after, on a copy of
 * its header; a missing or bad image ends the run with one line saying
 * what is wrong and where. Then verified boot checks them, where they lie,
 * against the signed boot manifest (verify.c) before anything runs.
 * Normal RAM is reached only through guest_mem.h.
 */
#include <lib/bytes.h>
#include <lib/string.h>
#include <tzvmm/cpu_state.h>
#include <ulib/ulog.h>
#include <ulib/guest_mem.h>
#include "loader.h"
#include "verify.h"

#define FW_GUEST_ADDR "opt/tzvmm/guest-addr"

#define ZIMAGE_MAGIC_OFFSET 0x24u
#define ZIMAGE_MAGIC        0x016f2818u
#define FDT_MAGIC           0xd00dfeedu
#define FDT_HEADER_SIZE     40u
#define COPY_CHUNK          512u   /* bounce buffer of the data-register path */

/* The checks read no further than the loader copies out of normal RAM. */
_Static_assert(ZIMAGE_MAGIC_OFFSET + 12 <= LOADER_HEADER_MAX, "zImage header");
_Static_assert(FDT_HEADER_SIZE <= LOADER_HEADER_MAX, "FDT header");

/* Linux/arch/arm/boot/compressed/head.S: magic at 0x24, then the image's
 * own start and end addresses. */
const char *loader_check_zimage(const uint8_t *img, uint32_t size)
{
	if (size < ZIMAGE_MAGIC_OFFSET + 12)
		return "too small to be a zImage";
	if (le32(img + ZIMAGE_MAGIC_OFFSET) != ZIMAGE_MAGIC)
		return "not a zImage (no magic 0x016f2818 at offset 0x24)";
	uint32_t start = le32(img + ZIMAGE_MAGIC_OFFSET + 4);
	uint32_t end = le32(img + ZIMAGE_MAGIC_OFFSET + 8);

	if (end <= start || end - start > size)
		return "zImage header gives a size larger than the file";
	return NULL;
}

/* Devicetree specification 5.2: big-endian header, version 17. */
const char *loader_check_fdt(const uint8_t *blob, uint32_t size)
{
	if (size < FDT_HEADER_SIZE)
		return "too small to be a device tree";
	if (be32(blob) != FDT_MAGIC)
		return "not a flattened device tree (no magic 0xd00dfeed)";
	uint32_t total = be32(blob + 4);

	if (total < FDT_HEADER_SIZE || total > size)
		return "device tree header gives a size larger than the file";
	if (be32(blob + 20) < 16 || be32(blob + 24) > 17)
		return "device tree version is not 16 or 17";
	return NULL;
}

void loader_set_entry(struct vcpu_state *s, uint32_t pc, uint32_t r0, uint32_t r1, uint32_t r2)
{
	memset(&s->regs, 0, sizeof(s->regs));
	s->regs.r[0] = r0;
	s->regs.r[1] = r1;
	s->regs.r[2] = r2;
	s->regs.pc = pc;
	/* NS SVC, IRQ and asynchronous aborts masked. FIQ stays unmasked: with
	 * SCR.FW = 0 the normal world could never unmask it again, and FIQs are
	 * the secure world's interrupts (the kernel enforces this too). */
	s->regs.cpsr = MODE_SVC | PSR_I | PSR_A;
	s->entry_flags = VCPU_ENTRY_SET_SCTLR;   /* SCTLR_NS_RESET, the monitor's own */
}

/* Copies a file into normal RAM at dst: by fw_cfg DMA, with its descriptor
 * in the last 16 bytes of normal RAM (nothing of the guest runs yet), or,
 * if DMA is absent or the image reaches there, through the data register
 * and a bounce buffer (the port reads on from where it stopped). */
static void copy_file(const struct fwcfg_port *fw, const struct fwcfg_file *f, gpa_t dst)
{
	gpa_t desc = gpa(vmm_config.ns_ram_base + vmm_config.ns_ram_size -
			 (uint32_t)sizeof(struct fwcfg_dma_desc));
	uint32_t buf[COPY_CHUNK / 4];   /* words: the port then reads 4 bytes at a time */

	if (vmm_config.boot_files) {
		/* A blob in memory: straight into normal RAM from where it lies. */
		uint32_t n = 0;
		const uint8_t *src = fwcfg_mem_item(vmm_config.boot_files, f->key, &n);

		if (!src || n != f->size || guest_mem_write(dst, src, n) != 0)
			vmm_fail(1, "error: cannot copy %s to normal RAM at 0x%08x", f->name,
				 (unsigned)gpa_raw(dst));
		return;
	}
	if (guest_mem_fwcfg_dma(vmm_config.fwcfg_base, f->key, dst, f->size, desc))
		return;
	fw->select(fw->ctx, f->key);
	for (uint32_t done = 0; done < f->size;) {
		uint32_t n = f->size - done < COPY_CHUNK ? f->size - done : COPY_CHUNK;

		fw->read(fw->ctx, buf, n);
		if (guest_mem_write(gpa_add(dst, done), buf, n) != 0)
			vmm_fail(1, "error: cannot write normal RAM at 0x%08x",
				 (unsigned)(gpa_raw(dst) + done));
		done += n;
	}
}

/* Checks an image in normal RAM on a copy of its header. */
static const char *check_image(const char *(*check)(const uint8_t *, uint32_t), gpa_t at,
			       uint32_t size)
{
	uint8_t hdr[LOADER_HEADER_MAX];

	if (guest_mem_read(hdr, at, size < sizeof(hdr) ? size : (uint32_t)sizeof(hdr)) != 0)
		return "cannot read it back from normal RAM";
	return check(hdr, size);
}

/* Copies fw_cfg file `name` into normal RAM at base + offset, inside a slot
 * of `slot` bytes. Returns its size, 0 if it is absent and optional. */
static uint32_t place(const struct fwcfg_port *fw, const char *name, bool required,
		      uint32_t offset, uint32_t slot)
{
	struct fwcfg_file f;
	uint32_t base = vmm_config.ns_ram_base + offset;

	if (!fwcfg_find(fw, name, &f)) {
		if (required)
			vmm_fail(1, "error: fw_cfg file %s is missing", name);
		return 0;
	}
	if (f.size == 0)
		vmm_fail(1, "error: %s is empty", name);
	if (f.size > slot || guest_mem_check(gpa(base), f.size) != 0)
		vmm_fail(1, "error: %s (%u bytes) does not fit at 0x%08x-0x%08x in normal RAM "
			 "0x%08x-0x%08x", name, (unsigned)f.size, (unsigned)base,
			 (unsigned)(base + slot - 1), (unsigned)vmm_config.ns_ram_base,
			 (unsigned)(vmm_config.ns_ram_base + vmm_config.ns_ram_size - 1));
	copy_file(fw, &f, gpa(base));
	return f.size;
}

/* The check after loading: verified boot (verify.c). The loader's host
 * tests, which are about placing images, put a recorder here; verify_boot
 * has tests of its own. */
void (*loader_verify)(const struct fwcfg_port *fw, const struct verify_images *im) = verify_boot;

static void load_linux(const struct fwcfg_port *fw, struct vcpu_state *boot)
{
	uint32_t ram = vmm_config.ns_ram_base;
	uint32_t zsize = place(fw, FW_KERNEL, true, LINUX_ZIMAGE_OFFSET,
			       LINUX_DTB_OFFSET - LINUX_ZIMAGE_OFFSET);
	uint32_t dsize = place(fw, FW_DTB, true, LINUX_DTB_OFFSET, LINUX_DTB_MAX);
	/* With RAM too small for the initrd slot, an initrd is refused
	 * (slot 0), not silently dropped. */
	uint32_t isize = place(fw, FW_INITRD, false, LINUX_INITRD_OFFSET,
			       vmm_config.ns_ram_size > LINUX_INITRD_OFFSET
				       ? vmm_config.ns_ram_size - LINUX_INITRD_OFFSET : 0);
	const char *why;

	if ((why = check_image(loader_check_zimage, gpa(ram + LINUX_ZIMAGE_OFFSET), zsize)))
		vmm_fail(1, "error: %s: %s", FW_KERNEL, why);
	if ((why = check_image(loader_check_fdt, gpa(ram + LINUX_DTB_OFFSET), dsize)))
		vmm_fail(1, "error: %s: %s", FW_DTB, why);
	loader_verify(fw, &(const struct verify_images){
		.kind = MANIFEST_LINUX,
		.at = { gpa(ram + LINUX_ZIMAGE_OFFSET), gpa(ram + LINUX_INITRD_OFFSET),
			gpa(ram + LINUX_DTB_OFFSET) },
		.size = { zsize, isize, dsize },
	});
	ulog("linux: zImage %u bytes at 0x%08x, dtb %u bytes at 0x%08x, initrd %u bytes at 0x%08x",
	     (unsigned)zsize, (unsigned)(ram + LINUX_ZIMAGE_OFFSET), (unsigned)dsize,
	     (unsigned)(ram + LINUX_DTB_OFFSET), (unsigned)isize,
	     (unsigned)(ram + LINUX_INITRD_OFFSET));
	loader_set_entry(boot, ram + LINUX_ZIMAGE_OFFSET, 0, 0xffffffffu, ram + LINUX_DTB_OFFSET);
}

void loader_load_guest(const struct fwcfg_port *fw, struct vcpu_state *boot)
{
	struct fwcfg_file k;

	if (fwcfg_find(fw, FW_KERNEL, &k)) {
		load_linux(fw, boot);
		return;
	}

	struct fwcfg_file f;
	uint32_t addr = vmm_config.ns_ram_base;   /* default: the start of normal RAM */

	if (!fwcfg_find(fw, FW_GUEST, &f))
		vmm_fail(1, "error: no guest image: fw_cfg file %s (or %s) is missing", FW_GUEST,
			 FW_KERNEL);
	if (fwcfg_read_u32(fw, FW_GUEST_ADDR, &addr) == -2)
		vmm_fail(1, "error: %s: not an address such as 0x40000000", FW_GUEST_ADDR);
	if (f.size == 0)
		vmm_fail(1, "error: guest image %s is empty", FW_GUEST);
	if (addr & 3u)
		vmm_fail(1, "error: guest address 0x%08x is not 4-byte aligned", (unsigned)addr);
	if (guest_mem_check(gpa(addr), f.size) != 0)
		vmm_fail(1, "error: guest image %s (%u bytes) at 0x%08x does not fit in "
			 "normal RAM 0x%08x-0x%08x", FW_GUEST, (unsigned)f.size, (unsigned)addr,
			 (unsigned)vmm_config.ns_ram_base,
			 (unsigned)(vmm_config.ns_ram_base + vmm_config.ns_ram_size - 1));
	copy_file(fw, &f, gpa(addr));
	loader_verify(fw, &(const struct verify_images){
		.kind = MANIFEST_RAW, .load_addr = addr, .at = { gpa(addr) }, .size = { f.size },
	});
	loader_set_entry(boot, addr, 0, 0xffffffffu, 0);
}
