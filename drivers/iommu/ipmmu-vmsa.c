// SPDX-License-Identifier: GPL-2.0-only
/*
 * Renesas IPMMU-VMSA: masters, probe and system sleep (file map in
 * ipmmu-vmsa-regs.h).
 *
 *   allowlist        which masters an opt-in SoC (R-Car Gen3, Gen4, RZ/G2)
 *                    lets translate: ipmmu_master_allowed()
 *   masters          of_xlate, probe/release, groups: on an IPMMU with one
 *                    context (R-Car Gen2, R-Mobile APE6) every master is
 *                    in the IPMMU's one group and shares its default
 *                    domain; otherwise a group per master
 *   micro-TLBs       ipmmu_utlb_set(): a master's ports follow its domain
 *   attach           paging and identity domains
 *   probe            root and cache IPMMUs, the fault interrupt
 *   sleep            resume rewrites the contexts and the ports
 *
 * A master the allowlist refuses is not put behind the IPMMU: of_xlate
 * fails, the core gives it no IOMMU, its ports stay disabled and its DMA
 * is never translated (the bus passes it through untranslated).
 */
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_platform.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/pm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sys_soc.h>
#include <kunit/visibility.h>

#include "ipmmu-vmsa.h"

/* SoC families on which the IPMMU serves only the masters named below. */
static const struct soc_device_attribute ipmmu_opt_in_socs[] = {
	{ .family = "R-Car Gen3" },
	{ .family = "R-Car Gen4" },
	{ .family = "RZ/G2" },
	{ }
};

/* SoCs whose IPMMU is not to be used for any master. */
static const struct soc_device_attribute ipmmu_denied_socs[] = {
	{ .soc_id = "r8a774a1" },
	{ .soc_id = "r8a7795", .revision = "ES2.*" },
	{ .soc_id = "r8a7796" },
	{ }
};

/* Platform masters allowed on opt-in SoCs: the SD/MMC hosts. */
static const char * const ipmmu_allowed_masters[] = {
	"ee100000.mmc",
	"ee120000.mmc",
	"ee140000.mmc",
	"ee160000.mmc",
};

/**
 * ipmmu_master_allowed() - may a master translate through the IPMMU
 * @policy: what the SoC is (ipmmu_soc_policy())
 * @name: the master's device name
 * @is_pci: the master is a PCI function (behind the PCIe IPMMU)
 *
 * Return: true on SoCs that do not opt in; on those that do, false on a
 * denied SoC, true for PCI and the named platform masters.
 */
VISIBLE_IF_KUNIT bool ipmmu_master_allowed(const struct ipmmu_soc_policy *policy,
					   const char *name, bool is_pci)
{
	if (policy->opt_in && policy->denied)
		return false;
	return !policy->opt_in || is_pci ||
	       match_string(ipmmu_allowed_masters,
			    ARRAY_SIZE(ipmmu_allowed_masters), name) >= 0;
}
EXPORT_SYMBOL_IF_KUNIT(ipmmu_master_allowed);

static struct ipmmu_soc_policy ipmmu_soc_policy(void)
{
	return (struct ipmmu_soc_policy) {
		.opt_in = !!soc_device_match(ipmmu_opt_in_socs),
		.denied = !!soc_device_match(ipmmu_denied_socs),
	};
}

static struct ipmmu_device *to_ipmmu(struct device *dev)
{
	return dev_iommu_priv_get(dev);
}

/* Point one port at @dom's context, or turn it off (@dom NULL). */
static void ipmmu_utlb_set(struct ipmmu_device *mmu, unsigned int utlb,
			   struct ipmmu_domain *dom, int ctx)
{
	u32 base = mmu->features->utlb_base;
	unsigned long flags;

	spin_lock_irqsave(&mmu->lock, flags);
	if (ctx == IPMMU_CTX_NONE) {
		ipmmu_write(mmu, IPMMU_IMUCTR(base, utlb), 0);
	} else {
		/* one ASID per port: the context flush drops every entry */
		ipmmu_write(mmu, IPMMU_IMUASID(base, utlb), 0);
		ipmmu_write(mmu, IPMMU_IMUCTR(base, utlb), ipmmu_imuctr(ctx));
	}
	mmu->utlb_ctx[utlb] = ctx;
	mmu->utlb_dom[utlb] = dom;
	spin_unlock_irqrestore(&mmu->lock, flags);
}

static void ipmmu_master_ports(struct device *dev, struct ipmmu_domain *dom)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	int ctx = dom ? READ_ONCE(dom->ctx) : IPMMU_CTX_NONE;
	unsigned int i;

	for (i = 0; i < fwspec->num_ids; i++)
		ipmmu_utlb_set(to_ipmmu(dev), fwspec->ids[i], dom, ctx);
}

