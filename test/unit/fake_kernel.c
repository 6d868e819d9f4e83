/*
 * Fake kernel services: everything kernel/syscall.c, signal.c, fault.c,
 * vcpu.c, thread.c, timer.c and aspace.c call outside the linked
 * sources. Calls are recorded in `fake`; noreturn ones leave through
 * fake_escape_now().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "component.h"
#include "kernel.h"
#include "sched.h"
#include "restart.h"
#include "log.h"
#include <plat/board.h>
#include "pool.h"
#include "fake_mmio.h"
#include <arch/cp15.h>
#include "syscall_decode.h"
#include "../../components/vmm/diag.h"
#include "../../components/vmm/vmm.h"
#include "../../kernel/tracehooks/trace.h"
#include "unit.h"

struct kernel kernel;
struct fake_state fake;
jmp_buf fake_escape;
volatile bool fake_escape_armed;

void fake_escape_now(const char *who)
{
	if (!fake_escape_armed) {
		fail_msg("%s() was called where the test expected a return", who);
		abort();
	}
	longjmp(fake_escape, 1);
}

/* The ring behind log_reserve/fill/commit: one record at a time, added to
 * fake.log when committed ("console: " before console bytes). */
static struct {
	char prefix[32], text[512];
	bool open;
	unsigned fills;
} fake_rec;

void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	memset(&fake_rec, 0, sizeof(fake_rec));
	memset(&secure_log, 0, sizeof(secure_log));
	memset(&kernel, 0, sizeof(kernel));
	memset(&tracer, 0, sizeof(tracer));
	memset(&vmm_config, 0, sizeof(vmm_config));
	memset(&diag_limit, 0, sizeof(diag_limit));
	memset(fake_vcpu_states, 0, sizeof(fake_vcpu_states));
	fake_this_cpu = &kernel.cpus[0];
	fake_lock_errors = 0;
	fake_escape_armed = false;
	fake_mmio_detach_all();
	memset(&fake_cp15, 0, sizeof(fake_cp15));
}

void fake_log_add(const char *fmt, ...)
{
	va_list ap;

	if (fake.log_lines >= FAKE_LOG_LINES)
		fail_msg("more than %u log lines", FAKE_LOG_LINES);
	va_start(ap, fmt);
	vsnprintf(fake.log[fake.log_lines++], FAKE_LOG_LEN, fmt, ap);
	va_end(ap);
}

bool fake_log_has(const char *s)
{
	for (unsigned i = 0; i < fake.log_lines; i++)
		if (strstr(fake.log[i], s))
			return true;
	return false;
}

void kernel_panic(const char *file, int line, const char *what)
{
	(void)file;
	(void)line;
	fake.panics++;
	snprintf(fake.panic_what, sizeof(fake.panic_what), "%s", what);
	fake_escape_now("kernel_panic");
}

void log_write_line(const char *prefix, const char *buf, size_t len)
{
	fake_log_add("%s%.*s", prefix, (int)len, buf);
}

bool log_reserve(enum log_rec kind, const char *prefix, size_t plen, size_t len,
		 struct log_slot *slot)
{
	if (fake.console_full && kind == LOG_REC_CONSOLE)
		return false;
	if (fake_rec.open || plen >= sizeof(fake_rec.prefix) || len > sizeof(fake_rec.text))
		fail_msg("log_reserve: a record open, or one larger than the fake's");
	fake_rec.open = true;
	fake_rec.fills = 0;
	snprintf(fake_rec.prefix, sizeof(fake_rec.prefix), "%s%.*s",
		 kind == LOG_REC_CONSOLE ? "console: " : "", (int)plen, prefix);
	memset(fake_rec.text, 0, sizeof(fake_rec.text));
	*slot = (struct log_slot){ .at = 0, .len = (uint16_t)len, .kind = (uint8_t)kind,
				   .prefix_len = (uint8_t)plen };
	return true;
}

size_t log_fill(const struct log_slot *slot, size_t off, const char *src, bool progress)
{
	size_t n = slot->len - off;

	fake.console_locked |= kernel.lock.locked != 0;
	fake.log_fills++;
	if (fake_rec.fills++ == 0 && fake.fiq_at_entry)
		return off;   /* an FIQ came on the call's way in: nothing copied */
	if (fake_rec.fills > 1 && !progress)
		fail_msg("log_fill: called again after an FIQ without progress");
	if (fake.console_cut && n > fake.console_cut)
		n = fake.console_cut;   /* as when an FIQ comes */
	memcpy(fake_rec.text + off, src + off, n);
	return off + n;
}

