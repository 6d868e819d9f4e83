/* QEMU virt: its memory firewall. */
#include <stdbool.h>
#include <plat/board.h>

bool plat_firewall_init(const char **what)
{
	/* hw/arm/virt.c puts secure RAM, flash, UART1 and GPIO in the secure
	 * address space only: nothing to program. */
	*what = "QEMU virt's secure memory and devices exist in the secure address space only";
	return true;
}
