// SPDX-License-Identifier: GPL-2.0-only
/*
 * kshim run time, part 3: the mini IOMMU core.  It does for one device
 * what the 6.12 core does on the way from a DT "iommus" entry to a
 * mapped page, and no more: no sysfs, no DMA-API cookie, no PASIDs.
 *
 * File map:
 *   fwspec and priv      dev_iommu, iommu_fwspec_*()
 *   registration         iommu_device_register(), the instance list
 *   groups               generic_device_group(), references
 *   faults               report_iommu_fault(), the record tests read
 *   probe and domains    kshim_iommu_of_xlate(), _probe(), _release(),
 *                        domain allocation, attach
 *   map and unmap        page size selection, iommu_map(), iommu_unmap()
 */
#include "kshim.h"

struct kshim_fault kshim_last_fault;
static LIST_HEAD(iommus);
static int next_group_id;

/* ---- fwspec and priv ----------------------------------------------------- */

static struct dev_iommu *dev_iommu_get(struct device *dev)
{
	if (!dev->iommu)
		dev->iommu = kzalloc(sizeof(*dev->iommu), GFP_KERNEL);
	return dev->iommu;
}

struct iommu_fwspec *dev_iommu_fwspec_get(struct device *dev)
{
	return dev->iommu ? dev->iommu->fwspec : NULL;
}

int iommu_fwspec_init(struct device *dev, struct fwnode_handle *iommu_fwnode)
{
	struct dev_iommu *di = dev_iommu_get(dev);
	struct iommu_fwspec *fw;

	if (!di)
		return -ENOMEM;
	fw = di->fwspec;
	if (fw)
		return fw->iommu_fwnode == iommu_fwnode ? 0 : -EINVAL;
	fw = kzalloc(sizeof(*fw), GFP_KERNEL);
	if (!fw)
		return -ENOMEM;
	fw->iommu_fwnode = iommu_fwnode;
	di->fwspec = fw;
	return 0;
}

int iommu_fwspec_add_ids(struct device *dev, const u32 *ids, int num_ids)
{
	struct iommu_fwspec *fw = dev_iommu_fwspec_get(dev), *nfw;
	size_t n;

	if (!fw)
		return -EINVAL;
	n = sizeof(*fw) + (fw->num_ids + num_ids) * sizeof(u32);
	nfw = kzalloc(n, GFP_KERNEL);
	if (!nfw)
		return -ENOMEM;
	memcpy(nfw, fw, sizeof(*fw) + fw->num_ids * sizeof(u32));
	memcpy(nfw->ids + fw->num_ids, ids, num_ids * sizeof(u32));
	nfw->num_ids += num_ids;
	kfree(fw);
	dev->iommu->fwspec = nfw;
	return 0;
}

void iommu_fwspec_free(struct device *dev)
{
	if (dev->iommu) {
		kfree(dev->iommu->fwspec);
		dev->iommu->fwspec = NULL;
	}
}

void *dev_iommu_priv_get(struct device *dev)
{
	return dev->iommu ? dev->iommu->priv : NULL;
}

void dev_iommu_priv_set(struct device *dev, void *priv)
{
	if (dev_iommu_get(dev))
		dev->iommu->priv = priv;
}

/* ---- registration --------------------------------------------------------- */

int iommu_device_register(struct iommu_device *iommu,
			  const struct iommu_ops *ops, struct device *hwdev)
{
	if (!ops || !hwdev)
		return -EINVAL;
	iommu->ops = ops;
	iommu->dev = hwdev;
	iommu->fwnode = dev_fwnode(hwdev);
	list_add_tail(&iommu->list, &iommus);
	return 0;
}

void iommu_device_unregister(struct iommu_device *iommu)
{
	list_del(&iommu->list);
}

int iommu_device_sysfs_add(struct iommu_device *iommu, struct device *parent,
			   const void *groups, const char *fmt, ...)
{
	iommu->in_sysfs = true;
	return 0;
}

void iommu_device_sysfs_remove(struct iommu_device *iommu)
{
	iommu->in_sysfs = false;
}

static struct iommu_device *iommu_by_fwnode(struct fwnode_handle *fw)
{
	struct iommu_device *iommu;

	list_for_each_entry(iommu, &iommus, list)
		if (iommu->fwnode == fw)
			return iommu;
	return NULL;
}

/* ---- groups ---------------------------------------------------------------- */

struct iommu_group *generic_device_group(struct device *dev)
{
	struct iommu_group *g = kzalloc(sizeof(*g), GFP_KERNEL);

	if (!g)
		return ERR_PTR(-ENOMEM);
	g->refs = 1;
	g->id = next_group_id++;
	return g;
}

struct iommu_group *iommu_group_ref_get(struct iommu_group *group)
{
	group->refs++;
	return group;
}

void iommu_group_put(struct iommu_group *group)
{
	if (group && !--group->refs)
		kfree(group);
}

