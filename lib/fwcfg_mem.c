/*
 * fw_cfg from a blob in memory (lib/fwcfg.h, "the memory port"): for boards
 * whose boot loader can place files in memory but has no fw_cfg device.
 * The blob is as untrusted as a directory: its header and every table
 * entry are checked before the first read, so that no read leaves it.
 */
#include <lib/bytes.h>
#include <lib/fwcfg.h>
#include <lib/string.h>

#define HEADER 16u   /* magic, count, total */
#define ENTRY  12u   /* key, pad, offset, size */

const uint8_t *fwcfg_mem_item(const struct fwcfg_mem *m, uint16_t key, uint32_t *size)
{
	for (uint32_t i = 0; i < m->count; i++) {
		const uint8_t *e = m->base + HEADER + i * ENTRY;

		if ((uint16_t)(e[0] << 8 | e[1]) == key) {
			*size = be32(e + 8);
			return m->base + be32(e + 4);
		}
	}
	return NULL;
}

static void mem_select(void *ctx, uint16_t key)
{
	struct fwcfg_mem *m = ctx;

	m->item = fwcfg_mem_item(m, key, &m->item_size);
	m->pos = 0;
}

static void mem_read(void *ctx, void *dst, size_t len)
{
	struct fwcfg_mem *m = ctx;
	uint32_t left = m->item ? m->item_size - m->pos : 0;
	size_t n = len < left ? len : left;

	if (n)
		memcpy(dst, m->item + m->pos, n);
	memset((uint8_t *)dst + n, 0, len - n);   /* past the end: zeros, as fw_cfg */
	m->pos += (uint32_t)n;
}

bool fwcfg_mem_port(struct fwcfg_port *p, struct fwcfg_mem *m, const void *base,
		    uint32_t size)
{
	const uint8_t *b = base;
	uint32_t count, total;

	if (size < HEADER || memcmp(b, FWCFG_MEM_MAGIC, 8) != 0)
		return false;
	count = be32(b + 8);
	total = be32(b + 12);
	if (count > FWCFG_MEM_MAX_ITEMS || total > size || HEADER + count * ENTRY > total)
		return false;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *e = b + HEADER + i * ENTRY;
		uint32_t off = be32(e + 4), len = be32(e + 8);

		if (off < HEADER + count * ENTRY || off > total || len > total - off)
			return false;
	}
	*m = (struct fwcfg_mem){ .base = b, .count = count };
	*p = (struct fwcfg_port){ mem_select, mem_read, m };
	return true;
}
