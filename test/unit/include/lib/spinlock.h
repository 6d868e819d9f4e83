/*
 * Host stand-in for lib/include/lib/spinlock.h. Tests run on one host
 * thread, so the lock only records misuse: taking a lock already held (a
 * deadlock on the target) or releasing one not held counts in
 * fake_lock_errors, which every test's teardown expects to be zero.
 */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
	volatile uint32_t locked;
} spinlock_t;

extern unsigned fake_lock_errors;

static inline void spin_lock(spinlock_t *l)
{
	if (l->locked)
		fake_lock_errors++;
	l->locked = 1;
}

static inline bool spin_trylock(spinlock_t *l)
{
	if (l->locked)
		return false;
	l->locked = 1;
	return true;
}

static inline void spin_unlock(spinlock_t *l)
{
	if (!l->locked)
		fake_lock_errors++;
	l->locked = 0;
}

#endif
