// SPDX-License-Identifier: GPL-2.0
/*
 * tzvmm_tamper — TEST ONLY: changes one word of the running kernel's own text.
 *
 * The secure world's integrity monitor hashes the normal-world kernel's read-only
 * text; this module gives it a change to find. On load it inverts one 32-bit word
 * of kernel text: by default the first word of i2c_transfer(), which a test run
 * never executes (QEMU virt has no I2C adapter, so nothing calls it), so Linux
 * keeps running normally. The first word is the prologue's push: ftrace never
 * patches it (it patches the mcount call after the prologue). The parameter
 * addr=0x... picks another word instead.
 *
 * The word must lie in the kernel image's text as mark_rodata_ro() left it: mapped
 * read-only and executable in Linux's own page tables (_stext to _etext; rodata
 * is read-only but never-execute). That is checked, and the load refused
 * otherwise. The word is written through a second, writable mapping of its page
 * (vmap() with PAGE_KERNEL: writable, never executable; ARMv7's data cache is
 * physically tagged, so the alias is coherent with the text mapping), then
 * cleaned from the data cache to the point of coherency, since the secure world
 * may read that RAM with other cache attributes, and the instruction cache is
 * invalidated for the text address. Reading the word back through the text
 * mapping shows the new value.
 *
 * rmmod restores the original word the same way, unless something else changed
 * it meanwhile (then it is left as it is, with a warning).
 *
 * The write is not synchronised with other CPUs (no stop_machine): nothing
 * executes the target, which is the point of choosing it.
 *
 * entry=VA takes the word to change from a jump-label entry (__jump_table, whose
 * address the secure log names): its site. branch_next writes "b .+4" there
 * instead of the inverted word: a branch to neither a NOP's nor the entry's
 * target, harmless if run (it goes on as a NOP would).
 *
 * call=VA writes "bl VA" instead, at the function's ftrace site: the word after
 * the "push {lr}" among its first eight words (the compiler's "push {lr}; bl
 * __gnu_mcount_nc", whose call ftrace made a NOP). A call of another function
 * there is how a rootkit would hook the function; the default, never run here,
 * keeps that harmless.
 *
 * remap_pid=N changes no text but the translation: in process N's own
 * first-level table (the one TTBR0 holds while N runs; its kernel half is a
 * copy of swapper_pg_dir's), the section holding the word becomes writable
 * for the kernel (APX cleared), as a rootkit would open the text for itself
 * in one process without touching swapper's table. The process is held
 * (its mm) until rmmod, which restores the descriptor.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/i2c.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/vmalloc.h>
#include <asm/cacheflush.h>
#include <asm/outercache.h>

static unsigned long addr;
module_param(addr, ulong, 0444);
MODULE_PARM_DESC(addr, "kernel text word to invert (default 0: the first word of i2c_transfer)");

static unsigned long entry;
module_param(entry, ulong, 0444);
MODULE_PARM_DESC(entry, "a __jump_table entry: change the word at its site instead");
static bool branch_next;
module_param(branch_next, bool, 0444);
MODULE_PARM_DESC(branch_next, "write b .+4 (a branch to the next word), not the inverted word");

static unsigned long call;
module_param(call, ulong, 0444);
MODULE_PARM_DESC(call, "write a call (bl) of this kernel function, not the inverted word");

static int remap_pid;
module_param(remap_pid, int, 0444);
MODULE_PARM_DESC(remap_pid, "make the word's section writable in this process's table instead");

static unsigned long text_va;   /* the word changed */
static u32 old_word, new_word;  /* its value before and after */
static struct mm_struct *remapped_mm;   /* remap_pid's, held */
static u32 *remapped_entry, old_desc;   /* its first-level entry, as it was */

/*
 * Whether va is mapped read-only and executable in Linux's own page tables (this
 * process's: their kernel half is init_mm's), as the kernel's text is after
 * mark_rodata_ro(). *desc: the descriptor that maps it. STRICT_KERNEL_RWX maps
 * the image with 1 MiB sections; a page-mapped address is checked through its pte.
 */
static bool text_is_ro_exec(unsigned long va, u32 *desc)
{
	pmd_t *pmd = pmd_off(current->active_mm, va);
	/* A Linux pmd holds the hardware's two 1 MiB first-level entries. */
	u32 d = pmd_val(pmd[(va >> SECTION_SHIFT) & 1]);
	pte_t pte;

	*desc = d;
	switch (d & PMD_TYPE_MASK) {
	case PMD_TYPE_SECT:
		return (d & PMD_SECT_APX) && !(d & PMD_SECT_XN);
	case PMD_TYPE_TABLE:
		pte = *pte_offset_kernel(pmd, va);
		*desc = pte_val(pte);
		return pte_present(pte) && !pte_write(pte) && pte_exec(pte);
	default:
		return false;
	}
}

/* Writes val to the kernel text word at va through a writable alias of its page. */
static int text_write_word(unsigned long va, u32 val)
{
	struct page *page = virt_to_page((void *)va);
	phys_addr_t pa = virt_to_phys((void *)va);
	u8 *map = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	u32 *alias;

	if (!map)
		return -ENOMEM;
	alias = (u32 *)(map + offset_in_page(va));
	WRITE_ONCE(*alias, val);
	/*
	 * Clean and invalidate to the point of coherency, and the outer cache if any
	 * (flush_kernel_vmap_range() does nothing on ARMv7: Linux itself needs only
	 * the point of unification).
	 */
	__cpuc_flush_dcache_area(alias, sizeof(*alias));
	outer_flush_range(pa, pa + sizeof(*alias));
	/* No CPU keeps the old instruction in its instruction cache. */
	flush_icache_range(va, va + sizeof(*alias));
	vunmap(map);
	return 0;
}

