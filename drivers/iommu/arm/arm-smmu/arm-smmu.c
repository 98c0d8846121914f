// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arm SMMUv1/v2 (MMU-400, MMU-401, MMU-500 and vendor variants): probe,
 * global reset, the IOMMU core's entry points, power management.
 *
 * The SMMU is described by its ID registers; the compatible string adds
 * only the architecture revision and the implementation (for the vendor
 * hooks).  Masters are bound through the generic "iommus" and "iommu-map"
 * properties; the legacy "mmu-masters" property is refused (see
 * Documentation/iommu-dma/smmu-v2.rst for why).
 *
 * Every piece of state the hardware holds has a software copy (SMRs,
 * S2CRs, context banks), so reset, runtime resume and system resume all
 * rewrite the SMMU from the copies with the same function.
 *
 * File map:
 *   arm_smmu_decode_idr()     pure: ID registers to features and sizes
 *   arm_smmu_device_reset()   global state from the copies
 *   arm_smmu_cfg_probe()      read IDs, allocate the copies
 *   master callbacks          of_xlate, probe/release, group, finalize
 *   platform driver           probe, remove, shutdown, PM, module entry
 */
#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/io-pgtable-domain.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/platform_device.h>
#include <linux/pm_runtime.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <kunit/visibility.h>

#include "../../dma-iommu.h"
#include "arm-smmu.h"

/*
 * Where software MSIs are mapped for masters behind the SMMU: an IOVA
 * window the DMA layer keeps out of its allocations.
 */
#define ARM_SMMU_SW_MSI_BASE		0x8000000
#define ARM_SMMU_SW_MSI_SIZE		SZ_1M

/* Runtime autosuspend delay: long enough to cover a burst of unmaps. */
#define ARM_SMMU_AUTOSUSPEND_MS		20

static const struct iommu_ops arm_smmu_ops;
static struct platform_driver arm_smmu_driver;

/**
 * arm_smmu_rpm_get() - power the SMMU up for register access
 * @smmu: the SMMU
 *
 * Context: process context.
 * Return: 0, or the runtime PM error.
 */
int arm_smmu_rpm_get(struct arm_smmu_device *smmu)
{
	if (!pm_runtime_enabled(smmu->dev))
		return 0;
	return pm_runtime_resume_and_get(smmu->dev);
}

/**
 * arm_smmu_rpm_put() - drop what arm_smmu_rpm_get() took
 * @smmu: the SMMU
 *
 * Context: any.
 */
void arm_smmu_rpm_put(struct arm_smmu_device *smmu)
{
	if (!pm_runtime_enabled(smmu->dev))
		return;
	pm_runtime_mark_last_busy(smmu->dev);
	pm_runtime_put_autosuspend(smmu->dev);
}

/**
 * arm_smmu_decode_idr() - what IDR0..IDR2 say, into @smmu
 * @smmu: its version set; features, page geometry, bank, stream and
 *	address sizes are filled in
 * @id: IDR0, IDR1 and IDR2
 *
 * Every ID field the driver uses is decoded here and nowhere else.
 *
 * Context: pure.
 * Return: 0, or -ENODEV when the registers describe no usable SMMU.
 */