struct iommu_resv_region *iommu_alloc_resv_region(phys_addr_t start,
						  size_t length, int prot,
						  enum iommu_resv_type type,
						  gfp_t gfp)
{
	struct iommu_resv_region *r = kzalloc(sizeof(*r), gfp);

	if (!r)
		return NULL;
	INIT_LIST_HEAD(&r->list);
	r->start = start;
	r->length = length;
	r->prot = prot;
	r->type = type;
	return r;
}

/* ---- faults ------------------------------------------------------------------ */

int report_iommu_fault(struct iommu_domain *domain, struct device *dev,
		       unsigned long iova, int flags)
{
	kshim_last_fault.count++;
	kshim_last_fault.domain = domain;
	kshim_last_fault.dev = dev;
	kshim_last_fault.iova = iova;
	kshim_last_fault.flags = flags;
	if (domain && domain->handler)
		return domain->handler(domain, dev, iova, flags,
				       domain->handler_token);
	return -ENOSYS;
}

void iommu_set_fault_handler(struct iommu_domain *domain,
			     iommu_fault_handler_t handler, void *token)
{
	domain->handler = handler;
	domain->handler_token = token;
}

/* ---- probe and domains -------------------------------------------------- */

int kshim_iommu_of_xlate(struct device *dev, struct device_node *iommu_np,
			 const u32 *cells, int ncells)
{
	struct of_phandle_args args = { .np = iommu_np, .args_count = ncells };
	struct iommu_device *iommu = iommu_by_fwnode(&iommu_np->fwnode);
	int ret;

	if (!iommu)
		return -EPROBE_DEFER;
	if (ncells > KSHIM_PROP_VALS)
		return -EINVAL;
	memcpy(args.args, cells, ncells * sizeof(*cells));
	ret = iommu_fwspec_init(dev, &iommu_np->fwnode);
	if (ret)
		return ret;
	return iommu->ops->of_xlate(dev, &args);
}

static const struct iommu_ops *dev_ops(struct device *dev)
{
	struct iommu_fwspec *fw = dev_iommu_fwspec_get(dev);
	struct iommu_device *iommu = fw ? iommu_by_fwnode(fw->iommu_fwnode)
					: NULL;

	return iommu ? iommu->ops : NULL;
}

struct iommu_domain *kshim_iommu_domain_alloc(struct device *dev,
					      unsigned int type)
{
	const struct iommu_ops *ops = dev_ops(dev);
	struct iommu_domain *d;

	if (!ops)
		return ERR_PTR(-ENODEV);
	if (type == IOMMU_DOMAIN_IDENTITY && ops->identity_domain)
		return ops->identity_domain;
	if (type == IOMMU_DOMAIN_BLOCKED && ops->blocked_domain)
		return ops->blocked_domain;
	if ((type & __IOMMU_DOMAIN_PAGING) && ops->domain_alloc_paging)
		d = ops->domain_alloc_paging(dev);
	else if (ops->domain_alloc)
		d = ops->domain_alloc(type);
	else
		return ERR_PTR(-EOPNOTSUPP);
	if (IS_ERR_OR_NULL(d))
		return d ? d : ERR_PTR(-ENOMEM);
	d->type = type;
	d->owner = ops;
	if (!d->ops)
		d->ops = ops->default_domain_ops;
	if (!d->pgsize_bitmap)
		d->pgsize_bitmap = ops->pgsize_bitmap;
	return d;
}

void kshim_iommu_domain_free(struct iommu_domain *domain)
{
	if (domain && domain->owner && domain->ops->free)
		domain->ops->free(domain);
}

int kshim_iommu_probe(struct device *dev, unsigned int type)
{
	const struct iommu_ops *ops = dev_ops(dev);
	struct iommu_device *iommu;
	struct iommu_group *group;
	struct iommu_domain *d;
	int ret, want;

	if (!ops)
		return -ENODEV;
	iommu = ops->probe_device(dev);
	if (IS_ERR(iommu))
		return PTR_ERR(iommu);
	dev->iommu->iommu_dev = iommu;
	group = ops->device_group(dev);
	if (IS_ERR(group)) {
		ret = PTR_ERR(group);
		goto out_release;
	}
	dev->iommu->group = group;
	/* a later device of a group joins the group's domain */
	d = group->domain;
	if (!d) {
		want = ops->def_domain_type ? ops->def_domain_type(dev) : 0;
		d = kshim_iommu_domain_alloc(dev, want ? want : type);
		if (IS_ERR(d)) {
			ret = PTR_ERR(d);
			goto out_group;
		}
	}
	ret = d->ops->attach_dev(d, dev);
	if (ret) {
		if (!group->domain)
			kshim_iommu_domain_free(d);
		goto out_group;
	}
	if (!group->domain)
		group->default_domain = d;
	group->domain = d;
	group->ndev++;
	if (ops->probe_finalize)
		ops->probe_finalize(dev);
	return 0;

out_group:
	iommu_group_put(group);
	dev->iommu->group = NULL;
out_release:
	if (ops->release_device)
		ops->release_device(dev);
	dev->iommu->iommu_dev = NULL;
	return ret;
}

