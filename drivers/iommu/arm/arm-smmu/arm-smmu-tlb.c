// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arm SMMUv1/v2: TLB invalidation.
 *
 * Stage 1 banks are invalidated through their own page: TLBIASID for the
 * whole domain, TLBIVA(L) per granule for a range, then the bank's
 * TLBSYNC.  Stage 2 banks use TLBIIPAS2(L) on SMMUv2; SMMUv1 has no
 * per-address stage 2 operation, so there every stage 2 invalidation is a
 * global TLBIVMID followed by the global sync (IHI 0062 §10.6.14, §14.6).
 *
 * Ordering: page tables are normal memory and TLB operations are
 * relaxed MMIO writes, so each invalidation starts with wmb(): the table
 * updates io-pgtable made must be visible to the walker before the SMMU
 * drops the entries that would otherwise still hide them.
 *
 * A sync that does not finish is an error (-ETIMEDOUT) for every caller
 * that can return one.  The hooks io-pgtable calls return nothing, so
 * there the error is kept on the domain (tlb_err) and returned by its
 * next attach; see Documentation/iommu-dma/smmu-v2.rst.
 *
 * File map:
 *   arm_smmu_tlbi_va()           pure: the value of a TLBIVA(L) write
 *   arm_smmu_sync()              one sync/status register pair
 *   arm_smmu_tlb_sync_global()   GR0 sync
 *   stage 1 / stage 2 / SMMUv1 stage 2 hooks for io_pgtable_domain
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/pm_runtime.h>
#include <kunit/visibility.h>

#include "arm-smmu.h"

/*
 * Above this many granules one range is cheaper as a whole-domain
 * invalidation: each TLBIVA is an MMIO write of ~100 ns or more, and a
 * refill of a few hundred entries costs less than 512 such writes.
 */
#define ARM_SMMU_TLBI_RANGE_MAX		512

/**
 * arm_smmu_tlbi_va() - the value written to TLBIVA or TLBIVAL
 * @fmt: the bank's format
 * @iova: an address in the page to drop
 * @asid: the bank's ASID
 *
 * Context: pure.
 * Return: for AArch64, VA[55:12] in bits 43:0 and the ASID on top; for
 * the AArch32 formats, VA[31:12] in place and the ASID in bits 7:0.
 */
VISIBLE_IF_KUNIT u64 arm_smmu_tlbi_va(enum arm_smmu_context_fmt fmt,
				      unsigned long iova, u16 asid)
{
	if (fmt == ARM_SMMU_CTX_FMT_AARCH64)
		return ((u64)iova >> 12) |
		       FIELD_PREP(ARM_SMMU_CB_TLBIVA_ASID64, (u64)asid);
	return (lower_32_bits(iova) & ~0xfffU) |
	       FIELD_PREP(ARM_SMMU_CB_TLBIVA_ASID32, asid);
}
EXPORT_SYMBOL_IF_KUNIT(arm_smmu_tlbi_va);

/*
 * Start a sync on @page and wait for @status to drop its active bit
 * (sTLBGSTATUS.GSACTIVE and TLBSTATUS.SACTIVE are both bit 0).  A vendor
 * tlb_sync replaces the start and the wait; the status is read once more
 * afterwards so that its timeout, too, is seen.
 */
static int arm_smmu_sync(struct arm_smmu_device *smmu, int page, int sync,
			 int status)
{
	unsigned int spin, delay;

	if (smmu->impl && smmu->impl->tlb_sync) {
		smmu->impl->tlb_sync(smmu, page, sync, status);
	} else {
		arm_smmu_writel(smmu, page, sync, 0);
		for (delay = 1; delay < TLB_LOOP_TIMEOUT; delay <<= 1) {
			for (spin = 0; spin < TLB_SPIN_COUNT; spin++) {
				if (!(arm_smmu_readl(smmu, page, status) &
				      ARM_SMMU_STLBGSTATUS_GSACTIVE))
					return 0;
				cpu_relax();
			}
			udelay(delay);
		}
	}
	if (arm_smmu_readl(smmu, page, status) & ARM_SMMU_STLBGSTATUS_GSACTIVE) {
		dev_err_ratelimited(smmu->dev,
				    "TLB sync timed out (page %d); the SMMU may be wedged\n",
				    page);
		return -ETIMEDOUT;
	}
	return 0;
}

