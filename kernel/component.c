/*
 * Instantiates the boot list: for each component an address space, its
 * image copied into pool pages (text mapped RX, data RW/XN for user mode),
 * its threads with their stacks, and the grants of its entry: vCPUs and
 * their state pages, fw_cfg, normal-world RAM, signal capabilities.
 * The boot list is our own build-time data, so a bad entry panics at boot.
 */
#include <arch/mmu.h>
#include <lib/string.h>
#include <tzvmm/component_layout.h>
#include "aspace.h"
#include "component.h"
#include <plat/board.h>
#include "pool.h"
#include "sched.h"
#include "budget.h"
#include "log.h"

_Static_assert(KERNEL_MAX_CPUS <= COMPONENT_MAX_VCPUS, "a vCPU slot per CPU");
_Static_assert(COMPONENT_MAX_VCPUS + COMPONENT_MAX_SIGNAL_CAPS <= COMPONENT_MAX_CAPS,
	       "room for the vCPU slots and the named capabilities");

#define PAGE_ROUND(x) (((x) + MMU_PAGE - 1) & ~(MMU_PAGE - 1))

static void thread_reset(struct thread *t)
{
	const struct component_header *h = (const void *)t->comp->desc->image;

	memset(&t->ctx, 0, sizeof(t->ctx));
	t->ctx.r[0] = t->index;
	t->ctx.sp = t->stack_top;
	t->ctx.pc = h->entry;
	t->ctx.cpsr = ARCH_USER_CPSR;
	t->pending = 0;
	t->wait_mask = 0;
	t->timer_bits = 0;
	sched_set_state(t, THREAD_RUNNABLE);
}

void component_restart_thread(struct thread *t)
{
	budget_reset(t);
	thread_reset(t);
}

static void load_image(struct component *c)
{
	const struct component_desc *d = c->desc;
	const struct component_header *h = (const void *)d->image;
	uint32_t image_len = (uint32_t)(d->image_end - d->image);

	CHECK(image_len >= sizeof(*h) && h->magic == COMPONENT_MAGIC);
	CHECK(h->text_end > COMPONENT_VA_IMAGE && h->text_end <= h->data_end &&
	      h->data_end <= h->bss_end &&
	      h->bss_end - COMPONENT_VA_IMAGE <= COMPONENT_IMAGE_MAX &&
	      h->data_end - COMPONENT_VA_IMAGE == image_len &&
	      (h->text_end & (MMU_PAGE - 1)) == 0);
	uint32_t text = h->text_end - COMPONENT_VA_IMAGE;
	uint32_t total = PAGE_ROUND(h->bss_end - COMPONENT_VA_IMAGE);
	uint8_t *mem = pool_alloc(total, MMU_PAGE);

	memcpy(mem, d->image, image_len);
	c->mem = mem;
	CHECK(aspace_map(&c->as, COMPONENT_VA_IMAGE, (uint32_t)(uintptr_t)mem, text,
			 REGION_RX) == 0);
	if (total > text)
		CHECK(aspace_map(&c->as, h->text_end, (uint32_t)(uintptr_t)mem + text,
				 total - text, REGION_RW) == 0);
}

/* The run's arguments for this component (plat_component_args), on a page
 * of their own that the component may read but not write: they stay the
 * same across its restarts. */
static void map_args(struct component *c)
{
	char *page = pool_alloc(MMU_PAGE, MMU_PAGE);
	size_t n;

	memset(page, 0, MMU_PAGE);
	n = plat_component_args(c->desc->name, page, COMPONENT_ARGS_MAX);
	if (n)
		log_printf("component '%s': arguments \"%s\"", c->desc->name, page);
	CHECK(aspace_map(&c->as, COMPONENT_VA_ARGS, (uint32_t)(uintptr_t)page, MMU_PAGE,
			 REGION_RO) == 0);
}

/* Every thread's stack lies in the components' window, below the image. */
_Static_assert(COMPONENT_VA_STACKS_TOP - TZVMM_MAX_THREADS * COMPONENT_STACK_STRIDE >=
	       COMPONENT_VA_WINDOW, "component stacks leave the window");

