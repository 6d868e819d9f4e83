/*
 * What the VMM's files share: the facts learnt at boot (vmm_config), the
 * vCPU state blocks the kernel maps into the VMM, and the one way a run
 * ends when the VMM cannot go on. Kept out of main.c (the threads' entry
 * and boot) so that the loader, PSCI and SMC dispatch depend on this file
 * only; the host tests replace it whole (test/unit/fake_ulib.c,
 * test/fuzz/fake_vmm.c).
 */
#include <stdarg.h>
#include <tzvmm/component_layout.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include "vmm.h"

struct vmm_config vmm_config;

struct vcpu_state *vmm_vcpu_state(unsigned i)
{
	return (struct vcpu_state *)(COMPONENT_VA_VCPUS + i * VCPU_STATE_PAGE_SIZE);
}

void vmm_fail(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ulog_v(fmt, ap);
	va_end(ap);
	sys_power(SYS_POWER_OFF, status);
	for (;;)
		sys_wait(~0u, SYS_NO_VCPU);
}
