// SPDX-License-Identifier: GPL-2.0
/*
 * iommu-edu: the buffers user space creates and edu's engine reaches.
 *
 * Each kind of IOMMU_EDU_IOC_CREATE is one way of asking the DMA API for
 * memory a device can reach: a streaming mapping of page memory (SINGLE),
 * a scatterlist cut to the user's pieces (SG), coherent memory with each
 * of its attributes (COHERENT and its variants), dma_alloc_noncontiguous()
 * (NONCONTIG), and pages at a fixed device address where the DMA layer
 * has them (FIXED).  A buffer is entered in its file's table under a
 * handle; its descriptor lives as long as that entry or any VMA mapping
 * it (edu-mmap.c), and the last reference gives the memory back.
 *
 * File map:
 *   helpers              edu_dir_from_uapi(), edu_alloc_pages()
 *   fixed addresses      edu_create_fixed(), edu_create_fixed_map(),
 *                        edu_fixed_unmap(), edu_fixed_free()
 *   giving back          edu_buf_unmap(), edu_buf_give_back(),
 *                        edu_buf_release(), edu_buf_put()
 *   CPU and device sync  edu_buf_sync(), edu_nc_sync(), edu_buf_cpu_access()
 *   kinds of buffer      edu_create_single(), edu_coherent_kind(),
 *                        edu_create_coherent(), edu_create_noncontig(),
 *                        edu_build_sgt(), edu_create_sg()
 *   ioctls               edu_buf_publish(), edu_ioc_create(),
 *                        edu_ioc_map_resource(), edu_ioc_rw()
 *
 * Everything here runs with edu->lock held (see edu-core.c).
 */

#include <linux/dma-mapping.h>
#if IS_ENABLED(CONFIG_IOMMU_DMA_FIXED)
#include <linux/dma-fixed.h>
#endif
#include <linux/err.h>
#include <linux/highmem.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include <uapi/misc/iommu-edu.h>

#include "edu.h"

/* Buffers */

static int edu_dir_from_uapi(u32 dir, enum dma_data_direction *out)
{
	switch (dir) {
	case IOMMU_EDU_DIR_BIDIRECTIONAL:
		*out = DMA_BIDIRECTIONAL;
		return 0;
	case IOMMU_EDU_DIR_TO_DEVICE:
		*out = DMA_TO_DEVICE;
		return 0;
	case IOMMU_EDU_DIR_FROM_DEVICE:
		*out = DMA_FROM_DEVICE;
		return 0;
	}
	return -EINVAL;
}

static int edu_alloc_pages(struct edu_buf *buf, size_t bytes)
{
	buf->mem_bytes = PAGE_ALIGN(bytes);
	buf->mem = alloc_pages_exact(buf->mem_bytes, GFP_KERNEL | __GFP_ZERO);
	return buf->mem ? 0 : -ENOMEM;
}

/*
 * Fixed device addresses.  The base tree's DMA layer has none
 * (CONFIG_IOMMU_DMA_FIXED unset): the FIXED kinds then fail with
 * EOPNOTSUPP, and IOMMU_EDU_IOC_INFO tells user space why.
 */
#if IS_ENABLED(CONFIG_IOMMU_DMA_FIXED)
/* dma_alloc_fixed() memory at @iova, for as long as the buffer lives. */
static int edu_create_fixed(struct edu_dev *edu, struct edu_buf *buf,
			    u64 iova)
{
	void *mem;

	buf->dir = DMA_BIDIRECTIONAL;
	mem = dma_alloc_fixed(edu_to_dev(edu), iova, buf->size, GFP_KERNEL);
	if (IS_ERR(mem))
		return PTR_ERR(mem);
	buf->mem = mem;
	buf->cpu = mem;
	buf->iova = iova;
	return 0;
}

/* Page memory mapped at @iova with dma_map_fixed(). */
static int edu_create_fixed_map(struct edu_dev *edu, struct edu_buf *buf,
				u64 iova)
{
	int ret;

	ret = edu_alloc_pages(buf, buf->size);
	if (ret)
		return ret;
	ret = dma_map_fixed(edu_to_dev(edu), iova, virt_to_phys(buf->mem),
			    buf->mem_bytes, buf->dir, 0);
	if (ret) {
		free_pages_exact(buf->mem, buf->mem_bytes);
		return ret;
	}
	buf->cpu = buf->mem;
	buf->iova = iova;
	buf->mapped = true;
	return 0;
}

static void edu_fixed_unmap(struct edu_dev *edu, struct edu_buf *buf)
{
	WARN_ON(dma_unmap_fixed(edu_to_dev(edu), buf->iova, buf->mem_bytes,
				buf->dir, 0));
}

