// SPDX-License-Identifier: GPL-2.0-only
/*
 * OMAP IOMMU: debugfs, one directory per MMU under omap_iommu/.
 *
 * File map:
 *   regs           the MMU registers, or "powered off"
 *   tlb            every TLB entry: index, locked or not, device and
 *                  physical address, size
 *   pagetable      every leaf of the attached paging domain's table
 *   state          mode, master, locked entries saved, faults seen
 *   nr_tlb_entries the TLB size from the device tree
 *
 * Registers are read only while the MMU is powered, under its lock; a
 * read never powers an MMU up (that would change what is being looked
 * at).
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "omap-iommu.h"

static struct dentry *omap_iommu_debug_root;

static const struct {
	const char *name;
	u32 off;
	bool omap4;		/* absent before OMAP4 */
} omap_iommu_debug_regs[] = {
	{ "REVISION", MMU_REVISION }, { "SYSCONFIG", MMU_SYSCONFIG },
	{ "SYSSTATUS", MMU_SYSSTATUS }, { "IRQSTATUS", MMU_IRQSTATUS },
	{ "IRQENABLE", MMU_IRQENABLE }, { "WALKING_ST", MMU_WALKING_ST },
	{ "CNTL", MMU_CNTL }, { "FAULT_AD", MMU_FAULT_AD },
	{ "TTB", MMU_TTB }, { "LOCK", MMU_LOCK }, { "LD_TLB", MMU_LD_TLB },
	{ "CAM", MMU_CAM }, { "RAM", MMU_RAM }, { "GFLUSH", MMU_GFLUSH },
	{ "FLUSH_ENTRY", MMU_FLUSH_ENTRY }, { "READ_CAM", MMU_READ_CAM },
	{ "READ_RAM", MMU_READ_RAM }, { "EMU_FAULT_AD", MMU_EMU_FAULT_AD },
	{ "FAULT_PC", MMU_FAULT_PC, true },
	{ "FAULT_STATUS", MMU_FAULT_STATUS, true },
	{ "GP_REG", MMU_GP_REG, true },
};

static int omap_iommu_regs_show(struct seq_file *s, void *unused)
{
	struct omap_iommu *mmu = s->private;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&mmu->lock, flags);
	if (!mmu->hw_on) {
		seq_puts(s, "powered off\n");
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(omap_iommu_debug_regs); i++) {
		if (omap_iommu_debug_regs[i].omap4 && !mmu->has_fault_pc)
			continue;
		seq_printf(s, "%-13s 0x%08x\n", omap_iommu_debug_regs[i].name,
			   omap_mmu_read(mmu, omap_iommu_debug_regs[i].off));
	}
out:
	spin_unlock_irqrestore(&mmu->lock, flags);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(omap_iommu_regs);

static int omap_iommu_tlb_show(struct seq_file *s, void *unused)
{
	struct omap_iommu *mmu = s->private;
	struct omap_tlb_entry e;
	unsigned int i, locked;
	unsigned long flags;
	size_t size;

	spin_lock_irqsave(&mmu->lock, flags);
	if (!mmu->hw_on) {
		seq_puts(s, "powered off\n");
		goto out;
	}
	locked = omap_mmu_tlb_locked(mmu);
	for (i = 0; i < mmu->nr_tlb; i++) {
		omap_mmu_tlb_read(mmu, i, &e);
		size = omap_tlb_entry_size(&e);
		if (!size)
			continue;
		seq_printf(s, "%2u%s da 0x%08lx pa 0x%08lx %5zu KiB%s\n", i,
			   i < locked ? " locked" : "       ",
			   FIELD_GET(MMU_CAM_VATAG, e.cam) << 12,
			   FIELD_GET(MMU_RAM_PA, e.ram) << 12, size / SZ_1K,
			   e.cam & MMU_CAM_P ? " preserved" : "");
	}
out:
	spin_unlock_irqrestore(&mmu->lock, flags);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(omap_iommu_tlb);

static const char * const omap_iommu_kind_names[] = {
	[OMAP_PTE_SUPER] = "16 MiB", [OMAP_PTE_SECTION] = "1 MiB",
	[OMAP_PTE_LARGE] = "64 KiB", [OMAP_PTE_SMALL] = "4 KiB",
};

static void omap_iommu_leaf_show(void *arg, u32 da, u32 pa,
				 enum omap_pte_kind kind)
{
	seq_printf(arg, "da 0x%08x pa 0x%08x %s\n", da, pa,
		   omap_iommu_kind_names[kind]);
}

static int omap_iommu_pagetable_show(struct seq_file *s, void *unused)
{
	struct omap_iommu *mmu = s->private;
	struct omap_iommu_domain *od;
	unsigned long flags;

	/* the domain lock keeps the domain attached, the table's steady */
	spin_lock_irqsave(&mmu->lock, flags);
	od = mmu->mode == OMAP_MMU_PAGING ? mmu->domain : NULL;
	if (!od) {
		seq_puts(s, mmu->mode == OMAP_MMU_IDENTITY ? "identity\n" :
			 "blocked\n");
		spin_unlock_irqrestore(&mmu->lock, flags);
		return 0;
	}
	spin_lock(&od->pt.lock);
	seq_printf(s, "level 1 at 0x%08x, %u level 2 tables\n", od->pt.l1_pa,
		   od->pt.nr_l2);
	omap_pt_walk_leaves(&od->pt, omap_iommu_leaf_show, s);
	spin_unlock(&od->pt.lock);
	spin_unlock_irqrestore(&mmu->lock, flags);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(omap_iommu_pagetable);

static int omap_iommu_state_show(struct seq_file *s, void *unused)
{
	static const char * const modes[] = {
		[OMAP_MMU_BLOCKED] = "blocked",
		[OMAP_MMU_IDENTITY] = "identity",
		[OMAP_MMU_PAGING] = "paging",
	};
	struct omap_iommu *mmu = s->private;
	unsigned long flags;

	spin_lock_irqsave(&mmu->lock, flags);
	seq_printf(s, "mode %s\nmaster %s\npowered %s\nlocked entries saved %u\nfaults %lu%s\n",
		   modes[mmu->mode],
		   mmu->master ? dev_name(mmu->master) : "none",
		   str_yes_no(mmu->hw_on), mmu->nr_saved, mmu->nr_faults,
		   mmu->irq_masked ? " (fault irq masked)" : "");
	spin_unlock_irqrestore(&mmu->lock, flags);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(omap_iommu_state);

/**
 * omap_iommu_debugfs_add() - the MMU's directory under omap_iommu/
 * @mmu: a probed MMU (MMUs are never removed: no counterpart)
 */
void omap_iommu_debugfs_add(struct omap_iommu *mmu)
{
	struct dentry *d;

	/* probes are serialised by the driver core; the first makes the root */
	if (!omap_iommu_debug_root)
		omap_iommu_debug_root = debugfs_create_dir("omap_iommu", NULL);
	d = debugfs_create_dir(mmu->name, omap_iommu_debug_root);
	mmu->debug_dir = d;
	debugfs_create_u32("nr_tlb_entries", 0400, d, &mmu->nr_tlb);
	debugfs_create_file("regs", 0400, d, mmu, &omap_iommu_regs_fops);
	debugfs_create_file("tlb", 0400, d, mmu, &omap_iommu_tlb_fops);
	debugfs_create_file("pagetable", 0400, d, mmu,
			    &omap_iommu_pagetable_fops);
	debugfs_create_file("state", 0400, d, mmu, &omap_iommu_state_fops);
}
