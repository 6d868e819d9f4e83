/*
 * Short-descriptor translation tables (ARM DDI 0406C, B3.5): 1 MiB sections
 * where a whole aligned MiB has one attribute, 4 KiB small pages otherwise.
 * Tables are reached through callbacks so the builder runs unchanged in host
 * unit tests, where "physical" addresses are offsets into a test buffer.
 */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include <stdint.h>
#include <stdbool.h>

enum mmu_attr {
	MMU_KERNEL_RX,       /* privileged read/execute */
	MMU_KERNEL_RW,       /* privileged read/write, never execute */
	MMU_KERNEL_DEVICE,   /* privileged device registers */
	MMU_USER_RX,         /* user and privileged read/execute */
	MMU_USER_RO,
	MMU_USER_RW,         /* user read/write, never execute */
	MMU_USER_DEVICE,     /* user device registers, never execute */
	MMU_USER_NS_RW,      /* normal-world memory (NS attribute), never execute */
};

#define MMU_L1_SIZE     0x4000u
#define MMU_L1_ENTRIES  4096u
#define MMU_L2_SIZE     0x400u
#define MMU_L2_ENTRIES  256u
#define MMU_SECTION     0x100000u
#define MMU_PAGE        0x1000u

struct mmu_tables {
	uint32_t l1_pa;
	/* Zeroed, MMU_L2_SIZE-aligned table; returns its physical address. */
	uint32_t (*alloc_l2)(void *ctx);
	/* Pointer through which the builder writes a table at pa. */
	uint32_t *(*table)(void *ctx, uint32_t pa);
	void *ctx;
};

/* Maps [va, va+size) to [pa, pa+size). All three must be page aligned.
 * Returns 0, or -1 if a range overlaps an existing mapping of another kind. */
int mmu_map(const struct mmu_tables *t, uint32_t va, uint32_t pa, uint32_t size,
	    enum mmu_attr attr);
/* Descriptor builders, exposed for tests. */
uint32_t mmu_section_desc(uint32_t pa, enum mmu_attr attr);
uint32_t mmu_page_desc(uint32_t pa, enum mmu_attr attr);
/* TTBR0 value for a table (walks cacheable, shareable). */
uint32_t mmu_ttbr0(uint32_t l1_pa);
/* Turns the MMU on with this table (arch/armv7/arch.c). */
void arch_mmu_enable(uint32_t ttbr0);

#endif
