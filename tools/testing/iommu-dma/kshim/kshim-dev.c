// SPDX-License-Identifier: GPL-2.0-only
/*
 * kshim run time, part 2: device-tree properties, the platform bus,
 * interrupt lines and runtime PM.
 *
 * File map:
 *   device tree      kshim_of_*(), of_find_property() and readers
 *   platform bus     driver registry, kshim_platform_bind()/unbind(),
 *                    resources, IRQ numbers, match data, device lookup
 *   interrupts       handler table, devm_request_threaded_irq(),
 *                    kshim_irq_raise()
 *   runtime PM       usage count, the driver's runtime callbacks
 */
#include "kshim.h"

/* ---- device tree --------------------------------------------------------- */

void kshim_of_init(struct device_node *np, const char *name,
		   const char *compatible)
{
	memset(np, 0, sizeof(*np));
	np->name = name;
	np->compatible = compatible;
}

static struct property *of_new_prop(struct device_node *np, const char *name)
{
	struct property *pp = (struct property *)of_find_property(np, name,
								  NULL);

	if (pp)
		return pp;
	if (np->nprop == KSHIM_NODE_PROPS)
		kshim_bug(__FILE__, __LINE__);
	pp = &np->prop[np->nprop++];
	memset(pp, 0, sizeof(*pp));
	pp->name = name;
	return pp;
}

void kshim_of_set_u32s(struct device_node *np, const char *name,
		       const u32 *val, int nval)
{
	struct property *pp = of_new_prop(np, name);

	if (nval > KSHIM_PROP_VALS)
		kshim_bug(__FILE__, __LINE__);
	memcpy(pp->val, val, nval * sizeof(*val));
	pp->nval = nval;
}

void kshim_of_set_flag(struct device_node *np, const char *name)
{
	of_new_prop(np, name)->nval = 0;
}

struct property *of_find_property(const struct device_node *np,
				  const char *name, int *lenp)
{
	int i;

	if (!np)
		return NULL;
	for (i = 0; i < np->nprop; i++) {
		if (!strcmp(np->prop[i].name, name)) {
			if (lenp)
				*lenp = np->prop[i].nval * 4;
			return (struct property *)&np->prop[i];
		}
	}
	return NULL;
}

int of_property_read_u32_index(const struct device_node *np,
			       const char *name, u32 index, u32 *val)
{
	struct property *pp = of_find_property(np, name, NULL);

	if (!pp)
		return -EINVAL;
	if (index >= (u32)pp->nval)
		return -EOVERFLOW;
	*val = pp->val[index];
	return 0;
}

int of_property_read_u32(const struct device_node *np, const char *name,
			 u32 *val)
{
	return of_property_read_u32_index(np, name, 0, val);
}

bool of_device_is_compatible(const struct device_node *np, const char *c)
{
	return np && np->compatible && !strcmp(np->compatible, c);
}

/* ---- platform bus ------------------------------------------------------- */

#define MAX_DRIVERS 8
#define MAX_BOUND 16

static struct platform_driver *drivers[MAX_DRIVERS];
static struct platform_device *bound[MAX_BOUND];

int platform_driver_register(struct platform_driver *drv)
{
	int i;

	for (i = 0; i < MAX_DRIVERS; i++) {
		if (!drivers[i]) {
			drivers[i] = drv;
			return 0;
		}
	}
	return -ENOSPC;
}

void platform_driver_unregister(struct platform_driver *drv)
{
	int i;

	for (i = 0; i < MAX_DRIVERS; i++)
		if (drivers[i] == drv)
			drivers[i] = NULL;
}

static const struct of_device_id *match_of(const struct platform_driver *drv,
					   const struct device_node *np)
{
	const struct of_device_id *id = drv->driver.of_match_table;

	for (; id && id->compatible[0]; id++)
		if (of_device_is_compatible(np, id->compatible))
			return id;
	return NULL;
}

struct platform_driver *kshim_platform_driver_of(struct platform_device *p)
{
	int i;

	for (i = 0; i < MAX_DRIVERS; i++)
		if (drivers[i] && match_of(drivers[i], p->dev.of_node))
			return drivers[i];
	return NULL;
}

int kshim_platform_bind(struct platform_device *pdev)
{
	struct platform_driver *drv = kshim_platform_driver_of(pdev);
	int i, ret;

	if (!drv)
		return -ENODEV;
	pdev->match = match_of(drv, pdev->dev.of_node);
	pdev->dev.driver = &drv->driver;
	if (pdev->dev.of_node) {
		pdev->dev.fwnode = &pdev->dev.of_node->fwnode;
		pdev->dev.fwnode->dev = &pdev->dev;
	}
	ret = drv->probe(pdev);
	if (ret) {
		kshim_devres_release_all(&pdev->dev);
		pdev->dev.driver = NULL;
		return ret;
	}
	for (i = 0; i < MAX_BOUND; i++) {
		if (!bound[i]) {
			bound[i] = pdev;
			return 0;
		}
	}
	kshim_bug(__FILE__, __LINE__);
}

void kshim_platform_unbind(struct platform_device *pdev)
{
	struct platform_driver *drv = kshim_platform_driver_of(pdev);
	int i;

	for (i = 0; i < MAX_BOUND; i++)
		if (bound[i] == pdev)
			bound[i] = NULL;
	if (drv && drv->remove)
		drv->remove(pdev);
	kshim_devres_release_all(&pdev->dev);
	pdev->dev.driver = NULL;
	if (pdev->dev.fwnode)
		pdev->dev.fwnode->dev = NULL;
}

struct resource *platform_get_resource(struct platform_device *pdev,
				       unsigned int type, unsigned int num)
{
	u32 i;

	for (i = 0; i < pdev->num_resources; i++)
		if ((pdev->resource[i].flags & type) && !num--)
			return &pdev->resource[i];
	return NULL;
}

