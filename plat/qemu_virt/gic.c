/*
 * GICv2 with the Security Extensions, as the secure world sets it up:
 * every interrupt is group 1 (the normal world's, signalled as IRQ and
 * never trapped) except the secure ones, which are group 0 and signalled as
 * FIQ: the secure physical timer and SGIs 8-15. IGROUPR0 (SGIs and PPIs)
 * and the CPU interface are banked, so each CPU sets up its own.
 *
 * Priorities: the secure interrupts run at 0x00, every group-1 interrupt at
 * NORMAL_PRIORITY or lower. The normal world cannot raise a group-1
 * interrupt above 0x80 afterwards: its writes to GICD_IPRIORITYR are
 * shifted into the lower half (value >> 1 | 0x80, GICv2 4.4.2), and it
 * cannot write group-0 priorities at all. So a group-1 interrupt the normal
 * world acknowledges and never ends, or keeps pending, can never hold off
 * a secure one (GICv2 preempts only on a strictly higher priority, and a
 * tie goes to the lower interrupt number). At reset every priority is 0.
 */
#include <stdint.h>
#include <plat/gic_regs.h>
#include <plat/memmap.h>
#include <plat/board.h>

const uint32_t plat_irq_timer = PLAT_IRQ_SECURE_TIMER;
const uint32_t plat_irq_resched = PLAT_SGI_RESCHED;

#define SECURE_PRIORITY 0x00u
#define NORMAL_PRIORITY 0x80u
#define PRIORITY_X4(p)  ((p) * 0x01010101u)   /* four byte-wide fields */

static inline volatile uint32_t *gicd(uint32_t off)
{
	return (volatile uint32_t *)(uintptr_t)(PLAT_GICD_BASE + off);
}

static inline volatile uint32_t *gicc(uint32_t off)
{
	return (volatile uint32_t *)(uintptr_t)(PLAT_GICC_BASE + off);
}

static uint32_t gic_lines(void)
{
	return ((*gicd(GICD_TYPER) & 0x1fu) + 1u) * 32u;
}

unsigned plat_ncpus(void)
{
	return ((*gicd(GICD_TYPER) >> 5) & 0x7u) + 1u;
}

void plat_irq_init_dist(void)
{
	*gicd(GICD_CTLR) = 0;
	for (uint32_t i = 32; i < gic_lines(); i += 32)
		*gicd(GICD_IGROUPR + i / 8) = 0xffffffffu;
	/* SPIs, shared: once. */
	for (uint32_t i = 32; i < gic_lines(); i += 4)
		*gicd(GICD_IPRIORITYR + i) = PRIORITY_X4(NORMAL_PRIORITY);
	*gicd(GICD_CTLR) = GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1;
}

static void set_priority(uint32_t intid, uint8_t prio)
{
	volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)(PLAT_GICD_BASE + GICD_IPRIORITYR);

	p[intid] = prio;
}

void plat_irq_init_cpu(void)
{
	uint32_t secure = PLAT_SECURE_SGI_MASK | (1u << PLAT_IRQ_SECURE_TIMER);

	*gicd(GICD_IGROUPR) = ~secure;
	/* SGIs and PPIs are banked: each CPU, whenever it comes up (also after
	 * a reset of the machine, which resets the GIC). */
	for (uint32_t i = 0; i < 32; i++)
		set_priority(i, (secure & (1u << i)) ? SECURE_PRIORITY : NORMAL_PRIORITY);
	*gicd(GICD_ISENABLER) = (1u << PLAT_SGI_RESCHED) | (1u << PLAT_IRQ_SECURE_TIMER);
	*gicc(GICC_PMR) = 0xffu;
	*gicc(GICC_BPR) = 0;
	*gicc(GICC_CTLR) = GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_ENABLE_GRP1 | GICC_CTLR_FIQEN;
}

uint32_t plat_irq_ack(uint32_t *token)
{
	uint32_t iar = *gicc(GICC_IAR);
	uint32_t id = iar & GICC_IAR_ID_MASK;

	/* 1022: the highest pending interrupt is group 1 (the normal world's);
	 * 1023: nothing pending. */
	if (id >= 1020u)
		return PLAT_IRQ_NONE;
	*token = iar;   /* bits 12:10 name the CPU that sent an SGI */
	return id;
}

