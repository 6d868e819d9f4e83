/* System-call stubs for secure user components (see tzvmm/syscall.h). */
#ifndef ULIB_SYS_H
#define ULIB_SYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tzvmm/syscall.h>
#include <ulib/svc.h>

static inline int32_t sys_log(const char *buf, size_t len)
{
	return ulib_svc_buf(SYS_LOG, buf, len);
}

/* Resumes vcpu (unless SYS_NO_VCPU), then waits for a signal in mask. */
static inline uint32_t sys_wait(uint32_t mask, uint32_t vcpu)
{
	return (uint32_t)ulib_svc(SYS_WAIT, mask, vcpu);
}

static inline int32_t sys_signal(uint32_t cap, uint32_t bits)
{
	return ulib_svc(SYS_SIGNAL, cap, bits);
}

static inline int32_t sys_vcpu_run(uint32_t vcpu) { return ulib_svc(SYS_VCPU_RUN, vcpu, 0); }
static inline int32_t sys_irq_ack(uint32_t intid) { return ulib_svc(SYS_IRQ_ACK, intid, 0); }

static inline int32_t sys_irq_inject(uint32_t intid)
{
	return ulib_svc(SYS_IRQ_INJECT, intid, 0);
}

static inline int32_t sys_fastpath(const struct sys_fastpath_entry *e, uint32_t count)
{
	return ulib_svc(SYS_FASTPATH, (uint32_t)(uintptr_t)e, count);
}

static inline int32_t sys_ns_cache(uint32_t base, uint32_t len)
{
	return ulib_svc(SYS_NS_CACHE, base, len);
}

/* The normal world's banked CP15 register reg (SYS_NS_REG_*) of vCPU cap
 * vcpu, stopped on this CPU: read into *value, or (write) set to *value. */
static inline int32_t sys_vcpu_reg(uint32_t vcpu, uint32_t reg, bool write, uint32_t *value)
{
	return ulib_svc4_r1(SYS_VCPU_REG, vcpu, reg, write, *value, value);
}

static inline int32_t sys_console_write(const void *buf, size_t len)
{
	return ulib_svc_buf(SYS_CONSOLE_WRITE, buf, len);
}

static inline int32_t sys_console_read(void *buf, size_t len)
{
	return ulib_svc_buf_out(SYS_CONSOLE_READ, buf, len);
}

static inline int32_t sys_timer(uint32_t ticks, uint32_t bits)
{
	return ulib_svc(SYS_TIMER, ticks, bits);
}

static inline int32_t sys_power(uint32_t how, int32_t status)
{
	return ulib_svc(SYS_POWER, how, (uint32_t)status);
}

static inline uint32_t sys_kinfo(uint32_t which)
{
	return (uint32_t)ulib_svc(SYS_KINFO, which, 0);
}

#endif
