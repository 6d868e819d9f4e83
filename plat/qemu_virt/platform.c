/* QEMU virt: the kernel's memory map. */
#include <stdint.h>
#include <arch/mmu.h>
#include <plat/memmap.h>
#include <plat/board.h>

const struct plat_mapping plat_kernel_map[] = {
	{ PLAT_DEVICE_SECTION_0, MMU_SECTION, MMU_KERNEL_DEVICE },   /* GIC */
	{ PLAT_DEVICE_SECTION_1, MMU_SECTION, MMU_KERNEL_DEVICE },   /* UARTs, fw_cfg, GPIO */
	{ PLAT_KERNEL_TEXT_BASE, MMU_SECTION, MMU_KERNEL_RX },
	{ PLAT_KERNEL_DATA_BASE, PLAT_SECURE_RAM_BASE + PLAT_SECURE_RAM_SIZE -
					 PLAT_KERNEL_DATA_BASE, MMU_KERNEL_RW },
};
const size_t plat_kernel_map_len = sizeof(plat_kernel_map) / sizeof(plat_kernel_map[0]);

bool plat_firewall_init(const char **what)
{
	/* hw/arm/virt.c puts secure RAM, flash, UART1 and GPIO in the secure
	 * address space only: nothing to program. */
	*what = "QEMU virt's secure memory and devices exist in the secure address space only";
	return true;
}