static void create_threads(struct component *c)
{
	const struct component_desc *d = c->desc;
	unsigned n = (d->flags & COMP_PER_CPU) ? kernel.ncpus : d->nthreads;

	for (unsigned i = 0; i < n; i++) {
		CHECK(kernel.nthreads < KERNEL_MAX_THREADS);
		struct thread *t = &kernel.threads[kernel.nthreads++];
		uint32_t va = COMPONENT_VA_STACKS_TOP - i * COMPONENT_STACK_STRIDE -
			      COMPONENT_STACK_SIZE;
		void *stack = pool_alloc(COMPONENT_STACK_SIZE, MMU_PAGE);

		CHECK(aspace_map(&c->as, va, (uint32_t)(uintptr_t)stack, COMPONENT_STACK_SIZE,
				 REGION_RW) == 0);
		t->comp = c;
		t->index = i;
		t->cpu = (d->flags & COMP_PER_CPU) ? i : 0;
		t->prio = d->prio;
		t->stack_top = va + COMPONENT_STACK_SIZE;
		t->state = THREAD_BLOCKED;
		sched_add_thread(t);
		budget_init_thread(t, d->budget_us, d->period_us);
		thread_reset(t);
	}
}

static void grant_vcpus(struct component *c)
{
	for (unsigned i = 0; i < kernel.ncpus; i++) {
		struct vcpu *v = &kernel.vcpus[i];

		v->state = pool_alloc(VCPU_STATE_PAGE_SIZE, MMU_PAGE);
		v->cpu = i;
		v->run = VCPU_OFF;
		v->handler = thread_find((unsigned)(c - kernel.components), i);
		v->exit_bits = c->desc->vcpu_exit_bits;
		/* On the vCPU's own CPU: the exit fast path (vcpu.c) relies on it. */
		CHECK(v->handler && v->handler->cpu == i);
		CHECK(aspace_map(&c->as, COMPONENT_VA_VCPUS + i * VCPU_STATE_PAGE_SIZE,
				 (uint32_t)(uintptr_t)v->state, VCPU_STATE_PAGE_SIZE,
				 REGION_RW) == 0);
		kernel.cpus[i].vcpu = v;
		c->caps[c->ncaps++] = (struct cap){ .kind = CAP_VCPU, .vcpu = v };
	}
}

/* Read-only handles on the vCPUs, in the same slots as the owner's. */
static void grant_vcpu_observe(struct component *c)
{
	for (unsigned i = 0; i < kernel.ncpus; i++) {
		kernel.vcpus[i].cpu = i;
		c->caps[i] = (struct cap){ .kind = CAP_VCPU_OBSERVE, .vcpu = &kernel.vcpus[i] };
	}
}

/* The shared regions, zeroed, each in pages of its own: their bases. */
static void create_shm_regions(uint32_t *shm_base, size_t n)
{
	CHECK(plat_shm_regions_len <= n);
	for (size_t r = 0; r < plat_shm_regions_len; r++) {
		uint32_t size = plat_shm_regions[r].size;
		void *mem = pool_alloc(size, MMU_PAGE);

		CHECK(size && (size & (MMU_PAGE - 1)) == 0);
		memset(mem, 0, size);
		shm_base[r] = (uint32_t)(uintptr_t)mem;
		log_printf("shared memory '%s': %u KiB", plat_shm_regions[r].name,
			   (unsigned)(size / 1024));
	}
}

/* The capability of each signal grant, after the slots taken so far. */
static void grant_signals(struct component *c)
{
	const struct component_desc *d = c->desc;

	for (unsigned s = 0; s < d->nsignals; s++) {
		const struct signal_grant *g = &d->signals[s];
		struct cap cap = { .kind = CAP_SIGNAL, .bits = g->bits };

		CHECK(g->component < kernel.ncomponents && c->ncaps < COMPONENT_MAX_CAPS);
		if (g->thread == SIGNAL_THIS_CPU) {
			cap.per_cpu = &kernel.components[g->component];
			CHECK(cap.per_cpu->desc->flags & COMP_PER_CPU);
		} else {
			cap.target = thread_find(g->component, g->thread);
			CHECK(cap.target);
		}
		c->caps[c->ncaps++] = cap;
	}
}

