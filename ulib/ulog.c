#include <stdarg.h>
#include <lib/fmt.h>
#include <tzvmm/syscall.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>

void ulog(const char *fmt, ...)
{
	char buf[SYS_LOG_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	sys_log(buf, (size_t)n);
}
