/*
 * The normal world as a hostile virtio driver (docs/bindings/tzvmm-virtio.md):
 * register accesses the transport refuses, queues laid out over secure RAM
 * and device space, descriptors that point there, wrap, loop or jump, and
 * block requests beyond the disk. Each gets its error, the VMM keeps
 * answering, and the secure world's canary word is unchanged. Ends with
 * well-formed requests, served by the storage component.
 */
#include <tzvmm/syscall.h>
#include <tzvmm/virtio_smc.h>
#include <tzvmm/test/hooks.h>
#include <tzvmm/test/kinfo.h>
#include "../common/guest.h"
#include "../common/vblk.h"

#define S_NEEDS_RESET 64u
#define INVALID   ((uint32_t)SMCCC_INVALID_PARAMETER)

static uint8_t data[1024] __attribute__((aligned(512)));

static struct smc_ret vread(uint32_t dev, uint32_t off, uint32_t width)
{
	return guest_smc(TZVMM_SMC_VIRTIO_READ, dev, off, width);
}

static uint32_t reg(uint32_t off)
{
	uint32_t v = 0;

	vblk_read_reg(off, 4, &v);
	return v;
}

static uint32_t canary(void)
{
	return guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_CANARY_VALUE, 0, 0).r1;
}

static uint32_t pa(const volatile void *p)
{
	return (uint32_t)(uintptr_t)p;
}

static uint16_t used_idx(void)
{
	return (uint16_t)(vblk_used[0] >> 16);
}

