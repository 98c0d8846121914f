// SPDX-License-Identifier: GPL-2.0
/*
 * Arm SMMUv3 driver: probe, feature discovery, reset and iommu_ops.
 *
 * The driver binds to "arm,smmu-v3" devicetree nodes and to the
 * "arm-smmu-v3" platform devices that the ACPI IORT code creates.  It
 * reads what the hardware offers from the ID registers, brings the SMMU up
 * with every stream invalid, and registers with the IOMMU core.  Devices
 * are handled only through the core's probe path: probe_device,
 * device_group, and attach of the domains the core chooses.
 */
#include <linux/acpi.h>
#include <linux/bitfield.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/io-pgtable.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "../../dma-iommu.h"
#include "arm-smmu-v3.h"

/* Software MSI window in IOVA space (a reserved region of every device). */
#define SMMU3_MSI_IOVA_BASE		0x8000000
#define SMMU3_MSI_IOVA_SIZE		0x100000

/* Ring sizes we ask for, before the hardware's maxima cap them. */
#define SMMU3_CMDQ_MAX_LOG2		12	/* 4096 commands, 64 KiB */
#define SMMU3_EVTQ_MAX_LOG2		11	/* 2048 events, 64 KiB */

#define SMMU3_ACK_TIMEOUT_US		100000

static const struct iommu_ops smmu3_ops;
static struct platform_driver smmu3_driver;

/* Devices */

static struct smmu3_device *smmu3_from_fwnode(struct fwnode_handle *fwnode)
{
	struct device *dev;
	struct smmu3_device *smmu;

	dev = driver_find_device_by_fwnode(&smmu3_driver.driver, fwnode);
	if (!dev)
		return NULL;
	smmu = dev_get_drvdata(dev);
	put_device(dev);
	return smmu;
}

static void smmu3_forget_sids(struct smmu3_master *master, unsigned int n)
{
	struct smmu3_device *smmu = master->smmu;

	mutex_lock(&smmu->streams_mutex);
	while (n--)
		xa_erase(&smmu->streams, master->sids[n]);
	mutex_unlock(&smmu->streams_mutex);
}

static int smmu3_claim_sids(struct smmu3_master *master)
{
	struct smmu3_device *smmu = master->smmu;
	unsigned int i;
	int ret = 0;

	mutex_lock(&smmu->streams_mutex);
	for (i = 0; i < master->num_sids; i++) {
		u32 sid = master->sids[i];

		ret = smmu3_strtab_prepare_sid(smmu, sid);
		if (ret) {
			dev_err(master->dev, "StreamID %#x unusable (%d)\n",
				sid, ret);
			break;
		}
		ret = xa_insert(&smmu->streams, sid, master, GFP_KERNEL);
		if (ret) {
			dev_err(master->dev, "StreamID %#x already in use\n",
				sid);
			break;
		}
	}
	mutex_unlock(&smmu->streams_mutex);
	if (ret)
		smmu3_forget_sids(master, i);
	return ret;
}

static struct iommu_device *smmu3_probe_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct smmu3_master *master;
	struct smmu3_device *smmu;
	int ret;

	if (!fwspec || !fwspec->num_ids)
		return ERR_PTR(-ENODEV);
	smmu = smmu3_from_fwnode(fwspec->iommu_fwnode);
	if (!smmu)
		return ERR_PTR(-ENODEV);

	master = kzalloc(sizeof(*master), GFP_KERNEL);
	if (!master)
		return ERR_PTR(-ENOMEM);
	master->smmu = smmu;
	master->dev = dev;
	master->num_sids = fwspec->num_ids;
	master->sids = kmemdup(fwspec->ids, sizeof(u32) * fwspec->num_ids,
			       GFP_KERNEL);
	if (!master->sids) {
		ret = -ENOMEM;
		goto out_free_master;
	}
	ret = smmu3_claim_sids(master);
	if (ret)
		goto out_free_sids;

	dev_iommu_priv_set(dev, master);
	return &smmu->iommu;

out_free_sids:
	kfree(master->sids);
out_free_master:
	kfree(master);
	return ERR_PTR(ret);
}

static void smmu3_release_device(struct device *dev)
{
	struct smmu3_master *master = dev_iommu_priv_get(dev);
	u64 ste[STE_QWORDS] = {};
	unsigned int i;

	/* The core attached the blocked domain; now forget the streams. */
	for (i = 0; i < master->num_sids; i++)
		smmu3_write_ste(master->smmu, master->sids[i], ste);
	smmu3_forget_sids(master, master->num_sids);
	smmu3_cdtab_free(master);
	kfree(master->sids);
	kfree(master);
}

