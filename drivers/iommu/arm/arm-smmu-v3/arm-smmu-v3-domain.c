// SPDX-License-Identifier: GPL-2.0
/*
 * Arm SMMUv3: domains, attaching devices to them, and TLB invalidation.
 *
 * A paging domain is built for one SMMU when it is allocated: stage 1 with
 * an ASID where the SMMU has stage 1, else stage 2 with a VMID; the
 * paging_stage parameter asks for one stage (see smmu3_pick_stage()).  Attaching
 * a device rewrites its STEs (and, for stage 1, CD 0 of its own CD table)
 * through the ordered writer, so a device can move between any two domains
 * at any time; the writer keeps every intermediate state safe.
 *
 * The page table, map, unmap and lookup are the shared io-pgtable domain's
 * (io-pgtable-domain.c); this file gives it the two invalidation hooks.
 * Invalidation follows io-pgtable's gather: unmapped leaf pages are
 * collected and invalidated once in iotlb_sync, as one range command per
 * power-of-two-aligned piece where the SMMU has range invalidation, or one
 * command per page otherwise.  Beyond %SMMU3_INV_MAX_CMDS commands a whole
 * ASID (or VMID) is cheaper and is dropped instead.
 */
#include <linux/bitfield.h>
#include <linux/io-pgtable-domain.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "arm-smmu-v3.h"

/*
 * Above this many commands for one range, invalidate the whole ASID: the
 * queue would take longer to drain than the TLB takes to refill.
 */
#define SMMU3_INV_MAX_CMDS		64
/*
 * Range commands: (NUM + 1) << SCALE granules each, so any range below
 * 2^52 bytes needs at most 11; above this many granules (128 MiB of 4 KiB
 * pages) the SMMU would search its TLB longer than a refill costs.
 */
#define SMMU3_INV_RANGE_SLOTS		12
#define SMMU3_INV_MAX_RANGE_GRANULES	(SMMU3_INV_MAX_CMDS * 512)

/* Invalidation */

static struct smmu3_cmd smmu3_domain_tlbi_all_cmd(struct smmu3_domain *dom)
{
	if (dom->stage == SMMU3_STAGE1)
		return smmu3_cmd_tlbi_nh_asid(dom->tag);
	return smmu3_cmd_tlbi_s12_vmall(dom->tag);
}

/**
 * smmu3_domain_inv_all() - drop every TLB entry of a domain's ASID or VMID
 * @dom: the domain
 *
 * Return: 0 or -ETIMEDOUT (the CMD_SYNC did not complete).
 */
int smmu3_domain_inv_all(struct smmu3_domain *dom)
{
	struct smmu3_cmd cmd = smmu3_domain_tlbi_all_cmd(dom);

	return smmu3_submit(dom->smmu, &cmd, 1, true);
}

/**
 * smmu3_range_cmds() - split a range into range-invalidation commands
 * @size: bytes to invalidate, a multiple of the granule
 * @tg_lg2: log2 of the translation granule
 * @scales: receives SCALE of each command
 * @nums: receives NUM of each command
 * @max: room in @scales and @nums
 *
 * Each command covers (NUM + 1) << SCALE granules (§4.4.1); consecutive
 * commands cover consecutive pieces, lowest address first.  Pure function.
 *
 * Return: number of commands needed; more than @max means only the first
 * @max were filled in.
 */
unsigned int smmu3_range_cmds(unsigned long size, unsigned int tg_lg2,
			      unsigned int *scales, unsigned int *nums,
			      unsigned int max)
{
	unsigned long pages = size >> tg_lg2;
	unsigned int n = 0;

	while (pages) {
		unsigned int scale = min_t(unsigned int, __ffs(pages),
					   TLBI_SCALE_MAX);
		unsigned long mult;

		if (scale < TLBI_SCALE_MAX)
			/* the 5 bits from the lowest set one: odd, so >= 1 */
			mult = (pages >> scale) & (TLBI_NUM_MAX - 1);
		else
			/* beyond what SCALE reaches: the largest step */
			mult = min_t(unsigned long, pages >> scale,
				     TLBI_NUM_MAX);
		if (n < max) {
			scales[n] = scale;
			nums[n] = mult - 1;
		}
		n++;
		pages -= mult << scale;
	}
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_range_cmds);

