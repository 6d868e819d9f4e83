/*
 * TZC-380 TrustZone Address Space Controller (drivers/tzc380.h). Decode,
 * then invoke: the whole plan is checked against the controller's
 * configuration register before the first write, so a bad plan leaves the
 * controller as it was; after the writes every register written is read
 * back, so a locked or absent controller (QEMU's i.MX6 models have none:
 * reads give zero) is reported instead of trusted.
 *
 * Register facts: CoreLink TZC-380 TRM, ARM DDI 0431C, 3.2 (register
 * descriptions) and Table 2-4 (security permissions).
 */
#include <stddef.h>
#include <drivers/mmio.h>
#include <drivers/tzc380.h>

#define TZC380_CONFIGURATION 0x000u
#define TZC380_ACTION        0x004u
#define TZC380_INT_STATUS    0x010u
#define TZC380_INT_CLEAR     0x014u
#define TZC380_FAIL_ADDR_LOW 0x020u
#define TZC380_FAIL_ADDR_HIGH 0x024u
#define TZC380_FAIL_CONTROL  0x028u
#define TZC380_FAIL_ID       0x02cu
#define TZC380_SETUP_LOW(n)  (0x100u + 0x10u * (n))
#define TZC380_SETUP_HIGH(n) (0x104u + 0x10u * (n))
#define TZC380_ATTRIBUTES(n) (0x108u + 0x10u * (n))

/* configuration (3.2.1): no_of_regions [3:0] and address_width [13:8],
 * each the number minus one. */
#define TZC380_CONF_REGIONS(c) (((c) & 0xfu) + 1u)
#define TZC380_CONF_AW(c)      ((((c) >> 8) & 0x3fu) + 1u)

#define TZC380_ACTION_MASK 0x3u

/* region_setup_low_<n> (3.2.13): base address bits [31:15]. */
#define TZC380_SETUP_LOW_MASK 0xffff8000u

/* region_attributes_<n> (3.2.15): sp [31:28], subregion_disable [15:8],
 * size [6:1] (the region spans 2^(size + 1) bytes, 0b001110 = 32 KiB the
 * least), en [0]. Region 0 has only sp writable. */
#define TZC380_ATTR_SP_SHIFT 28
#define TZC380_ATTR_SP_MASK  (0xfu << TZC380_ATTR_SP_SHIFT)
#define TZC380_ATTR_SIZE(s)  ((uint32_t)(s) << 1)
#define TZC380_ATTR_EN       0x1u
#define TZC380_SIZE_MIN_LOG2 15u

/* The sp bits (Table 2-4). Secure-only grants the secure bits alone; the
 * non-secure kind sets all four rather than counting on security inversion
 * being disabled to let the secure world in (3.2.12). */
#define TZC380_SP_NS_WR 0x1u
#define TZC380_SP_NS_RD 0x2u
#define TZC380_SP_S_WR  0x4u
#define TZC380_SP_S_RD  0x8u

/* fail_control (3.2.9) and int_status (3.2.5). */
#define TZC380_FAIL_WRITE      (1u << 24)
#define TZC380_FAIL_NONSECURE  (1u << 21)
#define TZC380_FAIL_PRIVILEGED (1u << 20)
#define TZC380_INT_PENDING     0x1u
#define TZC380_INT_OVERRUN     0x2u

static uint32_t tzc380_sp(enum tzc380_security s)
{
	uint32_t sp = TZC380_SP_S_RD | TZC380_SP_S_WR;

	if (s == TZC380_NONSECURE_RW)
		sp |= TZC380_SP_NS_RD | TZC380_SP_NS_WR;
	return sp << TZC380_ATTR_SP_SHIFT;
}

