/*
 * SMC dispatch with arbitrary registers: the first byte picks the number
 * of CPUs and whether test hooks are on, the rest fills r0-r7 (one SMC per
 * 32 bytes). Every call must return, unknown ones as -1 with r1-r3 zero,
 * and no lock may be left held.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tzvmm/smccc.h>
#include <ulib/guest_mem.h>
#include "../../components/vmm/psci.h"
#include "../../components/vmm/smc.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmm_cpu cpu = { 0 };

	if (size < 1)
		return 0;
	vmm_config.ncpus = 1u + (data[0] & 7u);
	/* 1 MiB of real normal RAM: the diagnosis (TEST_DIAG, a refused
	 * CPU_ON) walks guest page tables through guest_mem. */
	static uint8_t ram[0x100000];

	vmm_config.ns_ram_base = 0x40000000u;
	vmm_config.ns_ram_size = sizeof(ram);
	guest_mem_init((uintptr_t)ram, vmm_config.ns_ram_base, vmm_config.ns_ram_size);
	psci_reset_state();
	data++;
	size--;
	for (; size >= sizeof(struct smc_args); data += sizeof(struct smc_args),
	     size -= sizeof(struct smc_args)) {
		struct smc_args a;

		memcpy(&a, data, sizeof(a));
		cpu.id = a.a[7] % vmm_config.ncpus;
		fuzz_reg_salt = a.a[6];
		cpu.state = vmm_vcpu_state(cpu.id);
		struct smc_result r = smc_dispatch(&cpu, &a);

		if (!smc_lookup(a.a[0]) &&
		    (r.r[0] != (uint32_t)SMCCC_NOT_SUPPORTED || r.r[1] | r.r[2] | r.r[3]))
			abort();
		if (fake_lock_errors)
			abort();
	}
	return 0;
}
