/* Fault reporting helpers (kernel/fault.c). */
#ifndef KERNEL_FAULT_H
#define KERNEL_FAULT_H

#include <stdint.h>
#include <arch/arch.h>

struct thread;

void kernel_exception(struct arch_context *ctx, uint32_t kind) __attribute__((noreturn));
void fault_thread(struct thread *t, enum arch_exception kind, uint32_t pc,
		  uint32_t addr, uint32_t status);


/* Short name of a DFSR/IFSR fault status (short-descriptor format). */
const char *fault_status_name(uint32_t fsr);

#endif
