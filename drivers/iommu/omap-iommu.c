// SPDX-License-Identifier: GPL-2.0-only
/*
 * OMAP IOMMU driver: the MMUs in front of the OMAP3 ISP and the OMAP4/5
 * and DRA7 remote processors (IPU, DSP).
 *
 * File map (omap-iommu.h lists the driver's other files):
 *   MMU registry        omap_iommu_ids: MMU number -> MMU, so a master's
 *                       fwspec IDs name its MMUs
 *   domains             the static identity and blocked domains, paging
 *                       domain alloc/free and their iommu_domain_ops
 *   attach              omap_iommu_attach(): every MMU of the master
 *   masters             of_xlate(), probe_device(), release_device()
 *   fault interrupt     omap_iommu_irq()
 *   power               runtime PM callbacks (platform data hooks, reset
 *                       wait, state restore), system sleep through them
 *   platform driver     probe, remove
 *
 * A device reaches its MMUs only through the IOMMU core: its `iommus`
 * phandles (#iommu-cells = <0>) come to of_xlate(), one call per MMU, so
 * the DRA7 DSP gets both of its MMUs; probe_device() links the device to
 * each MMU for runtime PM, and the core gives it a default DMA domain.
 * The MMU follows its master: it powers up when the master does (or, for
 * a master without runtime PM such as the OMAP3 ISP, from the moment it
 * is probed), and powering down saves what the MMU alone holds (its
 * locked TLB entries) and powering up restores it.  No user calls into
 * this driver; there is nothing exported.
 */
#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/mfd/syscon.h>
#include <linux/of.h>
#include <linux/of_platform.h>
#include <linux/platform_data/iommu-omap.h>
#include <linux/platform_device.h>
#include <linux/pm_runtime.h>
#include <linux/regmap.h>
#include <linux/xarray.h>

#include "omap-iommu.h"

/* DRA7 DSP_SYSTEM: MMU_CONFIG enables the two DSP MMUs (bits 4 and 5) */
#define DSP_SYS_MMU_CONFIG		0x18
#define DSP_SYS_MMU_CONFIG_EN(id)	BIT(4 + (id))

static DEFINE_XARRAY_ALLOC(omap_iommu_ids);

/* ---- domains ------------------------------------------------------ */

static int omap_iommu_attach(struct device *dev, enum omap_mmu_mode mode,
			     struct omap_iommu_domain *od);

static int omap_iommu_attach_identity(struct iommu_domain *domain,
				      struct device *dev)
{
	return omap_iommu_attach(dev, OMAP_MMU_IDENTITY, NULL);
}

static struct iommu_domain omap_identity_domain = {
	.type = IOMMU_DOMAIN_IDENTITY,
	.ops = &(const struct iommu_domain_ops) {
		.attach_dev = omap_iommu_attach_identity,
	},
};

static int omap_iommu_attach_blocked(struct iommu_domain *domain,
				     struct device *dev)
{
	return omap_iommu_attach(dev, OMAP_MMU_BLOCKED, NULL);
}

static struct iommu_domain omap_blocked_domain = {
	.type = IOMMU_DOMAIN_BLOCKED,
	.ops = &(const struct iommu_domain_ops) {
		.attach_dev = omap_iommu_attach_blocked,
	},
};

static const struct iommu_domain_ops omap_paging_ops;

/* the first MMU of @dev walks the new table (cache maintenance on it) */
static struct iommu_domain *omap_iommu_domain_alloc_paging(struct device *dev)
{
	struct omap_iommu_master *master = dev ? dev_iommu_priv_get(dev) : NULL;
	struct omap_iommu_domain *od;
	int err;

	if (!master)
		return ERR_PTR(-ENODEV);
	od = kzalloc(sizeof(*od), GFP_KERNEL);
	if (!od)
		return ERR_PTR(-ENOMEM);
	err = omap_domain_init(od, master->mmus[0]->dev);
	if (err) {
		kfree(od);
		return ERR_PTR(err);
	}
	od->domain.ops = &omap_paging_ops;
	return &od->domain;
}

static void omap_iommu_domain_free(struct iommu_domain *domain)
{
	struct omap_iommu_domain *od = to_omap_domain(domain);

	omap_domain_fini(od);
	kfree(od);
}

static int omap_iommu_attach_paging(struct iommu_domain *domain,
				    struct device *dev)
{
	return omap_iommu_attach(dev, OMAP_MMU_PAGING, to_omap_domain(domain));
}

