/*
 * SMC Calling Convention (Arm DEN0028, v1.2) function-id layout and the
 * function ids tzvmm answers. Shared by the secure world (kernel, VMM) and
 * the normal-world test guests, so both sides agree on one set of numbers.
 */
#ifndef TZVMM_SMCCC_H
#define TZVMM_SMCCC_H

#include <stdbool.h>
#include <stdint.h>

/* Function id fields (DEN0028 section 2.5). */
#define SMCCC_FAST_CALL        0x80000000u  /* bit 31: fast (atomic) call */
#define SMCCC_SMC64            0x40000000u  /* bit 30: SMC64 calling convention */
#define SMCCC_OWNER_SHIFT      24
#define SMCCC_OWNER_MASK       0x3fu
#define SMCCC_FUNC_MASK        0xffffu
#define SMCCC_OWNER(id)        (((id) >> SMCCC_OWNER_SHIFT) & SMCCC_OWNER_MASK)
#define SMCCC_FUNC(id)         ((id) & SMCCC_FUNC_MASK)
/* Bits 23:16 must be zero for fast calls (DEN0028 table 2-1). */
#define SMCCC_MBZ_MASK         0x00ff0000u

/* Owning entities (DEN0028 table 6-2). */
#define SMCCC_OWNER_ARCH       0u
#define SMCCC_OWNER_CPU        1u
#define SMCCC_OWNER_SIP        2u
#define SMCCC_OWNER_OEM        3u
#define SMCCC_OWNER_STD        4u
#define SMCCC_OWNER_STD_HYP    5u
#define SMCCC_OWNER_VENDOR_HYP 6u
#define SMCCC_OWNER_COUNT      64u

#define SMCCC_ID(owner, func) \
	(SMCCC_FAST_CALL | ((uint32_t)(owner) << SMCCC_OWNER_SHIFT) | (uint32_t)(func))

/* Whether id is a fast SMC32 call: the only kind tzvmm answers for an
 * AArch32 normal world. Yielding calls, SMC64 ids and ids with the
 * must-be-zero bits set are not, whatever their owner and number. The one
 * statement of the rule: the kernel's fast path, the VMM's dispatch and the
 * guests' call generator all ask it. */
static inline bool smccc_is_fast32(uint32_t id)
{
	/* (One mask and one compare: the VMM's dispatch asks it on every call.) */
	return (id & (SMCCC_FAST_CALL | SMCCC_SMC64 | SMCCC_MBZ_MASK)) == SMCCC_FAST_CALL;
}

/* Return codes. */
#define SMCCC_SUCCESS          0
#define SMCCC_NOT_SUPPORTED    (-1)
#define SMCCC_NOT_REQUIRED     (-2)
#define SMCCC_INVALID_PARAMETER (-3)

/* Arm architecture calls (owner 0). */
#define SMCCC_VERSION          0x80000000u
#define SMCCC_ARCH_FEATURES    0x80000001u
#define SMCCC_ARCH_SOC_ID      0x80000002u
#define SMCCC_VERSION_1_2      0x00010002u

/* PSCI (Arm DEN0022), 32-bit function ids (owner 4). */
#define PSCI_VERSION           0x84000000u
#define PSCI_CPU_SUSPEND       0x84000001u
#define PSCI_CPU_OFF           0x84000002u
#define PSCI_CPU_ON            0x84000003u
#define PSCI_AFFINITY_INFO     0x84000004u
#define PSCI_MIGRATE           0x84000005u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_MIGRATE_INFO_UP_CPU 0x84000007u
#define PSCI_SYSTEM_OFF        0x84000008u
#define PSCI_SYSTEM_RESET      0x84000009u
#define PSCI_FEATURES          0x8400000au

/* PSCI return codes (DEN0022 table 5.2.2). */
#define PSCI_SUCCESS            0
#define PSCI_NOT_SUPPORTED      (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED             (-3)
#define PSCI_ALREADY_ON         (-4)
#define PSCI_ON_PENDING         (-5)
#define PSCI_INTERNAL_FAILURE   (-6)
#define PSCI_NOT_PRESENT        (-7)
#define PSCI_DISABLED           (-8)
#define PSCI_INVALID_ADDRESS    (-9)

/*
 * tzvmm's own calls: vendor-specific hypervisor service (owner 6).
 * Function numbers 0x0000-0x00ff and 0xff00-0xff03 are tzvmm's calls;
 * 0x1000-0x10ff (test hooks) and 0xfe00 (the benchmark floor) belong to
 * the test image that make check and make bench build, and are named in
 * include/tzvmm/test/hooks.h; the production image (make run) has no code
 * for them: they are unknown calls (-1) there.
 * docs/smc-reference.md describes each call.
 */
#define TZVMM_SMC_NULL         SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x0000u)
#define TZVMM_SMC_ECHO         SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x0001u)
#define TZVMM_SMC_CALL_COUNT   SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0xff00u)
#define TZVMM_SMC_UID          SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0xff01u)
#define TZVMM_SMC_REVISION     SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0xff03u)
/* Echo transformation (checked by the test guest): */
#define TZVMM_ECHO_R1(a1)      (~(a1))
#define TZVMM_ECHO_R2(a2)      ((a2) + 1u)
#define TZVMM_ECHO_R3(a1, a3)  ((a3) ^ (a1))

/* tzvmm's SoC identity for SMCCC_ARCH_SOC_ID (see components/vmm/smccc.c). */
#define TZVMM_SOC_JEP106_BANK  0x7fu
#define TZVMM_SOC_JEP106_CODE  0x7eu
#define TZVMM_SOC_ID           0x7a56u
#define TZVMM_SOC_REVISION     0x00000001u

/* tzvmm's UID for SMCCC "call UID" queries (r0..r3), a random v4 UUID. */
#define TZVMM_UID_0            0x6a1c0e5fu
#define TZVMM_UID_1            0x4c7e9d21u
#define TZVMM_UID_2            0x8b30a4f7u
#define TZVMM_UID_3            0x2d59c613u
#define TZVMM_REVISION_MAJOR   0u
#define TZVMM_REVISION_MINOR   1u

#endif
