// SPDX-License-Identifier: GPL-2.0-only
/*
 * Renesas IPMMU-VMSA: translation contexts (file map in ipmmu-vmsa-regs.h).
 *
 *   register access       ipmmu_read/write(), one context's page
 *   TLB                   ipmmu_ctx_flush(): whole-context flush and its
 *                         wait, the hooks the io-pgtable domain calls
 *   contexts              ipmmu_domain_get_ctx()/put_ctx(): a domain holds
 *                         a context of the root while masters use it;
 *                         ipmmu_ctx_program() writes one from the domain
 *   paging domains        alloc, free, map (refused once wedged)
 *   faults                ipmmu_fault_irq() on the root's interrupt
 *
 * Locking: a domain's mutex serialises its attaches, which take and drop
 * its context; the root's spinlock guards which domain owns which context
 * and is held by the fault interrupt while it reads a context, so a
 * context is never released under the interrupt's feet.  TLB flushes run
 * without our locks (io-pgtable calls them from map and unmap): they read
 * the domain's context once and a released context only costs a spare
 * flush.
 */
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/slab.h>

#include "ipmmu-vmsa.h"

u32 ipmmu_read(struct ipmmu_device *mmu, u32 off)
{
	return ioread32(mmu->base + off);
}

void ipmmu_write(struct ipmmu_device *mmu, u32 off, u32 val)
{
	iowrite32(val, mmu->base + off);
}

static u32 ipmmu_ctx_rd(struct ipmmu_device *mmu, unsigned int ctx, u32 reg)
{
	const struct ipmmu_features *f = mmu->features;

	return ipmmu_read(mmu, ipmmu_ctx_offset(f->ctx_base, f->ctx_stride,
						ctx, reg));
}

static void ipmmu_ctx_wr(struct ipmmu_device *mmu, unsigned int ctx, u32 reg,
			 u32 val)
{
	const struct ipmmu_features *f = mmu->features;

	ipmmu_write(mmu, ipmmu_ctx_offset(f->ctx_base, f->ctx_stride, ctx, reg),
		    val);
}

/*
 * IMCTR is the one context register a cache IPMMU has too: its enable and
 * flush bits must follow the root's.
 */
static void ipmmu_imctr_write(struct ipmmu_domain *dom, unsigned int ctx,
			      u32 val)
{
	if (!ipmmu_is_root(dom->mmu))
		ipmmu_ctx_wr(dom->mmu, ctx, IPMMU_IMCTR, val);
	ipmmu_ctx_wr(dom->mmu->root, ctx, IPMMU_IMCTR, val);
}

static int ipmmu_flush_wait(struct ipmmu_device *mmu, unsigned int ctx)
{
	u32 val;

	return readl_poll_timeout_atomic(mmu->base +
		ipmmu_ctx_offset(mmu->features->ctx_base,
				 mmu->features->ctx_stride, ctx, IPMMU_IMCTR),
		val, !(val & IMCTR_FLUSH), 1, IPMMU_FLUSH_TIMEOUT_US);
}

/* Wait until the flush that IMCTR.FLUSH started is done, cache then root. */
static int ipmmu_ctx_sync(struct ipmmu_domain *dom, unsigned int ctx)
{
	int ret = 0;

	if (!ipmmu_is_root(dom->mmu))
		ret = ipmmu_flush_wait(dom->mmu, ctx);
	if (!ret)
		ret = ipmmu_flush_wait(dom->mmu->root, ctx);
	if (ret) {
		WRITE_ONCE(dom->wedged, true);
		dev_err_ratelimited(dom->mmu->dev,
				    "context %u: TLB flush timed out, mappings refused\n",
				    ctx);
	}
	return ret;
}

/*
 * The IPMMU flushes a whole context or nothing, so every invalidation is
 * a flush of the domain's context and a wait for it.
 */
static int ipmmu_ctx_flush(struct ipmmu_domain *dom)
{
	int ctx = READ_ONCE(dom->ctx);
	u32 imctr;

	if (ctx == IPMMU_CTX_NONE)
		return 0;
	imctr = ipmmu_ctx_rd(dom->mmu->root, ctx, IPMMU_IMCTR);
	ipmmu_imctr_write(dom, ctx, imctr | IMCTR_FLUSH);
	return ipmmu_ctx_sync(dom, ctx);
}

static void ipmmu_tlb_inv_all(struct io_pgtable_domain *pgd)
{
	ipmmu_ctx_flush(container_of(pgd, struct ipmmu_domain, pgd));
}

