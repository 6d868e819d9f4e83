/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TEST BUILD ONLY — guest/linux/virtio-mmio-check/check.py puts this file in
 * place of modules/tzvmm_virtio/tzvmm_virtio_regs.h: the same driver, its
 * register accesses made as loads and stores in QEMU's own virtio-mmio windows
 * (DT compatible "virtio,mmio", the "reg" window) instead of SMCs. QEMU's
 * devices are then the reference the transport is checked against, before and
 * independently of the VMM's. Same interface as the SMC version; an access
 * outside the window fails as the VMM's does (-3, INVALID_PARAMETER).
 */
#ifndef TZVMM_VIRTIO_REGS_H
#define TZVMM_VIRTIO_REGS_H

#include <linux/arm-smccc.h>
#include <linux/io.h>
#include <linux/platform_device.h>

#define TZV_OF_COMPATIBLE "virtio,mmio"
#define TZV_REGS_NAME "MMIO"
#define TZVMM_SMC_VIRTIO_READ 0x86000010	/* named in a message only */

struct tzv_regs {
	void __iomem *base;
	resource_size_t size;
};

static int tzv_regs_init(struct tzv_regs *r, struct platform_device *pdev)
{
	struct resource *res;

	r->base = devm_platform_get_and_ioremap_resource(pdev, 0, &res);
	if (IS_ERR(r->base))
		return PTR_ERR(r->base);
	r->size = resource_size(res);
	return 0;
}

static inline bool tzv_regs_ok(struct tzv_regs *r, u32 offset, u32 width)
{
	return (width == 1 || width == 2 || width == 4) && !(offset & (width - 1)) &&
	       offset + width <= r->size;
}

static inline long tzv_regs_read(struct tzv_regs *r, u32 offset, u32 width, u32 *val)
{
	*val = 0;
	if (!tzv_regs_ok(r, offset, width))
		return SMCCC_RET_INVALID_PARAMETER;
	if (width == 4)
		*val = readl(r->base + offset);
	else if (width == 2)
		*val = readw(r->base + offset);
	else
		*val = readb(r->base + offset);
	return 0;
}

static inline long tzv_regs_write(struct tzv_regs *r, u32 offset, u32 val, u32 width)
{
	if (!tzv_regs_ok(r, offset, width))
		return SMCCC_RET_INVALID_PARAMETER;
	if (width == 4)
		writel(val, r->base + offset);
	else if (width == 2)
		writew(val, r->base + offset);
	else
		writeb(val, r->base + offset);
	return 0;
}

#endif
