/*
 * Test-and-set spinlock with ldrex/strex (ARM DDI 0406C, A3.4). Waiters
 * sleep in WFE; the unlocking CPU's SEV wakes them. Inline: the kernel
 * lock is taken twice on every SMC answered by the VMM. In lib/ because
 * secure user components (the VMM's PSCI state) lock with it too; host
 * unit tests replace it (test/unit/include/lib/spinlock.h).
 */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
	volatile uint32_t locked;
} spinlock_t;

static inline void spin_lock(spinlock_t *l)
{
	uint32_t tmp;

	__asm__ volatile("1:	ldrex	%0, [%1]\n"
			 "	teq	%0, #0\n"
			 "	wfene\n"
			 "	strexeq	%0, %2, [%1]\n"
			 "	teqeq	%0, #0\n"
			 "	bne	1b\n"
			 "	dmb\n"
			 : "=&r"(tmp)
			 : "r"(&l->locked), "r"(1u)
			 : "cc", "memory");
}

/* No wait: true if the lock is now the caller's, false if another holds
 * it (a lost reservation is retried, it says nothing about the holder).
 * The leading dmb orders the caller's earlier stores (a record it
 * published) before its look at the lock, so that the holder, which looks
 * at them after its unlock, cannot miss them (kernel/log.c). */
static inline bool spin_trylock(spinlock_t *l)
{
	uint32_t tmp, failed = 1;

	__asm__ volatile("	dmb\n"
			 "1:	ldrex	%0, [%2]\n"
			 "	teq	%0, #0\n"
			 "	bne	2f\n"
			 "	strex	%0, %3, [%2]\n"
			 "	teq	%0, #0\n"
			 "	bne	1b\n"
			 "	mov	%1, #0\n"
			 "2:	dmb\n"
			 : "=&r"(tmp), "+&r"(failed)
			 : "r"(&l->locked), "r"(1u)
			 : "cc", "memory");
	return failed == 0;
}

static inline void spin_unlock(spinlock_t *l)
{
	__asm__ volatile("dmb" ::: "memory");
	l->locked = 0;
	__asm__ volatile("dsb\n sev" ::: "memory");
}

#endif