static void ipmmu_tlb_inv_range(struct io_pgtable_domain *pgd,
				unsigned long iova, size_t size, size_t granule,
				bool leaf)
{
	ipmmu_ctx_flush(container_of(pgd, struct ipmmu_domain, pgd));
}

static const struct io_pgtable_domain_tlb_ops ipmmu_tlb_ops = {
	.inv_all	= ipmmu_tlb_inv_all,
	.inv_range	= ipmmu_tlb_inv_range,
};

/*
 * Write a domain's context from its page table; it is left translating,
 * its fault interrupt on and its TLB flushing: the caller waits for the
 * flush.
 */
static void ipmmu_ctx_program(struct ipmmu_domain *dom)
{
	struct ipmmu_device *root = dom->mmu->root;
	const struct ipmmu_features *f = root->features;
	u64 ttbr = dom->cfg.arm_lpae_s1_cfg.ttbr;
	unsigned int ctx = dom->ctx;

	ipmmu_ctx_wr(root, ctx, IPMMU_IMTTLBR0, lower_32_bits(ttbr));
	ipmmu_ctx_wr(root, ctx, IPMMU_IMTTUBR0, upper_32_bits(ttbr));
	ipmmu_ctx_wr(root, ctx, IPMMU_IMTTBCR,
		     ipmmu_imttbcr(f->twobit_sl0, f->snoop));
	ipmmu_ctx_wr(root, ctx, IPMMU_IMMAIR0,
		     lower_32_bits(dom->cfg.arm_lpae_s1_cfg.mair));
	/* no DVM, and walks on the bus the reset value names */
	if (f->imbuscr)
		ipmmu_ctx_wr(root, ctx, IPMMU_IMBUSCR,
			     ipmmu_ctx_rd(root, ctx, IPMMU_IMBUSCR) &
			     ~(IMBUSCR_DVM | IMBUSCR_BUSSEL));
	ipmmu_ctx_wr(root, ctx, IPMMU_IMSTR, 0);
	ipmmu_imctr_write(dom, ctx, IMCTR_INTEN | IMCTR_FLUSH | IMCTR_MMUEN);
}

/**
 * ipmmu_ctx_restore() - rewrite a domain's context after a power loss
 * @dom: a domain holding a context
 *
 * Return: 0, or -ETIMEDOUT when the context's flush never finished.
 */
int ipmmu_ctx_restore(struct ipmmu_domain *dom)
{
	ipmmu_ctx_program(dom);
	return ipmmu_ctx_sync(dom, dom->ctx);
}

/* Stop a context translating; the caller owns it. */
static int ipmmu_ctx_stop(struct ipmmu_domain *dom, unsigned int ctx)
{
	ipmmu_imctr_write(dom, ctx, IMCTR_FLUSH);
	return ipmmu_ctx_sync(dom, ctx);
}

/**
 * ipmmu_ctx_disable_all() - turn every context of a root off
 * @root: a root IPMMU
 *
 * At probe, removal and before resume rebuilds the contexts in use.
 */
void ipmmu_ctx_disable_all(struct ipmmu_device *root)
{
	unsigned int i;

	for (i = 0; i < root->nr_ctx; i++)
		ipmmu_ctx_wr(root, i, IPMMU_IMCTR, 0);
}

static int ipmmu_ctx_claim(struct ipmmu_domain *dom, struct device *dev)
{
	struct ipmmu_device *root = dom->mmu->root;
	unsigned int first = root->features->ctx0_reserved ? 1 : 0;
	struct ipmmu_domain *old;
	unsigned long flags;
	unsigned int i;
	int ret = -ENOSPC;

	spin_lock_irqsave(&root->lock, flags);
	for (i = first; i < root->nr_ctx; i++) {
		if (!root->ctx_owner[i]) {
			root->ctx_owner[i] = dom;
			ret = i;
			break;
		}
	}
	/*
	 * A single-context IPMMU has one group (ipmmu_device_group()), and
	 * the core moves a group's masters to a new domain one by one: the
	 * first master to move takes the context over for the new domain,
	 * the others follow.
	 */
	if (ret < 0 && dom->mmu->group && root->nr_ctx - first == 1) {
		old = root->ctx_owner[first];
		WRITE_ONCE(old->ctx, IPMMU_CTX_NONE);
		old->users = 0;
		root->ctx_owner[first] = dom;
		ret = first;
	}
	spin_unlock_irqrestore(&root->lock, flags);
	if (ret < 0)
		dev_err(dev, "%s: all %u translation contexts are in use\n",
			dev_name(root->dev), root->nr_ctx - first);
	return ret;
}

