/* A small printf: %s %c %d %i %u %x %X %p %%, with width, '0' padding,
 * '-' alignment and the 'l'/'ll' length modifiers (lib/fmt.c). */
#ifndef LIB_FMT_H
#define LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Like vsnprintf: always NUL-terminates (if size > 0) and returns the
 * length the full output would have had. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* For log lines: like fmt_vsnprintf, but returns how many characters were
 * stored (the line cut to size - 1), never more. */
size_t fmt_vline(char *buf, size_t size, const char *fmt, va_list ap);

#endif
