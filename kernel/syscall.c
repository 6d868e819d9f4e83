/*
 * System calls: decode and validate, then invoke. Each handler first checks
 * every argument (capability index and kind, buffer inside the caller's own
 * memory, numeric ranges, rights) and only then acts; a bad argument
 * returns a negative SYS_E* code to the caller and changes nothing.
 */
#include <lib/string.h>
#include <tzvmm/syscall.h>
#include "aspace.h"
#include "component.h"
#include "kernel.h"
#include "sched.h"
#include "signal.h"
#include "fastpath.h"
#include "timer.h"
#include "log.h"
#include "irq.h"
#include "kernel_lock.h"
#include "syscall_decode.h"
#include "vcpu_entry.h"


const struct cap *syscall_cap(const struct component *c, uint32_t idx, enum cap_kind kind)
{
	if (idx >= c->ncaps || c->caps[idx].kind != kind)
		return NULL;
	return &c->caps[idx];
}

/* The text of a system call's record: len bytes of the caller's checked
 * buffer into the log's ring. The one work of a call whose size the caller
 * sets, so it runs outside the kernel lock with FIQs open: a secure
 * interrupt that comes meanwhile is handled at once (if the lock is free), then the copy goes
 * on (at least a piece each time round: bounded, however many come).
 * Neither this CPU's secure interrupts nor other CPUs' kernel entries wait
 * for it. The buffer stays mapped: a component's regions never change,
 * and its restart waits for this thread to come back into the kernel. */
static void log_copy_in(const struct log_slot *slot, const void *buf)
{
	size_t done = 0;
	bool progress = false;

	kernel_preempt(arch_this_cpu());   /* the reservation ran FIQ masked */
	kernel_unlock();
	while ((done = log_fill(slot, done, buf, progress)) < slot->len) {
		/* Only if the lock is free: its holder may be waiting for this
		 * open record (log_flush at power off), and the FIQ then waits
		 * for the commit, a copy of 256 bytes at most. */
		if (spin_trylock(&kernel.lock)) {
			irq_handle_pending(arch_this_cpu());
			kernel_unlock();
		}
		progress = true;
	}
	log_commit(slot);
	kernel_lock();
}

static int32_t sys_log(struct thread *t, const uint32_t *a)
{
	char prefix[24];
	uint32_t len = a[1];
	struct log_slot slot;

	if (len > SYS_LOG_MAX)
		return -SYS_EINVAL;
	if (len == 0)
		return 0;
	const void *text = aspace_user_view(&t->comp->as, uva(a[0]), len);

	if (!text)
		return -SYS_EFAULT;
	size_t n = strnlen(t->comp->desc->name, 16);

	prefix[0] = '[';
	memcpy(prefix + 1, t->comp->desc->name, n);
	memcpy(prefix + 1 + n, "] ", 3);
	if (log_reserve(LOG_REC_LINE, prefix, n + 3u, len, &slot))
		log_copy_in(&slot, text);
	return 0;
}

/* The checks both console calls make before their buffer's: the right and
 * the length. 1 if the call may go on, else its result (0 for len = 0, or
 * an error). */
static int32_t console_args(const struct thread *t, const uint32_t *a)
{
	if (!(t->comp->rights & RIGHT_CONSOLE))
		return -SYS_EPERM;
	if (a[1] > SYS_CONSOLE_MAX)
		return -SYS_EINVAL;
	return a[1] == 0 ? 0 : 1;
}

/* (buf, len): queued whole for the secure UART, where the log's filter
 * marks them as the normal world's (logstream.h); len, or 0 if the log's
 * ring had no room (dropped and counted). */
static int32_t sys_console_write(struct thread *t, const uint32_t *a)
{
	int32_t r = console_args(t, a);
	struct log_slot slot;

	if (r != 1)
		return r;
	const void *text = aspace_user_view(&t->comp->as, uva(a[0]), a[1]);

	if (!text)
		return -SYS_EFAULT;
	kernel_preempt(arch_this_cpu());
	if (!log_reserve(LOG_REC_CONSOLE, "", 0, a[1], &slot))
		return 0;
	log_copy_in(&slot, text);
	return (int32_t)a[1];
}

static int32_t sys_console_read(struct thread *t, const uint32_t *a)
{
	char buf[SYS_CONSOLE_MAX];
	uint32_t n = 0;
	int32_t r = console_args(t, a);
	int c;

	if (r != 1)
		return r;
	/* The whole buffer checked before a byte leaves the UART's FIFO. */
	if (aspace_user_check(&t->comp->as, uva(a[0]), a[1], true) != 0)
		return -SYS_EFAULT;
	while (n < a[1] && (c = plat_uart_getc()) >= 0)
		buf[n++] = (char)c;
	if (n && copy_to_user(&t->comp->as, uva(a[0]), buf, n) != 0)
		return -SYS_EFAULT;
	return (int32_t)n;
}

