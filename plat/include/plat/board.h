/*
 * The board interface: what the kernel needs from a board (implemented in
 * plat/<board>/, docs/porting.md) and the little the board may use of the
 * kernel. Board facts (addresses, interrupt numbers) stay behind these
 * calls; a board includes this, its own headers and arch/ ones, never a
 * kernel-internal header. The assembly side of the interface (the reset
 * path's plat_cpu_index and plat_secondary_wait) is described in
 * arch/armv7/entry.S.
 */
#ifndef PLAT_BOARD_H
#define PLAT_BOARD_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/* From the kernel: stop with a message on the secure log (status 71). For
 * broken board facts only, never for input of the normal world. */
void kernel_panic(const char *file, int line, const char *what) __attribute__((noreturn));

void plat_uart_init(void);
/* Writes a byte, waiting while the transmit FIFO is full. */
void plat_uart_putc(char c);
/* True if plat_uart_putc would not wait: the log's drain waits for room
 * itself, where a secure interrupt can stop the wait (kernel/log.c). */
bool plat_uart_tx_ready(void);
/* A byte the secure UART received, or -1 if none is waiting. */
int plat_uart_getc(void);
/* Its receive interrupt, which a component may be granted. */
extern const uint32_t plat_irq_uart;

/* The memory firewall: makes the secure world's RAM and devices
 * inaccessible to the normal world, where the board's bus needs telling
 * (a TZASC, a CSU). True if that is in force; *what says how (or why not)
 * for the secure log. Called once, before any component or the normal
 * world runs. */
bool plat_firewall_init(const char **what);

unsigned plat_ncpus(void);
/* Normal-world RAM as the board reports it. */
void plat_ns_ram(uint32_t *base, uint32_t *size);

/* The arguments the run gives component `name` (a line of text such as
 * "period_ms=100 policy=log"): copied into buf, NUL-terminated, at most
 * len - 1 bytes; returns their length, 0 if the run gives none. */
size_t plat_component_args(const char *name, char *buf, size_t len);

/* Secure interrupt controller. */
void plat_irq_init_dist(void);
void plat_irq_init_cpu(void);
/* Acknowledges the highest-priority pending secure interrupt: returns its
 * INTID, or PLAT_IRQ_NONE if there is none, and sets *token to what
 * plat_irq_eoi needs to end it (on a GIC the whole acknowledge value, which
 * also names the CPU that sent an SGI). */
uint32_t plat_irq_ack(uint32_t *token);
void plat_irq_eoi(uint32_t token);
void plat_irq_send_sgi(unsigned cpu, unsigned sgi);
/* Interrupts a component may be granted (component.conf `interrupt`):
 * whether intid is one, and its mask at the controller, which the kernel
 * sets while the component handles it. Called on the CPU of the thread it
 * is granted to (a GIC banks SGIs and PPIs per CPU). */
bool plat_irq_grantable(uint32_t intid);
void plat_irq_mask(uint32_t intid);
void plat_irq_unmask(uint32_t intid);
/* Interrupts the secure world may raise for the normal world (group 1,
 * reserved by the board for tzvmm's para-virtual devices), and raising one. */
bool plat_irq_injectable(uint32_t intid);
void plat_irq_inject(uint32_t intid);
/* Those interrupts: [plat_irq_pv_first, + plat_irq_pv_count). */
extern const uint32_t plat_irq_pv_first, plat_irq_pv_count;
/* Around the idle loop's wait: while this CPU has neither secure work nor
 * a running vCPU, only secure interrupts may wake it; the normal world's
 * stay pending for when its vCPU runs. begin returns what end restores. */
uint32_t plat_irq_idle_begin(void);
void plat_irq_idle_end(uint32_t saved);
void plat_irq_release_secondaries(void);
#define PLAT_IRQ_NONE 0xffffffffu

/* Once, on the boot CPU, before any other plat_timer_* call. */
void plat_timer_init(void);
/* Secure physical timer of this CPU. */
uint64_t plat_timer_now(void);
uint32_t plat_timer_hz(void);   /* ticks per second */
void plat_timer_program(uint64_t deadline);
void plat_timer_stop(void);
/* INTID of the secure timer and of the reschedule SGI. */
extern const uint32_t plat_irq_timer;
extern const uint32_t plat_irq_resched;

/* Board power control; never return. */
void plat_power_off(void) __attribute__((noreturn));
void plat_reset(void) __attribute__((noreturn));

/* Kernel memory map for translation tables. */
struct plat_mapping {
	uint32_t base, size;
	int attr;   /* enum mmu_attr */
};
extern const struct plat_mapping plat_kernel_map[];
extern const size_t plat_kernel_map_len;
extern const uint32_t plat_pool_base, plat_pool_end;
/* The board's boot files, which a component with `devices boot-files`
 * reads (the VMM: the guest's images): QEMU's fw_cfg registers at
 * plat_fwcfg_base, or else (plat_fwcfg_base 0) a blob in memory of
 * plat_bootfiles_size bytes at plat_bootfiles_base (lib/fwcfg_mem.c). */
extern const uint32_t plat_fwcfg_base;
extern const uint32_t plat_bootfiles_base, plat_bootfiles_size;
/* The storage device a storage component may be granted (component.conf
 * `devices storage`: the secure flash, an SD host controller): physical
 * base and size. */
extern const uint32_t plat_flash_base, plat_flash_size;
extern const char plat_name[];

#endif
