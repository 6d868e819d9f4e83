/*
 * The system-call instruction itself. ulib/sys.h builds every call on
 * these three; host unit tests put their own ulib/svc.h first on the include
 * path and so exercise the real stubs against a fake kernel.
 */
#ifndef ULIB_SVC_H
#define ULIB_SVC_H

#include <stddef.h>
#include <stdint.h>

/* svc #0 with r0 = nr, r1 = a1, r2 = a2 (every call takes at most two
 * arguments); returns r0. Only the registers the kernel reads are set: this
 * is on every SMC's path. */
static inline int32_t ulib_svc(uint32_t nr, uint32_t a1, uint32_t a2)
{
	register uint32_t r0 __asm__("r0") = nr;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;

	__asm__ volatile("svc #0" : "+r"(r0) : "r"(r1), "r"(r2) : "memory");
	return (int32_t)r0;
}

/* A call with four arguments that also returns r1 (SYS_VCPU_REG); off
 * every hot path. */
static inline int32_t ulib_svc4_r1(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3,
				   uint32_t a4, uint32_t *r1_out)
{
	register uint32_t r0 __asm__("r0") = nr;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;
	register uint32_t r4 __asm__("r4") = a4;

	__asm__ volatile("svc #0" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r3), "r"(r4) : "memory");
	*r1_out = r1;
	return (int32_t)r0;
}

/* A call that passes a buffer of the caller's (SYS_LOG). */
static inline int32_t ulib_svc_buf(uint32_t nr, const void *buf, size_t len)
{
	return ulib_svc(nr, (uint32_t)(uintptr_t)buf, (uint32_t)len);
}

/* A call that fills the caller's buffer. */
static inline int32_t ulib_svc_buf_out(uint32_t nr, void *buf, size_t len)
{
	return ulib_svc(nr, (uint32_t)(uintptr_t)buf, (uint32_t)len);
}

#endif