int kshim_iommu_attach(struct iommu_domain *domain, struct device *dev)
{
	struct iommu_group *group = dev->iommu ? dev->iommu->group : NULL;
	int ret;

	if (!group)
		return -ENODEV;
	ret = domain->ops->attach_dev(domain, dev);
	if (!ret)
		group->domain = domain;
	return ret;
}

struct iommu_domain *kshim_iommu_get_domain(struct device *dev)
{
	return dev->iommu && dev->iommu->group ? dev->iommu->group->domain
					       : NULL;
}

void kshim_iommu_release(struct device *dev)
{
	const struct iommu_ops *ops = dev_ops(dev);
	struct dev_iommu *di = dev->iommu;
	struct iommu_group *group;

	if (!di)
		return;
	group = di->group;
	if (ops && di->iommu_dev) {
		/* as the core does: the release or blocked domain first */
		if (ops->release_domain)
			ops->release_domain->ops->attach_dev(ops->release_domain,
							     dev);
		else if (ops->blocked_domain)
			ops->blocked_domain->ops->attach_dev(ops->blocked_domain,
							     dev);
		if (ops->release_device)
			ops->release_device(dev);
	}
	if (group && !--group->ndev) {
		if (group->default_domain && group->default_domain->owner)
			kshim_iommu_domain_free(group->default_domain);
		group->default_domain = NULL;
		group->domain = NULL;
	}
	iommu_group_put(group);
	iommu_fwspec_free(dev);
	kfree(di);
	dev->iommu = NULL;
}

/* ---- map and unmap --------------------------------------------------------- */

/* the largest page size that fits, and how many of it before a larger one */
static size_t pick_pgsize(struct iommu_domain *d, unsigned long iova,
			  phys_addr_t pa, size_t size, size_t *count)
{
	unsigned long sizes = d->pgsize_bitmap, addr = iova | pa, larger;
	size_t pgsize = 0, n;
	int b;

	for (b = 0; b < BITS_PER_LONG; b++) {
		if (!(sizes & BIT(b)) || BIT(b) > size || (addr & (BIT(b) - 1)))
			continue;
		pgsize = BIT(b);
	}
	if (!pgsize)
		return 0;
	n = size / pgsize;
	larger = sizes & ~(pgsize | (pgsize - 1));
	if (larger) {
		unsigned long next = BIT(__ffs(larger));

		if ((iova ^ pa) & (next - 1)) {
			*count = n;
			return pgsize;
		}
		n = min_t(size_t, n, (ALIGN(iova + 1, next) - iova) / pgsize);
	}
	*count = n;
	return pgsize;
}

int iommu_map(struct iommu_domain *domain, unsigned long iova,
	      phys_addr_t paddr, size_t size, int prot, gfp_t gfp)
{
	const struct iommu_domain_ops *ops = domain->ops;
	size_t done = 0, count, pgsize, mapped;
	int ret = 0;

	if (!(domain->type & __IOMMU_DOMAIN_PAGING) || !ops->map_pages)
		return -EINVAL;
	while (done < size) {
		pgsize = pick_pgsize(domain, iova + done, paddr + done,
				     size - done, &count);
		if (!pgsize) {
			ret = -EINVAL;
			break;
		}
		mapped = 0;
		ret = ops->map_pages(domain, iova + done, paddr + done, pgsize,
				     count, prot, gfp, &mapped);
		done += mapped;
		if (ret)
			break;
	}
	if (!ret && ops->iotlb_sync_map)
		ret = ops->iotlb_sync_map(domain, iova, size);
	if (ret && done)
		iommu_unmap(domain, iova, done);
	return ret;
}

size_t iommu_unmap(struct iommu_domain *domain, unsigned long iova,
		   size_t size)
{
	const struct iommu_domain_ops *ops = domain->ops;
	struct iommu_iotlb_gather gather;
	size_t done = 0, count, pgsize, got;

	if (!(domain->type & __IOMMU_DOMAIN_PAGING))
		return 0;
	iommu_iotlb_gather_init(&gather);
	while (done < size) {
		pgsize = pick_pgsize(domain, iova + done, iova + done,
				     size - done, &count);
		if (!pgsize)
			break;
		got = ops->unmap_pages(domain, iova + done, pgsize, count,
				       &gather);
		if (!got)
			break;
		done += got;
	}
	if (ops->iotlb_sync)
		ops->iotlb_sync(domain, &gather);
	return done;
}

phys_addr_t iommu_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova)
{
	if (domain->type == IOMMU_DOMAIN_IDENTITY)
		return iova;
	if (!(domain->type & __IOMMU_DOMAIN_PAGING) || !domain->ops->iova_to_phys)
		return 0;
	return domain->ops->iova_to_phys(domain, iova);
}

void iommu_flush_iotlb_all(struct iommu_domain *domain)
{
	if (domain->ops->flush_iotlb_all)
		domain->ops->flush_iotlb_all(domain);
}
