/*
 * The restart guest: makes the VMM fault RESTART_ROUNDS times in a row
 * (TZVMM_SMC_TEST_VMM_FAULT, test image) and checks that each time the
 * VMM comes back from its image and boots this guest again, the kernel
 * counting one more restart, while the storage component keeps what was
 * flushed to it before the first fault. Its progress survives the
 * restarts in a word of normal RAM the VMM's loader does not touch (RAM
 * is not cleared by a VMM restart, only by a machine reset). CPU 1, when
 * there is one, calls the VMM without pause meanwhile (spin.S), so each
 * fault also has to stop a VMM thread busy on another CPU.
 */
#include <tzvmm/syscall.h>
#include "../common/guest.h"
#include "../common/vblk.h"

#ifndef RESTART_ROUNDS
#define RESTART_ROUNDS 100u
#endif
#define MAGIC 0x52535452u   /* "RSTR" */
#define PATTERN_SECTOR 100u

int main(void);
void restart_spin(void);

/* At 8 MiB into normal RAM: above this guest's image, below anything the
 * loader writes for it. */
static volatile uint32_t *const progress = (volatile uint32_t *)0x40800000u;
static uint8_t buf[4096] __attribute__((aligned(512)));

static uint8_t pattern(uint32_t i)
{
	return (uint8_t)(i * 13u + 7u);
}

static uint32_t kinfo(uint32_t which)
{
	return guest_smc(TZVMM_SMC_TEST_KINFO, which, 0, 0).r1;
}

int main(void)
{
	uint32_t round;

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
	if (round < RESTART_ROUNDS) {
		/* CPU 1 (MPIDR 1) busy with SMCs, if the machine has it. */
		guest_smc(PSCI_CPU_ON, 1, (uint32_t)(uintptr_t)restart_spin, 0);
		for (volatile unsigned spin = 0; spin < 100000u; spin++)
			;
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
	guest_printf("restart-guest: %u restarts, data intact\n", (unsigned)round);
	guest_exit(0);
}
