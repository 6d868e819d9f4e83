/* CRC-32 (crc32.h), four bits at a time: a 16-entry table, no large
 * tables in the component's image. */
#include "crc32.h"

static const uint32_t nibble[16] = {
	0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu, 0x76dc4190u, 0x6b6b51f4u,
	0x4db26158u, 0x5005713cu, 0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu,
	0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu,
};

uint32_t crc32(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t c = 0xffffffffu;

	while (len--) {
		c ^= *p++;
		c = (c >> 4) ^ nibble[c & 0xfu];
		c = (c >> 4) ^ nibble[c & 0xfu];
	}
	return ~c;
}
