/*
 * SMC dispatch with arbitrary registers: the first byte picks the number
 * of CPUs (1 + its low three bits), the rest is 32-byte records, r0-r7 of
 * one SMC each (r6 varies the banked registers the fake kernel reports,
 * r7 modulo the CPU count is the calling CPU). A record whose r7 has bit
 * 31 set is no SMC but a write of r1-r5 (20 bytes) into normal RAM at
 * offset r0 (word-aligned, modulo its 1 MiB), so that a seed can lay out
 * the page tables the diagnosis (TEST_DIAG, a refused CPU_ON) walks.
 * Every call must return, unknown ones as -1 with r1-r3 zero, and no lock
 * may be left held. test/fuzz/mkcorpus.py writes seeds in this format.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tzvmm/signals.h>
#include <tzvmm/smccc.h>
#include <tzvmm/storage.h>
#include <tzvmm/syscall.h>
#include <tzvmm/test/hooks.h>
#include <ulib/guest_mem.h>
#include "../../components/vmm/psci.h"
#include "../../components/vmm/smc.h"
#include "../../components/vmm/storage_client.h"
#include "../../components/vmm/vmm_testhooks.h"
#include "../../components/vmm/testhooks/vendor_test.h"
#include "fuzz.h"

#define RAM_SIZE 0x100000u
#define RAM_WRITE 0x80000000u   /* in r7: the record writes normal RAM */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The storage component never answers here (fuzz_virtio.c fuzzes the
 * requests): a wait reports the VMM's deadline, so a request through a
 * virtio SMC ends as an I/O error at once. */
static int32_t kernel_fake(uint32_t nr, uint32_t a1, uint32_t a2)
{
	(void)a1;
	(void)a2;
	return nr == SYS_WAIT ? (int32_t)VMM_SIG_DEADLINE : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 1 MiB of real normal RAM: the diagnosis walks guest page tables
	 * through guest_mem. Only what the last input wrote is cleared. */
	static uint8_t ram[RAM_SIZE];
	static uint32_t dirty_lo = RAM_SIZE, dirty_hi;
	static uint8_t *shm;
	struct vmm_cpu cpu = { 0 };
	struct smc_args release = { { TZVMM_SMC_TEST_HOLD_CPU } };

	if (size < 1)
		return 0;
	if (!shm) {
		/* Storage slots, so that TEST_COPY copies into a real one. */
		shm = malloc(STORAGE_SLOTS * STORAGE_SLOT_SIZE);
		if (!shm)
			abort();
	}
	if (dirty_lo < dirty_hi)
		memset(ram + dirty_lo, 0, dirty_hi - dirty_lo);
	dirty_lo = RAM_SIZE;
	dirty_hi = 0;
	vmm_config.ns_ram_base = 0x40000000u;
	vmm_config.ns_ram_size = RAM_SIZE;
	vmm_config.timer_hz = 62500000;
	guest_mem_init((uintptr_t)ram, vmm_config.ns_ram_base, vmm_config.ns_ram_size);
	storage_client_init((uintptr_t)shm, 1);
	fuzz_sys_hook = kernel_fake;
	/* No CPU held in ON_PENDING by an earlier input's TEST_HOLD_CPU. */
	vmm_config.ncpus = 8;
	for (release.a[1] = 0; release.a[1] < 8; release.a[1]++)
		(void)testhook_hold_cpu(&cpu, &release);
	vmm_config.ncpus = 1u + (data[0] & 7u);
	psci_reset_state();
	data++;
	size--;
	for (; size >= sizeof(struct smc_args); data += sizeof(struct smc_args),
	     size -= sizeof(struct smc_args)) {
		struct smc_args a;

		memcpy(&a, data, sizeof(a));
		if (a.a[7] & RAM_WRITE) {
			uint32_t off = (a.a[0] & ~3u) % RAM_SIZE;
			uint32_t len = RAM_SIZE - off < 20u ? RAM_SIZE - off : 20u;

			memcpy(ram + off, &a.a[1], len);
			dirty_lo = off < dirty_lo ? off : dirty_lo;
			dirty_hi = off + len > dirty_hi ? off + len : dirty_hi;
			continue;
		}
		/* The test image's deliberate fault (a store to secure RAM,
		 * which the kernel turns into a restart) has no host equivalent. */
		if (smc_lookup(a.a[0]) == testhook_vmm_fault)
			continue;
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
	fuzz_sys_hook = NULL;
	return 0;
}
