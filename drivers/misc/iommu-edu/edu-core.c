// SPDX-License-Identifier: GPL-2.0
/*
 * iommu-edu: a DMA API exerciser built on QEMU's "edu" PCI device.
 *
 * edu owns a 4 KiB window and a copy engine that moves bytes between that
 * window and one contiguous bus address range.  Put an IOMMU in front of it
 * and the engine becomes a probe: user space creates buffers through the
 * streaming and coherent DMA API, aims the engine at their IOVAs (or at
 * IOVAs nobody mapped) and then looks at memory and at the IOMMU's fault
 * reports.  The driver itself checks nothing; it only keeps every request
 * inside what edu can do safely, so that a bad request cannot take the
 * virtual machine down.
 *
 * This file holds the binding, the buffers, the engine, the ioctls and
 * mmap(); edu-regions.c the firmware regions of the function, edu-stress.c
 * the mappings made from several threads at once (edu.h).
 *
 * Locking: one mutex per device serialises the engine, the list of open
 * files and every buffer they own.  Files hold a reference on the device
 * state so that it outlives an unbind; an unbind releases all DMA
 * resources at once and leaves the files returning ENODEV.
 *
 * User mappings of buffers are the exception: mmap() runs with the mm's
 * lock held, which the ioctls take (through user copies) inside the device
 * mutex, so mmap() and the VMA callbacks never take that mutex.  They find
 * buffers under the xarray's own lock, and every VMA holds a reference on
 * its buffer: a mapped buffer cannot be freed through its handle (EBUSY).
 * An unbind empties every user mapping first, then gives all memory back;
 * the descriptors of mapped buffers wait for their last VMA.
 */

#include <linux/dma-mapping.h>
#if IS_ENABLED(CONFIG_IOMMU_DMA_FIXED)
#include <linux/dma-fixed.h>
#endif
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/idr.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/iommu.h>
#include <linux/iopoll.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/sched/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include <uapi/misc/iommu-edu.h>

#include "edu.h"

/* Driver and device node name; KBUILD_MODNAME would spell it iommu_edu. */
#define EDU_NAME		"iommu-edu"

#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8

/* Register block in BAR 0 */
#define EDU_ID			0x00
#define EDU_ID_MAGIC		0xed		/* low byte of the identity */
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_COUNT		0x90
#define EDU_DMA_CMD		0x98
#define EDU_CMD_START		BIT(0)		/* set to run, clears when done */
#define EDU_CMD_RAISE_IRQ	BIT(2)

/* Pages of mmap() offset that select a page inside one buffer */
#define EDU_MMAP_PAGE_BITS	(IOMMU_EDU_MMAP_SHIFT - PAGE_SHIFT)
static_assert(IOMMU_EDU_MMAP_SHIFT > PAGE_SHIFT);
static_assert(BIT(IOMMU_EDU_MMAP_SHIFT) >= IOMMU_EDU_BUF_MAX);

/* A copy takes 100 ms of virtual time; leave room for a loaded host. */
#define EDU_POLL_US		2000
#define EDU_DONE_TIMEOUT_US	(5 * USEC_PER_SEC)

static unsigned int dma_bits = 28;
module_param(dma_bits, uint, 0444);
MODULE_PARM_DESC(dma_bits,
		 "Address bits edu's engine drives, as QEMU's dma_mask property (default 28)");

static DEFINE_IDA(edu_minor_ida);

/* An address space that mapped buffers, pinned until the unbind. */
struct edu_mm {
	struct list_head link;
	struct mm_struct *mm;
};

/**
 * struct edu_file - one open file and the buffers it created
 * @edu: device the file was opened on
 * @link: entry in edu_dev.files
 * @bufs: buffers of this file, by handle
 * @mapping: address space of the file, whose user mappings an unbind zaps
 */
struct edu_file {
	struct edu_dev *edu;
	struct list_head link;
	struct xarray bufs;
	struct address_space *mapping;
};

/**
 * struct edu_buf - one buffer handed out to user space
 * @edu: device whose DMA API made the buffer
 * @ref: held by the owning file's table and by every VMA mapping it; the
 *	last one gives the memory back to the DMA API
 * @mmaps: VMAs mapping the buffer (changed under the xarray lock of the
 *	owning file, or by the VMA callbacks of a VMA that holds one)
 * @kind: IOMMU_EDU_KIND_*; the COHERENT variants are COHERENT with @attrs
 * @dir: direction of a streaming mapping or of a NONCONTIG buffer
 * @attrs: DMA_ATTR_* the COHERENT buffer was allocated with
 * @size: bytes user space sees (see struct iommu_edu_create)
 * @mem: start of the memory: page allocation, the coherent buffer (an
 *	opaque cookie with DMA_ATTR_NO_KERNEL_MAPPING) or the vmap of a
 *	NONCONTIG buffer
 * @mem_bytes: length of the page allocation
 * @cpu: first byte user space sees, @mem plus the in-page offset; NULL
 *	when the kernel has no mapping
 * @iova: bus address of @cpu (SINGLE, COHERENT, NONCONTIG)
 * @mapped: streaming mapping is live
 * @sgt: the scatterlist (SG)
 * @nc_sgt: table from dma_alloc_noncontiguous() (NONCONTIG)
 */
