/* BearSSL's <string.h> in the secure world, which has no libc: tzvmm's own
 * memcpy/memset/memmove/memcmp (lib/string.c). Host builds use it too, so
 * that every build of BearSSL links the same functions. */
#include <lib/string.h>
