/* The integrity monitor's run arguments (config.h), e.g.
 * "period_ms=100 cpu_permille=15 detect_s=60 policy=log". */
#include <lib/args.h>
#include <lib/fmt.h>
#include <lib/string.h>
#include "config.h"

static const char *const keys[] = { "period_ms", "cpu_permille", "detect_s", "policy", NULL };
static const char *const policy_names[] = {
	[POLICY_LOG] = "log", [POLICY_RESET] = "reset", [POLICY_OFF] = "off",
};

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
	char policy[8];

	c->period_ms = CONFIG_DEFAULT_PERIOD_MS;
	c->cpu_permille = CONFIG_DEFAULT_CPU_PERMILLE;
	c->detect_s = CONFIG_DEFAULT_DETECT_S;
	c->policy = POLICY_LOG;
	if (args_check(args, keys, &word, &wlen) != 0) {
		char w[41];

		wlen = wlen < sizeof(w) - 1 ? wlen : sizeof(w) - 1;
		memcpy(w, word, wlen);
		w[wlen] = '\0';
		fmt_snprintf(err, errlen, "unknown argument '%s' (known: period_ms, "
			     "cpu_permille, detect_s, policy)", w);
		return -1;
	}
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		uint32_t *field = (uint32_t *)((char *)c + numbers[i].offset);

		if (args_u32(args, numbers[i].key, numbers[i].min, numbers[i].max, field) ==
		    ARGS_BAD) {
			fmt_snprintf(err, errlen, "%s must be a number from %u to %u",
				     numbers[i].key, (unsigned)numbers[i].min,
				     (unsigned)numbers[i].max);
			return -1;
		}
	}
	switch (args_get(args, "policy", policy, sizeof(policy))) {
	case ARGS_ABSENT:
		return 0;
	case ARGS_OK:
		for (unsigned p = 0; p < sizeof(policy_names) / sizeof(policy_names[0]); p++) {
			if (strcmp(policy, policy_names[p]) == 0) {
				c->policy = (enum integrity_policy)p;
				return 0;
			}
		}
		break;
	default:
		break;
	}
	fmt_snprintf(err, errlen, "policy must be log, reset or off");
	return -1;
}
