// SPDX-License-Identifier: GPL-2.0-only
/*
 * DMA API implementation on top of an IOMMU domain: the core.
 *
 * A device whose default domain translates gets its streaming mappings and
 * coherent buffers from this layer: each one becomes an IOVA range taken
 * from the domain's allocator, page-table entries written through the IOMMU
 * API, and an IOTLB invalidation that is either issued before the range is
 * reused (strict) or batched through flush queues (lazy).
 *
 * The layer is spread over six files that share dma-iommu-priv.h:
 *   dma-iommu.c        this file: command-line options, cookies, reserved
 *                      regions, domain setup, MSI doorbells, init
 *   dma-iommu-fq.c     flush-queue rings and lazy IOTLB invalidation
 *   dma-iommu-map.c    IOVA allocation and release, single buffers, swiotlb
 *                      bouncing, syncs, map_resource, mapping limits
 *   dma-iommu-sg.c     the scatterlist planner, map_sg and unmap_sg
 *   dma-iommu-alloc.c  coherent and non-contiguous buffers, mmap, get_sgtable
 *   dma-iommu-fixed.c  buffers at device addresses the caller chooses
 * The calls into the architecture (cache maintenance, coherence) are the
 * idma_arch_*() wrappers in dma-iommu-priv.h and nowhere else.
 */

#include <linux/acpi_iort.h>
#include <linux/crash_dump.h>
#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/iova.h>
#include <linux/list_sort.h>
#include <linux/msi.h>
#include <linux/mutex.h>
#include <linux/of_iommu.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "dma-iommu.h"
#include "dma-iommu-priv.h"

/**
 * DOC: vocabulary
 *
 * granule
 *	The smallest page size of the domain.  IOVA space is handed out in
 *	whole granules and every IOMMU mapping starts and ends on one.
 * head
 *	How far a buffer starts into its first granule.  A DMA address keeps
 *	the head of the physical address it translates to.
 * span
 *	The whole granules covering a buffer: head plus length, rounded up.
 * [start, end)
 *	Byte ranges are half-open; a name with "last" is inclusive.
 * stamp
 *	For lazy release, the number of IOTLB flushes that had begun when an
 *	IOVA range was queued.  Once more flushes than that have finished,
 *	one of them began after the range was unmapped, so the hardware can
 *	no longer hold a translation for it and the range may be reused.
 */

/* kdump kernels attach devices lazily, on their first DMA API call */
static DEFINE_STATIC_KEY_FALSE(idma_deferred_attach);

bool iommu_dma_forcedac __read_mostly;

static int __init idma_parse_forcedac(char *arg)
{
	int ret = kstrtobool(arg, &iommu_dma_forcedac);

	if (!ret && iommu_dma_forcedac)
		pr_info("iommu.forcedac: PCI devices get 64-bit IOVAs from the start\n");
	return ret;
}
early_param("iommu.forcedac", idma_parse_forcedac);

bool idma_attach_failed(struct device *dev, struct iommu_domain *dom)
{
	return static_branch_unlikely(&idma_deferred_attach) && dev &&
	       iommu_deferred_attach(dev, dom);
}

/*
 * Cookies
 */

static struct iommu_dma_cookie *idma_cookie_new(enum idma_cookie_kind kind)
{
	struct iommu_dma_cookie *ck = kzalloc(sizeof(*ck), GFP_KERNEL);

	if (!ck)
		return NULL;
	ck->kind = kind;
	mutex_init(&ck->setup_lock);
	INIT_LIST_HEAD(&ck->doorbells);
	INIT_LIST_HEAD(&ck->fixed);
	return ck;
}

/**
 * iommu_get_dma_cookie() - Attach DMA API state to a new DMA domain
 * @dom: domain of type IOMMU_DOMAIN_DMA or IOMMU_DOMAIN_DMA_FQ
 *
 * The IOVA allocator itself is set up later, by iommu_setup_dma_ops(), once
 * a device tells us the geometry it needs.
 *
 * Return: 0, -EEXIST if @dom already has a cookie, or -ENOMEM.
 */
int iommu_get_dma_cookie(struct iommu_domain *dom)
{
	struct iommu_dma_cookie *ck;

	if (dom->iova_cookie)
		return -EEXIST;
	ck = idma_cookie_new(IDMA_COOKIE_DMA);
	if (!ck)
		return -ENOMEM;
	dom->iova_cookie = ck;
	return 0;
}

