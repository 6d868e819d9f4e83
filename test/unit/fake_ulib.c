/*
 * Fake VMM environment: the system calls of ulib/sys.h (through the
 * stand-in header), ulog, and what components/vmm/vmm.c would provide:
 * vmm_config, vmm_fail and the vCPU state blocks.
 */
#include <stdio.h>
#include <string.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include "../../components/vmm/vmm.h"
#include "unit.h"

struct vmm_config vmm_config;
struct vcpu_state fake_vcpu_states[FAKE_VCPUS];

struct vcpu_state *vmm_vcpu_state(unsigned i)
{
	if (i >= FAKE_VCPUS)
		fail_msg("vmm_vcpu_state(%u): no such vCPU", i);
	return &fake_vcpu_states[i];
}

static void record(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
	if (fake.sys_calls < FAKE_MAX_REC)
		fake.sys[fake.sys_calls] = (struct fake_sys_rec){ nr, { a1, a2, a3, a4 } };
	fake.sys_calls++;
}

int32_t fake_sys_call(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
	const uint32_t a[4] = { a1, a2, a3, a4 };

	record(nr, a1, a2, a3, a4);
	if (fake.sys_hook)
		return fake.sys_hook(nr, a);
	return nr < SYS_COUNT ? fake.sys_ret[nr] : -SYS_ENOSYS;
}

int32_t fake_sys_call_r1(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
			 uint32_t *r1_out)
{
	int32_t r = fake_sys_call(nr, a1, a2, a3, a4);

	if (r == 0)
		*r1_out = fake.sys_r1;
	return r;
}

int32_t fake_sys_log(const char *buf, size_t len)
{
	record(SYS_LOG, 0, (uint32_t)len, 0, 0);
	fake_log_add("%.*s", (int)len, buf);
	return 0;
}

int32_t fake_sys_buf(uint32_t nr, const void *buf, size_t len)
{
	if (nr == SYS_LOG)
		return fake_sys_log(buf, len);
	record(nr, 0, (uint32_t)len, 0, 0);
	if (nr != SYS_CONSOLE_WRITE || len > SYS_CONSOLE_MAX)
		return -SYS_EINVAL;
	if (fake.console_full ||
	    (fake.console_room && fake.console_out_len + len > fake.console_room))
		return 0;   /* as the kernel answers when its log's ring is full */
	if (fake.console_out_len + len <= sizeof(fake.console_out)) {
		memcpy(fake.console_out + fake.console_out_len, buf, len);
		fake.console_out_len += len;
	}
	return (int32_t)len;
}

int32_t fake_sys_buf_out(uint32_t nr, void *buf, size_t len)
{
	size_t n = fake.console_in_len < len ? fake.console_in_len : len;

	record(nr, 0, (uint32_t)len, 0, 0);
	if (nr != SYS_CONSOLE_READ)
		return -SYS_EINVAL;
	memcpy(buf, fake.console_in, n);
	fake.console_in += n;
	fake.console_in_len -= n;
	return (int32_t)n;
}

unsigned fake_sys_count(uint32_t nr)
{
	unsigned n = 0;

	for (unsigned i = 0; i < fake.sys_calls && i < FAKE_MAX_REC; i++)
		n += fake.sys[i].nr == nr;
	return n;
}

const struct fake_sys_rec *fake_sys_nth(uint32_t nr, unsigned nth)
{
	for (unsigned i = 0; i < fake.sys_calls && i < FAKE_MAX_REC; i++)
		if (fake.sys[i].nr == nr && nth-- == 0)
			return &fake.sys[i];
	return NULL;
}

void ulog(const char *fmt, ...)
{
	char buf[FAKE_LOG_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fake_log_add("%s", buf);
}

void vmm_fail(int status, const char *fmt, ...)
{
	va_list ap;

	fake.fails++;
	fake.fail_status = status;
	va_start(ap, fmt);
	vsnprintf(fake.fail_msg, sizeof(fake.fail_msg), fmt, ap);
	va_end(ap);
	fake_escape_now("vmm_fail");
}