VISIBLE_IF_KUNIT int arm_smmu_decode_idr(struct arm_smmu_device *smmu,
					 const u32 id[3])
{
	bool v2 = smmu->version == ARM_SMMU_V2;
	unsigned int sid_bits, ubs;

	smmu->features = 0;
	if (id[0] & ARM_SMMU_ID0_S1TS)
		smmu->features |= ARM_SMMU_FEAT_TRANS_S1;
	if (id[0] & ARM_SMMU_ID0_S2TS)
		smmu->features |= ARM_SMMU_FEAT_TRANS_S2;
	if ((id[0] & ARM_SMMU_ID0_NTS) &&
	    (id[0] & ARM_SMMU_ID0_S1TS) && (id[0] & ARM_SMMU_ID0_S2TS))
		smmu->features |= ARM_SMMU_FEAT_TRANS_NESTED;
	if (!(smmu->features & (ARM_SMMU_FEAT_TRANS_S1 | ARM_SMMU_FEAT_TRANS_S2)))
		return -ENODEV;
	if ((id[0] & ARM_SMMU_ID0_S1TS) && !(id[0] & ARM_SMMU_ID0_ATOSNS))
		smmu->features |= ARM_SMMU_FEAT_TRANS_OPS;
	if (id[0] & ARM_SMMU_ID0_CTTW)
		smmu->features |= ARM_SMMU_FEAT_COHERENT_WALK;

	sid_bits = FIELD_GET(ARM_SMMU_ID0_NUMSIDB, id[0]);
	if (v2 && (id[0] & ARM_SMMU_ID0_EXIDS)) {
		smmu->features |= ARM_SMMU_FEAT_EXIDS;
		sid_bits = 16;
	}
	smmu->streamid_mask = (1U << sid_bits) - 1;
	if (id[0] & ARM_SMMU_ID0_SMS) {
		smmu->features |= ARM_SMMU_FEAT_STREAM_MATCH;
		smmu->num_mapping_groups = FIELD_GET(ARM_SMMU_ID0_NUMSMRG, id[0]);
		if (!smmu->num_mapping_groups)
			return -ENODEV;
	} else {
		smmu->num_mapping_groups = 1U << sid_bits;
	}

	/* SMMUv1 always walks LPAE; v2 may lack either AArch32 format */
	if (!v2 || !(id[0] & ARM_SMMU_ID0_PTFS_NO_AARCH32)) {
		smmu->features |= ARM_SMMU_FEAT_FMT_AARCH32_L;
		if (!(id[0] & ARM_SMMU_ID0_PTFS_NO_AARCH32S))
			smmu->features |= ARM_SMMU_FEAT_FMT_AARCH32_S;
	}

	smmu->pgshift = id[1] & ARM_SMMU_ID1_PAGESIZE ? 16 : 12;
	smmu->numpage = 1U << (FIELD_GET(ARM_SMMU_ID1_NUMPAGENDXB, id[1]) + 1);
	smmu->num_context_banks = FIELD_GET(ARM_SMMU_ID1_NUMCB, id[1]);
	smmu->num_s2_context_banks = FIELD_GET(ARM_SMMU_ID1_NUMS2CB, id[1]);
	if (!smmu->num_context_banks ||
	    smmu->num_s2_context_banks > smmu->num_context_banks)
		return -ENODEV;
	smmu->num_context_banks = min_t(u32, smmu->num_context_banks,
					ARM_SMMU_MAX_CBS);
	smmu->num_s2_context_banks = min(smmu->num_s2_context_banks,
					 smmu->num_context_banks);
	/* stage 1 only needs a bank that is not stage 2 only */
	if (smmu->num_s2_context_banks == smmu->num_context_banks)
		smmu->features &= ~ARM_SMMU_FEAT_TRANS_S1;
	if (!(smmu->features & (ARM_SMMU_FEAT_TRANS_S1 | ARM_SMMU_FEAT_TRANS_S2)))
		return -ENODEV;

	smmu->ipa_size = io_pgtable_arm_pa_bits(FIELD_GET(ARM_SMMU_ID2_IAS, id[2]));
	smmu->pa_size = io_pgtable_arm_pa_bits(FIELD_GET(ARM_SMMU_ID2_OAS, id[2]));
	if (!smmu->ipa_size || !smmu->pa_size)
		return -ENODEV;
	if (!v2) {
		smmu->va_size = smmu->ipa_size;
		return 0;
	}
	ubs = min_t(unsigned int, FIELD_GET(ARM_SMMU_ID2_UBS, id[2]),
		    ARM_SMMU_ID2_UBS_MAX);
	smmu->va_size = io_pgtable_arm_pa_bits(ubs);
	if (id[2] & ARM_SMMU_ID2_PTFS_4K)
		smmu->features |= ARM_SMMU_FEAT_FMT_AARCH64_4K;
	if (id[2] & ARM_SMMU_ID2_PTFS_16K)
		smmu->features |= ARM_SMMU_FEAT_FMT_AARCH64_16K;
	if (id[2] & ARM_SMMU_ID2_PTFS_64K)
		smmu->features |= ARM_SMMU_FEAT_FMT_AARCH64_64K;
	if (id[2] & ARM_SMMU_ID2_VMID16)
		smmu->features |= ARM_SMMU_FEAT_VMID16;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(arm_smmu_decode_idr);

/*
 * Write the whole SMMU from the software copies and turn translation on:
 * streams no entry matches fault, TLB maintenance is ours alone (PTM: the
 * CPUs' broadcast invalidations do not apply), VMIDs are private.
 */
static int arm_smmu_device_reset(struct arm_smmu_device *smmu)
{
	u32 scr0;
	int i, ret;

	arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_sGFSR,
			   arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_sGFSR));

	for (i = 0; i < smmu->num_mapping_groups; i++)
		arm_smmu_write_sme(smmu, i);
	for (i = 0; i < smmu->num_context_banks; i++) {
		arm_smmu_write_context_bank(smmu, i);
		arm_smmu_cb_write(smmu, i, ARM_SMMU_CB_FSR,
				  ARM_SMMU_CB_FSR_FAULT);
	}

	arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_TLBIALLH, 0);
	arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_TLBIALLNSNH, 0);

	if (smmu->impl && smmu->impl->reset) {
		ret = smmu->impl->reset(smmu);
		if (ret)
			return ret;
	}

	ret = arm_smmu_tlb_sync_global(smmu);
	if (ret)
		return ret;

	scr0 = arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_sCR0);
	scr0 &= ~(ARM_SMMU_sCR0_CLIENTPD | ARM_SMMU_sCR0_FB |
		  ARM_SMMU_sCR0_BSU | ARM_SMMU_sCR0_EXIDENABLE |
		  ARM_SMMU_sCR0_VMID16EN);
	scr0 |= ARM_SMMU_sCR0_GFRE | ARM_SMMU_sCR0_GFIE |
		ARM_SMMU_sCR0_GCFGFRE | ARM_SMMU_sCR0_GCFGFIE |
		ARM_SMMU_sCR0_USFCFG | ARM_SMMU_sCR0_VMIDPNE |
		ARM_SMMU_sCR0_PTM;
	if (smmu->features & ARM_SMMU_FEAT_EXIDS)
		scr0 |= ARM_SMMU_sCR0_EXIDENABLE;
	if (smmu->features & ARM_SMMU_FEAT_VMID16)
		scr0 |= ARM_SMMU_sCR0_VMID16EN;
	arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_sCR0, scr0);
	return 0;
}