void plat_irq_eoi(uint32_t iar)
{
	*gicc(GICC_EOIR) = iar;
}

/* WFI wakes on any interrupt signalled to the CPU, masked in the CPSR or
 * not: a group-1 interrupt pending for an idle CPU whose vCPU is off (one
 * GICD_SGIR write from the normal world) would make the idle loop spin,
 * taking the kernel lock every other CPU's SMC needs. The priority mask
 * hides group 1 (NORMAL_PRIORITY and below) during the wait; the normal
 * world's own mask is put back after it. */
uint32_t plat_irq_idle_begin(void)
{
	uint32_t pmr = *gicc(GICC_PMR);

	*gicc(GICC_PMR) = NORMAL_PRIORITY;
	__asm__ volatile("dsb" ::: "memory");
	return pmr;
}

void plat_irq_idle_end(uint32_t saved)
{
	*gicc(GICC_PMR) = saved;
}

/* Grantable: the secure SGIs the kernel itself does not use (10-15). A
 * component is signalled through one by another CPU, or by a board
 * device's interrupt routed there; board devices of the secure world that
 * raise interrupts would be added here. */
bool plat_irq_grantable(uint32_t intid)
{
	if (intid == PLAT_IRQ_UART_SECURE)   /* the secure console's input */
		return true;
	return intid < 16u && (PLAT_SECURE_SGI_MASK & (1u << intid)) &&
	       intid != PLAT_SGI_RELEASE && intid != PLAT_SGI_RESCHED;
}

/* Masked by priority, not by its enable bit: GICv2 leaves it to the
 * implementation whether SGIs can be disabled at all, and QEMU's cannot.
 * At MASKED_PRIORITY an interrupt is never signalled, as no priority mask
 * lets it through (it must be strictly higher than GICC_PMR). */
#define MASKED_PRIORITY 0xffu

void plat_irq_mask(uint32_t intid)
{
	set_priority(intid, MASKED_PRIORITY);
	__asm__ volatile("dsb" ::: "memory");
}

void plat_irq_unmask(uint32_t intid)
{
	if (intid >= 32u) {
		/* A shared peripheral interrupt: secure (group 0), and to this
		 * CPU, the granted thread's (ITARGETSR0's fields read as this
		 * CPU's own bit, GICv2 4.3.12). */
		volatile uint8_t *targets =
			(volatile uint8_t *)(uintptr_t)(PLAT_GICD_BASE + GICD_ITARGETSR);

		*gicd(GICD_IGROUPR + (intid / 32u) * 4u) &= ~(1u << (intid % 32u));
		targets[intid] = targets[0];
	}
	set_priority(intid, SECURE_PRIORITY);
	*gicd(GICD_ISENABLER + (intid / 32u) * 4u) = 1u << (intid % 32u);
}

const uint32_t plat_irq_pv_first = PLAT_SPI_TZVMM_FIRST;
const uint32_t plat_irq_pv_count = PLAT_SPI_TZVMM_COUNT;

bool plat_irq_injectable(uint32_t intid)
{
	return intid >= PLAT_SPI_TZVMM_FIRST && intid - PLAT_SPI_TZVMM_FIRST < PLAT_SPI_TZVMM_COUNT;
}

/* Pending in the distributor: the normal world's own enable, priority and
 * target decide where and whether it is taken, as for any of its SPIs. */
void plat_irq_inject(uint32_t intid)
{
	__asm__ volatile("dsb" ::: "memory");   /* what it signals is visible first */
	*gicd(GICD_ISPENDR + (intid / 32u) * 4u) = 1u << (intid % 32u);
}

void plat_irq_send_sgi(unsigned cpu, unsigned sgi)
{
	__asm__ volatile("dsb" ::: "memory");
	*gicd(GICD_SGIR) = GICD_SGIR_TARGET_LIST | (1u << (16 + cpu)) | sgi;
}

void plat_irq_release_secondaries(void)
{
	*gicd(GICD_SGIR) = GICD_SGIR_ALL_BUT_SELF | PLAT_SGI_RELEASE;
}