/**
 * iommu_get_msi_cookie() - Let dma-iommu place MSI doorbells in a domain
 * @dom: unmanaged domain whose IOVA space the caller manages
 * @base: first IOVA of a window the caller keeps free for doorbells
 *
 * For users such as VFIO that allocate IOVAs themselves but want the MSI
 * doorbells their devices write to be mapped automatically.  Doorbell pages
 * are mapped one after another from @base, one PAGE_SIZE page for each
 * distinct doorbell, so the window must be large enough for all of them.
 *
 * Return: 0, -EINVAL for a domain that is not unmanaged, -EEXIST if it has
 * a cookie already, or -ENOMEM.
 */
int iommu_get_msi_cookie(struct iommu_domain *dom, dma_addr_t base)
{
	struct iommu_dma_cookie *ck;

	if (dom->type != IOMMU_DOMAIN_UNMANAGED)
		return -EINVAL;
	if (dom->iova_cookie)
		return -EEXIST;

	ck = idma_cookie_new(IDMA_COOKIE_MSI);
	if (!ck)
		return -ENOMEM;
	ck->msi_next = base;
	dom->iova_cookie = ck;
	return 0;
}
EXPORT_SYMBOL(iommu_get_msi_cookie);

/**
 * iommu_put_dma_cookie() - Free the DMA API state of a domain
 * @dom: domain given a cookie by iommu_get_dma_cookie() or
 *	iommu_get_msi_cookie(), or none at all
 *
 * Stops the flush-queue timer, frees the queues and the IOVA allocator and
 * forgets the MSI doorbells.  The domain must no longer be in use.
 */
void iommu_put_dma_cookie(struct iommu_domain *dom)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	struct idma_doorbell *db, *next;

	if (!ck)
		return;

	if (ck->kind == IDMA_COOKIE_DMA && ck->iovad.granule) {
		idma_fixed_teardown(ck);
		idma_lazy_teardown(ck);
		put_iova_domain(&ck->iovad);
	}
	list_for_each_entry_safe(db, next, &ck->doorbells, link) {
		list_del(&db->link);
		kfree(db);
	}
	mutex_destroy(&ck->setup_lock);
	kfree(ck);
	dom->iova_cookie = NULL;
}

/*
 * Reserved regions
 */

/**
 * iommu_dma_get_resv_regions() - Firmware reserved regions of a device
 * @dev: device being asked about by iommu_get_resv_regions()
 * @list: list to append struct iommu_resv_region entries to
 *
 * Helper for the get_resv_regions() op of IOMMU drivers: adds what the
 * firmware describes independently of the IOMMU, that is the IORT's
 * hardware MSI windows and reserved memory ranges on ACPI systems and the
 * "iommu-addresses" of reserved-memory nodes on devicetree systems.
 */
void iommu_dma_get_resv_regions(struct device *dev, struct list_head *list)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);

	if (fwspec && !is_of_node(fwspec->iommu_fwnode))
		iort_iommu_get_resv_regions(dev, list);

	if (dev->of_node)
		of_iommu_get_resv_regions(dev, list);
}
EXPORT_SYMBOL(iommu_dma_get_resv_regions);

/*
 * Keep the bytes [first, last] out of the allocator's reach.
 *
 * Granule numbers are unsigned long.  With a 32-bit long (arm32 with LPAE)
 * a bus address can lie beyond the last granule the allocator can name, and
 * its own end marker takes that last one: nothing is ever allocated up
 * there, so a reservation stops below it.
 */
static int idma_reserve_bytes(struct iova_domain *iovad, u64 first, u64 last)
{
	u64 lo = first >> iova_shift(iovad);
	u64 hi = last >> iova_shift(iovad);

	if (last < first || lo >= ULONG_MAX)
		return 0;
	hi = min_t(u64, hi, ULONG_MAX - 1);
	if (!reserve_iova(iovad, lo, hi))
		return -ENOMEM;
	return 0;
}

static struct idma_doorbell *idma_doorbell_find(struct iommu_dma_cookie *ck,
						phys_addr_t phys)
{
	struct idma_doorbell *db;

	list_for_each_entry(db, &ck->doorbells, link)
		if (db->phys == phys)
			return db;
	return NULL;
}

/*
 * A hardware MSI region is not translated: the doorbells in it are seen by
 * the device at their physical address, so record identity doorbells and
 * iommu_dma_prepare_msi() will find them instead of mapping new ones.
 */
