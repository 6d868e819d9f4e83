/*
 * Support for the normal-world bare-metal guests: console (PL011 UART0),
 * SMC calls, the generic counter, exception records and a small test
 * framework. The guests run in NS SVC with the MMU off.
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <stdbool.h>
#include <stdint.h>
#include <tzvmm/smccc.h>

struct smc_ret {
	uint32_t r0, r1, r2, r3;
};

/* smc #0 with r0..r7 = id, a1..a7; returns r0..r3. */
struct smc_ret guest_smc(uint32_t id, uint32_t a1, uint32_t a2, uint32_t a3);
struct smc_ret guest_smc7(uint32_t id, const uint32_t a[7]);

void guest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
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

static inline uint64_t guest_cntvct(void)
{
	uint32_t lo, hi;

	__asm__ volatile("isb\n mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Test framework: TEST(name) { ... } registers a case in section .tests. */
struct tf_case {
	const char *name;
	void (*fn)(void);
};

#define TEST(name)                                                             \
	static void test_##name(void);                                         \
	static const struct tf_case tf_case_##name                              \
		__attribute__((section(".tests"), used)) = { #name, test_##name }; \
	static void test_##name(void)

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