/* map, unmap and the flushes are omap-iommu-domain.c's own functions */
static const struct iommu_domain_ops omap_paging_ops = {
	.attach_dev	= omap_iommu_attach_paging,
	.map_pages	= omap_domain_map,
	.unmap_pages	= omap_domain_unmap,
	.flush_iotlb_all = omap_domain_flush_all,
	.iotlb_sync	= omap_domain_iotlb_sync,
	.iova_to_phys	= omap_domain_iova_to_phys,
	.free		= omap_iommu_domain_free,
};

/* ---- attach ------------------------------------------------------- */

/*
 * Every MMU of the master takes the new mode; no step can fail, so a
 * master is never left with some MMUs on the old domain.
 */
static int omap_iommu_attach(struct device *dev, enum omap_mmu_mode mode,
			     struct omap_iommu_domain *od)
{
	struct omap_iommu_master *master = dev_iommu_priv_get(dev);
	unsigned int i;

	if (!master)
		return -ENODEV;
	for (i = 0; i < master->nr_mmus; i++)
		omap_mmu_set_mode(master->mmus[i], mode, od);
	return 0;
}

/* ---- masters ------------------------------------------------------ */

static int omap_iommu_of_xlate(struct device *dev,
			       const struct of_phandle_args *args)
{
	struct platform_device *pdev;
	struct omap_iommu *mmu;

	if (args->args_count) {
		dev_err(dev, "OMAP MMUs take no iommu specifier cells\n");
		return -EINVAL;
	}
	pdev = of_find_device_by_node(args->np);
	if (!pdev)
		return -ENODEV;
	mmu = platform_get_drvdata(pdev);
	put_device(&pdev->dev);
	if (!mmu)
		return -EPROBE_DEFER;
	return iommu_fwspec_add_ids(dev, &mmu->id, 1);
}

static void omap_iommu_master_free(struct omap_iommu_master *master)
{
	unsigned int i;

	struct omap_iommu *mmu;
	unsigned long flags;

	for (i = 0; i < master->nr_mmus; i++) {
		mmu = master->mmus[i];
		/* the fault handler names the master under this lock */
		spin_lock_irqsave(&mmu->lock, flags);
		mmu->master = NULL;
		spin_unlock_irqrestore(&mmu->lock, flags);
		if (master->links[i])
			device_link_del(master->links[i]);
	}
	kfree(master);
}

/*
 * The master's MMUs, from the IDs of_xlate() gave it, each linked to the
 * master for runtime PM.  Linking resumes the MMU (DL_FLAG_RPM_ACTIVE),
 * which is where an MMU that does not leave reset is found; every link
 * made before the failure is dropped again.
 */
static struct iommu_device *omap_iommu_probe_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct omap_iommu_master *master;
	struct omap_iommu *mmu;
	unsigned int i;
	int ret;

	if (!fwspec || !fwspec->num_ids)
		return ERR_PTR(-ENODEV);
	if (fwspec->num_ids > OMAP_IOMMU_MAX_PER_DEV) {
		dev_err(dev, "behind %u MMUs, at most %u supported\n",
			fwspec->num_ids, OMAP_IOMMU_MAX_PER_DEV);
		return ERR_PTR(-EINVAL);
	}
	master = kzalloc(sizeof(*master), GFP_KERNEL);
	if (!master)
		return ERR_PTR(-ENOMEM);
	master->dev = dev;

	for (i = 0; i < fwspec->num_ids; i++) {
		mmu = xa_load(&omap_iommu_ids, fwspec->ids[i]);
		if (!mmu) {
			ret = -ENODEV;
			goto out_free;
		}
		if (mmu->master) {
			dev_err(dev, "MMU %s already serves %s\n", mmu->name,
				dev_name(mmu->master));
			ret = -EBUSY;
			goto out_free;
		}
		mmu->master = dev;
		master->mmus[master->nr_mmus++] = mmu;
		master->links[i] = device_link_add(dev, mmu->dev,
						   DL_FLAG_STATELESS |
						   DL_FLAG_PM_RUNTIME |
						   DL_FLAG_RPM_ACTIVE);
		if (!master->links[i]) {
			dev_err(dev, "MMU %s did not power up (stuck in reset?)\n",
				mmu->name);
			ret = -ENODEV;
			goto out_free;
		}
	}
	dev_iommu_priv_set(dev, master);
	return &master->mmus[0]->iommu;

out_free:
	omap_iommu_master_free(master);
	return ERR_PTR(ret);
}

