/*
 * The kernel's objects: CPUs, address spaces, components, threads and
 * vCPUs. Everything is created at boot from the static boot list
 * (generated from each component's component.conf); nothing is allocated
 * afterwards.
 *
 * Concurrency: one kernel lock (kernel_lock) serialises every kernel entry
 * on every CPU; the kernel runs with interrupts masked and never blocks, so
 * a single per-CPU stack suffices and each entry ends by entering a user
 * thread, a vCPU or the idle loop.
 */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <arch/arch.h>
#include <tzvmm/limits.h>
#include <tzvmm/syscall.h>
#include <tzvmm/vcpu_state.h>
#include "aspace.h"
#include "logstream.h"

/* The kernel's names for the image's limits (include/tzvmm/limits.h). */
#define KERNEL_MAX_CPUS        TZVMM_MAX_CPUS
#define KERNEL_MAX_THREADS     TZVMM_MAX_THREADS
#define KERNEL_MAX_COMPONENTS  TZVMM_MAX_COMPONENTS
#define KERNEL_MAX_IRQ_ROUTES  TZVMM_MAX_IRQ_ROUTES
#define KERNEL_STACK_SIZE      8192u

/* Broken internal invariant: loud panic with file and line. Never used on
 * a path that normal-world or component input can reach. */
#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			kernel_panic(__FILE__, __LINE__, #cond);               \
	} while (0)

/* kernel_panic(file, line, what) is declared in the board interface. */
#include <plat/board.h>

/* CAP_VCPU_OBSERVE: a vCPU whose banked registers may be read (with
 * RIGHT_VCPU_REGS), nothing else: no running, no waiting on it, no writes. */
enum cap_kind { CAP_NONE = 0, CAP_VCPU, CAP_SIGNAL, CAP_VCPU_OBSERVE };

struct thread;
struct vcpu;

struct cap {
	enum cap_kind kind;
	struct vcpu *vcpu;         /* CAP_VCPU, CAP_VCPU_OBSERVE */
	struct thread *target;     /* CAP_SIGNAL: the thread, or NULL for ... */
	struct component *per_cpu; /* ... that component's thread on the caller's CPU */
	uint32_t bits;             /* CAP_SIGNAL */
};

/* Rights a component may hold (component_desc.rights). */
#define RIGHT_POWER   0x1u     /* SYS_POWER */
#define RIGHT_KINFO   0x2u     /* SYS_KINFO */
#define RIGHT_VCPU_REGS 0x4u   /* SYS_VCPU_REG: the normal world's banked CP15 */
#define RIGHT_IRQ_INJECT 0x8u  /* SYS_IRQ_INJECT: interrupts for the normal world */
#define RIGHT_NS_CACHE 0x10u   /* SYS_NS_CACHE: cache maintenance on normal RAM */
#define RIGHT_FASTPATH 0x20u   /* SYS_FASTPATH: the kernel's answers to pure queries */
#define RIGHT_CONSOLE 0x40u    /* SYS_CONSOLE_*: the secure console */

struct component {
	const struct component_desc *desc;
	struct aspace as;
	struct cap caps[COMPONENT_MAX_CAPS];
	unsigned ncaps;
	uint32_t rights;
	uint32_t faults;
	uint8_t *mem;               /* its image's pages (text, then data and bss) */
	bool restarting;            /* restart.c: its threads are being stopped */
	uint32_t restarts;
};

/* THREAD_PARKED: stopped for a restart of its component (restart.c);
 * signals to it are dropped, like to a dead thread. */
enum thread_state { THREAD_RUNNABLE, THREAD_BLOCKED, THREAD_DEAD, THREAD_PARKED };

