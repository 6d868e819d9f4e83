/*
 * The kernel integrity monitor (docs/integrity.md): one thread on CPU 0.
 * It waits for the normal-world kernel to map its text and read-only data
 * read-only (kmap.h), takes a baseline of them, then re-checks them page
 * by page for ever (watch.h), one slice per period: a slice hashes pages
 * until it has used its budget (cpu_permille of the period), so the CPU
 * it takes from Linux is bounded by the configuration, and the time a
 * change can stay unreported is the time of one pass, which it measures
 * and logs.
 */
#include <stdint.h>
#include <component_caps.h>
#include <tzvmm/boot_record.h>
#include <tzvmm/component_layout.h>
#include <tzvmm/signals.h>
#include <lib/fmt.h>
#include <ulib/guest_mem.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include "config.h"
#include "sleep.h"
#include "kmap.h"
#include "watch.h"

int component_main(unsigned index);

#define VCPU0          0u            /* vCPU 0's observe capability */
#define REPORTS_PER_PASS 16u

static struct integrity_config cfg;
static struct watch w;
static uint32_t ticks_per_ms;

/* The figures of the pass that runs. */
static struct {
	uint32_t start_ms, exits;
	uint64_t cpu_ticks;
	uint32_t longest_slice, reports, unlisted;
} pass;

static uint32_t ticks(void)
{
	return sys_kinfo(KINFO_TICKS_LO);
}

static uint32_t now_ms(void)
{
	return sys_kinfo(KINFO_UPTIME_MS);
}


static bool ns_reg(uint32_t reg, uint32_t *v)
{
	*v = 0;
	return sys_vcpu_reg(VCPU0, reg, false, v) == 0;
}

/* vCPU 0's translation registers; false until it has run since a restart. */
static bool ns_translation(struct kmap_regs *r)
{
	return ns_reg(SYS_NS_REG_SCTLR, &r->sctlr) && ns_reg(SYS_NS_REG_TTBCR, &r->ttbcr) &&
	       ns_reg(SYS_NS_REG_TTBR0, &r->ttbr0) && ns_reg(SYS_NS_REG_TTBR1, &r->ttbr1) &&
	       ns_reg(SYS_NS_REG_DACR, &r->dacr);
}

/* Waits until vCPU 0 runs a kernel whose table has privileged read-only
 * sections: it polls once a second while the normal world's MMU is on (a
 * kernel booting), and ever more rarely while it is off (a guest that is
 * not Linux: every 1, 2, 4 ... 32 s), so that such a guest is hardly ever
 * interrupted.
 * After a restart of the VMM (fresh = false) the CPU and normal RAM still
 * hold the dead kernel's registers and tables until the new one rebuilds
 * them: a table with read-only sections counts only once the new boot has
 * been seen (the MMU off, or the image's sections writable again), or,
 * should the sampling miss it, after RESTART_SETTLE_S. */
#define RESTART_SETTLE_S 60u

static uint32_t restarts;   /* KINFO_RESTARTS as last seen */