void log_commit(const struct log_slot *slot)
{
	if (!fake_rec.open)
		fail_msg("log_commit: no record open");
	fake_rec.open = false;
	fake_log_add("%s%.*s", fake_rec.prefix, (int)slot->len, fake_rec.text);
}

/* The log's ring, for the dispatch's question whether output waits
 * (log_pending): a test sets secure_log.work. */
struct log_stream secure_log;

void log_flush(void)
{
	fake.log_flushes++;
}

int plat_uart_getc(void)
{
	if (!fake.console_in_len)
		return -1;
	fake.console_in_len--;
	return (unsigned char)*fake.console_in++;
}

void log_printf(const char *fmt, ...)
{
	char buf[FAKE_LOG_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fake_log_add("[kernel] %s", buf);
}

void sched_dispatch(struct cpu *cpu)
{
	fake.dispatches++;
	fake.dispatch_cpu = cpu;
	fake.dispatch_locked = kernel.lock.locked != 0;
	kernel.lock.locked = 0;   /* the real one releases it on the way out */
	fake_escape_now("sched_dispatch");
}

void sched_wake_cpu(unsigned cpu)
{
	if (fake.wakes < FAKE_MAX_REC)
		fake.wake_cpu[fake.wakes] = cpu;
	fake.wakes++;
}

/* The board's interrupt masks behind kernel/irq_route.c: SGIs 10-15 are
 * grantable, as on qemu_virt. */
bool plat_irq_grantable(uint32_t intid)
{
	return intid >= 10u && intid < 16u;
}

void plat_irq_mask(uint32_t intid)
{
	fake.irq_masked |= 1u << intid;
}

void plat_irq_unmask(uint32_t intid)
{
	fake.irq_masked &= ~(1u << intid);
	fake.irq_unmasks++;
}

/* Injectable as on qemu_virt: INTIDs 272-275. */
bool plat_irq_injectable(uint32_t intid)
{
	return intid >= 272u && intid < 276u;
}

void plat_irq_inject(uint32_t intid)
{
	fake.injected = intid;
	fake.injections++;
}

/* Normal RAM: 256 MiB at 0x40000000. */
void plat_ns_ram(uint32_t *base, uint32_t *size)
{
	*base = 0x40000000u;
	*size = 0x10000000u;
}

/* The board's secure timer behind kernel/timer.c: a clock the test sets
 * and a record of what was programmed. */
uint64_t plat_timer_now(void)
{
	return fake.timer_now;
}

uint32_t plat_timer_hz(void)
{
	return 62500000u;   /* QEMU virt's CNTFRQ */
}

void plat_timer_program(uint64_t deadline)
{
	fake.timer_programs++;
	fake.timer_deadline = deadline;
	fake.timer_running = true;
}

void plat_timer_stop(void)
{
	fake.timer_stops++;
	fake.timer_running = false;
}

void irq_handle_pending(struct cpu *cpu)
{
	fake.irqs++;
	fake.irq_cpu = cpu;
	if (fake.irq_wakes) {   /* as a timer's signal_send would */
		fake.irq_wakes->state = THREAD_RUNNABLE;
		cpu->runnable |= fake.irq_wakes->cpu_bit;
		fake.irq_wakes = NULL;
	}
}

void kernel_power(uint32_t how, int32_t status)
{
	fake.powers++;
	fake.power_how = how;
	fake.power_status = status;
	fake_escape_now("kernel_power");
}

uint32_t kernel_kinfo(uint32_t which)
{
	return FAKE_KINFO(which);
}

void component_restart_thread(struct thread *t)
{
	fake.restarts++;
	fake.restart_thread = t;
}

/* aspace.c builds tables in pool memory through 32-bit physical
 * addresses; the tests only call its pointer-free region check. */
void *pool_alloc(uint32_t size, uint32_t align)
{
	(void)size;
	(void)align;
	fail_msg("pool_alloc() is not available in host tests");
	return NULL;
}

const struct plat_mapping plat_kernel_map[1];
const size_t plat_kernel_map_len = 0;
