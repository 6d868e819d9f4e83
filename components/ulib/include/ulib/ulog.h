/* Formatted lines on the secure log from a component (components/ulib/ulog.c). */
#ifndef ULIB_ULOG_H
#define ULIB_ULOG_H

#include <stdarg.h>

void ulog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ulog_v(const char *fmt, va_list ap);

#endif
