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
 *   arm_smmu_rpm_get()/_put()   runtime PM around register access
 *   arm_smmu_decode_idr()       pure: ID registers to features and sizes
 *   arm_smmu_hw_reset()         global state from the copies
 *   arm_smmu_id_probe()         read IDs, allocate the copies
 *   arm_smmu_find()             SMMU of a master's fwnode
 *   platform driver             probe, remove, shutdown, module entry
 * (iommu_ops: arm-smmu-master.c; PM callbacks: arm-smmu-pm.c)
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

#include "arm-smmu.h"

/* Runtime autosuspend delay: long enough to cover a burst of unmaps. */
#define ARM_SMMU_AUTOSUSPEND_MS		20

static struct platform_driver arm_smmu_pdrv;

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

/*
 * One-bit capabilities: which IDR (0..2), which bit, which feature.  The
 * IDR2 bits are reserved as zero on SMMUv1, so reading them there is
 * harmless.
 */
static const struct {
	u8	idr;
	u32	bit;
	u32	feature;
} arm_smmu_id_bits[] = {
	{ 0, ARM_SMMU_ID0_S1TS,		ARM_SMMU_FEAT_TRANS_S1 },
	{ 0, ARM_SMMU_ID0_S2TS,		ARM_SMMU_FEAT_TRANS_S2 },
	{ 0, ARM_SMMU_ID0_CTTW,		ARM_SMMU_FEAT_COHERENT_WALK },
	{ 0, ARM_SMMU_ID0_SMS,		ARM_SMMU_FEAT_STREAM_MATCH },
	{ 2, ARM_SMMU_ID2_PTFS_4K,	ARM_SMMU_FEAT_FMT_AARCH64_4K },
	{ 2, ARM_SMMU_ID2_PTFS_16K,	ARM_SMMU_FEAT_FMT_AARCH64_16K },
	{ 2, ARM_SMMU_ID2_PTFS_64K,	ARM_SMMU_FEAT_FMT_AARCH64_64K },
	{ 2, ARM_SMMU_ID2_VMID16,	ARM_SMMU_FEAT_VMID16 },
};

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
	const u32 stages = ARM_SMMU_FEAT_TRANS_S1 | ARM_SMMU_FEAT_TRANS_S2;
	bool v2 = smmu->version == ARM_SMMU_V2;
	unsigned int i, sid_bits, ubs;
	u32 feat = 0;

	for (i = 0; i < ARRAY_SIZE(arm_smmu_id_bits); i++)
		if (id[arm_smmu_id_bits[i].idr] & arm_smmu_id_bits[i].bit)
			feat |= arm_smmu_id_bits[i].feature;
	if ((feat & stages) == stages && (id[0] & ARM_SMMU_ID0_NTS))
		feat |= ARM_SMMU_FEAT_TRANS_NESTED;
	/* address translation operations: stage 1 only, ATOSNS clear */
	if ((feat & ARM_SMMU_FEAT_TRANS_S1) && !(id[0] & ARM_SMMU_ID0_ATOSNS))
		feat |= ARM_SMMU_FEAT_TRANS_OPS;
	/* SMMUv1 always walks LPAE; v2 may lack either AArch32 format */
	if (!v2 || !(id[0] & ARM_SMMU_ID0_PTFS_NO_AARCH32)) {
		feat |= ARM_SMMU_FEAT_FMT_AARCH32_L;
		if (!(id[0] & ARM_SMMU_ID0_PTFS_NO_AARCH32S))
			feat |= ARM_SMMU_FEAT_FMT_AARCH32_S;
	}

	sid_bits = FIELD_GET(ARM_SMMU_ID0_NUMSIDB, id[0]);
	if (v2 && (id[0] & ARM_SMMU_ID0_EXIDS)) {
		feat |= ARM_SMMU_FEAT_EXIDS;
		sid_bits = 16;
	}
	smmu->streamid_mask = BIT(sid_bits) - 1;
	smmu->num_mapping_groups = feat & ARM_SMMU_FEAT_STREAM_MATCH ?
				   FIELD_GET(ARM_SMMU_ID0_NUMSMRG, id[0]) :
				   BIT(sid_bits);

	smmu->pgshift = id[1] & ARM_SMMU_ID1_PAGESIZE ? 16 : 12;
	smmu->numpage = 2U << FIELD_GET(ARM_SMMU_ID1_NUMPAGENDXB, id[1]);
	smmu->num_context_banks = min_t(u32, ARM_SMMU_MAX_CBS,
					FIELD_GET(ARM_SMMU_ID1_NUMCB, id[1]));
	smmu->num_s2_context_banks = FIELD_GET(ARM_SMMU_ID1_NUMS2CB, id[1]);
	if (FIELD_GET(ARM_SMMU_ID1_NUMS2CB, id[1]) >
	    FIELD_GET(ARM_SMMU_ID1_NUMCB, id[1]))
		return -ENODEV;
	smmu->num_s2_context_banks = min(smmu->num_s2_context_banks,
					 smmu->num_context_banks);
	/* stage 1 needs a bank that is not stage 2 only */
	if (smmu->num_s2_context_banks == smmu->num_context_banks)
		feat &= ~ARM_SMMU_FEAT_TRANS_S1;

	smmu->ipa_size = io_pgtable_arm_pa_bits(FIELD_GET(ARM_SMMU_ID2_IAS, id[2]));
	smmu->pa_size = io_pgtable_arm_pa_bits(FIELD_GET(ARM_SMMU_ID2_OAS, id[2]));
	ubs = min_t(unsigned int, FIELD_GET(ARM_SMMU_ID2_UBS, id[2]),
		    ARM_SMMU_ID2_UBS_MAX);
	/* SMMUv1 has no UBS: its stage 1 input is as wide as its IPA */
	smmu->va_size = v2 ? io_pgtable_arm_pa_bits(ubs) : smmu->ipa_size;

	smmu->features = feat;
	if (!(feat & stages) || !smmu->num_context_banks ||
	    !smmu->num_mapping_groups || !smmu->ipa_size || !smmu->pa_size)
		return -ENODEV;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(arm_smmu_decode_idr);

