/* i.MX6UL EVK: the kernel's memory map. */
#include <stdint.h>
#include <arch/mmu.h>
#include <drivers/tzc380.h>
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

/* The TZASC (TZC-380) plan: DDR open to both worlds, tzvmm's 256 MiB
 * (PLAT_BOOT_BASE on, a size-aligned power of two) secure-only; a
 * refused access is a bus error for the CPU that made it. */
static const struct tzc380_region firewall_regions[] = {
	{ 0, 0, TZC380_NONSECURE_RW },
	{ PLAT_BOOT_BASE, 0x10000000u, TZC380_SECURE_ONLY },
};
static const struct tzc380_plan firewall_plan = {
	firewall_regions, sizeof(firewall_regions) / sizeof(firewall_regions[0]),
	TZC380_ACTION_DECERR,
};

bool plat_firewall_init(const char **what)
{
	const char *why = "";

	_Static_assert(PLAT_BOOT_BASE % 0x10000000u == 0 &&
		       PLAT_BOOTFILES_BASE + PLAT_BOOTFILES_SIZE - PLAT_BOOT_BASE <= 0x10000000u,
		       "tzvmm's memory is one aligned 256 MiB region");
	if (tzc380_configure(PLAT_TZASC_BASE, &firewall_plan, &why) != TZC380_OK) {
		/* QEMU models no TZASC: its registers read as zero. */
		*what = why;
		return false;
	}
	*what = "TZASC region 1 makes 0xe0000000-0xefffffff secure-only";
	return true;
}