/**
 * arm_smmu_tlb_sync_global() - wait for global TLB operations
 * @smmu: the SMMU, powered
 *
 * Context: any; takes global_sync_lock with interrupts off.
 * Return: 0, or -ETIMEDOUT.
 */
int arm_smmu_tlb_sync_global(struct arm_smmu_device *smmu)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&smmu->global_sync_lock, flags);
	ret = arm_smmu_sync(smmu, ARM_SMMU_GR0, ARM_SMMU_GR0_STLBGSYNC,
			    ARM_SMMU_GR0_STLBGSTATUS);
	spin_unlock_irqrestore(&smmu->global_sync_lock, flags);
	return ret;
}

static int arm_smmu_tlb_sync_context(struct arm_smmu_domain *dom)
{
	struct arm_smmu_device *smmu = dom->smmu;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&dom->cb_lock, flags);
	ret = arm_smmu_sync(smmu, ARM_SMMU_CB(smmu, dom->cfg.cbndx),
			    ARM_SMMU_CB_TLBSYNC, ARM_SMMU_CB_TLBSTATUS);
	spin_unlock_irqrestore(&dom->cb_lock, flags);
	return ret;
}

static int arm_smmu_s1_inv_all(struct arm_smmu_domain *dom)
{
	struct arm_smmu_device *smmu = dom->smmu;

	wmb();	/* table writes before the invalidation (file comment) */
	arm_smmu_cb_write(smmu, dom->cfg.cbndx, ARM_SMMU_CB_S1_TLBIASID,
			  dom->cfg.asid);
	return arm_smmu_tlb_sync_context(dom);
}

static int arm_smmu_s2_inv_all(struct arm_smmu_domain *dom)
{
	struct arm_smmu_device *smmu = dom->smmu;

	wmb();	/* table writes before the invalidation (file comment) */
	arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_TLBIVMID, dom->cfg.vmid);
	return arm_smmu_tlb_sync_global(smmu);
}

static int arm_smmu_s1_inv_range(struct arm_smmu_domain *dom,
				 unsigned long iova, size_t size,
				 size_t granule, bool leaf)
{
	struct arm_smmu_device *smmu = dom->smmu;
	const struct arm_smmu_cfg *cfg = &dom->cfg;
	int reg = leaf ? ARM_SMMU_CB_S1_TLBIVAL : ARM_SMMU_CB_S1_TLBIVA;
	unsigned long end = iova + size;

	wmb();	/* table writes before the invalidation (file comment) */
	for (; iova < end; iova += granule) {
		u64 val = arm_smmu_tlbi_va(cfg->fmt, iova, cfg->asid);

		if (cfg->fmt == ARM_SMMU_CTX_FMT_AARCH64)
			arm_smmu_cb_writeq(smmu, cfg->cbndx, reg, val);
		else
			arm_smmu_cb_write(smmu, cfg->cbndx, reg,
					  lower_32_bits(val));
	}
	return arm_smmu_tlb_sync_context(dom);
}

static int arm_smmu_s2_inv_range(struct arm_smmu_domain *dom,
				 unsigned long iova, size_t size,
				 size_t granule, bool leaf)
{
	struct arm_smmu_device *smmu = dom->smmu;
	const struct arm_smmu_cfg *cfg = &dom->cfg;
	int reg = leaf ? ARM_SMMU_CB_S2_TLBIIPAS2L : ARM_SMMU_CB_S2_TLBIIPAS2;
	unsigned long end = iova + size;

	wmb();	/* table writes before the invalidation (file comment) */
	for (; iova < end; iova += granule) {
		u64 ipa = (u64)iova >> 12;

		if (cfg->fmt == ARM_SMMU_CTX_FMT_AARCH64)
			arm_smmu_cb_writeq(smmu, cfg->cbndx, reg, ipa);
		else
			arm_smmu_cb_write(smmu, cfg->cbndx, reg,
					  lower_32_bits(ipa));
	}
	return arm_smmu_tlb_sync_context(dom);
}