static int32_t sys_wait(struct thread *t, const uint32_t *a)
{
	uint32_t mask = a[0];

	if (mask == 0)
		return -SYS_EINVAL;
	if (a[1] != SYS_NO_VCPU) {
		const struct cap *c = syscall_cap(t->comp, a[1], CAP_VCPU);

		if (!c)
			return -SYS_ECAP;
		int r = vcpu_run(c->vcpu);

		if (r)
			return r;
	}
	if (t->pending & mask)
		return (int32_t)signal_take(t, mask);
	t->wait_mask = mask;
	sched_set_state(t, THREAD_BLOCKED);
	return 0;   /* not delivered: the waker writes r0 */
}

static int32_t sys_signal(struct thread *t, const uint32_t *a)
{
	const struct cap *c = syscall_cap(t->comp, a[0], CAP_SIGNAL);

	if (!c)
		return -SYS_ECAP;
	if (a[1] == 0 || (a[1] & ~c->bits))
		return -SYS_EINVAL;
	struct thread *to = c->target ? c->target :
		thread_find((unsigned)(c->per_cpu - kernel.components), t->cpu);

	if (!to)
		return -SYS_ESTATE;
	signal_send(to, a[1]);
	return 0;
}

static int32_t sys_vcpu_run(struct thread *t, const uint32_t *a)
{
	const struct cap *c = syscall_cap(t->comp, a[0], CAP_VCPU);

	return c ? vcpu_run(c->vcpu) : -SYS_ECAP;
}

static int32_t sys_timer(struct thread *t, const uint32_t *a)
{
	if (a[0] > SYS_TIMER_MAX_TICKS || (a[0] && a[1] == 0))
		return -SYS_EINVAL;
	/* Cancelling also discards the bits of an expiry not yet taken, so a
	 * cancelled timer is never observed. */
	if (a[0] == 0)
		t->pending &= ~(a[1] | t->timer_bits);
	timer_arm(t, a[0], a[1]);
	return 0;
}

static int32_t sys_power(struct thread *t, const uint32_t *a)
{
	if (!(t->comp->rights & RIGHT_POWER))
		return -SYS_EPERM;
	if (a[0] != SYS_POWER_OFF && a[0] != SYS_POWER_RESET)
		return -SYS_EINVAL;
	kernel_power(a[0], (int32_t)a[1]);
}

static int32_t sys_kinfo(struct thread *t, const uint32_t *a)
{
	if (!(t->comp->rights & RIGHT_KINFO))
		return -SYS_EPERM;
	if (a[0] >= KINFO_COUNT)
		return -SYS_EINVAL;
	return (int32_t)kernel_kinfo(a[0]);
}

static int32_t sys_exit(struct thread *t, const uint32_t *a)
{
	log_printf("component '%s' thread %u exited with code %d", t->comp->desc->name,
		   t->index, (int)a[0]);
	thread_kill(t);
	return 0;
}

/* (vcpu, reg, write, value) -> r1 = the value read, or written. The normal
 * world's banked CP15 registers live in the CPU, not in the state block:
 * only those of a vCPU stopped on this very CPU are at hand (the VMM's
 * thread i serves vCPU i on CPU i). */
static int32_t sys_vcpu_reg(struct thread *t, const uint32_t *a)
{
	const struct cap *c = syscall_cap(t->comp, a[0], CAP_VCPU);
	const struct cap *seen = c ? c : syscall_cap(t->comp, a[0], CAP_VCPU_OBSERVE);
	uint32_t reg = a[1], write = a[2];

	if (!(t->comp->rights & RIGHT_VCPU_REGS))
		return -SYS_EPERM;
	if (!seen)
		return -SYS_ECAP;
	if (reg >= SYS_NS_REG_COUNT || write > 1 || seen->vcpu->cpu != t->cpu)
		return -SYS_EINVAL;
	/* Before the guest has run on it (since boot, or since its VMM's
	 * restart) the CPU holds no guest's banked registers, or a dead
	 * one's. */
	if (!seen->vcpu->entered)
		return -SYS_ESTATE;
	/* Writes: the owner's, and only the whitelisted registers. */
	if (write && (!c || !(SYS_NS_REG_WRITABLE & (1u << reg))))
		return -SYS_EPERM;
	t->ctx.r[1] = arch_ns_cp15(reg, write, a[3]);
	return 0;
}