/* the core has attached the release (blocked) domain already */
static void omap_iommu_release_device(struct device *dev)
{
	struct omap_iommu_master *master = dev_iommu_priv_get(dev);

	dev_iommu_priv_set(dev, NULL);
	omap_iommu_master_free(master);
}

static const struct iommu_ops omap_iommu_ops = {
	.identity_domain	= &omap_identity_domain,
	.blocked_domain		= &omap_blocked_domain,
	.release_domain		= &omap_blocked_domain,
	.domain_alloc_paging	= omap_iommu_domain_alloc_paging,
	.probe_device		= omap_iommu_probe_device,
	.release_device		= omap_iommu_release_device,
	.device_group		= generic_device_group,
	.of_xlate		= omap_iommu_of_xlate,
	.pgsize_bitmap		= OMAP_PT_PGSIZES,
	.owner			= THIS_MODULE,
};

/* ---- fault interrupt ---------------------------------------------- */

/*
 * One line per fault (rate limited) naming the MMU, its master, the
 * device address and the kind; the paging domain's fault handler
 * (remoteproc's recovery) hears of it through report_iommu_fault().  A
 * fault nobody handles masks the MMU's fault interrupts until the next
 * attach or power-up reprograms it, so a stalled master cannot storm.
 */
static irqreturn_t omap_iommu_irq(int irq, void *data)
{
	struct omap_iommu *mmu = data;
	const char *who = "no device";
	struct omap_mmu_fault f;
	int ret = -ENOENT;	/* no paging domain to tell */

	spin_lock(&mmu->lock);
	if (!mmu->hw_on || !omap_mmu_fault_read(mmu, &f)) {
		spin_unlock(&mmu->lock);
		return IRQ_NONE;
	}
	mmu->nr_faults++;
	if (mmu->master)
		who = dev_name(mmu->master);
	if (mmu->mode == OMAP_MMU_PAGING && mmu->master)
		ret = report_iommu_fault(&mmu->domain->domain, mmu->master,
					 f.da, IOMMU_FAULT_READ);
	omap_mmu_fault_ack(mmu, f.status);
	if (ret) {
		omap_mmu_write(mmu, MMU_IRQENABLE, 0);
		mmu->irq_masked = true;
	}
	spin_unlock(&mmu->lock);

	dev_err_ratelimited(mmu->dev,
			    "%s: %s at 0x%08x (status 0x%x pc 0x%08x fault 0x%x)%s\n",
			    who, omap_mmu_fault_kind(f.status), f.da, f.status,
			    f.pc, f.fault_status,
			    ret ? ", unhandled: fault irq masked until reattach" : "");
	return IRQ_HANDLED;
}

/* ---- power ------------------------------------------------------- */

/*
 * Powering an MMU up is a list of steps, each with its undo; a step that
 * fails has the ones before it undone in reverse order, and powering down
 * undoes them all, so no path leaves the MMU half up.  The platform data
 * (OMAP2+ hwmod glue, include/linux/platform_data/iommu-omap.h) supplies
 * the first three where the SoC needs them; DRA7 DSP MMUs also have an
 * enable bit in DSP_SYSTEM; the last step is the driver's own state.
 */
struct omap_iommu_step {
	const char *what;
	int (*up)(struct omap_iommu *mmu, struct iommu_platform_data *pd);
	void (*down)(struct omap_iommu *mmu, struct iommu_platform_data *pd);
};

static struct platform_device *omap_iommu_pdev(struct omap_iommu *mmu)
{
	return to_platform_device(mmu->dev);
}

static int omap_iommu_constraint_up(struct omap_iommu *mmu,
				    struct iommu_platform_data *pd)
{
	if (!pd->set_pwrdm_constraint)
		return 0;
	return pd->set_pwrdm_constraint(omap_iommu_pdev(mmu), true,
					&mmu->pwrst);
}

static void omap_iommu_constraint_down(struct omap_iommu *mmu,
				       struct iommu_platform_data *pd)
{
	int err;

	if (!pd->set_pwrdm_constraint)
		return;
	err = pd->set_pwrdm_constraint(omap_iommu_pdev(mmu), false,
				       &mmu->pwrst);
	if (err)
		dev_warn(mmu->dev, "power domain constraint kept: %d\n", err);
}

static int omap_iommu_reset_up(struct omap_iommu *mmu,
			       struct iommu_platform_data *pd)
{
	int err = 0;

