/* Run arguments (lib/args.h). */
#include <stdbool.h>
#include <lib/args.h>
#include <lib/string.h>

static bool is_sep(char c)
{
	return c == ' ' || c == ',' || c == '\t' || c == '\n';
}

/* The next word at or after *p: returns its start and length, and moves
 * *p past it; NULL at the end. */
static const char *next_word(const char **p, size_t *len)
{
	const char *s = *p;

	while (*s && is_sep(*s))
		s++;
	if (!*s)
		return NULL;
	const char *w = s;

	while (*s && !is_sep(*s))
		s++;
	*len = (size_t)(s - w);
	*p = s;
	return w;
}

/* The length of the key of a word (up to '='), or 0 if it has none. */
static size_t key_len(const char *w, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (w[i] == '=')
			return i;
	return 0;
}

int args_get(const char *args, const char *key, char *val, size_t len)
{
	const char *p = args, *w;
	size_t wl, kl = strlen(key);

	while ((w = next_word(&p, &wl)) != NULL) {
		if (key_len(w, wl) != kl || strncmp(w, key, kl) != 0)
			continue;
		size_t vl = wl - kl - 1;

		if (vl == 0 || vl >= len)
			return ARGS_BAD;
		memcpy(val, w + kl + 1, vl);
		val[vl] = '\0';
		return ARGS_OK;
	}
	return ARGS_ABSENT;
}

int args_u32(const char *args, const char *key, uint32_t min, uint32_t max, uint32_t *out)
{
	char v[12];
	uint32_t n = 0;
	int r = args_get(args, key, v, sizeof(v));

	if (r != ARGS_OK)
		return r;
	for (const char *c = v; *c; c++) {
		if (*c < '0' || *c > '9' || n > (UINT32_MAX - 9u) / 10u)
			return ARGS_BAD;
		n = n * 10u + (uint32_t)(*c - '0');
	}
	if (n < min || n > max)
		return ARGS_BAD;
	*out = n;
	return ARGS_OK;
}

int args_check(const char *args, const char *const *known, const char **word, size_t *wlen)
{
	const char *p = args, *w;
	size_t wl;
	int index = 0;

	while ((w = next_word(&p, &wl)) != NULL) {
		size_t kl = key_len(w, wl);
		bool ok = false;

		index++;
		for (const char *const *k = known; kl && *k && !ok; k++)
			ok = strlen(*k) == kl && strncmp(w, *k, kl) == 0;
		if (!ok) {
			*word = w;
			*wlen = wl;
			return index;
		}
	}
	return 0;
}
