// SPDX-License-Identifier: GPL-2.0
/*
 * tzvmm_smc — TEST ONLY: issues one SMC from the normal-world kernel, as
 * the module parameters say, and logs the result. It lets a test reach the
 * secure world's test hooks from a running Linux, e.g. make the VMM fault
 * (TZVMM_SMC_TEST_VMM_FAULT, the test image only):
 *
 *	insmod tzvmm_smc.ko id=0x86001008
 *
 * That call does not return: the secure world restarts the VMM and boots
 * Linux again. The module refuses to stay loaded (init returns -EAGAIN
 * after a call that returned), so it can be loaded again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/arm-smccc.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

static uint id, a1, a2, a3;
module_param(id, uint, 0444);
MODULE_PARM_DESC(id, "SMC function id (r0)");
module_param(a1, uint, 0444);
module_param(a2, uint, 0444);
module_param(a3, uint, 0444);

static int __init tzvmm_smc_init(void)
{
	struct arm_smccc_res res;

	if (!id)
		return -EINVAL;
	pr_info("smc 0x%08x (0x%x, 0x%x, 0x%x)\n", id, a1, a2, a3);
	arm_smccc_smc(id, a1, a2, a3, 0, 0, 0, 0, &res);
	pr_info("smc 0x%08x -> r0 0x%08lx r1 0x%08lx r2 0x%08lx r3 0x%08lx\n", id, res.a0,
		res.a1, res.a2, res.a3);
	return -EAGAIN;
}
module_init(tzvmm_smc_init);

MODULE_DESCRIPTION("tzvmm test: one SMC from module parameters");
MODULE_LICENSE("GPL");
