/*
 * Test-and-set spinlock with ldrex/strex (ARM DDI 0406C, A3.4). Waiters
 * sleep in WFE; the unlocking CPU's SEV wakes them. Inline: the kernel
 * lock is taken twice on every SMC answered by the VMM. In lib/ because
 * secure user components (the VMM's PSCI state) lock with it too; host
 * unit tests replace it (test/unit/include/lib/spinlock.h).
 */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H

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

static inline void spin_unlock(spinlock_t *l)
{
	__asm__ volatile("dmb" ::: "memory");
	l->locked = 0;
	__asm__ volatile("dsb\n sev" ::: "memory");
}

#endif
