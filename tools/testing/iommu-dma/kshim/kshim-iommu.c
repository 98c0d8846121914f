// SPDX-License-Identifier: GPL-2.0-only
/*
 * kshim run time, part 3: the mini IOMMU core.  It does for one device
 * what the 6.12 core does on the way from a DT "iommus" entry to a
 * mapped page, and no more: no sysfs, no DMA-API cookie, no PASIDs.
 *
 * File map:
 *   instances          a fixed table of registered IOMMUs, by fwnode
 *   fwspec             one allocation per device, regrown as IDs come
 *   groups             reference counted; a group's devices share a domain
 *   faults             report_iommu_fault(), the record tests read
 *   probe and domains  kshim_iommu_of_xlate(), _probe(), _release(),
 *                      domain allocation, attach
 *   map and unmap      page size selection, iommu_map(), iommu_unmap()
 */
#include "kshim.h"

struct kshim_fault kshim_last_fault;

/* ---- instances ------------------------------------------------------------- */

#define KSHIM_IOMMUS 4

static struct iommu_device *registered[KSHIM_IOMMUS];

int iommu_device_register(struct iommu_device *iommu,
			  const struct iommu_ops *ops, struct device *hwdev)
{
	int slot;

	if (!ops || !hwdev)
		return -EINVAL;
	for (slot = 0; slot < KSHIM_IOMMUS && registered[slot]; slot++)
		;
	if (slot == KSHIM_IOMMUS)
		return -ENOSPC;
	*iommu = (struct iommu_device){
		.ops = ops, .dev = hwdev, .fwnode = hwdev->fwnode,
		.in_sysfs = iommu->in_sysfs,
	};
	registered[slot] = iommu;
	return 0;
}

void iommu_device_unregister(struct iommu_device *iommu)
{
	int slot;

	for (slot = 0; slot < KSHIM_IOMMUS; slot++)
		if (registered[slot] == iommu)
			registered[slot] = NULL;
}

static struct iommu_device *instance_of(const struct fwnode_handle *fw)
{
	int slot;

	for (slot = 0; fw && slot < KSHIM_IOMMUS; slot++)
		if (registered[slot] && registered[slot]->fwnode == fw)
			return registered[slot];
	return NULL;
}

/* the driver behind @dev's fwspec, NULL when it has none or is gone */
static const struct iommu_ops *driver_of(struct device *dev)
{
	struct iommu_device *inst;

	if (!dev->iommu || !dev->iommu->fwspec)
		return NULL;
	inst = instance_of(dev->iommu->fwspec->iommu_fwnode);
	return inst ? inst->ops : NULL;
}

/* ---- fwspec --------------------------------------------------------------- */

int iommu_fwspec_init(struct device *dev, struct fwnode_handle *iommu_fwnode)
{
	struct iommu_fwspec *spec;

	if (!dev->iommu) {
		dev->iommu = kzalloc(sizeof(*dev->iommu), GFP_KERNEL);
		if (!dev->iommu)
			return -ENOMEM;
	}
	spec = dev->iommu->fwspec;
	if (spec)	/* a second entry must name the same IOMMU */
		return spec->iommu_fwnode == iommu_fwnode ? 0 : -EINVAL;
	spec = kzalloc(sizeof(*spec), GFP_KERNEL);
	if (!spec)
		return -ENOMEM;
	spec->iommu_fwnode = iommu_fwnode;
	dev->iommu->fwspec = spec;
	return 0;
}

int iommu_fwspec_add_ids(struct device *dev, const u32 *ids, int num_ids)
{
	struct iommu_fwspec *old = dev_iommu_fwspec_get(dev), *grown;
	unsigned int total;

	if (!old || num_ids < 0)
		return -EINVAL;
	total = old->num_ids + num_ids;
	grown = kzalloc(struct_size(grown, ids, total), GFP_KERNEL);
	if (!grown)
		return -ENOMEM;
	*grown = *old;
	memcpy(grown->ids, old->ids, old->num_ids * sizeof(*ids));
	memcpy(grown->ids + old->num_ids, ids, num_ids * sizeof(*ids));
	grown->num_ids = total;
	dev->iommu->fwspec = grown;
	kfree(old);
	return 0;
}

void iommu_fwspec_free(struct device *dev)
{
	struct iommu_fwspec *spec = dev_iommu_fwspec_get(dev);

	if (spec) {
		dev->iommu->fwspec = NULL;
		kfree(spec);
	}
}

/* ---- groups ----------------------------------------------------------------- */

struct iommu_group *generic_device_group(struct device *dev)
{
	static int ids;
	struct iommu_group *g = kzalloc(sizeof(*g), GFP_KERNEL);

	if (!g)
		return ERR_PTR(-ENOMEM);
	g->refs = 1;
	g->id = ids++;
	return g;
}

void iommu_group_put(struct iommu_group *group)
{
	if (!group)
		return;
	if (WARN_ON(group->refs <= 0))
		return;
	if (--group->refs == 0)
		kfree(group);
}