/* The paging domain a master's ports serve now, or NULL. */
static struct ipmmu_domain *ipmmu_master_domain(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);

	return to_ipmmu(dev)->utlb_dom[fwspec->ids[0]];
}

/**
 * ipmmu_attach_paging() - move a master to a paging domain
 * @domain: the domain, of this driver
 * @dev: the master
 *
 * A master joining a group's current domain has its ports programmed
 * too: the domain is the same, the master is new to it.
 *
 * Return: 0, or the error of ipmmu_domain_get_ctx(); the master then
 * stays where it was.
 */
int ipmmu_attach_paging(struct iommu_domain *domain, struct device *dev)
{
	struct ipmmu_domain *dom = to_ipmmu_domain(domain);
	struct ipmmu_domain *old = ipmmu_master_domain(dev);
	int ret;

	if (old == dom && dom->ctx != IPMMU_CTX_NONE) {
		ipmmu_master_ports(dev, dom);
		return 0;
	}
	ret = ipmmu_domain_get_ctx(dom, to_ipmmu(dev), dev);
	if (ret)
		return ret;
	/* ports first: the old context may stop once they have left it */
	ipmmu_master_ports(dev, dom);
	if (old && old != dom)
		ipmmu_domain_put_ctx(old, dev);
	return 0;
}

static int ipmmu_attach_identity(struct iommu_domain *domain,
				 struct device *dev)
{
	struct ipmmu_domain *old = ipmmu_master_domain(dev);

	/* a port that does not translate passes its master's DMA through */
	ipmmu_master_ports(dev, NULL);
	if (old)
		ipmmu_domain_put_ctx(old, dev);
	return 0;
}

static struct iommu_domain ipmmu_identity_domain = {
	.type	= IOMMU_DOMAIN_IDENTITY,
	.ops	= &(const struct iommu_domain_ops) {
		.attach_dev	= ipmmu_attach_identity,
	},
};

static int ipmmu_master_xlate(struct device *dev,
			      const struct of_phandle_args *spec)
{
	struct ipmmu_soc_policy policy = ipmmu_soc_policy();
	struct platform_device *pdev;
	struct ipmmu_device *mmu;
	u32 port;

	if (!ipmmu_master_allowed(&policy, dev_name(dev), dev_is_pci(dev)))
		return -ENODEV;
	if (spec->args_count != 1)
		return -EINVAL;
	pdev = of_find_device_by_node(spec->np);
	if (!pdev)
		return -ENODEV;
	mmu = platform_get_drvdata(pdev);
	put_device(&pdev->dev);
	if (!mmu)
		return -EPROBE_DEFER;
	port = spec->args[0];
	if (port >= mmu->features->nr_utlbs) {
		dev_err(dev, "%s has no micro-TLB %u (%u ports)\n",
			dev_name(mmu->dev), port, mmu->features->nr_utlbs);
		return -EINVAL;
	}
	if (to_ipmmu(dev) && to_ipmmu(dev) != mmu) {
		dev_err(dev, "masters behind two IPMMUs are not supported\n");
		return -EINVAL;
	}
	dev_iommu_priv_set(dev, mmu);
	return iommu_fwspec_add_ids(dev, &port, 1);
}

static struct iommu_device *ipmmu_master_probe(struct device *dev)
{
	struct ipmmu_device *mmu = to_ipmmu(dev);

	return mmu ? &mmu->iommu : ERR_PTR(-ENODEV);
}

static void ipmmu_master_release(struct device *dev)
{
	/* the core attached the release domain (identity): ports are off */
	dev_iommu_priv_set(dev, NULL);
}

static struct iommu_group *ipmmu_master_group(struct device *dev)
{
	struct ipmmu_device *mmu = to_ipmmu(dev);

	if (mmu->group)
		return iommu_group_ref_get(mmu->group);
	return generic_single_device_group(dev);
}

static const struct iommu_ops ipmmu_iommu_ops = {
	.identity_domain	= &ipmmu_identity_domain,
	.release_domain		= &ipmmu_identity_domain,
	.domain_alloc_paging	= ipmmu_domain_alloc_paging,
	.probe_device		= ipmmu_master_probe,
	.release_device		= ipmmu_master_release,
	.device_group		= ipmmu_master_group,
	.pgsize_bitmap		= SZ_1G | SZ_2M | SZ_4K,
	.of_xlate		= ipmmu_master_xlate,
	.default_domain_ops	= &ipmmu_paging_ops,
};