static const char *arm_smmu_fmt_names(u32 features, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s",
		 features & ARM_SMMU_FEAT_FMT_AARCH64_4K ? " AArch64-4K" : "",
		 features & ARM_SMMU_FEAT_FMT_AARCH64_16K ? " AArch64-16K" : "",
		 features & ARM_SMMU_FEAT_FMT_AARCH64_64K ? " AArch64-64K" : "",
		 features & ARM_SMMU_FEAT_FMT_AARCH32_L ? " AArch32-LPAE" : "",
		 features & ARM_SMMU_FEAT_FMT_AARCH32_S ? " v7s" : "");
	return buf;
}

static int arm_smmu_alloc_copies(struct arm_smmu_device *smmu)
{
	struct device *dev = smmu->dev;
	int i;

	if (smmu->features & ARM_SMMU_FEAT_STREAM_MATCH) {
		smmu->smrs = devm_kcalloc(dev, smmu->num_mapping_groups,
					  sizeof(*smmu->smrs), GFP_KERNEL);
		if (!smmu->smrs)
			return -ENOMEM;
	}
	smmu->s2crs = devm_kcalloc(dev, smmu->num_mapping_groups,
				   sizeof(*smmu->s2crs), GFP_KERNEL);
	if (!smmu->s2crs)
		return -ENOMEM;
	for (i = 0; i < smmu->num_mapping_groups; i++)
		smmu->s2crs[i].type = S2CR_TYPE_FAULT;
	return 0;
}