static void find_kernel(struct kmap *m, bool fresh)
{
	bool told = false;
	uint32_t idle_s = 1, waited_s = 0, start_ms = now_ms();
	struct kmap prev = { .n = 0 };

	for (;;) {
		struct kmap_regs r = { 0 };
		int n = 0;

		/* Another restart meanwhile (a VMM that faults again at
		 * once): the boot to wait for is the next one. */
		if (sys_kinfo(KINFO_RESTARTS) != restarts) {
			restarts = sys_kinfo(KINFO_RESTARTS);
			fresh = false;
			start_ms = now_ms();
		}
		/* Refused until the vCPU has run since the restart. */
		bool running = ns_translation(&r);

		if (running && (r.sctlr & SCTLR_M)) {
			/* Linux keeps swapper_pg_dir in TTBR1 (unused by the
			 * walk with TTBCR.N = 0, where TTBR0 holds a process's
			 * copy of it): the kernel's own, stable table. */
			uint32_t table = (r.ttbr1 ? r.ttbr1 : r.ttbr0) & TTBR_BASE_MASK;
			unsigned outside = 0;

			n = (r.ttbcr & TTBCR_EAE) ? -1 : kmap_scan(table, m, &outside);
			m->regs = r;
			if (n > 0 && !fresh && waited_s >= RESTART_SETTLE_S) {
				ulog("warning: no sign of the new kernel's boot in %u s: "
				     "watching what vCPU 0 maps now", RESTART_SETTLE_S);
				fresh = true;
			}
			/* Taken when two samples a period apart agree: a sample
			 * can catch mark_rodata_ro() half way (its text read-only,
			 * its rodata not yet), and such a map would never watch
			 * the rodata, nor find the jump-label table there. */
			if (n > 0 && fresh && kmap_same(m, &prev)) {
				if (outside)
					ulog("warning: %u read-only sections lie outside normal "
					     "RAM and are not watched", outside);
				return;
			}
			if (n > 0 && fresh) {
				prev = *m;
				integrity_sleep((uint64_t)cfg.period_ms * ticks_per_ms);
				continue;
			}
			if (n < 0 && !told) {
				ulog("warning: vCPU 0's table (TTBCR 0x%08x, TTBR1 0x%08x) is "
				     "long-descriptor, outside normal RAM or maps more than "
				     "%u MiB read-only: waiting", (unsigned)r.ttbcr,
				     (unsigned)r.ttbr1, KMAP_MAX_SECTIONS);
				told = true;
			}
		}
		if (running && n <= 0)
			fresh = true;   /* not (or no longer) the dead kernel's table */
		if (!fresh) {
			/* The new kernel's boot rebuilds its table for a couple of
			 * seconds: sample every period not to miss it. */
			integrity_sleep((uint64_t)cfg.period_ms * ticks_per_ms);
			waited_s = (uint32_t)(now_ms() - start_ms) / 1000u;
			continue;
		}
		if (r.sctlr & SCTLR_M) {
			idle_s = 1;
			integrity_sleep(1000ull * ticks_per_ms);
		} else {
			integrity_sleep((uint64_t)idle_s * 1000u * ticks_per_ms);
			idle_s = idle_s < 32u ? idle_s * 2u : 32u;
		}
	}
}

/* Which kernel the VMM verified at boot (boot_record.h), for the line
 * that starts a baseline: a report says which signed kernel it watches. */
static void describe_boot(void)
{
	const volatile struct boot_record *r = (const volatile struct boot_record *)SHM_BOOT_VA;
	uint8_t d[4];

	if (r->magic != BOOT_RECORD_MAGIC || r->state == BOOT_RECORD_NONE) {
		ulog("the kernel watched was not verified at boot (no record of it)");
		return;
	}
	if (r->state != BOOT_RECORD_VERIFIED) {
		ulog("the kernel watched was not verified at boot (an image built with "
		     "VERIFY=off)");
		return;
	}
	for (unsigned i = 0; i < sizeof(d); i++)
		d[i] = r->kernel_sha256[i];
	ulog("the kernel watched is the one verified at boot: sha256 %02x%02x%02x%02x..., "
	     "version %u, key %02x%02x%02x%02x...", d[0], d[1], d[2], d[3],
	     (unsigned)r->version, r->key_id[0], r->key_id[1], r->key_id[2], r->key_id[3]);
}

static void describe(const struct kmap *m)
{
	unsigned text = 0;

	for (unsigned i = 0; i < m->n; i++)
		text += kmap_section_exec(&m->s[i]);
	uint32_t ms = now_ms();

	ulog("watching %u MiB of the normal-world kernel: va 0x%08x-0x%08x (%u MiB text, "
	     "%u MiB read-only data, table at pa 0x%08x); baseline pass started at %u.%03u s",
	     m->n, (unsigned)m->s[0].va, (unsigned)(m->s[m->n - 1].va + KMAP_SECTION_SIZE - 1),
	     text, m->n - text, (unsigned)gpa_raw(m->table), (unsigned)(ms / 1000),
	     (unsigned)(ms % 1000));
	describe_boot();
}

