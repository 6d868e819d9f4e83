/*
 * Guest memory (guest_mem.h): the one place where a normal-world physical
 * address becomes a pointer. Each access first checks its whole range
 * against normal RAM with arithmetic that cannot wrap, then computes the
 * pointer from the window and copies once; nothing is dereferenced on a
 * refused range, so a bad guest address is an error code, never a fault.
 */
#include <lib/fwcfg.h>
#include <lib/string.h>
#include <ulib/guest_mem.h>

/* Where normal RAM is and where the component sees it; size 0 = none yet. */
static struct {
	uintptr_t window;
	uint32_t base, size;
} ram;

void guest_mem_init(uintptr_t window, uint32_t ram_base, uint32_t ram_size)
{
	ram.window = window;
	ram.base = ram_base;
	ram.size = ram_size;
}

/* Offsets from the start of RAM only: pa - base after pa >= base cannot
 * wrap, and len is compared with the room left instead of adding it. */
int guest_mem_check(gpa_t pa, uint32_t len)
{
	uint32_t a = gpa_raw(pa);

	if (pa.invalid || len == 0 || a < ram.base)
		return -1;
	uint32_t off = a - ram.base;

	if (off >= ram.size || len > ram.size - off)
		return -1;
	return 0;
}

/* Only for a range guest_mem_check accepted. */
static uintptr_t host_addr(gpa_t pa)
{
	return ram.window + (gpa_raw(pa) - ram.base);
}

int guest_mem_read(void *dst, gpa_t src, uint32_t len)
{
	if (guest_mem_check(src, len) != 0)
		return -1;
	memcpy(dst, (const void *)host_addr(src), len);
	return 0;
}

int guest_mem_write(gpa_t dst, const void *src, uint32_t len)
{
	if (guest_mem_check(dst, len) != 0)
		return -1;
	memcpy((void *)host_addr(dst), src, len);
	return 0;
}

/* An aligned word is read with one LDR, which ARMv7 makes single-copy
 * atomic: the component sees either the old or the new value of a word the
 * normal world writes meanwhile, never a mix. */
int guest_mem_read32(gpa_t src, uint32_t *out)
{
	if ((gpa_raw(src) & 3u) != 0 || guest_mem_check(src, 4) != 0)
		return -1;
	*out = *(const volatile uint32_t *)host_addr(src);
	return 0;
}

const void *guest_mem_view(gpa_t pa, uint32_t len)
{
	return guest_mem_check(pa, len) == 0 ? (const void *)host_addr(pa) : NULL;
}

/* fw_cfg's DMA engine reads the descriptor at its physical address, which
 * fwcfg_mmio_dma_read takes from the descriptor's pointer: right on the
 * target, where the window is the identity (host fakes ignore it). */
bool guest_mem_fwcfg_dma(uintptr_t fwcfg_base, uint16_t key, gpa_t dst, uint32_t len,
			 gpa_t desc)
{
	const uint32_t dlen = (uint32_t)sizeof(struct fwcfg_dma_desc);

	if ((gpa_raw(desc) & 3u) != 0 || guest_mem_check(desc, dlen) != 0 ||
	    guest_mem_check(dst, len) != 0)
		return false;
	/* Overlap, compared as offsets into RAM: an accepted range ends at
	 * most at ram.size, so no sum wraps even when RAM ends at 4 GiB. */
	uint32_t od = gpa_raw(desc) - ram.base, oa = gpa_raw(dst) - ram.base;

	if (oa < od + dlen && od < oa + len)
		return false;
	return fwcfg_mmio_dma_read(fwcfg_base, key, gpa_raw(dst), len,
				   (volatile struct fwcfg_dma_desc *)host_addr(desc));
}