struct thread {
	struct arch_context ctx;   /* saved user registers */
	struct component *comp;
	unsigned index;            /* within its component (r0 at start) */
	unsigned cpu;              /* the CPU it is pinned to */
	unsigned prio;             /* higher runs first; the normal world is below all */
	enum thread_state state;
	uint32_t pending;          /* signal bits set and not yet taken */
	uint32_t wait_mask;        /* bits that end its SYS_WAIT */
	uint32_t stack_top;        /* initial user sp */
	uint32_t cpu_bit;          /* its bit in cpus[cpu].runnable */
	uint32_t timer_bits;       /* armed one-shot timer's bits, 0 = none */
	uint64_t timer_deadline;
	/* Its budget (budget.c): at most budget ticks at its priority in each
	 * period of period ticks; budget 0: none, always at its priority. */
	uint32_t budget, period;
	uint32_t used;             /* ticks run in the current period */
	uint64_t period_end;       /* when the current period ends */
};

enum vcpu_run_state {
	VCPU_OFF,        /* never started (PSCI CPU_ON not yet called) */
	VCPU_RUNNABLE,   /* runs whenever its CPU has no secure work */
	VCPU_PAUSED,     /* stopped at an exit, waiting for the VMM */
};

struct vcpu {
	struct vcpu_state *state;  /* page shared with the handler's component */
	unsigned cpu;
	enum vcpu_run_state run;
	struct thread *handler;    /* signalled on each exit */
	uint32_t exit_bits;
	bool resetting;            /* its VMM restarts: stopped, off when it exits */
	bool entered;              /* has run since boot or its VMM's restart: only
				    * then are the banked registers the guest's */
	bool reset_sysregs;        /* its VMM restarted: the next entry first puts
				    * the NS system registers back to their reset
				    * values, as at power-on (restart.c) */
};

/* Per-CPU kernel data; TPIDRPRW points here. kstack_top is read by
 * monitor.S and vectors.S (offset generated in asm-offsets.c). */
struct cpu {
	uint32_t kstack_top;
	unsigned id;
	struct thread *current;    /* user thread being run, or NULL */
	struct vcpu *vcpu;         /* this CPU's vCPU, or NULL */
	bool vcpu_running;         /* the normal world is what this CPU left */
	uint32_t ttbr0;            /* loaded address space */
	/* Threads pinned here, highest priority first, and a bit per slot that
	 * is set while that thread is runnable: picking the next thread is a
	 * count-trailing-zeros on the SMC path. */
	struct thread *threads[KERNEL_MAX_THREADS];
	unsigned nthreads;
	uint32_t runnable;
	/* Threads whose budget is spent (a bit per slot, like runnable): they
	 * run only when no other runnable thread of this CPU waits (budget.c). */
	uint32_t throttled;
	struct thread *charged;      /* the budgeted thread running since run_since */
	uint64_t run_since;
	uint64_t timer_deadline;     /* the hardware timer's, UINT64_MAX: stopped */
	uint32_t exits, fiq_exits;
	uint32_t fast_answers;       /* SMCs answered by the kernel's fast path */
	uint32_t idle_wakeups;       /* the idle loop's returns from WFI */
};

/* Kernel-wide state. */
/* An interrupt granted to a component: masked from delivery until its
 * thread acknowledges it (irq_route.c). */
struct irq_route {
	uint32_t intid;
	struct thread *target;
	uint32_t bits;
	bool masked;
};

struct kernel {
	spinlock_t lock;
	unsigned ncpus;
	unsigned cpus_online;       /* CPUs that have left the board's boot pen */
	struct cpu cpus[KERNEL_MAX_CPUS];
	struct thread threads[KERNEL_MAX_THREADS];
	unsigned nthreads;
	struct component components[KERNEL_MAX_COMPONENTS];
	unsigned ncomponents;
	struct vcpu vcpus[KERNEL_MAX_CPUS];
	uint32_t faults;
	uint32_t restarts;          /* whole-component restarts (restart.c) */
	uint32_t unexpected_irqs;   /* secure interrupts nobody handles (irq.c) */
	struct irq_route irq_routes[KERNEL_MAX_IRQ_ROUTES];   /* irq_route.c */
	unsigned nirq_routes;
	uint32_t irq_delivered;
};

extern struct kernel kernel;

