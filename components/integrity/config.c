/* The integrity monitor's run arguments (config.h), e.g.
 * "period_ms=100 cpu_permille=15 detect_s=60 policy=log kprobes=report". */
#include <lib/args.h>
#include <lib/fmt.h>
#include <lib/string.h>
#include "config.h"

static const char *const keys[] = { "period_ms", "cpu_permille", "detect_s", "policy", "kprobes",
				    NULL };
static const char *const policy_names[] = {
	[POLICY_LOG] = "log", [POLICY_RESET] = "reset", [POLICY_OFF] = "off",
};

#define COUNT(a) ((unsigned)(sizeof(a) / sizeof((a)[0])))

static const char *const kprobes_names[] = {
	[KPROBES_REPORT] = "report", [KPROBES_ACCEPT] = "accept",
};

/* The index of value in names (n of them), or -1. */
static int name_index(const char *value, const char *const *names, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (strcmp(value, names[i]) == 0)
			return (int)i;
	return -1;
}

/* A key whose value is one of names: *out keeps its default when the key is
 * absent. Returns 0, or -1 with a one-line reason in err. */
static int parse_name(const char *args, const char *key, const char *const *names, unsigned n,
		      unsigned *out, const char *choices, char *err, size_t errlen)
{
	char value[8];
	int i;

	switch (args_get(args, key, value, sizeof(value))) {
	case ARGS_ABSENT:
		return 0;
	case ARGS_OK:
		i = name_index(value, names, n);
		if (i >= 0) {
			*out = (unsigned)i;
			return 0;
		}
		break;
	default:
		break;
	}
	fmt_snprintf(err, errlen, "%s must be %s", key, choices);
	return -1;
}

const char *config_policy_name(enum integrity_policy p)
{
	return policy_names[p];
}

/* Numbers: the key, its range, where it goes. */
static const struct {
	const char *key;
	uint32_t min, max;
	size_t offset;
} numbers[] = {
	/* A period the timer can measure, at most a minute. */
	{ "period_ms", 10, 60000, offsetof(struct integrity_config, period_ms) },
	/* At most half of a CPU: the monitor must never starve Linux. */
	{ "cpu_permille", 1, 500, offsetof(struct integrity_config, cpu_permille) },
	{ "detect_s", 1, 86400, offsetof(struct integrity_config, detect_s) },
};

int config_parse(const char *args, struct integrity_config *c, char *err, size_t errlen)
{
	const char *word;
	size_t wlen;

	c->period_ms = CONFIG_DEFAULT_PERIOD_MS;
	c->cpu_permille = CONFIG_DEFAULT_CPU_PERMILLE;
	c->detect_s = CONFIG_DEFAULT_DETECT_S;
	c->policy = POLICY_LOG;
	c->kprobes = KPROBES_REPORT;
	if (args_check(args, keys, &word, &wlen) != 0) {
		char w[41];

		wlen = wlen < sizeof(w) - 1 ? wlen : sizeof(w) - 1;
		memcpy(w, word, wlen);
		w[wlen] = '\0';
		fmt_snprintf(err, errlen, "unknown argument '%s' (known: period_ms, "
			     "cpu_permille, detect_s, policy, kprobes)", w);
		return -1;
	}
	for (size_t i = 0; i < COUNT(numbers); i++) {
		uint32_t *field = (uint32_t *)((char *)c + numbers[i].offset);

		if (args_u32(args, numbers[i].key, numbers[i].min, numbers[i].max, field) ==
		    ARGS_BAD) {
			fmt_snprintf(err, errlen, "%s must be a number from %u to %u",
				     numbers[i].key, (unsigned)numbers[i].min,
				     (unsigned)numbers[i].max);
			return -1;
		}
	}
	unsigned policy = POLICY_LOG, kprobes = KPROBES_REPORT;

	if (parse_name(args, "policy", policy_names, COUNT(policy_names), &policy,
		       "log, reset or off", err, errlen) != 0 ||
	    parse_name(args, "kprobes", kprobes_names, COUNT(kprobes_names), &kprobes,
		       "report or accept", err, errlen) != 0)
		return -1;
	c->policy = (enum integrity_policy)policy;
	c->kprobes = (enum integrity_kprobes)kprobes;
	return 0;
}
