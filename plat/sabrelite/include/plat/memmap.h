/*
 * Boundary Devices SABRE Lite (NXP i.MX6 Quad) as QEMU 7.2 models it
 * (`sabrelite`: hw/arm/fsl-imx6.c, the i.MX6DQ reference manual's memory
 * map) as data: its memory map, interrupt numbers and the drivers of its
 * devices. Up to four Cortex-A9 in an MPCore (GIC with the Security
 * Extensions, SCU, global and private timers at PERIPHBASE 0x00a00000), no
 * generic timer; DDR at 0x10000000; secondary cores held in reset until
 * the SRC starts them, in the secure state.
 *
 * tzvmm's memory: the run gives QEMU 1 GiB of DDR (0x10000000-0x4fffffff,
 * plat/sabrelite/run.sh) and the normal world the first MEM MiB of it, up
 * to 768; the last 256 MiB are tzvmm's: the secure image as QEMU's ELF
 * loader put it, secure RAM, and the boot files blob. On silicon the
 * TZASCs make them secure-only (QEMU models none).
 */
#ifndef PLAT_MEMMAP_H
#define PLAT_MEMMAP_H

#include <plat/plat_u.h>

#define PLAT_NAME              "sabrelite"

#define PLAT_GICC_BASE         PLAT_U(0x00a00100)   /* PERIPHBASE + 0x100 */
#define PLAT_GLOBAL_TIMER_BASE PLAT_U(0x00a00200)   /* PERIPHBASE + 0x200 */
#define PLAT_GICD_BASE         PLAT_U(0x00a01000)   /* PERIPHBASE + 0x1000 */
#define PLAT_UART_SECURE_BASE  PLAT_U(0x021e8000)   /* UART2; Linux has UART1 */
#define PLAT_WDOG1_BASE        PLAT_U(0x020bc000)
#define PLAT_SRC_BASE          PLAT_U(0x020d8000)   /* starts the secondary cores */
/* uSDHC4: QEMU puts a -device sd-card on the free SD bus it finds first,
 * which is uSDHC4's (its model wires no -drive if=sd on this machine). */
#define PLAT_USDHC4_BASE       PLAT_U(0x0219c000)
#define PLAT_TZASC_BASE        PLAT_U(0x021d0000)   /* TZASC1 (TZC-380; not modelled) */

/* 1 MiB sections holding the devices above (mapped privileged-only). */
#define PLAT_DEVICE_SECTION_0  PLAT_U(0x00a00000)   /* A9 MPCore: GIC, timers */
#define PLAT_DEVICE_SECTION_1  PLAT_U(0x02000000)   /* AIPS-1: WDOG1, SRC */
#define PLAT_DEVICE_SECTION_2  PLAT_U(0x02100000)   /* AIPS-2: UART2, TZASC */

#define PLAT_NS_RAM_BASE       PLAT_U(0x10000000)
#define PLAT_NS_RAM_MAX        PLAT_U(0x40000000)   /* tzvmm's 256 MiB follow */

#define PLAT_BOOT_BASE         PLAT_U(0x40000000)   /* -kernel secure.elf, run in place */
#define PLAT_BOOT_SIZE         PLAT_U(0x00400000)
#define PLAT_SECURE_RAM_BASE   PLAT_U(0x40400000)
#define PLAT_SECURE_RAM_SIZE   PLAT_U(0x01000000)
#define PLAT_KERNEL_TEXT_BASE  PLAT_U(0x40400000)
#define PLAT_KERNEL_TEXT_SIZE  PLAT_U(0x00100000)
#define PLAT_KERNEL_DATA_BASE  PLAT_U(0x40500000)
#define PLAT_KERNEL_DATA_SIZE  PLAT_U(0x00100000)
#define PLAT_POOL_BASE         PLAT_U(0x40600000)
#define PLAT_POOL_END          PLAT_U(0x41400000)
#define PLAT_BOOTFILES_BASE    PLAT_U(0x48000000)
#define PLAT_BOOTFILES_SIZE    PLAT_U(0x08000000)

/* Interrupts: GIC INTIDs (SPI n = 32 + n). */
#define PLAT_IRQ_SECURE_TIMER  PLAT_U(27)           /* the A9 global timer's PPI */
#define PLAT_IRQ_SECURE_UART   PLAT_U(59)           /* SPI 27: UART2 */
/* A secure SGI no kernel code uses, which a component may be granted to be
 * signalled by another CPU (the test image's probe). */
#define PLAT_IRQ_SPARE_SGI     PLAT_U(11)
#define PLAT_SGI_RELEASE       PLAT_U(8)            /* (unused: the SRC releases) */
#define PLAT_SGI_RESCHED       PLAT_U(9)
/* SPIs the secure world raises for the normal world: 121-123, INTIDs
 * 153-155, which the SoC's device tree leaves unused (three in a row is
 * the most it has; tzvmm's virtio devices need two). */
#define PLAT_SPI_TZVMM_FIRST   PLAT_U(153)
#define PLAT_SPI_TZVMM_COUNT   PLAT_U(3)
#define PLAT_SECURE_SGI_MASK   PLAT_U(0x0000ff00)

/* Drivers (drivers/), C only. */
#define PLAT_UART_DRIVER       imx_uart
#define PLAT_TIMER_DRIVER      a9_timer
#define PLAT_TIMER_BASE        PLAT_GLOBAL_TIMER_BASE
/* PERIPHCLK as QEMU 7.2 runs it (hw/timer/a9gtimer.c: 10 ns a tick). */
#define PLAT_TIMER_INIT        a9_timer_init(PLAT_GLOBAL_TIMER_BASE, 100000000u)
/* Secondary cores: started by the SRC at the image's entry (imx_src.c),
 * not released from a pen. */
#define PLAT_SECONDARY_START   PLAT_SRC_BASE
/* QEMU models no power-off for this SoC: the secure world says so on its
 * log and stops; the launcher ends QEMU (plat/sabrelite/run.sh). */
#define PLAT_POWER_OFF         ((void)0)
#define PLAT_RESET             imx_wdog_reset(PLAT_WDOG1_BASE, 0)
#define PLAT_STORAGE_BASE      PLAT_USDHC4_BASE
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
/* Its clock: no generic timer here (CNTVCT is undefined), but the A9
 * global timer's 64-bit count, which the secure timer runs on too: 100 MHz
 * as QEMU runs PERIPHCLK, the prescaler at 0. (QEMU lets the normal world
 * read it; silicon wants the SCU's SNSAC to allow that.) */
#define PLAT_NS_COUNTER        a9_global_timer
#define PLAT_NS_COUNTER_BASE   PLAT_GLOBAL_TIMER_BASE
#define PLAT_NS_COUNTER_HZ     PLAT_U(100000000)
/* An SPI no device of QEMU's model raises (SPI 90, between the GPC's and
 * the SRC's; tests make it pending). */
#define PLAT_NS_FREE_SPI       PLAT_U(122)
/* The memory firewall is not enforced (0): QEMU models neither the TZASCs
 * nor the CSU of this SoC, so the normal world reaches tzvmm's memory and
 * devices; the isolation cases of guest/test are left out here. */
#define PLAT_NS_FIREWALL       0

#endif