/* sched.c */
void sched_init_cpu(struct cpu *cpu, unsigned id);
void sched_add_thread(struct thread *t);
/* Every change of a thread's state goes through here (run-queue bits). */
static inline void sched_set_state(struct thread *t, enum thread_state s)
{
	struct cpu *cpu = &kernel.cpus[t->cpu];

	t->state = s;
	if (s == THREAD_RUNNABLE)
		cpu->runnable |= t->cpu_bit;
	else
		cpu->runnable &= ~t->cpu_bit;
}
void sched_dispatch(struct cpu *cpu) __attribute__((noreturn));
void sched_wake_cpu(unsigned cpu);

/* budget.c: budgets of threads that serve the normal world. */
void budget_init_thread(struct thread *t, uint32_t budget_us, uint32_t period_us);
void budget_start(struct cpu *cpu, struct thread *t);
void budget_charge(struct cpu *cpu);
void budget_reset(struct thread *t);
struct thread *budget_pick(struct cpu *cpu);

/* Before the dispatcher enters thread t: if t has a budget and a thread of
 * lower priority (a later slot) is runnable here, t's time counts from now. */
static inline void budget_enter(struct cpu *cpu, struct thread *t)
{
	if (t->budget && (cpu->runnable & ~((t->cpu_bit << 1) - 1u)))
		budget_start(cpu, t);
}

/* When the kernel has been entered from a thread: its time, if counted, up
 * to now (the kernel's work for it included). */
static inline void budget_leave(struct cpu *cpu)
{
	if (cpu->charged)
		budget_charge(cpu);
}

/* The thread this CPU runs next, or NULL: the highest-priority runnable
 * one, unless its budget is spent and another is runnable (budget_pick). */
static inline struct thread *sched_pick(struct cpu *cpu)
{
	uint32_t runnable = cpu->runnable;

	if (!runnable)
		return NULL;   /* first: the SMC path's dispatch, its handler waiting */
	if (runnable & cpu->throttled)
		return budget_pick(cpu);
	return cpu->threads[__builtin_ctz(runnable)];
}

/* thread.c */
struct thread *thread_find(unsigned component, unsigned index);
void thread_kill(struct thread *t);

/* restart.c: a whole component from its initial image (COMP_RESTART_IMAGE). */
void restart_component(struct component *c);
/* sched_dispatch's check before it enters thread t: true if t was parked
 * instead (its component is restarting). */
bool restart_park_if_stopping(struct thread *t);
/* kernel_vcpu_exit's part when v's VMM restarts: v is off, and the restart
 * completes if v was the last of its vCPUs still in the normal world. */
void restart_vcpu_left(struct vcpu *v);
/* sched_dispatch's part before it enters v (on v's CPU) if v->reset_sysregs:
 * after a restart, the NS system registers back to their reset values. */
void restart_reset_ns_sysregs(struct vcpu *v);

/* signal.c */
void signal_send(struct thread *t, uint32_t bits);

/* Takes (clears and returns) the pending signals of t that are in mask. */
static inline uint32_t signal_take(struct thread *t, uint32_t mask)
{
	uint32_t got = t->pending & mask;

	t->pending &= ~got;
	return got;
}

/* vcpu.c */
/* Lets a paused or stopped vCPU run; -SYS_ESTATE if it already may. */
static inline int vcpu_run(struct vcpu *v)
{
	if (v->run == VCPU_RUNNABLE)
		return -SYS_ESTATE;
	v->run = VCPU_RUNNABLE;
	if (v->cpu != arch_this_cpu()->id)
		sched_wake_cpu(v->cpu);
	return 0;
}
void kernel_vcpu_exit(uint32_t reason) __attribute__((noreturn));
/* Enters v, runnable on this CPU, with the kernel lock held (released on
 * the way): the last step of every way into the normal world. */