static struct smmu3_cmd smmu3_domain_tlbi_va(struct smmu3_domain *dom,
					     unsigned long iova, bool leaf)
{
	if (dom->stage == SMMU3_STAGE1)
		return smmu3_cmd_tlbi_nh_va(dom->tag, iova, leaf);
	return smmu3_cmd_tlbi_s2_ipa(dom->tag, iova, leaf);
}

/* Level of a leaf of @pgsize with granule 2^@tg_lg2, for the TTL hint. */
static unsigned int smmu3_ttl(size_t pgsize, unsigned int tg_lg2)
{
	unsigned int bits_per_level = tg_lg2 - 3;
	unsigned int lvl = (ilog2(pgsize) - 3) / bits_per_level;

	return lvl >= 1 && lvl <= 3 ? 4 - lvl : 0;
}

/*
 * Invalidate [iova, iova + size): the shared domain's inv_range hook, so
 * that iotlb_sync reaches it with no call between.  @pgsize is the size of
 * the leaves that changed for a leaf-only invalidation, or the granule of a
 * table walk change (@leaf false).
 */
static void smmu3_domain_inv_range(struct io_pgtable_domain *pgd,
				   unsigned long iova, size_t size,
				   size_t pgsize, bool leaf)
{
	struct smmu3_domain *dom = container_of(pgd, struct smmu3_domain, pgd);
	struct smmu3_device *smmu = dom->smmu;
	unsigned int tg_lg2 = __ffs(dom->pgd.domain.pgsize_bitmap);
	unsigned int scales[SMMU3_INV_RANGE_SLOTS], nums[SMMU3_INV_RANGE_SLOTS];
	struct smmu3_batch batch;
	unsigned int i, n, ttl;
	struct smmu3_cmd cmd;
	int ret = 0;

	if (!size)
		return;
	batch.n = 0;

	if (smmu->features & SMMU3_FEAT_RANGE_INV) {
		/* Round out to the granule. */
		size += iova & (BIT(tg_lg2) - 1);
		iova &= ~(BIT(tg_lg2) - 1UL);
		size = ALIGN(size, BIT(tg_lg2));
		if (size >> tg_lg2 > SMMU3_INV_MAX_RANGE_GRANULES)
			goto whole;
		n = smmu3_range_cmds(size, tg_lg2, scales, nums,
				     SMMU3_INV_RANGE_SLOTS);
		if (n > SMMU3_INV_RANGE_SLOTS)
			goto whole;
		ttl = leaf ? smmu3_ttl(pgsize, tg_lg2) : 0;
		for (i = 0; i < n && !ret; i++) {
			cmd = smmu3_domain_tlbi_va(dom, iova, leaf);
			smmu3_cmd_set_range(&cmd, tg_lg2, ttl, nums[i],
					    scales[i]);
			ret = smmu3_batch_add(smmu, &batch, cmd);
			iova += (unsigned long)(nums[i] + 1) <<
				(scales[i] + tg_lg2);
		}
	} else {
		if (size / pgsize > SMMU3_INV_MAX_CMDS)
			goto whole;
		for (i = 0; i < size / pgsize && !ret; i++) {
			cmd = smmu3_domain_tlbi_va(dom, iova + i * pgsize, leaf);
			ret = smmu3_batch_add(smmu, &batch, cmd);
		}
	}
	smmu3_batch_submit(smmu, &batch);
	return;

whole:
	smmu3_domain_inv_all(dom);
}

static void smmu3_pgd_inv_all(struct io_pgtable_domain *pgd)
{
	smmu3_domain_inv_all(container_of(pgd, struct smmu3_domain, pgd));
}

