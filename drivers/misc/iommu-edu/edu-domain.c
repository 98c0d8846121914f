// SPDX-License-Identifier: GPL-2.0
/*
 * iommu-edu: transfers through edu's domain, and the domains edu sits in.
 *
 * IOMMU_EDU_IOC_XFER aims the engine at an IOVA; where no translating
 * domain stands in front of edu, the range must lie inside a buffer of
 * the caller, since an IOVA is then a physical address.  The other
 * ioctls here release and synchronise buffers, describe their
 * scatterlists, and move edu between its default domain, a blocked one
 * and a private paging domain of its own.
 *
 * File map:
 *   translation          edu_domain(), edu_translated(), edu_buf_covers(),
 *                        edu_file_owns()
 *   transfers, buffers   edu_ioc_xfer(), edu_ioc_unmap(), edu_ioc_free(),
 *                        edu_ioc_sync(), edu_sgt_describe(),
 *                        edu_ioc_sgtable(), edu_ioc_probe()
 *   device answers       edu_domain_to_uapi(), edu_ioc_info(),
 *                        edu_set_dma_bits()
 *   domains              edu_back_to_default(), edu_private_buf(),
 *                        edu_attach_private(), edu_ioc_attach()
 *   untrusted flag       edu_has_buffers(), edu_set_untrusted()
 *   canary, phys         edu_canary_changed(), edu_ioc_canary(),
 *                        edu_ioc_phys()
 *
 * Everything here runs with edu->lock held (see edu-core.c).
 */

#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/scatterlist.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include <uapi/misc/iommu-edu.h>

#include "edu.h"

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

int edu_ioc_xfer(struct edu_file *ef, struct iommu_edu_xfer *arg)
{
	struct edu_dev *edu = ef->edu;
	u64 window = IOMMU_EDU_WINDOW_ADDR + arg->window_offset;
	u64 last = arg->iova + arg->len - 1;

	if (arg->pad || !arg->len ||
	    (u64)arg->window_offset + arg->len > IOMMU_EDU_XFER_MAX)
		return -EINVAL;
	if (last < arg->iova || last > DMA_BIT_MASK(edu_dma_bits))
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

int edu_ioc_unmap(struct edu_file *ef, u32 handle)
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

int edu_ioc_free(struct edu_file *ef, u32 handle)
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

int edu_ioc_sync(struct edu_file *ef, struct iommu_edu_sync *arg)
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

int edu_ioc_sgtable(struct edu_file *ef, struct iommu_edu_sgtable *arg)
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

int edu_ioc_probe(struct edu_file *ef, struct iommu_edu_probe *arg)
{
	struct iommu_domain *domain = edu_domain(ef->edu);

	if (arg->pad)
		return -EINVAL;
	if (!edu_translated(ef->edu))
		return -EOPNOTSUPP;
	arg->mapped = iommu_iova_to_phys(domain, arg->iova) ? 1 : 0;
	return 0;
}

u32 edu_domain_to_uapi(struct iommu_domain *domain)
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

void edu_ioc_info(struct edu_dev *edu, struct iommu_edu_info *arg)
{
	struct iommu_domain *domain = edu_domain(edu);
	u64 mask = dma_get_mask(edu_to_dev(edu));

	memset(arg, 0, sizeof(*arg));
	arg->domain = edu_domain_to_uapi(domain);
	arg->domain_raw = domain ? domain->type : 0;
	arg->dma_mask = mask;
	arg->dma_bits = fls64(mask);
	arg->max_dma_bits = edu_dma_bits;
	arg->iova_last = DMA_BIT_MASK(edu_dma_bits);
	if (IS_ENABLED(CONFIG_IOMMU_DMA_FIXED))
		arg->features |= IOMMU_EDU_FEAT_FIXED;
}

int edu_set_dma_bits(struct edu_dev *edu, u32 bits)
{
	if (bits < IOMMU_EDU_DMA_BITS_MIN || bits > edu_dma_bits)
		return -EINVAL;
	return dma_set_mask_and_coherent(edu_to_dev(edu), DMA_BIT_MASK(bits));
}

/* Domains */

/* Leave a private or blocked domain for the default one; lock held. */
void edu_back_to_default(struct edu_dev *edu)
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
	    iova + buf->mem_bytes - 1 > DMA_BIT_MASK(edu_dma_bits))
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

int edu_ioc_attach(struct edu_file *ef, struct iommu_edu_attach *arg)
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

int edu_set_untrusted(struct edu_dev *edu, u32 value)
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

int edu_ioc_canary(struct edu_file *ef, struct iommu_edu_canary *arg)
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

int edu_ioc_phys(struct edu_file *ef, struct iommu_edu_phys *arg)
{
	struct edu_buf *buf = xa_load(&ef->bufs, arg->handle);

	if (arg->pad || !buf || buf->kind != IOMMU_EDU_KIND_SINGLE)
		return -EINVAL;
	arg->phys = virt_to_phys(buf->cpu);
	return 0;
}
