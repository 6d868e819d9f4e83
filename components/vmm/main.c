/*
 * VMM main loop. Thread i serves vCPU i: it waits for the vCPU's exit
 * signal, answers the SMC from the state block, and resumes the vCPU in
 * the same system call that waits for the next exit. Thread 0 also loads
 * the guest and starts vCPU 0.
 */
#include <lib/fmt.h>
#include <lib/string.h>
#include <tzvmm/component_layout.h>
#include <tzvmm/limits.h>
#include <tzvmm/signals.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include "diag.h"
#include "vmm_fastpath.h"
#include <ulib/guest_mem.h>
#include "loader.h"
#include "psci.h"
#include "smc.h"
#include "storage_client.h"
#include "verify.h"
#include "vmm_testhooks.h"
#include "virtio/virtio.h"
#include "virtio/virtio_console.h"
#include <component_caps.h>
#include <tzvmm/virtio_smc.h>
#include "vmm.h"

int component_main(unsigned index);

static struct vmm_cpu vmm_cpus[TZVMM_MAX_CPUS];

/* The board's boot files (KINFO_BOOT_FILES): QEMU's fw_cfg, or the blob
 * its loader put in memory, checked whole before anything is read. */
static void vmm_boot_files(struct fwcfg_port *fw)
{
	static struct fwcfg_mem blob;
	uint32_t size = sys_kinfo(KINFO_BOOT_FILES);

	if (size == 0) {
		vmm_config.fwcfg_base = COMPONENT_VA_FWCFG;
		fwcfg_mmio_port(fw, vmm_config.fwcfg_base);
		if (!fwcfg_present(fw))
			vmm_fail(1, "error: QEMU fw_cfg not found at its board address");
		return;
	}
	vmm_config.fwcfg_base = 0;
	vmm_config.boot_files = &blob;
	if (!fwcfg_mem_port(fw, &blob, (const void *)COMPONENT_VA_BOOTFILES, size) ||
	    !fwcfg_present(fw))
		vmm_fail(1, "error: no valid boot files blob (%u bytes at the board's "
			 "PLAT_BOOTFILES_BASE): is the run's -device loader missing?",
			 (unsigned)size);
}

static void vmm_boot(void)
{
	struct fwcfg_port fw;

	vmm_config.ncpus = sys_kinfo(KINFO_NCPUS);
	vmm_config.ns_ram_base = sys_kinfo(KINFO_NS_RAM_BASE);
	vmm_config.ns_ram_size = sys_kinfo(KINFO_NS_RAM_SIZE);
	vmm_config.timer_hz = sys_kinfo(KINFO_TIMER_HZ);
	/* The kernel maps normal RAM at its physical address (COMP_NS_RAM). */
	guest_mem_init(vmm_config.ns_ram_base, vmm_config.ns_ram_base, vmm_config.ns_ram_size);
	psci_reset_state();
	storage_client_init(SHM_STORAGE_VA, CAP_STORAGE);
	verify_record_at((volatile struct boot_record *)SHM_BOOT_VA);
	if (virtio_devices_init(sys_kinfo(KINFO_PV_IRQ_FIRST), sys_kinfo(KINFO_PV_IRQ_COUNT)) != 0)
		vmm_fail(1, "error: %u virtio devices, but the board reserves only %u interrupts "
			 "for them", (unsigned)TZVMM_VIRTIO_NDEVS,
			 (unsigned)sys_kinfo(KINFO_PV_IRQ_COUNT));
	if (smc_tables_validate() != 0)
		vmm_fail(1, "error: SMC call tables are not sorted or have gaps");
	vmm_fastpath_install(&vmm_cpus[0]);
	/* After a restart the storage component may still be copying a
	 * request of the old VMM into normal RAM, where the guest goes now. */
	if (storage_wait_idle() != 0)
		vmm_fail(1, "error: storage: a request from before the VMM's restart is still "
			 "unanswered after 10 s; not loading the guest over its buffers");
	vmm_boot_files(&fw);
	ulog("normal RAM 0x%08x-0x%08x, %u CPUs", (unsigned)vmm_config.ns_ram_base,
	     (unsigned)(vmm_config.ns_ram_base + vmm_config.ns_ram_size - 1), vmm_config.ncpus);
	loader_load_guest(&fw, vmm_cpus[0].state);
	ulog("guest loaded, entering it at 0x%08x", (unsigned)vmm_cpus[0].state->regs.pc);
}