struct iommu_resv_region *iommu_alloc_resv_region(phys_addr_t start,
						  size_t length, int prot,
						  enum iommu_resv_type type,
						  gfp_t gfp)
{
	struct iommu_resv_region *r = kzalloc(sizeof(*r), gfp);

	if (r) {
		*r = (struct iommu_resv_region){
			.start = start, .length = length, .prot = prot,
			.type = type,
		};
		INIT_LIST_HEAD(&r->list);
	}
	return r;
}

/* ---- faults ----------------------------------------------------------------- */

int report_iommu_fault(struct iommu_domain *domain, struct device *dev,
		       unsigned long iova, int flags)
{
	kshim_last_fault = (struct kshim_fault){
		.count = kshim_last_fault.count + 1,
		.domain = domain, .dev = dev, .iova = iova, .flags = flags,
	};
	/* the core's "no handler" answer; the driver then logs it itself */
	if (!domain || !domain->handler)
		return -KSHIM_ERRNO_NO_HANDLER;
	return domain->handler(domain, dev, iova, flags,
			       domain->handler_token);
}

/* ---- probe and domains ---------------------------------------------------- */

int kshim_iommu_of_xlate(struct device *dev, struct device_node *iommu_np,
			 const u32 *cells, int ncells)
{
	struct iommu_device *inst = instance_of(&iommu_np->fwnode);
	struct of_phandle_args args = { .np = iommu_np, .args_count = ncells };
	int err;

	if (!inst)
		return -EPROBE_DEFER;	/* the IOMMU has not probed */
	if (ncells < 0 || ncells > KSHIM_PROP_VALS)
		return -EINVAL;
	memcpy(args.args, cells, ncells * sizeof(*cells));
	err = iommu_fwspec_init(dev, &iommu_np->fwnode);
	return err ? err : inst->ops->of_xlate(dev, &args);
}

struct iommu_domain *kshim_iommu_domain_alloc(struct device *dev,
					      unsigned int type)
{
	const struct iommu_ops *drv = driver_of(dev);
	struct iommu_domain *made = NULL;

	if (!drv)
		return ERR_PTR(-ENODEV);
	/* the driver's static domains are shared, never set up here */
	if (type == IOMMU_DOMAIN_IDENTITY && drv->identity_domain)
		return drv->identity_domain;
	if (type == IOMMU_DOMAIN_BLOCKED && drv->blocked_domain)
		return drv->blocked_domain;
	if (type & __IOMMU_DOMAIN_PAGING && drv->domain_alloc_paging)
		made = drv->domain_alloc_paging(dev);
	else if (drv->domain_alloc)
		made = drv->domain_alloc(type);
	else
		return ERR_PTR(-EOPNOTSUPP);
	if (!made)
		return ERR_PTR(-ENOMEM);
	if (IS_ERR(made))
		return made;
	made->type = type;
	made->owner = drv;
	made->ops = made->ops ?: drv->default_domain_ops;
	made->pgsize_bitmap = made->pgsize_bitmap ?: drv->pgsize_bitmap;
	return made;
}

/* only domains the core allocated are freed; static ones have no owner */
void kshim_iommu_domain_free(struct iommu_domain *domain)
{
	if (domain && domain->owner && domain->ops->free)
		domain->ops->free(domain);
}

int kshim_iommu_attach(struct iommu_domain *domain, struct device *dev)
{
	struct iommu_group *g = dev->iommu ? dev->iommu->group : NULL;
	int err;

	if (!g)
		return -ENODEV;
	err = domain->ops->attach_dev(domain, dev);
	if (!err)
		g->domain = domain;
	return err;
}

struct iommu_domain *kshim_iommu_get_domain(struct device *dev)
{
	struct iommu_group *g = dev->iommu ? dev->iommu->group : NULL;

	return g ? g->domain : NULL;
}

/* the driver lets go of @dev: probe's undo and release's end */
static void unprobe(const struct iommu_ops *drv, struct device *dev)
{
	if (drv->release_device)
		drv->release_device(dev);
	dev->iommu->iommu_dev = NULL;
}

int kshim_iommu_probe(struct device *dev, unsigned int type)
{
	const struct iommu_ops *drv = driver_of(dev);
	struct iommu_domain *dom;
	struct iommu_device *inst;
	struct iommu_group *g;
	int err, want;

	if (!drv)
		return -ENODEV;
	inst = drv->probe_device(dev);
	if (IS_ERR(inst))
		return PTR_ERR(inst);
	dev->iommu->iommu_dev = inst;
	g = drv->device_group(dev);
	if (IS_ERR(g)) {
		unprobe(drv, dev);
		return PTR_ERR(g);
	}
	dev->iommu->group = g;
	/* a group's later devices join its domain; the first makes one */
	dom = g->domain;
	if (!dom) {
		want = drv->def_domain_type ? drv->def_domain_type(dev) : 0;
		dom = kshim_iommu_domain_alloc(dev, want ?: type);
		err = PTR_ERR_OR_ZERO(dom);
		if (err)
			goto fail;
	}
	err = dom->ops->attach_dev(dom, dev);
	if (err) {
		if (!g->domain)
			kshim_iommu_domain_free(dom);
		goto fail;
	}
	if (!g->domain)
		g->default_domain = dom;
	g->domain = dom;
	g->ndev++;
	if (drv->probe_finalize)
		drv->probe_finalize(dev);
	return 0;

fail:
	dev->iommu->group = NULL;
	iommu_group_put(g);
	unprobe(drv, dev);
	return err;
}

