/*
 * The seams of the VMM's production code that the test image fills
 * (make check, make bench link components/vmm/testhooks/, which also adds
 * the test range of SMC calls, testhooks/vendor_range.c). They are declared
 * weak, so the production image links without them: each is NULL there,
 * and nothing here may be called without checking that it is linked.
 */
#ifndef VMM_TESTHOOKS_H
#define VMM_TESTHOOKS_H

#include <stdbool.h>
#include "smc.h"

#define TESTHOOK __attribute__((weak))

/* Called by VMM thread 0 as it starts: with the run argument
 * `fault_storm=N`, a VMM restarted fewer than N times faults again at once
 * (testhooks/vendor_test.c), so one TEST_VMM_FAULT becomes N in a row. */
TESTHOOK void testhook_vmm_start(void);
/* Some of VMM_SIG_HOOKS came to VMM thread c (testhooks/vendor_test.c:
 * the TEST_TIMER timer). */
TESTHOOK void testhook_signalled(struct vmm_cpu *c, uint32_t sig);
/* testhooks/psci_hold.c */
/* Whether PSCI CPU_ON must leave CPU `cpu` ON_PENDING instead of starting
 * it (called by psci.c with psci_lock held). */
TESTHOOK bool testhook_cpu_held(unsigned cpu);

#endif