static int idma_add_bypass_doorbells(struct iommu_dma_cookie *ck,
				     phys_addr_t start, size_t length)
{
	size_t granule = ck->iovad.granule;
	phys_addr_t page = ALIGN_DOWN(start, granule);
	phys_addr_t end = start + length;

	for (; page < end; page += granule) {
		struct idma_doorbell *db;

		if (idma_doorbell_find(ck, page))
			continue;
		db = kzalloc(sizeof(*db), GFP_KERNEL);
		if (!db)
			return -ENOMEM;
		db->phys = page;
		db->iova = page;
		list_add(&db->link, &ck->doorbells);
	}
	return 0;
}

/**
 * idma_apply_resv_regions() - Apply a device's reserved regions to a domain
 * @dom: DMA domain whose IOVA allocator is initialised
 * @regions: list of struct iommu_resv_region
 *
 * Every region but IOMMU_RESV_SW_MSI is removed from the allocator: direct
 * regions are identity-mapped by the IOMMU core and must not be reused,
 * reserved and hardware MSI regions must not be translated at all.  The
 * software MSI window is ours to place doorbells in, through the ordinary
 * allocator, so it stays available.
 *
 * Context: the caller holds the cookie's setup lock or owns the domain.
 * Return: 0 or -ENOMEM.
 */
