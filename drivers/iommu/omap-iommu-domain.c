// SPDX-License-Identifier: GPL-2.0-only
/*
 * OMAP IOMMU: domains and MMUs together.
 *
 * File map:
 *   paging domains      omap_domain_init(), omap_domain_fini()
 *   paging ops          omap_domain_map(), omap_domain_unmap() (with the
 *                       TLB flush on every MMU the domain is attached to),
 *                       omap_domain_flush_all(), omap_domain_iotlb_sync(),
 *                       omap_domain_iova_to_phys(): iommu_domain_ops
 *                       themselves, with no wrapper between
 *   attach              omap_mmu_set_mode(): blocked, identity or paging
 *   power               omap_mmu_power_on(), omap_mmu_power_off(): the
 *                       MMU state is saved and restored here, so no user
 *                       has to ask for it
 *
 * An MMU is either powered (hw_on: registers live and programmed for its
 * current mode) or not.  Attaching while it is off only records the mode;
 * power-on programs whatever is recorded.  A flush on an MMU that is off
 * is skipped: power-on starts from an empty TLB (a reset clears it, and
 * omap_mmu_hw_program() flushes anyway) with only the saved locked
 * entries loaded back.  hw_on changes only under mmu->lock, so a flush
 * never touches an MMU whose clocks are going away.
 */
#include "omap-iommu.h"

/**
 * omap_domain_init() - set up a paging domain's table and MMU list
 * @od: the domain
 * @pt_dev: the device of an MMU that will walk the table (every OMAP MMU
 *          sees memory the same way)
 *
 * Context: may sleep.
 * Return: 0 or -ENOMEM.
 */
int omap_domain_init(struct omap_iommu_domain *od, struct device *pt_dev)
{
	spin_lock_init(&od->lock);
	INIT_LIST_HEAD(&od->mmus);
	od->domain.geometry.aperture_start = 0;
	od->domain.geometry.aperture_end = U32_MAX;
	od->domain.geometry.force_aperture = true;
	od->domain.pgsize_bitmap = OMAP_PT_PGSIZES;
	return omap_pt_init(&od->pt, pt_dev);
}

/**
 * omap_domain_fini() - free a paging domain's tables
 * @od: the domain, attached to no MMU
 */
void omap_domain_fini(struct omap_iommu_domain *od)
{
	WARN_ON(!list_empty(&od->mmus));
	omap_pt_free(&od->pt);
}

/**
 * omap_domain_map() - map leaves of one size (iommu_domain_ops.map_pages)
 * @domain: the paging domain
 * @iova: first device address
 * @pa: first physical address
 * @pgsize: leaf size, one of OMAP_PT_PGSIZES
 * @pgcount: leaves
 * @prot: IOMMU_READ and IOMMU_WRITE (the format has no permissions: a
 *        mapping is always readable and writable)
 * @gfp: for level 2 tables
 * @mapped: bytes mapped, added to
 *
 * No TLB flush: the OMAP TLB never holds a fault, so a new mapping is seen
 * by the next walk.
 *
 * Return: 0 or a negative errno (see omap_pt_map()).
 */
int omap_domain_map(struct iommu_domain *domain, unsigned long iova,
		    phys_addr_t pa, size_t pgsize, size_t pgcount, int prot,
		    gfp_t gfp, size_t *mapped)
{
	struct omap_pt *pt = &to_omap_domain(domain)->pt;

	/* the format has no permission bits: some access must be asked */
	if (!(prot & (IOMMU_READ | IOMMU_WRITE)) || iova > U32_MAX)
		return -EINVAL;
	return omap_pt_map(pt, iova, pa, pgsize, pgcount, gfp, mapped);
}

/**
 * omap_domain_unmap() - unmap and flush the TLB of every attached MMU
 * @domain: the paging domain
 * @iova: first device address
 * @pgsize: leaf size the caller mapped with
 * @pgcount: leaves
 * @gather: unused: nothing is left to gather (see below)
 *
 * Strict by design: when this returns, no MMU of the domain translates
 * the range any more (the OMAP MMU has no way to batch invalidations that
 * would make a deferred flush worth its risk).
 *
 * Return: bytes unmapped.
 */
size_t omap_domain_unmap(struct iommu_domain *domain, unsigned long iova,
			 size_t pgsize, size_t pgcount,
			 struct iommu_iotlb_gather *gather)
{
	struct omap_iommu_domain *od = to_omap_domain(domain);
	struct omap_iommu *mmu;
	unsigned long flags;
	size_t done;

	if (iova > U32_MAX)
		return 0;
	done = omap_pt_unmap(&od->pt, iova, pgsize, pgcount);
	if (!done)
		return 0;

	spin_lock_irqsave(&od->lock, flags);
	list_for_each_entry(mmu, &od->mmus, domain_node) {
		spin_lock(&mmu->lock);
		if (mmu->hw_on)
			omap_mmu_tlb_flush_range(mmu, iova, done, pgsize);
		spin_unlock(&mmu->lock);
	}
	spin_unlock_irqrestore(&od->lock, flags);
	return done;
}

/**
 * omap_domain_flush_all() - flush the TLB of every attached MMU
 * @domain: the paging domain
 */
