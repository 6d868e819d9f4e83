/*
 * Kernel start-up. CPU 0 arrives from arch/armv7/entry.S with the kernel in
 * secure RAM and the MMU off: it builds the kernel's translation table,
 * sets up its CPU, the interrupt controller and the boot list's components,
 * then releases the other CPUs, which set up themselves and idle until work
 * (a thread or their vCPU) appears.
 */
#include <stddef.h>
#include <arch/arch_boot.h>
#include <arch/cp15.h>
#include <arch/mmu.h>
#include <tzvmm/syscall.h>
#include "aspace.h"
#include "component.h"
#include "kernel.h"
#include "sched.h"
#include "log.h"
#include "kernel_lock.h"
#include <plat/board.h>
#include "pool.h"
#include "syscall_decode.h"
#include "tracepoints.h"
#include "version.h"
#include <lib/fmt.h>

struct kernel kernel;
uint8_t kernel_stacks[KERNEL_MAX_CPUS][KERNEL_STACK_SIZE] __attribute__((aligned(16)));

void kernel_boot_primary(void) __attribute__((noreturn));
void kernel_boot_secondary(unsigned id) __attribute__((noreturn));

static struct cpu *cpu_setup(unsigned id)
{
	struct cpu *cpu = &kernel.cpus[id];

	sched_init_cpu(cpu, id);
	cpu->kstack_top = (uint32_t)(uintptr_t)&kernel_stacks[id][KERNEL_STACK_SIZE];
	arch_cpu_init(cpu);
	cpu->ttbr0 = mmu_ttbr0((uint32_t)(uintptr_t)aspace_kernel_l1());
	arch_mmu_enable(cpu->ttbr0);
	plat_irq_init_cpu();
	return cpu;
}

void kernel_boot_primary(void)
{
	plat_uart_init();
	plat_timer_init();
	kernel.ncpus = plat_ncpus();
	if (kernel.ncpus > KERNEL_MAX_CPUS)
		kernel.ncpus = KERNEL_MAX_CPUS;
	log_printf("tzvmm %s secure kernel on %s: %u CPUs", TZVMM_VERSION, plat_name,
		   kernel.ncpus);
	/* Before any component or the normal world runs. */
	const char *firewall = NULL;

	log_printf("memory firewall: %s%s", plat_firewall_init(&firewall) ? "" :
		   "NOT IN FORCE, tzvmm's memory is open to the normal world: ", firewall);
	plat_irq_init_dist();
	struct cpu *cpu = cpu_setup(0);

	kernel.cpus_online = 1;

	component_create_all();
	irq_routes_enable_cpu(0);
	log_printf("boot: %u KiB of the secure page pool in use", (unsigned)(pool_used() / 1024));
	log_flush();   /* the boot's lines, before anything else runs */
	arch_dsb();
	plat_irq_release_secondaries();
	kernel_lock();
	sched_dispatch(cpu);
}

void kernel_boot_secondary(unsigned id)
{
	if (id >= kernel.ncpus) {
		for (;;)
			arch_wait_for_interrupt();   /* beyond KERNEL_MAX_CPUS: stay parked */
	}
	struct cpu *cpu = cpu_setup(id);

	kernel_lock();
	kernel.cpus_online++;
	irq_routes_enable_cpu(id);
	log_printf("cpu %u: online, idle until its vCPU runs", id);
	sched_dispatch(cpu);
}

/* A per-CPU counter of struct cpu (its offset), summed over the CPUs. */
/* A per-CPU counter, summed over the CPUs: the counter by a getter, so
 * that the compiler checks its name and type. */
static uint32_t cpu_exits(const struct cpu *c) { return c->exits; }
static uint32_t cpu_fiq_exits(const struct cpu *c) { return c->fiq_exits; }
static uint32_t cpu_fast_answers(const struct cpu *c) { return c->fast_answers; }
static uint32_t cpu_idle_wakeups(const struct cpu *c) { return c->idle_wakeups; }