static void apply_policy(void)
{
	if (cfg.policy == POLICY_RESET) {
		ulog("policy reset: resetting the machine");
		sys_power(SYS_POWER_RESET, 0);
	}
}

/* Whether one more report fits in the pass (else it is counted). */
static bool report_fits(void)
{
	if (pass.reports == REPORTS_PER_PASS) {
		pass.unlisted++;
		return false;
	}
	pass.reports++;
	return true;
}

/* A page that differs from its reference by one word a kprobe writes
 * (watch.h): a change of its own class, or with kprobes=accept a line and
 * nothing more. Accepting kprobes accepts code at any instruction (a
 * kprobe's handler runs there), so it is not the default. */
static void report_kprobe(const struct watch_change *c)
{
	char how[48];

	if (c->kprobe.to)
		fmt_snprintf(how, sizeof(how), "an optimized kprobe's branch to 0x%08x",
			     (unsigned)c->kprobe.to);
	else
		fmt_snprintf(how, sizeof(how), "a kprobe's breakpoint");
	if (cfg.kprobes == KPROBES_ACCEPT) {
		ulog("kprobe at va 0x%08x accepted (kprobes=accept): 0x%08x, %s, in place of "
		     "0x%08x", (unsigned)c->kprobe.va, (unsigned)c->kprobe.word, how,
		     (unsigned)c->kprobe.was);
		return;
	}
	ulog("CHANGE: kprobe at va 0x%08x in kernel text: 0x%08x, %s, in place of 0x%08x; found "
	     "at %u.%03u s, unchanged at %u.%03u s; policy %s", (unsigned)c->kprobe.va,
	     (unsigned)c->kprobe.word, how, (unsigned)c->kprobe.was,
	     (unsigned)(c->found_ms / 1000), (unsigned)(c->found_ms % 1000),
	     (unsigned)(c->seen_ms / 1000), (unsigned)(c->seen_ms % 1000),
	     config_policy_name(cfg.policy));
}

/* A patch site holding what Linux never writes there. */
static void report_site(const struct watch_change *c, uint32_t i)
{
	static const char *const where[] = {
		[SITE_JUMP_LABEL] = "a jump-label site",
		[SITE_MCOUNT] = "an ftrace site",
		[SITE_FTRACE_CALL] = "ftrace's call site",
		[SITE_FTRACE_GRAPH] = "ftrace's graph-call site",
	};
	static const char *const why[] = {
		[SITE_JUMP_LABEL] = "neither a NOP nor the branch to its target",
		[SITE_MCOUNT] = "neither ftrace's NOP nor a call of its trampolines",
		[SITE_FTRACE_CALL] = "not a call of a function in the kernel's text",
		[SITE_FTRACE_GRAPH] = "neither a NOP nor the branch to its graph caller",
	};
	char target[16] = "";

	if (c->site[i].kind == SITE_JUMP_LABEL)
		fmt_snprintf(target, sizeof(target), " 0x%08x", (unsigned)c->site[i].target);
	ulog("CHANGE at %s in kernel text: va 0x%08x holds 0x%08x, %s%s; found at %u.%03u s, "
	     "unchanged at %u.%03u s; policy %s", where[c->site[i].kind], (unsigned)c->site[i].va,
	     (unsigned)c->site[i].word, why[c->site[i].kind], target,
	     (unsigned)(c->found_ms / 1000), (unsigned)(c->found_ms % 1000),
	     (unsigned)(c->seen_ms / 1000), (unsigned)(c->seen_ms % 1000),
	     config_policy_name(cfg.policy));
}

static void report(const struct watch_change *c)
{
	if (c->page && report_fits())
		ulog("CHANGE in kernel %s: va 0x%08x-0x%08x pa 0x%08x, found at %u.%03u s, "
		     "unchanged at %u.%03u s; policy %s", c->exec ? "text" : "read-only data",
		     (unsigned)c->va, (unsigned)(c->va + WATCH_PAGE - 1), (unsigned)c->pa,
		     (unsigned)(c->found_ms / 1000), (unsigned)(c->found_ms % 1000),
		     (unsigned)(c->seen_ms / 1000), (unsigned)(c->seen_ms % 1000),
		     config_policy_name(cfg.policy));
	if (c->probe && report_fits())
		report_kprobe(c);
	for (uint32_t i = 0; i < c->nsites; i++)
		if (report_fits())
			report_site(c, i);
	if (watch_change_is_finding(c, cfg.kprobes == KPROBES_ACCEPT))
		apply_policy();
}

