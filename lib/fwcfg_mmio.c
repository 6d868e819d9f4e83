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

#define FWCFG_DMA          0x10u
#define FWCFG_KEY_ID       0x0001u
#define FWCFG_ID_DMA       0x2u
#define FWCFG_DMA_ERROR    0x1u
#define FWCFG_DMA_READ     0x2u
#define FWCFG_DMA_SELECT   0x8u

static uint32_t bswap32(uint32_t v)
{
	return v >> 24 | (v >> 8 & 0xff00u) | (v << 8 & 0xff0000u) | v << 24;
}

bool fwcfg_mmio_dma_read(uintptr_t base, uint16_t key, uint32_t dst, uint32_t len,
			 volatile struct fwcfg_dma_desc *desc)
{
	volatile uint32_t *dma = (volatile uint32_t *)(base + FWCFG_DMA);
	uint32_t id = 0;

	mmio_select((void *)base, FWCFG_KEY_ID);
	mmio_read((void *)base, &id, sizeof(id));   /* little-endian feature bits */
	if (!(id & FWCFG_ID_DMA))
		return false;
	desc->control = bswap32((uint32_t)key << 16 | FWCFG_DMA_SELECT | FWCFG_DMA_READ);
	desc->length = bswap32(len);
	desc->address_hi = 0;
	desc->address_lo = bswap32(dst);
	__asm__ volatile("dsb" ::: "memory");
	/* The 64-bit big-endian register: high word first; writing the low
	 * word starts the transfer, which QEMU completes before returning. */
	dma[0] = 0;
	dma[1] = bswap32((uint32_t)(uintptr_t)desc);
	__asm__ volatile("dsb" ::: "memory");
	return bswap32(desc->control) == 0;
}

void fwcfg_mmio_port(struct fwcfg_port *p, uintptr_t base)
{
	p->select = mmio_select;
	p->read = mmio_read;
	p->ctx = (void *)base;
}