static void edu_fixed_free(struct edu_dev *edu, struct edu_buf *buf)
{
	WARN_ON(dma_free_fixed(edu_to_dev(edu), buf->iova, buf->size,
			       buf->mem));
}
#else
static int edu_create_fixed(struct edu_dev *edu, struct edu_buf *buf,
			    u64 iova)
{
	return -EOPNOTSUPP;
}

static int edu_create_fixed_map(struct edu_dev *edu, struct edu_buf *buf,
				u64 iova)
{
	return -EOPNOTSUPP;
}

/* No buffer of a FIXED kind exists to be released. */
static void edu_fixed_unmap(struct edu_dev *edu, struct edu_buf *buf) { }
static void edu_fixed_free(struct edu_dev *edu, struct edu_buf *buf) { }
#endif

void edu_buf_unmap(struct edu_dev *edu, struct edu_buf *buf)
{
	struct device *dev = edu_to_dev(edu);

	if (!buf->mapped)
		return;

	if (buf->kind == IOMMU_EDU_KIND_SINGLE)
		dma_unmap_single(dev, buf->iova, buf->size, buf->dir);
	else if (buf->kind == IOMMU_EDU_KIND_SG)
		dma_unmap_sgtable(dev, &buf->sgt, buf->dir, 0);
	else if (buf->kind == IOMMU_EDU_KIND_RESOURCE)
		dma_unmap_resource(dev, buf->iova, buf->size, buf->dir, 0);
	else if (buf->kind == IOMMU_EDU_KIND_FIXED_MAP)
		edu_fixed_unmap(edu, buf);
	buf->mapped = false;
}

/*
 * Give a buffer's memory and DMA mappings back, with edu->lock held and so
 * while edu is bound, when the buffer leaves its file's table.  No user
 * mapping is left then: a buffer with one cannot be freed, and a file's
 * table is emptied only when no VMA holds the file or after the unbind
 * zapped them.  A VMA may still hold a reference to the descriptor.
 */
void edu_buf_give_back(struct edu_buf *buf)
{
	struct edu_dev *edu = buf->edu;
	struct device *dev = edu_to_dev(edu);

	edu_buf_unmap(edu, buf);

	switch (buf->kind) {
	case IOMMU_EDU_KIND_COHERENT:
		dma_free_attrs(dev, buf->size, buf->mem, buf->iova, buf->attrs);
		break;
	case IOMMU_EDU_KIND_NONCONTIG:
		dma_vunmap_noncontiguous(dev, buf->mem);
		dma_free_noncontiguous(dev, buf->size, buf->nc_sgt, buf->dir);
		break;
	case IOMMU_EDU_KIND_RESOURCE:
		break;
	case IOMMU_EDU_KIND_FIXED:
		edu_fixed_free(edu, buf);
		break;
	case IOMMU_EDU_KIND_SG:
		sg_free_table(&buf->sgt);
		fallthrough;
	default:
		free_pages_exact(buf->mem, buf->mem_bytes);
		break;
	}
}

static void edu_buf_release(struct kref *ref)
{
	struct edu_buf *buf = container_of(ref, struct edu_buf, ref);
	struct edu_dev *edu = buf->edu;

	kfree(buf);
	/* A buffer that outlived its file no longer pins the device state. */
	kref_put(&edu->ref, edu_dev_free);
}

/* Drop a reference on a buffer that is no longer in any file's table. */
void edu_buf_put(struct edu_buf *buf)
{
	kref_put(&buf->ref, edu_buf_release);
}

/* Hand ownership of a live streaming buffer to the CPU or to the device. */
void edu_buf_sync(struct edu_dev *edu, struct edu_buf *buf,
		  bool for_cpu)
{
	struct device *dev = edu_to_dev(edu);

	if (!buf->mapped)
		return;

	/* A fixed mapping lives in the DMA domain: the syncs work on it. */
	if (buf->kind == IOMMU_EDU_KIND_SINGLE ||
	    buf->kind == IOMMU_EDU_KIND_FIXED_MAP) {
		if (for_cpu)
			dma_sync_single_for_cpu(dev, buf->iova, buf->size,
						buf->dir);
		else
			dma_sync_single_for_device(dev, buf->iova, buf->size,
						   buf->dir);
	} else if (buf->kind == IOMMU_EDU_KIND_SG) {
		if (for_cpu)
			dma_sync_sgtable_for_cpu(dev, &buf->sgt, buf->dir);
		else
			dma_sync_sgtable_for_device(dev, &buf->sgt, buf->dir);
	}
}

