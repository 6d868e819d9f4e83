/*
 * The vCPU state block (include/tzvmm/vcpu_state.h) as monitor.S walks
 * it: r0 at offset 0 (SP_mon points there), one stm/ldm run from sp_usr
 * to pc without gaps, the FIQ bank as {spsr, r8-r12, sp, lr}, cpsr then
 * pc right after it, and the whole block inside one 4 KiB page. Also
 * checks the generated asm-offsets.h against the structure.
 */
#include <stddef.h>
#include <tzvmm/vcpu_state.h>
#include <arch/arch.h>
#include "asm-offsets.h"
#include "unit.h"

#define OFF(m) offsetof(struct vcpu_state, m)

static void test_layout_gprs(void **state)
{
	(void)state;
	assert_int_equal(OFF(regs), 0);
	for (unsigned i = 0; i < 13; i++)
		assert_int_equal(OFF(regs.r) + 4 * i, 4 * i);
	assert_int_equal(OFF(regs.sp_usr), 13 * 4);
	assert_int_equal(OFF(regs.lr_usr), 14 * 4);
}

/* Each banked mode: spsr, sp, lr, in the order stm stores them. */
static void test_layout_banked_modes(void **state)
{
	static const size_t modes[] = { OFF(regs.svc), OFF(regs.abt), OFF(regs.und),
					OFF(regs.irq) };

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(modes[i], 60 + 12 * i);
		assert_int_equal(offsetof(struct vcpu_mode_regs, sp), 4);
		assert_int_equal(offsetof(struct vcpu_mode_regs, lr), 8);
	}
	assert_int_equal(OFF(regs.svc.spsr), 60);
	assert_int_equal(OFF(regs.irq.lr), 104);
}

static void test_layout_fiq_cpsr_pc(void **state)
{
	(void)state;
	assert_int_equal(OFF(regs.fiq), 108);
	assert_int_equal(OFF(regs.fiq.spsr), 108);
	for (unsigned i = 0; i < 5; i++)   /* r8, r9, r10, r11, r12 */
		assert_int_equal(OFF(regs.fiq.r8_12) + 4 * i, 112 + 4 * i);
	assert_int_equal(OFF(regs.fiq.sp), 132);
	assert_int_equal(OFF(regs.fiq.lr), 136);
	assert_int_equal(OFF(regs.cpsr), OFF(regs.fiq) + sizeof(struct vcpu_fiq_regs));
	assert_int_equal(OFF(regs.cpsr), 140);
	assert_int_equal(OFF(regs.pc), OFF(regs.cpsr) + 4);
	assert_int_equal(sizeof(struct vcpu_regs), OFF(regs.pc) + 4);
}

static void test_layout_fits_page(void **state)
{
	(void)state;
	assert_true(sizeof(struct vcpu_state) <= VCPU_STATE_PAGE_SIZE);
	assert_int_equal(VCPU_STATE_PAGE_SIZE, 4096);
	assert_int_equal(OFF(exit_reason), sizeof(struct vcpu_regs));
}

/* What assembly uses (build/include/asm-offsets.h) matches the struct;
 * the banked-mode blocks between sp_usr and pc are walked with one
 * writeback pointer, their order is tested above. */
static void test_layout_asm_offsets(void **state)
{
	(void)state;
	assert_int_equal(VCPU_SP_USR, OFF(regs.sp_usr));
	assert_int_equal(VCPU_PC, OFF(regs.pc));
	assert_int_equal(VCPU_PMCR, OFF(pmcr));
	assert_int_equal(VCPU_ENTRY_FLAGS, OFF(entry_flags));
	/* The secure user context vectors.S stores with stm/srs. */
	assert_int_equal(CTX_PC, offsetof(struct arch_context, pc));
	assert_int_equal(offsetof(struct arch_context, sp), 13 * 4);
	assert_int_equal(offsetof(struct arch_context, cpsr),
			 offsetof(struct arch_context, pc) + 4);
}

int run_layout_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_layout_gprs),
		UNIT_TEST(test_layout_banked_modes),
		UNIT_TEST(test_layout_fiq_cpsr_pc),
		UNIT_TEST(test_layout_fits_page),
		UNIT_TEST(test_layout_asm_offsets),
	};

	return UNIT_RUN_GROUP("layout", tests, ncases);
}