	if (pd->deassert_reset)
		err = pd->deassert_reset(omap_iommu_pdev(mmu), pd->reset_name);
	/* -EEXIST: the line was already released */
	return err == -EEXIST ? 0 : err;
}

static void omap_iommu_reset_down(struct omap_iommu *mmu,
				  struct iommu_platform_data *pd)
{
	if (pd->assert_reset)
		pd->assert_reset(omap_iommu_pdev(mmu), pd->reset_name);
}

static int omap_iommu_module_up(struct omap_iommu *mmu,
				struct iommu_platform_data *pd)
{
	return pd->device_enable ? pd->device_enable(omap_iommu_pdev(mmu)) : 0;
}

static void omap_iommu_module_down(struct omap_iommu *mmu,
				   struct iommu_platform_data *pd)
{
	if (pd->device_idle)
		pd->device_idle(omap_iommu_pdev(mmu));
}

static void omap_iommu_dsp_system(struct omap_iommu *mmu, bool on)
{
	u32 bit = DSP_SYS_MMU_CONFIG_EN(mmu->syscfg_bit);

	if (mmu->syscfg)
		regmap_update_bits(mmu->syscfg, DSP_SYS_MMU_CONFIG, bit,
				   on ? bit : 0);
}

static int omap_iommu_dsp_up(struct omap_iommu *mmu,
			     struct iommu_platform_data *pd)
{
	omap_iommu_dsp_system(mmu, true);
	return 0;
}

static void omap_iommu_dsp_down(struct omap_iommu *mmu,
				struct iommu_platform_data *pd)
{
	omap_iommu_dsp_system(mmu, false);
}

static int omap_iommu_state_up(struct omap_iommu *mmu,
			       struct iommu_platform_data *pd)
{
	return omap_mmu_power_on(mmu);
}

static void omap_iommu_state_down(struct omap_iommu *mmu,
				  struct iommu_platform_data *pd)
{
	omap_mmu_power_off(mmu);
}

static const struct omap_iommu_step omap_iommu_steps[] = {
	{ "power domain", omap_iommu_constraint_up, omap_iommu_constraint_down },
	{ "reset line", omap_iommu_reset_up, omap_iommu_reset_down },
	{ "module enable", omap_iommu_module_up, omap_iommu_module_down },
	{ "DSP_SYSTEM enable", omap_iommu_dsp_up, omap_iommu_dsp_down },
	/* -ETIMEDOUT here: the MMU never showed RESETDONE */
	{ "leaving reset", omap_iommu_state_up, omap_iommu_state_down },
};

/* no platform data: every hook absent */
static struct iommu_platform_data omap_iommu_no_pdata;

static struct iommu_platform_data *omap_iommu_pdata(struct device *dev)
{
	return dev_get_platdata(dev) ?: &omap_iommu_no_pdata;
}

static void omap_iommu_steps_down(struct omap_iommu *mmu, unsigned int n)
{
	struct iommu_platform_data *pd = omap_iommu_pdata(mmu->dev);

	while (n--)
		omap_iommu_steps[n].down(mmu, pd);
}

static int omap_iommu_runtime_resume(struct device *dev)
{
	struct iommu_platform_data *pd = omap_iommu_pdata(dev);
	struct omap_iommu *mmu = dev_get_drvdata(dev);
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(omap_iommu_steps); i++) {
		err = omap_iommu_steps[i].up(mmu, pd);
		if (err) {
			dev_err(dev, "power-up failed at %s: %d\n",
				omap_iommu_steps[i].what, err);
			omap_iommu_steps_down(mmu, i);
			return err;
		}
	}
	return 0;
}

static int omap_iommu_runtime_suspend(struct device *dev)
{
	omap_iommu_steps_down(dev_get_drvdata(dev),
			      ARRAY_SIZE(omap_iommu_steps));
	return 0;
}

/* system sleep goes through the runtime callbacks, after the masters */
static const struct dev_pm_ops omap_iommu_pm_ops = {
	LATE_SYSTEM_SLEEP_PM_OPS(pm_runtime_force_suspend,
				 pm_runtime_force_resume)
	RUNTIME_PM_OPS(omap_iommu_runtime_suspend, omap_iommu_runtime_resume,
		       NULL)
};

/* ---- platform driver ---------------------------------------------- */