static const struct io_pgtable_domain_tlb_ops smmu3_tlb_ops = {
	.inv_all	= smmu3_pgd_inv_all,
	.inv_range	= smmu3_domain_inv_range,
};

/* Domain allocation */

static void smmu3_domain_setup_s1(struct smmu3_domain *dom,
				  struct io_pgtable_cfg *cfg)
{
	dom->ttbr = cfg->arm_lpae_s1_cfg.ttbr;
	dom->mair = cfg->arm_lpae_s1_cfg.mair;
	dom->tcr = FIELD_PREP(CD0_T0SZ, cfg->arm_lpae_s1_cfg.tcr.tsz) |
		   FIELD_PREP(CD0_TG0, cfg->arm_lpae_s1_cfg.tcr.tg) |
		   FIELD_PREP(CD0_IR0, cfg->arm_lpae_s1_cfg.tcr.irgn) |
		   FIELD_PREP(CD0_OR0, cfg->arm_lpae_s1_cfg.tcr.orgn) |
		   FIELD_PREP(CD0_SH0, cfg->arm_lpae_s1_cfg.tcr.sh) |
		   FIELD_PREP(CD0_IPS, cfg->arm_lpae_s1_cfg.tcr.ips);
}

static void smmu3_domain_setup_s2(struct smmu3_domain *dom,
				  struct io_pgtable_cfg *cfg)
{
	dom->ttbr = cfg->arm_lpae_s2_cfg.vttbr;
	dom->tcr = FIELD_PREP(STE2_S2T0SZ, cfg->arm_lpae_s2_cfg.vtcr.tsz) |
		   FIELD_PREP(STE2_S2SL0, cfg->arm_lpae_s2_cfg.vtcr.sl) |
		   FIELD_PREP(STE2_S2IR0, cfg->arm_lpae_s2_cfg.vtcr.irgn) |
		   FIELD_PREP(STE2_S2OR0, cfg->arm_lpae_s2_cfg.vtcr.orgn) |
		   FIELD_PREP(STE2_S2SH0, cfg->arm_lpae_s2_cfg.vtcr.sh) |
		   FIELD_PREP(STE2_S2TG, cfg->arm_lpae_s2_cfg.vtcr.tg) |
		   FIELD_PREP(STE2_S2PS, cfg->arm_lpae_s2_cfg.vtcr.ps);
}

/**
 * smmu3_domain_init() - give a paging domain its tag and page table
 * @dom: the domain, zeroed
 * @smmu: the SMMU it is for
 * @stage: translation stage to use; the SMMU must have it
 *
 * Fills in everything the STE and CD encoders read.
 *
 * Return: 0, or -ENOSPC when tags run out, or -ENOMEM.
 */
VISIBLE_IF_KUNIT int smmu3_domain_init(struct smmu3_domain *dom,
				       struct smmu3_device *smmu,
				       enum smmu3_stage stage)
{
	struct io_pgtable_cfg cfg = {
		.pgsize_bitmap	= smmu->pgsize_bitmap,
		.coherent_walk	= !!(smmu->features & SMMU3_FEAT_COHERENT),
		.iommu_dev	= smmu->dev,
		.oas		= smmu->oas,
	};
	enum io_pgtable_fmt fmt;
	int id, ret;

	dom->smmu = smmu;
	dom->stage = stage;
	if (stage == SMMU3_STAGE1) {
		fmt = ARM_64_LPAE_S1;
		cfg.ias = smmu->ias;
		/* ASID 0 stays unused, so a zeroed CD never matches. */
		id = ida_alloc_range(&smmu->asids, 1,
				     BIT(smmu->asid_bits) - 1, GFP_KERNEL);
	} else {
		fmt = ARM_64_LPAE_S2;
		cfg.ias = smmu->oas;
		/* VMID 0 tags stage 1 only translations. */
		id = ida_alloc_range(&smmu->vmids, 1,
				     BIT(smmu->vmid_bits) - 1, GFP_KERNEL);
	}
	if (id < 0)
		return id;
	dom->tag = id;

