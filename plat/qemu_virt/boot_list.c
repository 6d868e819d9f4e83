/*
 * The secure components of this board, their rights and grants.
 *
 * vmm   - one thread per CPU handling that CPU's vCPU; maps every vCPU
 *         state page, fw_cfg (guest images) and normal-world RAM; may power
 *         the machine off; essential: if it dies the machine powers off
 *         rather than leaving the normal world stopped forever.
 * probe - a deliberately faulting component used by the fault-containment
 *         tests; restarted after each fault; its faults are reported to
 *         VMM thread 0.
 */
#include <tzvmm/signals.h>
#include "../../kernel/component.h"
#include "../../kernel/plat.h"

extern const uint8_t vmm_image[], vmm_image_end[];
extern const uint8_t probe_image[], probe_image_end[];

const struct component_desc plat_boot_list[] = {
	{
		.name = "vmm",
		.image = vmm_image,
		.image_end = vmm_image_end,
		.prio = 10,
		.rights = RIGHT_POWER | RIGHT_KINFO,
		.flags = COMP_PER_CPU | COMP_VCPUS | COMP_FWCFG | COMP_NS_RAM | COMP_ESSENTIAL,
		.vcpu_exit_bits = VMM_SIG_EXIT,
		.signals = { { .component = 1, .thread = 0, .bits = PROBE_SIG_ALL } },
		.nsignals = 1,
	},
	{
		.name = "probe",
		.image = probe_image,
		.image_end = probe_image_end,
		.nthreads = 1,
		.prio = 20,
		.flags = COMP_RESTART,
		.fault_notify = { .component = 0, .thread = 0, .bits = VMM_SIG_FAULT },
		.has_fault_notify = true,
	},
};
const size_t plat_boot_list_len = sizeof(plat_boot_list) / sizeof(plat_boot_list[0]);
