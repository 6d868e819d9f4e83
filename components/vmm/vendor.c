/*
 * tzvmm's own calls, in the vendor-specific hypervisor service range
 * (owner 6). The test image adds its hooks' range from
 * components/vmm/testhooks/vendor_test.c. docs/smc-reference.md lists each
 * with its arguments and results.
 */
#include <tzvmm/smccc.h>
#include <tzvmm/virtio_smc.h>
#include "smc.h"
#include "virtio/virtio.h"

static struct smc_result vendor_null(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	(void)a;
	return smc_ret(SMCCC_SUCCESS);
}

static struct smc_result vendor_echo(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	return smc_ret4(SMCCC_SUCCESS, TZVMM_ECHO_R1(a->a[1]), TZVMM_ECHO_R2(a->a[2]),
			TZVMM_ECHO_R3(a->a[1], a->a[3]));
}

static struct smc_result vendor_call_count(struct vmm_cpu *cpu, const struct smc_args *a);

static struct smc_result vendor_uid(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	(void)a;
	return smc_ret4(TZVMM_UID_0, TZVMM_UID_1, TZVMM_UID_2, TZVMM_UID_3);
}

static struct smc_result vendor_revision(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	(void)a;
	return smc_ret4(TZVMM_REVISION_MAJOR, TZVMM_REVISION_MINOR, 0, 0);
}

#define FN(id) (SMCCC_FUNC(id) & 0xffu)

static const smc_handler tzvmm_calls[] = {   /* 0x0000.. */
	[FN(TZVMM_SMC_NULL)] = vendor_null,
	[FN(TZVMM_SMC_ECHO)] = vendor_echo,
	[FN(TZVMM_SMC_VIRTIO_READ)] = virtio_smc_read,
	[FN(TZVMM_SMC_VIRTIO_WRITE)] = virtio_smc_write,
};

static const smc_handler query_calls[] = {   /* 0xff00..: SMCCC general queries */
	[FN(TZVMM_SMC_CALL_COUNT)] = vendor_call_count,
	[FN(TZVMM_SMC_UID)] = vendor_uid,
	[FN(TZVMM_SMC_REVISION)] = vendor_revision,
};

static const struct smc_range vendor_ranges[] = {
	SMC_RANGE(0x0000, tzvmm_calls),
	SMC_RANGE(0xff00, query_calls),
};

const struct smc_service vendor_service = SMC_SERVICE("tzvmm", vendor_ranges);

/* The number of calls this run answers in the vendor range (with the test
 * image's, components/vmm/testhooks/). */
static struct smc_result vendor_call_count(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	(void)a;
	return smc_ret((int32_t)smc_answered(SMCCC_OWNER_VENDOR_HYP));
}
