/*
 * NXP i.MX6UL EVK as QEMU 7.2 models it (`mcimx6ul-evk`: hw/arm/fsl-imx6ul.c,
 * i.MX6UL reference manual's memory map) as data: its memory map,
 * interrupt numbers and the drivers of its devices. One Cortex-A7 with the
 * generic timer; GICv2 with the Security Extensions; DDR at 0x80000000.
 *
 * tzvmm's memory: the run gives QEMU 2 GiB (all of the DDR window,
 * plat/mcimx6ul_evk/qemu) and the normal world the first MEM MiB of it;
 * the 256 MiB from 0xe0000000 are tzvmm's: the secure image as QEMU's ELF loader put
 * it (the "boot medium"), secure RAM, and the boot files blob (QEMU's
 * generic loader). The normal world's device tree leaves it out; on
 * silicon the TZASC makes it secure-only (QEMU models no TZASC).
 */
#ifndef PLAT_MEMMAP_H
#define PLAT_MEMMAP_H

#include <plat/plat_u.h>

#define PLAT_NAME              "mcimx6ul-evk"

#define PLAT_GICD_BASE         PLAT_U(0x00a01000)
#define PLAT_GICC_BASE         PLAT_U(0x00a02000)
#define PLAT_UART_SECURE_BASE  PLAT_U(0x021e8000)   /* UART2; Linux has UART1 */
#define PLAT_WDOG1_BASE        PLAT_U(0x020bc000)
#define PLAT_SNVS_BASE         PLAT_U(0x020cc000)
#define PLAT_USDHC1_BASE       PLAT_U(0x02190000)
#define PLAT_TZASC_BASE        PLAT_U(0x021d0000)   /* TZC-380 (not modelled by QEMU) */

/* 1 MiB sections holding the devices above (mapped privileged-only). */
#define PLAT_DEVICE_SECTION_0  PLAT_U(0x00a00000)   /* GIC */
#define PLAT_DEVICE_SECTION_1  PLAT_U(0x02000000)   /* AIPS-1: WDOG1, SNVS */
#define PLAT_DEVICE_SECTION_2  PLAT_U(0x02100000)   /* AIPS-2: UART2, TZASC */

#define PLAT_NS_RAM_BASE       PLAT_U(0x80000000)
#define PLAT_NS_RAM_MAX        PLAT_U(0xe0000000)   /* tzvmm's 256 MiB follow */
/* (0xf0000000 on: the DDR window's last 256 MiB, unused: the components'
 * own addresses, COMPONENT_VA_WINDOW, lie there.) */

/* The secure image as loaded (-kernel secure.elf), run in place. */
#define PLAT_BOOT_BASE         PLAT_U(0xe0000000)
#define PLAT_BOOT_SIZE         PLAT_U(0x00400000)
#define PLAT_SECURE_RAM_BASE   PLAT_U(0xe0400000)
#define PLAT_SECURE_RAM_SIZE   PLAT_U(0x01000000)
#define PLAT_KERNEL_TEXT_BASE  PLAT_U(0xe0400000)
#define PLAT_KERNEL_TEXT_SIZE  PLAT_U(0x00100000)
#define PLAT_KERNEL_DATA_BASE  PLAT_U(0xe0500000)
#define PLAT_KERNEL_DATA_SIZE  PLAT_U(0x00100000)
#define PLAT_POOL_BASE         PLAT_U(0xe0600000)
#define PLAT_POOL_END          PLAT_U(0xe1400000)
/* The boot files blob (scripts/mkbootfiles.py, lib/fwcfg_mem.c). */
#define PLAT_BOOTFILES_BASE    PLAT_U(0xe8000000)
#define PLAT_BOOTFILES_SIZE    PLAT_U(0x08000000)

/* Interrupts: GIC INTIDs (SPI n = 32 + n). */
#define PLAT_IRQ_SECURE_TIMER  PLAT_U(29)           /* secure physical timer PPI */
#define PLAT_IRQ_SECURE_UART   PLAT_U(59)           /* SPI 27: UART2 */
/* A secure SGI no kernel code uses, which a component may be granted to be
 * signalled by another CPU (the test image's probe). */
#define PLAT_IRQ_SPARE_SGI     PLAT_U(11)
#define PLAT_SGI_RELEASE       PLAT_U(8)            /* boot CPU releases secondaries */
#define PLAT_SGI_RESCHED       PLAT_U(9)            /* another CPU has work for this one */
/* SPIs the secure world raises for the normal world (para-virtual
 * devices): 122-125, INTIDs 154-157, which neither QEMU's model nor the
 * SoC's device tree uses. */
#define PLAT_SPI_TZVMM_FIRST   PLAT_U(154)
#define PLAT_SPI_TZVMM_COUNT   PLAT_U(4)
#define PLAT_SECURE_SGI_MASK   PLAT_U(0x0000ff00)

/* Drivers (drivers/), C only. */
#define PLAT_UART_DRIVER       imx_uart
#define PLAT_TIMER_DRIVER      generic_timer         /* secure physical timer, PPI 29 */
#define PLAT_TIMER_BASE        0u                    /* (CP15) */
#define PLAT_POWER_OFF         imx_snvs_power_off(PLAT_SNVS_BASE, 0)
#define PLAT_RESET             imx_wdog_reset(PLAT_WDOG1_BASE, 0)
/* The storage component's device: uSDHC1 and its SD card (-drive if=sd). */
#define PLAT_STORAGE_BASE      PLAT_USDHC1_BASE
#define PLAT_STORAGE_SIZE      PLAT_U(0x00004000)

/*
 * ---- The normal world's view of the board ----
 * What a normal-world program may know of it: the bare-metal guests
 * (guest/) read these PLAT_NS_* names, PLAT_NS_RAM_* and PLAT_NAME only,
 * through plat/include/plat/nsview.h (which adds what follows from the rest).
 * Kinds are named like the drivers above.
 */
/* Its console: UART1 (serial 0, Linux's ttymxc0), an i.MX UART. */
#define PLAT_NS_UART           imx_uart
#define PLAT_NS_UART_BASE      PLAT_U(0x02020000)
/* Its clock: the generic timer's virtual count (CNTVCT, CP15), at CNTFRQ
 * as QEMU sets it (the secure timer counts the same clock). */
#define PLAT_NS_COUNTER        generic_timer
#define PLAT_NS_COUNTER_BASE   PLAT_U(0)             /* (CP15) */
#define PLAT_NS_COUNTER_HZ     PLAT_U(62500000)
/* An SPI no device of QEMU's model raises (SPI 90, between the GPC's and
 * the SRC's; tests make it pending). */
#define PLAT_NS_FREE_SPI       PLAT_U(122)
/* The memory firewall is not enforced (0): QEMU models neither the TZASC
 * nor the CSU of this SoC, so the normal world reaches tzvmm's memory and
 * devices; the isolation cases of guest/test are left out here. */
#define PLAT_NS_FIREWALL       0

#endif
