/*
 * The command line a device tree hands Linux: /chosen/bootargs
 * (Devicetree specification 5.4: the structure block's tokens, property
 * names in the strings block). Every offset is checked against the blob's
 * size before it is read, and the walk ends after at most one step per
 * 4 bytes of the structure block: a crafted blob can neither read outside
 * itself nor loop.
 */
#include <lib/bytes.h>
#include <lib/string.h>
#include "fdt_chosen.h"

#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP        4u
#define FDT_END        9u
#define HEADER_SIZE    40u

/* A NUL-terminated string at off, inside [0, end): its length, or -1. */
static int32_t string_at(const uint8_t *blob, uint32_t off, uint32_t end)
{
	for (uint32_t i = off; i < end; i++)
		if (blob[i] == 0)
			return (int32_t)(i - off);
	return -1;
}

int fdt_chosen_bootargs(const uint8_t *blob, uint32_t size, uint32_t *off, uint32_t *len)
{
	if (size < HEADER_SIZE)
		return -1;
	uint32_t total = be32(blob + 4), st = be32(blob + 8), str = be32(blob + 12);
	uint32_t st_size = be32(blob + 36), str_size = be32(blob + 32);

	if (total > size || st > total || st_size > total - st || (st | st_size) & 3u ||
	    str > total || str_size > total - str)
		return -1;

	uint32_t at = st, end = st + st_size, depth = 0;
	bool in_chosen = false;

	while (at + 4u <= end) {
		uint32_t token = be32(blob + at);

		at += 4u;
		if (token == FDT_BEGIN_NODE) {
			int32_t n = string_at(blob, at, end);

			if (n < 0)
				return -1;
			depth++;
			in_chosen = depth == 2 && n == 6 && memcmp(blob + at, "chosen", 6) == 0;
			at += ((uint32_t)n + 4u) & ~3u;
		} else if (token == FDT_END_NODE) {
			if (depth == 0)
				return -1;
			depth--;
			in_chosen = false;
		} else if (token == FDT_PROP) {
			if (end - at < 8u)
				return -1;
			uint32_t plen = be32(blob + at), name = be32(blob + at + 4u);

			at += 8u;
			if (plen > end - at)
				return -1;
			if (in_chosen && depth == 2) {
				uint32_t at_name = str + (name < str_size ? name : str_size);
				int32_t n = string_at(blob, at_name, str + str_size);

				if (n == 8 && memcmp(blob + str + name, "bootargs", 8) == 0) {
					/* Without its NUL, if it has one. */
					*off = at;
					*len = plen && blob[at + plen - 1u] == 0 ? plen - 1u : plen;
					return 0;
				}
			}
			at += (plen + 3u) & ~3u;
		} else if (token == FDT_END) {
			break;
		} else if (token != FDT_NOP) {
			return -1;
		}
	}
	*off = 0;
	*len = 0;
	return 1;
}