/* Answers one exit of c's vCPU, whose state block is s (c->state, loaded
 * once by the caller: it never changes); returns true if the vCPU is to
 * be resumed. */
static bool vmm_handle_exit(struct vmm_cpu *c, struct vcpu_state *s)
{

	if (s->exit_reason != VCPU_EXIT_SMC) {
		char why[40];

		fmt_snprintf(why, sizeof(why), "unexpected exit reason %u",
			     (unsigned)s->exit_reason);
		diag_log(c, why, s->regs.pc);
		return true;
	}
	/* The arguments are read where they are, r0-r7 of the state block:
	 * secure memory, which the normal world cannot change while its vCPU
	 * is stopped here, so no copy is needed to read them once. */
	_Static_assert(sizeof(struct smc_args) <= sizeof(s->regs.r), "r0-r7 in the state block");
	const struct smc_args *args = (const struct smc_args *)(const void *)s->regs.r;
#ifdef TZVMM_TRACED
	struct smc_result r = smc_dispatch_entry(c, args);
#else
	struct smc_result r = smc_dispatch_inline(c, args);
#endif

	/* A call that stopped the vCPU (CPU_OFF) returns nothing; its state
	 * block may already hold the entry state of the next CPU_ON. */
	if (r.no_resume)
		return false;
	s->regs.r[0] = r.r[0];
	s->regs.r[1] = r.r[1];
	s->regs.r[2] = r.r[2];
	s->regs.r[3] = r.r[3];
	return true;
}

/* The signals other than a lone exit: a failed wait, the secure
 * console's input, the test hooks'. True if an exit is among them. */
static __attribute__((noinline)) bool vmm_other_signals(struct vmm_cpu *c, uint32_t sig)
{
	if ((int32_t)sig < 0) {
		ulog("vcpu %u: wait failed (%d)", c->id, (int)sig);
		return false;
	}
	if ((sig & VMM_SIG_HOOKS) && testhook_signalled)
		testhook_signalled(c, sig);
	if (sig & VMM_SIG_CONSOLE) {   /* thread 0: the UART's interrupt */
		virtio_console_input(virtio_device(TZVMM_VIRTIO_DEV_CONSOLE));
		sys_irq_ack(COMPONENT_IRQ_0);
	}
	return sig & VMM_SIG_EXIT;
}

int component_main(unsigned index)
{
	if (index >= sizeof(vmm_cpus) / sizeof(vmm_cpus[0]))
		return 1;
	struct vmm_cpu *c = &vmm_cpus[index];
	uint32_t resume = SYS_NO_VCPU;

	c->id = index;
	c->state = vmm_vcpu_state(index);
	if (index == 0) {
		/* After a restart (kernel/restart.c) the secure console's
		 * interrupt may still be masked for the instance that died
		 * holding it: acknowledge it (refused if it is not). */
		(void)sys_irq_ack(COMPONENT_IRQ_0);
		if (testhook_vmm_start)
			testhook_vmm_start();
		vmm_boot();
		resume = 0;
	}
	struct vcpu_state *const state = c->state;

	for (;;) {
		uint32_t sig = sys_wait(VMM_SIG_EXIT | VMM_SIG_CONSOLE | VMM_SIG_HOOKS, resume);

		resume = SYS_NO_VCPU;
		/* The common case, an exit and nothing else, costs one test. */
		if (sig != VMM_SIG_EXIT && !vmm_other_signals(c, sig))
			continue;
		if (vmm_handle_exit(c, state))
			resume = index;
	}
}
