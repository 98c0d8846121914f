// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arm SMMUv1/v2: the IOMMU core's view of masters.
 *
 * A master names its streams in "iommus" (one or two cells) or, for PCI,
 * through "iommu-map"; of_xlate packs each into a fwspec ID shaped like
 * an SMR.  Probing a master checks the IDs against what the SMMU can
 * match and claims stream map entries for them, which fault until the
 * core attaches the default domain; groups and default domains are the
 * core's, through the callbacks here.
 *
 * File map:
 *   arm_smmu_xlate_stream()       of_xlate
 *   arm_smmu_add_master()         probe_device / release_device
 *   arm_smmu_master_*()           finalize, default type, reserved regions
 *   arm_smmu_iommu_ops            the driver's iommu_ops
 */
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/iommu.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <linux/sizes.h>

#include "../../dma-iommu.h"
#include "arm-smmu.h"

/*
 * Where software MSIs are mapped for masters behind the SMMU: an IOVA
 * window the DMA layer keeps out of its allocations.
 */
#define ARM_SMMU_SW_MSI_BASE		0x8000000
#define ARM_SMMU_SW_MSI_SIZE		SZ_1M

/*
 * A master's stream as an SMR would hold it: ID in bits 15:0, mask in
 * 31:16.  With one cell the cell may carry both; the SMMU's
 * "stream-match-mask" adds mask bits to every one-cell specifier.
 */
static int arm_smmu_xlate_stream(struct device *dev,
				 const struct of_phandle_args *args)
{
	u32 fwid, mask;

	if (args->args_count < 1 || args->args_count > 2) {
		dev_err(dev, "%pOF: #iommu-cells must be 1 or 2\n", args->np);
		return -EINVAL;
	}
	fwid = args->args[0];
	if (args->args_count == 2) {
		if (fwid > ARM_SMMU_SMR_ID || args->args[1] > U16_MAX) {
			dev_err(dev, "stream %#x mask %#x: more than 16 bits\n",
				args->args[0], args->args[1]);
			return -EINVAL;
		}
		fwid |= FIELD_PREP(ARM_SMMU_SMR_MASK, args->args[1]);
	} else if (!of_property_read_u32(args->np, "stream-match-mask", &mask)) {
		fwid |= FIELD_PREP(ARM_SMMU_SMR_MASK, mask);
	}
	return iommu_fwspec_add_ids(dev, &fwid, 1);
}

static int arm_smmu_check_ids(struct arm_smmu_device *smmu, struct device *dev,
			      const struct iommu_fwspec *fwspec)
{
	u16 mask_ok = smmu->smrs ? smmu->smr_mask_mask : 0;
	unsigned int n;

	for (n = 0; n < fwspec->num_ids; n++) {
		u32 fwid = fwspec->ids[n];

		if (arm_smmu_fwid_sid(fwid) & ~smmu->streamid_mask ||
		    arm_smmu_fwid_mask(fwid) & ~mask_ok) {
			dev_err(dev, "stream %#x mask %#x: the SMMU matches IDs %#x with masks %#x\n",
				arm_smmu_fwid_sid(fwid), arm_smmu_fwid_mask(fwid),
				smmu->streamid_mask, mask_ok);
			return -EINVAL;
		}
	}
	return 0;
}

static struct iommu_device *arm_smmu_add_master(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct arm_smmu_master_cfg *mc;
	struct arm_smmu_device *smmu;
	int i, ret;

	if (!fwspec)
		return ERR_PTR(-ENODEV);
	/* NULL unless the fwnode is one of ours */
	smmu = arm_smmu_find(fwspec->iommu_fwnode);
	if (!smmu)
		return ERR_PTR(-ENODEV);
	ret = arm_smmu_check_ids(smmu, dev, fwspec);
	if (ret)
		return ERR_PTR(ret);

	mc = kzalloc(struct_size(mc, smendx, fwspec->num_ids), GFP_KERNEL);
	if (!mc)
		return ERR_PTR(-ENOMEM);
	mc->smmu = smmu;
	for (i = 0; i < fwspec->num_ids; i++)
		mc->smendx[i] = INVALID_SMENDX;
	dev_iommu_priv_set(dev, mc);

	ret = arm_smmu_rpm_get(smmu);
	if (ret)
		goto out_free_cfg;
	ret = arm_smmu_master_claim(dev);
	arm_smmu_rpm_put(smmu);
	if (ret)
		goto out_free_cfg;

	/* the master's runtime PM keeps its SMMU powered */
	device_link_add(dev, smmu->dev,
			DL_FLAG_PM_RUNTIME | DL_FLAG_AUTOREMOVE_SUPPLIER);
	return &smmu->iommu;

out_free_cfg:
	dev_iommu_priv_set(dev, NULL);
	kfree(mc);
	return ERR_PTR(ret);
}

static void arm_smmu_remove_master(struct device *dev)
{
	struct arm_smmu_master_cfg *mc = dev_iommu_priv_get(dev);
	bool powered = !arm_smmu_rpm_get(mc->smmu);

	/* the core attached the release (blocked) domain already */
	arm_smmu_master_unclaim(dev, powered);
	if (powered)
		arm_smmu_rpm_put(mc->smmu);
	dev_iommu_priv_set(dev, NULL);
	kfree(mc);
}

static void arm_smmu_master_ready(struct device *dev)
{
	struct arm_smmu_master_cfg *mc = dev_iommu_priv_get(dev);
	const struct arm_smmu_impl *impl = mc->smmu->impl;

	if (impl && impl->probe_finalize)
		impl->probe_finalize(mc->smmu, dev);
}

static int arm_smmu_master_default_type(struct device *dev)
{
	struct arm_smmu_master_cfg *mc = dev_iommu_priv_get(dev);
	const struct arm_smmu_impl *impl = mc ? mc->smmu->impl : NULL;

	if (impl && impl->def_domain_type)
		return impl->def_domain_type(dev);
	return 0;
}

static void arm_smmu_master_resv(struct device *dev, struct list_head *head)
{
	struct iommu_resv_region *region;

	region = iommu_alloc_resv_region(ARM_SMMU_SW_MSI_BASE,
					 ARM_SMMU_SW_MSI_SIZE,
					 IOMMU_WRITE | IOMMU_NOEXEC | IOMMU_MMIO,
					 IOMMU_RESV_SW_MSI, GFP_KERNEL);
	if (region)
		list_add_tail(&region->list, head);
	iommu_dma_get_resv_regions(dev, head);
}

const struct iommu_ops arm_smmu_iommu_ops = {
	.identity_domain	= &arm_smmu_domain_identity,
	.blocked_domain		= &arm_smmu_domain_blocked,
	.release_domain		= &arm_smmu_domain_blocked,
	.domain_alloc_paging	= arm_smmu_paging_alloc,
	.probe_device		= arm_smmu_add_master,
	.release_device		= arm_smmu_remove_master,
	.probe_finalize		= arm_smmu_master_ready,
	.device_group		= arm_smmu_master_group,
	.of_xlate		= arm_smmu_xlate_stream,
	.def_domain_type	= arm_smmu_master_default_type,
	.get_resv_regions	= arm_smmu_master_resv,
	.owner			= THIS_MODULE,
};
