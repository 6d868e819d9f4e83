/*
 * The secure image, for every board: loaded at the board's boot medium
 * (PLAT_BOOT_BASE: QEMU virt's secure flash, -bios; on the i.MX boards a
 * region of DDR that QEMU's ELF loader fills). .boot runs in place with the
 * MMU off and copies everything else into secure RAM, where it is linked.
 * Preprocessed by the build (LINKER_SCRIPT defined): every address comes
 * from plat/memmap.h.
 */
#include <plat/memmap.h>
#include <tzvmm/flash_layout.h>

OUTPUT_FORMAT("elf32-littlearm")
OUTPUT_ARCH(arm)
ENTRY(_start)

MEMORY
{
	FLASH (rx)  : ORIGIN = PLAT_BOOT_BASE, LENGTH = PLAT_BOOT_SIZE
	KTEXT (rx)  : ORIGIN = PLAT_KERNEL_TEXT_BASE, LENGTH = PLAT_KERNEL_TEXT_SIZE
	KDATA (rw)  : ORIGIN = PLAT_KERNEL_DATA_BASE, LENGTH = PLAT_KERNEL_DATA_SIZE
}

SECTIONS
{
	/* entry.S's _start first, at the reset address; then the board's part. */
	.boot : { KEEP(*(.boot)) KEEP(*(.boot.*)) } > FLASH

	.text : ALIGN(32) {
		__ktext_start = .;
		*(.text.vectors)
		*(.text.monitor)
		*(.text .text.*)
		*(.rodata .rodata.*)
		. = ALIGN(4);
	} > KTEXT AT > FLASH

	.data : ALIGN(4096) {
		__kdata_start = .;
		*(.data .data.*)
		. = ALIGN(4);
	} > KDATA AT > FLASH
	__ktext_load = LOADADDR(.text);
	__ktext_size = SIZEOF(.text);
	__kdata_load = LOADADDR(.data);
	__kdata_size = SIZEOF(.data);
	/* The image must fit the flash's firmware region: the storage
	 * component owns everything after it (docs/storage.md; on an SD card
	 * the same layout holds). */
	ASSERT(__kdata_load + __kdata_size - PLAT_BOOT_BASE <= FLASH_FIRMWARE_SIZE,
	       "the secure image does not fit the flash's firmware region (FLASH_FIRMWARE_SIZE)")

	.bss (NOLOAD) : ALIGN(16) {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	} > KDATA

	/DISCARD/ : { *(.ARM.exidx*) *(.ARM.attributes) *(.comment) }
}
