/*
 * Harness shared by the host unit tests: cmocka, the per-test setup and
 * teardown every group uses, the group runners main.c calls, and memory
 * below 4 GiB for code that turns 32-bit addresses into pointers.
 */
#ifndef TEST_UNIT_UNIT_H
#define TEST_UNIT_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "fakes.h"

/* Every test starts from zeroed fakes and kernel state (fake_reset) and
 * ends checking that no spinlock was taken twice or released unheld. */
int unit_setup(void **state);
int unit_teardown(void **state);
#define UNIT_TEST(f) cmocka_unit_test_setup_teardown(f, unit_setup, unit_teardown)

/* A group of a component's own unit tests (the .c files of components/<name>/test/,
 * which the build finds by itself): UNIT_GROUP(run_hello_tests) after the
 * runner puts it in the list main.c runs after the groups it names. */
typedef int (*unit_group_fn)(unsigned *ncases);
#define UNIT_GROUP(fn)                                                         \
	static const unit_group_fn unit_group_##fn                              \
		__attribute__((section("unit_groups"), used, aligned(sizeof(void *)))) = fn

/* A group that takes seconds rather than milliseconds: UNIT_SLOW(fn) beside
 * its definition makes a parallel run (main.c) start it before the others,
 * so that no worker is left with one of them at the end. Speed only: the
 * groups and their results are the same either way. */
#define UNIT_SLOW(fn)                                                          \
	static const unit_group_fn unit_slow_##fn                               \
		__attribute__((section("unit_slow"), used, aligned(sizeof(void *)))) = fn

/* One group per file: sets *ncases and returns cmocka's failure count. */
#define UNIT_RUN_GROUP(name, tests, ncases)                                    \
	(*(ncases) = (unsigned)(sizeof(tests) / sizeof((tests)[0])),           \
	 cmocka_run_group_tests_name(name, tests, NULL, NULL))

int run_smc_tests(unsigned *ncases);
int run_psci_tests(unsigned *ncases);
int run_syscall_tests(unsigned *ncases);
int run_signal_tests(unsigned *ncases);
int run_thread_tests(unsigned *ncases);
int run_irq_route_tests(unsigned *ncases);
int run_diag_tests(unsigned *ncases);
int run_fastpath_tests(unsigned *ncases);
int run_timer_tests(unsigned *ncases);
int run_vcpu_tests(unsigned *ncases);
int run_layout_tests(unsigned *ncases);
int run_cpsr_tests(unsigned *ncases);
int run_mmu_tests(unsigned *ncases);
int run_loader_tests(unsigned *ncases);
int run_sha256_tests(unsigned *ncases);
int run_integrity_tests(unsigned *ncases);
int run_storage_tests(unsigned *ncases);
int run_virtio_tests(unsigned *ncases);
int run_restart_tests(unsigned *ncases);
int run_budget_tests(unsigned *ncases);
int run_guest_mem_tests(unsigned *ncases);
int run_fwcfg_tests(unsigned *ncases);
int run_fmt_tests(unsigned *ncases);
int run_fault_tests(unsigned *ncases);
int run_trace_tests(unsigned *ncases);
int run_log_tests(unsigned *ncases);

/*
 * UNIT_LOW_MEM_SIZE bytes of host memory whose addresses fit in 32 bits
 * (room for the Linux image layout of components/vmm/loader.h),
 * mapped at UNIT_LOW_MEM_WANT (the board's normal-RAM base) when that is
 * free, else anywhere below 4 GiB; NULL if the host cannot provide it.
 * Lets the tests run code that does (void *)(uintptr_t)u32.
 */
#define UNIT_LOW_MEM_WANT 0x40000000u
#define UNIT_LOW_MEM_SIZE 0x10000000u   /* reserved lazily: pages cost only when touched */
uint8_t *unit_low_mem(void);

/* Skips the current test (counted apart from passes) when p is NULL. */
extern unsigned unit_skipped;
#define UNIT_REQUIRE(p)                                                        \
	do {                                                                   \
		if (!(p)) {                                                    \
			unit_skipped++;                                        \
			skip();                                                \
		}                                                              \
	} while (0)

static inline uint32_t unit_u32(const void *p)
{
	return (uint32_t)(uintptr_t)p;
}

#endif