static int arm_smmu_cfg_probe(struct arm_smmu_device *smmu)
{
	u32 id[3], major;
	char fmts[64];
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(id); i++)
		id[i] = arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_ID0 + 4 * i);
	ret = arm_smmu_decode_idr(smmu, id);
	if (ret)
		return dev_err_probe(smmu->dev, ret,
				     "ID registers describe no usable SMMU (%#x %#x %#x)\n",
				     id[0], id[1], id[2]);
	if ((resource_size_t)(2 * smmu->numpage) << smmu->pgshift >
	    smmu->mmio_size)
		return dev_err_probe(smmu->dev, -ENODEV,
				     "register map of %pa bytes is smaller than IDR1 says\n",
				     &smmu->mmio_size);

	/* firmware, not IDR0.CTTW, knows whether the interconnect snoops */
	if (of_dma_is_coherent(smmu->dev->of_node))
		smmu->features |= ARM_SMMU_FEAT_COHERENT_WALK;
	else
		smmu->features &= ~ARM_SMMU_FEAT_COHERENT_WALK;

	ret = arm_smmu_alloc_copies(smmu);
	if (ret)
		return ret;
	if (smmu->impl && smmu->impl->cfg_probe) {
		ret = smmu->impl->cfg_probe(smmu);
		if (ret)
			return ret;
	}
	smmu->cbs = devm_kcalloc(smmu->dev, smmu->num_context_banks,
				 sizeof(*smmu->cbs), GFP_KERNEL);
	if (!smmu->cbs)
		return -ENOMEM;
	ret = arm_smmu_streams_probe(smmu);
	if (ret)
		return ret;

	smmu->pgsize_bitmap =
		arm_smmu_fmt_pgsizes(smmu->features, ARM_SMMU_CTX_FMT_AARCH64) |
		arm_smmu_fmt_pgsizes(smmu->features, ARM_SMMU_CTX_FMT_AARCH32_L);
	if (smmu->features & ARM_SMMU_FEAT_FMT_AARCH32_S)
		smmu->pgsize_bitmap |= arm_smmu_fmt_pgsizes(smmu->features,
							    ARM_SMMU_CTX_FMT_AARCH32_S);

	major = FIELD_GET(ARM_SMMU_ID7_MAJOR,
			  arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_ID7));
	dev_info(smmu->dev,
		 "SMMUv%d (r%u): %u %s, stream IDs %#x mask %#x, %u context banks (%u stage 2 only), stage%s%s%s, formats%s, VA %lu IPA %lu PA %lu bits%s\n",
		 smmu->version == ARM_SMMU_V2 ? 2 : 1, major,
		 smmu->num_mapping_groups,
		 smmu->smrs ? "stream match entries" : "indexed streams",
		 smmu->streamid_mask, smmu->smr_mask_mask,
		 smmu->num_context_banks, smmu->num_s2_context_banks,
		 smmu->features & ARM_SMMU_FEAT_TRANS_S1 ? " 1" : "",
		 smmu->features & ARM_SMMU_FEAT_TRANS_S2 ? " 2" : "",
		 smmu->features & ARM_SMMU_FEAT_TRANS_NESTED ? " nested" : "",
		 arm_smmu_fmt_names(smmu->features, fmts, sizeof(fmts)),
		 smmu->va_size, smmu->ipa_size, smmu->pa_size,
		 smmu->features & ARM_SMMU_FEAT_EXIDS ? ", extended IDs" : "");
	return 0;
}

/* ---- masters ---------------------------------------------------------- */

/*
 * A master's stream as an SMR would hold it: ID in bits 15:0, mask in
 * 31:16.  With one cell the cell may carry both; the SMMU's
 * "stream-match-mask" adds mask bits to every one-cell specifier.
 */