/* The last translation finding reported (check_translation), forgotten
 * with the baseline. */
static struct {
	enum kmap_live live;
	unsigned section;
	uint32_t ttbr0, desc;
} last;

/* Whether vCPU 0 translates the image otherwise than when it was found
 * (kmap_live): reported once for each new finding (a process that keeps a
 * remapped table is reported when it is first seen running, not in every
 * period it runs), within the pass's report budget. The baseline stays:
 * the baseline table and the pages are still the kernel's, and starting
 * afresh at each finding would let a normal world that keeps one such
 * process running stop every checking pass. */
static void check_translation(const struct kmap *map)
{
	static const char *const what[] = {
		[KMAP_LIVE_MMU_OFF] = "the MMU is off",
		[KMAP_LIVE_TTBCR] = "TTBCR changed",
		[KMAP_LIVE_TTBR1] = "TTBR1 holds another table",
		[KMAP_LIVE_DACR] = "the section's domain is a manager (no permission checks)",
		[KMAP_LIVE_REMAPPED] =
			"the running process's table (TTBR0) maps the section otherwise",
		[KMAP_LIVE_UNREADABLE] = "the running process's table (TTBR0) is not in normal RAM",
	};
	struct kmap_regs now;
	unsigned i;
	uint32_t desc;

	if (!ns_translation(&now))
		return;   /* not run since a restart: the loop finds that */
	enum kmap_live live = kmap_live(map, &now, &i, &desc);

	if (live == KMAP_LIVE_SAME || (live == last.live && i == last.section &&
				       now.ttbr0 == last.ttbr0 && desc == last.desc))
		return;
	last.live = live;
	last.section = i;
	last.ttbr0 = now.ttbr0;
	last.desc = desc;
	if (pass.reports == REPORTS_PER_PASS) {
		pass.unlisted++;
		return;
	}
	pass.reports++;
	/* At most 245 characters: a longer line would be cut (SYS_LOG_MAX). */
	ulog("CHANGE in the kernel's translation: %s: section va 0x%08x descriptor 0x%08x "
	     "(live 0x%08x); TTBCR 0x%x TTBR0 0x%08x TTBR1 0x%08x DACR 0x%08x; policy %s",
	     what[live], (unsigned)map->s[i].va, (unsigned)map->s[i].desc, (unsigned)desc,
	     (unsigned)now.ttbcr, (unsigned)now.ttbr0, (unsigned)now.ttbr1, (unsigned)now.dacr,
	     config_policy_name(cfg.policy));
	apply_policy();
}

static uint32_t ticks_to_us(uint64_t t)
{
	return (uint32_t)(t * 1000u / ticks_per_ms);
}

/* A slice of `used` ticks, for the pass's figures. */
static void account(uint32_t used)
{
	pass.cpu_ticks += used;
	if (used > pass.longest_slice)
		pass.longest_slice = used;
}

static void pass_begin(void)
{
	pass.start_ms = now_ms();
	pass.exits = sys_kinfo(KINFO_EXITS);
	pass.cpu_ticks = 0;
	pass.longest_slice = 0;
	pass.reports = 0;
	pass.unlisted = 0;
}

