/* One-shot timers of threads (kernel/timer.c) */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

struct cpu;
struct thread;

void timer_arm(struct thread *t, uint32_t ticks, uint32_t bits);
void timer_expire(struct cpu *cpu);

#endif
