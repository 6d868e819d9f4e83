/*
 * Traced image only: the trace points of kernel/tracepoints.h. An exit is
 * recorded when monitor.S enters the kernel (kernel_vcpu_exit_entry), its
 * path when the kernel takes the general path, and its end when the kernel
 * enters the vCPU again (arch_vcpu_enter_entry): secure-world time is the
 * generic counter between those two points, so it leaves out the monitor's
 * own save and restore (the benchmark floor, make bench's smc_floor_us).
 * The VMM of the traced image reports which handler answered in the state
 * block (trace_handler, components/vmm/tracehooks/).
 */
#include <stdarg.h>
#include <lib/fmt.h>
#include <plat/board.h>
#include <tzvmm/vcpu_state.h>
#include "../fastpath.h"
#include "../log.h"
#include "../tracepoints.h"
#include "trace.h"

struct tracer tracer;

void kernel_vcpu_exit_entry(uint32_t reason)
{
	uint64_t now = plat_timer_now();
	struct cpu *cpu = arch_this_cpu();
	struct vcpu_state *s = cpu->vcpu->state;
	bool smc = reason == VCPU_EXIT_SMC;

	s->trace_handler = 0;
	trace_ring_open(&tracer.rings[cpu->id], (struct trace_rec){
		.t_exit = now,
		.fid = smc ? s->regs.r[0] : 0,
		.cpu = (uint8_t)cpu->id,
		.reason = (uint8_t)reason,
		.path = smc ? TRACE_PATH_FAST : TRACE_PATH_KERNEL,
	});
	kernel_vcpu_exit(reason);
}

void kernel_tracehook_general_path(struct cpu *cpu)
{
	struct trace_rec *rec = trace_ring_current(&tracer.rings[cpu->id]);

	if (rec)
		rec->path = TRACE_PATH_GENERAL;
}

bool kernel_tracehook_fastpath(struct cpu *cpu, struct vcpu_state *s)
{
	if (!fastpath_may_hold(s->regs.r[0]) || !fastpath_answer(s))
		return false;
	cpu->fast_answers++;   /* answered: the vCPU stays runnable */
	struct trace_rec *rec = trace_ring_current(&tracer.rings[cpu->id]);

	if (rec)
		rec->path = TRACE_PATH_ANSWERED;
	return true;
}

void arch_vcpu_enter_entry(struct vcpu_state *s, uint32_t cpsr)
{
	struct cpu *cpu = arch_this_cpu();
	struct trace_ring *r = &tracer.rings[cpu->id];
	struct trace_rec *rec = trace_ring_current(r);

	if (rec) {
		uint64_t ticks = plat_timer_now() - rec->t_exit;

		rec->ticks = ticks > UINT32_MAX ? UINT32_MAX : (uint32_t)ticks;
		rec->result = s->regs.r[0];
		rec->handler = s->trace_handler;
		if (s->entry_flags & VCPU_ENTRY_SET_SCTLR)
			rec->flags |= TRACE_FLAG_RESTART;
		trace_ring_publish(r);
	}
	/* After the record is closed: the batch's cost is no exit's. */
	if (trace_ring_count(r) >= TRACE_DRAIN_AT)
		trace_drain(cpu->id, false);
	arch_vcpu_enter(s, cpsr);
}

void arch_wait_for_interrupt_entry(void)
{
	struct cpu *cpu = arch_this_cpu();

	if (trace_ring_count(&tracer.rings[cpu->id]))
		trace_drain(cpu->id, false);
	arch_wait_for_interrupt();
}

void kernel_tracehook_power(void)
{
	for (unsigned i = 0; i < kernel.ncpus; i++)
		trace_drain(i, true);
}

/* v in hex, no leading zeros: shifts only (no division), since a batch
 * formats many numbers while the normal world waits. */
static char *put_hex(char *p, uint64_t v)
{
	unsigned shift = 60;

	while (shift && !(v >> shift))
		shift -= 4;
	for (;; shift -= 4) {
		*p++ = "0123456789abcdef"[(v >> shift) & 0xfu];
		if (!shift)
			return p;
	}
}

size_t trace_format(char *buf, const struct trace_rec *rec)
{
	bool resumed = !(rec->flags & TRACE_FLAG_NORESUME);
	char *p = buf;

	p = put_hex(p, rec->cpu);
	*p++ = ' ';
	p = put_hex(p, rec->t_exit);
	*p++ = ' ';
	*p++ = rec->reason == VCPU_EXIT_SMC ? 'S' : rec->reason == VCPU_EXIT_FIQ ? 'F' : '?';
	*p++ = (char)rec->path;
	*p++ = ' ';
	p = put_hex(p, rec->fid);
	*p++ = ' ';
	if (resumed) {
		p = put_hex(p, rec->ticks);
		*p++ = ' ';
		p = put_hex(p, rec->result);
	} else {
		*p++ = '-';
		*p++ = ' ';
		*p++ = '-';
	}
	*p++ = ' ';
	p = put_hex(p, rec->handler);
	if (!resumed || (rec->flags & TRACE_FLAG_RESTART)) {
		*p++ = ' ';
		*p++ = resumed ? 'r' : 'n';
	}
	return (size_t)(p - buf);
}

static void put_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void put_line(const char *fmt, ...)
{
	char buf[96];
	va_list ap;

	va_start(ap, fmt);
	size_t n = fmt_vline(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_write_line("[trace] ", buf, n);
	log_flush();
}

/* Each record is written out at once, not left in the log's ring: a batch
 * may be larger than the ring, and its cost is measured (the D line) at a
 * moment that belongs to no record, not at the next drain, which may. */
static void put_record(const struct trace_rec *rec)
{
	char buf[TRACE_LINE_MAX];

	log_write_line("[trace] ", buf, trace_format(buf, rec));
	log_flush();
}

void trace_drain(unsigned cpu, bool power_off)
{
	struct trace_ring *r = &tracer.rings[cpu];
	struct trace_rec rec;
	uint64_t t0 = plat_timer_now();
	unsigned n = 0;

	if (!__atomic_exchange_n(&tracer.header_told, 1u, __ATOMIC_ACQ_REL))
		put_line("H %x %x", TRACE_FORMAT_VERSION, (unsigned)plat_timer_hz());
	spin_lock(&r->lock);
	for (; trace_ring_take(r, &rec); n++)
		put_record(&rec);
	struct trace_rec *open = power_off ? trace_ring_current(r) : 0;

	if (open) {
		/* An exit that will never resume (SYSTEM_OFF, a CPU left off). */
		rec = *open;
		rec.flags |= TRACE_FLAG_NORESUME;
		rec.handler = kernel.cpus[cpu].vcpu->state->trace_handler;
		put_record(&rec);
		n++;
	}
	if (r->lost != r->lost_told) {
		r->lost_told = r->lost;
		put_line("L %x %x", cpu, (unsigned)r->lost);
	}
	spin_unlock(&r->lock);
	if (n)
		put_line("D %x %llx %x %x", cpu, (unsigned long long)t0,
			 (unsigned)(plat_timer_now() - t0), n);
}