void kshim_iommu_release(struct device *dev)
{
	const struct iommu_ops *drv = driver_of(dev);
	struct dev_iommu *state = dev->iommu;
	struct iommu_domain *parking;
	struct iommu_group *g;

	if (!state)
		return;
	g = state->group;
	if (drv && state->iommu_dev) {
		/* off the translation first, as the core does */
		parking = drv->release_domain ?: drv->blocked_domain;
		if (parking)
			parking->ops->attach_dev(parking, dev);
		unprobe(drv, dev);
	}
	if (g && --g->ndev == 0) {
		kshim_iommu_domain_free(g->default_domain);
		g->default_domain = NULL;
		g->domain = NULL;
	}
	iommu_group_put(g);
	iommu_fwspec_free(dev);
	dev->iommu = NULL;
	kfree(state);
}

/* ---- map and unmap ---------------------------------------------------------- */

/*
 * The largest supported page size that @iova and @pa are both aligned to
 * and that fits in @size, and in *@count how many of it to map before a
 * larger size could take over (at its next boundary).  0 when none fits.
 */
static size_t pick_pgsize(unsigned long sizes, unsigned long iova,
			  phys_addr_t pa, size_t size, size_t *count)
{
	unsigned long fit = sizes & (BIT(__ffs(iova | pa | BIT(63))) * 2 - 1);
	unsigned long larger, step;
	size_t pg, n;

	if (!size)
		return 0;
	fit &= (BIT(__fls(size)) << 1) - 1;
	if (!fit)
		return 0;
	pg = BIT(__fls(fit));
	n = size / pg;
	larger = sizes & ~(pg * 2 - 1);
	if (larger && !((iova ^ pa) & (BIT(__ffs(larger)) - 1))) {
		step = BIT(__ffs(larger));
		n = min_t(size_t, n, (ALIGN(iova + 1, step) - iova) / pg);
	}
	*count = n;
	return pg;
}

int iommu_map(struct iommu_domain *domain, unsigned long iova,
	      phys_addr_t paddr, size_t size, int prot, gfp_t gfp)
{
	const struct iommu_domain_ops *dops = domain->ops;
	size_t done = 0, n, pg, got;
	int err = 0;

	if (!(domain->type & __IOMMU_DOMAIN_PAGING) || !dops->map_pages)
		return -EINVAL;
	while (!err && done < size) {
		pg = pick_pgsize(domain->pgsize_bitmap, iova + done,
				 paddr + done, size - done, &n);
		if (!pg) {
			err = -EINVAL;
			break;
		}
		got = 0;
		err = dops->map_pages(domain, iova + done, paddr + done, pg, n,
				      prot, gfp, &got);
		done += got;
	}
	if (!err && dops->iotlb_sync_map)
		err = dops->iotlb_sync_map(domain, iova, size);
	if (err && done)	/* all or nothing, as the core */
		iommu_unmap(domain, iova, done);
	return err;
}

size_t iommu_unmap(struct iommu_domain *domain, unsigned long iova,
		   size_t size)
{
	const struct iommu_domain_ops *dops = domain->ops;
	struct iommu_iotlb_gather g;
	size_t done = 0, n, pg, got;

	if (!(domain->type & __IOMMU_DOMAIN_PAGING))
		return 0;
	iommu_iotlb_gather_init(&g);
	for (;;) {
		if (done >= size)
			break;
		pg = pick_pgsize(domain->pgsize_bitmap, iova + done,
				 iova + done, size - done, &n);
		got = pg ? dops->unmap_pages(domain, iova + done, pg, n, &g) : 0;
		if (!got)
			break;
		done += got;
	}
	/* strict: the invalidation is complete before the caller goes on */
	if (dops->iotlb_sync)
		dops->iotlb_sync(domain, &g);
	return done;
}

phys_addr_t iommu_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova)
{
	switch (domain->type) {
	case IOMMU_DOMAIN_IDENTITY:
		return iova;
	case IOMMU_DOMAIN_BLOCKED:
		return 0;
	default:
		return domain->ops->iova_to_phys ?
		       domain->ops->iova_to_phys(domain, iova) : 0;
	}
}

void iommu_flush_iotlb_all(struct iommu_domain *domain)
{
	const struct iommu_domain_ops *dops = domain->ops;

	if (dops->flush_iotlb_all)
		dops->flush_iotlb_all(domain);
}