/* log2 of a power of two. */
static unsigned tzc380_log2(uint64_t v)
{
	unsigned n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

/* The attributes register value of region n >= 1 of a checked plan. */
static uint32_t tzc380_attributes(const struct tzc380_region *r)
{
	return tzc380_sp(r->security) | TZC380_ATTR_SIZE(tzc380_log2(r->size) - 1u) |
	       TZC380_ATTR_EN;
}

/* Why region r, one above the background, cannot be programmed into a
 * controller of address width aw, or NULL if it can. */
static const char *tzc380_region_fault(const struct tzc380_region *r, unsigned aw)
{
	if (r->security != TZC380_SECURE_ONLY && r->security != TZC380_NONSECURE_RW)
		return "region security is neither secure-only nor non-secure";
	if (r->size < (1u << TZC380_SIZE_MIN_LOG2))
		return "region size below 32 KiB";
	if (r->size & (r->size - 1u))
		return "region size not a power of two";
	if (r->base & (r->size - 1u))
		return "region base not aligned to its size";
	/* base + size must not pass 2^aw; written so that nothing overflows. */
	if (aw < 64 && (r->size > (1ull << aw) || r->base > (1ull << aw) - r->size))
		return "region beyond the controller's address width";
	return NULL;
}

/* Checks a plan against the controller's configuration register value.
 * Returns NULL if it can be programmed, else why not. */
static const char *tzc380_plan_fault(const struct tzc380_plan *plan, uint32_t conf)
{
	const struct tzc380_region *bg;

	if (!plan || !plan->regions || plan->nregions == 0)
		return "no background region";
	if (plan->nregions > TZC380_CONF_REGIONS(conf))
		return "more regions than the controller has";
	if ((uint32_t)plan->action > TZC380_ACTION_MASK)
		return "unknown action";
	bg = &plan->regions[0];
	if (bg->base != 0 || bg->size != 0)
		return "region 0 is the background: its base and size must be 0";
	if (bg->security != TZC380_SECURE_ONLY && bg->security != TZC380_NONSECURE_RW)
		return "region security is neither secure-only nor non-secure";
	for (unsigned n = 1; n < plan->nregions; n++) {
		const char *why = tzc380_region_fault(&plan->regions[n], TZC380_CONF_AW(conf));

		if (why)
			return why;
	}
	return NULL;
}

/* Programs a checked plan. First every region but the background is
 * disabled, so that no region left by earlier firmware outranks the plan's
 * even for a moment; then the regions are written from the highest down,
 * each while disabled, so that a secure region is in force before any
 * lower-priority region it carves out of is enabled. */
static void tzc380_write_plan(uintptr_t base, const struct tzc380_plan *plan, unsigned nhw)
{
	for (unsigned n = nhw - 1u; n >= 1u; n--)
		mmio_write32(base + TZC380_ATTRIBUTES(n), 0);
	for (unsigned n = plan->nregions - 1u; n >= 1u; n--) {
		const struct tzc380_region *r = &plan->regions[n];

		mmio_write32(base + TZC380_SETUP_LOW(n), (uint32_t)r->base & TZC380_SETUP_LOW_MASK);
		mmio_write32(base + TZC380_SETUP_HIGH(n), (uint32_t)(r->base >> 32));
		mmio_write32(base + TZC380_ATTRIBUTES(n), tzc380_attributes(r));
	}
	mmio_write32(base + TZC380_ATTRIBUTES(0), tzc380_sp(plan->regions[0].security));
	mmio_write32(base + TZC380_ACTION, (uint32_t)plan->action);
}

/* Reads back what tzc380_write_plan wrote: true if all of it holds. */
static bool tzc380_plan_holds(uintptr_t base, const struct tzc380_plan *plan, unsigned nhw)
{
	if ((mmio_read32(base + TZC380_ACTION) & TZC380_ACTION_MASK) != (uint32_t)plan->action)
		return false;
	if ((mmio_read32(base + TZC380_ATTRIBUTES(0)) & TZC380_ATTR_SP_MASK) !=
	    tzc380_sp(plan->regions[0].security))
		return false;
	for (unsigned n = 1; n < nhw; n++) {
		uint32_t attr = mmio_read32(base + TZC380_ATTRIBUTES(n));
		const struct tzc380_region *r;

		if (n >= plan->nregions) {
			if (attr & TZC380_ATTR_EN)
				return false;
			continue;
		}
		r = &plan->regions[n];
		if (attr != tzc380_attributes(r) ||
		    (mmio_read32(base + TZC380_SETUP_LOW(n)) & TZC380_SETUP_LOW_MASK) !=
			    ((uint32_t)r->base & TZC380_SETUP_LOW_MASK) ||
		    mmio_read32(base + TZC380_SETUP_HIGH(n)) != (uint32_t)(r->base >> 32))
			return false;
	}
	return true;
}

/* Configures the controller at base as the plan says: TZC380_OK, or an
 * error with *why (if why is not NULL) set to a short reason. Call before
 * the normal world or any DMA master that the plan restricts is running:
 * while the regions are rewritten, only the background region applies. */
int tzc380_configure(uintptr_t base, const struct tzc380_plan *plan, const char **why)
{
	uint32_t conf = mmio_read32(base + TZC380_CONFIGURATION);
	const char *fault = tzc380_plan_fault(plan, conf);
	int ret = TZC380_OK;

	if (fault) {
		ret = TZC380_ERR_PLAN;
	} else {
		tzc380_write_plan(base, plan, TZC380_CONF_REGIONS(conf));
		if (!tzc380_plan_holds(base, plan, TZC380_CONF_REGIONS(conf))) {
			fault = "a register reads back otherwise (controller locked or absent?)";
			ret = TZC380_ERR_READBACK;
		}
	}
	if (why)
		*why = fault;
	return ret;
}

/* The record of the first refused access, for the TZASC interrupt's
 * handler (the action must include the interrupt for it to be raised). */
int tzc380_take_fault(uintptr_t base, struct tzc380_fault *f)
{
	uint32_t status = mmio_read32(base + TZC380_INT_STATUS);
	uint32_t control;

	if (!(status & TZC380_INT_PENDING))
		return 0;
	control = mmio_read32(base + TZC380_FAIL_CONTROL);
	f->address = (uint64_t)mmio_read32(base + TZC380_FAIL_ADDR_HIGH) << 32 |
		     mmio_read32(base + TZC380_FAIL_ADDR_LOW);
	f->id = mmio_read32(base + TZC380_FAIL_ID);
	f->write = control & TZC380_FAIL_WRITE;
	f->nonsecure = control & TZC380_FAIL_NONSECURE;
	f->privileged = control & TZC380_FAIL_PRIVILEGED;
	f->overrun = status & TZC380_INT_OVERRUN;
	/* Any write to int_clear clears status and overrun (3.2.6). */
	mmio_write32(base + TZC380_INT_CLEAR, 1);
	return 1;
}