void vcpu_enter(struct cpu *cpu, struct vcpu *v) __attribute__((noreturn));
/* SYS_WAIT(mask, v) by thread t, current on this CPU, which answers v's
 * exit and waits: the round trip's second half, the counterpart of the
 * exit's fast path. When v is paused on this CPU, no signal in mask waits
 * for t, no other thread here is runnable and no log output waits, t
 * blocks and v is entered at once (never returns); otherwise it returns
 * having changed nothing, and the general path (sys_wait, then the
 * dispatcher) comes to the same result. mask is not 0. */
void vcpu_wait_fast_path(struct cpu *cpu, struct thread *t, struct vcpu *v, uint32_t mask);

/* syscall.c */
void kernel_syscall(struct arch_context *ctx) __attribute__((noreturn));

/* fault.c */
void kernel_exception(struct arch_context *ctx, uint32_t kind) __attribute__((noreturn));
void fault_thread(struct thread *t, enum arch_exception kind, uint32_t pc,
		  uint32_t addr, uint32_t status);

/* irq.c: secure interrupts (timer, IPIs, those granted to components). */
void irq_handle_pending(struct cpu *cpu);

/* fastpath.c: pure queries answered from a table the VMM hands over once
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

/* irq_route.c: interrupts granted to components. */
void irq_route_add(uint32_t intid, struct thread *target, uint32_t bits);
void irq_routes_enable_cpu(unsigned cpu);
/* Masks intid and signals its thread if it is granted; false if not. */
bool irq_route_deliver(uint32_t intid);
/* SYS_IRQ_ACK of thread t: 0 or -SYS_E*. */
int32_t irq_route_ack(struct thread *t, uint32_t intid);

/* timer.c: one-shot timers of threads. */
void timer_arm(struct thread *t, uint32_t ticks, uint32_t bits);
void timer_expire(struct cpu *cpu);

/* log.c: the secure log and console. Each call queues its record whole
 * (or drops it, counted, if the ring is full) in bounded time; the UART
 * gets the bytes in log_drain() or log_flush(). */
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_write_line(const char *prefix, const char *buf, size_t len);
/* A record whose text is copied in pieces, outside the kernel lock with
 * FIQs open (the system calls' text, whose size the caller sets; SYS_LOG,
 * SYS_CONSOLE_WRITE): reserve its room (false: dropped, and counted), fill
 * text from src (len as reserved) starting at off until all is in or an
 * FIQ came (returns how far it got: the caller handles the FIQ and calls
 * again; with progress, at least a piece is copied, so that a stream of
 * FIQs cannot stop the copy), then commit it. LOG_REC_CONSOLE's bytes are filtered
 * on their way out (logstream.h). The drain waits at a record reserved
 * and not committed: commit it soon. */
bool log_reserve(enum log_rec kind, const char *prefix, size_t plen, size_t len,
		 struct log_slot *slot);
size_t log_fill(const struct log_slot *slot, size_t off, const char *src, bool progress);
void log_commit(const struct log_slot *slot);
/* True if records wait for the UART (no lock: a hint for the dispatcher,
 * inline on every entry into the normal world). */
extern struct log_stream secure_log;
static inline bool log_pending(void)
{
	return log_stream_pending(&secure_log);
}
/* Writes queued records to the UART, outside the kernel lock, with FIQs
 * open, until no more than keep bytes are left (0: none; DONE; while
 * another CPU writes, this one waits for it) or an FIQ arrives (STOPPED:
 * it is deferred, pending, for the caller to handle). */
enum log_drain { LOG_DRAIN_DONE, LOG_DRAIN_STOPPED };
enum log_drain log_drain(uint32_t keep);
/* Past this, the threads that act for the normal world (its vCPUs'
 * handlers) also drain before they run: a storm of their lines (a VMM
 * that faults at once on every restart) never reaches a vCPU entry or an
 * idle CPU, where the log is otherwise written out. */
#define LOG_HIGH_WATER (LOG_RING_SIZE / 2u)
/* Writes every queued record out before it returns (power off, reset, the
 * tracer's batches): waits for another CPU's drain, with FIQs masked. */
void log_flush(void);

/* power */
void kernel_power(uint32_t how, int32_t status) __attribute__((noreturn));

#endif