/* One line per pass: read by make bench and by the tests. */
static void pass_end(bool baseline)
{
	uint32_t ms = now_ms() - pass.start_ms;
	uint32_t cpu_us = ticks_to_us(pass.cpu_ticks);
	uint32_t share = ms ? (uint32_t)((uint64_t)cpu_us * 10u / ms) : 0;   /* 1/100 % */
	uint32_t exits = sys_kinfo(KINFO_EXITS) - pass.exits;
	uint32_t rate = ms ? (uint32_t)((uint64_t)exits * 10000u / ms) : 0;  /* 1/10 s */

	ulog("%s %u: %u pages in %u ms, CPU %u us (%u.%02u %%), longest slice %u us, "
	     "normal-world exits %u.%u/s", baseline ? "baseline" : "pass",
	     (unsigned)(w.passes - 1), (unsigned)w.npages, (unsigned)ms, (unsigned)cpu_us,
	     (unsigned)(share / 100), (unsigned)(share % 100),
	     (unsigned)ticks_to_us(pass.longest_slice), (unsigned)(rate / 10),
	     (unsigned)(rate % 10));
	if (pass.unlisted)
		ulog("%u more changed pages in that pass, not listed", (unsigned)pass.unlisted);
	if (ms > cfg.detect_s * 1000u)
		ulog("warning: a pass took %u s, longer than detect_s=%u: a change may stay "
		     "unreported that long; raise cpu_permille", (unsigned)(ms / 1000),
		     (unsigned)cfg.detect_s);
	pass_begin();
}

static struct sites sites;
static struct ftrace_sites ft;
/* The site scan: the next page of each part (0: done), and their CPU. */
static uint32_t ft_scan_va, sites_scan_va;
static uint64_t ft_scan_ticks, sites_scan_ticks;

static bool scanning(void)
{
	return ft_scan_va || sites_scan_va;
}

/* The scan is over: the sites, said on the log, and a baseline that
 * leaves them out. */
static void scan_end(const struct kmap *m)
{
	uint32_t before = ticks();
	int n = sites_scan_end(&sites);

	sites_scan_ticks += ticks() - before;
	if (n > 0)
		ulog("jump labels: %u sites in the watched text, each checked for a NOP or its "
		     "own branch (table at va 0x%08x, %u entries; %u outside the watched text, "
		     "%u not holding a site value; found in %u us of CPU)", (unsigned)n,
		     (unsigned)sites.best.start_va, (unsigned)sites.best.n,
		     (unsigned)sites.outside, (unsigned)sites.rejected,
		     (unsigned)ticks_to_us(sites_scan_ticks));
	else
		ulog("warning: jump labels: %s: a static key that flips is reported as a change",
		     n == 0 ? "no table found in the read-only data" :
			      "more sites than the monitor holds");
	before = ticks();
	n = ftrace_scan_end(&ft);
	ft_scan_ticks += ticks() - before;
	if (n > 0)
		ulog("ftrace: %u mcount sites, each checked for its NOP 0x%08x or a call of a "
		     "trampoline (va 0x%08x, 0x%08x), and the trampolines' call sites (va 0x%08x, "
		     "0x%08x); found in %u us of CPU", (unsigned)n, (unsigned)ft.nop,
		     (unsigned)ft.entry[0], (unsigned)(ft.ncalls > 1 ? ft.entry[1] : 0),
		     (unsigned)ft.call[0], (unsigned)(ft.ncalls > 1 ? ft.call[1] : 0),
		     (unsigned)ticks_to_us(ft_scan_ticks));
	else
		ulog("warning: ftrace: %s: a function tracer is reported as a change",
		     n == 0 ? "no mcount sites and trampolines found in the text (a tracer on?)" :
			      "more sites than the monitor holds");
	watch_start(&w, m, &sites, &ft);
	pass_begin();
}

/* One page of the scan for the patch sites: the text for ftrace's
 * (ftrace.h), then the read-only data for the jump-label table (sites.h). */
static void scan_step(const struct kmap *m)
{
	uint32_t before = ticks();

	if (ft_scan_va) {
		ftrace_scan_page(&ft, ft_scan_va);
		ft_scan_ticks += ticks() - before;
		ft_scan_va += WATCH_PAGE;
		if (ft_scan_va >= ft.text_hi)
			ft_scan_va = 0;
	} else {
		sites_scan_page(&sites, sites_scan_va);
		sites_scan_ticks += ticks() - before;
		sites_scan_va += WATCH_PAGE;
		if (sites_scan_va >= sites.ro_hi)
			sites_scan_va = 0;
	}
	if (!scanning())
		scan_end(m);
}