/**
 * arm_smmu_hw_reset() - write the whole SMMU from the software copies
 * @smmu: the SMMU, powered
 *
 * Translation is turned on as well:
 * streams no entry matches fault, TLB maintenance is ours alone (PTM: the
 * CPUs' broadcast invalidations do not apply), VMIDs are private.
 *
 * Context: probe, or resume with no master running.
 * Return: 0, a vendor reset's error, or -ETIMEDOUT from the TLB sync.
 */
int arm_smmu_hw_reset(struct arm_smmu_device *smmu)
{
	u32 scr0;
	int i, ret;

	arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_SGFSR,
			   arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_SGFSR));

	for (i = 0; i < smmu->num_mapping_groups; i++)
		arm_smmu_sme_commit(smmu, i);
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

	scr0 = arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_SCR0);
	scr0 &= ~(ARM_SMMU_SCR0_CLIENTPD | ARM_SMMU_SCR0_FB |
		  ARM_SMMU_SCR0_BSU | ARM_SMMU_SCR0_EXIDENABLE |
		  ARM_SMMU_SCR0_VMID16EN);
	scr0 |= ARM_SMMU_SCR0_GFRE | ARM_SMMU_SCR0_GFIE |
		ARM_SMMU_SCR0_GCFGFRE | ARM_SMMU_SCR0_GCFGFIE |
		ARM_SMMU_SCR0_USFCFG | ARM_SMMU_SCR0_VMIDPNE |
		ARM_SMMU_SCR0_PTM;
	if (smmu->features & ARM_SMMU_FEAT_EXIDS)
		scr0 |= ARM_SMMU_SCR0_EXIDENABLE;
	if (smmu->features & ARM_SMMU_FEAT_VMID16)
		scr0 |= ARM_SMMU_SCR0_VMID16EN;
	arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_SCR0, scr0);
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

static int arm_smmu_id_probe(struct arm_smmu_device *smmu)
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
	ret = arm_smmu_smr_widths(smmu);
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

/**
 * arm_smmu_find() - the SMMU a firmware node describes
 * @fwnode: from a master's fwspec
 *
 * Context: process context.
 * Return: the SMMU, or NULL when @fwnode is not one of ours (or not
 * probed yet).
 */
struct arm_smmu_device *arm_smmu_find(struct fwnode_handle *fwnode)
{
	struct device *dev;

	dev = driver_find_device_by_fwnode(&arm_smmu_pdrv.driver, fwnode);
	put_device(dev);	/* the SMMU outlives its masters' probes */
	return dev ? dev_get_drvdata(dev) : NULL;
}

/* ---- platform driver -------------------------------------------------- */

/* What a compatible string tells beyond the ID registers. */
struct arm_smmu_variant {
	enum arm_smmu_arch_version	arch;
	enum arm_smmu_implementation	vendor;
};

static const struct arm_smmu_variant arm_smmu_v1_data = {
	ARM_SMMU_V1, GENERIC_SMMU
};

