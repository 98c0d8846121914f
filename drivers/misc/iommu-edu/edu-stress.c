// SPDX-License-Identifier: GPL-2.0
/*
 * iommu-edu: mappings made from several threads at once, and a count of
 * what edu's domain still maps.
 *
 * Every other ioctl of the driver runs under the device lock, so however
 * many threads a test starts, the DMA layer sees one caller at a time.
 * The stress mappings skip that lock: IOMMU_EDU_IOC_STRESS_MAP maps one
 * shared buffer again and again with dma_map_single() (DMA_TO_DEVICE, so
 * that the overlapping mappings are legal), and concurrent callers meet
 * in the IOVA allocator, its caches and the page table, as the queues of
 * a busy block device would.  A test narrows edu's DMA mask and maps until
 * the DMA layer refuses; the refusal must be a clean DMA_MAPPING_ERROR,
 * and once everything is released the same number of mappings must fit
 * again.
 *
 * IOMMU_EDU_IOC_MAPPED looks every page of a range up in edu's domain,
 * so a test can tell that a failed or released mapping left nothing
 * behind in the page table.
 *
 * File map:
 *   backing buffer        edu_stress_backing()
 *   map, unmap            edu_stress_map(), edu_stress_unmap_owner()
 *   ioctl entry points    edu_stress_cmd(), edu_stress_ioctl()
 *   file close, unbind    edu_stress_release(), edu_stress_remove()
 *   untrusted flag        edu_stress_set_untrusted()
 *   page-table count      edu_ioc_mapped()
 *
 * Locking: edu_stress.sem is held for reading around every map and unmap,
 * so they run side by side, and for writing by the unbind, which so
 * waits for them and then releases what is left.  edu_stress.lock (a
 * spinlock) only guards the list; the DMA API is never called under it.
 */

#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/iommu.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include <uapi/misc/iommu-edu.h>

#include "edu.h"

/**
 * struct edu_stress_map - one live stress mapping
 * @link: entry in edu_stress.maps
 * @owner: the open file that made it
 * @iova: its bus address
 * @size: its length in bytes
 */
struct edu_stress_map {
	struct list_head link;
	const void *owner;
	dma_addr_t iova;
	u32 size;
};

/**
 * edu_stress_init() - prepare the stress state of a device being probed
 * @st: the state, inside struct edu_dev
 */
void edu_stress_init(struct edu_stress *st)
{
	init_rwsem(&st->sem);
	spin_lock_init(&st->lock);
	INIT_LIST_HEAD(&st->maps);
	st->live = 0;
	st->backing = NULL;
	st->gone = false;
}

/* The shared buffer, allocated by the first caller that needs it. */
static void *edu_stress_backing(struct edu_stress *st)
{
	void *mem = READ_ONCE(st->backing);

	if (mem)
		return mem;
	mem = alloc_pages_exact(IOMMU_EDU_BUF_MAX, GFP_KERNEL | __GFP_ZERO);
	if (!mem)
		return NULL;
	/* Two first callers: the loser gives its buffer back. */
	if (cmpxchg(&st->backing, NULL, mem)) {
		free_pages_exact(mem, IOMMU_EDU_BUF_MAX);
		mem = READ_ONCE(st->backing);
	}
	return mem;
}

static int edu_stress_map(struct edu_dev *edu, const void *owner,
			  struct iommu_edu_stress *arg)
{
	struct edu_stress *st = &edu->stress;
	struct device *dev = edu_to_dev(edu);
	struct edu_stress_map *m;
	u64 lo = U64_MAX, hi = 0;
	int ret = 0;
	void *mem;
	u32 done;

	if (!arg->size || arg->size > IOMMU_EDU_BUF_MAX || !arg->count ||
	    arg->count > IOMMU_EDU_STRESS_BATCH)
		return -EINVAL;
	mem = edu_stress_backing(st);
	if (!mem)
		return -ENOMEM;

	for (done = 0; done < arg->count; done++) {
		m = kmalloc(sizeof(*m), GFP_KERNEL);
		if (!m) {
			ret = -ENOMEM;
			break;
		}
		m->owner = owner;
		m->size = arg->size;
		m->iova = dma_map_single(dev, mem, arg->size, DMA_TO_DEVICE);
		if (dma_mapping_error(dev, m->iova)) {
			kfree(m);
			ret = -ENOMEM;
			break;
		}
		lo = min_t(u64, lo, m->iova);
		hi = max_t(u64, hi, m->iova + arg->size - 1);
		spin_lock(&st->lock);
		list_add(&m->link, &st->maps);
		st->live++;
		spin_unlock(&st->lock);
	}
	/* Nothing mapped: a plain error, and nothing changed. */
	if (!done)
		return ret;

	arg->done = done;
	arg->iova_lo = lo;
	arg->iova_hi = hi;
	spin_lock(&st->lock);
	arg->live = st->live;
	spin_unlock(&st->lock);
	return 0;
}

/* Release the mappings of @owner, or all of them when @owner is NULL. */
static u32 edu_stress_unmap_owner(struct edu_dev *edu, const void *owner)
{
	struct edu_stress *st = &edu->stress;
	struct device *dev = edu_to_dev(edu);
	struct edu_stress_map *m, *tmp;
	LIST_HEAD(mine);
	u32 n = 0;

	spin_lock(&st->lock);
	list_for_each_entry_safe(m, tmp, &st->maps, link) {
		if (owner && m->owner != owner)
			continue;
		list_move(&m->link, &mine);
		st->live--;
		n++;
	}
	spin_unlock(&st->lock);

	list_for_each_entry_safe(m, tmp, &mine, link) {
		dma_unmap_single(dev, m->iova, m->size, DMA_TO_DEVICE);
		list_del(&m->link);
		kfree(m);
		cond_resched();
	}
	return n;
}

