/* Console, SMC calls, exit and the test runner of the normal-world guests. */
#include <stdarg.h>
#include <lib/fmt.h>
#include <tzvmm/test/hooks.h>
#include "guest.h"
#include "uart.h"

/* uart_<kind>_<fn> of the board's kind of console (PLAT_NS_UART). */
#define UART_FN_(kind, fn) uart_##kind##_##fn
#define UART_FN(kind, fn) UART_FN_(kind, fn)

struct guest_exc guest_exc;

/* Called by start.S before main. */
void guest_console_init(void)
{
	UART_FN(PLAT_NS_UART, init)(PLAT_NS_UART_BASE);
}

static void uart_putc(char c)
{
	UART_FN(PLAT_NS_UART, putc)(PLAT_NS_UART_BASE, c);
}

void guest_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (const char *p = buf; *p; p++) {
		if (*p == '\n')
			uart_putc('\r');
		uart_putc(*p);
	}
}

struct smc_ret guest_smc7(uint32_t id, const uint32_t a[7])
{
	register uint32_t r0 __asm__("r0") = id;
	register uint32_t r1 __asm__("r1") = a[0];
	register uint32_t r2 __asm__("r2") = a[1];
	register uint32_t r3 __asm__("r3") = a[2];
	register uint32_t r4 __asm__("r4") = a[3];
	register uint32_t r5 __asm__("r5") = a[4];
	register uint32_t r6 __asm__("r6") = a[5];
	register uint32_t r7 __asm__("r7") = a[6];

	__asm__ volatile(".arch_extension sec\n smc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
			 : "r"(r4), "r"(r5), "r"(r6), "r"(r7)
			 : "memory");
	return (struct smc_ret){ r0, r1, r2, r3 };
}

struct smc_ret guest_smc(uint32_t id, uint32_t a1, uint32_t a2, uint32_t a3)
{
	const uint32_t a[7] = { a1, a2, a3, 0, 0, 0, 0 };

	return guest_smc7(id, a);
}

void guest_exit(int status)
{
	guest_smc(TZVMM_SMC_TEST_EXIT, (uint32_t)status, 0, 0);
	guest_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

static int tf_failures_in_case;
static const char *tf_skip_reason;

void tf_skip(const char *why)
{
	tf_skip_reason = why;
}

void tf_fail(const char *file, int line, const char *expr, uint32_t got, uint32_t want)
{
	tf_failures_in_case++;
	guest_printf("    %s:%d: %s is 0x%08x, expected 0x%08x\n", file, line, expr, (unsigned)got,
		     (unsigned)want);
}

/* Bounds of the .tests section, from guest/common/guest.ld: one array to
 * the linker, two symbols to C (cppcheck cannot know that). */
extern const struct tf_case __tests_start[], __tests_end[];

/* Says which cases this board's image left out and why, one line each;
 * returns how many. */
static int tf_list_left_out(void)
{
	int n = 0;

	/* cppcheck-suppress comparePointers */
	for (const struct tf_case *c = __tests_start; c < __tests_end; c++) {
		if (!c->fn) {
			guest_printf("left out %s (%s)\n", c->name, c->left_out_why);
			n++;
		}
	}
	return n;
}

int tf_run_all(const char *suite)
{
	int passed = 0, failed = 0, skipped = 0;
	int left_out = tf_list_left_out();

	/* cppcheck-suppress comparePointers */
	guest_printf("%s: %d tests\n", suite, (int)(__tests_end - __tests_start) - left_out);
	/* cppcheck-suppress comparePointers */
	for (const struct tf_case *c = __tests_start; c < __tests_end; c++) {
		if (!c->fn)
			continue;
		tf_failures_in_case = 0;
		tf_skip_reason = NULL;
		c->fn();
		if (tf_failures_in_case) {
			failed++;
			guest_printf("FAIL %s\n", c->name);
		} else if (tf_skip_reason) {
			skipped++;
			guest_printf("skip %s (%s)\n", c->name, tf_skip_reason);
		} else {
			passed++;
			guest_printf("ok   %s\n", c->name);
		}
	}
	guest_printf("%s: %d passed, %d failed, %d skipped, %d left out\n", suite, passed, failed,
		     skipped, left_out);
	return failed;
}
