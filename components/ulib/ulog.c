/* Formatted lines on the secure log, written through SYS_LOG. */
#include <stdarg.h>
#include <lib/fmt.h>
#include <tzvmm/syscall.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>

void ulog_v(const char *fmt, va_list ap)
{
	char buf[SYS_LOG_MAX];

	sys_log(buf, fmt_vline(buf, sizeof(buf), fmt, ap));
}

void ulog(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ulog_v(fmt, ap);
	va_end(ap);
}
