/*
 * The secure log: whole lines on the secure UART, each written under a lock
 * so that lines from different CPUs never interleave.
 */
#include <stdarg.h>
#include <lib/fmt.h>
#include "component.h"
#include "kernel.h"
#include <plat/board.h>

static spinlock_t log_lock;
/* The secure console's bytes (SYS_CONSOLE_WRITE) share the UART with the
 * log: true while its output has left a line unfinished, so that the next
 * log line starts on a line of its own instead of in the middle of it. */
static bool console_midline;

static void put_line(const char *prefix, const char *buf, size_t len)
{
	if (console_midline) {
		plat_uart_putc('\r');
		plat_uart_putc('\n');
		console_midline = false;
	}
	for (const char *p = prefix; *p; p++)
		plat_uart_putc(*p);
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		/* Component text is untrusted: keep the log one line per call. */
		if (c == '\n' || c == '\r')
			c = ' ';
		else if ((unsigned char)c < 0x20 || (unsigned char)c > 0x7e)
			c = '?';
		plat_uart_putc(c);
	}
	plat_uart_putc('\r');
	plat_uart_putc('\n');
}

void log_write_line(const char *prefix, const char *buf, size_t len)
{
	spin_lock(&log_lock);
	put_line(prefix, buf, len);
	spin_unlock(&log_lock);
}

void log_console_write(const char *buf, size_t len)
{
	spin_lock(&log_lock);
	for (size_t i = 0; i < len; i++)
		plat_uart_putc(buf[i]);
	console_midline = buf[len - 1] != '\n';
	spin_unlock(&log_lock);
}

void log_printf(const char *fmt, ...)
{
	char buf[200];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_vline(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_write_line("[kernel] ", buf, n);
}

void kernel_panic(const char *file, int line, const char *what)
{
	char buf[160];
	int n = fmt_snprintf(buf, sizeof(buf), "PANIC at %s:%d: %s", file, line, what);

	/* No lock: the panicking CPU may hold it. */
	put_line("[kernel] ", buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	n = fmt_snprintf(buf, sizeof(buf), "tzvmm: power off, status %d",
			 KERNEL_STATUS_PANIC);
	put_line("", buf, (size_t)n);
	plat_power_off();
}
