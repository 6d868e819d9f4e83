/*
 * i.MX6 CSU slot policies (drivers/imx_csu.h). Decode, then invoke: every
 * entry is checked, and every named slot read, before anything is written,
 * so a bad description (or one a lock would defeat halfway) changes
 * nothing. Writes are half-word wide, at the slot's own half of its CSL
 * register, so the neighbouring slot is never rewritten, not even with
 * the value just read from it.
 *
 * The half-word of a slot (CSU_CSLn field descriptions, i.MX6DQ/6UL RM):
 * bit 0 secure user read, 1 secure supervisor read, 2 non-secure user
 * read, 3 non-secure supervisor read, 4 secure user write, 5 secure
 * supervisor write, 6 non-secure user write, 7 non-secure supervisor
 * write, 8 lock (write-once until reset); bits 15:9 reserved.
 */
#include <stddef.h>
#include <drivers/imx_csu.h>
#include <drivers/mmio.h>

#define IMX_CSU_SUR  (1u << 0)
#define IMX_CSU_SSR  (1u << 1)
#define IMX_CSU_NUR  (1u << 2)
#define IMX_CSU_NSR  (1u << 3)
#define IMX_CSU_SUW  (1u << 4)
#define IMX_CSU_SSW  (1u << 5)
#define IMX_CSU_NUW  (1u << 6)
#define IMX_CSU_NSW  (1u << 7)
#define IMX_CSU_LOCK (1u << 8)

#define IMX_CSU_SECURE_RW (IMX_CSU_SUR | IMX_CSU_SSR | IMX_CSU_SUW | IMX_CSU_SSW)
#define IMX_CSU_ALL_RW    (IMX_CSU_SECURE_RW | IMX_CSU_NUR | IMX_CSU_NSR | IMX_CSU_NUW | \
			   IMX_CSU_NSW)

/* The slot's half-word: CSL n at 4n, its upper slot 2 bytes further. */
static uintptr_t imx_csu_half(uintptr_t base, unsigned slot)
{
	return base + 2u * slot;
}

static uint16_t imx_csu_value(const struct imx_csu_slot *s)
{
	uint16_t v = s->policy == IMX_CSU_OPEN ? IMX_CSU_ALL_RW : IMX_CSU_SECURE_RW;

	return (uint16_t)(v | (s->lock ? IMX_CSU_LOCK : 0u));
}

/* Why entry i cannot be applied, or NULL. */
static const char *imx_csu_entry_fault(uintptr_t base, const struct imx_csu_slot *slots,
				       unsigned i)
{
	const struct imx_csu_slot *s = &slots[i];
	uint16_t now;

	if (s->slot >= IMX_CSU_NSLOTS)
		return "slot beyond CSL39";
	if (s->policy != IMX_CSU_SECURE_ONLY && s->policy != IMX_CSU_OPEN)
		return "policy is neither secure-only nor open";
	for (unsigned j = 0; j < i; j++)
		if (slots[j].slot == s->slot)
			return "slot named twice";
	now = mmio_read16(imx_csu_half(base, s->slot));
	if ((now & IMX_CSU_LOCK) && now != imx_csu_value(s))
		return "slot is locked to another setting";
	return NULL;
}

/* Writes the half-word of every slot not yet as asked (a locked slot that
 * passed the check already is), then reads them all back: NULL if they
 * hold, else why not. */
static const char *imx_csu_apply(uintptr_t base, const struct imx_csu_slot *slots, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uintptr_t half = imx_csu_half(base, slots[i].slot);

		if (mmio_read16(half) != imx_csu_value(&slots[i]))
			mmio_write16(half, imx_csu_value(&slots[i]));
	}
	for (unsigned i = 0; i < n; i++)
		if (mmio_read16(imx_csu_half(base, slots[i].slot)) != imx_csu_value(&slots[i]))
			return "a slot reads back otherwise (CSU absent?)";
	return NULL;
}

int imx_csu_configure(uintptr_t base, const struct imx_csu_slot *slots, unsigned n,
		      const char **why)
{
	const char *fault = NULL;
	int ret = IMX_CSU_OK;

	if (n && !slots)
		fault = "no slots";
	for (unsigned i = 0; i < n && !fault; i++)
		fault = imx_csu_entry_fault(base, slots, i);
	if (fault) {
		ret = IMX_CSU_ERR_DESC;
	} else {
		fault = imx_csu_apply(base, slots, n);
		if (fault)
			ret = IMX_CSU_ERR_READBACK;
	}
	if (why)
		*why = fault;
	return ret;
}
