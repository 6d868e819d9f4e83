/* Boot-time architecture set-up, called once per CPU by kernel/boot.c. */
#ifndef ARCH_ARCH_BOOT_H
#define ARCH_ARCH_BOOT_H

struct cpu;

/* Installs VBAR/MVBAR, TPIDRPRW, NSACR, SDER, SCR and PMCR.DP. */
void arch_cpu_init(struct cpu *cpu);

#endif
