/*
 * The test hooks of tzvmm's vendor range (0x86001000..), linked only into
 * the test image: the bare-metal test guest ends its run, reads kernel
 * counters, arms timers and makes the probe component fault through them.
 * docs/smc-reference.md lists each with its arguments and results.
 */
#include <tzvmm/limits.h>
#include <tzvmm/signals.h>
#include <tzvmm/smccc.h>
#include <lib/args.h>
#include <tzvmm/component_layout.h>
#include <tzvmm/test/probe.h>
#include <tzvmm/test/hooks.h>
#include <ulib/guest_mem.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include <component_caps.h>
#include "../diag.h"
#include "../storage_client.h"
#include "../vmm_testhooks.h"
#include "vendor_test.h"

/* Bounded wait for the probe's fault report: 100 ms. */
#define PROBE_DEADLINE_TICKS (vmm_config.timer_hz / 10u)

struct smc_result testhook_exit(struct vmm_cpu *cpu, const struct smc_args *a)
{
	ulog("test guest on cpu %u finished with status %d", cpu->id, (int)a->a[1]);
	sys_power(SYS_POWER_OFF, (int32_t)a->a[1]);
	return smc_ret(SMCCC_NOT_SUPPORTED);
}

struct smc_result testhook_kinfo(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	if (a->a[1] >= KINFO_COUNT)
		return smc_ret(SMCCC_INVALID_PARAMETER);
	return smc_ret4(SMCCC_SUCCESS, sys_kinfo(a->a[1]), 0, 0);
}

/* Per VMM thread: TEST_TIMER's deadline (low word of the generic counter,
 * 0 = none armed), the timer signals it received, the latest it ever ran
 * after a deadline (make bench's secure_task_jitter_*), and how late it ran
 * after the last one. */
static struct {
	uint32_t deadline, events, late_max, late_last;
} timer_test[TZVMM_MAX_CPUS];

/* The secure task's side of the timer hook: how late this thread runs
 * after the deadline. */
void testhook_signalled(struct vmm_cpu *c, uint32_t sig)
{
	if (!(sig & VMM_SIG_TEST_TIMER) || c->id >= TZVMM_MAX_CPUS)
		return;
	timer_test[c->id].events++;
	if (timer_test[c->id].deadline) {
		uint32_t late = sys_kinfo(KINFO_TICKS_LO) - timer_test[c->id].deadline;

		if (late < 0x80000000u && late > timer_test[c->id].late_max)
			timer_test[c->id].late_max = late;
		timer_test[c->id].late_last = late;
		timer_test[c->id].deadline = 0;
	}
}

struct smc_result testhook_timer(struct vmm_cpu *cpu, const struct smc_args *a)
{
	if (a->a[1] == 0)
		return smc_ret(SMCCC_INVALID_PARAMETER);
	/* Read before arming: the kernel's deadline is no earlier, so the
	 * lateness measured against this one errs on the long side. */
	uint32_t now = sys_kinfo(KINFO_TICKS_LO);

	if (cpu->id >= TZVMM_MAX_CPUS || sys_timer(a->a[1], VMM_SIG_TEST_TIMER) != 0)
		return smc_ret(SMCCC_INVALID_PARAMETER);
	timer_test[cpu->id].deadline = (now + a->a[1]) | 1u;   /* never 0 (= none) */
	return smc_ret(SMCCC_SUCCESS);
}

struct smc_result testhook_timer_count(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)a;
	if (cpu->id >= TZVMM_MAX_CPUS)
		return smc_ret(SMCCC_INVALID_PARAMETER);
	return smc_ret4(SMCCC_SUCCESS, timer_test[cpu->id].events, timer_test[cpu->id].late_max,
			timer_test[cpu->id].late_last);
}

/* Makes the probe commit fault kind a1 and reports how many faults the
 * kernel saw meanwhile (r1). Only VMM thread 0 receives fault reports. */
struct smc_result testhook_probe(struct vmm_cpu *cpu, const struct smc_args *a)
{
	uint32_t kind = a->a[1];

	if (kind == 0 || kind >= PROBE_FAULT_COUNT)
		return smc_ret(SMCCC_INVALID_PARAMETER);
	if (cpu->id != 0)
		return smc_ret(SMCCC_NOT_SUPPORTED);
	uint32_t before = sys_kinfo(KINFO_FAULTS);

