// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arm SMMUv1/v2: context banks and the domains built on them.
 *
 * A paging domain owns one context bank of the SMMU it was allocated for
 * from its first attach until it is freed; the bank is chosen, its tags
 * set and its registers written then (late, so that a GPU driver can ask
 * for page-table quirks between allocation and attach, as drm/msm does).
 * Tags follow the bank: a stage 1 bank's ASID is its index and its VMID 0,
 * a stage 2 bank's VMID is its index plus one, so no two live banks share
 * a tag and a freed bank's TLB entries are dropped (io-pgtable invalidates
 * the whole domain before freeing it) before the index is reused.
 *
 * File map:
 *   arm_smmu_context_fmt()        pure: the table format for a stage
 *   arm_smmu_fmt_pgsizes()        pure: page sizes of a format
 *   arm_smmu_sctlr()              pure: SCTLR of a bank
 *   arm_smmu_write_context_bank() a bank's copy to hardware
 *   arm_smmu_cb_setup()       bank, tags, io-pgtable, interrupt
 *   domain ops                    attach, map/unmap, quirks, free
 *   identity and blocked domains  static, attachable to any master
 */
#include <linux/bitfield.h>
#include <linux/interrupt.h>
#include <linux/io-pgtable-domain.h>
#include <linux/iommu.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <kunit/visibility.h>

#include "arm-smmu.h"

/**
 * arm_smmu_context_fmt() - the table format for a stage
 * @features: ARM_SMMU_FEAT_* of the SMMU
 * @stage: stage 1 or stage 2
 *
 * AArch64 is preferred, except on 32-bit hosts, which write 64-bit
 * registers (TTBRs, TLBIVA) as two halves: there AArch32 LPAE comes
 * first when offered.  The short-descriptor format is the last resort,
 * for stage 1 only, and only when io-pgtable has it built in.
 *
 * Context: pure.
 * Return: the format, or ARM_SMMU_CTX_FMT_NONE.
 */
