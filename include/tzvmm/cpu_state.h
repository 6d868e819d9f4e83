/*
 * ARMv7-A values as they appear in the vCPU state block (vcpu_state.h):
 * processor modes and CPSR bits of regs.cpsr and the SPSRs, and the SCTLR
 * a vCPU starts with. Shared by the monitor and kernel (through
 * arch/cpu.h) and the VMM, which builds entry states. Plain #defines so
 * assembly uses the same names (ARM DDI 0406C).
 */
#ifndef TZVMM_CPU_STATE_H
#define TZVMM_CPU_STATE_H

/* Processor modes, CPSR.M (B1.3.1). */
#define MODE_USR   0x10
#define MODE_FIQ   0x11
#define MODE_IRQ   0x12
#define MODE_SVC   0x13
#define MODE_MON   0x16
#define MODE_ABT   0x17
#define MODE_HYP   0x1a
#define MODE_UND   0x1b
#define MODE_SYS   0x1f
#define MODE_MASK  0x1f

/* CPSR bits (B1.3.3). */
#define PSR_T      (1u << 5)
#define PSR_F      (1u << 6)
#define PSR_I      (1u << 7)
#define PSR_A      (1u << 8)
#define PSR_E      (1u << 9)
#define PSR_J      (1u << 24)

/* Architectural reset value of the bits a normal-world OS relies on:
 * MMU, caches, alignment checks off, low vectors (B4.1.130, Cortex-A15 TRM). */
#define SCTLR_NS_RESET  0x00c50078u

#endif
