/* Normal-world bare-metal guests: a raw image linked at the start of
 * normal RAM, the default GUEST_ADDR. Preprocessed by the build. */
#include <plat/memmap.h>

OUTPUT_FORMAT("elf32-littlearm")
OUTPUT_ARCH(arm)
ENTRY(_start)

SECTIONS
{
	. = PLAT_NS_RAM_BASE;
	.text : {
		KEEP(*(.text.start))
		*(.text .text.*)
	}
	.rodata : {
		*(.rodata .rodata.*)
		. = ALIGN(4);
		__tests_start = .;
		KEEP(*(.tests))
		__tests_end = .;
	}
	.data : { *(.data .data.*) }
	.bss (NOLOAD) : ALIGN(16) {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}
	. = ALIGN(16);
	. += 0x4000;
	__stack_top = .;
	. += 0x400;
	__abt_stack_top = .;
	. += 0x400;
	__und_stack_top = .;
	/DISCARD/ : { *(.ARM.exidx*) *(.ARM.attributes) *(.comment) }
}