	if (sys_signal(CAP_PROBE, 1u << kind) != 0)
		return smc_ret(SMCCC_INVALID_PARAMETER);
	sys_timer(PROBE_DEADLINE_TICKS, VMM_SIG_DEADLINE);
	uint32_t got = sys_wait(VMM_SIG_FAULT | VMM_SIG_DEADLINE, SYS_NO_VCPU);

	sys_timer(0, VMM_SIG_DEADLINE);
	if (!(got & VMM_SIG_FAULT))
		ulog("probe: fault kind %u was not reported within 100 ms", (unsigned)kind);
	return smc_ret4(SMCCC_SUCCESS, sys_kinfo(KINFO_FAULTS) - before, 0, 0);
}

/* Where guest address a1 leads through the calling vCPU's page tables, as
 * the VMM's diagnosis sees them (diag.c): r1 = the address, r2 = 1 if the
 * MMU is off; -3 if it is not mapped, -2 if the walk cannot be made. The
 * diagnosis is also logged. */
struct smc_result testhook_diag(struct vmm_cpu *cpu, const struct smc_args *a)
{
	uint32_t pa = 0;
	int r = diag_translate(cpu, a->a[1], &pa);

	diag_log(cpu, "test hook DIAG", a->a[1]);
	if (r == DIAG_MAPPED || r == DIAG_MMU_OFF)
		return smc_ret4(SMCCC_SUCCESS, pa, r == DIAG_MMU_OFF, 0);
	return smc_ret(r == DIAG_UNMAPPED ? SMCCC_INVALID_PARAMETER : SMCCC_NOT_REQUIRED);
}

/* Raises interrupt a1 for the normal world (SYS_IRQ_INJECT, the VMM's
 * irq-inject right): 0, or -3 if it is not one the board reserves. */
struct smc_result testhook_inject(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	return smc_ret(sys_irq_inject(a->a[1]) == 0 ? SMCCC_SUCCESS : SMCCC_INVALID_PARAMETER);
}

/* The VMM faults: a store through a pointer into secure RAM, which the
 * kernel does not map for it (a permission fault). The kernel restarts
 * the VMM from its image, and the normal world with it (kernel/restart.c):
 * this call never returns; the guest starts again at its entry. */
struct smc_result testhook_vmm_fault(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)a;
	ulog("vcpu %u: test hook: faulting on purpose", cpu->id);
	*(volatile uint32_t *)0x0e000000u = 0;   /* NOLINT: the fault is the point */
	return smc_ret(SMCCC_NOT_SUPPORTED);
}

/* make bench's secure_copy_MBps: the floor of a para-virtual block read,
 * one pass of the secure world's copy over each byte: the VMM copying a1
 * bytes of normal RAM from a2 into this CPU's storage slot, in slot-sized
 * pieces (a read's one copy runs between the flash and normal RAM, in the
 * storage component). r1 = the ticks it took. */
struct smc_result testhook_copy(struct vmm_cpu *cpu, const struct smc_args *a)
{
	uint32_t len = a->a[1], src = a->a[2];
	uint8_t *slot = storage_buffer(cpu->id);
	uint32_t t0;

	if (len == 0 || guest_mem_check(gpa(src), len) != 0 || !slot)
		return smc_ret(SMCCC_INVALID_PARAMETER);
	t0 = sys_kinfo(KINFO_TICKS_LO);
	for (uint32_t off = 0; off < len; off += STORAGE_DATA_MAX) {
		uint32_t n = len - off < STORAGE_DATA_MAX ? len - off : STORAGE_DATA_MAX;

		if (guest_mem_read(slot, gpa(src + off), n) != 0)
			return smc_ret(SMCCC_INVALID_PARAMETER);
	}
	return smc_ret4(SMCCC_SUCCESS, sys_kinfo(KINFO_TICKS_LO) - t0, 0, 0);
}

void testhook_vmm_start(void)
{
	uint32_t storm = 0, restarts = sys_kinfo(KINFO_RESTARTS);

	const char *args = (const char *)COMPONENT_VA_ARGS;

	if (args_u32(args, "fault_storm", 1, 100000, &storm) != ARGS_OK || restarts == 0 ||
	    restarts >= storm)
		return;
	ulog("test hook: fault storm, restart %u of %u", (unsigned)restarts, (unsigned)storm);
	*(volatile uint32_t *)0x0e000000u = 0;   /* NOLINT: the fault is the point */
}
