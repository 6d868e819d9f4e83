/*
 * The storage component's test hooks (testhooks/, test image only), weak
 * so that the production image links without them. The run's arguments
 * (`--args storage=WORD`) name one: "selftest" writes, flushes and reads
 * back a pattern, checking the one an earlier boot left; "bench" measures
 * how fast the flash programs (make bench's flash_program_MBps); "slow"
 * makes every request of the guest wait first, as a busy chip's polls do.
 */
#ifndef STORAGE_TESTHOOKS_H
#define STORAGE_TESTHOOKS_H

#include <stdbool.h>

#define TESTHOOK __attribute__((weak))

/* Runs the hook args name, with the store mounted and the lock held, or
 * says on the log that it knows none of that name. */
TESTHOOK void storage_testhook(const char *args);
/* Called by thread index before it serves each request, lock not held. */
TESTHOOK void storage_testhook_request(unsigned index);

#endif
