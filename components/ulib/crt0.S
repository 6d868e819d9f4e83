/*
 * Entry of a secure user component. The kernel starts each thread here in
 * USR mode with r0 = thread index and sp = top of that thread's stack, and
 * reads the header below when it loads the image.
 */
#include <tzvmm/component_layout.h>
#include <tzvmm/syscall.h>

	.section .header, "a"
	.word	COMPONENT_MAGIC
	.word	_entry
	.word	__text_end
	.word	__data_end
	.word	__bss_end

	.section .text.entry, "ax"
	.arm
	.global _entry
_entry:
	bl	component_main			@ (thread index) -> exit code
	mov	r1, r0
	mov	r0, #SYS_EXIT
	svc	#0
1:	b	1b
