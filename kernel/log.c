/*
 * The secure log and the secure console's output, on the secure UART.
 *
 * A kernel entry only appends a record to a ring (logstream.c): a copy
 * of at most a few hundred bytes under log_lock, whatever the UART costs.
 * The bytes go out later, outside the kernel lock, in log_drain(): when a
 * CPU is about to enter the normal world (the lowest-priority activity
 * there is, so it pays for the output) or to idle. The drain runs with
 * FIQs open: a secure interrupt is handled in place (vec_fiq) and the
 * drain stops at its next byte, so the thread it woke waits for one UART
 * write and one byte's filtering at most; no kernel entry waits for
 * output. A full ring drops the new record, counted and reported once
 * there is room. Power off, reset and panic
 * write everything out at once.
 */
#include <stdarg.h>
#include <lib/fmt.h>
#include <lib/string.h>
#include "component.h"
#include "kernel.h"
#include "log.h"
#include "logstream.h"
#include <plat/board.h>

/* Producers, one record at a time (also outside the kernel lock: the
 * tracer's write-out). */
static spinlock_t log_lock;
/* The one CPU moving records to the UART. Never held while waiting for
 * the kernel lock, so kernel_power may wait for it under that lock. */
static spinlock_t drain_lock;
struct log_stream secure_log;
/* Set by kernel_panic: drains stop, producers are refused, so its lines
 * are the last ones out and nothing cuts into them. */
static volatile uint32_t panicking;

/* log_fill's step between looks for an FIQ (bytes, a multiple of 4: the
 * copy stays by words): an FIQ waits for one step's copy. */
#define LOG_FILL_PIECE 32u

/* How long kernel_panic waits for another CPU's drain to notice. */
#define PANIC_DRAIN_WAIT 1000000u

static void uart_out(char c)
{
	plat_uart_putc(c);
}

static bool put(enum log_rec kind, const char *prefix, size_t plen, const char *buf, size_t len)
{
	bool ok = false;

	spin_lock(&log_lock);
	if (!panicking)
		ok = log_stream_put(&secure_log, kind, prefix, plen, buf, len);
	spin_unlock(&log_lock);
	return ok;
}

void log_write_line(const char *prefix, const char *buf, size_t len)
{
	put(LOG_REC_LINE, prefix, strlen(prefix), buf, len);
}


/* An FIQ came while this CPU had them open (vec_fiq handled it, or left it
 * pending if the kernel lock was busy), or a panic: the drain, or the wait
 * for one, stops. */
static bool must_stop(void)
{
	return arch_fiq_deferred() || panicking;
}

bool log_reserve(enum log_rec kind, const char *prefix, size_t plen, size_t len,
		 struct log_slot *slot)
{
	bool ok;

	spin_lock(&log_lock);
	ok = !panicking && log_stream_reserve(&secure_log, kind, prefix, plen, len, slot);
	spin_unlock(&log_lock);
	return ok;
}

size_t log_fill(const struct log_slot *slot, size_t off, const char *src, bool progress)
{
	/* An FIQ that came before (the call's way in) is handled before the
	 * copy; after that, at least a piece each time. */
	arch_fiq_open();   /* the copy's window */
	while (off < slot->len && (progress || !must_stop())) {
		size_t k = slot->len - off < LOG_FILL_PIECE ? slot->len - off : LOG_FILL_PIECE;

		log_stream_fill(&secure_log, slot, off, src + off, k);
		off += k;
		progress = false;
	}
	arch_fiq_close();
	return off;
}

void log_commit(const struct log_slot *slot)
{
	log_stream_commit(&secure_log, slot);
}

/* What this drain may leave in the ring (drain_lock's holder's). */
static uint32_t drain_keep;

/* Asked before every byte of a drain. A full transmit FIFO (a real PL011
 * at 115200 baud takes 87 us a byte; QEMU's never fills) is waited for
 * here, where an FIQ can still stop the drain, not in plat_uart_putc. */
static bool drain_stop(void)
{
	do {
		if (must_stop())
			return true;
	} while (!plat_uart_tx_ready());
	return drain_keep && secure_log.tail - secure_log.rd <= drain_keep;
}

enum log_drain log_drain(uint32_t keep)
{
	enum log_drain r = LOG_DRAIN_DONE;

	arch_fiq_open();
	while (log_stream_pending(&secure_log) &&
	       (!keep || log_stream_used(&secure_log) > keep)) {
		if (must_stop()) {
			r = LOG_DRAIN_STOPPED;
			break;
		}
		/* Another CPU drains, this CPU's records too (spin_trylock
		 * published them before it looked, and the holder looks again
		 * after its unlock). This one waits for it, FIQs open, only
		 * while the ring is more than half full: a normal world writing
		 * on two CPUs must not outrun the UART into dropped output, but
		 * a vCPU must not sit out another CPU's whole backlog either
		 * (Linux reported a 54 ms hrtimer interrupt at boot). */
		if (!spin_trylock(&drain_lock)) {
			if (log_stream_used(&secure_log) <= LOG_HIGH_WATER)
				break;
			continue;
		}
		drain_keep = keep;
		enum log_stream_drain d = log_stream_drain(&secure_log, uart_out, drain_stop);

		spin_unlock(&drain_lock);
		if (d == LOG_STREAM_BUSY)
			break;   /* a record another CPU still copies: its next dispatch */
		if (d == LOG_STREAM_STOPPED) {
			/* An FIQ (the next dispatch drains on), or down to keep. */
			if (must_stop())
				r = LOG_DRAIN_STOPPED;
			break;
		}
	}
	arch_fiq_close();
	return r;
}

void log_flush(void)
{
	spin_lock(&drain_lock);
	drain_keep = 0;
	/* A record another CPU still copies is committed within one copy of
	 * at most SYS_CONSOLE_MAX bytes, no lock needed: waited for. */
	while (log_stream_drain(&secure_log, uart_out, NULL) == LOG_STREAM_BUSY)
		;
	spin_unlock(&drain_lock);
}

void log_printf(const char *fmt, ...)
{
	char buf[200];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_vline(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_write_line("[kernel] ", buf, n);
}

void kernel_panic(const char *file, int line, const char *what)
{
	char buf[160];
	int n = fmt_snprintf(buf, sizeof(buf), "PANIC at %s:%d: %s", file, line, what);
	bool drainer = false;

	/* No kernel lock: the panicking CPU may hold it. A drain on another
	 * CPU stops at its next byte; what the ring holds may explain the
	 * panic, so it goes out first if this CPU gets the drain. Else (this
	 * CPU was draining) the lines go out past it. */
	panicking = 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (uint32_t i = 0; i < PANIC_DRAIN_WAIT && !drainer; i++)
		drainer = spin_trylock(&drain_lock);
	drain_keep = 0;
	if (drainer)
		log_stream_drain(&secure_log, uart_out, NULL);
	log_stream_line_now(&secure_log, "[kernel] ", buf,
			    n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1, uart_out);
	n = fmt_snprintf(buf, sizeof(buf), "tzvmm: power off, status %d", KERNEL_STATUS_PANIC);
	log_stream_line_now(&secure_log, "", buf, (size_t)n, uart_out);
	plat_power_off();
}
