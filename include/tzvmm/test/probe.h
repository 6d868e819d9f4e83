/*
 * Test image only: the probe component (components/probe/), which commits
 * the fault a signal bit names, so that the tests can show faults are
 * contained.
 */
#ifndef TZVMM_TEST_PROBE_H
#define TZVMM_TEST_PROBE_H

/* Probe component: bit n asks it to commit fault kind n. */
#define PROBE_SIG_ALL  0x000003feu
#define PROBE_SIG_IRQ  (1u << 16)   /* its granted interrupt arrived */

/* Fault kinds the probe commits (TZVMM_SMC_TEST_PROBE argument). */
enum probe_fault {
	PROBE_READ_KERNEL = 1,     /* load from kernel memory: permission fault */
	PROBE_WRITE_TEXT = 2,      /* store to its own text: permission fault */
	PROBE_JUMP_UNMAPPED = 3,   /* branch to an unmapped address: prefetch abort */
	PROBE_UNDEFINED = 4,       /* permanently undefined instruction */
	PROBE_READ_NULL = 5,       /* load from address 0: translation fault */
	PROBE_PRIVILEGED = 6,      /* read SCR from user mode: undefined */
	PROBE_WRITE_NS_RAM = 7,    /* store to normal RAM it was not granted */
	PROBE_READ_DEVICE = 8,     /* load from fw_cfg's slot: a device not granted */
	PROBE_READ_VCPU = 9,       /* load from a vCPU state page: vCPUs not granted */
	PROBE_FAULT_COUNT
};

#endif