VISIBLE_IF_KUNIT enum arm_smmu_context_fmt
arm_smmu_context_fmt(u32 features, enum arm_smmu_domain_stage stage)
{
	bool a64 = features & ARM_SMMU_FEAT_FMT_AARCH64;
	bool a32l = features & ARM_SMMU_FEAT_FMT_AARCH32_L;

	if (!IS_ENABLED(CONFIG_64BIT) && a32l)
		return ARM_SMMU_CTX_FMT_AARCH32_L;
	if (a64)
		return ARM_SMMU_CTX_FMT_AARCH64;
	if (a32l)
		return ARM_SMMU_CTX_FMT_AARCH32_L;
	if (stage == ARM_SMMU_DOMAIN_S1 &&
	    IS_ENABLED(CONFIG_IOMMU_IO_PGTABLE_ARMV7S) &&
	    (features & ARM_SMMU_FEAT_FMT_AARCH32_S))
		return ARM_SMMU_CTX_FMT_AARCH32_S;
	return ARM_SMMU_CTX_FMT_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(arm_smmu_context_fmt);

/**
 * arm_smmu_fmt_pgsizes() - leaf sizes a format can map on this SMMU
 * @features: ARM_SMMU_FEAT_*
 * @fmt: the format
 *
 * Context: pure.
 * Return: a page size bitmap; 0 for ARM_SMMU_CTX_FMT_NONE.
 */
unsigned long arm_smmu_fmt_pgsizes(u32 features,
				   enum arm_smmu_context_fmt fmt)
{
	unsigned long sizes = 0;

	switch (fmt) {
	case ARM_SMMU_CTX_FMT_AARCH64:
		if (features & ARM_SMMU_FEAT_FMT_AARCH64_4K)
			sizes |= SZ_4K | SZ_2M | SZ_1G;
		if (features & ARM_SMMU_FEAT_FMT_AARCH64_16K)
			sizes |= SZ_16K | SZ_32M;
		if (features & ARM_SMMU_FEAT_FMT_AARCH64_64K)
			sizes |= SZ_64K | SZ_512M;
		return sizes;
	case ARM_SMMU_CTX_FMT_AARCH32_L:
		return SZ_4K | SZ_2M | SZ_1G;
	case ARM_SMMU_CTX_FMT_AARCH32_S:
		return SZ_4K | SZ_64K | SZ_1M | SZ_16M;
	default:
		return 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(arm_smmu_fmt_pgsizes);

/**
 * arm_smmu_sctlr() - SCTLR of a bank in use
 * @cfg: the bank's configuration
 *
 * Translation on, faults reported with an interrupt and terminated (no
 * stall), access flag and TEX remap as io-pgtable writes its tables, and
 * ASIDs private to the bank for stage 1.
 *
 * Context: pure.
 * Return: the register value.
 */
VISIBLE_IF_KUNIT u32 arm_smmu_sctlr(const struct arm_smmu_cfg *cfg)
{
	u32 val = ARM_SMMU_SCTLR_M | ARM_SMMU_SCTLR_TRE | ARM_SMMU_SCTLR_AFE |
		  ARM_SMMU_SCTLR_CFRE | ARM_SMMU_SCTLR_CFIE;

	if (cfg->cbar != CBAR_TYPE_S2_TRANS)
		val |= ARM_SMMU_SCTLR_S1_ASIDPNE;
	if (IS_ENABLED(CONFIG_CPU_BIG_ENDIAN))
		val |= ARM_SMMU_SCTLR_E;
	return val;
}
EXPORT_SYMBOL_IF_KUNIT(arm_smmu_sctlr);

static void arm_smmu_sctlr_commit(struct arm_smmu_device *smmu, int cbn,
				  u32 val)
{
	if (smmu->impl && smmu->impl->write_sctlr)
		smmu->impl->write_sctlr(smmu, cbn, val);
	else
		arm_smmu_cb_write(smmu, cbn, ARM_SMMU_CB_SCTLR, val);
}

/**
 * arm_smmu_cb_disable() - turn a bank off
 * @smmu: the SMMU, powered
 * @cbn: the bank
 *
 * No S2CR may point at the bank any more: with SCTLR.M clear a stage 1
 * bank passes transactions through untranslated.
 */
void arm_smmu_cb_disable(struct arm_smmu_device *smmu, int cbn)
{
	arm_smmu_sctlr_commit(smmu, cbn, 0);
}

static void arm_smmu_write_cb_attrs(struct arm_smmu_device *smmu, int cbn,
				    const struct arm_smmu_cfg *cfg)
{
	bool s2 = cfg->cbar == CBAR_TYPE_S2_TRANS;
	u32 cbar = FIELD_PREP(ARM_SMMU_CBAR_TYPE, cfg->cbar);
	u32 a2r = 0;

	if (smmu->version == ARM_SMMU_V2) {
		if (cfg->fmt == ARM_SMMU_CTX_FMT_AARCH64)
			a2r |= ARM_SMMU_CBA2R_VA64;
		if (s2 && (smmu->features & ARM_SMMU_FEAT_VMID16))
			a2r |= FIELD_PREP(ARM_SMMU_CBA2R_VMID16, cfg->vmid);
		arm_smmu_gr1_write(smmu, ARM_SMMU_GR1_CBA2R(cbn), a2r);
	} else {
		cbar |= FIELD_PREP(ARM_SMMU_CBAR_IRPTNDX, cfg->irptndx);
	}

	if (s2) {
		if (!(smmu->features & ARM_SMMU_FEAT_VMID16))
			cbar |= FIELD_PREP(ARM_SMMU_CBAR_VMID, cfg->vmid);
	} else {
		/* attributes for the bypassed stage 2: write-back, normal */
		cbar |= FIELD_PREP(ARM_SMMU_CBAR_S1_BPSHCFG,
				   ARM_SMMU_CBAR_S1_BPSHCFG_NSH) |
			FIELD_PREP(ARM_SMMU_CBAR_S1_MEMATTR,
				   ARM_SMMU_CBAR_S1_MEMATTR_WB);
	}
	arm_smmu_gr1_write(smmu, ARM_SMMU_GR1_CBAR(cbn), cbar);
}

/**
 * arm_smmu_write_context_bank() - write a bank from its copy
 * @smmu: the SMMU, powered
 * @cbn: the bank
 *
 * A bank without a configuration is turned off.  Otherwise the
 * attributes, TCRs, table bases and memory attributes go first and SCTLR
 * last, so the bank never translates with half of its state.
 *
 * Context: the bank's owner (domain setup, a vendor hook holding the
 * domain) or reset with no bank in use by a master.
 */
void arm_smmu_write_context_bank(struct arm_smmu_device *smmu, int cbn)
{
	struct arm_smmu_cb *cb = &smmu->cbs[cbn];
	const struct arm_smmu_cfg *cfg = cb->cfg;
	bool s1;

	if (!cfg) {
		arm_smmu_cb_disable(smmu, cbn);
		return;
	}
	s1 = cfg->cbar != CBAR_TYPE_S2_TRANS;

	arm_smmu_write_cb_attrs(smmu, cbn, cfg);

	if (s1 && smmu->version == ARM_SMMU_V2 &&
	    cfg->fmt != ARM_SMMU_CTX_FMT_AARCH32_S)
		arm_smmu_cb_write(smmu, cbn, ARM_SMMU_CB_TCR2, cb->tcr[1]);
	arm_smmu_cb_write(smmu, cbn, ARM_SMMU_CB_TCR, cb->tcr[0]);

	if (cfg->fmt == ARM_SMMU_CTX_FMT_AARCH32_S) {
		arm_smmu_cb_write(smmu, cbn, ARM_SMMU_CB_CONTEXTIDR, cfg->asid);
		arm_smmu_cb_write(smmu, cbn, ARM_SMMU_CB_TTBR0,
				  lower_32_bits(cb->ttbr[0]));
		arm_smmu_cb_write(smmu, cbn, ARM_SMMU_CB_TTBR1,
				  lower_32_bits(cb->ttbr[1]));
	} else {
		arm_smmu_cb_writeq(smmu, cbn, ARM_SMMU_CB_TTBR0, cb->ttbr[0]);
		if (s1)
			arm_smmu_cb_writeq(smmu, cbn, ARM_SMMU_CB_TTBR1,
					   cb->ttbr[1]);
	}

	if (s1) {
		arm_smmu_cb_write(smmu, cbn, ARM_SMMU_CB_S1_MAIR0, cb->mair[0]);
		arm_smmu_cb_write(smmu, cbn, ARM_SMMU_CB_S1_MAIR1, cb->mair[1]);
	}

	arm_smmu_sctlr_commit(smmu, cbn, arm_smmu_sctlr(cfg));
}

/* Copy what io-pgtable chose into the bank's register values. */
static void arm_smmu_fill_cb(struct arm_smmu_cb *cb,
			     const struct arm_smmu_cfg *cfg,
			     const struct io_pgtable_cfg *pc)
{
	memset(cb, 0, sizeof(*cb));

	if (cfg->cbar == CBAR_TYPE_S2_TRANS) {
		cb->tcr[0] = arm_smmu_lpae_vtcr(pc);
		cb->ttbr[0] = pc->arm_lpae_s2_cfg.vttbr;
	} else if (cfg->fmt == ARM_SMMU_CTX_FMT_AARCH32_S) {
		cb->tcr[0] = pc->arm_v7s_cfg.tcr;
		cb->ttbr[0] = pc->arm_v7s_cfg.ttbr;
		cb->mair[0] = pc->arm_v7s_cfg.prrr;
		cb->mair[1] = pc->arm_v7s_cfg.nmrr;
	} else {
		u64 asid = FIELD_PREP(ARM_SMMU_TTBR_ASID, cfg->asid);
		int half = !!(pc->quirks & IO_PGTABLE_QUIRK_ARM_TTBR1);

		cb->tcr[0] = arm_smmu_lpae_tcr(pc);
		cb->tcr[1] = arm_smmu_lpae_tcr2(pc);
		if (cfg->fmt == ARM_SMMU_CTX_FMT_AARCH32_L)
			cb->tcr[0] |= ARM_SMMU_TCR_EAE;
		/* the ASID comes from TTBR0 (TCR.A1 clear) in both cases */
		cb->ttbr[0] = asid;
		cb->ttbr[half] |= pc->arm_lpae_s1_cfg.ttbr;
		cb->mair[0] = lower_32_bits(pc->arm_lpae_s1_cfg.mair);
		cb->mair[1] = upper_32_bits(pc->arm_lpae_s1_cfg.mair);
	}
}

static enum io_pgtable_fmt arm_smmu_pgtable_fmt(enum arm_smmu_context_fmt fmt,
						bool s2)
{
	switch (fmt) {
	case ARM_SMMU_CTX_FMT_AARCH64:
		return s2 ? ARM_64_LPAE_S2 : ARM_64_LPAE_S1;
	case ARM_SMMU_CTX_FMT_AARCH32_L:
		return s2 ? ARM_32_LPAE_S2 : ARM_32_LPAE_S1;
	default:
		return ARM_V7S;
	}
}

static int arm_smmu_cb_claim(struct arm_smmu_domain *dom,
			     struct device *dev)
{
	struct arm_smmu_device *smmu = dom->smmu;
	int start = dom->stage == ARM_SMMU_DOMAIN_S1 ?
		    smmu->num_s2_context_banks : 0;
	int cbn;

	if (smmu->impl && smmu->impl->alloc_context_bank)
		cbn = smmu->impl->alloc_context_bank(dom, smmu, dev,
						     start);
	else
		cbn = __arm_smmu_alloc_bitmap(smmu->context_map, start,
					      smmu->num_context_banks);
	if (cbn == -ENOSPC)
		dev_err(smmu->dev,
			"%s: no free %s context bank (%u banks, %u in use)\n",
			dev_name(dev),
			dom->stage == ARM_SMMU_DOMAIN_S1 ? "stage 1" :
			"stage 2", smmu->num_context_banks,
			bitmap_weight(smmu->context_map, ARM_SMMU_MAX_CBS));
	return cbn;
}

static int arm_smmu_cb_irq(struct arm_smmu_domain *dom)
{
	struct arm_smmu_device *smmu = dom->smmu;
	const struct arm_smmu_impl *impl = smmu->impl;
	irq_handler_t handler = arm_smmu_context_fault;
	unsigned int irq;

	if (dom->cfg.irptndx >= smmu->num_context_irqs)
		return -EINVAL;
	irq = smmu->irqs[dom->cfg.irptndx];
	if (impl && impl->context_fault)
		handler = impl->context_fault;
	if (impl && impl->context_fault_needs_threaded_irq)
		return request_threaded_irq(irq, NULL, handler,
					    IRQF_ONESHOT | IRQF_SHARED,
					    "arm-smmu-context-fault",
					    dom);
	return request_irq(irq, handler, IRQF_SHARED,
			   "arm-smmu-context-fault", dom);
}

/*
 * Give @dom a bank, tags, a page table and a fault interrupt, and
 * program the bank.  On failure nothing stays allocated.
 */
static int arm_smmu_cb_setup(struct arm_smmu_domain *dom,
			     struct device *dev)
{
	struct arm_smmu_device *smmu = dom->smmu;
	struct arm_smmu_cfg *cfg = &dom->cfg;
	const struct io_pgtable_domain_tlb_ops *tlb;
	struct io_pgtable_cfg pc = {};
	bool s2;
	int cbn, ret;

	if (smmu->features & ARM_SMMU_FEAT_TRANS_S1)
		dom->stage = ARM_SMMU_DOMAIN_S1;
	else
		dom->stage = ARM_SMMU_DOMAIN_S2;
	s2 = dom->stage == ARM_SMMU_DOMAIN_S2;
	cfg->fmt = arm_smmu_context_fmt(smmu->features, dom->stage);
	if (cfg->fmt == ARM_SMMU_CTX_FMT_NONE) {
		dev_err(smmu->dev, "no table format for stage %d\n", s2 + 1);
		return -EINVAL;
	}

	cbn = arm_smmu_cb_claim(dom, dev);
	if (cbn < 0)
		return cbn;
	cfg->cbndx = cbn;
	if (s2) {
		cfg->cbar = CBAR_TYPE_S2_TRANS;
		cfg->vmid = cbn + 1;
		pc.ias = smmu->ipa_size;
		pc.oas = smmu->pa_size;
		tlb = smmu->version == ARM_SMMU_V2 ? &arm_smmu_tlb_ops :
		      &arm_smmu_s2_v1_tlb_ops;
	} else {
		cfg->cbar = CBAR_TYPE_S1_TRANS_S2_BYPASS;
		cfg->asid = cbn;
		pc.ias = smmu->va_size;
		pc.oas = smmu->ipa_size;
		tlb = &arm_smmu_tlb_ops;
	}
	if (smmu->version == ARM_SMMU_V2)
		cfg->irptndx = cbn;
	else
		cfg->irptndx = atomic_inc_return(&smmu->irptndx) %
			       smmu->num_context_irqs;

	if (cfg->fmt == ARM_SMMU_CTX_FMT_AARCH32_L)
		pc.ias = min(pc.ias, s2 ? 40U : 32U);
	if (cfg->fmt == ARM_SMMU_CTX_FMT_AARCH32_S) {
		pc.ias = 32;
		pc.oas = 32;
	}
	pc.pgsize_bitmap = arm_smmu_fmt_pgsizes(smmu->features, cfg->fmt);
	pc.coherent_walk = smmu->features & ARM_SMMU_FEAT_COHERENT_WALK;
	pc.quirks = dom->pgtbl_quirks;
	pc.iommu_dev = smmu->dev;

	if (smmu->impl && smmu->impl->init_context) {
		ret = smmu->impl->init_context(dom, &pc, dev);
		if (ret)
			goto out_free_cb;
	}

	ret = io_pgtable_domain_init(&dom->pgd,
				     arm_smmu_pgtable_fmt(cfg->fmt, s2), &pc,
				     tlb);
	if (ret)
		goto out_free_cb;

	arm_smmu_fill_cb(&smmu->cbs[cbn], cfg, &pc);
	smmu->cbs[cbn].cfg = cfg;
	arm_smmu_write_context_bank(smmu, cbn);

	ret = arm_smmu_cb_irq(dom);
	if (ret) {
		/* faults still stop the master, they just go unreported */
		dev_err(smmu->dev, "context bank %d: no fault interrupt (%d)\n",
			cbn, ret);
		cfg->irptndx = ARM_SMMU_INVALID_IRPTNDX;
	}
	return 0;

out_free_cb:
	clear_bit(cbn, smmu->context_map);
	return ret;
}

static void arm_smmu_cb_teardown(struct arm_smmu_domain *dom)
{
	struct arm_smmu_device *smmu = dom->smmu;
	struct arm_smmu_cfg *cfg = &dom->cfg;
	bool powered = !arm_smmu_rpm_get(smmu);

	/*
	 * io-pgtable invalidates the domain's tags before freeing tables.
	 * Unpowered, the SMMU is left alone: resume writes the bank from its
	 * copy, which says "off" by then.
	 */
	io_pgtable_domain_destroy(&dom->pgd);
	smmu->cbs[cfg->cbndx].cfg = NULL;
	if (powered)
		arm_smmu_write_context_bank(smmu, cfg->cbndx);
	if (cfg->irptndx != ARM_SMMU_INVALID_IRPTNDX)
		free_irq(smmu->irqs[cfg->irptndx], dom);
	clear_bit(cfg->cbndx, smmu->context_map);
	if (powered)
		arm_smmu_rpm_put(smmu);
}

static int arm_smmu_paging_attach(struct iommu_domain *domain, struct device *dev)
{
	struct arm_smmu_domain *dom = to_smmu_domain(domain);
	struct arm_smmu_master_cfg *mc = dev_iommu_priv_get(dev);
	int ret;

	if (!mc || mc->smmu != dom->smmu)
		return -EINVAL;

	ret = arm_smmu_rpm_get(mc->smmu);
	if (ret)
		return ret;

	mutex_lock(&dom->init_mutex);
	if (!dom->pgtbl_ops)
		ret = arm_smmu_cb_setup(dom, dev);
	mutex_unlock(&dom->init_mutex);

	if (!ret && atomic_xchg(&dom->tlb_err, 0)) {
		dev_err(dev, "an earlier TLB invalidation of this domain timed out\n");
		ret = -ETIMEDOUT;
	}
	if (!ret)
		arm_smmu_master_route(mc, dev_iommu_fwspec_get(dev),
				      S2CR_TYPE_TRANS, dom->cfg.cbndx);
	arm_smmu_rpm_put(mc->smmu);
	return ret;
}

static int arm_smmu_paging_map(struct iommu_domain *domain, unsigned long iova,
			       phys_addr_t paddr, size_t pgsize, size_t pgcount,
			       int prot, gfp_t gfp, size_t *mapped)
{
	if (!to_smmu_domain(domain)->pgtbl_ops)
		return -ENODEV;
	return io_pgtable_domain_map_pages(domain, iova, paddr, pgsize,
					   pgcount, prot, gfp, mapped);
}

static size_t arm_smmu_paging_unmap(struct iommu_domain *domain,
				    unsigned long iova, size_t pgsize,
				    size_t pgcount,
				    struct iommu_iotlb_gather *gather)
{
	if (!to_smmu_domain(domain)->pgtbl_ops)
		return 0;
	return io_pgtable_domain_unmap_pages(domain, iova, pgsize, pgcount,
					     gather);
}

static void arm_smmu_paging_flush_all(struct iommu_domain *domain)
{
	if (to_smmu_domain(domain)->pgtbl_ops)
		io_pgtable_domain_flush_iotlb_all(domain);
}

static void arm_smmu_paging_sync(struct iommu_domain *domain,
				 struct iommu_iotlb_gather *gather)
{
	if (to_smmu_domain(domain)->pgtbl_ops)
		io_pgtable_domain_iotlb_sync(domain, gather);
}

static phys_addr_t arm_smmu_paging_lookup(struct iommu_domain *domain,
					  dma_addr_t iova)
{
	if (!to_smmu_domain(domain)->pgtbl_ops)
		return 0;
	return io_pgtable_domain_iova_to_phys(domain, iova);
}

static int arm_smmu_paging_quirks(struct iommu_domain *domain,
				  unsigned long quirks)
{
	struct arm_smmu_domain *dom = to_smmu_domain(domain);
	int ret = 0;

	mutex_lock(&dom->init_mutex);
	if (dom->pgtbl_ops)
		ret = -EPERM;	/* the table exists: too late */
	else
		dom->pgtbl_quirks = quirks;
	mutex_unlock(&dom->init_mutex);
	return ret;
}

static void arm_smmu_paging_free(struct iommu_domain *domain)
{
	struct arm_smmu_domain *dom = to_smmu_domain(domain);

	if (dom->pgtbl_ops)
		arm_smmu_cb_teardown(dom);
	kfree(dom);
}

static const struct iommu_domain_ops arm_smmu_paging_ops = {
	.attach_dev		= arm_smmu_paging_attach,
	.map_pages		= arm_smmu_paging_map,
	.unmap_pages		= arm_smmu_paging_unmap,
	.flush_iotlb_all	= arm_smmu_paging_flush_all,
	.iotlb_sync		= arm_smmu_paging_sync,
	.iova_to_phys		= arm_smmu_paging_lookup,
	.set_pgtable_quirks	= arm_smmu_paging_quirks,
	.free			= arm_smmu_paging_free,
};

/**
 * arm_smmu_paging_alloc() - iommu_ops.domain_alloc_paging
 * @dev: a master of the SMMU the domain is for
 *
 * The domain gets its context bank at its first attach.
 *
 * Context: process context.
 * Return: the domain, or ERR_PTR(-ENOMEM).
 */
struct iommu_domain *arm_smmu_paging_alloc(struct device *dev)
{
	struct arm_smmu_master_cfg *mc = dev_iommu_priv_get(dev);
	struct arm_smmu_domain *dom;

	dom = kzalloc(sizeof(*dom), GFP_KERNEL);
	if (!dom)
		return ERR_PTR(-ENOMEM);
	dom->smmu = mc->smmu;
	mutex_init(&dom->init_mutex);
	spin_lock_init(&dom->cb_lock);
	dom->domain.ops = &arm_smmu_paging_ops;
	dom->domain.pgsize_bitmap = mc->smmu->pgsize_bitmap;
	return &dom->domain;
}

static int arm_smmu_attach_static(struct device *dev,
				  enum arm_smmu_s2cr_type type)
{
	struct arm_smmu_master_cfg *mc = dev_iommu_priv_get(dev);
	int ret;

	if (!mc)
		return -ENODEV;
	ret = arm_smmu_rpm_get(mc->smmu);
	if (ret)
		return ret;
	arm_smmu_master_route(mc, dev_iommu_fwspec_get(dev), type, 0);
	arm_smmu_rpm_put(mc->smmu);
	return 0;
}

static int arm_smmu_attach_identity(struct iommu_domain *domain,
				    struct device *dev)
{
	return arm_smmu_attach_static(dev, S2CR_TYPE_BYPASS);
}

static int arm_smmu_attach_blocked(struct iommu_domain *domain,
				   struct device *dev)
{
	return arm_smmu_attach_static(dev, S2CR_TYPE_FAULT);
}

static const struct iommu_domain_ops arm_smmu_bypass_ops = {
	.attach_dev = arm_smmu_attach_identity,
};

static const struct iommu_domain_ops arm_smmu_fault_ops = {
	.attach_dev = arm_smmu_attach_blocked,
};

/* Bypass in the S2CR: no context bank involved. */
struct iommu_domain arm_smmu_domain_identity = {
	.type	= IOMMU_DOMAIN_IDENTITY,
	.ops	= &arm_smmu_bypass_ops,
};

/* Fault in the S2CR: every transaction of the master is terminated. */
struct iommu_domain arm_smmu_domain_blocked = {
	.type	= IOMMU_DOMAIN_BLOCKED,
	.ops	= &arm_smmu_fault_ops,
};
