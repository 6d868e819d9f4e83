/*
 * Signal bits the boot list assigns, shared by the kernel's boot list and
 * the components that wait for them.
 */
#ifndef TZVMM_SIGNALS_H
#define TZVMM_SIGNALS_H

/* VMM threads (one per CPU). */
#define VMM_SIG_EXIT   (1u << 0)   /* this CPU's vCPU exited */
/* Bits a VMM thread also waits for that the image variant's hooks use (the
 * test image: its timer hook, include/tzvmm/test/hooks.h); never sent in
 * the production image. Constant, so that the wait costs nothing more. */
#define VMM_SIG_HOOKS  (1u << 1)
#define VMM_SIG_FAULT  (1u << 2)   /* a component it is told of faulted (thread 0) */
#define VMM_SIG_DEADLINE (1u << 3) /* a bounded wait of the VMM timed out */
#define VMM_SIG_STORAGE (1u << 4)  /* the storage thread of this CPU answered */
#define VMM_SIG_CONSOLE (1u << 5)  /* the secure console received (thread 0) */

/* Storage component (one thread per CPU). */
#define STORAGE_SIG_REQUEST (1u << 0)   /* this CPU's VMM thread made a request */
#define STORAGE_SIG_TIMER   (1u << 1)   /* its own timer */

/* Integrity monitor (components/integrity). */
#define INTEGRITY_SIG_TIMER (1u << 0)   /* its period's timer */

/* Capabilities are numbered at build time from the components'
 * declarations: CAP_<NAME> in the generated component_caps.h. */

#endif
