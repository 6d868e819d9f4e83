/*
 * The storm guest: the normal world as an attacker of the secure world's
 * time. It maps a Linux-shaped kernel image for the integrity monitor to
 * watch (privileged read-only, executable 1 MiB sections at 0xc0000000, in
 * vCPU 0's TTBR1 with the MMU on) and then keeps the secure world as busy
 * as it can from every CPU: CPU 0 kicks the virtio-blk queue without
 * pause, and every other CPU keeps the queue's available ring full of
 * 256 KiB read requests, adding each chain as soon as the device has used
 * one, so that a device that served until the ring was empty would never
 * stop. It never ends by itself: make bench and the test stop QEMU once
 * the monitor has made its passes, which the secure log shows.
 *
 * With STORM=0 it maps the image and idles: the same monitor, no storm.
 */
#include <tzvmm/limits.h>
#include <tzvmm/virtio_smc.h>
#include "../common/guest.h"
#include "../common/vblk.h"

#ifndef STORM
#define STORM 1
#endif
#define KERNEL_VA 0xc0000000u
#define KERNEL_PA 0x40400000u      /* above this image, its tables and buffers */
#define KERNEL_MIB 15u             /* as Debian's armmp kernel's text and rodata */
#define RAM_MIB 64u                /* mapped 1:1 for the guest itself */
#define UART_PA 0x09000000u

/* Short-descriptor sections (ARM DDI 0406C B3.5.1). */
#define SECT        0x2u
#define SECT_XN     (1u << 4)
#define SECT_AP_RW  (3u << 10)                 /* full access */
#define SECT_AP_PRO ((1u << 15) | (1u << 10))  /* APX = 1, AP = 01: privileged read-only */
#define SECT_DEVICE (1u << 2)                  /* B: shareable device */

int main(void);
void storm_cpu_entry(void);   /* spin.S: a stack, then storm_refill */
void storm_refill(void);

static uint32_t l1[4096] __attribute__((aligned(16384)));
static uint8_t buf[256 * 1024] __attribute__((aligned(512)));
static uint8_t hdr[16] __attribute__((aligned(16)));
static volatile uint8_t status;

static void map_section(uint32_t va, uint32_t pa, uint32_t attrs)
{
	l1[va >> 20] = (pa & 0xfff00000u) | attrs | SECT;
}

static void mmu_on(void)
{
	uint32_t table = (uint32_t)(uintptr_t)l1;

	__asm__ volatile("mcr p15, 0, %0, c2, c0, 2\n"   /* TTBCR: N = 0, short descriptors */
			 "mcr p15, 0, %1, c2, c0, 0\n"   /* TTBR0 */
			 "mcr p15, 0, %1, c2, c0, 1\n"   /* TTBR1: Linux's swapper_pg_dir */
			 "mcr p15, 0, %2, c3, c0, 0\n"   /* DACR: domain 0 client */
			 "mcr p15, 0, %3, c8, c7, 0\n"   /* TLBIALL */
			 "dsb\n isb\n"
			 "mrc p15, 0, r1, c1, c0, 0\n"
			 "orr r1, r1, #1\n"              /* SCTLR.M */
			 "mcr p15, 0, r1, c1, c0, 0\n"
			 "isb"
			 :
			 : "r"(0u), "r"(table), "r"(1u), "r"(0u)
			 : "r1", "memory");
}

/* The guest 1:1 (read-write), the UART, and the "kernel": KERNEL_MIB
 * adjacent privileged read-only sections, executable, as Linux leaves its
 * text and rodata after mark_rodata_ro(). */
static void map_kernel(void)
{
	for (uint32_t mib = 0; mib < RAM_MIB; mib++)
		map_section(0x40000000u + (mib << 20), 0x40000000u + (mib << 20), SECT_AP_RW);
	map_section(UART_PA, UART_PA, SECT_AP_RW | SECT_XN | SECT_DEVICE);
	for (uint32_t mib = 0; mib < KERNEL_MIB; mib++) {
		volatile uint32_t *page = (volatile uint32_t *)(uintptr_t)(KERNEL_PA + (mib << 20));

		page[0] = 0xe1a00000u + mib;   /* something to hash besides zeros */
		map_section(KERNEL_VA + (mib << 20), KERNEL_PA + (mib << 20), SECT_AP_PRO);
	}
	mmu_on();
}

/* One chain, used over and over: a 256 KiB read from sector 0 (the most
 * one storage request moves: the longest a chain keeps the device busy). */
static void request_chain(void)
{
	const uint32_t h[4] = { 0 /* VIRTIO_BLK_T_IN */, 0, 0, 0 };

	for (unsigned i = 0; i < 16; i++)
		hdr[i] = (uint8_t)(h[i / 4] >> (8 * (i % 4)));
	vblk_desc[0] = (struct vblk_desc){ (uint32_t)(uintptr_t)hdr, 0, 16, 1, 1 };
	vblk_desc[1] = (struct vblk_desc){ (uint32_t)(uintptr_t)buf, 0, sizeof(buf), 3, 2 };
	vblk_desc[2] = (struct vblk_desc){ (uint32_t)(uintptr_t)&status, 0, 1, 2, 0 };
}

/* Every other CPU: the ring kept full, never kicked from here. */
void storm_refill(void)
{
	for (;;) {
		uint16_t used = (uint16_t)(vblk_used[0] >> 16);
		uint16_t avail = vblk_avail[1];

		if ((uint16_t)(avail - used) < VBLK_QNUM) {
			vblk_avail[2 + avail % VBLK_QNUM] = 0;
			__asm__ volatile("dsb" ::: "memory");
			vblk_avail[1] = (uint16_t)(avail + 1u);
		}
	}
}

int main(void)
{
	unsigned others = 0;

	if (vblk_init() != 1) {
		guest_printf("storm-guest: no virtio-blk device\n");
		guest_exit(2);
	}
	request_chain();
	map_kernel();
	if (STORM) {
		for (uint32_t cpu = 1; cpu < TZVMM_MAX_CPUS; cpu++) {
			int32_t r = (int32_t)guest_smc(PSCI_CPU_ON, cpu,
						       (uint32_t)(uintptr_t)storm_cpu_entry, 0).r0;

			if (r != PSCI_SUCCESS)
				break;
			others++;
		}
	}
	guest_printf("storm-guest: %u MiB kernel at 0x%08x, %s\n", KERNEL_MIB, KERNEL_VA,
		     STORM ? "storming" : "idle");
	guest_printf("storm-guest: %u cpus refill, cpu 0 kicks\n", others);
	for (;;) {
		if (STORM)
			vblk_write_reg(VIRTIO_MMIO_QUEUE_NOTIFY, 0, 4);
		else
			__asm__ volatile("wfi");
	}
}