/* NONCONTIG memory is cached for the CPU whatever the device is. */
static void edu_nc_sync(struct edu_dev *edu, struct edu_buf *buf,
			bool for_cpu)
{
	struct device *dev = edu_to_dev(edu);

	/* The kernel reaches it through a vmap alias: keep that one right too. */
	if (for_cpu) {
		dma_sync_sgtable_for_cpu(dev, buf->nc_sgt, buf->dir);
		invalidate_kernel_vmap_range(buf->mem, buf->size);
	} else {
		flush_kernel_vmap_range(buf->mem, buf->size);
		dma_sync_sgtable_for_device(dev, buf->nc_sgt, buf->dir);
	}
}

/* Before and after a CPU access to any kind of buffer. */
void edu_buf_cpu_access(struct edu_dev *edu, struct edu_buf *buf,
			bool begin)
{
	if (buf->kind == IOMMU_EDU_KIND_NONCONTIG)
		edu_nc_sync(edu, buf, begin);
	else
		edu_buf_sync(edu, buf, begin);
}

static int edu_create_single(struct edu_dev *edu, struct edu_buf *buf,
			     u32 offset)
{
	struct device *dev = edu_to_dev(edu);
	int ret;

	if (offset >= PAGE_SIZE)
		return -EINVAL;

	ret = edu_alloc_pages(buf, (size_t)offset + buf->size);
	if (ret)
		return ret;

	buf->cpu = buf->mem + offset;
	/* Whatever a device may see beside the buffer is recognisable. */
	memset(buf->mem, IOMMU_EDU_CANARY, offset);
	memset(buf->cpu + buf->size, IOMMU_EDU_CANARY,
	       buf->mem_bytes - offset - buf->size);
	buf->iova = dma_map_single(dev, buf->cpu, buf->size, buf->dir);
	if (dma_mapping_error(dev, buf->iova)) {
		free_pages_exact(buf->mem, buf->mem_bytes);
		return -ENOMEM;
	}
	buf->mapped = true;
	return 0;
}

/* How each COHERENT variant of the uapi is allocated. */
static const struct edu_coherent_kind {
	u32 kind;
	gfp_t gfp;
	unsigned long attrs;
} edu_coherent_kinds[] = {
	{ IOMMU_EDU_KIND_COHERENT, GFP_KERNEL, 0 },
	{ IOMMU_EDU_KIND_COHERENT_ATOMIC, GFP_ATOMIC, 0 },
	{ IOMMU_EDU_KIND_COHERENT_CONTIG, GFP_KERNEL, DMA_ATTR_FORCE_CONTIGUOUS },
	{ IOMMU_EDU_KIND_COHERENT_PAGES, GFP_KERNEL, DMA_ATTR_ALLOC_SINGLE_PAGES },
	{ IOMMU_EDU_KIND_COHERENT_NOKMAP, GFP_KERNEL, DMA_ATTR_NO_KERNEL_MAPPING },
};

static const struct edu_coherent_kind *edu_coherent_kind(u32 kind)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(edu_coherent_kinds); i++)
		if (edu_coherent_kinds[i].kind == kind)
			return &edu_coherent_kinds[i];
	return NULL;
}

/* From here on every variant is a COHERENT buffer with its @attrs. */
static int edu_create_coherent(struct edu_dev *edu, struct edu_buf *buf,
			       const struct edu_coherent_kind *ck)
{
	unsigned long attrs = ck->attrs;

	buf->kind = IOMMU_EDU_KIND_COHERENT;
	buf->dir = DMA_BIDIRECTIONAL;
	buf->attrs = attrs;
	/*
	 * An allocation that must not sleep is made where sleeping is a bug
	 * (CONFIG_DEBUG_ATOMIC_SLEEP reports it), as a driver's interrupt
	 * handler would make it.
	 */
	if (!gfpflags_allow_blocking(ck->gfp))
		preempt_disable();
	buf->mem = dma_alloc_attrs(edu_to_dev(edu), buf->size, &buf->iova,
				   ck->gfp, attrs);
	if (!gfpflags_allow_blocking(ck->gfp))
		preempt_enable();
	if (!buf->mem)
		return -ENOMEM;
	/* Without a kernel mapping, @mem is only a cookie for the DMA API. */
	if (!(attrs & DMA_ATTR_NO_KERNEL_MAPPING))
		buf->cpu = buf->mem;
	return 0;
}