/*
 * The master fault reports name; under the root's lock, which the fault
 * interrupt holds while it reads it, so a master that leaves is never
 * named after it is gone.
 */
static void ipmmu_set_last_dev(struct ipmmu_domain *dom, struct device *old,
			       struct device *dev)
{
	struct ipmmu_device *root = dom->mmu->root;
	unsigned long flags;

	spin_lock_irqsave(&root->lock, flags);
	if (!old || dom->last_dev == old)
		dom->last_dev = dev;
	spin_unlock_irqrestore(&root->lock, flags);
}

static void ipmmu_ctx_release(struct ipmmu_domain *dom, unsigned int ctx)
{
	struct ipmmu_device *root = dom->mmu->root;
	unsigned long flags;

	spin_lock_irqsave(&root->lock, flags);
	if (root->ctx_owner[ctx] == dom)
		root->ctx_owner[ctx] = NULL;
	WRITE_ONCE(dom->ctx, IPMMU_CTX_NONE);
	spin_unlock_irqrestore(&root->lock, flags);
}

/**
 * ipmmu_domain_get_ctx() - make a domain's context live for one more master
 * @dom: the domain
 * @mmu: the master's IPMMU
 * @dev: the master, named in errors and fault reports
 *
 * Context: takes @dom's mutex.
 * Return: 0, -EINVAL if @dom belongs to another IPMMU, -ENOSPC when every
 * context is taken, -ETIMEDOUT if the new context's flush never finished.
 */
int ipmmu_domain_get_ctx(struct ipmmu_domain *dom, struct ipmmu_device *mmu,
			 struct device *dev)
{
	int ret = 0, ctx;

	if (dom->mmu != mmu) {
		dev_err(dev, "domain of %s, master behind %s\n",
			dev_name(dom->mmu->dev), dev_name(mmu->dev));
		return -EINVAL;
	}
	mutex_lock(&dom->lock);
	if (dom->ctx == IPMMU_CTX_NONE) {
		ctx = ipmmu_ctx_claim(dom, dev);
		if (ctx < 0) {
			ret = ctx;
			goto out_unlock;
		}
		WRITE_ONCE(dom->ctx, ctx);
		WRITE_ONCE(dom->wedged, false);
		ipmmu_ctx_program(dom);
		ret = ipmmu_ctx_sync(dom, ctx);
		if (ret) {
			ipmmu_imctr_write(dom, ctx, 0);
			ipmmu_ctx_release(dom, ctx);
			goto out_unlock;
		}
		dom->users = 0;
	}
	dom->users++;
	ipmmu_set_last_dev(dom, NULL, dev);
out_unlock:
	mutex_unlock(&dom->lock);
	return ret;
}

/**
 * ipmmu_domain_put_ctx() - one master less on a domain's context
 * @dom: the domain the master leaves
 * @dev: the master
 *
 * The last master out stops the context and gives it back to the root.
 * Context: takes @dom's mutex.
 */
void ipmmu_domain_put_ctx(struct ipmmu_domain *dom, struct device *dev)
{
	int ctx;

	mutex_lock(&dom->lock);
	ipmmu_set_last_dev(dom, dev, NULL);
	ctx = dom->ctx;
	if (ctx != IPMMU_CTX_NONE && dom->users && !--dom->users) {
		/* a timed out stop is reported; the context goes regardless */
		ipmmu_ctx_stop(dom, ctx);
		ipmmu_ctx_release(dom, ctx);
	}
	mutex_unlock(&dom->lock);
}

/**
 * ipmmu_domain_alloc_paging() - a new LPAE stage-1 domain for a master
 * @dev: the master; the domain serves its IPMMU only
 *
 * Return: the domain, or an ERR_PTR.
 */
struct iommu_domain *ipmmu_domain_alloc_paging(struct device *dev)
{
	struct ipmmu_device *mmu = dev ? dev_iommu_priv_get(dev) : NULL;
	struct ipmmu_domain *dom;
	int ret;