static struct iommu_group *smmu3_device_group(struct device *dev)
{
	/* PCI: from the topology (ACS, aliases); otherwise one per device. */
	if (dev_is_pci(dev))
		return pci_device_group(dev);
	return generic_device_group(dev);
}

static int smmu3_of_xlate(struct device *dev,
			  const struct of_phandle_args *args)
{
	/* #iommu-cells = <1>: the cell is the StreamID. */
	if (args->args_count != 1)
		return -EINVAL;
	return iommu_fwspec_add_ids(dev, args->args, 1);
}

static void smmu3_get_resv_regions(struct device *dev, struct list_head *head)
{
	struct iommu_resv_region *region;

	region = iommu_alloc_resv_region(SMMU3_MSI_IOVA_BASE,
					 SMMU3_MSI_IOVA_SIZE,
					 IOMMU_WRITE | IOMMU_NOEXEC | IOMMU_MMIO,
					 IOMMU_RESV_SW_MSI, GFP_KERNEL);
	if (!region)
		return;
	list_add_tail(&region->list, head);
	iommu_dma_get_resv_regions(dev, head);
}

static bool smmu3_capable(struct device *dev, enum iommu_cap cap)
{
	struct smmu3_master *master = dev_iommu_priv_get(dev);

	switch (cap) {
	case IOMMU_CAP_CACHE_COHERENCY:
		return master->smmu->features & SMMU3_FEAT_COHERENT;
	case IOMMU_CAP_NOEXEC:
	case IOMMU_CAP_DEFERRED_FLUSH:
		return true;
	default:
		return false;
	}
}

static const struct iommu_ops smmu3_ops = {
	.capable		= smmu3_capable,
	.identity_domain	= &smmu3_identity_domain,
	.blocked_domain		= &smmu3_blocked_domain,
	.release_domain		= &smmu3_blocked_domain,
	.domain_alloc_paging	= smmu3_domain_alloc_paging,
	.probe_device		= smmu3_probe_device,
	.release_device		= smmu3_release_device,
	.remove_dev_pasid	= smmu3_remove_dev_pasid,
	.device_group		= smmu3_device_group,
	.of_xlate		= smmu3_of_xlate,
	.get_resv_regions	= smmu3_get_resv_regions,
	.pgsize_bitmap		= -1UL,	/* each domain has its own */
	.owner			= THIS_MODULE,
	.default_domain_ops	= &smmu3_paging_ops,
};

/* Feature discovery */

/* IDR5.OAS (§6.3.6); a code this driver does not know is taken as 48 bits. */
static unsigned int smmu3_oas_bits(u32 idr5)
{
	unsigned int bits = io_pgtable_arm_pa_bits(FIELD_GET(SMMU3_IDR5_OAS,
							     idr5));

	return bits ?: 48;
}

