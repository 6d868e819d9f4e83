/*
 * Traced image only: before answering an SMC, the VMM names the handler it
 * dispatches to (its address in the VMM, 0 for an unknown call) in the
 * vCPU's state block, where the kernel's tracer copies it into the exit's
 * record. tools/tzvmm-trace turns the address into the handler's name with
 * the VMM's symbols.
 */
#include "../smc.h"

struct smc_result smc_dispatch_entry(struct vmm_cpu *cpu, const struct smc_args *args)
{
	cpu->state->trace_handler = (uint32_t)(uintptr_t)smc_lookup(args->a[0]);
	return smc_dispatch(cpu, args);
}
