/*
 * The kernel's memory map and the memory firewall, from the board's
 * description (plat/<board>/include/plat/memmap.h): its device sections
 * (PLAT_DEVICE_SECTION_0 on), kernel text and data, the boot files blob if
 * the board has one; and, on a board with a TZASC (PLAT_TZASC_BASE), the
 * plan that makes tzvmm's memory secure-only.
 */
#include <stdint.h>
#include <arch/mmu.h>
#include <tzvmm/component_layout.h>
#include <plat/memmap.h>
#include <plat/board.h>
#ifdef PLAT_TZASC_BASE
#include <drivers/tzc380.h>
#endif

const struct plat_mapping plat_kernel_map[] = {
	{ PLAT_DEVICE_SECTION_0, MMU_SECTION, MMU_KERNEL_DEVICE },
#ifdef PLAT_DEVICE_SECTION_1
	{ PLAT_DEVICE_SECTION_1, MMU_SECTION, MMU_KERNEL_DEVICE },
#endif
#ifdef PLAT_DEVICE_SECTION_2
	{ PLAT_DEVICE_SECTION_2, MMU_SECTION, MMU_KERNEL_DEVICE },
#endif
	{ PLAT_KERNEL_TEXT_BASE, MMU_SECTION, MMU_KERNEL_RX },
	{ PLAT_KERNEL_DATA_BASE, PLAT_SECURE_RAM_BASE + PLAT_SECURE_RAM_SIZE -
					 PLAT_KERNEL_DATA_BASE, MMU_KERNEL_RW },
#ifdef PLAT_BOOTFILES_BASE
	/* Read for the run's settings (plat/common/bootfiles.c). */
	{ PLAT_BOOTFILES_BASE, PLAT_BOOTFILES_SIZE, MMU_KERNEL_RW },
#endif
};
const size_t plat_kernel_map_len = sizeof(plat_kernel_map) / sizeof(plat_kernel_map[0]);

#ifdef PLAT_BOOTFILES_BASE
_Static_assert(PLAT_BOOTFILES_SIZE <= COMPONENT_BOOTFILES_MAX, "the blob fits its window");
#endif

#ifdef PLAT_TZASC_BASE
/* tzvmm's memory on a board with a TZASC: one size-aligned 256 MiB region
 * from PLAT_BOOT_BASE (the image, secure RAM, the boot files). */
#define TZVMM_REGION_SIZE 0x10000000u
_Static_assert(PLAT_BOOT_BASE % TZVMM_REGION_SIZE == 0 &&
	       PLAT_BOOTFILES_BASE + PLAT_BOOTFILES_SIZE - PLAT_BOOT_BASE <= TZVMM_REGION_SIZE,
	       "tzvmm's memory is one aligned 256 MiB region");

/* The TZC-380 plan: DDR open to both worlds, tzvmm's region secure-only;
 * a refused access is a bus error for the CPU that made it. */
static const struct tzc380_region firewall_regions[] = {
	{ 0, 0, TZC380_NONSECURE_RW },
	{ PLAT_BOOT_BASE, TZVMM_REGION_SIZE, TZC380_SECURE_ONLY },
};
static const struct tzc380_plan firewall_plan = {
	firewall_regions, sizeof(firewall_regions) / sizeof(firewall_regions[0]),
	TZC380_ACTION_DECERR,
};

bool plat_firewall_init(const char **what)
{
	const char *why = "";

	if (tzc380_configure(PLAT_TZASC_BASE, &firewall_plan, &why) != TZC380_OK) {
		/* QEMU models no TZASC: its registers read as zero. */
		*what = why;
		return false;
	}
	*what = "the TZASC makes tzvmm's 256 MiB from PLAT_BOOT_BASE secure-only";
	return true;
}
#endif
