/*
 * The VMM's surroundings for the host fuzzers: the kernel answers every
 * system call with 0, logs go nowhere, vmm_fail() returns to the fuzzer
 * through a longjmp. Kept apart from the cmocka fakes so the fuzzers need
 * no test framework.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <ulib/svc.h>
#include <ulib/ulog.h>
#include "../../components/vmm/vmm.h"
#include "fuzz.h"

struct vmm_config vmm_config;
unsigned fake_lock_errors;
jmp_buf fuzz_fail_jmp;
uint32_t fuzz_reg_salt;
static struct vcpu_state states[FUZZ_VCPUS];

struct vcpu_state *vmm_vcpu_state(unsigned i)
{
	return &states[i % FUZZ_VCPUS];
}

void vmm_fail(int status, const char *fmt, ...)
{
	(void)status;
	(void)fmt;
	longjmp(fuzz_fail_jmp, 1);
}

int32_t (*fuzz_sys_hook)(uint32_t nr, uint32_t a1, uint32_t a2);

int32_t fake_sys_call(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
	(void)a3;
	(void)a4;
	return fuzz_sys_hook ? fuzz_sys_hook(nr, a1, a2) : 0;
}

/* The secure console: output goes nowhere, input is what the fuzzer
 * put into fuzz_console_in. */
const uint8_t *fuzz_console_in;
size_t fuzz_console_in_len;

int32_t fake_sys_buf(uint32_t nr, const void *buf, size_t len)
{
	(void)nr;
	(void)buf;
	return (int32_t)len;
}

int32_t fake_sys_buf_out(uint32_t nr, void *buf, size_t len)
{
	size_t n = fuzz_console_in_len < len ? fuzz_console_in_len : len;

	(void)nr;
	memcpy(buf, fuzz_console_in, n);
	fuzz_console_in += n;
	fuzz_console_in_len -= n;
	return (int32_t)n;
}

/* SYS_VCPU_REG: a banked register of the fuzzed vCPU, derived from the
 * arguments, so that walks start from every kind of table address. */
int32_t fake_sys_call_r1(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
			 uint32_t *r1_out)
{
	static const uint32_t regs[] = { 0x00c50079u, 0x40000000u, 0x400f0000u, 0u, 1u,
					 0x0e000000u, 0xffffffffu, 0x40004001u };

	(void)nr;
	(void)a1;
	(void)a3;
	(void)a4;
	*r1_out = regs[(a2 + fuzz_reg_salt) % (sizeof(regs) / sizeof(regs[0]))];
	return 0;
}

int32_t fake_sys_log(const char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return 0;
}

void ulog_v(const char *fmt, va_list ap)
{
	(void)fmt;
	(void)ap;
}

void ulog(const char *fmt, ...)
{
	(void)fmt;
}
