/* The ARMv7 generic timer's secure physical timer (CNTP_* in the secure
 * bank), through CP15; its interrupt is PPI 29 on every GIC. */
#include <arch/cp15.h>
#include <drivers/timer.h>

#define CNT_CTL_ENABLE 0x1u

uint64_t generic_timer_now(uintptr_t unused)
{
	(void)unused;
	return cp15_read_cntpct();
}

/* CNTFRQ as the boot firmware (QEMU) set it. */
uint32_t generic_timer_hz(uintptr_t unused)
{
	(void)unused;
	return cp15_read_cntfrq();
}

void generic_timer_program(uintptr_t unused, uint64_t deadline)
{
	uint64_t now = cp15_read_cntpct();
	uint64_t delta = deadline > now ? deadline - now : 0;

	(void)unused;
	if (delta > 0x7fffffffu)
		delta = 0x7fffffffu;
	cp15_write_cntp_tval((uint32_t)delta);
	cp15_write_cntp_ctl(CNT_CTL_ENABLE);
	arch_isb();
}

void generic_timer_stop(uintptr_t unused)
{
	(void)unused;
	/* Disabled, the level-triggered interrupt drops. */
	cp15_write_cntp_ctl(0);
	arch_isb();
}
