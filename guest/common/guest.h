/*
 * Support for the normal-world bare-metal guests: console (the board's
 * UART), SMC calls, the board's counter, exception records and a small
 * test framework. The guests run in NS SVC with the MMU off. What they know
 * of the board is its normal-world view, the PLAT_NS_* names of
 * plat/<board>/include/plat/memmap.h.
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <plat/nsview.h>
#include <tzvmm/smccc.h>

struct smc_ret {
	uint32_t r0, r1, r2, r3;
};

/* smc #0 with r0..r7 = id, a1..a7; returns r0..r3. */
struct smc_ret guest_smc(uint32_t id, uint32_t a1, uint32_t a2, uint32_t a3);
struct smc_ret guest_smc7(uint32_t id, const uint32_t a[7]);

void guest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Makes the board's UART ready for guest_printf (start.S, before main). */
void guest_console_init(void);
/* Ends the run with status: the test-exit hook if enabled, else PSCI
 * SYSTEM_OFF (which always gives status 0). */
void guest_exit(int status) __attribute__((noreturn));

/* Exceptions recorded by start.S. */
struct guest_exc {
	volatile uint32_t count, kind, fsr, far, pc;
};
#define GUEST_EXC_UNDEF 1
#define GUEST_EXC_DABT 3
extern struct guest_exc guest_exc;

/* The counters a board may give the normal world (PLAT_NS_COUNTER names
 * one): the generic timer's virtual count, CNTVCT (base unused) ... */
static inline uint64_t guest_count_generic_timer(uintptr_t base)
{
	uint32_t lo, hi;

	(void)base;
	__asm__ volatile("isb\n mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* ... or the Cortex-A9 MPCore's global timer at base (the A9 has no
 * generic timer), read as its TRM says: upper, lower, upper again, and
 * again if the upper word moved meanwhile. */
static inline uint64_t guest_count_a9_global_timer(uintptr_t base)
{
	volatile const uint32_t *count = (volatile const uint32_t *)base;
	uint32_t hi = count[1], lo, again;

	for (;;) {
		lo = count[0];
		again = count[1];
		if (again == hi)
			return ((uint64_t)hi << 32) | lo;
		hi = again;
	}
}

#define GUEST_COUNT_READ_(kind) guest_count_##kind
#define GUEST_COUNT_READ(kind) GUEST_COUNT_READ_(kind)

/* The board's counter, GUEST_COUNT_HZ ticks a second, never stopped. */
#define GUEST_COUNT_HZ PLAT_NS_COUNTER_HZ
static inline uint64_t guest_count(void)
{
	return GUEST_COUNT_READ(PLAT_NS_COUNTER)(PLAT_NS_COUNTER_BASE);
}

/* us microseconds in counter ticks. */
static inline uint64_t guest_count_us(uint32_t us)
{
	return (uint64_t)us * GUEST_COUNT_HZ / 1000000u;
}

/* Test framework: TEST(name) { ... } registers a case in section .tests;
 * TEST_LEFT_OUT(name, why) registers one this board's image does not
 * compile (fn NULL), which the runner names with why instead of running. */
struct tf_case {
	const char *name;
	void (*fn)(void);
	const char *left_out_why;
};

#define TEST(name)                                                             \
	static void test_##name(void);                                         \
	static const struct tf_case tf_case_##name                              \
		__attribute__((section(".tests"), used)) = {                   \
			#name, test_##name, NULL                               \
		};                                                             \
	static void test_##name(void)

#define TEST_LEFT_OUT(name, why)                                               \
	static const struct tf_case tf_case_##name                              \
		__attribute__((section(".tests"), used)) = { #name, NULL, why }

void tf_fail(const char *file, int line, const char *expr, uint32_t got, uint32_t want);
#define EXPECT_EQ(got, want)                                                   \
	do {                                                                   \
		uint32_t g_ = (uint32_t)(got), w_ = (uint32_t)(want);          \
		if (g_ != w_)                                                  \
			tf_fail(__FILE__, __LINE__, #got, g_, w_);             \
	} while (0)
#define EXPECT_TRUE(cond) EXPECT_EQ(!!(cond), 1)

/* The running case could not run here (what it needs, e.g. a second CPU):
 * it counts as skipped, not passed, unless it also failed. */
void tf_skip(const char *why);
#define TF_SKIP_UNLESS(cond, why)                                              \
	do {                                                                   \
		if (!(cond)) {                                                 \
			tf_skip(why);                                          \
			return;                                                \
		}                                                              \
	} while (0)

/* Runs every registered case; returns the number of failures. */
int tf_run_all(const char *suite);

#endif
