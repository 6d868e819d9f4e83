/* Link map of every secure user component (see include/tzvmm/component_layout.h),
 * preprocessed by the build. */
#include <tzvmm/component_layout.h>

OUTPUT_FORMAT("elf32-littlearm")
OUTPUT_ARCH(arm)
ENTRY(_entry)

SECTIONS
{
	. = COMPONENT_VA_IMAGE;
	.text : {
		KEEP(*(.header))
		*(.text.entry)
		*(.text .text.*)
		*(.rodata .rodata.*)
		. = ALIGN(4096);
		__text_end = .;
	}
	.data : {
		*(.data .data.*)
		. = ALIGN(4);
		__data_end = .;
	}
	.bss (NOLOAD) : {
		*(.bss .bss.* COMMON)
		. = ALIGN(4);
		__bss_end = .;
	}
	/DISCARD/ : { *(.ARM.exidx*) *(.ARM.attributes) *(.comment) }
}
