/*
 * The i.MX6 System Reset Controller as the way to start and stop the
 * secondary cores of an i.MX6Q/6D (SRC at 0x020d8000; i.MX6DQ reference
 * manual, SRC chapter): core n (1-3) starts at the address in SRC_GPR(2n+1)
 * once its enable bit in SRC_SCR (bit 21 + n) is set, its reset bit
 * (bit 13 + n) pulsed with it as Linux does (arch/arm/mach-imx/src.c).
 *
 * On silicon the core comes out of reset into the boot ROM, which jumps to
 * the entry in the secure state, SVC mode, MMU and caches off. QEMU's
 * model (hw/misc/imx6_src.c, 7.2) skips the ROM: a 0-to-1 change of the
 * enable bit resets the core and starts it at the entry at EL3, that is
 * secure SVC mode, with r0 = SRC_GPR(2n+2) (the argument below); a 1-to-0
 * change powers it off. The entry code must not count on r0 on silicon;
 * it can read the argument back from SRC_GPR(2n+2).
 *
 * The entry must be the physical address of ARM-state code that is in
 * memory (cleaned to the point of coherency) before the call.
 */
#ifndef DRIVERS_IMX_SRC_H
#define DRIVERS_IMX_SRC_H

#include <stdbool.h>
#include <stdint.h>

#define IMX_SRC_OK          0
#define IMX_SRC_ERR_CPU    -1   /* not core 1, 2 or 3 */
#define IMX_SRC_ERR_ENTRY  -2   /* not a 4-byte aligned (ARM-state) address */
#define IMX_SRC_ERR_ON     -3   /* the core is enabled already: nothing done */
#define IMX_SRC_ERR_OFF    -4   /* the core is disabled already: nothing done */

/* Starts core cpu at entry, with arg in SRC_GPR(2 cpu + 2). */
int imx_src_cpu_on(uintptr_t base, unsigned cpu, uint32_t entry, uint32_t arg);
/* Disables core cpu, which must be idle (in WFI, its caches cleaned): the
 * SRC cuts it off whatever it is doing. */
int imx_src_cpu_off(uintptr_t base, unsigned cpu);
/* Whether core cpu's enable bit is set (core 0 always counts as on). */
bool imx_src_cpu_enabled(uintptr_t base, unsigned cpu);

#endif
