/* The storage component's test hooks (../testhooks.h), each run with the
 * store mounted and the lock held. */
#ifndef STORAGE_TESTHOOKS_HOOKS_H
#define STORAGE_TESTHOOKS_HOOKS_H

/* selftest.c */
void selftest_run(void);
/* bench.c */
void bench_run(void);

#endif
