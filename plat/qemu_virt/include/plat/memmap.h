/*
 * QEMU `virt,secure=on` memory map and interrupt numbers (hw/arm/virt.c,
 * QEMU 7.2). The only place that knows where this board's devices are.
 */
#ifndef PLAT_MEMMAP_H
#define PLAT_MEMMAP_H

#define PLAT_NAME              "qemu-virt"

#define PLAT_SECURE_FLASH_BASE 0x00000000u
#define PLAT_GICD_BASE         0x08000000u
#define PLAT_GICC_BASE         0x08010000u
#define PLAT_FWCFG_BASE        0x09020000u
#define PLAT_UART_SECURE_BASE  0x09040000u   /* PL011, QEMU's second serial port */
#define PLAT_GPIO_SECURE_BASE  0x090b0000u   /* PL061: pin 0 power off, pin 1 reset */

/* 1 MiB sections holding the devices above (mapped privileged-only). */
#define PLAT_DEVICE_SECTION_0  0x08000000u
#define PLAT_DEVICE_SECTION_1  0x09000000u

#define PLAT_SECURE_RAM_BASE   0x0e000000u
#define PLAT_SECURE_RAM_SIZE   0x01000000u
/* Secure RAM plan: kernel text (1 MiB), kernel data (1 MiB), then the page
 * pool for tables, component memory and vCPU state pages. */
#define PLAT_KERNEL_TEXT_BASE  0x0e000000u
#define PLAT_KERNEL_DATA_BASE  0x0e100000u
#define PLAT_POOL_BASE         0x0e200000u
#define PLAT_POOL_END          0x0f000000u

#define PLAT_NS_RAM_BASE       0x40000000u
#define PLAT_NS_RAM_MAX        0xc0000000u   /* highmem=off: RAM ends below 3 GiB */

/* Interrupts: GIC INTIDs (SPI n = 32 + n). */
#define PLAT_IRQ_SECURE_TIMER  29u           /* secure physical timer PPI */
#define PLAT_SGI_RELEASE       8u            /* boot CPU releases secondaries */
#define PLAT_SGI_RESCHED       9u            /* another CPU has work for this one */
/* SGIs 8-15 belong to the secure world (Linux uses 0-7). */
#define PLAT_SECURE_SGI_MASK   0x0000ff00u

#define PLAT_GPIO_PIN_POWEROFF 0u
#define PLAT_GPIO_PIN_RESET    1u

#endif