static int smmu3_read_idrs(struct smmu3_device *smmu, bool fw_coherent)
{
	u32 idr0 = readl_relaxed(smmu->page0 + SMMU3_IDR0);
	u32 idr1 = readl_relaxed(smmu->page0 + SMMU3_IDR1);
	u32 idr3 = readl_relaxed(smmu->page0 + SMMU3_IDR3);
	u32 idr5 = readl_relaxed(smmu->page0 + SMMU3_IDR5);
	struct device *dev = smmu->dev;
	u32 f = 0;

	if (FIELD_GET(SMMU3_IDR0_ST_LEVEL, idr0) == ST_LEVEL_TWO)
		f |= SMMU3_FEAT_2LVL_STRTAB;
	if (idr0 & SMMU3_IDR0_CD2L)
		f |= SMMU3_FEAT_2LVL_CDTAB;
	switch (FIELD_GET(SMMU3_IDR0_TTENDIAN, idr0)) {
	case TTENDIAN_MIXED:
		f |= SMMU3_FEAT_TT_LE | SMMU3_FEAT_TT_BE;
		break;
	case TTENDIAN_LITTLE:
		f |= SMMU3_FEAT_TT_LE;
		break;
	case TTENDIAN_BIG:
		f |= SMMU3_FEAT_TT_BE;
		break;
	}
	if (!(f & (IS_ENABLED(CONFIG_CPU_BIG_ENDIAN) ? SMMU3_FEAT_TT_BE :
		   SMMU3_FEAT_TT_LE))) {
		dev_err(dev, "cannot walk tables of this CPU's endianness\n");
		return -ENXIO;
	}
	if (idr0 & SMMU3_IDR0_PRI)
		f |= SMMU3_FEAT_PRI;
	if (idr0 & SMMU3_IDR0_ATS)
		f |= SMMU3_FEAT_ATS;
	if (idr0 & SMMU3_IDR0_SEV)
		f |= SMMU3_FEAT_SEV;
	if (idr0 & SMMU3_IDR0_MSI)
		f |= SMMU3_FEAT_MSI;
	if (idr0 & SMMU3_IDR0_HYP)
		f |= SMMU3_FEAT_HYP;
	switch (FIELD_GET(SMMU3_IDR0_STALL_MODEL, idr0)) {
	case STALL_MODEL_FORCED:
		f |= SMMU3_FEAT_STALL_FORCE;
		fallthrough;
	case STALL_MODEL_BOTH:
		f |= SMMU3_FEAT_STALLS;
		break;
	}
	if (idr0 & SMMU3_IDR0_S1P)
		f |= SMMU3_FEAT_S1;
	if (idr0 & SMMU3_IDR0_S2P)
		f |= SMMU3_FEAT_S2;
	if (!(f & (SMMU3_FEAT_S1 | SMMU3_FEAT_S2))) {
		dev_err(dev, "neither stage 1 nor stage 2 translation\n");
		return -ENXIO;
	}
	if (!(FIELD_GET(SMMU3_IDR0_TTF, idr0) & TTF_AARCH64)) {
		dev_err(dev, "no AArch64 table format\n");
		return -ENXIO;
	}
	/* Firmware describes how the SMMU is wired up; it wins. */
	if (fw_coherent)
		f |= SMMU3_FEAT_COHERENT;
	if (fw_coherent != !!(idr0 & SMMU3_IDR0_COHACC))
		dev_warn(dev, "firmware says %scoherent, IDR0.COHACC says otherwise\n",
			 fw_coherent ? "" : "non-");
	if (f & SMMU3_FEAT_STALL_FORCE)
		dev_warn(dev, "stalls are forced; stalled faults are not resumed\n");
	smmu->asid_bits = idr0 & SMMU3_IDR0_ASID16 ? 16 : 8;
	smmu->vmid_bits = idr0 & SMMU3_IDR0_VMID16 ? 16 : 8;

	if (idr1 & (SMMU3_IDR1_TABLES_PRESET | SMMU3_IDR1_QUEUES_PRESET)) {
		dev_err(dev, "fixed table or queue addresses are not supported\n");
		return -ENXIO;
	}
	smmu->cmdq.q.log2_size = min_t(u32, FIELD_GET(SMMU3_IDR1_CMDQS, idr1),
				       SMMU3_CMDQ_MAX_LOG2);
	smmu->evtq.log2_size = min_t(u32, FIELD_GET(SMMU3_IDR1_EVENTQS, idr1),
				     SMMU3_EVTQ_MAX_LOG2);
	smmu->ssid_bits = FIELD_GET(SMMU3_IDR1_SSIDSIZE, idr1);
	smmu->sid_bits = FIELD_GET(SMMU3_IDR1_SIDSIZE, idr1);
	/* A small SID space fits a linear table; skip the two levels. */
	if (smmu->sid_bits <= SMMU3_STRTAB_SPLIT)
		f &= ~SMMU3_FEAT_2LVL_STRTAB;

	if (idr3 & SMMU3_IDR3_RIL)
		f |= SMMU3_FEAT_RANGE_INV;

	smmu->pgsize_bitmap = 0;
	if (idr5 & SMMU3_IDR5_GRAN4K)
		smmu->pgsize_bitmap |= SZ_4K | SZ_2M | SZ_1G;
	if (idr5 & SMMU3_IDR5_GRAN16K)
		smmu->pgsize_bitmap |= SZ_16K | SZ_32M;
	if (idr5 & SMMU3_IDR5_GRAN64K)
		smmu->pgsize_bitmap |= SZ_64K | SZ_512M;
	if (!smmu->pgsize_bitmap) {
		dev_err(dev, "no translation granule\n");
		return -ENXIO;
	}
	smmu->oas = min_t(unsigned int, smmu3_oas_bits(idr5),
			  sizeof(phys_addr_t) * BITS_PER_BYTE);
	/* 48-bit VAs: T0SZ >= 16 works on every SMMU (§5.4). */
	smmu->ias = 48;
	smmu->features = f;
	smmu->paging_stage = smmu3_pick_stage(smmu);
	return 0;
}

