/*
 * The restart guest: makes the VMM fault RESTART_ROUNDS times in a row
 * (TZVMM_SMC_TEST_VMM_FAULT, test image) and checks that each time the
 * VMM comes back from its image and boots this guest again, the kernel
 * counting one more restart, while the storage component keeps what was
 * flushed to it before the first fault. Its progress survives the
 * restarts in a word of normal RAM the VMM's loader does not touch (RAM
 * is not cleared by a VMM restart, only by a machine reset). Every other
 * CPU calls the VMM without pause meanwhile (spin.S), so each fault also
 * has to stop VMM threads busy on other CPUs and vCPUs in the normal world.
 *
 * A restart is a reset of the normal world, and each boot checks that it
 * was one: every other CPU starts again (PSCI CPU_ON succeeds: none is
 * left running the old guest) and then runs this boot's code (its
 * heartbeat moves), and the banked system registers this CPU set before
 * the fault are back at their reset values.
 */
#include <tzvmm/limits.h>
#include <tzvmm/syscall.h>
#include <tzvmm/test/hooks.h>
#include "../common/guest.h"
#include "../common/vblk.h"

#ifndef RESTART_ROUNDS
#define RESTART_ROUNDS 100u
#endif
#define MAGIC 0x52535452u   /* "RSTR" */
#define PATTERN_SECTOR 100u
/* What each boot writes into this CPU's banked registers before the fault,
 * and must not find there after it (MMU off: neither is used). (Not VBAR:
 * start.S sets it first thing.) */
#define STALE_TTBR0 0x40004000u
#define STALE_CONTEXTIDR 0x5a5au

int main(void);
void restart_spin(void);   /* r0: its heartbeat word */

/* At 8 MiB into normal RAM: above this guest's image, below anything the
 * loader writes for it. [0] magic, [1] round, [8 + i] CPU i's heartbeat. */
static volatile uint32_t *const progress = (volatile uint32_t *)0x40800000u;
#define HEARTBEAT(cpu) (&progress[8u + (cpu)])
static uint8_t buf[4096] __attribute__((aligned(512)));

static uint8_t pattern(uint32_t i)
{
	return (uint8_t)(i * 13u + 7u);
}

static uint32_t kinfo(uint32_t which)
{
	return guest_smc(TZVMM_SMC_TEST_KINFO, which, 0, 0).r1;
}

#define CP15_RW(name, op1, crn, crm, op2)                                      \
	static uint32_t name##_read(void)                                      \
	{                                                                      \
		uint32_t v;                                                    \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
				 : "=r"(v));                                   \
		return v;                                                      \
	}                                                                      \
	static void name##_write(uint32_t v)                                   \
	{                                                                      \
		__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
				 "\n isb" ::"r"(v));                            \
	}
CP15_RW(ttbr0, 0, c2, c0, 0)
CP15_RW(contextidr, 0, c13, c0, 1)

/* Every other CPU started, each seen running this boot's code. Returns
 * how many there are; ends the run on any that did not start or run. */
static unsigned start_other_cpus(uint32_t round)
{
	unsigned n = 0;

	for (uint32_t cpu = 1; cpu < TZVMM_MAX_CPUS; cpu++) {
		int32_t ret;

		*HEARTBEAT(cpu) = 0;
		__asm__ volatile("dsb" ::: "memory");
		ret = (int32_t)guest_smc(PSCI_CPU_ON, cpu, (uint32_t)(uintptr_t)restart_spin,
					 (uint32_t)(uintptr_t)HEARTBEAT(cpu)).r0;
		if (ret == PSCI_INVALID_PARAMETERS)
			break;   /* no such CPU: the machine has cpu of them */
		if (ret != PSCI_SUCCESS) {
			guest_printf("restart-guest: round %u: cpu %u did not start (%d)\n",
				     (unsigned)round, (unsigned)cpu, (int)ret);
			guest_exit(7);
		}
		n++;
	}
	for (uint32_t cpu = 1; cpu <= n; cpu++) {
		/* 5 s of the counter: a loaded host may run the other
		 * vCPUs of QEMU seldom, never this long. */
		uint64_t end = guest_count() + 5ull * GUEST_COUNT_HZ;

		while (*HEARTBEAT(cpu) == 0 && guest_count() < end)
			;
		if (*HEARTBEAT(cpu) == 0) {
			guest_printf("restart-guest: round %u: cpu %u started but never ran\n",
				     (unsigned)round, (unsigned)cpu);
			guest_exit(8);
		}
	}
	return n;
}

int main(void)
{
	uint32_t round;
	unsigned others;

	if (progress[0] != MAGIC) {
		/* First boot: data to the disk, flushed, before any fault. */
		for (uint32_t i = 0; i < sizeof(buf); i++)
			buf[i] = pattern(i);
		if (vblk_init() != 1 || vblk_request(1, PATTERN_SECTOR, buf, sizeof(buf)) != 0 ||
		    vblk_request(4, 0, buf, 0) != 0) {
			guest_printf("restart-guest: could not write the pattern\n");
			guest_exit(2);
		}
		progress[1] = 0;
		progress[0] = MAGIC;
	}
	round = progress[1];
	/* Each boot after a fault: the kernel counted it, the VMM answers. */
	if (kinfo(KINFO_RESTARTS) != round ||
	    guest_smc(TZVMM_SMC_ECHO, 5, 6, 7).r1 != TZVMM_ECHO_R1(5u)) {
		guest_printf("restart-guest: round %u: restarts %u\n", (unsigned)round,
			     (unsigned)kinfo(KINFO_RESTARTS));
		guest_exit(3);
	}
	/* The old guest's registers did not survive the restart. */
	if (round > 0 && (ttbr0_read() != 0 || contextidr_read() != 0)) {
		guest_printf("restart-guest: round %u: stale TTBR0 0x%x CONTEXTIDR 0x%x\n",
			     (unsigned)round, (unsigned)ttbr0_read(), (unsigned)contextidr_read());
		guest_exit(9);
	}
	/* The other CPUs busy with SMCs while the fault comes. */
	others = start_other_cpus(round);
	if (round < RESTART_ROUNDS) {
		for (volatile unsigned spin = 0; spin < 100000u; spin++)
			;
		ttbr0_write(STALE_TTBR0);
		contextidr_write(STALE_CONTEXTIDR);
		progress[1] = round + 1u;
		__asm__ volatile("dsb" ::: "memory");
		guest_smc(TZVMM_SMC_TEST_VMM_FAULT, 0, 0, 0);
		guest_printf("restart-guest: the fault returned\n");
		guest_exit(4);
	}
	/* After the last: the flushed data is intact. */
	for (uint32_t i = 0; i < sizeof(buf); i++)
		buf[i] = 0;
	if (vblk_init() != 1 || vblk_request(0, PATTERN_SECTOR, buf, sizeof(buf)) != 0) {
		guest_printf("restart-guest: could not read the pattern back\n");
		guest_exit(5);
	}
	for (uint32_t i = 0; i < sizeof(buf); i++) {
		if (buf[i] != pattern(i)) {
			guest_printf("restart-guest: byte %u changed\n", (unsigned)i);
			guest_exit(6);
		}
	}
	guest_printf("restart-guest: %u restarts, data intact, %u other cpus restarted each time\n",
		     (unsigned)round, others);
	guest_exit(0);
}
