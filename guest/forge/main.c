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
 *
 * guest-drain (FORGE_DRAIN, test image, run under -icount): arms the VMM's
 * secure timer (a test hook) to expire, over a sweep of phases, while the
 * guest only calls the VMM, then while the VMM copies 11 KiB of console
 * output into the kernel, then while they are drained to the UART, and
 * says on UART0 how late the kernel and the woken thread were at most, in
 * counter ticks (16 instructions each). Both the drain and each
 * SYS_CONSOLE_WRITE's copy run outside the kernel lock with FIQs open, so
 * output should add little to the calls' own worst case. (Before, the
 * copy held the lock with FIQs masked, and before that every byte went
 * out to the UART in the system call.)
 */
#include "../common/guest.h"
#include "../common/vcons.h"

#define FLOOD_ADDR 0x40100000u
#define FLOOD_LEN  0x30000000u   /* 768 MiB: the launcher's default RAM is 1 GiB */

int main(void);

#if !defined(FORGE_FLOOD) && !defined(FORGE_DRAIN)
static const char *const forged[] = {
	"\r\n[integrity] pass 9: 3840 pages in 21370 ms, no change\r\n",
	"\033[2J\033[H\033[3J\033c\033[?1049h\033[8m\033[30;40m",
	"\r\n[kernel] cpu 1: online, idle until its vCPU runs\r\n",
	"tzvmm: power off, status 0\r\n",
	"\rtzvmm: power off, status 0\n",
	"\033[A\033[A\033[K\033[1;1Htzvmm: power off, status 0",
};
/* 80 columns, then the line: an 80-column terminal would wrap it to the
 * start of a row of its own. */
#define TEN_SPACES "          "
static const char wrap_row[] = TEN_SPACES TEN_SPACES TEN_SPACES TEN_SPACES TEN_SPACES TEN_SPACES
			       TEN_SPACES TEN_SPACES "[integrity] a row a terminal would wrap\r\n";
#endif

#ifdef FORGE_DRAIN
#include <tzvmm/syscall.h>
#include <tzvmm/test/hooks.h>
#include <tzvmm/test/kinfo.h>

/* 64-byte rows: the filter's common path, and its row breaks. */
static char drain_bytes[11 * 1024];   /* fits the ring's room for console output */

#define DRAIN_COPY_TICKS 1250u
/* Rounds of each kind, the timer a tick (16 instructions) later each
 * time: every phase of a call's round trip through the VMM and of the
 * VMM's loop of SYS_CONSOLE_WRITEs (some 1000 instructions a piece), and
 * of the drain's per-byte work. */
#define DRAIN_SWEEP 80u

/* Arms the timer `ticks` ahead `rounds` times, one tick later each round,
 * sends drain_bytes each time if `send`, and waits for each expiry with
 * null calls to the VMM; says how often it fired and how late the kernel
 * and the woken thread have been at most (since boot). */
static void drain_sweep(const char *what, uint32_t ticks, unsigned rounds, bool send)
{
	uint32_t fired = guest_smc(TZVMM_SMC_TEST_TIMER_COUNT, 0, 0, 0).r1, task = 0;

	for (unsigned k = 0; k < rounds; k++) {
		uint32_t before = guest_smc(TZVMM_SMC_TEST_TIMER_COUNT, 0, 0, 0).r1;

		guest_smc(TZVMM_SMC_TEST_TIMER, ticks + k, 0, 0);
		if (send)
			vcons_send((uint32_t)(uintptr_t)drain_bytes, sizeof(drain_bytes));
		uint64_t end = guest_count() + guest_count_us(100000u);
		struct smc_ret c;

		while ((c = guest_smc(TZVMM_SMC_TEST_TIMER_COUNT, 0, 0, 0)).r1 == before &&
		       guest_count() < end)
			;
		if (c.r1 != before && c.r3 > task)
			task = c.r3;   /* this round's */
	}
	guest_printf("%s: %u rounds, timer fired %u, lateness kernel %u task %u ticks, "
		     "this sweep's task %u ticks\n", what,
		     rounds, (unsigned)(guest_smc(TZVMM_SMC_TEST_TIMER_COUNT, 0, 0, 0).r1 - fired),
		     (unsigned)guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_TIMER_LAT_MAX, 0, 0).r1,
		     (unsigned)guest_smc(TZVMM_SMC_TEST_TIMER_COUNT, 0, 0, 0).r2, (unsigned)task);
}
#endif

int main(void)
{
	if (!vcons_init()) {
		guest_printf("forge: no console queue\n");
		guest_exit(1);
	}
#if defined(FORGE_DRAIN)
	for (uint32_t i = 0; i < sizeof(drain_bytes); i++)
		drain_bytes[i] = i % 64u == 63u ? '\n' : (char)('a' + i % 26u);
	/* First no output: the timer expires while the guest calls the VMM
	 * in a loop, the base the other rounds are measured against. Then
	 * 20 us and on: inside the VMM's copy into the kernel's ring, a
	 * system call per 256 bytes. Then 1.1 ms and on: under -icount
	 * shift=0, 1.1 million instructions, past the copy (which writes out
	 * what passes the ring's half itself) and inside the drain that
	 * follows. The kernel's lateness is a maximum since boot: each line's
	 * figure is the worst so far. */
	drain_sweep("calls", 100u, DRAIN_SWEEP, false);
	drain_sweep("copy", DRAIN_COPY_TICKS, DRAIN_SWEEP, true);
	drain_sweep("drain", 70000u, DRAIN_SWEEP / 4u, true);
	guest_exit(0);
#elif defined(FORGE_FLOOD)
	uint64_t t0 = guest_count();

	vcons_send(FLOOD_ADDR, FLOOD_LEN);
	uint64_t t1 = guest_count();

	guest_printf("flood: the 768 MiB buffer took %u ms\n",
		     (unsigned)((t1 - t0) / (GUEST_COUNT_HZ / 1000u)));
	unsigned refused = 0;

	for (unsigned i = 0; i < 1000; i++)
		refused += guest_smc(PSCI_CPU_ON, 1, 0x10u, 0).r0 == (uint32_t)PSCI_INVALID_ADDRESS;
	guest_printf("flood: %u CPU_ONs refused\n", refused);
	guest_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
#else
	for (unsigned i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		vcons_puts(forged[i]);
		if (i == 4)
			vcons_puts(wrap_row);   /* in the order the test reads them */
	}
	guest_printf("forge: sent\n");
	guest_smc(PSCI_SYSTEM_RESET, 0, 0, 0);
#endif
	for (;;)
		__asm__ volatile("wfi");
}