static void smmu3_say_what_we_found(struct smmu3_device *smmu)
{
	u32 f = smmu->features;
	u32 aidr = readl_relaxed(smmu->page0 + SMMU3_AIDR);

	dev_info(smmu->dev,
		 "SMMUv3.%u: %s%s%s (paging domains: stage %d), %s stream table (%u-bit SIDs), %u-bit SSIDs, %u-bit ASIDs, %u-bit VMIDs, %u-bit OAS, granules%s%s%s%s%s, %s, %s IRQs%s%s%s\n",
		 aidr & 0xf,
		 f & SMMU3_FEAT_S1 ? "stage 1" : "",
		 (f & SMMU3_FEAT_S1) && (f & SMMU3_FEAT_S2) ? " + " : "",
		 f & SMMU3_FEAT_S2 ? "stage 2" : "",
		 smmu->paging_stage == SMMU3_STAGE1 ? 1 : 2,
		 f & SMMU3_FEAT_2LVL_STRTAB ? "2-level" : "linear",
		 smmu->sid_bits, smmu->ssid_bits, smmu->asid_bits,
		 smmu->vmid_bits, smmu->oas,
		 smmu->pgsize_bitmap & SZ_4K ? " 4K" : "",
		 smmu->pgsize_bitmap & SZ_16K ? " 16K" : "",
		 smmu->pgsize_bitmap & SZ_64K ? " 64K" : "",
		 f & SMMU3_FEAT_RANGE_INV ? ", range invalidation" : "",
		 f & SMMU3_FEAT_2LVL_CDTAB ? ", 2-level CD tables" : "",
		 f & SMMU3_FEAT_COHERENT ? "coherent" : "non-coherent",
		 smmu->combined_irq > 0 ? "combined" :
		 dev_get_msi_domain(smmu->dev) && (f & SMMU3_FEAT_MSI) ?
		 "MSI" : "wired",
		 f & SMMU3_FEAT_ATS ? ", ATS (unused)" : "",
		 f & SMMU3_FEAT_PRI ? ", PRI (unused)" : "",
		 f & SMMU3_FEAT_STALLS ? ", stalls" : "");
}

/* Reset */

static int smmu3_write_acked(struct smmu3_device *smmu, u32 reg, u32 ack,
			     u32 val)
{
	u32 got;
	int ret;

	writel_relaxed(val, smmu->page0 + reg);
	ret = readl_relaxed_poll_timeout(smmu->page0 + ack, got, got == val,
					 1, SMMU3_ACK_TIMEOUT_US);
	if (ret)
		dev_err(smmu->dev, "register %#x: wrote %#x, ack stays %#x\n",
			reg, val, got);
	return ret;
}

static int smmu3_disable(struct smmu3_device *smmu)
{
	return smmu3_write_acked(smmu, SMMU3_CR0, SMMU3_CR0ACK, 0);
}