/* Writes a first-level entry and cleans it to the point of coherency: the
 * secure world reads the table from RAM. The TLBs are left alone (modules
 * cannot flush them all): a stale entry only keeps the old, stricter
 * permission for a while, and the secure world reads the table. */
static void set_l1_entry(u32 *entry, u32 desc)
{
	WRITE_ONCE(*entry, desc);
	__cpuc_flush_dcache_area(entry, sizeof(*entry));
	outer_flush_range(__pa(entry), __pa(entry) + sizeof(*entry));
}

static int remap_section(unsigned long va)
{
	struct task_struct *t;
	pmd_t *pmd;

	rcu_read_lock();
	t = pid_task(find_vpid(remap_pid), PIDTYPE_PID);
	remapped_mm = t ? get_task_mm(t) : NULL;
	rcu_read_unlock();
	if (!remapped_mm) {
		pr_err("no process %d with a table of its own\n", remap_pid);
		return -ESRCH;
	}
	pmd = pmd_off(remapped_mm, va);
	remapped_entry = (u32 *)&pmd[(va >> SECTION_SHIFT) & 1];
	old_desc = READ_ONCE(*remapped_entry);
	if ((old_desc & PMD_TYPE_MASK) != PMD_TYPE_SECT || !(old_desc & PMD_SECT_APX)) {
		pr_err("process %d maps 0x%lx with descriptor 0x%08x, not a read-only section\n",
		       remap_pid, va, old_desc);
		mmput(remapped_mm);
		return -EINVAL;
	}
	set_l1_entry(remapped_entry, old_desc & ~PMD_SECT_APX);
	pr_info("remapped kernel text at va 0x%08lx in process %d's table: descriptor 0x%08x, "
		"was 0x%08x; rmmod restores it\n", va & SECTION_MASK, remap_pid,
		READ_ONCE(*remapped_entry), old_desc);
	return 0;
}

static int __init tamper_init(void)
{
	unsigned long va = addr ? addr : (unsigned long)i2c_transfer;
	phys_addr_t pa;
	u32 desc, word;
	int err;

	if (entry) {
		if (!IS_ALIGNED(entry, sizeof(u32)) || !virt_addr_valid((void *)entry)) {
			pr_err("entry 0x%lx is not an aligned word of the kernel image\n", entry);
			return -EINVAL;
		}
		va = READ_ONCE(*(u32 *)entry);
	}

	if (!IS_ALIGNED(va, sizeof(u32)) || !virt_addr_valid((void *)va)) {
		pr_err("0x%lx is not an aligned word of the kernel image (lowmem)\n", va);
		return -EINVAL;
	}
	if (!text_is_ro_exec(va, &desc)) {
		pr_err("0x%lx (%pS) is not mapped read-only and executable (descriptor 0x%08x): "
		       "not kernel text\n", va, (void *)va, desc);
		return -EINVAL;
	}
	if (remap_pid)
		return remap_section(va);
	if (call) {
		unsigned int i;

		for (i = 0; i < 8 && READ_ONCE(((u32 *)va)[i]) != 0xe52de004u; i++)
			;
		if (i == 8) {
			pr_err("%pS has no ftrace site (push {lr}) in its first 8 words\n",
			       (void *)va);
			return -EINVAL;
		}
		va += 4 * (i + 1);
	}
	pa = virt_to_phys((void *)va);
	old_word = READ_ONCE(*(u32 *)va);
	if (call)   /* bl: the offset from pc + 8, in words */
		word = 0xeb000000u | (((call - va - 8) >> 2) & 0x00ffffffu);
	else
		word = branch_next ? 0xeaffffffu : ~old_word;   /* b .+4: offset -1 from pc + 8 */
	err = text_write_word(va, word);
	if (err)
		return err;
	new_word = READ_ONCE(*(u32 *)va);   /* through the read-only text mapping */
	if (new_word != word) {
		pr_err("wrote 0x%08x at 0x%px (%pS) but read back 0x%08x\n",
		       word, (void *)va, (void *)va, new_word);
		text_write_word(va, old_word);
		return -EIO;
	}
	text_va = va;
	pr_info("changed 4 bytes of kernel text at va 0x%px pa %pa (%pS)\n",
		(void *)va, &pa, (void *)va);
	pr_info("word was 0x%08x, wrote 0x%08x, text mapping reads 0x%08x "
		"(descriptor 0x%08x: read-only, executable); rmmod restores it\n",
		old_word, word, new_word, desc);
	return 0;
}

static void __exit tamper_exit(void)
{
	u32 now;

	if (remapped_mm) {
		set_l1_entry(remapped_entry, old_desc);
		mmput(remapped_mm);
		pr_info("restored descriptor 0x%08x in process %d's table\n", old_desc, remap_pid);
		return;
	}
	now = READ_ONCE(*(u32 *)text_va);

	if (now != new_word) {
		pr_warn("word at 0x%px is 0x%08x, not 0x%08x as written: left as it is\n",
			(void *)text_va, now, new_word);
		return;
	}
	if (text_write_word(text_va, old_word))
		pr_err("cannot map 0x%px to restore it: still 0x%08x\n", (void *)text_va, now);
	else
		pr_info("restored 0x%08x at va 0x%px (%pS)\n", READ_ONCE(*(u32 *)text_va),
			(void *)text_va, (void *)text_va);
}

module_init(tamper_init);
module_exit(tamper_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("tzvmm test only: changes one word of the kernel's read-only text");
