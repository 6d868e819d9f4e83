/* The fast path for pure queries (kernel/fastpath.c) */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H

#include <stdbool.h>
#include <stdint.h>
#include <tzvmm/syscall.h>
#include <tzvmm/vcpu_state.h>
#include "aspace.h"

struct thread;

/* Pure queries answered from a table the VMM hands over once
 * and the kernel checks and freezes. The monitor looks every SMC up in it
 * first (monitor.S, mon_smc_fast); the kernel's own lookup
 * (fastpath_answer) serves the traced image, whose monitor leaves it to
 * the kernel so that the tracer records the answers. */
int32_t fastpath_set(struct thread *t, uva_t va, uint32_t count);
/* Answers the SMC in s from the table (r0-r3); false if it holds none. */
bool fastpath_answer(struct vcpu_state *s);
/* Fibonacci hashing of an id to 5 bits: the ids tzvmm serves differ in a
 * few low and a few high bits, which the multiply spreads (the pure
 * queries and TZVMM_SMC_NULL land on different bits). */
#define FASTPATH_HASH_MUL   0x9e3779b1u
#define FASTPATH_HASH_SHIFT 27u
#define FASTPATH_BUCKETS    32u
static inline uint32_t fastpath_hash(uint32_t id)
{
	return (id * FASTPATH_HASH_MUL) >> FASTPATH_HASH_SHIFT;
}
/* The frozen table, entries ordered by hash: a lookup compares only those
 * of its id's bucket. Read by monitor.S (offsets in asm_offsets_list.h). */
struct fastpath_table {
	uint32_t filter;                       /* bit 31 - h: bucket h holds entries (so
						  that the monitor tests it with one
						  shift into the sign) */
	uint8_t first[FASTPATH_BUCKETS + 1u];  /* bucket h: e[first[h] .. first[h + 1]) */
	struct sys_fastpath_entry e[SYS_FASTPATH_MAX];
};
extern struct fastpath_table fastpath_table;
/* False when the table surely holds no answer for id: a multiply, a shift,
 * a load and a test. */
static inline bool fastpath_may_hold(uint32_t id)
{
	return fastpath_table.filter & (0x80000000u >> fastpath_hash(id));
}
/* Forgets the table: the VMM restarted (restart.c) gives its own again. */
void fastpath_reset(void);

#endif
