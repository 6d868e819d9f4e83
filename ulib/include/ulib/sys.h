/* System-call stubs for secure user components (see tzvmm/syscall.h). */
#ifndef ULIB_SYS_H
#define ULIB_SYS_H

#include <stdint.h>
#include <stddef.h>
#include <tzvmm/syscall.h>

static inline int32_t sys_call(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
	register uint32_t r0 __asm__("r0") = nr;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;
	register uint32_t r4 __asm__("r4") = a4;

	__asm__ volatile("svc #0" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r3), "r"(r4) : "memory");
	return (int32_t)r0;
}

static inline int32_t sys_log(const char *buf, size_t len)
{
	return sys_call(SYS_LOG, (uint32_t)(uintptr_t)buf, (uint32_t)len, 0, 0);
}

/* Resumes vcpu (unless SYS_NO_VCPU), then waits for a signal in mask.
 * On every SMC's path: only the registers the call reads are set. */
static inline uint32_t sys_wait(uint32_t mask, uint32_t vcpu)
{
	register uint32_t r0 __asm__("r0") = SYS_WAIT;
	register uint32_t r1 __asm__("r1") = mask;
	register uint32_t r2 __asm__("r2") = vcpu;

	__asm__ volatile("svc #0" : "+r"(r0) : "r"(r1), "r"(r2) : "memory");
	return r0;
}

static inline int32_t sys_signal(uint32_t cap, uint32_t bits)
{
	return sys_call(SYS_SIGNAL, cap, bits, 0, 0);
}

static inline int32_t sys_vcpu_run(uint32_t vcpu) { return sys_call(SYS_VCPU_RUN, vcpu, 0, 0, 0); }
static inline int32_t sys_vcpu_pause(uint32_t vcpu) { return sys_call(SYS_VCPU_PAUSE, vcpu, 0, 0, 0); }

static inline int32_t sys_timer(uint32_t ticks, uint32_t bits)
{
	return sys_call(SYS_TIMER, ticks, bits, 0, 0);
}

static inline int32_t sys_power(uint32_t how, int32_t status)
{
	return sys_call(SYS_POWER, how, (uint32_t)status, 0, 0);
}

static inline uint32_t sys_kinfo(uint32_t which)
{
	return (uint32_t)sys_call(SYS_KINFO, which, 0, 0, 0);
}

#endif