static int arm_smmu_of_xlate(struct device *dev,
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

static struct arm_smmu_device *arm_smmu_by_fwnode(struct fwnode_handle *fwnode)
{
	struct device *dev;

	dev = driver_find_device_by_fwnode(&arm_smmu_driver.driver, fwnode);
	put_device(dev);	/* the SMMU outlives its masters' probes */
	return dev ? dev_get_drvdata(dev) : NULL;
}

static int arm_smmu_check_ids(struct arm_smmu_device *smmu, struct device *dev,
			      const struct iommu_fwspec *fwspec)
{
	unsigned int i;

	for (i = 0; i < fwspec->num_ids; i++) {
		u16 sid = FIELD_GET(ARM_SMMU_SMR_ID, fwspec->ids[i]);
		u16 mask = FIELD_GET(ARM_SMMU_SMR_MASK, fwspec->ids[i]);

		if (sid & ~smmu->streamid_mask) {
			dev_err(dev, "stream %#x beyond the SMMU's %#x\n", sid,
				smmu->streamid_mask);
			return -EINVAL;
		}
		if (mask & ~(smmu->smrs ? smmu->smr_mask_mask : 0)) {
			dev_err(dev, "stream %#x: mask %#x beyond the SMMU's %#x\n",
				sid, mask, smmu->smrs ? smmu->smr_mask_mask : 0);
			return -EINVAL;
		}
	}
	return 0;
}

static struct iommu_device *arm_smmu_probe_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct arm_smmu_master_cfg *cfg;
	struct arm_smmu_device *smmu;
	int i, ret;

	if (!fwspec)
		return ERR_PTR(-ENODEV);
	/* NULL unless the fwnode is one of ours */
	smmu = arm_smmu_by_fwnode(fwspec->iommu_fwnode);
	if (!smmu)
		return ERR_PTR(-ENODEV);
	ret = arm_smmu_check_ids(smmu, dev, fwspec);
	if (ret)
		return ERR_PTR(ret);

	cfg = kzalloc(struct_size(cfg, smendx, fwspec->num_ids), GFP_KERNEL);
	if (!cfg)
		return ERR_PTR(-ENOMEM);
	cfg->smmu = smmu;
	for (i = 0; i < fwspec->num_ids; i++)
		cfg->smendx[i] = INVALID_SMENDX;
	dev_iommu_priv_set(dev, cfg);

	ret = arm_smmu_rpm_get(smmu);
	if (ret)
		goto out_free_cfg;
	ret = arm_smmu_master_alloc_smes(dev);
	arm_smmu_rpm_put(smmu);
	if (ret)
		goto out_free_cfg;

	/* the master's runtime PM keeps its SMMU powered */
	device_link_add(dev, smmu->dev,
			DL_FLAG_PM_RUNTIME | DL_FLAG_AUTOREMOVE_SUPPLIER);
	return &smmu->iommu;

out_free_cfg:
	dev_iommu_priv_set(dev, NULL);
	kfree(cfg);
	return ERR_PTR(ret);
}

static void arm_smmu_release_device(struct device *dev)
{
	struct arm_smmu_master_cfg *cfg = dev_iommu_priv_get(dev);
	int powered = arm_smmu_rpm_get(cfg->smmu);

	/* the core attached the release (blocked) domain already */
	arm_smmu_master_free_smes(dev);
	if (!powered)
		arm_smmu_rpm_put(cfg->smmu);
	dev_iommu_priv_set(dev, NULL);
	kfree(cfg);
}

static void arm_smmu_probe_finalize(struct device *dev)
{
	struct arm_smmu_master_cfg *cfg = dev_iommu_priv_get(dev);
	const struct arm_smmu_impl *impl = cfg->smmu->impl;

	if (impl && impl->probe_finalize)
		impl->probe_finalize(cfg->smmu, dev);
}

static int arm_smmu_def_domain_type(struct device *dev)
{
	struct arm_smmu_master_cfg *cfg = dev_iommu_priv_get(dev);
	const struct arm_smmu_impl *impl = cfg ? cfg->smmu->impl : NULL;

	if (impl && impl->def_domain_type)
		return impl->def_domain_type(dev);
	return 0;
}

static void arm_smmu_get_resv_regions(struct device *dev,
				      struct list_head *head)
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

