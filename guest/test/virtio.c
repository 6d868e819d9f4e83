/*
 * The normal world as a hostile virtio driver (docs/bindings/tzvmm-virtio.md):
 * register accesses the transport refuses, queues laid out over secure RAM
 * and device space, descriptors that point there, wrap, loop or jump, and
 * block requests beyond the disk. Each gets its error, the VMM keeps
 * answering, and the secure world's canary word is unchanged. Ends with a
 * well-formed read of sector 0, served by the storage component.
 */
#include <tzvmm/syscall.h>
#include <tzvmm/virtio_smc.h>
#include "../common/guest.h"

#define BLK       TZVMM_VIRTIO_DEV_BLK
#define QNUM      8u
#define S_NEEDS_RESET 64u
#define INVALID   ((uint32_t)SMCCC_INVALID_PARAMETER)

struct vdesc {
	uint32_t addr_lo, addr_hi, len;
	uint16_t flags, next;
};

/* The test queue's rings and buffers (the guest runs with the MMU off:
 * these addresses are physical). */
static struct vdesc desc[QNUM] __attribute__((aligned(16)));
static volatile uint16_t avail[2 + QNUM] __attribute__((aligned(4)));
static volatile uint32_t used[1 + 2 * QNUM] __attribute__((aligned(4)));
static uint8_t hdr[16] __attribute__((aligned(8)));
static uint8_t data[1024] __attribute__((aligned(512)));
static volatile uint8_t status;

static struct smc_ret vread(uint32_t dev, uint32_t off, uint32_t width)
{
	return guest_smc(TZVMM_SMC_VIRTIO_READ, dev, off, width);
}

static uint32_t vwrite(uint32_t dev, uint32_t off, uint32_t val, uint32_t width)
{
	const uint32_t a[7] = { dev, off, val, width };

	return guest_smc7(TZVMM_SMC_VIRTIO_WRITE, a).r0;
}

static uint32_t reg(uint32_t off)
{
	return vread(BLK, off, 4).r1;
}

static uint32_t canary(void)
{
	return guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_CANARY_VALUE, 0, 0).r1;
}

static void driver_reset(void)
{
	EXPECT_EQ(vwrite(BLK, VIRTIO_MMIO_STATUS, 0, 4), 0);
	for (unsigned i = 0; i < 2 + QNUM; i++)
		avail[i] = 0;
	for (unsigned i = 0; i < 1 + 2 * QNUM; i++)
		used[i] = 0;
}

/* Status up to FEATURES_OK, queue 0 at (d, a, u); returns QueueReady. */
static uint32_t driver_setup(uint32_t d, uint32_t a, uint32_t u)
{
	driver_reset();
	vwrite(BLK, VIRTIO_MMIO_STATUS, 3, 4);
	vwrite(BLK, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1, 4);
	vwrite(BLK, VIRTIO_MMIO_DRIVER_FEATURES, 1, 4);   /* VIRTIO_F_VERSION_1 */
	vwrite(BLK, VIRTIO_MMIO_STATUS, 11, 4);
	vwrite(BLK, VIRTIO_MMIO_QUEUE_SEL, 0, 4);
	vwrite(BLK, VIRTIO_MMIO_QUEUE_NUM, QNUM, 4);
	vwrite(BLK, VIRTIO_MMIO_QUEUE_DESC_LOW, d, 4);
	vwrite(BLK, VIRTIO_MMIO_QUEUE_AVAIL_LOW, a, 4);
	vwrite(BLK, VIRTIO_MMIO_QUEUE_USED_LOW, u, 4);
	vwrite(BLK, VIRTIO_MMIO_QUEUE_READY, 1, 4);
	vwrite(BLK, VIRTIO_MMIO_STATUS, 15, 4);   /* DRIVER_OK */
	return reg(VIRTIO_MMIO_QUEUE_READY);
}

static uint32_t pa(const volatile void *p)
{
	return (uint32_t)(uintptr_t)p;
}

/* A read of `len` bytes at sector into data, with chain head 0. */
static void chain(uint64_t sector, uint32_t data_pa, uint32_t len)
{
	uint32_t h[4] = { 0 /* IN */, 0, (uint32_t)sector, (uint32_t)(sector >> 32) };

	for (unsigned i = 0; i < 16; i++)
		hdr[i] = (uint8_t)(h[i / 4] >> (8 * (i % 4)));
	desc[0] = (struct vdesc){ pa(hdr), 0, 16, 1, 1 };
	desc[1] = (struct vdesc){ data_pa, 0, len, 3, 2 };
	desc[2] = (struct vdesc){ pa(&status), 0, 1, 2, 0 };
	status = 0xee;
}

static void kick(uint16_t head)
{
	avail[2 + avail[1] % QNUM] = head;
	__asm__ volatile("dsb" ::: "memory");
	avail[1] = (uint16_t)(avail[1] + 1u);
	EXPECT_EQ(vwrite(BLK, VIRTIO_MMIO_QUEUE_NOTIFY, 0, 4), 0);
}

