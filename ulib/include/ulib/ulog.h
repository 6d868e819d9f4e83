/* Formatted lines on the secure log from a component (ulib/ulog.c). */
#ifndef ULIB_ULOG_H
#define ULIB_ULOG_H

void ulog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
