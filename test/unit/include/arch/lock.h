/*
 * Host stand-in for arch/armv7/include/arch/lock.h. Tests run on one host
 * thread, so the lock only records misuse: taking a lock already held (a
 * deadlock on the target) or releasing one not held counts in
 * fake_lock_errors, which every test's teardown expects to be zero.
 */
#ifndef ARCH_LOCK_H
#define ARCH_LOCK_H

#include <stdint.h>

typedef struct {
	volatile uint32_t locked;
} arch_spinlock_t;

extern unsigned fake_lock_errors;

static inline void arch_spin_lock(arch_spinlock_t *l)
{
	if (l->locked)
		fake_lock_errors++;
	l->locked = 1;
}

static inline void arch_spin_unlock(arch_spinlock_t *l)
{
	if (!l->locked)
		fake_lock_errors++;
	l->locked = 0;
}

#endif
