/* System-call dispatch internals, exposed for unit tests. */
#ifndef KERNEL_SYSCALL_DECODE_H
#define KERNEL_SYSCALL_DECODE_H

#include <stdint.h>
#include "kernel.h"

/* The capability idx of component c if it exists and is of that kind. */
const struct cap *syscall_cap(const struct component *c, uint32_t idx, enum cap_kind kind);
/* Validates and performs call nr for thread t; returns r0 for the caller. */
int32_t syscall_invoke(struct thread *t, uint32_t nr, const uint32_t *args);
/* A KINFO_* figure (kernel/boot.c). */
uint32_t kernel_kinfo(uint32_t which);
/* The figures only the test image gives (kernel/testhooks/canary.c); a weak
 * reference, NULL in the production image. */
__attribute__((weak)) uint32_t kernel_testhook_kinfo(uint32_t which);
/* Test image only (kernel/testhooks/latency.c): a secure timer's lateness,
 * in ticks from its deadline, when the kernel handles its expiry. */
__attribute__((weak)) void kernel_testhook_timer_late(uint64_t ticks);

#endif
