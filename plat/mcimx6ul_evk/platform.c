/* i.MX6UL EVK: the kernel's memory map. */
#include <stdint.h>
#include <arch/mmu.h>
#include <tzvmm/component_layout.h>
#include <plat/memmap.h>
#include <plat/board.h>

_Static_assert(PLAT_BOOTFILES_SIZE <= COMPONENT_BOOTFILES_MAX, "the blob fits its window");

const struct plat_mapping plat_kernel_map[] = {
	{ PLAT_DEVICE_SECTION_0, MMU_SECTION, MMU_KERNEL_DEVICE },   /* GIC */
	{ PLAT_DEVICE_SECTION_1, MMU_SECTION, MMU_KERNEL_DEVICE },   /* WDOG1, SNVS */
	{ PLAT_DEVICE_SECTION_2, MMU_SECTION, MMU_KERNEL_DEVICE },   /* UART2 */
	{ PLAT_KERNEL_TEXT_BASE, MMU_SECTION, MMU_KERNEL_RX },
	{ PLAT_KERNEL_DATA_BASE, PLAT_SECURE_RAM_BASE + PLAT_SECURE_RAM_SIZE -
					 PLAT_KERNEL_DATA_BASE, MMU_KERNEL_RW },
	/* The boot files: read for the run's settings (plat/common/bootfiles.c). */
	{ PLAT_BOOTFILES_BASE, PLAT_BOOTFILES_SIZE, MMU_KERNEL_RW },
};
const size_t plat_kernel_map_len = sizeof(plat_kernel_map) / sizeof(plat_kernel_map[0]);