static int edu_create_noncontig(struct edu_dev *edu, struct edu_buf *buf)
{
	struct device *dev = edu_to_dev(edu);

	buf->nc_sgt = dma_alloc_noncontiguous(dev, buf->size, buf->dir,
					      GFP_KERNEL | __GFP_ZERO, 0);
	if (!buf->nc_sgt)
		return -ENOMEM;
	buf->mem = dma_vmap_noncontiguous(dev, buf->size, buf->nc_sgt);
	if (!buf->mem) {
		dma_free_noncontiguous(dev, buf->size, buf->nc_sgt, buf->dir);
		return -ENOMEM;
	}
	buf->cpu = buf->mem;
	/* The device sees the whole buffer as one DMA segment. */
	buf->iova = sg_dma_address(buf->nc_sgt->sgl);
	return 0;
}

/* Check the user's piece list and cut the scatterlist from it. */
static int edu_build_sgt(struct edu_buf *buf,
			 const struct iommu_edu_seg *segs, u32 nsegs)
{
	struct scatterlist *sg;
	u64 next_free = 0;
	unsigned int i;
	int ret;

	for (i = 0; i < nsegs; i++) {
		u64 end = (u64)segs[i].offset + segs[i].len;

		if (!segs[i].len || segs[i].offset < next_free ||
		    end > buf->size)
			return -EINVAL;
		next_free = end;
	}

	ret = edu_alloc_pages(buf, buf->size);
	if (ret)
		return ret;
	buf->cpu = buf->mem;

	ret = sg_alloc_table(&buf->sgt, nsegs, GFP_KERNEL);
	if (ret) {
		free_pages_exact(buf->mem, buf->mem_bytes);
		return ret;
	}

	for_each_sgtable_sg(&buf->sgt, sg, i)
		sg_set_buf(sg, buf->mem + segs[i].offset, segs[i].len);
	return 0;
}

static int edu_create_sg(struct edu_dev *edu, struct edu_buf *buf,
			 struct iommu_edu_create *arg)
{
	struct iommu_edu_dma_seg __user *uout = u64_to_user_ptr(arg->dma_segs);
	struct iommu_edu_dma_seg out;
	struct iommu_edu_seg *segs;
	struct scatterlist *sg;
	unsigned int i;
	int ret;

	if (!arg->nsegs || arg->nsegs > IOMMU_EDU_SEGS_MAX)
		return -EINVAL;

	segs = memdup_array_user(u64_to_user_ptr(arg->segs), arg->nsegs,
				 sizeof(*segs));
	if (IS_ERR(segs))
		return PTR_ERR(segs);

	ret = edu_build_sgt(buf, segs, arg->nsegs);
	kfree(segs);
	if (ret)
		return ret;

	ret = dma_map_sgtable(edu_to_dev(edu), &buf->sgt, buf->dir, 0);
	if (ret)
		goto err_free;
	buf->mapped = true;

	arg->dma_nsegs = buf->sgt.nents;
	arg->iova = sg_dma_address(buf->sgt.sgl);
	for_each_sgtable_dma_sg(&buf->sgt, sg, i) {
		out.addr = sg_dma_address(sg);
		out.len = sg_dma_len(sg);
		if (copy_to_user(&uout[i], &out, sizeof(out))) {
			ret = -EFAULT;
			goto err_unmap;
		}
	}
	return 0;

err_unmap:
	edu_buf_unmap(edu, buf);
err_free:
	sg_free_table(&buf->sgt);
	free_pages_exact(buf->mem, buf->mem_bytes);
	return ret;
}

/* Enter a ready buffer in @ef's table; on failure it is given back. */
static int edu_buf_publish(struct edu_file *ef, struct edu_buf *buf,
			   u32 *handle)
{
	int ret;

	/* Dropped by edu_buf_release(), which may run after an unbind. */
	kref_get(&ef->edu->ref);
	ret = xa_alloc(&ef->bufs, handle, buf, xa_limit_31b, GFP_KERNEL);
	if (ret) {
		edu_buf_give_back(buf);
		edu_buf_put(buf);
	}
	return ret;
}