static const struct arm_smmu_variant arm_smmu_v2_data = {
	ARM_SMMU_V2, GENERIC_SMMU
};

static const struct arm_smmu_variant arm_mmu401_data = {
	ARM_SMMU_V1_64K, GENERIC_SMMU
};

static const struct arm_smmu_variant arm_mmu500_data = {
	ARM_SMMU_V2, ARM_MMU500
};

static const struct arm_smmu_variant cavium_smmu_data = {
	ARM_SMMU_V2, CAVIUM_SMMUV2
};

static const struct arm_smmu_variant qcom_smmu_data = {
	ARM_SMMU_V2, QCOM_SMMUV2
};

static const struct of_device_id arm_smmu_dt_ids[] = {
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
MODULE_DEVICE_TABLE(of, arm_smmu_dt_ids);

static int arm_smmu_dt_parse(struct arm_smmu_device *smmu)
{
	const struct arm_smmu_variant *data;
	struct device *dev = smmu->dev;
	u32 global;

	if (of_property_present(dev->of_node, "mmu-masters"))
		return dev_err_probe(dev, -ENODEV,
				     "the legacy \"mmu-masters\" binding is not supported; describe masters with \"iommus\"\n");
	if (of_property_read_u32(dev->of_node, "#global-interrupts", &global))
		return dev_err_probe(dev, -ENODEV,
				     "no #global-interrupts property\n");
	data = of_device_get_match_data(dev);
	smmu->version = data->arch;
	smmu->model = data->vendor;
	smmu->num_global_irqs = global;
	return 0;
}

static int arm_smmu_context_irqs(struct platform_device *pdev,
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

static int arm_smmu_global_irqs(struct platform_device *pdev,
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

static int arm_smmu_platform_probe(struct platform_device *pdev)
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

	ret = arm_smmu_dt_parse(smmu);
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

	ret = arm_smmu_context_irqs(pdev, smmu);
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

	ret = arm_smmu_id_probe(smmu);
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

	ret = arm_smmu_global_irqs(pdev, smmu);
	if (ret)
		return ret;

	platform_set_drvdata(pdev, smmu);
	ret = arm_smmu_hw_reset(smmu);
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

	ret = iommu_device_register(&smmu->iommu, &arm_smmu_iommu_ops, dev);
	if (ret) {
		if (pm_runtime_enabled(dev))
			pm_runtime_disable(dev);
		iommu_device_sysfs_remove(&smmu->iommu);
		return dev_err_probe(dev, ret, "registering with the core\n");
	}
	return 0;
}

/* Leave the SMMU passing traffic through, as firmware would hand it over. */
static void arm_smmu_platform_shutdown(struct platform_device *pdev)
{
	struct arm_smmu_device *smmu = platform_get_drvdata(pdev);

	if (!smmu || arm_smmu_rpm_get(smmu))
		return;
	arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_SCR0, ARM_SMMU_SCR0_CLIENTPD);
	arm_smmu_rpm_put(smmu);
}

static void arm_smmu_platform_remove(struct platform_device *pdev)
{
	struct arm_smmu_device *smmu = platform_get_drvdata(pdev);

	iommu_device_unregister(&smmu->iommu);
	iommu_device_sysfs_remove(&smmu->iommu);
	arm_smmu_platform_shutdown(pdev);
	if (pm_runtime_enabled(smmu->dev))
		pm_runtime_disable(smmu->dev);
}

static struct platform_driver arm_smmu_pdrv = {
	.driver	= {
		.name			= "arm-smmu",
		.of_match_table		= arm_smmu_dt_ids,
		.pm			= &arm_smmu_power_ops,
		.suppress_bind_attrs	= true,
	},
	.probe		= arm_smmu_platform_probe,
	.remove		= arm_smmu_platform_remove,
	.shutdown	= arm_smmu_platform_shutdown,
};

static int __init arm_smmu_module_init(void)
{
	int ret = platform_driver_register(&arm_smmu_pdrv);

	if (ret)
		return ret;
	ret = arm_smmu_impl_module_init();
	if (ret)
		platform_driver_unregister(&arm_smmu_pdrv);
	return ret;
}
module_init(arm_smmu_module_init);

static void __exit arm_smmu_module_exit(void)
{
	arm_smmu_impl_module_exit();
	platform_driver_unregister(&arm_smmu_pdrv);
}
module_exit(arm_smmu_module_exit);

MODULE_DESCRIPTION("IOMMU driver for Arm SMMUv1 and SMMUv2");
MODULE_ALIAS("platform:arm-smmu");
MODULE_LICENSE("GPL");