static const struct iommu_ops arm_smmu_ops = {
	.identity_domain	= &arm_smmu_identity_domain,
	.blocked_domain		= &arm_smmu_blocked_domain,
	.release_domain		= &arm_smmu_blocked_domain,
	.domain_alloc_paging	= arm_smmu_domain_alloc_paging,
	.probe_device		= arm_smmu_probe_device,
	.release_device		= arm_smmu_release_device,
	.probe_finalize		= arm_smmu_probe_finalize,
	.device_group		= arm_smmu_device_group,
	.of_xlate		= arm_smmu_of_xlate,
	.def_domain_type	= arm_smmu_def_domain_type,
	.get_resv_regions	= arm_smmu_get_resv_regions,
	.owner			= THIS_MODULE,
};

/* ---- platform driver -------------------------------------------------- */

struct arm_smmu_match_data {
	enum arm_smmu_arch_version	version;
	enum arm_smmu_implementation	model;
};

static const struct arm_smmu_match_data arm_smmu_v1_data = {
	ARM_SMMU_V1, GENERIC_SMMU
};
static const struct arm_smmu_match_data arm_smmu_v2_data = {
	ARM_SMMU_V2, GENERIC_SMMU
};
static const struct arm_smmu_match_data arm_mmu401_data = {
	ARM_SMMU_V1_64K, GENERIC_SMMU
};
static const struct arm_smmu_match_data arm_mmu500_data = {
	ARM_SMMU_V2, ARM_MMU500
};
static const struct arm_smmu_match_data cavium_smmu_data = {
	ARM_SMMU_V2, CAVIUM_SMMUV2
};
static const struct arm_smmu_match_data qcom_smmu_data = {
	ARM_SMMU_V2, QCOM_SMMUV2
};

static const struct of_device_id arm_smmu_of_match[] = {
	{ .compatible = "arm,smmu-v1",		.data = &arm_smmu_v1_data },
	{ .compatible = "arm,mmu-400",		.data = &arm_smmu_v1_data },
	{ .compatible = "arm,mmu-401",		.data = &arm_mmu401_data },
	{ .compatible = "arm,smmu-v2",		.data = &arm_smmu_v2_data },
	{ .compatible = "arm,mmu-500",		.data = &arm_mmu500_data },
	{ .compatible = "nvidia,smmu-500",	.data = &arm_mmu500_data },
	{ .compatible = "cavium,smmu-v2",	.data = &cavium_smmu_data },
	{ .compatible = "qcom,smmu-v2",		.data = &qcom_smmu_data },
	{ },
};
MODULE_DEVICE_TABLE(of, arm_smmu_of_match);

static int arm_smmu_dt_probe(struct arm_smmu_device *smmu)
{
	const struct arm_smmu_match_data *data;
	struct device *dev = smmu->dev;
	u32 global;

	if (of_property_present(dev->of_node, "mmu-masters"))
		return dev_err_probe(dev, -ENODEV,
				     "the legacy \"mmu-masters\" binding is not supported; describe masters with \"iommus\"\n");
	if (of_property_read_u32(dev->of_node, "#global-interrupts", &global))
		return dev_err_probe(dev, -ENODEV,
				     "no #global-interrupts property\n");
	data = of_device_get_match_data(dev);
	smmu->version = data->version;
	smmu->model = data->model;
	smmu->num_global_irqs = global;
	return 0;
}

static int arm_smmu_get_irqs(struct platform_device *pdev,
			     struct arm_smmu_device *smmu)
{
	struct device *dev = smmu->dev;
	int total = platform_irq_count(pdev);
	int i, irq;

	if (total < 0)
		return total;
	smmu->num_context_irqs = total - smmu->num_global_irqs;
	if (smmu->num_context_irqs <= 0)
		return dev_err_probe(dev, -ENODEV,
				     "%d interrupts for %d global ones: no context interrupt\n",
				     total, smmu->num_global_irqs);
	smmu->irqs = devm_kcalloc(dev, smmu->num_context_irqs,
				  sizeof(*smmu->irqs), GFP_KERNEL);
	if (!smmu->irqs)
		return -ENOMEM;
	for (i = 0; i < smmu->num_context_irqs; i++) {
		irq = platform_get_irq(pdev, smmu->num_global_irqs + i);
		if (irq < 0)
			return irq;
		smmu->irqs[i] = irq;
	}
	return 0;
}