static const struct ipmmu_features ipmmu_gen2 = {
	.ns_alias	= true,
	.nr_ctx		= 1,
	.nr_utlbs	= 32,
	.imbuscr	= true,
	.snoop		= true,
	.ctx_stride	= 0x40,
};

static const struct ipmmu_features ipmmu_gen3 = {
	.has_cache	= true,
	.nr_ctx		= 8,
	.nr_utlbs	= 48,
	.twobit_sl0	= true,
	.ctx0_reserved	= true,
	.ctx_stride	= 0x40,
};

static const struct ipmmu_features ipmmu_gen4 = {
	.has_cache	= true,
	.nr_ctx		= 16,
	.nr_utlbs	= 64,
	.twobit_sl0	= true,
	.ctx0_reserved	= true,
	.ctx_base	= 0x10000,
	.ctx_stride	= 0x1040,
	.utlb_base	= 0x3000,
};

static const struct of_device_id ipmmu_compatibles[] = {
	{ .compatible = "renesas,ipmmu-vmsa",		.data = &ipmmu_gen2 },
	{ .compatible = "renesas,ipmmu-r8a774a1",	.data = &ipmmu_gen3 },
	{ .compatible = "renesas,ipmmu-r8a774b1",	.data = &ipmmu_gen3 },
	{ .compatible = "renesas,ipmmu-r8a774c0",	.data = &ipmmu_gen3 },
	{ .compatible = "renesas,ipmmu-r8a774e1",	.data = &ipmmu_gen3 },
	{ .compatible = "renesas,ipmmu-r8a7795",	.data = &ipmmu_gen3 },
	{ .compatible = "renesas,ipmmu-r8a7796",	.data = &ipmmu_gen3 },
	{ .compatible = "renesas,ipmmu-r8a77961",	.data = &ipmmu_gen3 },
	{ .compatible = "renesas,ipmmu-r8a77965",	.data = &ipmmu_gen3 },
	{ .compatible = "renesas,ipmmu-r8a77970",	.data = &ipmmu_gen3 },
	{ .compatible = "renesas,ipmmu-r8a77980",	.data = &ipmmu_gen3 },
	{ .compatible = "renesas,ipmmu-r8a77990",	.data = &ipmmu_gen3 },
	{ .compatible = "renesas,ipmmu-r8a77995",	.data = &ipmmu_gen3 },
	{ .compatible = "renesas,ipmmu-r8a779a0",	.data = &ipmmu_gen4 },
	{ .compatible = "renesas,rcar-gen4-ipmmu-vmsa",	.data = &ipmmu_gen4 },
	{ }
};

/*
 * The Gen3/4 root IPMMU, once probed: a SoC has one, and its cache IPMMUs
 * defer until it is here.  Gen2 IPMMUs are each their own root and never
 * look it up.
 */
static DEFINE_MUTEX(ipmmu_cache_root_lock);
static struct ipmmu_device *ipmmu_cache_root;

static int ipmmu_pick_root(struct device *dev, struct ipmmu_device *mmu)
{
	bool cache = mmu->features->has_cache &&
		     of_property_present(dev->of_node, "renesas,ipmmu-main");

	if (!cache) {
		mmu->root = mmu;
		return 0;
	}
	mutex_lock(&ipmmu_cache_root_lock);
	mmu->root = ipmmu_cache_root;
	mutex_unlock(&ipmmu_cache_root_lock);
	return mmu->root ? 0 : dev_err_probe(dev, -EPROBE_DEFER,
					     "root IPMMU not probed yet\n");
}

static void ipmmu_publish_root(struct ipmmu_device *mmu, bool here)
{
	if (!mmu->features->has_cache || !ipmmu_is_root(mmu))
		return;
	mutex_lock(&ipmmu_cache_root_lock);
	if (here)
		ipmmu_cache_root = mmu;
	else if (ipmmu_cache_root == mmu)
		ipmmu_cache_root = NULL;
	mutex_unlock(&ipmmu_cache_root_lock);
}

/* The root's own setup: contexts off, its fault line taken. */
static int ipmmu_root_init(struct platform_device *pdev,
			   struct ipmmu_device *mmu)
{
	int line, ret;

	mmu->nr_ctx = min_t(unsigned int, IPMMU_MAX_CTX,
			    mmu->features->nr_ctx);
	ipmmu_ctx_disable_all(mmu);
	line = platform_get_irq(pdev, 0);
	if (line < 0)
		return line;
	ret = devm_request_irq(&pdev->dev, line, ipmmu_fault_irq, 0,
			       dev_name(&pdev->dev), mmu);
	return ret ? dev_err_probe(&pdev->dev, ret, "fault IRQ %d\n", line) : 0;
}

