/* Secure physical timer (CNTP_* in the secure bank), PPI 29 as FIQ. */
#include <arch/cp15.h>
#include <plat/board.h>

#define CNT_CTL_ENABLE 0x1u

uint64_t plat_timer_now(void)
{
	return cp15_read_cntpct();
}

/* CNTFRQ as QEMU's firmware interface sets it (62.5 MHz on virt). */
uint32_t plat_timer_hz(void)
{
	return cp15_read_cntfrq();
}

void plat_timer_program(uint64_t deadline)
{
	uint64_t now = cp15_read_cntpct();
	uint64_t delta = deadline > now ? deadline - now : 0;

	if (delta > 0x7fffffffu)
		delta = 0x7fffffffu;
	cp15_write_cntp_tval((uint32_t)delta);
	cp15_write_cntp_ctl(CNT_CTL_ENABLE);
	arch_isb();
}

void plat_timer_stop(void)
{
	/* Disabled, the level-triggered interrupt drops. */
	cp15_write_cntp_ctl(0);
	arch_isb();
}
