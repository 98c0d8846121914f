// SPDX-License-Identifier: GPL-2.0
/*
 * iommu-edu: user mappings of buffers.
 *
 * mmap() of the device node maps one buffer, named by the offset
 * (IOMMU_EDU_MMAP_OFFSET), into user space.  It runs with the mm's lock
 * held and so never takes the device mutex (see edu-core.c): buffers are
 * found under their file's xarray lock, and every VMA holds a reference
 * on its buffer.  The unbind takes every mapping away before the memory
 * goes back to the DMA API.
 *
 * File map:
 *   address spaces       edu_note_mm(), edu_revoke_mmaps()
 *   VMA callbacks        edu_vm_open(), edu_vm_close()
 *   mmap()               edu_mmap()
 */

#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/mutex.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include <uapi/misc/iommu-edu.h>

#include "edu.h"

/* Pages of mmap() offset that select a page inside one buffer */
#define EDU_MMAP_PAGE_BITS	(IOMMU_EDU_MMAP_SHIFT - PAGE_SHIFT)
static_assert(IOMMU_EDU_MMAP_SHIFT > PAGE_SHIFT);
static_assert(BIT(IOMMU_EDU_MMAP_SHIFT) >= IOMMU_EDU_BUF_MAX);

/* An address space that mapped buffers, pinned until the unbind. */
struct edu_mm {
	struct list_head link;
	struct mm_struct *mm;
};

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
void edu_revoke_mmaps(struct edu_dev *edu)
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
int edu_mmap(struct file *file, struct vm_area_struct *vma)
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