static int smmu3_reset(struct smmu3_device *smmu)
{
	bool coherent = smmu->features & SMMU3_FEAT_COHERENT;
	struct smmu3_cmd cmds[3];
	u32 cr0 = 0;
	int n = 0, ret;

	/* Firmware may have left it on: stop it before changing anything. */
	ret = smmu3_disable(smmu);
	if (ret)
		return ret;
	ret = smmu3_write_acked(smmu, SMMU3_IRQ_CTRL, SMMU3_IRQ_CTRLACK, 0);
	if (ret)
		return ret;

	writel_relaxed(FIELD_PREP(SMMU3_CR1_TABLE_SH,
				  coherent ? SHARE_INNER : SHARE_OUTER) |
		       FIELD_PREP(SMMU3_CR1_TABLE_OC,
				  coherent ? CACHE_WBRA : CACHE_NC) |
		       FIELD_PREP(SMMU3_CR1_TABLE_IC,
				  coherent ? CACHE_WBRA : CACHE_NC) |
		       FIELD_PREP(SMMU3_CR1_QUEUE_SH,
				  coherent ? SHARE_INNER : SHARE_OUTER) |
		       FIELD_PREP(SMMU3_CR1_QUEUE_OC,
				  coherent ? CACHE_WBRA : CACHE_NC) |
		       FIELD_PREP(SMMU3_CR1_QUEUE_IC,
				  coherent ? CACHE_WBRA : CACHE_NC),
		       smmu->page0 + SMMU3_CR1);
	/* Private TLB maintenance; record faults for invalid StreamIDs. */
	writel_relaxed(SMMU3_CR2_PTM | SMMU3_CR2_RECINVSID,
		       smmu->page0 + SMMU3_CR2);

	lo_hi_writeq_relaxed(((u64)smmu->strtab.dma & SMMU3_STRTAB_BASE_ADDR) |
			     SMMU3_STRTAB_BASE_RA,
			     smmu->page0 + SMMU3_STRTAB_BASE);
	writel_relaxed(smmu->strtab.base_cfg,
		       smmu->page0 + SMMU3_STRTAB_BASE_CFG);

	lo_hi_writeq_relaxed(smmu->cmdq.q.base_val,
			     smmu->page0 + SMMU3_CMDQ_BASE);
	writel_relaxed(0, smmu->cmdq.q.prod_reg);
	writel_relaxed(0, smmu->cmdq.q.cons_reg);
	smmu3_cmdq_init(smmu);
	cr0 |= SMMU3_CR0_CMDQEN;
	ret = smmu3_write_acked(smmu, SMMU3_CR0, SMMU3_CR0ACK, cr0);
	if (ret)
		return ret;

	/* Forget whatever configuration and translations are cached. */
	cmds[n++] = smmu3_cmd_cfgi_all();
	if (smmu->features & SMMU3_FEAT_HYP)
		cmds[n++] = smmu3_cmd_tlbi_el2_all();
	cmds[n++] = smmu3_cmd_tlbi_nsnh_all();
	ret = smmu3_submit(smmu, cmds, n, true);
	if (ret)
		return ret;

	lo_hi_writeq_relaxed(smmu->evtq.base_val,
			     smmu->page0 + SMMU3_EVENTQ_BASE);
	writel_relaxed(0, smmu->evtq.prod_reg);
	writel_relaxed(0, smmu->evtq.cons_reg);
	cr0 |= SMMU3_CR0_EVENTQEN;
	ret = smmu3_write_acked(smmu, SMMU3_CR0, SMMU3_CR0ACK, cr0);
	if (ret)
		return ret;

	ret = smmu3_setup_irqs(smmu);
	if (ret)
		return ret;
	ret = smmu3_write_acked(smmu, SMMU3_IRQ_CTRL, SMMU3_IRQ_CTRLACK,
				SMMU3_IRQ_CTRL_GERROR | SMMU3_IRQ_CTRL_EVENTQ);
	if (ret)
		return ret;

	cr0 |= SMMU3_CR0_SMMUEN;
	return smmu3_write_acked(smmu, SMMU3_CR0, SMMU3_CR0ACK, cr0);
}

/* Platform device */

static void __iomem *smmu3_map_page(struct platform_device *pdev,
				    struct resource *res, resource_size_t off)
{
	struct resource page = DEFINE_RES_MEM(res->start + off,
					      SMMU3_PAGE_SIZE);

	/* Only the two pages we use: the PMCG may live in the gaps. */
	return devm_ioremap_resource(&pdev->dev, &page);
}

static int smmu3_get_irqs(struct smmu3_device *smmu,
			  struct platform_device *pdev)
{
	smmu->combined_irq = platform_get_irq_byname_optional(pdev,
							      "combined");
	if (smmu->combined_irq > 0)
		return 0;
	smmu->evtq_irq = platform_get_irq_byname_optional(pdev, "eventq");
	smmu->gerr_irq = platform_get_irq_byname_optional(pdev, "gerror");
	if (smmu->evtq_irq == -EPROBE_DEFER || smmu->gerr_irq == -EPROBE_DEFER)
		return -EPROBE_DEFER;
	return 0;
}

static void smmu3_remove_iommu(void *data)
{
	struct smmu3_device *smmu = data;

	iommu_device_unregister(&smmu->iommu);
	iommu_device_sysfs_remove(&smmu->iommu);
}