int edu_ioc_create(struct edu_file *ef, struct iommu_edu_create *arg)
{
	const struct edu_coherent_kind *ck;
	struct edu_dev *edu = ef->edu;
	struct edu_buf *buf;
	int ret;

	if (arg->pad || !arg->size || arg->size > IOMMU_EDU_BUF_MAX)
		return -EINVAL;
	if (arg->kind != IOMMU_EDU_KIND_SINGLE && arg->offset)
		return -EINVAL;
	if (arg->kind != IOMMU_EDU_KIND_SG && arg->nsegs)
		return -EINVAL;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	buf->edu = edu;
	kref_init(&buf->ref);
	buf->kind = arg->kind;
	buf->size = arg->size;

	switch (arg->kind) {
	case IOMMU_EDU_KIND_SINGLE:
		ret = edu_dir_from_uapi(arg->dir, &buf->dir);
		if (!ret)
			ret = edu_create_single(edu, buf, arg->offset);
		break;
	case IOMMU_EDU_KIND_NONCONTIG:
		ret = edu_dir_from_uapi(arg->dir, &buf->dir);
		if (!ret)
			ret = edu_create_noncontig(edu, buf);
		break;
	case IOMMU_EDU_KIND_SG:
		ret = edu_dir_from_uapi(arg->dir, &buf->dir);
		if (!ret)
			ret = edu_create_sg(edu, buf, arg);
		break;
	case IOMMU_EDU_KIND_FIXED:
		ret = arg->dir ? -EINVAL : edu_create_fixed(edu, buf, arg->iova);
		break;
	case IOMMU_EDU_KIND_FIXED_MAP:
		ret = edu_dir_from_uapi(arg->dir, &buf->dir);
		if (!ret)
			ret = edu_create_fixed_map(edu, buf, arg->iova);
		break;
	default:
		ck = edu_coherent_kind(arg->kind);
		ret = !ck || arg->dir ? -EINVAL :
		      edu_create_coherent(edu, buf, ck);
		break;
	}
	if (ret) {
		kfree(buf);
		return ret;
	}

	if (arg->kind != IOMMU_EDU_KIND_SG) {
		arg->iova = buf->iova;
		arg->dma_nsegs = 0;
	}
	return edu_buf_publish(ef, buf, &arg->handle);
}

/* Map a window of another function's memory BAR for edu. */
int edu_ioc_map_resource(struct edu_file *ef,
			 struct iommu_edu_resource *arg)
{
	struct device *dev = edu_to_dev(ef->edu);
	struct pci_dev *target;
	struct resource *res;
	struct edu_buf *buf;
	phys_addr_t phys = 0;
	int ret = -EINVAL;

	/* edu only ever reads a window: a peer's registers are not a toy. */
	if (!arg->size || arg->size > IOMMU_EDU_BUF_MAX || arg->bus > 0xff ||
	    arg->devfn > 0xff || arg->bar >= PCI_STD_NUM_BARS ||
	    arg->dir != IOMMU_EDU_DIR_TO_DEVICE)
		return -EINVAL;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	buf->dir = DMA_TO_DEVICE;

	target = pci_get_domain_bus_and_slot(arg->domain, arg->bus, arg->devfn);
	if (!target)
		goto out_free;
	/* An assigned memory BAR (it has a parent) of another function. */
	res = pci_resource_n(target, arg->bar);
	if (target != ef->edu->pdev && res->parent &&
	    (res->flags & IORESOURCE_MEM) &&
	    !(res->flags & IORESOURCE_DISABLED) &&
	    (u64)arg->offset + arg->size <= resource_size(res)) {
		phys = res->start + arg->offset;
		ret = 0;
	}
	pci_dev_put(target);
	if (ret)
		goto out_free;

	buf->iova = dma_map_resource(dev, phys, arg->size, buf->dir, 0);
	if (dma_mapping_error(dev, buf->iova)) {
		ret = -ENOMEM;
		goto out_free;
	}
	buf->edu = ef->edu;
	kref_init(&buf->ref);
	buf->kind = IOMMU_EDU_KIND_RESOURCE;
	buf->size = arg->size;
	buf->mapped = true;
	arg->iova = buf->iova;
	return edu_buf_publish(ef, buf, &arg->handle);

out_free:
	kfree(buf);
	return ret;
}

int edu_ioc_rw(struct edu_file *ef, struct iommu_edu_rw *arg,
	       bool to_buf)
{
	void __user *udata = u64_to_user_ptr(arg->data);
	struct edu_buf *buf;
	unsigned long left;

	buf = xa_load(&ef->bufs, arg->handle);
	if (!buf || !buf->cpu || arg->pad || !arg->len ||
	    (u64)arg->offset + arg->len > buf->size)
		return -EINVAL;

	edu_buf_cpu_access(ef->edu, buf, true);
	if (to_buf)
		left = copy_from_user(buf->cpu + arg->offset, udata, arg->len);
	else
		left = copy_to_user(udata, buf->cpu + arg->offset, arg->len);
	edu_buf_cpu_access(ef->edu, buf, false);

	return left ? -EFAULT : 0;
}
