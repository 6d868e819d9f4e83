/* Shared by the libFuzzer targets in test/fuzz/. */
#ifndef TEST_FUZZ_FUZZ_H
#define TEST_FUZZ_FUZZ_H

#include <setjmp.h>

#define FUZZ_VCPUS 8
extern jmp_buf fuzz_fail_jmp;
extern unsigned fake_lock_errors;

#endif