void omap_domain_flush_all(struct iommu_domain *domain)
{
	struct omap_iommu_domain *od = to_omap_domain(domain);
	struct omap_iommu *mmu;
	unsigned long flags;

	spin_lock_irqsave(&od->lock, flags);
	list_for_each_entry(mmu, &od->mmus, domain_node) {
		spin_lock(&mmu->lock);
		if (mmu->hw_on)
			omap_mmu_tlb_flush_all(mmu);
		spin_unlock(&mmu->lock);
	}
	spin_unlock_irqrestore(&od->lock, flags);
}

/**
 * omap_domain_iotlb_sync() - nothing to do
 * @domain: the paging domain
 * @gather: what the core gathered
 *
 * Every unmap flushed as it went, so nothing is ever left to sync.
 */
void omap_domain_iotlb_sync(struct iommu_domain *domain,
			    struct iommu_iotlb_gather *gather)
{
}

/**
 * omap_domain_iova_to_phys() - the walker's answer for @iova
 * @domain: the paging domain
 * @iova: device address
 *
 * Return: the physical address, 0 when nothing maps @iova.
 */
phys_addr_t omap_domain_iova_to_phys(struct iommu_domain *domain,
				     dma_addr_t iova)
{
	if (iova > U32_MAX)
		return 0;
	return omap_pt_iova_to_phys(&to_omap_domain(domain)->pt, iova);
}

/* take @mmu off its paging domain's list; mode and domain unchanged */
static void omap_mmu_unlink(struct omap_iommu *mmu)
{
	struct omap_iommu_domain *od = mmu->domain;
	unsigned long flags;

	if (!od)
		return;
	spin_lock_irqsave(&od->lock, flags);
	spin_lock(&mmu->lock);
	list_del_init(&mmu->domain_node);
	mmu->domain = NULL;
	mmu->mode = OMAP_MMU_BLOCKED;
	if (mmu->hw_on)
		omap_mmu_hw_program(mmu);
	spin_unlock(&mmu->lock);
	spin_unlock_irqrestore(&od->lock, flags);
}

/* record @mode (and @od's list) and program it if the MMU is powered */
static void omap_mmu_enter_mode(struct omap_iommu *mmu,
				enum omap_mmu_mode mode,
				struct omap_iommu_domain *od)
{
	lockdep_assert_held(&mmu->lock);
	if (od) {
		list_add_tail(&mmu->domain_node, &od->mmus);
		mmu->domain = od;
	}
	mmu->mode = mode;
	if (mmu->hw_on)
		omap_mmu_hw_program(mmu);
}

/**
 * omap_mmu_set_mode() - attach an MMU to a domain of any type
 * @mmu: the MMU
 * @mode: blocked, identity or paging
 * @od: the paging domain for OMAP_MMU_PAGING, NULL otherwise
 *
 * Never fails: every mode is a state the MMU can be put in, so a blocked
 * or identity attach needs no domain object (the core's static domains
 * are never dereferenced here).  Leaving a paging domain passes through
 * the blocked state, never through a stale table.
 *
 * Context: process context; attaches to one MMU are serialised by the
 * IOMMU core's group mutex.
 */
void omap_mmu_set_mode(struct omap_iommu *mmu, enum omap_mmu_mode mode,
		       struct omap_iommu_domain *od)
{
	unsigned long flags;

	if (mode == OMAP_MMU_PAGING && mmu->domain == od)
		return;
	omap_mmu_unlink(mmu);

	if (mode != OMAP_MMU_PAGING) {
		spin_lock_irqsave(&mmu->lock, flags);
		omap_mmu_enter_mode(mmu, mode, NULL);
		spin_unlock_irqrestore(&mmu->lock, flags);
		return;
	}
	spin_lock_irqsave(&od->lock, flags);
	spin_lock(&mmu->lock);
	omap_mmu_enter_mode(mmu, mode, od);
	spin_unlock(&mmu->lock);
	spin_unlock_irqrestore(&od->lock, flags);
}

/**
 * omap_mmu_power_on() - bring the MMU back after reset or power-off
 * @mmu: the MMU, its clocks on and its reset line released
 *
 * Waits for the reset to complete, reloads the locked TLB entries saved
 * at power-off and programs the recorded mode.
 *
 * Return: 0, or -ETIMEDOUT when the MMU did not leave reset (nothing
 * written, hw_on stays false).
 */
int omap_mmu_power_on(struct omap_iommu *mmu)
{
	unsigned long flags;
	int ret;

	ret = omap_mmu_wait_reset(mmu);
	if (ret)
		return ret;
	spin_lock_irqsave(&mmu->lock, flags);
	omap_mmu_restore_locked(mmu);
	omap_mmu_hw_program(mmu);
	mmu->hw_on = true;
	spin_unlock_irqrestore(&mmu->lock, flags);
	return 0;
}

/**
 * omap_mmu_power_off() - save what a power-off loses and stop the MMU
 * @mmu: the MMU, powered
 *
 * The page tables are in memory and the mode in @mmu; what only the MMU
 * holds is its locked TLB entries, saved here.
 */
void omap_mmu_power_off(struct omap_iommu *mmu)
{
	unsigned long flags;

	spin_lock_irqsave(&mmu->lock, flags);
	if (mmu->hw_on) {
		omap_mmu_save_locked(mmu);
		omap_mmu_hw_disable(mmu);
		mmu->hw_on = false;
	}
	spin_unlock_irqrestore(&mmu->lock, flags);
}