static int omap_iommu_dra7_syscfg(struct omap_iommu *mmu)
{
	struct device_node *np = mmu->dev->of_node;

	if (!of_device_is_compatible(np, "ti,dra7-dsp-iommu"))
		return 0;
	mmu->syscfg = syscon_regmap_lookup_by_phandle(np,
						      "ti,syscon-mmuconfig");
	if (IS_ERR(mmu->syscfg))
		return dev_err_probe(mmu->dev, PTR_ERR(mmu->syscfg),
				     "no ti,syscon-mmuconfig\n");
	if (of_property_read_u32_index(np, "ti,syscon-mmuconfig", 1,
				       &mmu->syscfg_bit) ||
	    mmu->syscfg_bit > 1)
		return dev_err_probe(mmu->dev, -EINVAL,
				     "ti,syscon-mmuconfig needs an MMU index 0 or 1\n");
	return 0;
}

static void omap_iommu_free_blocked(void *data)
{
	omap_pt_free(data);
}

static void omap_iommu_free_id(void *data)
{
	struct omap_iommu *mmu = data;

	xa_erase(&omap_iommu_ids, mmu->id);
}

static int omap_iommu_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct device_node *np = dev->of_node;
	struct omap_iommu *mmu;
	int irq, ret;

	if (!np)
		return dev_err_probe(dev, -ENODEV, "needs a device tree node\n");
	mmu = devm_kzalloc(dev, sizeof(*mmu), GFP_KERNEL);
	if (!mmu)
		return -ENOMEM;
	mmu->dev = dev;
	mmu->name = dev_name(dev);
	spin_lock_init(&mmu->lock);
	INIT_LIST_HEAD(&mmu->domain_node);
	mmu->mode = OMAP_MMU_BLOCKED;

	if (of_property_read_u32(np, "ti,#tlb-entries", &mmu->nr_tlb) ||
	    !mmu->nr_tlb || mmu->nr_tlb > OMAP_MMU_TLB_MAX)
		return dev_err_probe(dev, -EINVAL,
				     "ti,#tlb-entries must be 1..%u\n",
				     OMAP_MMU_TLB_MAX);
	mmu->bus_err_back = of_property_read_bool(np, "ti,iommu-bus-err-back");
	mmu->has_fault_pc = !of_device_is_compatible(np, "ti,omap2-iommu");
	ret = omap_iommu_dra7_syscfg(mmu);
	if (ret)
		return ret;

	mmu->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(mmu->base))
		return PTR_ERR(mmu->base);
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;

	ret = omap_pt_init(&mmu->blocked, dev);
	if (ret)
		return ret;
	ret = devm_add_action_or_reset(dev, omap_iommu_free_blocked,
				       &mmu->blocked);
	if (ret)
		return ret;
	ret = devm_request_irq(dev, irq, omap_iommu_irq, 0, mmu->name, mmu);
	if (ret)
		return ret;

	platform_set_drvdata(pdev, mmu);
	ret = xa_alloc(&omap_iommu_ids, &mmu->id, mmu, xa_limit_31b,
		       GFP_KERNEL);
	if (ret)
		return ret;
	ret = devm_add_action_or_reset(dev, omap_iommu_free_id, mmu);
	if (ret)
		return ret;
	ret = devm_pm_runtime_enable(dev);
	if (ret)
		return ret;

	ret = iommu_device_sysfs_add(&mmu->iommu, dev, NULL, "%s", mmu->name);
	if (ret)
		return ret;
	ret = iommu_device_register(&mmu->iommu, &omap_iommu_ops, dev);
	if (ret) {
		iommu_device_sysfs_remove(&mmu->iommu);
		return ret;
	}
	omap_iommu_debugfs_add(mmu);
	dev_info(dev, "%u TLB entries%s\n", mmu->nr_tlb,
		 mmu->bus_err_back ? ", bus errors back to the master" : "");
	return 0;
}

static const struct of_device_id omap_iommu_of_match[] = {
	{ .compatible = "ti,omap2-iommu" },
	{ .compatible = "ti,omap4-iommu" },
	{ .compatible = "ti,dra7-iommu" },
	{ .compatible = "ti,dra7-dsp-iommu" },
	{ }
};

/*
 * Built in and never unbound (masters hold device links to their MMUs),
 * so there is no remove; masters probed before the MMUs defer until
 * their MMUs have registered.
 */
static struct platform_driver omap_iommu_driver = {
	.probe = omap_iommu_probe,
	.driver = {
		.name = "omap-iommu",
		.pm = pm_ptr(&omap_iommu_pm_ops),
		.of_match_table = omap_iommu_of_match,
		.suppress_bind_attrs = true,
	},
};
builtin_platform_driver(omap_iommu_driver);
