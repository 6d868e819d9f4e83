/*
 * The kernel's fast path for pure queries (SMCCC_VERSION, PSCI_VERSION,
 * the FEATURES calls...): answered in the exit routine from a table, as
 * data, without waking the VMM. The answers stay the VMM's policy: it
 * computes them with its own handlers at boot and hands the table over
 * once (SYS_FASTPATH, the fastpath right); the kernel checks every entry
 * and freezes the table. A query the table does not hold goes to the VMM
 * as before. A 32-bit filter over the ids held (fastpath_may_hold,
 * kernel.h) keeps a miss cheap, inline in the exit routine: it is on
 * every SMC; past it, a lookup compares only the entries of the id's hash.
 */
#include <lib/string.h>
#include <tzvmm/smccc.h>
#include <tzvmm/syscall.h>
#include "aspace.h"
#include "kernel.h"
#include "fastpath.h"

/* (A miss on the whole table, linear, was 48 compares on the exit path
 * with FIQs masked, for any id the filter let through.) */
struct fastpath_table fastpath_table;
static bool frozen;

/* A fast SMC32 call (no other kind exits to the VMM as a call); match is
 * 0 or a1. Which owners and calls are answered is the VMM's policy: it
 * builds the table from its own handlers (components/vmm/vmm_fastpath.c). */
static bool entry_ok(const struct sys_fastpath_entry *e)
{
	return smccc_is_fast32(e->id) && !(e->flags & ~SYS_FASTPATH_MATCH_A1);
}

static bool same_query(const struct sys_fastpath_entry *a, const struct sys_fastpath_entry *b)
{
	return a->id == b->id && (!(a->flags & SYS_FASTPATH_MATCH_A1) ||
				  !(b->flags & SYS_FASTPATH_MATCH_A1) || a->a1 == b->a1);
}

int32_t fastpath_set(struct thread *t, uva_t va, uint32_t count)
{
	struct sys_fastpath_entry e[SYS_FASTPATH_MAX];

	if (!(t->comp->rights & RIGHT_FASTPATH))
		return -SYS_EPERM;
	if (frozen)
		return -SYS_ESTATE;
	if (count > SYS_FASTPATH_MAX)
		return -SYS_EINVAL;
	/* Read once. */
	if (count && copy_from_user(&t->comp->as, e, va, count * sizeof(e[0])) != 0)
		return -SYS_EFAULT;
	for (unsigned i = 0; i < count; i++) {
		if (!entry_ok(&e[i]))
			return -SYS_EINVAL;
		for (unsigned j = 0; j < i; j++)
			if (same_query(&e[i], &e[j]))
				return -SYS_EINVAL;   /* two answers to one query */
	}
	/* A counting sort by hash; the filter, a bit per bucket in use,
	 * last: a reader that sees a bit finds its bucket complete. */
	unsigned at[FASTPATH_BUCKETS + 1u] = { 0 };
	uint32_t filter = 0;

	for (unsigned i = 0; i < count; i++)
		at[fastpath_hash(e[i].id) + 1u]++;
	for (unsigned h = 0; h < FASTPATH_BUCKETS; h++)
		at[h + 1u] += at[h];
	for (unsigned h = 0; h <= FASTPATH_BUCKETS; h++)
		fastpath_table.first[h] = (uint8_t)at[h];
	for (unsigned i = 0; i < count; i++) {
		uint32_t h = fastpath_hash(e[i].id);

		fastpath_table.e[at[h]++] = e[i];
		filter |= 0x80000000u >> h;
	}
	__atomic_store_n(&fastpath_table.filter, filter, __ATOMIC_RELEASE);
	frozen = true;
	return 0;
}

bool fastpath_answer(struct vcpu_state *s)
{
	const struct fastpath_table *f = &fastpath_table;
	uint32_t id = s->regs.r[0], h = fastpath_hash(id);

	for (unsigned i = f->first[h]; i < f->first[h + 1u]; i++) {
		const struct sys_fastpath_entry *e = &f->e[i];

		if (e->id == id && (!(e->flags & SYS_FASTPATH_MATCH_A1) || e->a1 == s->regs.r[1])) {
			s->regs.r[0] = e->r[0];
			s->regs.r[1] = e->r[1];
			s->regs.r[2] = e->r[2];
			s->regs.r[3] = e->r[3];
			return true;
		}
	}
	return false;
}

void fastpath_reset(void)
{
	memset(&fastpath_table, 0, sizeof(fastpath_table));
	frozen = false;
}