	if (!mmu)
		return ERR_PTR(-ENODEV);
	dom = kzalloc(sizeof(*dom), GFP_KERNEL);
	if (!dom)
		return ERR_PTR(-ENOMEM);
	mutex_init(&dom->lock);
	dom->mmu = mmu;
	dom->ctx = IPMMU_CTX_NONE;
	/*
	 * The IPMMU faults a non-secure access through a table entry whose
	 * NS bits are clear, so every level carries them.  32-bit input
	 * (IMTTBCR: TTBR0 covers it all), 40-bit output.
	 */
	dom->cfg = (struct io_pgtable_cfg) {
		.quirks		= IO_PGTABLE_QUIRK_ARM_NS,
		.pgsize_bitmap	= SZ_1G | SZ_2M | SZ_4K,
		.ias		= 32,
		.oas		= 40,
		.coherent_walk	= false,
		.iommu_dev	= mmu->root->dev,
	};
	ret = io_pgtable_domain_init(&dom->pgd, ARM_32_LPAE_S1, &dom->cfg,
				     &ipmmu_tlb_ops);
	if (ret) {
		kfree(dom);
		return ERR_PTR(ret);
	}
	return &dom->pgd.domain;
}

static void ipmmu_domain_free(struct iommu_domain *domain)
{
	struct ipmmu_domain *dom = to_ipmmu_domain(domain);

	/* the core moved every master away before freeing the domain */
	WARN_ON(dom->users);
	if (dom->ctx != IPMMU_CTX_NONE) {
		ipmmu_ctx_stop(dom, dom->ctx);
		ipmmu_ctx_release(dom, dom->ctx);
	}
	io_pgtable_domain_destroy(&dom->pgd);
	mutex_destroy(&dom->lock);
	kfree(dom);
}

static int ipmmu_map_pages(struct iommu_domain *domain, unsigned long iova,
			   phys_addr_t paddr, size_t pgsize, size_t pgcount,
			   int prot, gfp_t gfp, size_t *mapped)
{
	/* a context whose flushes time out would serve stale translations */
	if (READ_ONCE(to_ipmmu_domain(domain)->wedged))
		return -EIO;
	return io_pgtable_domain_map_pages(domain, iova, paddr, pgsize,
					   pgcount, prot, gfp, mapped);
}

const struct iommu_domain_ops ipmmu_paging_ops = {
	.attach_dev	= ipmmu_attach_paging,
	.map_pages	= ipmmu_map_pages,
	.unmap_pages	= io_pgtable_domain_unmap_pages,
	.flush_iotlb_all = io_pgtable_domain_flush_iotlb_all,
	.iotlb_sync	= io_pgtable_domain_iotlb_sync,
	.iova_to_phys	= io_pgtable_domain_iova_to_phys,
	.free		= ipmmu_domain_free,
};

/* One context's fault, with the root's lock held. */
static irqreturn_t ipmmu_ctx_fault(struct ipmmu_device *root, unsigned int ctx)
{
	struct ipmmu_domain *dom = root->ctx_owner[ctx];
	struct device *master;
	const char *kind;
	u32 status;
	u64 iova;

	status = ipmmu_ctx_rd(root, ctx, IPMMU_IMSTR);
	kind = ipmmu_fault_kind(status);
	if (!kind)
		return IRQ_NONE;
	/* the address reads as 0 once the status is cleared: read it first */
	iova = ipmmu_ctx_rd(root, ctx, IPMMU_IMEAR);
	if (root->features->has_cache)
		iova |= (u64)ipmmu_ctx_rd(root, ctx, IPMMU_IMEUAR) << 32;
	ipmmu_ctx_wr(root, ctx, IPMMU_IMSTR, 0);

	master = dom->last_dev ?: root->dev;
	dev_err_ratelimited(root->dev,
			    "%s: %s fault at IOVA %#llx (context %u, IMSTR %#x)\n",
			    dev_name(master), kind, iova, ctx, status);
	if (status & (IMSTR_TF | IMSTR_PF))
		report_iommu_fault(&dom->pgd.domain, master, iova, 0);
	return IRQ_HANDLED;
}

/**
 * ipmmu_fault_irq() - the root IPMMU's interrupt
 * @irq: the line
 * @data: the root IPMMU
 *
 * Reports and clears the fault of every context that has one.
 * Return: IRQ_HANDLED if a context had a fault.
 */
irqreturn_t ipmmu_fault_irq(int irq, void *data)
{
	struct ipmmu_device *root = data;
	irqreturn_t ret = IRQ_NONE;
	unsigned int i;

	spin_lock(&root->lock);
	for (i = 0; i < root->nr_ctx; i++)
		if (root->ctx_owner[i] &&
		    ipmmu_ctx_fault(root, i) == IRQ_HANDLED)
			ret = IRQ_HANDLED;
	spin_unlock(&root->lock);
	return ret;
}
