/*
 * A component's run arguments (COMPONENT_VA_ARGS): words "key=value"
 * separated by spaces or commas, such as "period_ms=100 policy=log".
 * The parser is strict, so that a mistyped argument is an error the
 * component can name rather than a default silently kept.
 */
#ifndef LIB_ARGS_H
#define LIB_ARGS_H

#include <stddef.h>
#include <stdint.h>

#define ARGS_OK       0
#define ARGS_ABSENT  -1   /* no such key */
#define ARGS_BAD     -2   /* present but malformed, too long or out of range */

/* The value of key, copied NUL-terminated into val (size len). */
int args_get(const char *args, const char *key, char *val, size_t len);
/* The value of key as a decimal number in [min, max]. */
int args_u32(const char *args, const char *key, uint32_t min, uint32_t max, uint32_t *out);
/* 0 if every word is "key=value" with a key from known (NULL-terminated
 * list), else the 1-based index of the first word that is not; *word and
 * *wlen then point at it, for the message. */
int args_check(const char *args, const char *const *known, const char **word, size_t *wlen);

#endif