	ret = io_pgtable_domain_init(&dom->pgd, fmt, &cfg, &smmu3_tlb_ops);
	if (ret) {
		ida_free(stage == SMMU3_STAGE1 ? &smmu->asids : &smmu->vmids,
			 dom->tag);
		return ret;
	}
	if (stage == SMMU3_STAGE1)
		smmu3_domain_setup_s1(dom, &cfg);
	else
		smmu3_domain_setup_s2(dom, &cfg);

	dom->pgd.domain.ops = &smmu3_paging_ops;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_domain_init);

/**
 * smmu3_domain_destroy() - free a domain's page table and tag
 * @dom: the domain; nothing may point at it any more
 *
 * The tag's TLB entries are dropped before the tag can be reused (io-pgtable
 * may flush too when its tables go; we do not rely on it).
 */
VISIBLE_IF_KUNIT void smmu3_domain_destroy(struct smmu3_domain *dom)
{
	struct smmu3_device *smmu = dom->smmu;

	smmu3_domain_inv_all(dom);
	io_pgtable_domain_destroy(&dom->pgd);
	ida_free(dom->stage == SMMU3_STAGE1 ? &smmu->asids : &smmu->vmids,
		 dom->tag);
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_domain_destroy);

static unsigned int paging_stage;
module_param(paging_stage, uint, 0444);
MODULE_PARM_DESC(paging_stage,
		 "stage behind paging (DMA and unmanaged) domains: 0 = stage 1 where the SMMU has it (default), 1, or 2");

/**
 * smmu3_pick_stage() - the stage that paging domains of an SMMU use
 * @smmu: the SMMU, its features known
 *
 * Stage 1 by default.  The paging_stage parameter may ask for stage 2
 * (a kernel that keeps stage 1 for something else, or a test of the
 * stage-2 tables and VMID invalidation); a stage the SMMU lacks, or a value
 * that names none, is reported and the default is kept.
 *
 * Return: %SMMU3_STAGE1 or %SMMU3_STAGE2.
 */
enum smmu3_stage smmu3_pick_stage(struct smmu3_device *smmu)
{
	enum smmu3_stage dflt = smmu->features & SMMU3_FEAT_S1 ?
				SMMU3_STAGE1 : SMMU3_STAGE2;

	switch (paging_stage) {
	case 0:
		return dflt;
	case 1:
		if (smmu->features & SMMU3_FEAT_S1)
			return SMMU3_STAGE1;
		break;
	case 2:
		if (smmu->features & SMMU3_FEAT_S2)
			return SMMU3_STAGE2;
		break;
	}
	dev_warn(smmu->dev, "paging_stage=%u: no such stage here, using stage %d\n",
		 paging_stage, dflt == SMMU3_STAGE1 ? 1 : 2);
	return dflt;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_pick_stage);

/**
 * smmu3_domain_alloc_paging() - iommu_ops.domain_alloc_paging
 * @dev: a device of the SMMU the domain is for
 *
 * The stage is the SMMU's @paging_stage, chosen at probe.
 *
 * Return: the domain or an ERR_PTR().
 */
struct iommu_domain *smmu3_domain_alloc_paging(struct device *dev)
{
	struct smmu3_master *master = dev_iommu_priv_get(dev);
	struct smmu3_device *smmu = master->smmu;
	struct smmu3_domain *dom;
	int ret;

	dom = kzalloc(sizeof(*dom), GFP_KERNEL);
	if (!dom)
		return ERR_PTR(-ENOMEM);
	ret = smmu3_domain_init(dom, smmu, smmu->paging_stage);
	if (ret) {
		kfree(dom);
		return ERR_PTR(ret);
	}
	return &dom->pgd.domain;
}

static void smmu3_domain_free(struct iommu_domain *domain)
{
	struct smmu3_domain *dom = to_smmu3_domain(domain);

	smmu3_domain_destroy(dom);
	kfree(dom);
}

/* Attach */

