/*
 * The image checks, the number parser and guest memory on arbitrary bytes:
 * the checks read only inside the buffer (ASan) and only its first
 * LOADER_HEADER_MAX bytes, which is all the loader copies out of normal
 * RAM, and accept a zImage only if its magic and size fields really say
 * so; guest_mem accepts exactly the ranges inside its normal RAM and
 * touches no byte outside the window (a heap buffer of exactly RAM's size).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <lib/fwcfg.h>
#include <ulib/guest_mem.h>
#include "../../components/vmm/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The checks see the same verdict from a copy of just the header. */
static void check_headers(const uint8_t *data, size_t size)
{
	size_t n = size < LOADER_HEADER_MAX ? size : LOADER_HEADER_MAX;
	uint8_t *hdr = malloc(n ? n : 1);

	if (!hdr)
		abort();
	memcpy(hdr, data, n);
	if ((loader_check_zimage(data, (uint32_t)size) == NULL) !=
	    (loader_check_zimage(hdr, (uint32_t)size) == NULL))
		abort();
	if ((loader_check_fdt(data, (uint32_t)size) == NULL) !=
	    (loader_check_fdt(hdr, (uint32_t)size) == NULL))
		abort();
	free(hdr);
}

/* 17 bytes: RAM base, RAM size (up to 64 KiB), an access's address and
 * length, and a mode: bit 0 puts the access near RAM (address = base
 * - 32 KiB .. base + 96 KiB, length below 128 KiB) so that both verdicts
 * come up often. guest_mem must agree with 64-bit arithmetic. */
static void check_guest_mem(const uint8_t *data, size_t size)
{
	if (size < 17)
		return;
	uint32_t base = le32(data), ram_size = le32(data + 4) & 0xffffu;
	uint32_t pa = le32(data + 8), len = le32(data + 12);

	if (data[16] & 1u) {
		pa = base + (pa & 0x1ffffu) - 0x8000u;
		len &= 0x1ffffu;
	}
	uint64_t ram_end = (uint64_t)base + ram_size;
	int inside = len != 0 && pa >= base && (uint64_t)pa + len <= ram_end;
	uint8_t *ram = malloc(ram_size ? ram_size : 1);
	uint8_t *buf = malloc(ram_size ? ram_size : 1);
	uint32_t w;

	if (!ram || !buf)
		abort();
	memset(ram, 0xa5, ram_size);
	guest_mem_init((uintptr_t)ram, base, ram_size);
	if ((guest_mem_check(gpa(pa), len) == 0) != inside)
		abort();
	/* Copies of an accepted length fit buf (at most ram_size bytes). */
	if (guest_mem_read(buf, gpa(pa), len) != (inside ? 0 : -1) ||
	    guest_mem_write(gpa(pa), buf, len) != (inside ? 0 : -1))
		abort();
	inside = (pa & 3u) == 0 && pa >= base && (uint64_t)pa + 4 <= ram_end;
	if (guest_mem_read32(gpa(pa), &w) != (inside ? 0 : -1))
		abort();
	guest_mem_init(0, 0, 0);
	free(buf);
	free(ram);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t v;

	if (!loader_check_zimage(data, (uint32_t)size)) {
		/* Accepted: the magic is there and end - start fits the file. */
		if (size < 0x30 || data[0x24] != 0x18 || data[0x25] != 0x28 ||
		    data[0x26] != 0x6f || data[0x27] != 0x01)
			abort();
	}
	(void)loader_check_fdt(data, (uint32_t)size);
	(void)fwcfg_parse_u32((const char *)data, size, &v);
	check_headers(data, size);
	check_guest_mem(data, size);
	return 0;
}