VISIBLE_IF_KUNIT int idma_apply_resv_regions(struct iommu_domain *dom,
					     struct list_head *regions)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	struct iommu_resv_region *r;
	int ret;

	list_for_each_entry(r, regions, list) {
		if (r->type == IOMMU_RESV_SW_MSI || !r->length)
			continue;

		ret = idma_reserve_bytes(&ck->iovad, r->start,
					 r->start + r->length - 1);
		if (!ret && r->type == IOMMU_RESV_MSI)
			ret = idma_add_bypass_doorbells(ck, r->start,
							r->length);
		if (ret)
			return ret;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(idma_apply_resv_regions);

static u64 idma_bus_start(const struct resource_entry *e)
{
	return e->res->start - e->offset;
}

static int idma_cmp_bus_start(void *priv, const struct list_head *a,
			      const struct list_head *b)
{
	u64 sa = idma_bus_start(list_entry(a, struct resource_entry, node));
	u64 sb = idma_bus_start(list_entry(b, struct resource_entry, node));

	if (sa == sb)
		return 0;
	return sa > sb ? 1 : -1;
}

/**
 * idma_reserve_bus_windows() - Reserve what a PCI host bridge cannot carry
 * @dom: DMA domain whose IOVA allocator is initialised
 * @windows: the bridge's resource windows (CPU view plus offset)
 * @dma_ranges: the bridge's inbound DMA windows; sorted here by bus address
 *
 * An IOVA inside an outbound memory window would be claimed as
 * peer-to-peer traffic by the bridge and never reach the IOMMU, and an
 * IOVA outside every inbound window is dropped by the bridge.  Both are
 * reserved.  With no inbound windows listed, all bus addresses pass.
 *
 * Return: 0, -EINVAL when inbound windows overlap, or -ENOMEM.
 */
VISIBLE_IF_KUNIT int idma_reserve_bus_windows(struct iommu_domain *dom,
					      struct list_head *windows,
					      struct list_head *dma_ranges)
{
	struct iova_domain *iovad = &dom->iova_cookie->iovad;
	struct resource_entry *e;
	bool reached_top = false;
	u64 hole = 0;
	int ret;

	resource_list_for_each_entry(e, windows) {
		if (resource_type(e->res) != IORESOURCE_MEM)
			continue;
		ret = idma_reserve_bytes(iovad, idma_bus_start(e),
					 e->res->end - e->offset);
		if (ret)
			return ret;
	}

	if (list_empty(dma_ranges))
		return 0;

	list_sort(NULL, dma_ranges, idma_cmp_bus_start);
	resource_list_for_each_entry(e, dma_ranges) {
		u64 first = idma_bus_start(e);
		u64 last = e->res->end - e->offset;

		if (reached_top || first < hole)
			return -EINVAL;
		if (first > hole) {
			ret = idma_reserve_bytes(iovad, hole, first - 1);
			if (ret)
				return ret;
		}
		if (last == U64_MAX)
			reached_top = true;
		else
			hole = last + 1;
	}
	if (reached_top)
		return 0;
	return idma_reserve_bytes(iovad, hole, U64_MAX);
}
EXPORT_SYMBOL_IF_KUNIT(idma_reserve_bus_windows);

static int idma_reserve_for_device(struct iommu_domain *dom,
				   struct device *dev)
{
	LIST_HEAD(regions);
	int ret;

	if (dev_is_pci(dev)) {
		struct pci_dev *pdev = to_pci_dev(dev);
		struct pci_host_bridge *bridge = pci_find_host_bridge(pdev->bus);

		ret = idma_reserve_bus_windows(dom, &bridge->windows,
					       &bridge->dma_ranges);
		if (ret) {
			dev_err(dev, "cannot reserve host bridge windows: %d\n",
				ret);
			return ret;
		}
	}

	iommu_get_resv_regions(dev, &regions);
	ret = idma_apply_resv_regions(dom, &regions);
	iommu_put_resv_regions(dev, &regions);
	return ret;
}

/*
 * Domain setup
 */

/**
 * idma_domain_init_iova() - Start the IOVA allocator of a DMA domain
 * @dom: domain with a cookie from iommu_get_dma_cookie()
 * @base_pfn: lowest granule number the allocator may hand out, not zero
 * @single_queue: lazy mode will use one shared flush queue
 *
 * The granule is the smallest page size in @dom->pgsize_bitmap.
 *
 * Return: 0 or -ENOMEM.
 */
VISIBLE_IF_KUNIT int idma_domain_init_iova(struct iommu_domain *dom,
					   unsigned long base_pfn,
					   bool single_queue)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	struct iova_domain *iovad = &ck->iovad;
	int ret;

	init_iova_domain(iovad, 1UL << __ffs(dom->pgsize_bitmap), base_pfn);
	ret = iova_domain_init_rcaches(iovad);
	if (ret) {
		/* Leave the cookie looking untouched so setup can be retried */
		iovad->granule = 0;
		iovad->start_pfn = 0;
		return ret;
	}
	ck->single_queue = single_queue;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(idma_domain_init_iova);

static int idma_domain_setup(struct iommu_domain *dom, struct device *dev)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	const struct bus_dma_region *map = dev->dma_range_map;
	struct iova_domain *iovad;
	unsigned long order, base_pfn;
	int ret;

	if (!ck || ck->kind != IDMA_COOKIE_DMA)
		return -EINVAL;
	iovad = &ck->iovad;

	if (map && (dma_range_map_min(map) > dom->geometry.aperture_end ||
		    dma_range_map_max(map) < dom->geometry.aperture_start)) {
		dev_warn(dev, "DMA ranges lie outside the IOMMU aperture\n");
		return -EFAULT;
	}

	/* IOVA 0 looks like failure to too many drivers: never hand it out */
	order = __ffs(dom->pgsize_bitmap);
	base_pfn = max_t(unsigned long, 1,
			 dom->geometry.aperture_start >> order);

	mutex_lock(&ck->setup_lock);
	if (iovad->start_pfn) {
		/* A second device: it must agree with the layout in use */
		if (iovad->granule != 1UL << order ||
		    iovad->start_pfn != base_pfn) {
			dev_warn(dev, "IOVA layout incompatible with its dom\n");
			ret = -EFAULT;
			goto out_unlock;
		}
	} else {
		ret = idma_domain_init_iova(dom, base_pfn,
					    dev->iommu->shadow_on_flush);
		if (ret)
			goto out_unlock;

		/* Lazy needs the driver's consent and memory; else strict */
		if (dom->type == IOMMU_DOMAIN_DMA_FQ &&
		    (!device_iommu_capable(dev, IOMMU_CAP_DEFERRED_FLUSH) ||
		     iommu_dma_init_fq(dom)))
			dom->type = IOMMU_DOMAIN_DMA;
	}

	/* Every device of the domain brings its own reserved regions */
	ret = idma_reserve_for_device(dom, dev);

out_unlock:
	mutex_unlock(&ck->setup_lock);
	return ret;
}

/**
 * iommu_setup_dma_ops() - Route a device's DMA API calls through its domain
 * @dev: device whose default domain has just been attached or changed
 *
 * Called by the IOMMU core.  If the domain is a DMA domain, its IOVA
 * allocator is set up for @dev (geometry, flush queues, reserved regions)
 * and dev->dma_iommu is set; if that fails the device keeps direct DMA.
 */
void iommu_setup_dma_ops(struct device *dev)
{
	struct iommu_domain *dom = iommu_get_domain_for_dev(dev);

	if (dev_is_pci(dev))
		dev->iommu->pci_32bit_workaround = !iommu_dma_forcedac;

	dev->dma_iommu = dom && iommu_is_dma_domain(dom);
	if (!dev->dma_iommu)
		return;

	if (idma_domain_setup(dom, dev)) {
		dev_warn(dev, "IOMMU DMA setup failed, using direct DMA\n");
		dev->dma_iommu = false;
	}
}