void __iomem *devm_platform_get_and_ioremap_resource(struct platform_device *p,
						     unsigned int index,
						     struct resource **res)
{
	struct resource *r = platform_get_resource(p, IORESOURCE_MEM, index);

	if (res)
		*res = r;
	if (!r)
		return ERR_PTR(-EINVAL);
	return kshim_ioremap(r->start, resource_size(r));
}

int platform_get_irq(struct platform_device *pdev, unsigned int num)
{
	if (num >= (unsigned int)pdev->num_irqs)
		return -ENXIO;
	return pdev->irq[num];
}

const void *of_device_get_match_data(const struct device *dev)
{
	struct platform_device *p = to_platform_device((struct device *)dev);

	return p->match ? p->match->data : NULL;
}

struct device *driver_find_device_by_fwnode(struct device_driver *drv,
					    const struct fwnode_handle *fw)
{
	int i;

	for (i = 0; i < MAX_BOUND; i++)
		if (bound[i] && bound[i]->dev.driver == drv &&
		    bound[i]->dev.fwnode == fw)
			return &bound[i]->dev;
	return NULL;
}

/* ---- interrupts -------------------------------------------------------- */

#define MAX_ACTIONS 256

struct irq_action {
	int irq;		/* 0: free slot */
	irq_handler_t handler, thread;
	void *data;
	struct device *dev;
};

static struct irq_action actions[MAX_ACTIONS];

static void irq_devres_release(struct device *dev, void *res)
{
	struct irq_action *a = *(struct irq_action **)res;

	a->irq = 0;
}

int devm_request_threaded_irq(struct device *dev, unsigned int irq,
			      irq_handler_t handler, irq_handler_t thread,
			      unsigned long flags, const char *name, void *data)
{
	struct irq_action **res;
	int i;

	if (!irq || irq >= KSHIM_MAX_IRQS)
		return -EINVAL;
	for (i = 0; i < MAX_ACTIONS && actions[i].irq; i++)
		;
	if (i == MAX_ACTIONS)
		return -ENOSPC;
	if (dev) {
		res = kshim_devres_alloc(dev, sizeof(*res), false,
					 irq_devres_release);
		if (!res)
			return -ENOMEM;
		*res = &actions[i];
	}
	actions[i] = (struct irq_action){ irq, handler, thread, data, dev };
	return 0;
}

void devm_free_irq(struct device *dev, unsigned int irq, void *data)
{
	int i;

	for (i = 0; i < MAX_ACTIONS; i++)
		if (actions[i].irq == (int)irq && actions[i].data == data)
			actions[i].irq = 0;
}

int kshim_irq_raise(int irq)
{
	int i, handled = 0;
	irqreturn_t r;

	for (i = 0; i < MAX_ACTIONS; i++) {
		if (actions[i].irq != irq)
			continue;
		r = actions[i].handler ? actions[i].handler(irq,
							    actions[i].data)
				       : IRQ_WAKE_THREAD;
		if (r == IRQ_WAKE_THREAD && actions[i].thread)
			r = actions[i].thread(irq, actions[i].data);
		handled += r == IRQ_HANDLED;
	}
	return handled;
}

int kshim_irq_handlers(int irq)
{
	int i, n = 0;

	for (i = 0; i < MAX_ACTIONS; i++)
		n += actions[i].irq == irq;
	return n;
}

/* ---- runtime PM ---------------------------------------------------------- */

static const struct dev_pm_ops *pm_ops_of(struct device *dev)
{
	return dev->driver ? dev->driver->pm : NULL;
}

int pm_runtime_get_sync(struct device *dev)
{
	const struct dev_pm_ops *pm = pm_ops_of(dev);
	int ret = 0;

	dev->rpm_usage++;
	if (dev->rpm_enabled && dev->rpm_suspended) {
		if (pm && pm->runtime_resume)
			ret = pm->runtime_resume(dev);
		if (!ret)
			dev->rpm_suspended = false;
	}
	return ret;
}

int pm_runtime_resume_and_get(struct device *dev)
{
	int ret = pm_runtime_get_sync(dev);

	if (ret < 0)
		dev->rpm_usage--;
	return ret < 0 ? ret : 0;
}

int pm_runtime_get_if_active(struct device *dev)
{
	if (!dev->rpm_enabled)
		return -EINVAL;
	if (dev->rpm_suspended)
		return 0;
	dev->rpm_usage++;
	return 1;
}

int pm_runtime_put(struct device *dev)
{
	const struct dev_pm_ops *pm = pm_ops_of(dev);

	if (WARN_ON(dev->rpm_usage <= 0))
		return -EINVAL;
	if (--dev->rpm_usage || !dev->rpm_enabled || dev->rpm_suspended)
		return 0;
	if (pm && pm->runtime_suspend && pm->runtime_suspend(dev))
		return 0;
	dev->rpm_suspended = true;
	return 0;
}

int pm_runtime_force_suspend(struct device *dev)
{
	const struct dev_pm_ops *pm = pm_ops_of(dev);
	int ret = 0;

	if (dev->rpm_suspended)
		return 0;
	if (pm && pm->runtime_suspend)
		ret = pm->runtime_suspend(dev);
	if (!ret)
		dev->rpm_suspended = true;
	return ret;
}

int pm_runtime_force_resume(struct device *dev)
{
	const struct dev_pm_ops *pm = pm_ops_of(dev);
	int ret = 0;

	if (!dev->rpm_suspended)
		return 0;
	if (pm && pm->runtime_resume)
		ret = pm->runtime_resume(dev);
	if (!ret)
		dev->rpm_suspended = false;
	return ret;
}
