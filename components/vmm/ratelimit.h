/*
 * A bound on the secure log lines the normal world can cause. Each
 * diagnostic it can trigger at will (a refused CPU_ON, an unexpected
 * exit, console output dropped) spends a token; RATELIMIT_BURST tokens,
 * one back every RATELIMIT_PERIOD_MS. What is refused is counted and
 * reported, as one line, before the next diagnostic that passes (and at
 * power off): so a storm costs a few lines, and the log still says it
 * happened. Zero-initialised state is a full bucket.
 */
#ifndef VMM_RATELIMIT_H
#define VMM_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <lib/spinlock.h>

#define RATELIMIT_BURST     5u
#define RATELIMIT_PERIOD_MS 1000u

struct ratelimit {
	spinlock_t lock;        /* the VMM's threads share one bucket */
	bool started;
	uint32_t spent;         /* tokens in use, at most RATELIMIT_BURST */
	uint32_t stamp_ms;      /* when tokens were last given back */
	uint32_t suppressed;    /* lines refused since the last report */
};

/* A diagnostic of `lines` lines at now_ms: true if it may be logged (after
 * the report of what was suppressed, if anything was). */
bool ratelimit_allow(struct ratelimit *r, uint32_t lines, uint32_t now_ms);
/* Logs the count of lines suppressed since the last report, if any. */
void ratelimit_report(struct ratelimit *r);

#endif
