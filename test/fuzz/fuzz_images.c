/*
 * The image checks and the number parser on arbitrary bytes: they read
 * only inside the buffer (ASan) and accept a zImage only if its magic and
 * size fields really say so.
 */
#include <stdint.h>
#include <stdlib.h>
#include <lib/fwcfg.h>
#include "../../components/vmm/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	return 0;
}