/* Gen2 IPMMUs and cache IPMMUs serve masters; a Gen3/4 root does not. */
static bool ipmmu_serves_masters(const struct ipmmu_device *mmu)
{
	return !mmu->features->has_cache || !ipmmu_is_root(mmu);
}

static int ipmmu_register(struct device *dev, struct ipmmu_device *mmu)
{
	int ret;

	if (mmu->root->nr_ctx == 1) {
		mmu->group = iommu_group_alloc();
		if (IS_ERR(mmu->group))
			return PTR_ERR(mmu->group);
	}
	ret = iommu_device_sysfs_add(&mmu->iommu, dev, NULL, "%s",
				     dev_name(dev));
	if (ret)
		goto out_put_group;
	ret = iommu_device_register(&mmu->iommu, &ipmmu_iommu_ops, dev);
	if (ret)
		goto out_sysfs_remove;
	return 0;

out_sysfs_remove:
	iommu_device_sysfs_remove(&mmu->iommu);
out_put_group:
	if (mmu->group)
		iommu_group_put(mmu->group);
	return ret;
}

static int ipmmu_platform_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct ipmmu_device *mmu;
	void __iomem *regs;
	int ret;

	mmu = devm_kzalloc(dev, sizeof(*mmu), GFP_KERNEL);
	if (!mmu)
		return -ENOMEM;
	mmu->dev = dev;
	mmu->features = of_device_get_match_data(dev);
	spin_lock_init(&mmu->lock);
	memset(mmu->utlb_ctx, IPMMU_CTX_NONE, sizeof(mmu->utlb_ctx));

	/* the table walker emits 40-bit addresses */
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(40));
	if (ret)
		return ret;
	regs = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(regs))
		return PTR_ERR(regs);
	mmu->base = regs + (mmu->features->ns_alias ? IPMMU_NS_ALIAS_OFFSET : 0);

	ret = ipmmu_pick_root(dev, mmu);
	if (!ret && ipmmu_is_root(mmu))
		ret = ipmmu_root_init(pdev, mmu);
	if (ret)
		return ret;
	/* of_xlate finds the IPMMU by its drvdata once it is registered */
	platform_set_drvdata(pdev, mmu);
	if (ipmmu_serves_masters(mmu)) {
		ret = ipmmu_register(dev, mmu);
		if (ret)
			return ret;
	}
	ipmmu_publish_root(mmu, true);
	return 0;
}

static void ipmmu_platform_remove(struct platform_device *pdev)
{
	struct ipmmu_device *mmu = platform_get_drvdata(pdev);

	ipmmu_publish_root(mmu, false);
	if (ipmmu_serves_masters(mmu)) {
		iommu_device_unregister(&mmu->iommu);
		iommu_device_sysfs_remove(&mmu->iommu);
		if (mmu->group)
			iommu_group_put(mmu->group);
	}
	if (mmu->root == mmu)
		ipmmu_ctx_disable_all(mmu);
}

/*
 * Suspend loses every register.  The root comes back first (cache IPMMUs
 * probe after it, so they resume after it): it rebuilds the contexts in
 * use from their domains; every IPMMU then points its ports back at
 * their contexts.
 */
static int ipmmu_resume(struct device *dev)
{
	struct ipmmu_device *mmu = dev_get_drvdata(dev);
	unsigned int c, port;
	int err = 0;

	if (mmu->root == mmu) {
		ipmmu_ctx_disable_all(mmu);
		for (c = 0; c < mmu->nr_ctx && !err; c++)
			if (mmu->ctx_owner[c])
				err = ipmmu_ctx_restore(mmu->ctx_owner[c]);
	}
	for (port = 0; port < mmu->features->nr_utlbs; port++)
		if (mmu->utlb_ctx[port] != IPMMU_CTX_NONE)
			ipmmu_utlb_set(mmu, port, mmu->utlb_dom[port],
				       mmu->utlb_ctx[port]);
	return err;
}

static const struct dev_pm_ops ipmmu_sleep_ops = {
	NOIRQ_SYSTEM_SLEEP_PM_OPS(NULL, ipmmu_resume)
};

static struct platform_driver ipmmu_platform_driver = {
	.probe	= ipmmu_platform_probe,
	.remove	= ipmmu_platform_remove,
	.driver = {
		.name		= "ipmmu-vmsa",
		.pm		= pm_sleep_ptr(&ipmmu_sleep_ops),
		.of_match_table	= ipmmu_compatibles,
	},
};
builtin_platform_driver(ipmmu_platform_driver);
