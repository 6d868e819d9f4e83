/*
 * Power-off and reset controls a board's description can name
 * (PLAT_POWER_OFF and PLAT_RESET in plat/<board>/include/plat/memmap.h):
 * each one write (or pulse) to a device, given its base and an argument.
 * The call returns once the write is made; the board glue
 * (plat/common/board.c) then waits for the machine to act.
 */
#ifndef DRIVERS_POWER_H
#define DRIVERS_POWER_H

#include <stdint.h>

/* A rising edge on PL061 GPIO pin `arg` (QEMU virt's secure GPIO: pin 0
 * powers off, pin 1 resets). drivers/pl061.c */
void pl061_pulse(uintptr_t base, uint32_t pin);
/* i.MX SNVS: LPCR's DP_EN and TOP bits, which switch the PMIC off
 * (QEMU's imx6ul model exits). drivers/imx_power.c */
void imx_snvs_power_off(uintptr_t base, uint32_t unused);
/* i.MX watchdog: WCR with WDE set and SRS clear asserts a software reset
 * at once. drivers/imx_power.c */
void imx_wdog_reset(uintptr_t base, uint32_t unused);

#endif
