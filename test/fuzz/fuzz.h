/* Shared by the libFuzzer targets in test/fuzz/. */
#ifndef TEST_FUZZ_FUZZ_H
#define TEST_FUZZ_FUZZ_H

#include <setjmp.h>
#include <stdint.h>

#define FUZZ_VCPUS 8
extern jmp_buf fuzz_fail_jmp;
/* Varies the banked registers fake_vmm.c reports (fuzz_smc.c sets it). */
extern uint32_t fuzz_reg_salt;
extern unsigned fake_lock_errors;

#endif