static int smmu3_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct smmu3_device *smmu;
	struct resource *res;
	int ret;

	smmu = devm_kzalloc(dev, sizeof(*smmu), GFP_KERNEL);
	if (!smmu)
		return -ENOMEM;
	smmu->dev = dev;
	platform_set_drvdata(pdev, smmu);
	mutex_init(&smmu->streams_mutex);
	xa_init(&smmu->streams);
	ida_init(&smmu->asids);
	ida_init(&smmu->vmids);
	ratelimit_state_init(&smmu->fault_rs, DEFAULT_RATELIMIT_INTERVAL,
			     DEFAULT_RATELIMIT_BURST);

	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (!res)
		return -EINVAL;
	smmu->page0 = smmu3_map_page(pdev, res, 0);
	if (IS_ERR(smmu->page0))
		return PTR_ERR(smmu->page0);
	/* Some implementations alias page 1 onto page 0. */
	if (resource_size(res) >= 2 * SMMU3_PAGE_SIZE) {
		smmu->page1 = smmu3_map_page(pdev, res, SMMU3_PAGE1);
		if (IS_ERR(smmu->page1))
			return PTR_ERR(smmu->page1);
	} else {
		smmu->page1 = smmu->page0;
	}

	ret = smmu3_get_irqs(smmu, pdev);
	if (ret)
		return ret;
	ret = smmu3_read_idrs(smmu, dev_is_dma_coherent(dev));
	if (ret)
		return ret;
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(smmu->oas));
	if (ret)
		dev_warn(dev, "cannot set %u-bit DMA mask\n", smmu->oas);

	ret = smmu3_queue_alloc(smmu, &smmu->cmdq.q, smmu->cmdq.q.log2_size,
				SMMU3_CMD_QWORDS, SMMU3_CMDQ_BASE,
				SMMU3_CMDQ_PROD, SMMU3_CMDQ_CONS, 0);
	if (ret)
		return ret;
	ret = smmu3_queue_alloc(smmu, &smmu->evtq, smmu->evtq.log2_size,
				SMMU3_EVT_QWORDS, SMMU3_EVENTQ_BASE,
				SMMU3_EVENTQ_PROD, SMMU3_EVENTQ_CONS,
				SMMU3_QBASE_RWA);
	if (ret)
		return ret;
	ret = smmu3_strtab_init(smmu);
	if (ret)
		return ret;

	ret = smmu3_reset(smmu);
	if (ret)
		goto out_disable;
	smmu3_say_what_we_found(smmu);

	ret = iommu_device_sysfs_add(&smmu->iommu, dev, NULL, "smmu3.%pa",
				     &res->start);
	if (ret)
		goto out_disable;
	/* The core clamps each device's PASIDs to what our CD tables hold. */
	if (smmu3_cdtab_max_bits(smmu))
		smmu->iommu.max_pasids = BIT(smmu3_cdtab_max_bits(smmu));
	ret = iommu_device_register(&smmu->iommu, &smmu3_ops, dev);
	if (ret) {
		iommu_device_sysfs_remove(&smmu->iommu);
		goto out_disable;
	}
	return devm_add_action_or_reset(dev, smmu3_remove_iommu, smmu);

out_disable:
	smmu3_disable(smmu);
	return ret;
}

static void smmu3_remove(struct platform_device *pdev)
{
	struct smmu3_device *smmu = platform_get_drvdata(pdev);

	smmu3_disable(smmu);
}

static void smmu3_shutdown(struct platform_device *pdev)
{
	struct smmu3_device *smmu = platform_get_drvdata(pdev);

	/* Leave it off, with SMMU_GBPA as firmware set it, for a kexec. */
	smmu3_disable(smmu);
}

static const struct of_device_id smmu3_of_match[] = {
	{ .compatible = "arm,smmu-v3", },
	{ },
};
MODULE_DEVICE_TABLE(of, smmu3_of_match);

static struct platform_driver smmu3_driver = {
	.driver	= {
		/* The name ACPI IORT gives the devices it creates. */
		.name			= "arm-smmu-v3",
		.of_match_table		= smmu3_of_match,
		.suppress_bind_attrs	= true,
	},
	.probe		= smmu3_probe,
	.remove_new	= smmu3_remove,
	.shutdown	= smmu3_shutdown,
};
module_driver(smmu3_driver, platform_driver_register,
	      platform_driver_unregister);

MODULE_DESCRIPTION("Arm SMMUv3 IOMMU driver");
MODULE_ALIAS("platform:arm-smmu-v3");
MODULE_LICENSE("GPL");
