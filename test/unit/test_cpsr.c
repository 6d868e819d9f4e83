/*
 * Normal-world CPSR sanitising (arch/armv7/include/arch/cpsr.h), exhaustively over
 * the 32 mode encodings and a spread of other bits: the seven valid
 * non-secure modes pass, monitor/hyp/reserved become SVC, F is always
 * cleared, and every other bit (NZCVQ, J, GE, IT, E, A, I, T) is kept.
 */
#include <arch/arch.h>
#include <arch/cpu.h>
#include "unit.h"

static bool valid_ns_mode(uint32_t m)
{
	return m == MODE_USR || m == MODE_FIQ || m == MODE_IRQ || m == MODE_SVC ||
	       m == MODE_ABT || m == MODE_UND || m == MODE_SYS;
}

static const uint32_t others[] = {
	0,
	0xf0000000u,                           /* NZCV */
	PSR_I | PSR_A | PSR_T | PSR_E,
	PSR_F,
	PSR_F | PSR_I | PSR_A,
	0xffffffe0u,                           /* every non-mode bit */
	0x5a5a5a40u,
	0x000f0000u | PSR_J,                   /* GE, J */
};

static void test_cpsr_all_modes(void **state)
{
	(void)state;
	for (uint32_t m = 0; m < 32; m++) {
		for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
			uint32_t in = (others[i] & ~(uint32_t)MODE_MASK) | m;
			uint32_t out = arch_sanitize_ns_cpsr(in);
			uint32_t want_mode = valid_ns_mode(m) ? m : MODE_SVC;

			assert_int_equal(out & MODE_MASK, want_mode);
			assert_int_equal(out & ~(uint32_t)MODE_MASK,
					 in & ~(uint32_t)MODE_MASK & ~PSR_F);
		}
	}
}

static void test_cpsr_monitor_hyp(void **state)
{
	(void)state;
	assert_int_equal(arch_sanitize_ns_cpsr(MODE_MON), MODE_SVC);
	assert_int_equal(arch_sanitize_ns_cpsr(MODE_HYP | PSR_I | PSR_F), MODE_SVC | PSR_I);
	assert_int_equal(arch_sanitize_ns_cpsr(0x00000000u), MODE_SVC);   /* old 26-bit USR */
	assert_int_equal(arch_sanitize_ns_cpsr(0x80000000u | MODE_MON | PSR_A),
			 0x80000000u | MODE_SVC | PSR_A);
}

static void test_cpsr_valid_kept(void **state)
{
	(void)state;
	assert_int_equal(arch_sanitize_ns_cpsr(MODE_USR | PSR_T), MODE_USR | PSR_T);
	assert_int_equal(arch_sanitize_ns_cpsr(MODE_SVC | PSR_I | PSR_A | PSR_F),
			 MODE_SVC | PSR_I | PSR_A);
	assert_int_equal(arch_sanitize_ns_cpsr(MODE_FIQ | PSR_F), MODE_FIQ);
	/* Idempotent: a sanitised value passes unchanged. */
	for (uint32_t m = 0; m < 32; m++) {
		uint32_t once = arch_sanitize_ns_cpsr(0xffffffe0u | m);

		assert_int_equal(arch_sanitize_ns_cpsr(once), once);
	}
}

/* Review findings: secure threads start with asynchronous aborts masked;
 * the secure world runs with SCR.SIF set (the normal world's SCR alone had it,
 * where it has no effect). */
static void test_secure_run_masks_and_sif(void **state)
{
	(void)state;
	assert_int_equal(ARCH_USER_CPSR & MODE_MASK, MODE_USR);
	assert_int_equal(ARCH_USER_CPSR & (PSR_I | PSR_A | PSR_F), PSR_I | PSR_A);
	assert_true(SCR_SECURE_RUN & SCR_SIF);
	assert_false(SCR_SECURE_RUN & SCR_NS);
	assert_true(SCR_NORMAL_RUN & SCR_SIF);
}

int run_cpsr_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_cpsr_all_modes),
		UNIT_TEST(test_cpsr_monitor_hyp),
		UNIT_TEST(test_cpsr_valid_kept),
		UNIT_TEST(test_secure_run_masks_and_sif),
	};

	return UNIT_RUN_GROUP("cpsr", tests, ncases);
}