static uint32_t sum_cpus(uint32_t (*counter)(const struct cpu *c))
{
	uint32_t sum = 0;

	for (unsigned i = 0; i < kernel.ncpus; i++)
		sum += counter(&kernel.cpus[i]);
	return sum;
}

/* SMCs the monitor answered from the fast-path table, which it counts in
 * each vCPU's state block (it has no other memory at hand). */
static uint32_t monitor_fast_answers(void)
{
	uint32_t sum = 0;

	for (unsigned i = 0; i < kernel.ncpus; i++)
		if (kernel.cpus[i].vcpu)
			sum += kernel.cpus[i].vcpu->state->fast_answers;
	return sum;
}

uint32_t kernel_kinfo(uint32_t which)
{
	uint32_t base, size;

	switch ((enum sys_kinfo)which) {
	case KINFO_NCPUS:
		return kernel.ncpus;
	case KINFO_FAULTS:
		return kernel.faults;
	case KINFO_EXITS:
		return sum_cpus(cpu_exits);
	case KINFO_FIQ_EXITS:
		return sum_cpus(cpu_fiq_exits);
	case KINFO_NS_RAM_BASE:
		plat_ns_ram(&base, &size);
		return base;
	case KINFO_NS_RAM_SIZE:
		plat_ns_ram(&base, &size);
		return size;
	case KINFO_TIMER_HZ:
		return plat_timer_hz();
	case KINFO_UNEXPECTED_IRQS:
		return kernel.unexpected_irqs;
	case KINFO_FAST_ANSWERS:
		return sum_cpus(cpu_fast_answers) + monitor_fast_answers();
	case KINFO_IRQ_DELIVERED:
		return kernel.irq_delivered;
	case KINFO_IDLE_WAKEUPS:
		return sum_cpus(cpu_idle_wakeups);
	case KINFO_CPUS_ONLINE:
		return kernel.cpus_online;
	case KINFO_RESTARTS:
		return kernel.restarts;
	case KINFO_BOOT_FILES:
		return plat_fwcfg_base ? 0 : plat_bootfiles_size;
	case KINFO_PV_IRQ_FIRST:
		return plat_irq_pv_first;
	case KINFO_PV_IRQ_COUNT:
		return plat_irq_pv_count;
	case KINFO_TICKS_LO:
		return (uint32_t)plat_timer_now();
	case KINFO_UPTIME_MS:
		return (uint32_t)(plat_timer_now() / (plat_timer_hz() / 1000u));
	case KINFO_COUNT:
	default:
		break;
	}
	/* Test image only (kernel/testhooks/, include/tzvmm/test/kinfo.h): the
	 * canary, the timer latency. */
	return kernel_testhook_kinfo ? kernel_testhook_kinfo(which) : 0;
}

void kernel_power(uint32_t how, int32_t status)
{
	uint32_t exits = kernel_kinfo(KINFO_EXITS), fiqs = kernel_kinfo(KINFO_FIQ_EXITS);

	if (kernel_tracehook_power)
		kernel_tracehook_power();   /* traced image: the last records out */
	/* Read by make bench: world switches over the whole run. */
	log_printf("normal-world exits since boot: %u (smc %u, fiq %u)", (unsigned)exits,
		   (unsigned)(exits - fiqs), (unsigned)fiqs);
	if (how == SYS_POWER_RESET) {
		log_write_line("", "tzvmm: system reset", 19);
		log_flush();
		plat_reset();
	}
	char line[48];
	int n = fmt_snprintf(line, sizeof(line), "tzvmm: power off, status %d", (int)status);

	/* The run's status: scripts/tzvmm-run and the tests take it from the
	 * last line that is exactly this, which only the secure world can
	 * write (normal-world rows start with LOG_NW_PREFIX, logstream.h). */
	log_write_line("", line, (size_t)n);
	log_flush();
	plat_power_off();
}
