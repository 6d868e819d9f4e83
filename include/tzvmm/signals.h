/*
 * Signal bits the boot list assigns, shared by the kernel's boot list and
 * the components that wait for them.
 */
#ifndef TZVMM_SIGNALS_H
#define TZVMM_SIGNALS_H

/* VMM threads (one per CPU). */
#define VMM_SIG_EXIT   (1u << 0)   /* this CPU's vCPU exited */
#define VMM_SIG_TIMER  (1u << 1)   /* the one-shot timer the VMM armed */
#define VMM_SIG_FAULT  (1u << 2)   /* the probe component faulted (thread 0) */
#define VMM_SIG_DEADLINE (1u << 3) /* a bounded wait of the VMM timed out */
#define VMM_SIG_STORAGE (1u << 4)  /* the storage thread of this CPU answered */
#define VMM_SIG_CONSOLE (1u << 5)  /* the secure console received (thread 0) */

/* Storage component (one thread per CPU). */
#define STORAGE_SIG_REQUEST (1u << 0)   /* this CPU's VMM thread made a request */
#define STORAGE_SIG_TIMER   (1u << 1)   /* its own timer */

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

/* Integrity monitor (components/integrity). */
#define INTEGRITY_SIG_TIMER (1u << 0)   /* its period's timer */

/* Capabilities are numbered at build time from the components'
 * declarations: CAP_<NAME> in the generated component_caps.h. */

#endif
