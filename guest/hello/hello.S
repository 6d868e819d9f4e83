/*
 * The smallest useful normal-world guest: position-independent, so it runs
 * at any GUEST_ADDR. It prints one line on UART0, asks the secure world for
 * its PSCI version and powers the machine off with PSCI SYSTEM_OFF.
 * Build: see the Makefile (build/guest-hello/hello.bin).
 */
	.text
	.arm
	.arch_extension sec
	.global _start
_start:
	ldr	r4, =0x09000000			@ PL011 UART0 (normal world's console)
	adr	r5, message
1:	ldrb	r0, [r5], #1
	cmp	r0, #0
	beq	2f
3:	ldr	r1, [r4, #0x18]			@ UARTFR
	tst	r1, #(1 << 5)			@ TXFF
	bne	3b
	str	r0, [r4]
	b	1b
2:	ldr	r0, =0x84000000			@ PSCI_VERSION
	smc	#0
	ldr	r1, =0x00010001
	cmp	r0, r1
	adrne	r5, bad_version
	bne	1b
	ldr	r0, =0x84000008			@ PSCI_SYSTEM_OFF
	smc	#0
4:	wfi
	b	4b

message:
	.asciz	"hello from a raw image: PSCI 1.1, powering off\r\n"
bad_version:
	.asciz	"hello: unexpected PSCI version\r\n"
	.balign 4
	.ltorg