static int arm_smmu_request_global_irqs(struct platform_device *pdev,
					struct arm_smmu_device *smmu)
{
	irq_handler_t handler = arm_smmu_global_fault;
	int i, irq, ret;

	if (smmu->impl && smmu->impl->global_fault)
		handler = smmu->impl->global_fault;
	for (i = 0; i < smmu->num_global_irqs; i++) {
		irq = platform_get_irq(pdev, i);
		if (irq < 0)
			return irq;
		ret = devm_request_irq(smmu->dev, irq, handler, IRQF_SHARED,
				       "arm-smmu global fault", smmu);
		if (ret)
			return dev_err_probe(smmu->dev, ret,
					     "global interrupt %d\n", i);
	}
	return 0;
}

static void arm_smmu_clk_release(void *data)
{
	struct arm_smmu_device *smmu = data;

	clk_bulk_disable_unprepare(smmu->num_clks, smmu->clks);
}

static int arm_smmu_device_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct arm_smmu_device *smmu;
	struct resource *res;
	int ret;

	smmu = devm_kzalloc(dev, sizeof(*smmu), GFP_KERNEL);
	if (!smmu)
		return -ENOMEM;
	smmu->dev = dev;
	mutex_init(&smmu->stream_map_mutex);
	spin_lock_init(&smmu->master_lock);
	spin_lock_init(&smmu->global_sync_lock);

	ret = arm_smmu_dt_probe(smmu);
	if (ret)
		return ret;
	smmu->base = devm_platform_get_and_ioremap_resource(pdev, 0, &res);
	if (IS_ERR(smmu->base))
		return PTR_ERR(smmu->base);
	smmu->ioaddr = res->start;
	smmu->mmio_size = resource_size(res);

	/* vendor hooks may move the structure into a larger one of theirs */
	smmu = arm_smmu_impl_init(smmu);
	if (IS_ERR(smmu))
		return PTR_ERR(smmu);

	ret = arm_smmu_get_irqs(pdev, smmu);
	if (ret)
		return ret;

	ret = devm_clk_bulk_get_all(dev, &smmu->clks);
	if (ret < 0)
		return dev_err_probe(dev, ret, "clocks\n");
	smmu->num_clks = ret;
	ret = clk_bulk_prepare_enable(smmu->num_clks, smmu->clks);
	if (ret)
		return ret;
	ret = devm_add_action_or_reset(dev, arm_smmu_clk_release, smmu);
	if (ret)
		return ret;

	ret = arm_smmu_cfg_probe(smmu);
	if (ret)
		return ret;
	if (smmu->version == ARM_SMMU_V2 &&
	    smmu->num_context_irqs < smmu->num_context_banks)
		return dev_err_probe(dev, -ENODEV,
				     "%d context interrupts for %u context banks\n",
				     smmu->num_context_irqs,
				     smmu->num_context_banks);
	if (smmu->features & ARM_SMMU_FEAT_COHERENT_WALK)
		dma_set_mask_and_coherent(dev, DMA_BIT_MASK(smmu->pa_size));

	ret = arm_smmu_request_global_irqs(pdev, smmu);
	if (ret)
		return ret;

	platform_set_drvdata(pdev, smmu);
	ret = arm_smmu_device_reset(smmu);
	if (ret)
		return dev_err_probe(dev, ret, "reset\n");

	ret = iommu_device_sysfs_add(&smmu->iommu, dev, NULL,
				     "smmu.%pa", &smmu->ioaddr);
	if (ret)
		return ret;

	/* runtime PM only where something can power the SMMU down */
	if (dev->pm_domain) {
		pm_runtime_set_active(dev);
		pm_runtime_set_autosuspend_delay(dev, ARM_SMMU_AUTOSUSPEND_MS);
		pm_runtime_use_autosuspend(dev);
		pm_runtime_enable(dev);
	}

	ret = iommu_device_register(&smmu->iommu, &arm_smmu_ops, dev);
	if (ret) {
		if (pm_runtime_enabled(dev))
			pm_runtime_disable(dev);
		iommu_device_sysfs_remove(&smmu->iommu);
		return dev_err_probe(dev, ret, "registering with the core\n");
	}
	return 0;
}