/**
 * arm_smmu_tlb_inv_context() - drop every TLB entry of a domain's bank
 * @dom: a domain with a bank; its SMMU powered
 *
 * Context: any.
 * Return: 0, or -ETIMEDOUT when the sync did not finish.
 */
int arm_smmu_tlb_inv_context(struct arm_smmu_domain *dom)
{
	if (dom->cfg.cbar == CBAR_TYPE_S2_TRANS)
		return arm_smmu_s2_inv_all(dom);
	return arm_smmu_s1_inv_all(dom);
}

/*
 * The io_pgtable_domain hooks.  A suspended SMMU is skipped: its TLB holds
 * nothing once it is off, and resume invalidates everything before any
 * bank is used again.  Runtime PM references taken here are dropped
 * asynchronously, so the hooks stay usable in atomic context.
 */
static bool arm_smmu_tlb_power(struct arm_smmu_device *smmu, bool *put)
{
	int ret = pm_runtime_get_if_active(smmu->dev);

	*put = ret > 0;
	return ret != 0;	/* active, or runtime PM not in use */
}

static void arm_smmu_tlb_done(struct arm_smmu_domain *dom, int ret,
			      bool put)
{
	if (ret)
		atomic_set(&dom->tlb_err, 1);
	if (put)
		pm_runtime_put_autosuspend(dom->smmu->dev);
}

static struct arm_smmu_domain *to_arm_smmu_pgd(struct io_pgtable_domain *pgd)
{
	return container_of(pgd, struct arm_smmu_domain, pgd);
}

static void arm_smmu_hook_inv_all(struct io_pgtable_domain *pgd)
{
	struct arm_smmu_domain *dom = to_arm_smmu_pgd(pgd);
	bool put;

	if (arm_smmu_tlb_power(dom->smmu, &put))
		arm_smmu_tlb_done(dom,
				  arm_smmu_tlb_inv_context(dom), put);
}

static void arm_smmu_hook_inv_range(struct io_pgtable_domain *pgd,
				    unsigned long iova, size_t size,
				    size_t granule, bool leaf)
{
	struct arm_smmu_domain *dom = to_arm_smmu_pgd(pgd);
	bool whole = size / granule > ARM_SMMU_TLBI_RANGE_MAX ||
		     (!leaf && dom->cfg.flush_walk_prefer_tlbiasid);
	bool put;
	int ret;

	if (!arm_smmu_tlb_power(dom->smmu, &put))
		return;
	if (whole)
		ret = arm_smmu_tlb_inv_context(dom);
	else if (dom->cfg.cbar == CBAR_TYPE_S2_TRANS)
		ret = arm_smmu_s2_inv_range(dom, iova, size, granule,
					    leaf);
	else
		ret = arm_smmu_s1_inv_range(dom, iova, size, granule,
					    leaf);
	arm_smmu_tlb_done(dom, ret, put);
}

/* SMMUv1 stage 2: no per-address operation, so always the whole VMID. */
static void arm_smmu_hook_inv_range_v1(struct io_pgtable_domain *pgd,
				       unsigned long iova, size_t size,
				       size_t granule, bool leaf)
{
	arm_smmu_hook_inv_all(pgd);
}

/* Stage 1, and stage 2 on SMMUv2: the hooks pick the operations by bank. */
const struct io_pgtable_domain_tlb_ops arm_smmu_tlb_ops = {
	.inv_all	= arm_smmu_hook_inv_all,
	.inv_range	= arm_smmu_hook_inv_range,
};

const struct io_pgtable_domain_tlb_ops arm_smmu_s2_v1_tlb_ops = {
	.inv_all	= arm_smmu_hook_inv_all,
	.inv_range	= arm_smmu_hook_inv_range_v1,
};