/**
 * edu_stress_cmd() - tell whether an ioctl is one of the stress mappings'
 * @cmd: the ioctl number
 *
 * Return: true for the commands edu_stress_ioctl() handles; the caller
 * must not hold the device lock around them.
 */
bool edu_stress_cmd(unsigned int cmd)
{
	return cmd == IOMMU_EDU_IOC_STRESS_MAP ||
	       cmd == IOMMU_EDU_IOC_STRESS_UNMAP;
}

/**
 * edu_stress_ioctl() - map or release stress mappings
 * @edu: the device
 * @owner: the open file the call came through
 * @cmd: IOMMU_EDU_IOC_STRESS_MAP or IOMMU_EDU_IOC_STRESS_UNMAP
 * @arg: the argument, copied in; filled for copying out
 *
 * Context: process context, without the device lock; may sleep.
 * Return: 0, -EINVAL for a bad argument, -ENOMEM when no mapping could be
 * made, -ENODEV once the driver was unbound.
 */
int edu_stress_ioctl(struct edu_dev *edu, const void *owner, unsigned int cmd,
		     struct iommu_edu_stress *arg)
{
	struct edu_stress *st = &edu->stress;
	int ret;

	down_read(&st->sem);
	if (st->gone) {
		ret = -ENODEV;
	} else if (cmd == IOMMU_EDU_IOC_STRESS_MAP) {
		ret = edu_stress_map(edu, owner, arg);
	} else if (arg->size || arg->count) {
		ret = -EINVAL;
	} else {
		memset(arg, 0, sizeof(*arg));
		arg->done = edu_stress_unmap_owner(edu, owner);
		spin_lock(&st->lock);
		arg->live = st->live;
		spin_unlock(&st->lock);
		ret = 0;
	}
	up_read(&st->sem);
	return ret;
}

/**
 * edu_stress_release() - release the stress mappings of a closing file
 * @edu: the device
 * @owner: the file
 *
 * Context: process context, without the device lock.
 */
void edu_stress_release(struct edu_dev *edu, const void *owner)
{
	struct edu_stress *st = &edu->stress;

	down_read(&st->sem);
	if (!st->gone)
		edu_stress_unmap_owner(edu, owner);
	up_read(&st->sem);
}

/**
 * edu_stress_remove() - release every stress mapping at unbind
 * @edu: the device, still bound
 *
 * Waits for the maps and unmaps in flight; later ones fail with ENODEV.
 *
 * Context: process context, without the device lock.
 */
void edu_stress_remove(struct edu_dev *edu)
{
	struct edu_stress *st = &edu->stress;

	down_write(&st->sem);
	st->gone = true;
	edu_stress_unmap_owner(edu, NULL);
	if (st->backing)
		free_pages_exact(st->backing, IOMMU_EDU_BUF_MAX);
	st->backing = NULL;
	up_write(&st->sem);
}

/**
 * edu_stress_set_untrusted() - change how the DMA layer treats edu
 * @edu: the device
 * @untrusted: the new setting of the PCI device's untrusted flag
 *
 * Stress mappings made under one setting must be unmapped under the same,
 * so the flag only changes while none is live; maps wait meanwhile.
 *
 * Context: process context, device lock held (it orders before our sem).
 * Return: 0, or -EBUSY while stress mappings are live.
 */
int edu_stress_set_untrusted(struct edu_dev *edu, bool untrusted)
{
	struct edu_stress *st = &edu->stress;
	int ret = 0;

	down_write(&st->sem);
	if (st->live)
		ret = -EBUSY;
	else
		edu->pdev->untrusted = untrusted;
	up_write(&st->sem);
	return ret;
}

/**
 * edu_ioc_mapped() - count the pages of a range that edu's domain maps
 * @edu: the device
 * @arg: the range in; the count and the first mapped page out
 *
 * Context: process context, device lock held (the domain cannot change).
 * Return: 0, -EINVAL for a bad range, -EOPNOTSUPP when edu's domain does
 * not translate.
 */
int edu_ioc_mapped(struct edu_dev *edu, struct iommu_edu_mapped *arg)
{
	struct iommu_domain *domain = edu_domain(edu);
	u64 iova, npages;

	if (!PAGE_ALIGNED(arg->first) || arg->last < arg->first ||
	    arg->last > (u64)(dma_addr_t)~0ULL)
		return -EINVAL;
	npages = ((arg->last - arg->first) >> PAGE_SHIFT) + 1;
	if (npages > IOMMU_EDU_MAPPED_MAX_PAGES)
		return -EINVAL;
	if (!edu_translated(edu))
		return -EOPNOTSUPP;

	arg->pages = 0;
	arg->lowest = U64_MAX;
	for (iova = arg->first; npages--; iova += PAGE_SIZE) {
		if (iommu_iova_to_phys(domain, iova)) {
			if (!arg->pages)
				arg->lowest = iova;
			arg->pages++;
		}
		if (!(npages & 1023))
			cond_resched();
	}
	return 0;
}
