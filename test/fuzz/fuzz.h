/* Shared by the libFuzzer targets in test/fuzz/. */
#ifndef TEST_FUZZ_FUZZ_H
#define TEST_FUZZ_FUZZ_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#define FUZZ_VCPUS 8
extern jmp_buf fuzz_fail_jmp;
/* Varies the banked registers fake_vmm.c reports (fuzz_smc.c sets it). */
extern uint32_t fuzz_reg_salt;
extern unsigned fake_lock_errors;
/* If set, answers the system calls instead of 0 (fuzz_virtio.c). */
extern int32_t (*fuzz_sys_hook)(uint32_t nr, uint32_t a1, uint32_t a2);
extern const uint8_t *fuzz_console_in;
extern size_t fuzz_console_in_len;

#endif