/* Leave the SMMU passing traffic through, as firmware would hand it over. */
static void arm_smmu_device_shutdown(struct platform_device *pdev)
{
	struct arm_smmu_device *smmu = platform_get_drvdata(pdev);

	if (!smmu || arm_smmu_rpm_get(smmu))
		return;
	arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_sCR0, ARM_SMMU_sCR0_CLIENTPD);
	arm_smmu_rpm_put(smmu);
}

static void arm_smmu_device_remove(struct platform_device *pdev)
{
	struct arm_smmu_device *smmu = platform_get_drvdata(pdev);

	iommu_device_unregister(&smmu->iommu);
	iommu_device_sysfs_remove(&smmu->iommu);
	arm_smmu_device_shutdown(pdev);
	if (pm_runtime_enabled(smmu->dev))
		pm_runtime_disable(smmu->dev);
}

static int __maybe_unused arm_smmu_runtime_resume(struct device *dev)
{
	struct arm_smmu_device *smmu = dev_get_drvdata(dev);
	int ret;

	ret = clk_bulk_enable(smmu->num_clks, smmu->clks);
	if (ret)
		return ret;
	ret = arm_smmu_device_reset(smmu);
	if (ret) {
		dev_err(dev, "reset on resume failed: %d\n", ret);
		clk_bulk_disable(smmu->num_clks, smmu->clks);
	}
	return ret;
}

static int __maybe_unused arm_smmu_runtime_suspend(struct device *dev)
{
	struct arm_smmu_device *smmu = dev_get_drvdata(dev);

	clk_bulk_disable(smmu->num_clks, smmu->clks);
	return 0;
}

static int __maybe_unused arm_smmu_pm_resume(struct device *dev)
{
	struct arm_smmu_device *smmu = dev_get_drvdata(dev);
	int ret;

	ret = clk_bulk_prepare(smmu->num_clks, smmu->clks);
	if (ret)
		return ret;
	if (pm_runtime_suspended(dev))
		return 0;
	ret = arm_smmu_runtime_resume(dev);
	if (ret)
		clk_bulk_unprepare(smmu->num_clks, smmu->clks);
	return ret;
}

static int __maybe_unused arm_smmu_pm_suspend(struct device *dev)
{
	struct arm_smmu_device *smmu = dev_get_drvdata(dev);
	int ret = 0;

	if (!pm_runtime_suspended(dev))
		ret = arm_smmu_runtime_suspend(dev);
	if (!ret)
		clk_bulk_unprepare(smmu->num_clks, smmu->clks);
	return ret;
}

static const struct dev_pm_ops arm_smmu_pm_ops = {
	SET_SYSTEM_SLEEP_PM_OPS(arm_smmu_pm_suspend, arm_smmu_pm_resume)
	SET_RUNTIME_PM_OPS(arm_smmu_runtime_suspend, arm_smmu_runtime_resume,
			   NULL)
};

static struct platform_driver arm_smmu_driver = {
	.driver	= {
		.name			= "arm-smmu",
		.of_match_table		= arm_smmu_of_match,
		.pm			= &arm_smmu_pm_ops,
		.suppress_bind_attrs	= true,
	},
	.probe		= arm_smmu_device_probe,
	.remove		= arm_smmu_device_remove,
	.shutdown	= arm_smmu_device_shutdown,
};

static int __init arm_smmu_init(void)
{
	int ret = platform_driver_register(&arm_smmu_driver);

	if (ret)
		return ret;
	ret = arm_smmu_impl_module_init();
	if (ret)
		platform_driver_unregister(&arm_smmu_driver);
	return ret;
}
module_init(arm_smmu_init);

static void __exit arm_smmu_exit(void)
{
	arm_smmu_impl_module_exit();
	platform_driver_unregister(&arm_smmu_driver);
}
module_exit(arm_smmu_exit);

MODULE_DESCRIPTION("IOMMU driver for Arm SMMUv1 and SMMUv2");
MODULE_ALIAS("platform:arm-smmu");
MODULE_LICENSE("GPL");
