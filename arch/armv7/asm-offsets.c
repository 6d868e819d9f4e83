/*
 * Generates build/include/asm-offsets.h: the structure offsets and enum
 * values that assembly needs. Compiled to assembly only; the Makefile turns
 * every "->NAME value" marker into a #define. kernel/asm_offsets_check.c
 * includes the result again and static_asserts each value, so a stale
 * header fails the build.
 */
#include <stddef.h>
#include <tzvmm/smccc.h>
#include <tzvmm/vcpu_state.h>
#include "kernel.h"
#include "fastpath.h"
#include <arch/asm_offsets_list.h>

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %0\"" ::"i"(val))

void asm_offsets(void);
void asm_offsets(void)
{
#define X(sym, val) DEFINE(sym, val);
	ASM_OFFSETS_LIST
#undef X
}