TEST(virtio_transport_refuses_bad_accesses)
{
	EXPECT_EQ(reg(VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
	EXPECT_EQ(reg(VIRTIO_MMIO_VERSION), 2);
	EXPECT_EQ(reg(VIRTIO_MMIO_DEVICE_ID), 2);
	EXPECT_EQ(vread(TZVMM_VIRTIO_DEV_CONSOLE, VIRTIO_MMIO_DEVICE_ID, 4).r1, 3);
	EXPECT_EQ(vread(TZVMM_VIRTIO_NDEVS, 0, 4).r0, INVALID);
	EXPECT_EQ(vread(0xffffffffu, 0, 4).r0, INVALID);
	EXPECT_EQ(vread(BLK, 0x0ac, 4).r0, INVALID);
	EXPECT_EQ(vread(BLK, VIRTIO_MMIO_QUEUE_NOTIFY, 4).r0, INVALID);
	EXPECT_EQ(vread(BLK, 2, 4).r0, INVALID);
	EXPECT_EQ(vread(BLK, 0, 8).r0, INVALID);
	EXPECT_EQ(vread(BLK, 0xfffffffcu, 4).r0, INVALID);
	EXPECT_EQ(vwrite(BLK, VIRTIO_MMIO_MAGIC_VALUE, 0, 4), INVALID);
	EXPECT_EQ(vwrite(BLK, VIRTIO_MMIO_CONFIG, 0, 4), INVALID);
	EXPECT_EQ(vwrite(BLK, VIRTIO_MMIO_STATUS, 0, 2), INVALID);
	EXPECT_EQ(vwrite(TZVMM_VIRTIO_NDEVS, VIRTIO_MMIO_STATUS, 0, 4), INVALID);
	EXPECT_EQ(reg(VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
}

/* Rings over secure RAM, the secure flash, device space, or running past
 * normal RAM's end: the queue never becomes ready. */
TEST(virtio_queue_in_secure_memory_is_refused)
{
	static const uint32_t bad[] = { 0x0e000000u, 0x0e100000u, 0x00000000u, 0x08000000u,
					0x09040000u, 0xfffffff0u };
	uint32_t before = canary();

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(driver_setup(bad[i], pa(avail), pa(used)), 0);
		EXPECT_TRUE(reg(VIRTIO_MMIO_STATUS) & S_NEEDS_RESET);
		EXPECT_EQ(driver_setup(pa(desc), bad[i], pa(used)), 0);
		EXPECT_EQ(driver_setup(pa(desc), pa(avail), bad[i]), 0);
	}
	EXPECT_EQ(canary(), before);
	driver_reset();
}

/* A well-formed queue with hostile descriptors: each breaks the queue
 * (NEEDS_RESET), nothing is used, the secure canary is unchanged. */
TEST(virtio_hostile_descriptors_break_only_the_queue)
{
	uint32_t before = canary();

	for (unsigned c = 0; c < 6; c++) {
		EXPECT_EQ(driver_setup(pa(desc), pa(avail), pa(used)), 1);
		chain(0, pa(data), 512);
		switch (c) {
		case 0: desc[1].addr_lo = 0x0e000000u; break;        /* secure RAM */
		case 1: desc[1].addr_lo = 0x09000000u; break;        /* device space */
		case 2: desc[1].len = 0xfffff000u; break;            /* wraps */
		case 3: desc[2].flags = 3; desc[2].next = 1; break;  /* a loop */
		case 4: desc[1].next = 200; break;                   /* next out of range */
		default: desc[1].flags |= 4; break;                  /* indirect */
		}
		kick(0);
		EXPECT_TRUE(reg(VIRTIO_MMIO_STATUS) & S_NEEDS_RESET);
		EXPECT_EQ(used[0] >> 16, 0);   /* the used index */
		EXPECT_EQ(status, 0xee);
	}
	/* The available index jumping past the queue. */
	EXPECT_EQ(driver_setup(pa(desc), pa(avail), pa(used)), 1);
	avail[1] = QNUM + 5;
	EXPECT_EQ(vwrite(BLK, VIRTIO_MMIO_QUEUE_NOTIFY, 0, 4), 0);
	EXPECT_TRUE(reg(VIRTIO_MMIO_STATUS) & S_NEEDS_RESET);
	EXPECT_EQ(canary(), before);
	driver_reset();
}

/* Requests past the disk's end fail with IOERR; the queue lives on and a
 * good request after them reads sector 0. */
TEST(virtio_blk_out_of_range_sectors_fail_the_request)
{
	uint64_t capacity = reg(VIRTIO_MMIO_CONFIG) | (uint64_t)reg(VIRTIO_MMIO_CONFIG + 4) << 32;
	const uint64_t sectors[] = { capacity, capacity - 1, ~0ull, 1ull << 32 };

	EXPECT_TRUE(capacity >= 2048);   /* the storage component answered */
	EXPECT_EQ(driver_setup(pa(desc), pa(avail), pa(used)), 1);
	for (unsigned i = 0; i < 4; i++) {
		chain(sectors[i], pa(data), 1024);
		kick(0);
		EXPECT_EQ(status, 1);   /* VIRTIO_BLK_S_IOERR */
	}
	chain(0, pa(data), 1024);
	kick(0);
	EXPECT_EQ(status, 0);
	EXPECT_EQ(used[0] >> 16, 5);
	EXPECT_EQ(used[2 + 2 * 4], 1025);   /* the fifth element's length */
	EXPECT_EQ(reg(VIRTIO_MMIO_STATUS) & S_NEEDS_RESET, 0);
	EXPECT_EQ(reg(VIRTIO_MMIO_INTERRUPT_STATUS) & 1u, 1);
	EXPECT_EQ(vwrite(BLK, VIRTIO_MMIO_INTERRUPT_ACK, 1, 4), 0);
	driver_reset();
}
