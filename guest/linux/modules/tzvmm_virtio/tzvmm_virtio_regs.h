/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tzvmm_virtio_regs.h — how tzvmm_virtio reaches a device's registers: one SMC
 * per register access, answered by tzvmm's secure world (the VMM's virtio
 * devices). The ids and arguments are those of include/tzvmm/virtio_smc.h in
 * the tzvmm tree, repeated here because the module is built outside it:
 *
 *   TZVMM_SMC_VIRTIO_READ  0x86000010  a1 = device, a2 = offset, a3 = width
 *                                      -> r0 = 0, r1 = value
 *   TZVMM_SMC_VIRTIO_WRITE 0x86000011  a1 = device, a2 = offset, a3 = value,
 *                                      a4 = width -> r0 = 0
 *
 * Fast SMC32 calls of the vendor-specific hypervisor service. r0 is an SMCCC
 * status: -1 (NOT_SUPPORTED) from a secure world that does not know the call,
 * -3 (INVALID_PARAMETER) for a bad device, offset, width or direction.
 *
 * Included once, by tzvmm_virtio.c, which uses only what is declared here:
 *   TZV_OF_COMPATIBLE       the device-tree compatible the driver binds
 *   TZV_REGS_NAME           how a register is reached, for messages
 *   struct tzv_regs         what an access needs, per device
 *   tzv_regs_init()         fills it in at probe (0, or a negative errno
 *                           after one dev_err line)
 *   tzv_regs_read/write()   one access: 0, or the call's non-zero SMCCC status
 * guest/linux/virtio-mmio-check.sh swaps this file for an MMIO version to run
 * the same driver against QEMU's own virtio-mmio devices.
 */
#ifndef TZVMM_VIRTIO_REGS_H
#define TZVMM_VIRTIO_REGS_H

#include <linux/arm-smccc.h>
#include <linux/of.h>
#include <linux/platform_device.h>

#define TZV_OF_COMPATIBLE "tzvmm,virtio-smc"
#define TZV_REGS_NAME "SMC"

#define TZVMM_SMC_VIRTIO_READ						\
	ARM_SMCCC_CALL_VAL(ARM_SMCCC_FAST_CALL, ARM_SMCCC_SMC_32,	\
			   ARM_SMCCC_OWNER_VENDOR_HYP, 0x10)	/* 0x86000010 */
#define TZVMM_SMC_VIRTIO_WRITE						\
	ARM_SMCCC_CALL_VAL(ARM_SMCCC_FAST_CALL, ARM_SMCCC_SMC_32,	\
			   ARM_SMCCC_OWNER_VENDOR_HYP, 0x11)	/* 0x86000011 */

struct tzv_regs {
	u32 index;	/* the DT node's tzvmm,device: a1 of every call */
};

static int tzv_regs_init(struct tzv_regs *r, struct platform_device *pdev)
{
	if (of_property_read_u32(pdev->dev.of_node, "tzvmm,device", &r->index)) {
		dev_err(&pdev->dev, "%pOF has no tzvmm,device property (u32)\n",
			pdev->dev.of_node);
		return -EINVAL;
	}
	/*
	 * The calls are SMCs to the secure world. Linux found SMCCC >= 1.1 with
	 * the SMC conduit through PSCI (method "smc"); under a hypervisor (HVC)
	 * or without SMCCC 1.1 there is no tzvmm to call.
	 */
	if (arm_smccc_1_1_get_conduit() != SMCCC_CONDUIT_SMC) {
		dev_err(&pdev->dev,
			"no SMCCC 1.1 SMC conduit (PSCI method is not smc): no tzvmm to call\n");
		return -ENODEV;
	}
	return 0;
}

static inline long tzv_regs_read(struct tzv_regs *r, u32 offset, u32 width, u32 *val)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_smc(TZVMM_SMC_VIRTIO_READ, r->index, offset, width, &res);
	*val = res.a1;
	return (long)res.a0;
}

static inline long tzv_regs_write(struct tzv_regs *r, u32 offset, u32 val, u32 width)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_smc(TZVMM_SMC_VIRTIO_WRITE, r->index, offset, val, width, &res);
	return (long)res.a0;
}

#endif