/* The devices, memory and shared regions its declaration grants. */
static void map_grants(struct component *c, const uint32_t *shm_base)
{
	const struct component_desc *d = c->desc;

	if ((d->flags & COMP_BOOT_FILES) && plat_fwcfg_base)
		CHECK(aspace_map(&c->as, COMPONENT_VA_FWCFG, plat_fwcfg_base, MMU_PAGE,
				 REGION_DEVICE) == 0);
	else if (d->flags & COMP_BOOT_FILES)
		CHECK(aspace_map(&c->as, COMPONENT_VA_BOOTFILES, plat_bootfiles_base,
				 plat_bootfiles_size, REGION_RO) == 0);
	if (d->flags & COMP_NS_RAM) {
		uint32_t base, size;

		plat_ns_ram(&base, &size);
		CHECK(aspace_map(&c->as, base, base, size, REGION_NS_RW) == 0);
	}
	for (unsigned s = 0; s < d->nshm; s++) {
		const struct shm_grant *g = &d->shm[s];

		CHECK(g->region < plat_shm_regions_len);
		CHECK(aspace_map(&c->as, g->va, shm_base[g->region],
				 plat_shm_regions[g->region].size, REGION_RW) == 0);
	}
	if (d->flags & COMP_STORAGE)
		CHECK(aspace_map(&c->as, COMPONENT_VA_STORAGE, plat_flash_base, plat_flash_size,
				 REGION_DEVICE) == 0);
}

void component_create_all(void)
{
	const uint32_t *kl1 = aspace_kernel_l1();
	uint32_t shm_base[COMPONENT_MAX_SHM * KERNEL_MAX_COMPONENTS];

	create_shm_regions(shm_base, sizeof(shm_base) / sizeof(shm_base[0]));
	CHECK(plat_boot_list_len <= KERNEL_MAX_COMPONENTS);
	for (size_t i = 0; i < plat_boot_list_len; i++) {
		struct component *c = &kernel.components[kernel.ncomponents++];
		const struct component_desc *d = &plat_boot_list[i];

		c->desc = d;
		c->rights = d->rights;
		aspace_init(&c->as, kl1);
		load_image(c);
		map_args(c);
		create_threads(c);
	}
	/* Grants refer to other components' threads: a second pass. */
	for (size_t i = 0; i < plat_boot_list_len; i++) {
		struct component *c = &kernel.components[i];
		const struct component_desc *d = c->desc;

		if (d->flags & (COMP_VCPUS | COMP_VCPU_OBSERVE)) {
			if (d->flags & COMP_VCPUS)
				grant_vcpus(c);
			else
				grant_vcpu_observe(c);
			/* Named capabilities start after the vCPU slots, at the
			 * index scripts/mkbootlist.py gave them at build time,
			 * whatever the number of CPUs (unused slots are CAP_NONE). */
			c->ncaps = COMPONENT_MAX_VCPUS;
		}
		map_grants(c, shm_base);
		for (unsigned q = 0; q < d->nirqs; q++)
			irq_route_add(d->irqs[q].intid, thread_find(i, 0), d->irqs[q].bits);
		grant_signals(c);
		log_printf("component '%s': %u thread(s), priority %u, %u capabilities%s",
			   d->name, (d->flags & COMP_PER_CPU) ? kernel.ncpus : d->nthreads,
			   d->prio, ((d->flags & COMP_VCPUS) ? kernel.ncpus : 0) + d->nsignals,
			   d->budget_us ? ", budgeted" : "");
		if (d->budget_us)
			log_printf("component '%s': budget %u us per %u ms", d->name,
				   (unsigned)d->budget_us, (unsigned)(d->period_us / 1000u));
	}
}
