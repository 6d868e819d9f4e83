/*
 * The QEMU `virt,secure=on` board as data (hw/arm/virt.c, QEMU 7.2): its
 * memory map, interrupt numbers and the drivers of its devices. The only
 * place that knows where this board's devices are; plat/common/ binds the
 * board interface to what it names, plat/<board>/board.mk says which
 * drivers/ the image links.
 */
#ifndef PLAT_MEMMAP_H
#define PLAT_MEMMAP_H

#include <plat/plat_u.h>

#define PLAT_NAME              "qemu-virt"

#define PLAT_SECURE_FLASH_BASE PLAT_U(0x00000000)   /* the secure image, run in place */
#define PLAT_SECURE_FLASH_SIZE PLAT_U(0x04000000)
/* Where the secure image starts, run in place (plat/common/secure.ld.S). */
#define PLAT_BOOT_BASE         PLAT_SECURE_FLASH_BASE
#define PLAT_BOOT_SIZE         PLAT_SECURE_FLASH_SIZE
#define PLAT_GICD_BASE         PLAT_U(0x08000000)
#define PLAT_GICC_BASE         PLAT_U(0x08010000)
#define PLAT_FWCFG_BASE        PLAT_U(0x09020000)
#define PLAT_UART_SECURE_BASE  PLAT_U(0x09040000)   /* PL011, QEMU's second serial port */
#define PLAT_GPIO_SECURE_BASE  PLAT_U(0x090b0000)   /* PL061: pin 0 power off, pin 1 reset */

/* 1 MiB sections holding the devices above (mapped privileged-only). */
#define PLAT_DEVICE_SECTION_0  PLAT_U(0x08000000)
#define PLAT_DEVICE_SECTION_1  PLAT_U(0x09000000)

#define PLAT_SECURE_RAM_BASE   PLAT_U(0x0e000000)
#define PLAT_SECURE_RAM_SIZE   PLAT_U(0x01000000)
/* Secure RAM plan: kernel text (1 MiB), kernel data (1 MiB), then the page
 * pool for tables, component memory and vCPU state pages. */
#define PLAT_KERNEL_TEXT_BASE  PLAT_U(0x0e000000)
#define PLAT_KERNEL_TEXT_SIZE  PLAT_U(0x00100000)
#define PLAT_KERNEL_DATA_BASE  PLAT_U(0x0e100000)
#define PLAT_KERNEL_DATA_SIZE  PLAT_U(0x00100000)
#define PLAT_POOL_BASE         PLAT_U(0x0e200000)
#define PLAT_POOL_END          PLAT_U(0x0f000000)

#define PLAT_NS_RAM_BASE       PLAT_U(0x40000000)
#define PLAT_NS_RAM_MAX        PLAT_U(0xc0000000)   /* highmem=off: RAM ends below 3 GiB */

/* Interrupts: GIC INTIDs (SPI n = 32 + n). */
#define PLAT_IRQ_SECURE_TIMER  PLAT_U(29)           /* secure physical timer PPI */
#define PLAT_IRQ_SECURE_UART   PLAT_U(40)           /* SPI 8: the secure UART (virt.c) */
/* A secure SGI no kernel code uses, which a component may be granted to be
 * signalled by another CPU (the test image's probe). */
#define PLAT_IRQ_SPARE_SGI     PLAT_U(11)
#define PLAT_SGI_RELEASE       PLAT_U(8)            /* boot CPU releases secondaries */
#define PLAT_SGI_RESCHED       PLAT_U(9)            /* another CPU has work for this one */
/* SPIs the secure world raises for the normal world (para-virtual devices):
 * 240-243, INTIDs 272-275, above everything QEMU virt wires (virtio-mmio
 * 16-47, GICv2m 48-111, platform bus 112-175). */
#define PLAT_SPI_TZVMM_FIRST   PLAT_U(272)
#define PLAT_SPI_TZVMM_COUNT   PLAT_U(4)
/* SGIs 8-15 belong to the secure world (Linux uses 0-7). */
#define PLAT_SECURE_SGI_MASK   PLAT_U(0x0000ff00)

#define PLAT_GPIO_PIN_POWEROFF PLAT_U(0)
#define PLAT_GPIO_PIN_RESET    PLAT_U(1)

/* Drivers (drivers/), C only. */
#define PLAT_UART_DRIVER       pl011                 /* the secure UART */
#define PLAT_TIMER_DRIVER      generic_timer         /* secure physical timer, PPI 29 */
#define PLAT_TIMER_BASE        0u                    /* (CP15) */
#define PLAT_POWER_OFF         pl061_pulse(PLAT_GPIO_SECURE_BASE, PLAT_GPIO_PIN_POWEROFF)
#define PLAT_RESET             pl061_pulse(PLAT_GPIO_SECURE_BASE, PLAT_GPIO_PIN_RESET)
/* The storage component's device (component.conf `devices storage`): the
 * secure flash, CFI (components/storage/cfi.c), mapped whole. */
#define PLAT_STORAGE_BASE      PLAT_SECURE_FLASH_BASE
#define PLAT_STORAGE_SIZE      PLAT_SECURE_FLASH_SIZE

/*
 * ---- The normal world's view of the board ----
 * What a normal-world program may know of it: the bare-metal guests
 * (guest/) read these PLAT_NS_* names, PLAT_NS_RAM_* and PLAT_NAME only,
 * through plat/include/plat/nsview.h (which adds what follows from the rest).
 * Kinds are named like the drivers above.
 */
/* Its console: QEMU's first serial port (serial 0), a PL011. */
#define PLAT_NS_UART           pl011
#define PLAT_NS_UART_BASE      PLAT_U(0x09000000)
/* Its clock: the generic timer's virtual count (CNTVCT, CP15), at CNTFRQ
 * as QEMU sets it (the secure timer counts the same clock). */
#define PLAT_NS_COUNTER        generic_timer
#define PLAT_NS_COUNTER_BASE   PLAT_U(0)             /* (CP15) */
#define PLAT_NS_COUNTER_HZ     PLAT_U(62500000)
/* An SPI no device of QEMU's virt raises (tests make it pending). */
#define PLAT_NS_FREE_SPI       PLAT_U(200)
/* The memory firewall is enforced (1): QEMU's virt,secure=on refuses the
 * normal world secure RAM, the secure flash, the secure UART and GPIO with
 * an external abort, so the isolation cases of guest/test apply. */
#define PLAT_NS_FIREWALL       1
#define PLAT_NS_SECURE_FLASH_BASE PLAT_SECURE_FLASH_BASE
#define PLAT_NS_SECURE_UART_BASE PLAT_UART_SECURE_BASE
#define PLAT_NS_SECURE_GPIO_BASE PLAT_GPIO_SECURE_BASE

#endif
