/*
 * fw_cfg through QEMU's MMIO registers (Arm virt). The data register keeps
 * byte order for wide reads, so 32-bit reads fill memory in file order.
 */
#include <lib/fwcfg.h>

#define FWCFG_DATA 0x0u
#define FWCFG_SEL  0x8u

static void mmio_select(void *ctx, uint16_t key)
{
	volatile uint16_t *sel = (volatile uint16_t *)((uintptr_t)ctx + FWCFG_SEL);

	*sel = (uint16_t)(key >> 8 | key << 8);   /* the selector is big-endian */
}

static void mmio_read(void *ctx, void *dst, size_t len)
{
	volatile uint32_t *data32 = (volatile uint32_t *)((uintptr_t)ctx + FWCFG_DATA);
	volatile uint8_t *data8 = (volatile uint8_t *)((uintptr_t)ctx + FWCFG_DATA);
	uint8_t *d = dst;

	if (((uintptr_t)d & 3u) == 0) {
		uint32_t *dw = (uint32_t *)d;

		for (; len >= 4; len -= 4)
			*dw++ = *data32;
		d = (uint8_t *)dw;
	}
	while (len--)
		*d++ = *data8;
}

void fwcfg_mmio_port(struct fwcfg_port *p, uintptr_t base)
{
	p->select = mmio_select;
	p->read = mmio_read;
	p->ctx = (void *)base;
}
