// SPDX-License-Identifier: GPL-2.0
/*
 * Arm SMMUv3: paging domains attached at PASIDs (SubstreamIDs).
 *
 * File map:
 *   sizing       smmu3_cdtab_max_bits(), smmu3_cdtab_bits_for()
 *   attach       smmu3_master_set_pasid(), smmu3_set_dev_pasid()
 *   detach       smmu3_master_clear_pasid(), smmu3_remove_dev_pasid()
 *
 * DOC: PASIDs on SMMUv3
 *
 * A master that can issue PASIDs gets, on its first stage 1 attach, a CD
 * table wide enough for every PASID the core may give it; the STE then has
 * S1CDMax set and S1DSS = SSID0, so untagged traffic keeps using CD 0, the
 * default domain, exactly as for a master without PASIDs.  A paging domain
 * attached at PASID n is CD n; its ASID is the domain's own, allocated
 * with the domain, so each private table is tagged apart in the TLB and
 * the domain's unmap invalidation (TLBI_NH_VA / TLBI_NH_ASID by ASID)
 * reaches it at whatever PASID it is attached.
 *
 * Order of operations:
 *   attach   CD n written through the ordered writer (CFGI_CD + CMD_SYNC
 *            after each step).  The domain's ASID holds nothing yet: ASIDs
 *            are invalidated when the domain that held them is freed.
 *   map      nothing: the SMMU caches no invalid entry.
 *   unmap    the domain's own TLBI by ASID + CMD_SYNC (domain.c).
 *   detach   CD n cleared + CFGI_CD + CMD_SYNC, *then* TLBI_NH_ASID +
 *            CMD_SYNC.  The other order would let a walk that starts
 *            between the two refill the TLB from the CD being removed.
 *
 * PASID traffic needs the STE in stage 1 mode, so PASIDs are refused
 * while the master's own domain (PASID 0) is identity, blocked or stage 2.
 */
#include <linux/bitfield.h>
#include <linux/iommu.h>
#include <linux/log2.h>
#include <kunit/visibility.h>

#include "arm-smmu-v3.h"

/* Sizing */

/**
 * smmu3_cdtab_max_bits() - widest CD table this driver builds for an SMMU
 * @smmu: the SMMU, its features and ssid_bits known
 *
 * Limited by IDR1.SSIDSIZE, and by the memory one table may take: a linear
 * table stops at %SMMU3_CDTAB_LINEAR_MAX_BITS, a two-level one at
 * %SMMU3_CDTAB_L2_MAX_BITS.  Pure function.
 *
 * Return: log2 of the number of CDs; 0 means CD 0 only, no PASIDs.
 */
unsigned int smmu3_cdtab_max_bits(const struct smmu3_device *smmu)
{
	unsigned int cap = smmu->features & SMMU3_FEAT_2LVL_CDTAB ?
			   SMMU3_CDTAB_L2_MAX_BITS :
			   SMMU3_CDTAB_LINEAR_MAX_BITS;

	if (!(smmu->features & SMMU3_FEAT_S1))
		return 0;
	return min(smmu->ssid_bits, cap);
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cdtab_max_bits);

/**
 * smmu3_cdtab_bits_for() - CD table width for a master
 * @smmu: the master's SMMU
 * @max_pasids: PASIDs the core lets the master use (dev->iommu->max_pasids:
 *	the device's own capability, already clamped to the SMMU's)
 *
 * Pure function.
 *
 * Return: log2 of the CDs needed; 0 for a master without PASIDs (one CD,
 * S1CDMax = 0: the table every master had before PASIDs).
 */
unsigned int smmu3_cdtab_bits_for(const struct smmu3_device *smmu,
				  u32 max_pasids)
{
	if (max_pasids <= 1)
		return 0;
	return min_t(unsigned int, order_base_2(max_pasids),
		     smmu3_cdtab_max_bits(smmu));
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cdtab_bits_for);

/* Attach */

/* Can PASID @pasid of @master take a CD now? */
static int smmu3_master_pasid_ok(struct smmu3_master *master, ioasid_t pasid)
{
	struct iommu_domain *rid = master->domain;

	if (!rid || rid->ops != &smmu3_paging_ops ||
	    to_smmu3_domain(rid)->stage != SMMU3_STAGE1 || !master->cdtab.dma)
		return -EOPNOTSUPP;
	if (pasid == IOMMU_NO_PASID || pasid >= BIT(master->cdtab.ssid_bits))
		return -EINVAL;
	return 0;
}

