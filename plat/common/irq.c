/*
 * The board interface's interrupt controller (plat/include/plat/board.h)
 * on a GICv2 with the Security Extensions (drivers/gicv2.c), every board's
 * today, and tzvmm's policy for it: which interrupts are secure (group 0,
 * FIQ): the secure timer, SGIs 8-15 (PLAT_SECURE_SGI_MASK; Linux uses
 * 0-7) and what a component is granted; which a component may be granted;
 * which the secure world raises for the normal world.
 */
#include <stdint.h>
#include <drivers/gicv2.h>
#include <drivers/imx_src.h>
#include <plat/memmap.h>
#include <plat/board.h>

const uint32_t plat_irq_resched = PLAT_SGI_RESCHED;
const uint32_t plat_irq_pv_first = PLAT_SPI_TZVMM_FIRST;
const uint32_t plat_irq_pv_count = PLAT_SPI_TZVMM_COUNT;

unsigned plat_ncpus(void)
{
	return gicv2_ncpus(PLAT_GICD_BASE);
}

void plat_irq_init_dist(void)
{
	gicv2_init_dist(PLAT_GICD_BASE);
}

void plat_irq_init_cpu(void)
{
	gicv2_init_cpu(PLAT_GICD_BASE, PLAT_GICC_BASE,
		       PLAT_SECURE_SGI_MASK | 1u << PLAT_IRQ_SECURE_TIMER,
		       1u << PLAT_SGI_RESCHED | 1u << PLAT_IRQ_SECURE_TIMER);
}

uint32_t plat_irq_ack(uint32_t *token)
{
	_Static_assert(GICV2_NONE == PLAT_IRQ_NONE, "one value for 'no interrupt'");
	return gicv2_ack(PLAT_GICC_BASE, token);
}

void plat_irq_eoi(uint32_t token)
{
	gicv2_eoi(PLAT_GICC_BASE, token);
}

uint32_t plat_irq_idle_begin(void)
{
	return gicv2_idle_begin(PLAT_GICC_BASE);
}

void plat_irq_idle_end(uint32_t saved)
{
	gicv2_idle_end(PLAT_GICC_BASE, saved);
}

/* Grantable: the secure UART's receive interrupt (the secure console's
 * input) and the secure SGIs the kernel itself does not use (10-15). A
 * component is signalled through an SGI by another CPU; board devices of
 * the secure world that raise interrupts would be added here. */
bool plat_irq_grantable(uint32_t intid)
{
	if (intid == PLAT_IRQ_SECURE_UART)
		return true;
	return intid < 16u && (PLAT_SECURE_SGI_MASK & (1u << intid)) &&
	       intid != PLAT_SGI_RELEASE && intid != PLAT_SGI_RESCHED;
}

void plat_irq_mask(uint32_t intid)
{
	gicv2_mask(PLAT_GICD_BASE, intid);
}

void plat_irq_unmask(uint32_t intid)
{
	gicv2_unmask(PLAT_GICD_BASE, intid);
}

bool plat_irq_injectable(uint32_t intid)
{
	return intid >= PLAT_SPI_TZVMM_FIRST && intid - PLAT_SPI_TZVMM_FIRST < PLAT_SPI_TZVMM_COUNT;
}

void plat_irq_inject(uint32_t intid)
{
	gicv2_set_pending(PLAT_GICD_BASE, intid);
}

void plat_irq_send_sgi(unsigned cpu, unsigned sgi)
{
	gicv2_send_sgi(PLAT_GICD_BASE, GICD_SGIR_TARGET_LIST | 1u << (16 + cpu), sgi);
}

#ifdef PLAT_SECONDARY_START
/* A board whose secondary cores stay in reset until its SRC starts them
 * (the i.MX6Q): they start now, at the image's entry, and go straight on
 * (plat_secondary_wait returns at once, plat/common/boot.S). */
void plat_irq_release_secondaries(void)
{
	extern char _start[];

	for (unsigned cpu = 1; cpu < plat_ncpus(); cpu++)
		if (imx_src_cpu_on(PLAT_SECONDARY_START, cpu, (uint32_t)(uintptr_t)_start, 0) != 0)
			kernel_panic(__FILE__, __LINE__, "the SRC did not start a secondary core");
}
#else
void plat_irq_release_secondaries(void)
{
	gicv2_send_sgi(PLAT_GICD_BASE, GICD_SGIR_ALL_BUT_SELF, PLAT_SGI_RELEASE);
}
#endif