struct edu_buf {
	struct edu_dev *edu;
	struct kref ref;
	atomic_t mmaps;
	u32 kind;
	enum dma_data_direction dir;
	unsigned long attrs;
	u32 size;
	void *mem;
	size_t mem_bytes;
	void *cpu;
	dma_addr_t iova;
	bool mapped;
	struct sg_table sgt;
	struct sg_table *nc_sgt;
};

struct device *edu_to_dev(struct edu_dev *edu)
{
	return &edu->pdev->dev;
}

static void edu_dev_free(struct kref *ref)
{
	struct edu_dev *edu = container_of(ref, struct edu_dev, ref);

	edu_regions_free(edu);
	mutex_destroy(&edu->mem_lock);
	mutex_destroy(&edu->lock);
	pci_dev_put(edu->pdev);
	kfree(edu);
}

/* Engine */

static int edu_engine_wait_idle(struct edu_dev *edu)
{
	u64 cmd;

	return readq_poll_timeout(edu->regs + EDU_DMA_CMD, cmd,
				  !(cmd & EDU_CMD_START), EDU_POLL_US,
				  EDU_DONE_TIMEOUT_US);
}

int edu_engine_run(struct edu_dev *edu, u64 src, u64 dst, u32 count, u64 cmd)
{
	int ret;

	/* edu ignores register writes while a copy is in flight. */
	ret = edu_engine_wait_idle(edu);
	if (ret)
		return -EBUSY;

	writeq(src, edu->regs + EDU_DMA_SRC);
	writeq(dst, edu->regs + EDU_DMA_DST);
	writeq(count, edu->regs + EDU_DMA_COUNT);
	/* writeq() orders all earlier memory writes before the start bit. */
	writeq(cmd | EDU_CMD_START, edu->regs + EDU_DMA_CMD);

	ret = edu_engine_wait_idle(edu);
	if (ret)
		dev_warn(edu_to_dev(edu), "DMA engine did not finish\n");
	return ret;
}

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

static void edu_buf_unmap(struct edu_dev *edu, struct edu_buf *buf)
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
static void edu_buf_give_back(struct edu_buf *buf)
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
static void edu_buf_put(struct edu_buf *buf)
{
	kref_put(&buf->ref, edu_buf_release);
}

