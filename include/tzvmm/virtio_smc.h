/*
 * virtio over SMC: the transport between the normal world's tzvmm_virtio
 * driver (guest/linux/modules/tzvmm_virtio) and the VMM's devices
 * (components/vmm/virtio/). docs/bindings/tzvmm-virtio.md is the
 * description for driver writers; the Linux module mirrors these numbers.
 *
 * Each device has the register layout and semantics of virtio-mmio version 2
 * (virtio 1.x, section 4.2.2); instead of a load or store at an MMIO
 * address, the driver makes one SMC per register access. A write of
 * QueueNotify is the kick; the device's interrupt is an SPI the VMM raises
 * for the normal world, after which the driver reads InterruptStatus and
 * writes InterruptACK as on virtio-mmio. Virtqueues are split rings in
 * normal RAM, at the physical addresses the driver wrote.
 */
#ifndef TZVMM_VIRTIO_SMC_H
#define TZVMM_VIRTIO_SMC_H

#include <tzvmm/smccc.h>

/* (a1 = device, a2 = register offset, a3 = width 1/2/4) -> r0 = 0, r1 = value */
#define TZVMM_SMC_VIRTIO_READ  SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x0010u)
/* (a1 = device, a2 = register offset, a3 = value, a4 = width 1/2/4) -> r0 = 0 */
#define TZVMM_SMC_VIRTIO_WRITE SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x0011u)
/* Errors: r0 = SMCCC_INVALID_PARAMETER (-3) for a device that does not
 * exist, an offset that is not a register, a width the register does not
 * take (registers below 0x100 are 32-bit; the configuration space from
 * 0x100 takes 1, 2 or 4 bytes, naturally aligned), or a read-only or
 * write-only register accessed the other way. */

/* The VMM's devices, one line each: X(NAME, class). Device i (the i-th
 * line) is the DT node's tzvmm,device i, which guest/linux/mkdtb.sh makes
 * from this list, and raises the board's i-th reserved SPI; its class is
 * the struct virtio_ops virtio_<class>_ops of components/vmm/virtio/. A new
 * device is a line here and its class's file there (docs/extending.md). */
#define TZVMM_VIRTIO_DEVICES(X)                                               \
	X(BLK, blk)            /* virtio-blk on the secure flash */            \
	X(CONSOLE, console)    /* virtio-console on the secure UART */         \
	/* (a new device: its line above this one) */

/* TZVMM_VIRTIO_DEV_<NAME>: the index of each; TZVMM_VIRTIO_NDEVS of them. */
enum tzvmm_virtio_device {
#define TZVMM_VIRTIO_INDEX(NAME, class) TZVMM_VIRTIO_DEV_##NAME,
	TZVMM_VIRTIO_DEVICES(TZVMM_VIRTIO_INDEX)
#undef TZVMM_VIRTIO_INDEX
	TZVMM_VIRTIO_NDEVS
};

/* virtio-mmio register offsets (virtio 1.x, 4.2.2). */
#define VIRTIO_MMIO_MAGIC_VALUE        0x000u   /* "virt" */
#define VIRTIO_MMIO_VERSION            0x004u   /* 2 */
#define VIRTIO_MMIO_DEVICE_ID          0x008u
#define VIRTIO_MMIO_VENDOR_ID          0x00cu
#define VIRTIO_MMIO_DEVICE_FEATURES    0x010u
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014u
#define VIRTIO_MMIO_DRIVER_FEATURES    0x020u
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024u
#define VIRTIO_MMIO_QUEUE_SEL          0x030u
#define VIRTIO_MMIO_QUEUE_NUM_MAX      0x034u
#define VIRTIO_MMIO_QUEUE_NUM          0x038u
#define VIRTIO_MMIO_QUEUE_READY        0x044u
#define VIRTIO_MMIO_QUEUE_NOTIFY       0x050u
#define VIRTIO_MMIO_INTERRUPT_STATUS   0x060u
#define VIRTIO_MMIO_INTERRUPT_ACK      0x064u
#define VIRTIO_MMIO_STATUS             0x070u
#define VIRTIO_MMIO_QUEUE_DESC_LOW     0x080u
#define VIRTIO_MMIO_QUEUE_DESC_HIGH    0x084u
#define VIRTIO_MMIO_QUEUE_AVAIL_LOW    0x090u
#define VIRTIO_MMIO_QUEUE_AVAIL_HIGH   0x094u
#define VIRTIO_MMIO_QUEUE_USED_LOW     0x0a0u
#define VIRTIO_MMIO_QUEUE_USED_HIGH    0x0a4u
#define VIRTIO_MMIO_CONFIG_GENERATION  0x0fcu
#define VIRTIO_MMIO_CONFIG             0x100u

#define VIRTIO_MMIO_MAGIC              0x74726976u   /* "virt", little-endian */
#define TZVMM_VIRTIO_VENDOR            0x4d565a54u   /* "TZVM" */

#define VIRTIO_MMIO_INT_VRING          (1u << 0)
#define VIRTIO_MMIO_INT_CONFIG         (1u << 1)

#endif