static int smmu3_master_write_stes(struct smmu3_master *master,
				   const u64 *ste)
{
	unsigned int i;
	int ret;

	for (i = 0; i < master->num_sids; i++) {
		ret = smmu3_write_ste(master->smmu, master->sids[i], ste);
		if (ret)
			return ret;
	}
	return 0;
}

/* After the STEs stop using stage 1, CD 0 is cleared. */
static void smmu3_master_clear_cd(struct smmu3_master *master)
{
	u64 cd[CD_QWORDS] = {};

	if (master->cdtab.dma)
		smmu3_write_cd(master, 0, cd);
}

static int smmu3_attach_paging(struct iommu_domain *domain,
			       struct device *dev)
{
	struct smmu3_master *master = dev_iommu_priv_get(dev);
	struct smmu3_domain *dom = to_smmu3_domain(domain);
	u64 entry[SMMU3_ENTRY_QWORDS];
	int ret;

	iommu_group_mutex_assert(dev);
	if (dom->smmu != master->smmu)
		return -EINVAL;

	if (dom->stage == SMMU3_STAGE2) {
		smmu3_make_s2_ste(entry, master->smmu, dom);
		ret = smmu3_master_write_stes(master, entry);
		if (!ret)
			smmu3_master_clear_cd(master);
		goto out;
	}

	if (!master->cdtab.dma) {
		/* As wide as the PASIDs the core may give it (0 without). */
		ret = smmu3_cdtab_alloc(master,
					smmu3_cdtab_bits_for(master->smmu,
							     dev->iommu->max_pasids));
		if (ret)
			return ret;
	}
	/* The CD first: while the STE does not use it, any order is safe. */
	smmu3_make_s1_cd(entry, master->smmu, dom);
	ret = smmu3_write_cd(master, 0, entry);
	if (ret)
		return ret;
	smmu3_make_s1_ste(entry, master->smmu, &master->cdtab);
	ret = smmu3_master_write_stes(master, entry);
out:
	if (!ret)
		master->domain = domain;
	return ret;
}

static int smmu3_attach_fixed(struct iommu_domain *domain, struct device *dev,
			      void (*make)(u64 *ste))
{
	struct smmu3_master *master = dev_iommu_priv_get(dev);
	u64 ste[STE_QWORDS];
	int ret;

	make(ste);
	ret = smmu3_master_write_stes(master, ste);
	if (ret)
		return ret;
	smmu3_master_clear_cd(master);
	master->domain = domain;
	return 0;
}

static int smmu3_attach_identity(struct iommu_domain *domain,
				 struct device *dev)
{
	return smmu3_attach_fixed(domain, dev, smmu3_make_bypass_ste);
}

static int smmu3_attach_blocked(struct iommu_domain *domain,
				struct device *dev)
{
	return smmu3_attach_fixed(domain, dev, smmu3_make_abort_ste);
}

static const struct iommu_domain_ops smmu3_identity_ops = {
	.attach_dev = smmu3_attach_identity,
};

static const struct iommu_domain_ops smmu3_blocked_ops = {
	.attach_dev = smmu3_attach_blocked,
};

struct iommu_domain smmu3_identity_domain = {
	.type = IOMMU_DOMAIN_IDENTITY,
	.ops = &smmu3_identity_ops,
};

struct iommu_domain smmu3_blocked_domain = {
	.type = IOMMU_DOMAIN_BLOCKED,
	.ops = &smmu3_blocked_ops,
};

/* Mapping: the shared io-pgtable domain's entry points */

const struct iommu_domain_ops smmu3_paging_ops = {
	.attach_dev		= smmu3_attach_paging,
	.set_dev_pasid		= smmu3_set_dev_pasid,
	.map_pages		= io_pgtable_domain_map_pages,
	.unmap_pages		= io_pgtable_domain_unmap_pages,
	.flush_iotlb_all	= io_pgtable_domain_flush_iotlb_all,
	.iotlb_sync		= io_pgtable_domain_iotlb_sync,
	.iova_to_phys		= io_pgtable_domain_iova_to_phys,
	.free			= smmu3_domain_free,
};