static int32_t sys_irq_inject(struct thread *t, const uint32_t *a)
{
	if (!(t->comp->rights & RIGHT_IRQ_INJECT))
		return -SYS_EPERM;
	if (!plat_irq_injectable(a[0]))
		return -SYS_EINVAL;
	plat_irq_inject(a[0]);
	return 0;
}

/* (base, len): at most SYS_NS_CACHE_MAX bytes (the kernel lock is held
 * meanwhile), only inside normal RAM, which the caller must have mapped
 * (COMP_NS_RAM maps it at its physical address): maintenance by address
 * then goes through the caller's own translation, never a fault. */
static int32_t sys_ns_cache(struct thread *t, const uint32_t *a)
{
	uint32_t base = a[0], len = a[1], ram, size;

	if (!(t->comp->rights & RIGHT_NS_CACHE) || !(t->comp->desc->flags & COMP_NS_RAM))
		return -SYS_EPERM;
	plat_ns_ram(&ram, &size);
	if (len == 0 || len > SYS_NS_CACHE_MAX || base < ram || base - ram >= size ||
	    len > size - (base - ram))
		return -SYS_EINVAL;
	arch_dcache_clean_inval(base, len);
	return 0;
}

static int32_t sys_fastpath(struct thread *t, const uint32_t *a)
{
	return fastpath_set(t, uva(a[0]), a[1]);
}

static int32_t sys_irq_ack(struct thread *t, const uint32_t *a)
{
	return irq_route_ack(t, a[0]);
}

typedef int32_t (*sys_handler)(struct thread *t, const uint32_t *args);

static const sys_handler sys_table[SYS_COUNT] = {
	[SYS_LOG] = sys_log,
	[SYS_WAIT] = sys_wait,
	[SYS_SIGNAL] = sys_signal,
	[SYS_VCPU_RUN] = sys_vcpu_run,
	[SYS_TIMER] = sys_timer,
	[SYS_POWER] = sys_power,
	[SYS_KINFO] = sys_kinfo,
	[SYS_EXIT] = sys_exit,
	[SYS_IRQ_ACK] = sys_irq_ack,
	[SYS_VCPU_REG] = sys_vcpu_reg,
	[SYS_IRQ_INJECT] = sys_irq_inject,
	[SYS_NS_CACHE] = sys_ns_cache,
	[SYS_FASTPATH] = sys_fastpath,
	[SYS_CONSOLE_WRITE] = sys_console_write,
	[SYS_CONSOLE_READ] = sys_console_read,
};

static inline int32_t invoke(struct thread *t, uint32_t nr, const uint32_t *args)
{
	if (nr >= SYS_COUNT || !sys_table[nr])
		return -SYS_ENOSYS;
	return sys_table[nr](t, args);
}

int32_t syscall_invoke(struct thread *t, uint32_t nr, const uint32_t *args)
{
	return invoke(t, nr, args);
}

/* (SYS_WAIT's SYS_NO_VCPU is no capability index: syscall_cap refuses it,
 * and the fast path below asks no more of it.) */
_Static_assert(COMPONENT_MAX_CAPS < SYS_NO_VCPU, "SYS_NO_VCPU names no capability");

void kernel_syscall(struct arch_context *ctx)
{
	struct cpu *cpu = arch_this_cpu();

	kernel_lock();
	struct thread *t = cpu->current;

	/* The VMM's answer to an exit: straight back into the normal world
	 * when nothing else is to be done. A secure interrupt pending since
	 * the way in (vec_svc runs FIQ masked) is handled by the entry's own
	 * last check, with t waiting: the dispatcher then comes to what the
	 * general path would. A thread whose component began a restart while
	 * this CPU waited for the lock makes no more calls: the dispatcher
	 * parks it. */
	if (ctx->r[0] == SYS_WAIT && ctx->r[1] && !t->comp->restarting) {
		const struct cap *c = syscall_cap(t->comp, ctx->r[2], CAP_VCPU);

		if (c && vcpu_wait_fast_path(cpu, t, c->vcpu, ctx->r[1]))
			goto dispatch;   /* t waits: its call is made */
	}
	kernel_preempt(cpu);   /* the general path: before the call's work */
	if (!t->comp->restarting) {
		int32_t r = invoke(t, ctx->r[0], &ctx->r[1]);

		if (t->state == THREAD_RUNNABLE)
			ctx->r[0] = (uint32_t)r;
	}
dispatch:
	sched_dispatch(cpu);
}