TEST(virtio_transport_refuses_bad_accesses)
{
	uint32_t v;

	EXPECT_EQ(reg(VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
	EXPECT_EQ(reg(VIRTIO_MMIO_VERSION), 2);
	EXPECT_EQ(reg(VIRTIO_MMIO_DEVICE_ID), 2);
	EXPECT_EQ(vread(TZVMM_VIRTIO_DEV_CONSOLE, VIRTIO_MMIO_DEVICE_ID, 4).r1, 3);
	EXPECT_EQ(vread(TZVMM_VIRTIO_NDEVS, 0, 4).r0, INVALID);
	EXPECT_EQ(vread(0xffffffffu, 0, 4).r0, INVALID);
	EXPECT_EQ(vblk_read_reg(0x0ac, 4, &v), INVALID);
	EXPECT_EQ(vblk_read_reg(VIRTIO_MMIO_QUEUE_NOTIFY, 4, &v), INVALID);
	EXPECT_EQ(vblk_read_reg(2, 4, &v), INVALID);
	EXPECT_EQ(vblk_read_reg(0, 8, &v), INVALID);
	EXPECT_EQ(vblk_read_reg(0xfffffffcu, 4, &v), INVALID);
	EXPECT_EQ(vblk_write_reg(VIRTIO_MMIO_MAGIC_VALUE, 0, 4), INVALID);
	EXPECT_EQ(vblk_write_reg(VIRTIO_MMIO_CONFIG, 0, 4), INVALID);
	EXPECT_EQ(vblk_write_reg(VIRTIO_MMIO_STATUS, 0, 2), INVALID);
	EXPECT_EQ(reg(VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
}

/* Rings over secure RAM, the bottom of the address space (QEMU virt's
 * secure flash), device space, or running past 4 GiB: the queue never
 * becomes ready. */
TEST(virtio_queue_in_secure_memory_is_refused)
{
	static const uint32_t bad[] = {
		PLAT_NS_SECURE_RAM_BASE, PLAT_NS_SECURE_RAM_BASE + 0x100000u, 0x00000000u,
		PLAT_NS_GICD_BASE, PLAT_NS_UART_BASE, 0xfffffff0u,
	};
	uint32_t before = canary();

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(vblk_setup(bad[i], pa(vblk_avail), pa(vblk_used)), 0);
		EXPECT_TRUE(reg(VIRTIO_MMIO_STATUS) & S_NEEDS_RESET);
		EXPECT_EQ(vblk_setup(pa(vblk_desc), bad[i], pa(vblk_used)), 0);
		EXPECT_EQ(vblk_setup(pa(vblk_desc), pa(vblk_avail), bad[i]), 0);
	}
	EXPECT_EQ(canary(), before);
}

/* A well-formed queue with hostile descriptors: each breaks the queue
 * (NEEDS_RESET), nothing is used, the secure canary is unchanged. */
TEST(virtio_hostile_descriptors_break_only_the_queue)
{
	uint32_t before = canary();

	for (unsigned c = 0; c < 6; c++) {
		EXPECT_EQ(vblk_init(), 1);
		EXPECT_EQ(vblk_request(0, 0, data, 512), 0);   /* lays the chain out */
		switch (c) {
		case 0: vblk_desc[1].addr_lo = PLAT_NS_SECURE_RAM_BASE; break;   /* secure RAM */
		case 1: vblk_desc[1].addr_lo = PLAT_NS_UART_BASE; break;         /* devices */
		case 2: vblk_desc[1].len = 0xfffff000u; break;               /* wraps */
		case 3: vblk_desc[2].flags = 3; vblk_desc[2].next = 1; break;   /* a loop */
		case 4: vblk_desc[1].next = 200; break;                      /* out of range */
		default: vblk_desc[1].flags |= 4; break;                     /* indirect */
		}
		EXPECT_EQ(vblk_kick(0), 0);
		EXPECT_TRUE(reg(VIRTIO_MMIO_STATUS) & S_NEEDS_RESET);
		EXPECT_EQ(used_idx(), 1);   /* only the good request before */
	}
	/* The available index jumping past the queue. */
	EXPECT_EQ(vblk_init(), 1);
	vblk_avail[1] = VBLK_QNUM + 5;
	EXPECT_EQ(vblk_write_reg(VIRTIO_MMIO_QUEUE_NOTIFY, 0, 4), 0);
	EXPECT_TRUE(reg(VIRTIO_MMIO_STATUS) & S_NEEDS_RESET);
	EXPECT_EQ(used_idx(), 0);
	EXPECT_EQ(canary(), before);
}

/* Requests past the disk's end fail with IOERR; the queue lives on and
 * later requests are served: a write, a flush, the read back. */
TEST(virtio_blk_out_of_range_sectors_fail_the_request)
{
	uint64_t capacity = vblk_capacity();
	const uint64_t sectors[] = { capacity, capacity - 1, ~0ull, 1ull << 32 };

	EXPECT_TRUE(capacity >= 2048);   /* the storage component answered */
	EXPECT_EQ(vblk_init(), 1);
	for (unsigned i = 0; i < 4; i++)
		EXPECT_EQ(vblk_request(0, sectors[i], data, 1024), 1);   /* IOERR */
	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 3 + 1);
	EXPECT_EQ(vblk_request(1, 7, data, 1024), 0);
	EXPECT_EQ(vblk_request(4, 0, data, 0), 0);   /* flush */
	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = 0;
	EXPECT_EQ(vblk_request(0, 7, data, 1024), 0);
	EXPECT_EQ(data[1023], (uint8_t)(1023 * 3 + 1));
	EXPECT_EQ(used_idx(), 7);
	EXPECT_EQ(vblk_used[2 + 2 * 6], 1025);   /* the last element's length */
	EXPECT_EQ(reg(VIRTIO_MMIO_STATUS) & S_NEEDS_RESET, 0);
	EXPECT_EQ(reg(VIRTIO_MMIO_INTERRUPT_STATUS) & 1u, 1);
	EXPECT_EQ(vblk_write_reg(VIRTIO_MMIO_INTERRUPT_ACK, 1, 4), 0);
	vblk_write_reg(VIRTIO_MMIO_STATUS, 0, 4);
}

/* A buffer that is not whole aligned words goes through the storage
 * slot (a copy each way, blk_direct in the VMM); Linux's never do, so this
 * is the one run that takes that way against the real storage component.
 * Written from an odd address, read back into another odd one and into an
 * aligned one (the direct way), across a 256 KiB piece's end: the same
 * bytes all three times. */
TEST(virtio_blk_unaligned_buffers_go_through_the_slot)
{
	static uint8_t odd[3][1024 + 4] __attribute__((aligned(4)));
	const uint64_t sector = 512 - 1;   /* the last sector of the first 256 KiB */

	EXPECT_EQ(vblk_init(), 1);
	for (unsigned i = 0; i < 1024; i++)
		odd[0][1 + i] = (uint8_t)(i * 7 + 3);
	EXPECT_EQ(vblk_request(1, sector, &odd[0][1], 1024), 0);
	EXPECT_EQ(vblk_request(0, sector, &odd[1][3], 1024), 0);
	EXPECT_EQ(vblk_request(0, sector, data, 1024), 0);
	for (unsigned i = 0; i < 1024; i++) {
		EXPECT_EQ(odd[1][3 + i], (uint8_t)(i * 7 + 3));
		EXPECT_EQ(data[i], (uint8_t)(i * 7 + 3));
	}
	EXPECT_EQ(odd[1][2], 0);   /* nothing around the buffer */
	EXPECT_EQ(odd[1][3 + 1024], 0);
	EXPECT_EQ(used_idx(), 3);
	EXPECT_EQ(reg(VIRTIO_MMIO_STATUS) & S_NEEDS_RESET, 0);
	vblk_write_reg(VIRTIO_MMIO_STATUS, 0, 4);
}

/* A kick may return before its request is served (the binding): the
 * vCPU runs whenever the storage thread of its CPU sleeps. The case says
 * how long it then waited for the used ring; test_foundation's run with
 * a slow storage (--args storage=slow: each request sleeps 20 ms first,
 * as a busy chip's polls would) checks that it waited, that is, ran. */
TEST(virtio_blk_kick_may_return_before_the_request_completes)
{
	EXPECT_EQ(vblk_init(), 1);
	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i ^ 0x5a);
	EXPECT_EQ(vblk_request(1, 21, data, 512), 0);
	guest_printf("vblk: the kick returned %u spins before its request completed\n",
		     (unsigned)vblk_spins);
	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = 0;
	EXPECT_EQ(vblk_request(0, 21, data, 512), 0);
	EXPECT_EQ(data[511], (uint8_t)(511 ^ 0x5a));
	EXPECT_EQ(used_idx(), 2);
	vblk_write_reg(VIRTIO_MMIO_STATUS, 0, 4);
}