/* Hand ownership of a live streaming buffer to the CPU or to the device. */
static void edu_buf_sync(struct edu_dev *edu, struct edu_buf *buf,
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
static void edu_buf_cpu_access(struct edu_dev *edu, struct edu_buf *buf,
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

static int edu_ioc_create(struct edu_file *ef, struct iommu_edu_create *arg)
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
static int edu_ioc_map_resource(struct edu_file *ef,
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

static int edu_ioc_rw(struct edu_file *ef, struct iommu_edu_rw *arg,
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

/* Translation */

struct iommu_domain *edu_domain(struct edu_dev *edu)
{
	return iommu_get_domain_for_dev(edu_to_dev(edu));
}

/*
 * Only a translating domain stops the engine at addresses nobody mapped;
 * without one, an IOVA is a physical address and must stay in a buffer.
 */
bool edu_translated(struct edu_dev *edu)
{
	struct iommu_domain *domain = edu_domain(edu);

	return domain && (domain->type & __IOMMU_DOMAIN_PAGING);
}

static bool edu_buf_covers(struct edu_buf *buf, u64 first, u64 last,
			   bool device_writes)
{
	struct scatterlist *sg;
	unsigned int i;

	/* A peer's registers are only ever read. */
	if (buf->kind == IOMMU_EDU_KIND_RESOURCE && device_writes)
		return false;

	if (!buf->mapped && buf->kind != IOMMU_EDU_KIND_COHERENT &&
	    buf->kind != IOMMU_EDU_KIND_NONCONTIG &&
	    buf->kind != IOMMU_EDU_KIND_FIXED)
		return false;

	/* A SINGLE buffer may also be reached by its physical address. */
	if (buf->kind == IOMMU_EDU_KIND_SINGLE &&
	    first >= virt_to_phys(buf->cpu) &&
	    last < virt_to_phys(buf->cpu) + buf->size)
		return true;

	if (buf->kind != IOMMU_EDU_KIND_SG)
		return first >= buf->iova && last < buf->iova + buf->size;

	for_each_sgtable_dma_sg(&buf->sgt, sg, i)
		if (first >= sg_dma_address(sg) &&
		    last < sg_dma_address(sg) + sg_dma_len(sg))
			return true;
	return false;
}

static bool edu_file_owns(struct edu_file *ef, u64 first, u64 last,
			  bool device_writes)
{
	struct edu_buf *buf;
	unsigned long handle;

	xa_for_each(&ef->bufs, handle, buf)
		if (edu_buf_covers(buf, first, last, device_writes))
			return true;
	return false;
}

static int edu_ioc_xfer(struct edu_file *ef, struct iommu_edu_xfer *arg)
{
	struct edu_dev *edu = ef->edu;
	u64 window = IOMMU_EDU_WINDOW_ADDR + arg->window_offset;
	u64 last = arg->iova + arg->len - 1;

	if (arg->pad || !arg->len ||
	    (u64)arg->window_offset + arg->len > IOMMU_EDU_XFER_MAX)
		return -EINVAL;
	if (last < arg->iova || last > DMA_BIT_MASK(dma_bits))
		return -EINVAL;
	if (!edu_translated(edu) &&
	    !edu_file_owns(ef, arg->iova, last,
			   arg->dir == IOMMU_EDU_XFER_EDU_TO_RAM))
		return -EPERM;

	switch (arg->dir) {
	case IOMMU_EDU_XFER_RAM_TO_EDU:
		return edu_engine_run(edu, arg->iova, window, arg->len, 0);
	case IOMMU_EDU_XFER_EDU_TO_RAM:
		return edu_engine_run(edu, window, arg->iova, arg->len,
				      EDU_CMD_WINDOW_TO_BUS);
	}
	return -EINVAL;
}

static int edu_ioc_unmap(struct edu_file *ef, u32 handle)
{
	struct edu_buf *buf = xa_load(&ef->bufs, handle);

	/* Only the streaming kinds set @mapped. */
	if (!buf || !buf->mapped)
		return -EINVAL;
	if (buf == ef->edu->private_buf)
		return -EBUSY;
	edu_buf_unmap(ef->edu, buf);
	return 0;
}

static int edu_ioc_free(struct edu_file *ef, u32 handle)
{
	struct edu_buf *buf = xa_load(&ef->bufs, handle);
	bool busy;

	if (!buf)
		return -EINVAL;
	/* The private domain still lets the device reach its pages. */
	if (buf == ef->edu->private_buf)
		return -EBUSY;

	/* Against edu_mmap(), which takes a mapping under the same lock. */
	xa_lock(&ef->bufs);
	busy = atomic_read(&buf->mmaps);
	if (!busy)
		__xa_erase(&ef->bufs, handle);
	xa_unlock(&ef->bufs);
	if (busy)
		return -EBUSY;

	edu_buf_give_back(buf);
	edu_buf_put(buf);
	return 0;
}

static int edu_ioc_sync(struct edu_file *ef, struct iommu_edu_sync *arg)
{
	struct edu_buf *buf = xa_load(&ef->bufs, arg->handle);

	if (!buf || arg->to > IOMMU_EDU_SYNC_FOR_DEVICE ||
	    buf->kind == IOMMU_EDU_KIND_RESOURCE ||
	    (buf->kind != IOMMU_EDU_KIND_NONCONTIG && !buf->mapped))
		return -EINVAL;
	edu_buf_cpu_access(ef->edu, buf, arg->to == IOMMU_EDU_SYNC_FOR_CPU);
	return 0;
}

/* Fill the answer of IOMMU_EDU_IOC_SGTABLE from the CPU side of @sgt. */
static void edu_sgt_describe(struct sg_table *sgt,
			     struct iommu_edu_sgtable *arg)
{
	phys_addr_t next = 0;
	struct scatterlist *sg;
	unsigned int i;

	arg->nents = sgt->orig_nents;
	arg->length = 0;
	arg->contiguous = 1;
	memset(arg->entry, 0, sizeof(arg->entry));

	for_each_sgtable_sg(sgt, sg, i) {
		phys_addr_t start = sg_phys(sg);

		if (i && start != next)
			arg->contiguous = 0;
		next = start + sg->length;
		arg->length += sg->length;
		if (i < IOMMU_EDU_SGT_ENTRIES) {
			arg->entry[i].pfn = PHYS_PFN(start);
			arg->entry[i].len = sg->length;
		}
	}
}

static int edu_ioc_sgtable(struct edu_file *ef, struct iommu_edu_sgtable *arg)
{
	struct edu_buf *buf = xa_load(&ef->bufs, arg->handle);
	struct sg_table sgt;
	int ret;

	if (!buf || arg->pad)
		return -EINVAL;

	if (buf->kind == IOMMU_EDU_KIND_NONCONTIG) {
		edu_sgt_describe(buf->nc_sgt, arg);
		return 0;
	}
	if (buf->kind != IOMMU_EDU_KIND_COHERENT)
		return -EINVAL;

	ret = dma_get_sgtable_attrs(edu_to_dev(ef->edu), &sgt, buf->mem,
				    buf->iova, buf->size, buf->attrs);
	if (ret)
		return ret;
	edu_sgt_describe(&sgt, arg);
	sg_free_table(&sgt);
	return 0;
}

static int edu_ioc_probe(struct edu_file *ef, struct iommu_edu_probe *arg)
{
	struct iommu_domain *domain = edu_domain(ef->edu);

	if (arg->pad)
		return -EINVAL;
	if (!edu_translated(ef->edu))
		return -EOPNOTSUPP;
	arg->mapped = iommu_iova_to_phys(domain, arg->iova) ? 1 : 0;
	return 0;
}

static u32 edu_domain_to_uapi(struct iommu_domain *domain)
{
	if (!domain)
		return IOMMU_EDU_DOMAIN_NONE;

	switch (domain->type) {
	case IOMMU_DOMAIN_BLOCKED:
		return IOMMU_EDU_DOMAIN_BLOCKED;
	case IOMMU_DOMAIN_IDENTITY:
		return IOMMU_EDU_DOMAIN_IDENTITY;
	case IOMMU_DOMAIN_UNMANAGED:
		return IOMMU_EDU_DOMAIN_UNMANAGED;
	case IOMMU_DOMAIN_DMA:
		return IOMMU_EDU_DOMAIN_DMA;
	case IOMMU_DOMAIN_DMA_FQ:
		return IOMMU_EDU_DOMAIN_DMA_FQ;
	}
	return IOMMU_EDU_DOMAIN_OTHER;
}

static void edu_ioc_info(struct edu_dev *edu, struct iommu_edu_info *arg)
{
	struct iommu_domain *domain = edu_domain(edu);
	u64 mask = dma_get_mask(edu_to_dev(edu));

	memset(arg, 0, sizeof(*arg));
	arg->domain = edu_domain_to_uapi(domain);
	arg->domain_raw = domain ? domain->type : 0;
	arg->dma_mask = mask;
	arg->dma_bits = fls64(mask);
	arg->max_dma_bits = dma_bits;
	arg->iova_last = DMA_BIT_MASK(dma_bits);
	if (IS_ENABLED(CONFIG_IOMMU_DMA_FIXED))
		arg->features |= IOMMU_EDU_FEAT_FIXED;
}

static int edu_set_dma_bits(struct edu_dev *edu, u32 bits)
{
	if (bits < IOMMU_EDU_DMA_BITS_MIN || bits > dma_bits)
		return -EINVAL;
	return dma_set_mask_and_coherent(edu_to_dev(edu), DMA_BIT_MASK(bits));
}

/* Domains */

/* Leave a private or blocked domain for the default one; lock held. */
static void edu_back_to_default(struct edu_dev *edu)
{
	struct device *dev = edu_to_dev(edu);

	if (edu->private) {
		iommu_detach_device(edu->private, dev);
		iommu_domain_free(edu->private);
		edu->private = NULL;
		edu->private_buf = NULL;
		edu->private_owner = NULL;
	}
	if (edu->owned) {
		iommu_device_release_dma_owner(dev);
		edu->owned = false;
	}
}

/*
 * Check a PRIVATE request before anything changes: @handle, if not 0, must
 * name a SINGLE buffer of @ef whose pages fit at page-aligned @iova.
 */
static int edu_private_buf(struct edu_file *ef, u32 handle, u64 iova,
			   struct edu_buf **out)
{
	struct edu_buf *buf;

	*out = NULL;
	if (!handle)
		return iova ? -EINVAL : 0;

	buf = xa_load(&ef->bufs, handle);
	if (!buf || buf->kind != IOMMU_EDU_KIND_SINGLE || !PAGE_ALIGNED(iova) ||
	    iova + buf->mem_bytes - 1 < iova ||
	    iova + buf->mem_bytes - 1 > DMA_BIT_MASK(dma_bits))
		return -EINVAL;
	*out = buf;
	return 0;
}

/* A paging domain that maps only the pages of @buf (if any), at @iova. */
static int edu_attach_private(struct edu_file *ef, struct edu_buf *buf,
			      u64 iova)
{
	struct edu_dev *edu = ef->edu;
	struct device *dev = edu_to_dev(edu);
	struct iommu_domain *domain;
	int ret;

	domain = iommu_paging_domain_alloc(dev);
	if (IS_ERR(domain))
		return PTR_ERR(domain);

	if (buf) {
		ret = iommu_map(domain, iova, virt_to_phys(buf->mem),
				buf->mem_bytes, IOMMU_READ | IOMMU_WRITE,
				GFP_KERNEL);
		if (ret)
			goto err_free;
	}

	ret = iommu_attach_device(domain, dev);
	if (ret)
		goto err_free;
	edu->private = domain;
	edu->private_buf = buf;
	edu->private_owner = buf ? ef : NULL;
	return 0;

err_free:
	iommu_domain_free(domain);
	return ret;
}

static int edu_ioc_attach(struct edu_file *ef, struct iommu_edu_attach *arg)
{
	struct edu_dev *edu = ef->edu;
	struct device *dev = edu_to_dev(edu);
	struct edu_buf *buf = NULL;
	int ret;

	switch (arg->target) {
	case IOMMU_EDU_ATTACH_DEFAULT:
	case IOMMU_EDU_ATTACH_BLOCKED:
		if (arg->handle || arg->iova)
			return -EINVAL;
		break;
	case IOMMU_EDU_ATTACH_PRIVATE:
		ret = edu_private_buf(ef, arg->handle, arg->iova, &buf);
		if (ret)
			return ret;
		break;
	default:
		return -EINVAL;
	}
	if (arg->target != IOMMU_EDU_ATTACH_DEFAULT && !dev->iommu_group)
		return -ENODEV;

	/* Only a request found valid leaves the current domain. */
	edu_back_to_default(edu);
	switch (arg->target) {
	case IOMMU_EDU_ATTACH_BLOCKED:
		if (iommu_device_claim_dma_owner(dev, edu))
			return -EBUSY;
		edu->owned = true;
		return 0;
	case IOMMU_EDU_ATTACH_PRIVATE:
		return edu_attach_private(ef, buf, arg->iova);
	}
	return 0;
}

static bool edu_has_buffers(struct edu_dev *edu)
{
	struct edu_file *ef;

	list_for_each_entry(ef, &edu->files, link)
		if (!xa_empty(&ef->bufs))
			return true;
	return false;
}

static int edu_set_untrusted(struct edu_dev *edu, u32 value)
{
	if (value > 1)
		return -EINVAL;
	/* Mappings made under the other setting would be unmapped wrongly. */
	if (edu_has_buffers(edu))
		return -EBUSY;
	return edu_stress_set_untrusted(edu, value);
}

/* Bytes of [@p, @p + @len) that no longer hold the canary. */
static u64 edu_canary_changed(const u8 *p, size_t len)
{
	u64 changed = 0;

	while (len--)
		changed += *p++ != IOMMU_EDU_CANARY;
	return changed;
}

static int edu_ioc_canary(struct edu_file *ef, struct iommu_edu_canary *arg)
{
	struct edu_buf *buf = xa_load(&ef->bufs, arg->handle);
	u8 *end;

	if (arg->pad || !buf || buf->kind != IOMMU_EDU_KIND_SINGLE)
		return -EINVAL;

	end = (u8 *)buf->cpu + buf->size;
	edu_buf_sync(ef->edu, buf, true);
	arg->changed = edu_canary_changed(buf->mem, buf->cpu - buf->mem) +
		       edu_canary_changed(end, (u8 *)buf->mem + buf->mem_bytes - end);
	edu_buf_sync(ef->edu, buf, false);
	return 0;
}

static int edu_ioc_phys(struct edu_file *ef, struct iommu_edu_phys *arg)
{
	struct edu_buf *buf = xa_load(&ef->bufs, arg->handle);

	if (arg->pad || !buf || buf->kind != IOMMU_EDU_KIND_SINGLE)
		return -EINVAL;
	arg->phys = virt_to_phys(buf->cpu);
	return 0;
}

/* File operations */

union edu_ioc_arg {
	struct iommu_edu_info info;
	struct iommu_edu_create create;
	struct iommu_edu_rw rw;
	struct iommu_edu_xfer xfer;
	struct iommu_edu_probe probe;
	struct iommu_edu_attach attach;
	struct iommu_edu_canary canary;
	struct iommu_edu_phys phys;
	struct iommu_edu_sync sync;
	struct iommu_edu_sgtable sgtable;
	struct iommu_edu_resource resource;
	struct iommu_edu_region region;
	struct iommu_edu_stress stress;
	struct iommu_edu_mapped mapped;
	struct iommu_edu_pasid pasid;
	u32 value;
};

static long edu_dispatch(struct edu_file *ef, unsigned int cmd,
			 union edu_ioc_arg *arg)
{
	switch (cmd) {
	case IOMMU_EDU_IOC_INFO:
		edu_ioc_info(ef->edu, &arg->info);
		return 0;
	case IOMMU_EDU_IOC_CREATE:
		return edu_ioc_create(ef, &arg->create);
	case IOMMU_EDU_IOC_WRITE:
		return edu_ioc_rw(ef, &arg->rw, true);
	case IOMMU_EDU_IOC_READ:
		return edu_ioc_rw(ef, &arg->rw, false);
	case IOMMU_EDU_IOC_XFER:
		return edu_ioc_xfer(ef, &arg->xfer);
	case IOMMU_EDU_IOC_UNMAP:
		return edu_ioc_unmap(ef, arg->value);
	case IOMMU_EDU_IOC_FREE:
		return edu_ioc_free(ef, arg->value);
	case IOMMU_EDU_IOC_PROBE:
		return edu_ioc_probe(ef, &arg->probe);
	case IOMMU_EDU_IOC_SET_DMA_BITS:
		return edu_set_dma_bits(ef->edu, arg->value);
	case IOMMU_EDU_IOC_ATTACH:
		return edu_ioc_attach(ef, &arg->attach);
	case IOMMU_EDU_IOC_SET_UNTRUSTED:
		return edu_set_untrusted(ef->edu, arg->value);
	case IOMMU_EDU_IOC_CANARY:
		return edu_ioc_canary(ef, &arg->canary);
	case IOMMU_EDU_IOC_PHYS:
		return edu_ioc_phys(ef, &arg->phys);
	case IOMMU_EDU_IOC_SYNC:
		return edu_ioc_sync(ef, &arg->sync);
	case IOMMU_EDU_IOC_SGTABLE:
		return edu_ioc_sgtable(ef, &arg->sgtable);
	case IOMMU_EDU_IOC_MAP_RESOURCE:
		return edu_ioc_map_resource(ef, &arg->resource);
	case IOMMU_EDU_IOC_REGION:
		return edu_ioc_region(ef->edu, &arg->region);
	case IOMMU_EDU_IOC_MAPPED:
		return edu_ioc_mapped(ef->edu, &arg->mapped);
	case IOMMU_EDU_IOC_PASID:
		return edu_ioc_pasid(ef->edu, &arg->pasid);
	}
	return -ENOTTY;
}

static long edu_ioctl(struct file *file, unsigned int cmd, unsigned long uarg)
{
	struct edu_file *ef = file->private_data;
	struct edu_dev *edu = ef->edu;
	void __user *argp = (void __user *)uarg;
	unsigned int size = _IOC_SIZE(cmd);
	union edu_ioc_arg arg;
	long ret;

	if (_IOC_TYPE(cmd) != IOMMU_EDU_IOC_MAGIC || size > sizeof(arg))
		return -ENOTTY;

	memset(&arg, 0, sizeof(arg));
	if ((_IOC_DIR(cmd) & _IOC_WRITE) && copy_from_user(&arg, argp, size))
		return -EFAULT;

	if (edu_stress_cmd(cmd)) {
		/* Stress mappings run side by side: not under edu->lock. */
		ret = edu_stress_ioctl(edu, ef, cmd, &arg.stress);
	} else {
		mutex_lock(&edu->lock);
		ret = edu->gone ? -ENODEV : edu_dispatch(ef, cmd, &arg);
		mutex_unlock(&edu->lock);
	}

	if (!ret && (_IOC_DIR(cmd) & _IOC_READ) &&
	    copy_to_user(argp, &arg, size))
		ret = -EFAULT;
	return ret;
}

/* Give back every buffer of a file; called with the device lock held. */
static void edu_file_drain(struct edu_file *ef)
{
	struct edu_buf *buf;
	unsigned long handle;

	/* After a timed-out copy, give the engine a last chance to stop. */
	edu_engine_wait_idle(ef->edu);
	/* No domain may keep mapping pages that are about to be freed. */
	if (ef->edu->private_owner == ef)
		edu_back_to_default(ef->edu);
	/*
	 * At unbind, buffers still mapped give their memory back too (the
	 * caller zapped the mappings); their last VMA frees the descriptor.
	 */
	xa_for_each(&ef->bufs, handle, buf) {
		xa_erase(&ef->bufs, handle);
		edu_buf_give_back(buf);
		edu_buf_put(buf);
	}
}

static int edu_open(struct inode *inode, struct file *file)
{
	struct edu_dev *edu = container_of(file->private_data,
					   struct edu_dev, misc);
	struct edu_file *ef;

	ef = kzalloc(sizeof(*ef), GFP_KERNEL);
	if (!ef)
		return -ENOMEM;
	ef->edu = edu;
	xa_init_flags(&ef->bufs, XA_FLAGS_ALLOC1);
	ef->mapping = file->f_mapping;

	mutex_lock(&edu->lock);
	if (edu->gone) {
		mutex_unlock(&edu->lock);
		kfree(ef);
		return -ENODEV;
	}
	/* A test starting afresh finds the device as probe left it. */
	if (list_empty(&edu->files))
		edu_set_dma_bits(edu, dma_bits);
	list_add(&ef->link, &edu->files);
	kref_get(&edu->ref);
	mutex_unlock(&edu->lock);

	file->private_data = ef;
	return 0;
}

static int edu_release(struct inode *inode, struct file *file)
{
	struct edu_file *ef = file->private_data;
	struct edu_dev *edu = ef->edu;

	edu_stress_release(edu, ef);
	mutex_lock(&edu->lock);
	if (!edu->gone) {
		edu_file_drain(ef);
		list_del(&ef->link);
		/* The next test finds edu in its default domain, trusted. */
		if (list_empty(&edu->files)) {
			edu_back_to_default(edu);
			edu->pdev->untrusted = edu->was_untrusted;
		}
	}
	mutex_unlock(&edu->lock);

	xa_destroy(&ef->bufs);
	kfree(ef);
	kref_put(&edu->ref, edu_dev_free);
	return 0;
}

/* User mappings: each VMA holds a reference on its buffer. */

/*
 * Remember @mm, which maps a buffer, for the unbind; edu->mem_lock held.
 * Address spaces whose processes have exited are forgotten on the way.
 */
static int edu_note_mm(struct edu_dev *edu, struct mm_struct *mm)
{
	struct edu_mm *em, *tmp;
	bool known = false;

	list_for_each_entry_safe(em, tmp, &edu->mms, link) {
		if (em->mm == mm) {
			known = true;
		} else if (!atomic_read(&em->mm->mm_users)) {
			list_del(&em->link);
			mmdrop(em->mm);
			kfree(em);
		}
	}
	if (known)
		return 0;
	em = kmalloc(sizeof(*em), GFP_KERNEL);
	if (!em)
		return -ENOMEM;
	mmgrab(mm);
	em->mm = mm;
	list_add(&em->link, &edu->mms);
	return 0;
}

/*
 * Take every user mapping of edu's buffers away before their memory goes
 * back to the DMA API.  An mmap() that got past its check before @gone was
 * set may not have linked its VMA into the file's mapping yet, which it
 * does before it releases its mm's lock: taking each such lock once waits
 * for that, so the zap below finds every VMA.  Later accesses fault
 * (SIGBUS: the VMAs have no fault handler).  Called with edu->lock held.
 */
static void edu_revoke_mmaps(struct edu_dev *edu)
{
	struct edu_mm *em, *tmp;
	struct edu_file *ef;
	LIST_HEAD(mms);

	mutex_lock(&edu->mem_lock);
	WRITE_ONCE(edu->gone, true);
	list_splice_init(&edu->mms, &mms);
	mutex_unlock(&edu->mem_lock);

	list_for_each_entry_safe(em, tmp, &mms, link) {
		mmap_read_lock(em->mm);
		mmap_read_unlock(em->mm);
		mmdrop(em->mm);
		kfree(em);
	}
	list_for_each_entry(ef, &edu->files, link)
		unmap_mapping_range(ef->mapping, 0, 0, 1);
}

static void edu_vm_open(struct vm_area_struct *vma)
{
	struct edu_buf *buf = vma->vm_private_data;

	/* A copy of a VMA that already holds a reference: no lookup needed. */
	atomic_inc(&buf->mmaps);
	kref_get(&buf->ref);
}

static void edu_vm_close(struct vm_area_struct *vma)
{
	struct edu_buf *buf = vma->vm_private_data;

	atomic_dec(&buf->mmaps);
	edu_buf_put(buf);
}

static const struct vm_operations_struct edu_vm_ops = {
	.open = edu_vm_open,
	.close = edu_vm_close,
};

/*
 * The offset of the mapping names the buffer (IOMMU_EDU_MMAP_OFFSET) and
 * its first page; the DMA API is then given the page inside the buffer.
 */
static int edu_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct edu_file *ef = file->private_data;
	struct edu_dev *edu = ef->edu;
	struct device *dev = edu_to_dev(edu);
	unsigned long first = vma->vm_pgoff & (BIT(EDU_MMAP_PAGE_BITS) - 1);
	unsigned long id = vma->vm_pgoff >> EDU_MMAP_PAGE_BITS;
	struct edu_buf *buf;
	int ret;

	/*
	 * After an unbind the file's table is empty, so only this check can
	 * tell the caller why; the one under mem_lock closes the race.
	 */
	if (READ_ONCE(edu->gone))
		return -ENODEV;
	/* A private mapping would copy DMA memory on write. */
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;

	xa_lock(&ef->bufs);
	buf = xa_load(&ef->bufs, id);
	if (!buf || (buf->kind != IOMMU_EDU_KIND_COHERENT &&
		     buf->kind != IOMMU_EDU_KIND_NONCONTIG) ||
	    first + vma_pages(vma) > PAGE_ALIGN(buf->size) >> PAGE_SHIFT) {
		xa_unlock(&ef->bufs);
		return -EINVAL;
	}
	/* From here on IOMMU_EDU_IOC_FREE refuses the buffer. */
	atomic_inc(&buf->mmaps);
	kref_get(&buf->ref);
	xa_unlock(&ef->bufs);

	vma->vm_pgoff = first;
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	mutex_lock(&edu->mem_lock);
	if (edu->gone)
		ret = -ENODEV;
	else
		ret = edu_note_mm(edu, vma->vm_mm);
	if (!ret && buf->kind == IOMMU_EDU_KIND_NONCONTIG)
		ret = dma_mmap_noncontiguous(dev, vma, buf->size, buf->nc_sgt);
	else if (!ret)
		ret = dma_mmap_attrs(dev, vma, buf->mem, buf->iova, buf->size,
				     buf->attrs);
	mutex_unlock(&edu->mem_lock);
	if (ret) {
		atomic_dec(&buf->mmaps);
		edu_buf_put(buf);
		return ret;
	}

	vma->vm_private_data = buf;
	vma->vm_ops = &edu_vm_ops;
	return 0;
}

static const struct file_operations edu_fops = {
	.owner = THIS_MODULE,
	.open = edu_open,
	.release = edu_release,
	.mmap = edu_mmap,
	.unlocked_ioctl = edu_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

/* PCI driver */

static const char *edu_domain_name(u32 type)
{
	static const char * const names[] = {
		[IOMMU_EDU_DOMAIN_NONE] = "none",
		[IOMMU_EDU_DOMAIN_BLOCKED] = "blocked",
		[IOMMU_EDU_DOMAIN_IDENTITY] = "identity",
		[IOMMU_EDU_DOMAIN_UNMANAGED] = "unmanaged",
		[IOMMU_EDU_DOMAIN_DMA] = "DMA",
		[IOMMU_EDU_DOMAIN_DMA_FQ] = "DMA-FQ",
		[IOMMU_EDU_DOMAIN_OTHER] = "other",
	};

	return type < ARRAY_SIZE(names) ? names[type] : "other";
}

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct edu_dev *edu;
	void __iomem *regs;
	int ret;

	if (dma_bits < IOMMU_EDU_DMA_BITS_MIN || dma_bits > 64)
		return dev_err_probe(dev, -EINVAL, "bad dma_bits %u\n",
				     dma_bits);

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	regs = pcim_iomap_region(pdev, 0, EDU_NAME);
	if (IS_ERR(regs))
		return dev_err_probe(dev, PTR_ERR(regs), "cannot map BAR 0\n");

	if ((readl(regs + EDU_ID) & 0xff) != EDU_ID_MAGIC)
		return dev_err_probe(dev, -ENODEV, "not an edu device\n");

	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(dma_bits));
	if (ret)
		return dev_err_probe(dev, ret, "cannot set a %u-bit DMA mask\n",
				     dma_bits);
	/*
	 * edu's engine takes one IOVA per transfer, so a scatterlist segment
	 * may be as long as the buffer (the PCI default of 64 KiB would make
	 * DMA-API debugging report every larger one).
	 */
	dma_set_max_seg_size(dev, UINT_MAX);
	pci_set_master(pdev);

	edu = kzalloc(sizeof(*edu), GFP_KERNEL);
	if (!edu)
		return -ENOMEM;
	/* Buffers still mapped after an unbind free through the device. */
	edu->pdev = pci_dev_get(pdev);
	edu->regs = regs;
	edu->was_untrusted = pdev->untrusted;
	mutex_init(&edu->lock);
	mutex_init(&edu->mem_lock);
	INIT_LIST_HEAD(&edu->mms);
	INIT_LIST_HEAD(&edu->files);
	edu_stress_init(&edu->stress);
	kref_init(&edu->ref);

	edu->index = ida_alloc(&edu_minor_ida, GFP_KERNEL);
	if (edu->index < 0) {
		ret = edu->index;
		goto err_put;
	}
	if (edu->index)
		snprintf(edu->name, sizeof(edu->name), EDU_NAME "%d",
			 edu->index);
	else
		strscpy(edu->name, EDU_NAME, sizeof(edu->name));

	edu->misc.minor = MISC_DYNAMIC_MINOR;
	edu->misc.name = edu->name;
	edu->misc.fops = &edu_fops;
	edu->misc.parent = dev;
	edu->misc.mode = 0600;
	pci_set_drvdata(pdev, edu);
	/* What the firmware's regions hold, before user space can use edu. */
	edu_regions_probe(edu);

	ret = misc_register(&edu->misc);
	if (ret)
		goto err_ida;

	dev_info(dev, "/dev/%s: %s domain, %u-bit DMA\n", edu->name,
		 edu_domain_name(edu_domain_to_uapi(edu_domain(edu))),
		 dma_bits);
	return 0;

err_ida:
	ida_free(&edu_minor_ida, edu->index);
err_put:
	kref_put(&edu->ref, edu_dev_free);
	return ret;
}

static void edu_remove(struct pci_dev *pdev)
{
	struct edu_dev *edu = pci_get_drvdata(pdev);
	struct edu_file *ef;

	/* No new opens after this; open files keep edu itself alive. */
	misc_deregister(&edu->misc);
	ida_free(&edu_minor_ida, edu->index);
	edu_stress_remove(edu);

	mutex_lock(&edu->lock);
	edu_revoke_mmaps(edu);
	list_for_each_entry(ef, &edu->files, link)
		edu_file_drain(ef);
	edu_back_to_default(edu);
	pdev->untrusted = edu->was_untrusted;
	mutex_unlock(&edu->lock);

	kref_put(&edu->ref, edu_dev_free);
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR, EDU_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_ids);

static struct pci_driver edu_driver = {
	.name = EDU_NAME,
	.id_table = edu_ids,
	.probe = edu_probe,
	.remove = edu_remove,
	/*
	 * edu takes DMA ownership itself for IOMMU_EDU_ATTACH_BLOCKED and
	 * attaches its private domains; it only uses the DMA API while it is
	 * back in the default domain.
	 */
	.driver_managed_dma = true,
};
module_pci_driver(edu_driver);

MODULE_DESCRIPTION("DMA API and IOMMU test driver for QEMU's edu device");
MODULE_LICENSE("GPL");
