/* The integrity monitor's settings and their parsing (config.c). */
#ifndef INTEGRITY_CONFIG_H
#define INTEGRITY_CONFIG_H

#include <stddef.h>
#include <stdint.h>

enum integrity_policy {
	POLICY_LOG,     /* report, take the new contents as the reference */
	POLICY_RESET,   /* report, then reset the machine (PSCI SYSTEM_RESET's path) */
	POLICY_OFF,     /* the monitor does not run */
};

/* kprobes=: what a page changed by one kprobe is (watch.h). */
enum integrity_kprobes {
	KPROBES_REPORT,   /* a change, of its own class: the policy applies */
	KPROBES_ACCEPT,   /* logged once, not a change */
};

struct integrity_config {
	uint32_t period_ms;      /* one slice per period */
	uint32_t cpu_permille;   /* a slice's budget: this share of the period */
	uint32_t detect_s;       /* a warning if a full pass takes longer */
	enum integrity_policy policy;
	enum integrity_kprobes kprobes;
};

#define CONFIG_DEFAULT_PERIOD_MS    100u
#define CONFIG_DEFAULT_CPU_PERMILLE 15u
#define CONFIG_DEFAULT_DETECT_S     60u

/* Fills c from the run's arguments, defaults for what they leave out.
 * Returns 0, or -1 with a one-line reason in err. */
int config_parse(const char *args, struct integrity_config *c, char *err, size_t errlen);
const char *config_policy_name(enum integrity_policy p);

#endif
