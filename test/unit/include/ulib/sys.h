/*
 * Host stand-in for ulib/include/ulib/sys.h: the same stubs, but instead
 * of `svc #0` each one lands in fake_sys_call() (test/unit/fake_ulib.c),
 * which records the call and returns what the test scripted.
 */
#ifndef ULIB_SYS_H
#define ULIB_SYS_H

#include <stdint.h>
#include <stddef.h>
#include <tzvmm/syscall.h>

int32_t fake_sys_call(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4);
int32_t fake_sys_log(const char *buf, size_t len);

static inline int32_t sys_call(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
	return fake_sys_call(nr, a1, a2, a3, a4);
}

static inline int32_t sys_log(const char *buf, size_t len)
{
	return fake_sys_log(buf, len);
}

static inline uint32_t sys_wait(uint32_t mask, uint32_t vcpu)
{
	return (uint32_t)sys_call(SYS_WAIT, mask, vcpu, 0, 0);
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
