/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the IPMMU driver needs beyond ../kshim, kept here so the shared
 * shims stay as they are: the SoC match the allowlist asks, a group the
 * driver allocates itself, the domain a device is in (the harness moves
 * groups as the core does), MMIO through ioread32()/iowrite32(), DT
 * lookup of a platform device, mutex_destroy() and the noirq sleep
 * callbacks (kshim's dev_pm_ops has one resume; the harness calls it as
 * resume_noirq).
 *
 * Included after kshim.h by every file of the harness, driver files too.
 */
#ifndef IPMMU_DRV_SHIM_EXTRA_H
#define IPMMU_DRV_SHIM_EXTRA_H

#include <fnmatch.h>

struct soc_device_attribute {
	const char *machine;
	const char *family;
	const char *revision;
	const char *serial_number;
	const char *soc_id;
	const void *data;
};

/* the SoC the harness pretends to be; fields NULL: unknown */
extern struct soc_device_attribute hi_soc;

static inline const struct soc_device_attribute *
soc_device_match(const struct soc_device_attribute *m)
{
	for (; m->family || m->soc_id || m->revision || m->machine; m++) {
		if (m->family && (!hi_soc.family ||
				  fnmatch(m->family, hi_soc.family, 0)))
			continue;
		if (m->soc_id && (!hi_soc.soc_id ||
				  fnmatch(m->soc_id, hi_soc.soc_id, 0)))
			continue;
		if (m->revision && (!hi_soc.revision ||
				    fnmatch(m->revision, hi_soc.revision, 0)))
			continue;
		return m;
	}
	return NULL;
}

static inline int match_string(const char * const *array, size_t n,
			       const char *string)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (array[i] && !strcmp(array[i], string))
			return (int)i;
	return -EINVAL;
}

struct iommu_group *iommu_group_alloc(void);
struct iommu_domain *iommu_get_domain_for_dev(struct device *dev);

static inline struct platform_device *of_find_device_by_node(struct device_node *np)
{
	return np && np->fwnode.dev ? to_platform_device(np->fwnode.dev) : NULL;
}

#define ioread32(a)		readl_relaxed(a)
#define iowrite32(v, a)		kshim_mmio_write(a, 4, (u32)(v))
#define NOIRQ_SYSTEM_SLEEP_PM_OPS(s, r)	.suspend = (s), .resume = (r),
#ifndef mutex_destroy
#define mutex_destroy(m)	((void)(m))
#endif

#endif /* IPMMU_DRV_SHIM_EXTRA_H */
