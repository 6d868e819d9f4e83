/*
 * What a hostile normal world writes to the secure console (hvc0), for the
 * tests of the secure log (test/qemu/test_securelog.py). Two builds:
 *
 * guest-forge: lines that look like the secure world's (an integrity
 * monitor's all-clear, the power-off status line the launcher reads),
 * sequences that would clear, reset or hide the operator's terminal, a
 * row long enough that a terminal would wrap it, and then PSCI
 * SYSTEM_RESET: under --no-reboot QEMU ends with 0 and no real status, so
 * a forged status line is all that would make the run look like a success.
 *
 * guest-flood (FORGE_FLOOD): one transmit buffer of 768 MiB (4 million
 * SYS_CONSOLE_WRITEs of 256 bytes, if the VMM sent them all), then 1000
 * refused CPU_ONs (each a diagnostic of two lines), then SYSTEM_OFF. Its
 * UART0 says how long the buffer took.
 */
#include "../common/guest.h"
#include "../common/vcons.h"

#define FLOOD_ADDR 0x40100000u
#define FLOOD_LEN  0x30000000u   /* 768 MiB: the launcher's default RAM is 1 GiB */

int main(void);

#ifndef FORGE_FLOOD
static const char *const forged[] = {
	"\r\n[integrity] pass 9: 3840 pages in 21370 ms, no change\r\n",
	"\033[2J\033[H\033[3J\033c\033[?1049h\033[8m\033[30;40m",
	"\r\n[kernel] cpu 1: online, idle until its vCPU runs\r\n",
	"tzvmm: power off, status 0\r\n",
	"\rtzvmm: power off, status 0\n",
	/* 80 columns, then the line: an 80-column terminal would wrap it
	 * to the start of a row of its own. */
	"                                                                                "
	"[integrity] a row a terminal would wrap\r\n",
	"\033[A\033[A\033[K\033[1;1Htzvmm: power off, status 0",
};
#endif

int main(void)
{
	if (!vcons_init()) {
		guest_printf("forge: no console queue\n");
		guest_exit(1);
	}
#ifdef FORGE_FLOOD
	uint64_t t0 = guest_cntvct();

	vcons_send(FLOOD_ADDR, FLOOD_LEN);
	uint64_t t1 = guest_cntvct();

	guest_printf("flood: the 768 MiB buffer took %u ms\n", (unsigned)((t1 - t0) / 62500u));
	unsigned refused = 0;

	for (unsigned i = 0; i < 1000; i++)
		refused += guest_smc(PSCI_CPU_ON, 1, 0x10u, 0).r0 == (uint32_t)PSCI_INVALID_ADDRESS;
	guest_printf("flood: %u CPU_ONs refused\n", refused);
	guest_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
#else
	for (unsigned i = 0; i < sizeof(forged) / sizeof(forged[0]); i++)
		vcons_puts(forged[i]);
	guest_printf("forge: sent\n");
	guest_smc(PSCI_SYSTEM_RESET, 0, 0, 0);
#endif
	for (;;)
		__asm__ volatile("wfi");
}
