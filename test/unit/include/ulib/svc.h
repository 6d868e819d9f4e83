/*
 * Host stand-in for components/ulib/include/ulib/svc.h: instead of `svc #0`, the real
 * stubs of ulib/sys.h land in fake_sys_call() (test/unit/fake_ulib.c),
 * which records the call and returns what the test scripted; SYS_LOG's
 * buffer (a host pointer) goes to fake_sys_log().
 */
#ifndef ULIB_SVC_H
#define ULIB_SVC_H

#include <stddef.h>
#include <stdint.h>

int32_t fake_sys_call(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4);
int32_t fake_sys_log(const char *buf, size_t len);

static inline int32_t ulib_svc(uint32_t nr, uint32_t a1, uint32_t a2)
{
	return fake_sys_call(nr, a1, a2, 0, 0);
}

/* The second result (r1) is what the test scripted in fake.sys_r1. */
int32_t fake_sys_call_r1(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
			 uint32_t *r1_out);

static inline int32_t ulib_svc4_r1(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3,
				   uint32_t a4, uint32_t *r1_out)
{
	return fake_sys_call_r1(nr, a1, a2, a3, a4, r1_out);
}

/* Buffer calls: SYS_LOG's lines go to the fake log, SYS_CONSOLE_WRITE's
 * bytes to fake.console_out; SYS_CONSOLE_READ reads fake.console_in. */
int32_t fake_sys_buf(uint32_t nr, const void *buf, size_t len);
int32_t fake_sys_buf_out(uint32_t nr, void *buf, size_t len);

static inline int32_t ulib_svc_buf(uint32_t nr, const void *buf, size_t len)
{
	return fake_sys_buf(nr, buf, len);
}

static inline int32_t ulib_svc_buf_out(uint32_t nr, void *buf, size_t len)
{
	return fake_sys_buf_out(nr, buf, len);
}

#endif