/*
 * MSI doorbells
 */

static size_t idma_msi_granule(struct iommu_dma_cookie *ck)
{
	return ck->kind == IDMA_COOKIE_DMA ? ck->iovad.granule :
						 PAGE_SIZE;
}

/* Find or create the doorbell mapping for @msi_addr.  Context: setup_lock */
static struct idma_doorbell *idma_doorbell_get(struct device *dev,
					       struct iommu_domain *dom,
					       phys_addr_t msi_addr)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	size_t size = idma_msi_granule(ck);
	phys_addr_t page = ALIGN_DOWN(msi_addr, size);
	struct idma_doorbell *db;
	dma_addr_t iova;

	lockdep_assert_held(&ck->setup_lock);

	db = idma_doorbell_find(ck, page);
	if (db)
		return db;

	db = kzalloc(sizeof(*db), GFP_KERNEL);
	if (!db)
		return NULL;

	iova = idma_iova_alloc(dom, size, dma_get_mask(dev), dev);
	if (!iova)
		goto out_free_db;
	if (iommu_map(dom, iova, page, size,
		      IOMMU_WRITE | IOMMU_NOEXEC | IOMMU_MMIO, GFP_KERNEL))
		goto out_free_iova;

	db->phys = page;
	db->iova = iova;
	list_add(&db->link, &ck->doorbells);
	return db;

out_free_iova:
	idma_iova_free(ck, iova, size, NULL);
out_free_db:
	kfree(db);
	return NULL;
}

/**
 * iommu_dma_prepare_msi() - Make an MSI doorbell reachable through the IOMMU
 * @desc: MSI descriptor of the interrupt being set up
 * @msi_addr: physical address the device must write to
 *
 * Maps the doorbell's page into the device's domain (once per domain and
 * page) and records the IOVA in @desc for iommu_dma_compose_msi_msg().
 * Devices without a translating domain get no translation.
 *
 * Context: process context, may sleep.
 * Return: 0, or -ENOMEM / -ENODEV if the doorbell cannot be mapped.
 */
int iommu_dma_prepare_msi(struct msi_desc *desc, phys_addr_t msi_addr)
{
	struct device *dev = msi_desc_to_dev(desc);
	struct iommu_domain *dom = iommu_get_domain_for_dev(dev);
	struct iommu_dma_cookie *ck;
	struct idma_doorbell *db;
	dma_addr_t iova;

	if (!dom || !dom->iova_cookie) {
		msi_desc_set_iommu_msi_iova(desc, 0, 0);
		return 0;
	}
	ck = dom->iova_cookie;

	/* A DMA domain nobody has set up yet has no allocator to use */
	if (ck->kind == IDMA_COOKIE_DMA && !ck->iovad.granule)
		return -ENODEV;

	mutex_lock(&ck->setup_lock);
	db = idma_doorbell_get(dev, dom, msi_addr);
	iova = db ? db->iova : 0;
	mutex_unlock(&ck->setup_lock);
	if (!db)
		return -ENOMEM;

	msi_desc_set_iommu_msi_iova(desc, iova,
				    ilog2(idma_msi_granule(ck)));
	return 0;
}

/**
 * iommu_dma_compose_msi_msg() - Point an MSI message at the doorbell's IOVA
 * @desc: MSI descriptor prepared by iommu_dma_prepare_msi()
 * @msg: message holding the doorbell's physical address, rewritten in place
 *
 * The address bits inside the doorbell page are kept; the page itself is
 * replaced by the IOVA recorded at prepare time, if any.
 */
void iommu_dma_compose_msi_msg(struct msi_desc *desc, struct msi_msg *msg)
{
#ifdef CONFIG_IRQ_MSI_IOMMU
	unsigned int shift = desc->iommu_msi_shift;
	u64 addr;

	if (!shift)
		return;

	addr = ((u64)desc->iommu_msi_iova << shift) |
	       (msg->address_lo & (BIT(shift) - 1));
	msg->address_hi = upper_32_bits(addr);
	msg->address_lo = lower_32_bits(addr);
#endif
}

static int __init idma_init(void)
{
	if (is_kdump_kernel())
		static_branch_enable(&idma_deferred_attach);
	return iova_cache_get();
}
arch_initcall(idma_init);
