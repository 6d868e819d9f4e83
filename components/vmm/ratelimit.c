/* The VMM's bound on log lines the normal world causes (ratelimit.h). */
#include <ulib/ulog.h>
#include "ratelimit.h"

static void report(uint32_t n)
{
	if (n)
		ulog("%u lines of diagnostics the normal world caused were suppressed "
		     "(at most %u at once, then one a second)", (unsigned)n, RATELIMIT_BURST);
}

bool ratelimit_allow(struct ratelimit *r, uint32_t lines, uint32_t now_ms)
{
	uint32_t told = 0;
	bool ok;

	spin_lock(&r->lock);
	if (!r->started) {
		r->started = true;
		r->stamp_ms = now_ms;
	}
	/* Tokens come back one per period; the clock wraps after 49 days,
	 * and unsigned differences do not mind. */
	uint32_t back = (now_ms - r->stamp_ms) / RATELIMIT_PERIOD_MS;

	r->stamp_ms += back * RATELIMIT_PERIOD_MS;
	r->spent = back >= r->spent ? 0 : r->spent - back;
	ok = r->spent < RATELIMIT_BURST;
	if (ok) {
		r->spent++;
		told = r->suppressed;
		r->suppressed = 0;
	} else {
		r->suppressed += lines;
	}
	spin_unlock(&r->lock);
	report(told);   /* outside the lock: a system call */
	return ok;
}

void ratelimit_report(struct ratelimit *r)
{
	spin_lock(&r->lock);
	uint32_t n = r->suppressed;

	r->suppressed = 0;
	spin_unlock(&r->lock);
	report(n);
}