/* Finds the kernel (find_kernel's fresh), says what it watches, scans
 * its text and read-only data for its patch sites, then starts a baseline
 * pass (scan_end): at start, after a changed mapping, after a VMM restart.
 * Until the scan ends the watch runs on without sites, for the mapping's
 * checks. */
static void rebaseline(struct kmap *m, bool fresh)
{
	find_kernel(m, fresh);
	last.live = KMAP_LIVE_SAME;
	describe(m);
	watch_start(&w, m, NULL, NULL);
	sites_scan_begin(&sites, m);
	ftrace_scan_begin(&ft, m);
	ft_scan_va = ft.text_lo;
	sites_scan_va = sites.ro_lo;
	ft_scan_ticks = sites_scan_ticks = 0;
	if (!scanning())
		scan_end(m);
}

int component_main(unsigned index)
{
	char err[120];
	struct kmap m;

	(void)index;
	guest_mem_init(sys_kinfo(KINFO_NS_RAM_BASE), sys_kinfo(KINFO_NS_RAM_BASE),
		       sys_kinfo(KINFO_NS_RAM_SIZE));
	if (config_parse((const char *)COMPONENT_VA_ARGS, &cfg, err, sizeof(err)) != 0) {
		ulog("error: %s; the monitor is off", err);
		return 1;
	}
	if (cfg.policy == POLICY_OFF) {
		ulog("off (policy=off)");
		return 0;
	}
	ticks_per_ms = sys_kinfo(KINFO_TIMER_HZ) / 1000u;
	uint32_t period = cfg.period_ms * ticks_per_ms;
	uint32_t budget = (uint32_t)((uint64_t)period * cfg.cpu_permille / 1000u);

	ulog("period %u ms, budget %u.%u %% of CPU 0 (%u us a slice), policy %s; a pass "
	     "should take at most detect_s=%u s", (unsigned)cfg.period_ms,
	     (unsigned)(cfg.cpu_permille / 10), (unsigned)(cfg.cpu_permille % 10),
	     (unsigned)ticks_to_us(budget), config_policy_name(cfg.policy),
	     (unsigned)cfg.detect_s);
	restarts = sys_kinfo(KINFO_RESTARTS);
	rebaseline(&m, true);
	for (;;) {
		uint32_t start = ticks(), now = now_ms(), used = 0;
		bool done = false;
		int moved;

		/* The VMM faulted and restarted (kernel/restart.c): the normal
		 * world boots again from its images, a new kernel with new
		 * tables. Not a change of the old one: find it anew. */
		if (sys_kinfo(KINFO_RESTARTS) != restarts) {
			restarts = sys_kinfo(KINFO_RESTARTS);
			ulog("the VMM restarted (restart %u) at %u.%03u s: the normal world boots "
			     "again; finding its kernel anew", (unsigned)restarts,
			     (unsigned)(now / 1000), (unsigned)(now % 1000));
			rebaseline(&m, false);
			continue;
		}
		moved = kmap_changed(&w.map);
		if (moved != -1) {
			const struct kmap_section *s = &w.map.s[moved < 0 ? 0 : moved];

			ulog("CHANGE in the kernel's mapping: section va 0x%08x was descriptor "
			     "0x%08x; policy %s; a new baseline follows", (unsigned)s->va,
			     (unsigned)s->desc, config_policy_name(cfg.policy));
			apply_policy();
			rebaseline(&m, true);
			continue;
		}
		check_translation(&w.map);
		while (!done && used < budget) {
			struct watch_change c;
			bool baseline = watch_in_baseline(&w);

			if (scanning()) {
				scan_step(&m);
				used = ticks() - start;
				continue;
			}

			if (watch_step(&w, now, &c, &done) == WATCH_CHANGED)
				report(&c);
			used = ticks() - start;
			if (done) {
				account(used);
				pass_end(baseline);
			}
		}
		if (!done)
			account(used);
		used = ticks() - start;
		integrity_sleep(used < period ? period - used : 1u);
	}
}