/**
 * smmu3_master_set_pasid() - make a stage 1 domain CD @pasid of a master
 * @master: the master, its own domain a stage 1 paging domain
 * @dom: the domain
 * @pasid: the PASID, not 0 and within the master's CD table
 *
 * Replaces whatever CD @pasid held through the ordered writer.
 *
 * Context: process context, under the master's group mutex.
 * Return: 0; -EINVAL (another SMMU's domain, PASID 0 or beyond the table),
 * -EOPNOTSUPP (a stage 2 domain, or the master not on stage 1), -ENOMEM or
 * -ETIMEDOUT.
 */
VISIBLE_IF_KUNIT int smmu3_master_set_pasid(struct smmu3_master *master,
					    struct smmu3_domain *dom,
					    ioasid_t pasid)
{
	u64 cd[CD_QWORDS];
	int ret;

	if (dom->smmu != master->smmu)
		return -EINVAL;
	if (dom->stage != SMMU3_STAGE1)
		return -EOPNOTSUPP;
	ret = smmu3_master_pasid_ok(master, pasid);
	if (ret)
		return ret;
	smmu3_make_s1_cd(cd, master->smmu, dom);
	return smmu3_write_cd(master, pasid, cd);
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_master_set_pasid);

/**
 * smmu3_set_dev_pasid() - iommu_domain_ops.set_dev_pasid of paging domains
 * @domain: the paging domain
 * @dev: the device
 * @pasid: the PASID
 * @old: the domain attached at @pasid before, or NULL; the CD writer
 *	replaces its CD in one ordered update
 *
 * Return: as smmu3_master_set_pasid().
 */
int smmu3_set_dev_pasid(struct iommu_domain *domain, struct device *dev,
			ioasid_t pasid, struct iommu_domain *old)
{
	iommu_group_mutex_assert(dev);
	return smmu3_master_set_pasid(dev_iommu_priv_get(dev),
				      to_smmu3_domain(domain), pasid);
}

/* Detach */

/**
 * smmu3_master_clear_pasid() - remove CD @pasid and what the TLB holds of it
 * @master: the master
 * @dom: the paging domain attached at @pasid, or NULL if not ours
 * @pasid: the PASID
 *
 * CD first, then the ASID (see "Order of operations" above).
 *
 * Context: process context, under the master's group mutex.
 * Return: 0, -EINVAL for a PASID this master cannot have, or the error of
 * the CD write or of the invalidation.
 */
VISIBLE_IF_KUNIT int smmu3_master_clear_pasid(struct smmu3_master *master,
					      struct smmu3_domain *dom,
					      ioasid_t pasid)
{
	u64 cd[CD_QWORDS] = {};
	int ret;

	if (pasid == IOMMU_NO_PASID || !master->cdtab.dma ||
	    pasid >= BIT(master->cdtab.ssid_bits))
		return -EINVAL;
	ret = smmu3_write_cd(master, pasid, cd);
	if (ret)
		return ret;
	if (dom && dom->stage == SMMU3_STAGE1)
		ret = smmu3_domain_inv_all(dom);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_master_clear_pasid);

/**
 * smmu3_remove_dev_pasid() - iommu_ops.remove_dev_pasid
 * @dev: the device
 * @pasid: the PASID
 * @domain: the domain attached there
 *
 * The core cannot take a failure here; a failed CMD_SYNC is reported and
 * the SMMU's own error handling (gerror) takes over.
 */
void smmu3_remove_dev_pasid(struct device *dev, ioasid_t pasid,
			    struct iommu_domain *domain)
{
	struct smmu3_master *master = dev_iommu_priv_get(dev);
	struct smmu3_domain *dom = NULL;
	int ret;

	iommu_group_mutex_assert(dev);
	if (domain && domain->ops == &smmu3_paging_ops)
		dom = to_smmu3_domain(domain);
	ret = smmu3_master_clear_pasid(master, dom, pasid);
	if (ret)
		dev_err(dev, "PASID %u: context not removed (%d)\n", pasid,
			ret);
}
