/*
 * ARMv7-A processor constants (ARM DDI 0406C): modes, PSR bits, SCR, SCTLR,
 * PMCR. Plain #defines so both C and assembly use the same names.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

/* Modes, CPSR bits and SCTLR_NS_RESET: the values of the vCPU state ABI. */
#include <tzvmm/cpu_state.h>

/* Secure Configuration Register (B4.1.129). */
#define SCR_NS     (1u << 0)   /* lower ELs are non-secure */
#define SCR_IRQ    (1u << 1)   /* IRQ to monitor */
#define SCR_FIQ    (1u << 2)   /* FIQ to monitor */
#define SCR_EA     (1u << 3)   /* external abort to monitor */
#define SCR_FW     (1u << 4)   /* NS may mask FIQ (kept 0) */
#define SCR_AW     (1u << 5)   /* NS may mask async aborts */
#define SCR_nET    (1u << 6)
#define SCR_SCD    (1u << 7)   /* SMC disabled */
#define SCR_HCE    (1u << 8)
#define SCR_SIF    (1u << 9)   /* secure instruction fetch from NS memory faults */

/* SCR while the secure world runs: FIQ goes to the secure FIQ vector, and
 * secure code can never execute from normal-world memory (SIF acts only in
 * the secure state, so it belongs here and, for monitor mode, below). */
#define SCR_SECURE_RUN  SCR_SIF
/* SCR while the normal world runs: FIQs (secure interrupts) trap to the
 * monitor and cannot be masked by it; IRQs stay in the normal world. */
#define SCR_NORMAL_RUN  (SCR_NS | SCR_FIQ | SCR_AW | SCR_SIF)

/* SCTLR (B4.1.130). */
#define SCTLR_M    (1u << 0)
#define SCTLR_A    (1u << 1)
#define SCTLR_C    (1u << 2)
#define SCTLR_Z    (1u << 11)
#define SCTLR_I    (1u << 12)
#define SCTLR_V    (1u << 13)
#define SCTLR_TRE  (1u << 28)
#define SCTLR_AFE  (1u << 29)
#define SCTLR_TE   (1u << 30)

/* NSACR (B4.1.111): normal world may use CP10/CP11 (VFP/NEON), set ACTLR.SMP. */
#define NSACR_CP10     (1u << 10)
#define NSACR_CP11     (1u << 11)
#define NSACR_NS_SMP   (1u << 18)

/* PMCR.DP: cycle counter stops where counting is prohibited (secure state). */
#define PMCR_DP    (1u << 5)

#endif
