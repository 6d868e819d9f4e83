/*
 * Generates build/include/asm-offsets-test.h: the values the test image's
 * assembly (this folder) needs and the production kernel does not, so that
 * its list (arch/asm_offsets_list.h) names no test id.
 */
#include <tzvmm/test/hooks.h>

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %0\"" ::"i"(val))

void asm_offsets_test(void);
void asm_offsets_test(void)
{
	DEFINE(SMC_BENCH_FLOOR_ASM, TZVMM_SMC_BENCH_FLOOR);
}
