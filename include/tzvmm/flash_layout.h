/*
 * The secure flash (QEMU virt's flash 0, secure-only) as tzvmm lays it
 * out: the firmware region, which holds the secure image the CPUs boot
 * from, then the data region the storage component owns (docs/storage.md).
 * The linker script asserts that the image fits its region
 * (plat/qemu_virt/secure.ld.S); scripts/tzvmm-run composes the flash file
 * with the same sizes (test/qemu/test_storage.py checks that they agree).
 */
#ifndef TZVMM_FLASH_LAYOUT_H
#define TZVMM_FLASH_LAYOUT_H

#define FLASH_SIZE           0x04000000   /* 64 MiB: what COMPONENT_VA_FLASH maps */
#define FLASH_BLOCK_SIZE     0x00040000   /* 256 KiB erase blocks */
#define FLASH_FIRMWARE_SIZE  0x00400000   /* the first 4 MiB: the secure image */
#define FLASH_DATA_OFFSET    FLASH_FIRMWARE_SIZE
#define FLASH_DATA_SIZE      (FLASH_SIZE - FLASH_FIRMWARE_SIZE)

#endif
