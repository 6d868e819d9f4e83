/*
 * The probe: a secure component that faults on request. It exists to show
 * that a fault in a secure user component is reported and contained: the
 * kernel logs it, restarts the probe and tells the VMM, and nothing else
 * stops. Each signal bit n selects enum probe_fault n.
 */
#include <stdint.h>
#include <tzvmm/component_layout.h>
#include <tzvmm/signals.h>
#include <tzvmm/test/probe.h>
#include <ulib/sys.h>
#include <component_caps.h>

int component_main(unsigned index);

extern char _entry[];

static void commit(unsigned kind)
{
	switch ((enum probe_fault)kind) {
	case PROBE_READ_KERNEL:
		(void)*(volatile uint32_t *)0x0e000000u;
		break;
	case PROBE_WRITE_TEXT:
		*(volatile uint32_t *)(uintptr_t)_entry = 0;
		break;
	case PROBE_JUMP_UNMAPPED:
		((void (*)(void))0x00f00000u)();
		break;
	case PROBE_UNDEFINED:
		__asm__ volatile(".word 0xe7f000f0");   /* udf #0 */
		break;
	case PROBE_READ_NULL:
		/* cppcheck-suppress nullPointer ; the fault is the point */
		(void)*(volatile uint32_t *)0;   /* NOLINT(clang-analyzer-core.NullDereference) */
		break;
	case PROBE_PRIVILEGED: {
		uint32_t scr;

		__asm__ volatile("mrc p15, 0, %0, c1, c1, 0" : "=r"(scr));
		(void)scr;
		break;
	}
	case PROBE_WRITE_NS_RAM:
		*(volatile uint32_t *)0x40000000u = 0;
		break;
	case PROBE_READ_DEVICE:   /* where fw_cfg is mapped for a component granted it */
		(void)*(volatile uint32_t *)COMPONENT_VA_FWCFG;
		break;
	case PROBE_READ_VCPU:     /* where vCPU 0's state is mapped for the VMM */
		(void)*(volatile uint32_t *)COMPONENT_VA_VCPUS;
		break;
	case PROBE_FAULT_COUNT:
		break;
	}
}

int component_main(unsigned index)
{
	(void)index;
	for (;;) {
		uint32_t bits = sys_wait(PROBE_SIG_ALL | PROBE_SIG_IRQ, SYS_NO_VCPU);

		if ((int32_t)bits <= 0)
			continue;
		if (bits & PROBE_SIG_IRQ)   /* nothing to service: unmask it again */
			sys_irq_ack(COMPONENT_IRQ_0);
		if (bits & PROBE_SIG_ALL)
			commit((unsigned)__builtin_ctz(bits & PROBE_SIG_ALL));
	}
}
