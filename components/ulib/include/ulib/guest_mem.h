/*
 * Guest (normal-world) memory, the only way a secure component granted
 * `memory ns-ram` touches it (components/ulib/guest_mem.c).
 *
 * A normal-world physical address is a gpa_t, never a pointer: it cannot
 * be dereferenced or mixed up with a secure address by accident. Every
 * access names a range [pa, pa + len), is refused as a whole unless the
 * range is non-empty and inside normal RAM (no part of it below, above, or
 * wrapping past 4 GiB), and copies: the component works on its own copy of what
 * it read, so a value the normal world changes from another CPU is read
 * once. A refused access returns -1 and touches nothing.
 */
#ifndef ULIB_GUEST_MEM_H
#define ULIB_GUEST_MEM_H

#include <stdbool.h>
#include <stdint.h>

/* A normal-world physical address; `invalid` marks the result of an
 * offset that passed 4 GiB (gpa_add), which no access accepts. */
typedef struct {
	uint32_t pa;
	bool invalid;
} gpa_t;

static inline gpa_t gpa(uint32_t pa)
{
	return (gpa_t){ pa, false };
}

/* a + off, computed so that it cannot wrap: past 4 GiB it is an invalid
 * address, refused by every guest_mem_* access (a range, a buffer and an
 * offset into it from the normal world cannot reach low memory). */
static inline gpa_t gpa_add(gpa_t a, uint32_t off)
{
	uint32_t s = a.pa + off;

	return (gpa_t){ s, a.invalid || s < a.pa };
}

/* The number itself: for logs, registers and devices, never for a pointer. */
static inline uint32_t gpa_raw(gpa_t a)
{
	return a.pa;
}

/* Normal RAM is [ram_base, ram_base + ram_size) and appears in the component's
 * address space at `window` (the virtual address of ram_base). On the
 * target that is ram_base itself (COMP_NS_RAM maps normal RAM at its
 * physical address); host tests pass a buffer of ram_size bytes. The
 * window must be 4-byte aligned when ram_base is. Until this is called
 * there is no normal RAM and every access is refused. */
void guest_mem_init(uintptr_t window, uint32_t ram_base, uint32_t ram_size);

/* 0 if [pa, pa + len) is non-empty and inside normal RAM, else -1. */
int guest_mem_check(gpa_t pa, uint32_t len);

/* Copies len bytes of normal RAM at src into the component's buffer dst. */
int guest_mem_read(void *dst, gpa_t src, uint32_t len);
/* Copies len bytes of the component's buffer src into normal RAM at dst. */
int guest_mem_write(gpa_t dst, const void *src, uint32_t len);
/* Reads the 4-byte-aligned word at src with one single-copy-atomic load. */
int guest_mem_read32(gpa_t src, uint32_t *out);
/* The range [pa, pa + len) in place, read-only, NULL if refused: for code
 * that reads each byte once and whose result does not depend on the bytes
 * staying the same meanwhile (hashing). Whatever decides on guest data
 * copies it with guest_mem_read instead. */
const void *guest_mem_view(gpa_t pa, uint32_t len);

/* Has fw_cfg (registers at fwcfg_base) copy `len` bytes of file `key` to
 * normal RAM at dst by DMA, with the 16-byte descriptor at desc (4-byte
 * aligned, in normal RAM, outside the destination). False if a range is
 * refused or the DMA interface is absent or fails; dst may then be
 * partly written. */
bool guest_mem_fwcfg_dma(uintptr_t fwcfg_base, uint16_t key, gpa_t dst, uint32_t len,
			 gpa_t desc);

#endif
