// SPDX-License-Identifier: GPL-2.0-only
/*
 * DMA API implementation on top of an IOMMU domain.
 *
 * A device whose default domain translates gets its streaming mappings and
 * coherent buffers from here: each one becomes an IOVA range taken from the
 * domain's allocator, page-table entries written through the IOMMU API, and
 * an IOTLB invalidation that is either issued before the range is reused
 * (strict) or batched through flush queues (lazy).
 */

#include <linux/acpi_iort.h>
#include <linux/atomic.h>
#include <linux/crash_dump.h>
#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/gfp.h>
#include <linux/iommu.h>
#include <linux/iommu-dma.h>
#include <linux/iova.h>
#include <linux/list_sort.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/msi.h>
#include <linux/mutex.h>
#include <linux/of_iommu.h>
#include <linux/overflow.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/percpu.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/swiotlb.h>
#include <linux/timer.h>
#include <linux/vmalloc.h>
#include <trace/events/swiotlb.h>

#include "dma-iommu.h"
#include "dma-iommu-priv.h"
#include "iommu-pages.h"

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

/*
 * Flush-queue sizing.  A per-CPU ring of 256 entries holds about 1 MiB of
 * 4 KiB mappings per CPU before it forces a flush, and 10 ms bounds how
 * long a stale translation can survive when traffic stops.  A driver whose
 * IOTLB flush is a full shadow-table sync (dev->iommu->shadow_on_flush)
 * gets one shared ring large enough to amortise that sync over a second.
 */
#define IDMA_FQ_PERCPU_ENTRIES		256
#define IDMA_FQ_PERCPU_TIMEOUT_MS	10
#define IDMA_FQ_SHARED_ENTRIES		32768
#define IDMA_FQ_SHARED_TIMEOUT_MS	1000

/* Ring indices wrap with a mask */
static_assert((IDMA_FQ_PERCPU_ENTRIES & (IDMA_FQ_PERCPU_ENTRIES - 1)) == 0);
static_assert((IDMA_FQ_SHARED_ENTRIES & (IDMA_FQ_SHARED_ENTRIES - 1)) == 0);

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

static bool idma_attach_failed(struct device *dev, struct iommu_domain *dom)
{
	return static_branch_unlikely(&idma_deferred_attach) && dev &&
	       iommu_deferred_attach(dev, dom);
}

static bool idma_untrusted(struct device *dev)
{
	return dev && dev_is_pci(dev) && to_pci_dev(dev)->untrusted;
}

/*
 * Flush-queue ring
 */

VISIBLE_IF_KUNIT void idma_fq_ring_init(struct idma_fq_ring *ring,
					unsigned int size)
{
	unsigned int i;

	spin_lock_init(&ring->lock);
	ring->first = 0;
	ring->used = 0;
	ring->size = size;
	for (i = 0; i < size; i++)
		INIT_LIST_HEAD(&ring->ent[i].pt_pages);
}
EXPORT_SYMBOL_IF_KUNIT(idma_fq_ring_init);

VISIBLE_IF_KUNIT bool idma_fq_ring_full(const struct idma_fq_ring *ring)
{
	return ring->used == ring->size;
}
EXPORT_SYMBOL_IF_KUNIT(idma_fq_ring_full);

/* Claim the slot after the newest entry.  The ring must not be full. */
VISIBLE_IF_KUNIT struct idma_fq_entry *idma_fq_ring_push(struct idma_fq_ring *ring)
{
	unsigned int idx = (ring->first + ring->used) & (ring->size - 1);

	ring->used++;
	return &ring->ent[idx];
}
EXPORT_SYMBOL_IF_KUNIT(idma_fq_ring_push);

/* The oldest entry if a flush that began after it was queued has finished */
VISIBLE_IF_KUNIT struct idma_fq_entry *
idma_fq_ring_retired(struct idma_fq_ring *ring, u64 flushes_done)
{
	struct idma_fq_entry *oldest;

	if (!ring->used)
		return NULL;
	oldest = &ring->ent[ring->first];
	return flushes_done > oldest->stamp ? oldest : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(idma_fq_ring_retired);

VISIBLE_IF_KUNIT void idma_fq_ring_pop(struct idma_fq_ring *ring)
{
	ring->first = (ring->first + 1) & (ring->size - 1);
	ring->used--;
}
EXPORT_SYMBOL_IF_KUNIT(idma_fq_ring_pop);

/*
 * Lazy invalidation
 *
 * Ordering protocol.  An unmapping CPU clears its PTEs, then executes a
 * full barrier, then reads flushes_begun into the entry's stamp.  A
 * flushing CPU increments flushes_begun with a fully ordered RMW before it
 * asks the driver to invalidate, and increments flushes_done only after
 * the driver has returned, behind a barrier.  So if a flush is counted as
 * begun after the stamp was read, the PTE writes were visible before that
 * flush was issued; an entry with flushes_done > stamp has therefore been
 * covered by a completed flush.  Reapers read flushes_done with acquire
 * semantics so that reuse of the IOVA cannot be ordered before it.
 *
 * The rings and counters are published by iommu_dma_init_fq() through a
 * release store of cookie->lazy_domain, read with acquire by the unmap
 * path before it decides to queue.
 */

static struct idma_fq_ring *idma_lazy_ring(struct idma_lazy *lz, int cpu)
{
	if (lz->shared)
		return lz->shared;
	return per_cpu_ptr(lz->percpu, cpu);
}

static void idma_lazy_flush(struct iommu_dma_cookie *ck)
{
	struct iommu_domain *dom = ck->lazy_domain;

	atomic64_inc_return(&ck->lazy.flushes_begun);
	dom->ops->flush_iotlb_all(dom);
	/* Completion of the flush before the count; pairs with the reaper */
	smp_mb__before_atomic();
	atomic64_inc(&ck->lazy.flushes_done);
}

/*
 * Give back the entries of @ring that a finished flush has covered: those
 * stamped below @done.  Passing U64_MAX empties the ring, which is right
 * only for a caller whose own flush began after every entry was queued.
 */
static void idma_lazy_retire_locked(struct iommu_dma_cookie *ck,
				    struct idma_fq_ring *ring, u64 done)
{
	struct idma_fq_entry *ent;

	lockdep_assert_held(&ring->lock);

	while ((ent = idma_fq_ring_retired(ring, done))) {
		iommu_put_pages_list(&ent->pt_pages);
		free_iova_fast(&ck->iovad, ent->pfn, ent->npages);
		idma_fq_ring_pop(ring);
	}
}

static void idma_lazy_reap_locked(struct iommu_dma_cookie *ck,
				  struct idma_fq_ring *ring)
{
	idma_lazy_retire_locked(ck, ring,
				atomic64_read_acquire(&ck->lazy.flushes_done));
}

static void idma_lazy_reap_all(struct iommu_dma_cookie *ck)
{
	struct idma_lazy *lz = &ck->lazy;
	unsigned long flags;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct idma_fq_ring *ring = idma_lazy_ring(lz, cpu);

		spin_lock_irqsave(&ring->lock, flags);
		idma_lazy_reap_locked(ck, ring);
		spin_unlock_irqrestore(&ring->lock, flags);
		if (lz->shared)
			break;
	}
}

static void idma_lazy_timeout(struct timer_list *t)
{
	struct iommu_dma_cookie *ck = from_timer(ck, t, lazy.timer);

	/* Clear first: anything queued from now on re-arms the timer */
	atomic_set(&ck->lazy.timer_armed, 0);
	idma_lazy_flush(ck);
	idma_lazy_reap_all(ck);
}

/* Queue an unmapped IOVA range until an IOTLB flush has covered it */
static void idma_lazy_release(struct iommu_dma_cookie *ck,
			      unsigned long pfn, unsigned long npages,
			      struct list_head *pt_pages)
{
	struct idma_lazy *lz = &ck->lazy;
	struct idma_fq_entry *ent;
	struct idma_fq_ring *ring;
	unsigned long flags;

	/* PTE clears before the stamp read; see the protocol above */
	smp_mb();

	ring = lz->shared ? lz->shared : raw_cpu_ptr(lz->percpu);
	spin_lock_irqsave(&ring->lock, flags);

	idma_lazy_reap_locked(ck, ring);
	if (idma_fq_ring_full(ring)) {
		/*
		 * The counters cannot be trusted to free anything here: a
		 * flush begun elsewhere before some of these entries were
		 * stamped may still be running, and ours may finish first.
		 * But every entry in the ring was queued before we took the
		 * lock, hence before our own flush began: drain them all.
		 */
		idma_lazy_flush(ck);
		idma_lazy_retire_locked(ck, ring, U64_MAX);
	}

	ent = idma_fq_ring_push(ring);
	ent->pfn = pfn;
	ent->npages = npages;
	ent->stamp = atomic64_read(&lz->flushes_begun);
	list_splice_init(pt_pages, &ent->pt_pages);

	spin_unlock_irqrestore(&ring->lock, flags);

	/* Test before the RMW so that busy CPUs do not bounce the line */
	if (!atomic_read(&lz->timer_armed) && !atomic_xchg(&lz->timer_armed, 1))
		mod_timer(&lz->timer,
			  jiffies + msecs_to_jiffies(lz->timeout_ms));
}

static void idma_lazy_free_ring(struct idma_fq_ring *ring)
{
	unsigned int n;

	/* The IOVAs go with the iova_domain; only page-table pages remain */
	for (n = 0; n < ring->used; n++) {
		unsigned int idx = (ring->first + n) & (ring->size - 1);

		iommu_put_pages_list(&ring->ent[idx].pt_pages);
	}
}

static void idma_lazy_teardown(struct iommu_dma_cookie *ck)
{
	struct idma_lazy *lz = &ck->lazy;
	int cpu;

	if (!ck->lazy_domain)
		return;

	timer_delete_sync(&lz->timer);
	if (lz->shared) {
		idma_lazy_free_ring(lz->shared);
		vfree(lz->shared);
		lz->shared = NULL;
	} else {
		for_each_possible_cpu(cpu)
			idma_lazy_free_ring(per_cpu_ptr(lz->percpu, cpu));
		free_percpu(lz->percpu);
		lz->percpu = NULL;
	}
	ck->lazy_domain = NULL;
}

static int idma_lazy_alloc_rings(struct iommu_dma_cookie *ck)
{
	struct idma_lazy *lz = &ck->lazy;
	size_t bytes;
	int cpu;

	if (ck->single_queue) {
		lz->ring_size = IDMA_FQ_SHARED_ENTRIES;
		lz->timeout_ms = IDMA_FQ_SHARED_TIMEOUT_MS;
	} else {
		lz->ring_size = IDMA_FQ_PERCPU_ENTRIES;
		lz->timeout_ms = IDMA_FQ_PERCPU_TIMEOUT_MS;
	}
	bytes = struct_size(lz->shared, ent, lz->ring_size);

	if (ck->single_queue) {
		lz->shared = vmalloc(bytes);
		if (!lz->shared)
			return -ENOMEM;
		idma_fq_ring_init(lz->shared, lz->ring_size);
		return 0;
	}

	lz->percpu = __alloc_percpu(bytes, __alignof__(struct idma_fq_ring));
	if (!lz->percpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		idma_fq_ring_init(per_cpu_ptr(lz->percpu, cpu), lz->ring_size);
	return 0;
}

/**
 * iommu_dma_init_fq() - Switch a DMA domain to lazy IOTLB invalidation
 * @dom: domain whose cookie has been set up by iommu_setup_dma_ops()
 *
 * Allocates the flush queues and the timer that drains them.  Doing it
 * twice is harmless.  Mappings made before the switch are still released
 * correctly: the unmap path samples the mode once per call.
 *
 * Context: process context; callers serialise through the group mutex or
 * the cookie's setup lock.
 * Return: 0 on success, -ENOMEM if the queues cannot be allocated, in which
 * case the domain stays strict.
 */
int iommu_dma_init_fq(struct iommu_domain *dom)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	struct idma_lazy *lz = &ck->lazy;
	int ret;

	if (ck->lazy_domain)
		return 0;

	atomic64_set(&lz->flushes_begun, 0);
	atomic64_set(&lz->flushes_done, 0);
	ret = idma_lazy_alloc_rings(ck);
	if (ret) {
		pr_warn("no memory for IOVA flush queues, staying strict\n");
		return ret;
	}
	timer_setup(&lz->timer, idma_lazy_timeout, 0);
	atomic_set(&lz->timer_armed, 0);

	/* Publish the rings; pairs with the acquire in idma_unmap_begin() */
	smp_store_release(&ck->lazy_domain, dom);
	return 0;
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

/* Keep the bytes [first, last] out of the allocator's reach */
/*
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
 * IOVA space, mapping and unmapping
 */

static int idma_prot(enum dma_data_direction dir, bool coherent_dev,
		     unsigned long attrs)
{
	int prot = 0;

	if (coherent_dev)
		prot |= IOMMU_CACHE;
	if (attrs & DMA_ATTR_PRIVILEGED)
		prot |= IOMMU_PRIV;

	if (dir == DMA_TO_DEVICE)
		return prot | IOMMU_READ;
	if (dir == DMA_FROM_DEVICE)
		return prot | IOMMU_WRITE;
	if (dir == DMA_BIDIRECTIONAL)
		return prot | IOMMU_READ | IOMMU_WRITE;
	return 0;
}

/*
 * Find @size bytes (whole granules) of IOVA space at or below @limit.
 * PCI devices start out below 4 GiB: plenty of endpoints, bridges and
 * firmware still truncate 64-bit addresses, so a device only gets higher
 * IOVAs once the 32-bit space has run dry for it (or iommu.forcedac says
 * not to bother).  Returns 0 on failure.
 */
static dma_addr_t idma_iova_alloc(struct iommu_domain *dom, size_t size,
				  u64 limit, struct device *dev)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	struct iova_domain *iovad = &ck->iovad;
	unsigned long shift, npages, pfn = 0;

	if (ck->kind == IDMA_COOKIE_MSI) {
		dma_addr_t iova = ck->msi_next;

		ck->msi_next += size;
		return iova;
	}

	shift = iova_shift(iovad);
	npages = size >> shift;

	if (dev)
		limit = min_not_zero(limit, dev->bus_dma_limit);
	if (dom->geometry.force_aperture)
		limit = min_t(u64, limit, dom->geometry.aperture_end);

	if (dev && dev->iommu && dev->iommu->pci_32bit_workaround &&
	    limit > DMA_BIT_MASK(32)) {
		pfn = alloc_iova_fast(iovad, npages, DMA_BIT_MASK(32) >> shift,
				      false);
		if (!pfn) {
			dev->iommu->pci_32bit_workaround = false;
			dev_notice(dev, "32-bit IOVA space full, now using %d-bit IOVAs\n",
				   bits_per(limit));
		}
	}
	if (!pfn)
		pfn = alloc_iova_fast(iovad, npages, limit >> shift, true);

	return (dma_addr_t)pfn << shift;
}

/*
 * Give back an IOVA range.  With a queued gather the range (and any
 * page-table pages the unmap freed) waits for a flush; otherwise the
 * caller has already synchronised the IOTLB.
 */
static void idma_iova_free(struct iommu_dma_cookie *ck, dma_addr_t iova,
			   size_t size, struct iommu_iotlb_gather *gather)
{
	struct iova_domain *iovad = &ck->iovad;

	/* The MSI window is only ever unwound by its latest allocation */
	if (ck->kind == IDMA_COOKIE_MSI) {
		ck->msi_next -= size;
		return;
	}

	if (iommu_iotlb_gather_queued(gather))
		idma_lazy_release(ck, iova_pfn(iovad, iova),
				  size >> iova_shift(iovad), &gather->freelist);
	else
		free_iova_fast(iovad, iova_pfn(iovad, iova),
			       size >> iova_shift(iovad));
}

/*
 * Teardown of one IOVA allocation, in three steps so that an allocation
 * with holes (a padded scatterlist) is unmapped piece by piece under one
 * gather and released as a whole.
 */
static void idma_unmap_begin(struct iommu_dma_cookie *ck,
			     struct iommu_iotlb_gather *gather)
{
	iommu_iotlb_gather_init(gather);
	/* Pairs with the release in iommu_dma_init_fq() */
	gather->queued = !!smp_load_acquire(&ck->lazy_domain);
}

static void idma_unmap_piece(struct iommu_domain *dom, dma_addr_t start,
			     size_t len, struct iommu_iotlb_gather *gather)
{
	size_t done = iommu_unmap_fast(dom, start, len, gather);

	WARN_ON(done != len);
}

static void idma_unmap_end(struct iommu_domain *dom, dma_addr_t iova,
			   size_t size, struct iommu_iotlb_gather *gather)
{
	if (!gather->queued)
		iommu_iotlb_sync(dom, gather);
	idma_iova_free(dom->iova_cookie, iova, size, gather);
}

/**
 * idma_unmap_span() - Unmap and release what idma_map_phys() created
 * @dom: the DMA domain
 * @dma: DMA address returned for the buffer
 * @size: size of the buffer in bytes
 */
VISIBLE_IF_KUNIT void idma_unmap_span(struct iommu_domain *dom,
				      dma_addr_t dma, size_t size)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	struct iova_domain *iovad = &ck->iovad;
	size_t head = iova_offset(iovad, dma);
	size_t span = iova_align(iovad, head + size);
	struct iommu_iotlb_gather gather;

	idma_unmap_begin(ck, &gather);
	idma_unmap_piece(dom, dma - head, span, &gather);
	idma_unmap_end(dom, dma - head, span, &gather);
}
EXPORT_SYMBOL_IF_KUNIT(idma_unmap_span);

/**
 * idma_map_phys() - Map a physically contiguous buffer into fresh IOVA space
 * @dev: device the mapping is for, or NULL (KUnit) for no device limits
 * @dom: the DMA domain
 * @phys: physical address of the buffer
 * @size: size of the buffer in bytes
 * @prot: IOMMU_* protection flags
 * @limit: highest DMA address the device can emit
 * @gfp: allocation flags for page-table memory
 *
 * Return: the DMA address of @phys, or DMA_MAPPING_ERROR with nothing
 * allocated or mapped.
 */
VISIBLE_IF_KUNIT dma_addr_t idma_map_phys(struct device *dev,
					  struct iommu_domain *dom,
					  phys_addr_t phys, size_t size,
					  int prot, u64 limit, gfp_t gfp)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	struct iova_domain *iovad = &ck->iovad;
	size_t head = iova_offset(iovad, phys);
	size_t span = iova_align(iovad, head + size);
	dma_addr_t iova;

	if (idma_attach_failed(dev, dom))
		return DMA_MAPPING_ERROR;

	/* The allocator cannot honour an alignment finer than the granule */
	if (dev && dev_WARN_ONCE(dev, dma_get_min_align_mask(dev) > iova_mask(iovad),
				 "min_align_mask finer than the IOVA granule\n"))
		return DMA_MAPPING_ERROR;

	iova = idma_iova_alloc(dom, span, limit, dev);
	if (!iova)
		return DMA_MAPPING_ERROR;

	if (iommu_map(dom, iova, phys - head, span, prot, gfp)) {
		idma_iova_free(ck, iova, span, NULL);
		return DMA_MAPPING_ERROR;
	}
	return iova + head;
}
EXPORT_SYMBOL_IF_KUNIT(idma_map_phys);

/*
 * Bouncing through swiotlb
 *
 * An untrusted device may only ever see whole granules that hold nothing
 * but its own buffer, so any buffer that does not fill its granules goes
 * through a bounce slot that does.  The same machinery serves devices that
 * are not coherent when kmalloc() buffers are smaller than a cache line.
 */

static bool idma_bounce_wanted(struct device *dev, size_t size,
			       enum dma_data_direction dir)
{
	return IS_ENABLED(CONFIG_SWIOTLB) &&
	       (idma_untrusted(dev) || dma_kmalloc_needs_bounce(dev, size, dir));
}

static bool idma_sg_bounce_wanted(struct device *dev, struct scatterlist *sgl,
				  int nents, enum dma_data_direction dir)
{
	struct scatterlist *s;
	int i;

	if (!IS_ENABLED(CONFIG_SWIOTLB))
		return false;
	if (idma_untrusted(dev))
		return true;
	if (dma_kmalloc_safe(dev, dir))
		return false;
	for_each_sg(sgl, s, nents, i)
		if (!dma_kmalloc_size_aligned(s->length))
			return true;
	return false;
}

/* Zero what the device could see of a bounce slot beyond the buffer */
static void idma_scrub_slot_edges(struct iova_domain *iovad, phys_addr_t tlb,
				  size_t size)
{
	phys_addr_t slot_start = ALIGN_DOWN(tlb, iovad->granule);
	phys_addr_t slot_end = ALIGN(tlb + size, iovad->granule);
	char *va = phys_to_virt(tlb);

	memset(va - (tlb - slot_start), 0, tlb - slot_start);
	memset(va + size, 0, slot_end - (tlb + size));
}

static phys_addr_t idma_bounce(struct device *dev, struct iova_domain *iovad,
			       phys_addr_t phys, size_t size,
			       enum dma_data_direction dir, unsigned long attrs)
{
	phys_addr_t tlb;

	if (!is_swiotlb_active(dev)) {
		dev_warn_once(dev, "no swiotlb for a buffer that must be bounced\n");
		return (phys_addr_t)DMA_MAPPING_ERROR;
	}

	trace_swiotlb_bounced(dev, phys, size);

	/* Granule-aligned at both ends, so the slot owns whole granules */
	tlb = swiotlb_tbl_map_single(dev, phys, size, iova_mask(iovad), dir,
				     attrs);
	if (tlb == (phys_addr_t)DMA_MAPPING_ERROR)
		return tlb;

	if (idma_untrusted(dev))
		idma_scrub_slot_edges(iovad, tlb, size);
	return tlb;
}

/*
 * Streaming DMA: single buffers
 */

/**
 * iommu_dma_map_page() - dma_map_page() for a device behind an IOMMU
 * @dev: the device
 * @page: first page of the buffer
 * @offset: offset of the buffer in @page
 * @size: size of the buffer in bytes
 * @dir: direction of the transfer
 * @attrs: DMA_ATTR_* flags
 *
 * Return: the DMA address, or DMA_MAPPING_ERROR with nothing left mapped
 * or bounced.
 */
dma_addr_t iommu_dma_map_page(struct device *dev, struct page *page,
			      unsigned long offset, size_t size,
			      enum dma_data_direction dir, unsigned long attrs)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);
	struct iova_domain *iovad = &dom->iova_cookie->iovad;
	phys_addr_t phys = page_to_phys(page) + offset;
	bool coherent_dev = dev_is_dma_coherent(dev);
	dma_addr_t dma;

	/* A buffer that fills its granules exactly needs no bounce */
	if (idma_bounce_wanted(dev, size, dir) &&
	    iova_offset(iovad, phys | size)) {
		phys = idma_bounce(dev, iovad, phys, size, dir, attrs);
		if (phys == (phys_addr_t)DMA_MAPPING_ERROR)
			return DMA_MAPPING_ERROR;
	}

	if (!coherent_dev && !(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		arch_sync_dma_for_device(phys, size, dir);

	dma = idma_map_phys(dev, dom, phys, size,
			    idma_prot(dir, coherent_dev, attrs), dma_get_mask(dev),
			    GFP_ATOMIC);
	if (dma == DMA_MAPPING_ERROR)
		swiotlb_tbl_unmap_single(dev, phys, size, dir,
					 attrs | DMA_ATTR_SKIP_CPU_SYNC);
	return dma;
}

/**
 * iommu_dma_unmap_page() - dma_unmap_page() for a device behind an IOMMU
 * @dev: the device
 * @dma_handle: address returned by iommu_dma_map_page()
 * @size: size given to iommu_dma_map_page()
 * @dir: direction given to iommu_dma_map_page()
 * @attrs: DMA_ATTR_* flags
 */
void iommu_dma_unmap_page(struct device *dev, dma_addr_t dma_handle,
			  size_t size, enum dma_data_direction dir,
			  unsigned long attrs)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);
	bool cpu_sync = !(attrs & DMA_ATTR_SKIP_CPU_SYNC) &&
			!dev_is_dma_coherent(dev);
	phys_addr_t phys = 0;

	/*
	 * The physical address is only needed for cache maintenance or to
	 * find a bounce slot, and whether the buffer could have been bounced
	 * depends on the same arguments as at map time: skip the table walk
	 * on the common coherent path.
	 */
	if (cpu_sync || idma_bounce_wanted(dev, size, dir)) {
		phys = iommu_iova_to_phys(dom, dma_handle);
		if (WARN_ON(!phys))
			return;
		if (cpu_sync)
			arch_sync_dma_for_cpu(phys, size, dir);
	}

	idma_unmap_span(dom, dma_handle, size);

	if (phys)
		swiotlb_tbl_unmap_single(dev, phys, size, dir, attrs);
}

/**
 * iommu_dma_map_resource() - Map MMIO, such as a peer's register, for DMA
 * @dev: the device
 * @phys: physical address of the resource
 * @size: size in bytes
 * @dir: direction of the transfer
 * @attrs: DMA_ATTR_* flags
 *
 * Return: the DMA address, or DMA_MAPPING_ERROR.
 */
dma_addr_t iommu_dma_map_resource(struct device *dev, phys_addr_t phys,
				  size_t size, enum dma_data_direction dir,
				  unsigned long attrs)
{
	int prot = idma_prot(dir, false, attrs) | IOMMU_MMIO;

	return idma_map_phys(dev, iommu_get_dma_domain(dev), phys, size, prot,
			     dma_get_mask(dev), GFP_ATOMIC);
}

/**
 * iommu_dma_unmap_resource() - Undo iommu_dma_map_resource()
 * @dev: the device
 * @handle: address returned by iommu_dma_map_resource()
 * @size: size given at map time
 * @dir: direction given at map time
 * @attrs: DMA_ATTR_* flags
 */
void iommu_dma_unmap_resource(struct device *dev, dma_addr_t handle,
			      size_t size, enum dma_data_direction dir,
			      unsigned long attrs)
{
	idma_unmap_span(iommu_get_dma_domain(dev), handle, size);
}

/**
 * iommu_dma_sync_single_for_cpu() - Hand a streaming buffer back to the CPU
 * @dev: the device
 * @dma_handle: DMA address inside a mapping made by iommu_dma_map_page()
 * @size: bytes to synchronise
 * @dir: direction of the mapping
 */
void iommu_dma_sync_single_for_cpu(struct device *dev, dma_addr_t dma_handle,
				   size_t size, enum dma_data_direction dir)
{
	bool coherent_dev = dev_is_dma_coherent(dev);
	phys_addr_t phys;

	if (coherent_dev && !idma_bounce_wanted(dev, size, dir))
		return;

	phys = iommu_iova_to_phys(iommu_get_dma_domain(dev), dma_handle);
	if (!coherent_dev)
		arch_sync_dma_for_cpu(phys, size, dir);
	swiotlb_sync_single_for_cpu(dev, phys, size, dir);
}

/**
 * iommu_dma_sync_single_for_device() - Hand a streaming buffer to the device
 * @dev: the device
 * @dma_handle: DMA address inside a mapping made by iommu_dma_map_page()
 * @size: bytes to synchronise
 * @dir: direction of the mapping
 */
void iommu_dma_sync_single_for_device(struct device *dev, dma_addr_t dma_handle,
				      size_t size, enum dma_data_direction dir)
{
	bool coherent_dev = dev_is_dma_coherent(dev);
	phys_addr_t phys;

	if (coherent_dev && !idma_bounce_wanted(dev, size, dir))
		return;

	phys = iommu_iova_to_phys(iommu_get_dma_domain(dev), dma_handle);
	swiotlb_sync_single_for_device(dev, phys, size, dir);
	if (!coherent_dev)
		arch_sync_dma_for_device(phys, size, dir);
}

/**
 * iommu_dma_sync_sg_for_cpu() - Hand a mapped scatterlist back to the CPU
 * @dev: the device
 * @sgl: scatterlist given to iommu_dma_map_sg()
 * @nelems: number of entries given to iommu_dma_map_sg()
 * @dir: direction of the mapping
 */
void iommu_dma_sync_sg_for_cpu(struct device *dev, struct scatterlist *sgl,
			       int nelems, enum dma_data_direction dir)
{
	struct scatterlist *s;
	int i;

	if (sg_dma_is_swiotlb(sgl)) {
		for_each_sg(sgl, s, nelems, i)
			iommu_dma_sync_single_for_cpu(dev, sg_dma_address(s),
						      s->length, dir);
		return;
	}
	if (dev_is_dma_coherent(dev))
		return;
	for_each_sg(sgl, s, nelems, i)
		arch_sync_dma_for_cpu(sg_phys(s), s->length, dir);
}

/**
 * iommu_dma_sync_sg_for_device() - Hand a mapped scatterlist to the device
 * @dev: the device
 * @sgl: scatterlist given to iommu_dma_map_sg()
 * @nelems: number of entries given to iommu_dma_map_sg()
 * @dir: direction of the mapping
 */
void iommu_dma_sync_sg_for_device(struct device *dev, struct scatterlist *sgl,
				  int nelems, enum dma_data_direction dir)
{
	struct scatterlist *s;
	int i;

	if (sg_dma_is_swiotlb(sgl)) {
		for_each_sg(sgl, s, nelems, i)
			iommu_dma_sync_single_for_device(dev, sg_dma_address(s),
							 s->length, dir);
		return;
	}
	if (dev_is_dma_coherent(dev))
		return;
	for_each_sg(sgl, s, nelems, i)
		arch_sync_dma_for_device(sg_phys(s), s->length, dir);
}

/*
 * Streaming DMA: scatterlists
 */

/**
 * idma_sg_plan_init() - Start laying out a scatterlist
 * @plan: planner state
 * @granule: IOVA granule, a power of two
 * @boundary: the device's segment boundary mask, a power of two minus one
 * @max_seg: the device's maximum DMA segment length
 */
VISIBLE_IF_KUNIT void idma_sg_plan_init(struct idma_sg_plan *plan,
					size_t granule, unsigned long boundary,
					unsigned int max_seg)
{
	*plan = (struct idma_sg_plan) {
		.granule = granule,
		.boundary = boundary,
		.max_seg = max_seg,
	};
}
EXPORT_SYMBOL_IF_KUNIT(idma_sg_plan_init);

/**
 * idma_sg_plan_add() - Place the next segment of a scatterlist
 * @plan: planner state
 * @head: offset of the segment's data in its first granule
 * @len: length of the segment, not zero
 * @place: where the segment went
 *
 * The span goes right after the previous one unless it would then cross a
 * segment boundary, in which case it starts the next boundary window.  A
 * span longer than a window cannot help crossing and is placed at the
 * start of one.  The data joins the open DMA segment when it continues it
 * seamlessly: the open segment's data reaches the end of its granule, this
 * one starts at a granule edge, the spans touch, this span does not start
 * a boundary window, and the result stays within @max_seg.
 *
 * The offsets assume the allocation starts on a boundary window or fits in
 * one; a size-aligned IOVA allocation guarantees that.
 *
 * Return: 0, -EINVAL for an empty segment, or -EOVERFLOW.
 */
VISIBLE_IF_KUNIT int idma_sg_plan_add(struct idma_sg_plan *plan, size_t head,
				      unsigned int len,
				      struct idma_sg_place *place)
{
	size_t gmask = plan->granule - 1;
	size_t pos = plan->next;
	size_t span, end, in_window;
	bool moved = false, joins;

	if (!len)
		return -EINVAL;
	if (check_add_overflow(head, (size_t)len, &span) ||
	    check_add_overflow(span, gmask, &span))
		return -EOVERFLOW;
	span &= ~gmask;

	in_window = pos & plan->boundary;
	if (in_window && span - 1 > plan->boundary - in_window) {
		if ((pos | plan->boundary) == SIZE_MAX)
			return -EOVERFLOW;
		pos = (pos | plan->boundary) + 1;
		moved = true;
	}
	if (check_add_overflow(pos, span, &end))
		return -EOVERFLOW;

	joins = plan->open_len && plan->open_flush && !head && !moved &&
		(pos & plan->boundary) &&
		plan->open_len < plan->max_seg &&
		len <= plan->max_seg - plan->open_len;

	if (joins) {
		plan->open_len += len;
	} else {
		plan->open_len = len;
		plan->nr_segs++;
	}
	plan->open_flush = !((head + len) & gmask);
	plan->next = end;

	place->start = pos;
	place->span = span;
	place->new_seg = !joins;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(idma_sg_plan_add);

/**
 * idma_sg_plan_break() - Account for a segment that bypasses the IOMMU
 * @plan: planner state
 *
 * A peer-to-peer bus address gets a DMA segment of its own and closes the
 * open one; it takes no IOVA space.
 */
VISIBLE_IF_KUNIT void idma_sg_plan_break(struct idma_sg_plan *plan)
{
	plan->open_len = 0;
	plan->open_flush = false;
	plan->nr_segs++;
}
EXPORT_SYMBOL_IF_KUNIT(idma_sg_plan_break);

static void idma_sg_job_plan(const struct idma_sg_job *job,
			     struct idma_sg_plan *plan)
{
	struct iova_domain *iovad = &job->dom->iova_cookie->iovad;

	idma_sg_plan_init(plan, iovad->granule, job->boundary, job->max_seg);
}

/*
 * Sort out peer-to-peer pages.  Returns 1 for a segment the device reaches
 * by bus address (pci_p2pdma_map_segment() has marked it and stored the
 * address), 0 for one that goes through the IOMMU, or -EREMOTEIO.
 */
static int idma_sg_classify(struct device *dev,
			    struct pci_p2pdma_map_state *p2p,
			    struct scatterlist *s)
{
	sg_dma_unmark_bus_address(s);
	if (!dev || !is_pci_p2pdma_page(sg_page(s)))
		return 0;

	switch (pci_p2pdma_map_segment(p2p, dev, s)) {
	case PCI_P2PDMA_MAP_BUS_ADDR:
		return 1;
	case PCI_P2PDMA_MAP_THRU_HOST_BRIDGE:
		return 0;
	default:
		return -EREMOTEIO;
	}
}

/* Put a scatterlist back to "not mapped" */
static void idma_sg_reset(struct scatterlist *sgl, int nents)
{
	struct scatterlist *s;
	int i;

	for_each_sg(sgl, s, nents, i) {
		sg_dma_unmark_bus_address(s);
		sg_dma_address(s) = DMA_MAPPING_ERROR;
		sg_dma_len(s) = 0;
	}
}

/*
 * Unmap the spans of the first @nr_ents entries, replaying the plan.  Used
 * only to unwind a failed mapping, so the IOTLB is synchronised at once.
 */
static void idma_sg_unwind(const struct idma_sg_job *job,
			   struct scatterlist *sgl, int nr_ents, dma_addr_t iova)
{
	struct iommu_iotlb_gather gather;
	struct idma_sg_place place;
	struct idma_sg_plan plan;
	size_t run_start = 0, run_end = 0;
	struct scatterlist *s;
	int i;

	idma_sg_job_plan(job, &plan);
	iommu_iotlb_gather_init(&gather);

	for_each_sg(sgl, s, nr_ents, i) {
		if (sg_dma_is_bus_address(s) || !s->length)
			continue;
		idma_sg_plan_add(&plan, iova_offset(&job->dom->iova_cookie->iovad,
						    sg_phys(s)),
				 s->length, &place);
		if (run_end && place.start == run_end) {
			run_end += place.span;
			continue;
		}
		if (run_end)
			idma_unmap_piece(job->dom, iova + run_start,
					 run_end - run_start, &gather);
		run_start = place.start;
		run_end = place.start + place.span;
	}
	if (run_end)
		idma_unmap_piece(job->dom, iova + run_start,
				 run_end - run_start, &gather);
	iommu_iotlb_sync(job->dom, &gather);
}

/*
 * Map every span, merging those that are contiguous both in IOVA space and
 * physically into one iommu_map() call.  On failure *@mapped_ents is the number
 * of leading entries whose spans are mapped.
 */
static int idma_sg_map_spans(const struct idma_sg_job *job,
			     struct scatterlist *sgl, int nents,
			     dma_addr_t iova, int *mapped_ents)
{
	struct iova_domain *iovad = &job->dom->iova_cookie->iovad;
	dma_addr_t run_iova = 0;
	phys_addr_t run_phys = 0;
	size_t run_len = 0;
	int run_first = 0;
	struct idma_sg_place place;
	struct idma_sg_plan plan;
	struct scatterlist *s;
	int i, ret;

	idma_sg_job_plan(job, &plan);

	for_each_sg(sgl, s, nents, i) {
		phys_addr_t phys = sg_phys(s);
		size_t head = iova_offset(iovad, phys);

		if (sg_dma_is_bus_address(s) || !s->length)
			continue;
		idma_sg_plan_add(&plan, head, s->length, &place);

		if (run_len && run_iova + run_len == iova + place.start &&
		    run_phys + run_len == phys - head) {
			run_len += place.span;
			continue;
		}
		if (run_len) {
			ret = iommu_map(job->dom, run_iova, run_phys, run_len,
					job->prot, GFP_ATOMIC);
			if (ret)
				goto fail;
		}
		run_iova = iova + place.start;
		run_phys = phys - head;
		run_len = place.span;
		run_first = i;
	}
	if (!run_len)
		return 0;
	ret = iommu_map(job->dom, run_iova, run_phys, run_len, job->prot,
			GFP_ATOMIC);
	if (!ret)
		return 0;
fail:
	*mapped_ents = run_first;
	return ret;
}

/*
 * Write the DMA segments.  Each entry's own fields are read before any
 * output lands on it, and outputs only ever land on entries already read.
 */
static int idma_sg_finalise(const struct idma_sg_job *job,
			    struct scatterlist *sgl, int nents, dma_addr_t iova)
{
	struct iova_domain *iovad = &job->dom->iova_cookie->iovad;
	struct scatterlist *s, *out = NULL;
	struct idma_sg_place place;
	struct idma_sg_plan plan;
	int i, count = 0;

	idma_sg_job_plan(job, &plan);

	for_each_sg(sgl, s, nents, i) {
		bool bus = sg_dma_is_bus_address(s);
		dma_addr_t bus_addr = sg_dma_address(s);
		unsigned int bus_len = sg_dma_len(s);
		unsigned int len = s->length;
		size_t head = iova_offset(iovad, sg_phys(s));

		sg_dma_unmark_bus_address(s);
		sg_dma_address(s) = DMA_MAPPING_ERROR;
		sg_dma_len(s) = 0;

		if (bus) {
			idma_sg_plan_break(&plan);
			out = out ? sg_next(out) : sgl;
			sg_dma_address(out) = bus_addr;
			sg_dma_len(out) = bus_len;
			sg_dma_mark_bus_address(out);
			count++;
			continue;
		}
		if (!len)
			continue;

		idma_sg_plan_add(&plan, head, len, &place);
		if (place.new_seg) {
			out = out ? sg_next(out) : sgl;
			sg_dma_address(out) = iova + place.start + head;
			sg_dma_len(out) = len;
			count++;
		} else {
			sg_dma_len(out) += len;
		}
	}
	return count;
}

/*
 * The plan puts offset 0 at the start of a boundary window or expects the
 * whole allocation to fit in one.  Check that the allocator obliged.
 */
static bool idma_sg_base_ok(unsigned long boundary, dma_addr_t iova,
			    size_t total)
{
	unsigned long in_window = iova & boundary;

	return !in_window || total - 1 <= boundary - in_window;
}

/**
 * idma_sg_map() - Map a scatterlist into one IOVA allocation
 * @job: device parameters and domain
 * @sgl: the scatterlist; its page, offset and length fields are not changed
 * @nents: number of entries
 *
 * Return: number of DMA segments written, or -EINVAL, -ENOMEM or
 * -EREMOTEIO with nothing mapped and every DMA field reset.
 */
VISIBLE_IF_KUNIT int idma_sg_map(const struct idma_sg_job *job,
				 struct scatterlist *sgl, int nents)
{
	struct iommu_dma_cookie *ck = job->dom->iova_cookie;
	struct pci_p2pdma_map_state p2p = {};
	struct idma_sg_place place;
	struct idma_sg_plan plan;
	struct scatterlist *s;
	dma_addr_t iova = 0;
	int i, ret, mapped_ents = 0;
	size_t total;

	/* Pass 1: find the bus-address segments and size the allocation */
	idma_sg_job_plan(job, &plan);
	for_each_sg(sgl, s, nents, i) {
		ret = idma_sg_classify(job->dev, &p2p, s);
		if (ret < 0)
			goto out_reset;
		if (ret) {
			idma_sg_plan_break(&plan);
			continue;
		}
		if (!s->length)
			continue;
		ret = idma_sg_plan_add(&plan, iova_offset(&ck->iovad, sg_phys(s)),
				       s->length, &place);
		if (ret)
			goto out_reset;
	}
	total = plan.next;
	if (!plan.nr_segs) {
		ret = -EINVAL;
		goto out_reset;
	}

	if (total) {
		iova = idma_iova_alloc(job->dom, total, job->limit, job->dev);
		if (!iova) {
			ret = -ENOMEM;
			goto out_reset;
		}
		if (!idma_sg_base_ok(job->boundary, iova, total)) {
			WARN_ONCE(1, "IOVA allocation not aligned to its size\n");
			ret = -EINVAL;
			goto out_free_iova;
		}

		/* Pass 2: page tables */
		ret = idma_sg_map_spans(job, sgl, nents, iova, &mapped_ents);
		if (ret) {
			idma_sg_unwind(job, sgl, mapped_ents, iova);
			goto out_free_iova;
		}
	}

	/* Pass 3: DMA segments */
	return idma_sg_finalise(job, sgl, nents, iova);

out_free_iova:
	idma_iova_free(ck, iova, total, NULL);
out_reset:
	idma_sg_reset(sgl, nents);
	if (ret == -ENOMEM || ret == -EREMOTEIO)
		return ret;
	return -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(idma_sg_map);

/**
 * idma_sg_unmap() - Undo idma_sg_map()
 * @dom: the DMA domain
 * @sgl: the scatterlist as idma_sg_map() left it
 * @nents: number of entries given to idma_sg_map()
 *
 * Each DMA segment widened to whole granules is exactly the spans it was
 * built from; touching segments are unmapped together, and the allocation
 * runs from the first segment's span to the last one's.
 */
VISIBLE_IF_KUNIT void idma_sg_unmap(struct iommu_domain *dom,
				    struct scatterlist *sgl, int nents)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	size_t granule = ck->iovad.granule;
	dma_addr_t first = 0, run_start = 0, run_end = 0;
	struct iommu_iotlb_gather gather;
	struct scatterlist *s;
	int i;

	idma_unmap_begin(ck, &gather);

	for_each_sg(sgl, s, nents, i) {
		dma_addr_t start, end;

		if (sg_dma_is_bus_address(s)) {
			sg_dma_unmark_bus_address(s);
			continue;
		}
		if (!sg_dma_len(s))
			break;

		start = ALIGN_DOWN(sg_dma_address(s), granule);
		end = ALIGN(sg_dma_address(s) + sg_dma_len(s), granule);
		if (!run_end) {
			first = start;
		} else if (start != run_end) {
			idma_unmap_piece(dom, run_start, run_end - run_start,
					 &gather);
		} else {
			run_end = end;
			continue;
		}
		run_start = start;
		run_end = end;
	}
	if (!run_end)
		return;

	idma_unmap_piece(dom, run_start, run_end - run_start, &gather);
	idma_unmap_end(dom, first, run_end - first, &gather);
}
EXPORT_SYMBOL_IF_KUNIT(idma_sg_unmap);

static void idma_unmap_sg_bounced(struct device *dev, struct scatterlist *sgl,
				  int nents, enum dma_data_direction dir,
				  unsigned long attrs)
{
	struct scatterlist *s;
	int i;

	for_each_sg(sgl, s, nents, i)
		iommu_dma_unmap_page(dev, sg_dma_address(s), sg_dma_len(s),
				     dir, attrs);
}

/* Map entry by entry, so that each can be bounced on its own */
static int idma_map_sg_bounced(struct device *dev, struct scatterlist *sgl,
			       int nents, enum dma_data_direction dir,
			       unsigned long attrs)
{
	struct scatterlist *s;
	int i;

	sg_dma_mark_swiotlb(sgl);

	for_each_sg(sgl, s, nents, i) {
		dma_addr_t dma = iommu_dma_map_page(dev, sg_page(s), s->offset,
						    s->length, dir, attrs);

		if (dma == DMA_MAPPING_ERROR) {
			idma_unmap_sg_bounced(dev, sgl, i, dir,
					      attrs | DMA_ATTR_SKIP_CPU_SYNC);
			idma_sg_reset(sgl, nents);
			return -EIO;
		}
		sg_dma_address(s) = dma;
		sg_dma_len(s) = s->length;
	}
	return nents;
}

/**
 * iommu_dma_map_sg() - dma_map_sg() for a device behind an IOMMU
 * @dev: the device
 * @sg: the scatterlist
 * @nents: number of entries
 * @dir: direction of the transfer
 * @attrs: DMA_ATTR_* flags
 *
 * All entries share one IOVA allocation; the device's segment boundary and
 * maximum segment size decide how they are laid out and which of them
 * merge into one DMA segment.  Peer-to-peer pages reachable by bus address
 * get segments of their own.  Devices that need bouncing get one mapping
 * per entry instead.
 *
 * Return: the number of DMA segments, or a negative errno with nothing
 * mapped.
 */
int iommu_dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
		     enum dma_data_direction dir, unsigned long attrs)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);
	struct idma_sg_job job = {
		.dev = dev,
		.dom = dom,
		.prot = idma_prot(dir, dev_is_dma_coherent(dev), attrs),
		.limit = dma_get_mask(dev),
		.boundary = dma_get_seg_boundary(dev),
		.max_seg = dma_get_max_seg_size(dev),
	};

	if (idma_attach_failed(dev, dom))
		return -EINVAL;

	if (idma_sg_bounce_wanted(dev, sg, nents, dir))
		return idma_map_sg_bounced(dev, sg, nents, dir, attrs);

	if (!(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		iommu_dma_sync_sg_for_device(dev, sg, nents, dir);

	return idma_sg_map(&job, sg, nents);
}

/**
 * iommu_dma_unmap_sg() - dma_unmap_sg() for a device behind an IOMMU
 * @dev: the device
 * @sg: the scatterlist given to iommu_dma_map_sg()
 * @nents: number of entries given to iommu_dma_map_sg()
 * @dir: direction of the transfer
 * @attrs: DMA_ATTR_* flags
 */
void iommu_dma_unmap_sg(struct device *dev, struct scatterlist *sg, int nents,
			enum dma_data_direction dir, unsigned long attrs)
{
	if (sg_dma_is_swiotlb(sg)) {
		idma_unmap_sg_bounced(dev, sg, nents, dir, attrs);
		return;
	}

	if (!(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		iommu_dma_sync_sg_for_cpu(dev, sg, nents, dir);

	idma_sg_unmap(iommu_get_dma_domain(dev), sg, nents);
}

/*
 * Allocations
 *
 * Three shapes of buffer come out of iommu_dma_alloc():
 *  - page arrays: pages gathered in the largest blocks the domain can map
 *    with large pages, mapped at one IOVA range and, unless the caller
 *    asked for no kernel mapping, vmap()ed.  The vmap area remembers the
 *    array, which is how free, mmap and get_sgtable find it again.
 *  - contiguous: one CMA or buddy allocation, remapped if not coherent.
 *  - atomic pool: for callers that cannot sleep on devices that are not
 *    coherent, since remapping sleeps.
 * With DMA_ATTR_NO_KERNEL_MAPPING the buffer is always a page array and
 * the opaque cookie returned is the array itself.
 */

/* How many CPU pages back an allocation of @size bytes */
static unsigned int idma_alloc_count(struct iommu_domain *dom, size_t size)
{
	size_t granule = 1UL << __ffs(dom->pgsize_bitmap);

	if (granule > PAGE_SIZE)
		size = ALIGN(size, granule);
	return PAGE_ALIGN(size) >> PAGE_SHIFT;
}

static void idma_pages_free(struct page **pages, unsigned int count)
{
	while (count)
		__free_page(pages[--count]);
	kvfree(pages);
}

static gfp_t idma_meta_gfp(gfp_t gfp)
{
	return gfpflags_allow_blocking(gfp) ? GFP_KERNEL : GFP_ATOMIC;
}

/*
 * Fill an array of @count pages using blocks whose orders are set in
 * @orders, largest first.  Big blocks are a bonus (fewer, larger IOMMU
 * pages), so they are tried with __GFP_NORETRY and only the smallest order
 * allowed may make the allocator work hard.
 */
static struct page **idma_pages_alloc(struct device *dev, unsigned int count,
				      unsigned long orders, gfp_t gfp)
{
	int nid = dev_to_node(dev);
	unsigned int filled = 0;
	struct page **pages;

	orders &= GENMASK(MAX_PAGE_ORDER, 0);
	if (!orders)
		return NULL;

	pages = kvcalloc(count, sizeof(*pages), idma_meta_gfp(gfp));
	if (!pages)
		return NULL;

	gfp |= __GFP_NOWARN | __GFP_HIGHMEM;
	while (filled < count) {
		unsigned long fit = orders & GENMASK(__fls(count - filled), 0);
		struct page *blk = NULL;
		unsigned int order = 0, n;

		while (fit) {
			gfp_t flags = gfp;

			order = __fls(fit);
			if (fit != BIT(order))
				flags |= __GFP_NORETRY;
			blk = alloc_pages_node(nid, flags, order);
			if (blk)
				break;
			fit &= ~BIT(order);
		}
		if (!blk) {
			idma_pages_free(pages, filled);
			return NULL;
		}
		if (order)
			split_page(blk, order);
		for (n = 0; n < BIT(order); n++)
			pages[filled++] = blk + n;
	}
	return pages;
}

/* One physically contiguous block, handed out as single pages */
static struct page **idma_pages_alloc_contig(struct device *dev,
					     unsigned int count, gfp_t gfp)
{
	unsigned int order = get_order((size_t)count << PAGE_SHIFT);
	struct page **pages, *blk;
	unsigned int n;

	if (order > MAX_PAGE_ORDER)
		return NULL;
	pages = kvcalloc(count, sizeof(*pages), idma_meta_gfp(gfp));
	if (!pages)
		return NULL;
	blk = alloc_pages_node(dev_to_node(dev), gfp | __GFP_NOWARN, order);
	if (!blk) {
		kvfree(pages);
		return NULL;
	}
	split_page(blk, order);
	for (n = 0; n < BIT(order); n++) {
		if (n < count)
			pages[n] = blk + n;
		else
			__free_page(blk + n);
	}
	return pages;
}

/* Map @count pages at @iova, merging physically contiguous runs */
static int idma_map_pages(struct iommu_domain *dom, dma_addr_t iova,
			  struct page **pages, unsigned int count, size_t span,
			  int prot, gfp_t gfp)
{
	size_t done = 0;
	unsigned int i = 0;
	int ret;

	while (done < span && i < count) {
		phys_addr_t start = page_to_phys(pages[i]);
		size_t len = 0;

		do {
			len += PAGE_SIZE;
			i++;
		} while (i < count && page_to_phys(pages[i]) == start + len);

		len = min(len, span - done);
		ret = iommu_map(dom, iova + done, start, len, prot, gfp);
		if (ret) {
			if (done)
				iommu_unmap(dom, iova, done);
			return ret;
		}
		done += len;
	}
	return 0;
}

/*
 * Allocate and map the pages of a page-array buffer.  On success *@dma is
 * the buffer's DMA address and the array holds idma_alloc_count() pages.
 */
static struct page **idma_alloc_mapped_pages(struct device *dev, size_t size,
					     dma_addr_t *dma, gfp_t gfp,
					     unsigned long attrs)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	struct iova_domain *iovad = &ck->iovad;
	bool coherent_dev = dev_is_dma_coherent(dev);
	int prot = idma_prot(DMA_BIDIRECTIONAL, coherent_dev, attrs);
	unsigned int count = idma_alloc_count(dom, size);
	unsigned long orders = dom->pgsize_bitmap >> PAGE_SHIFT;
	gfp_t map_gfp = idma_meta_gfp(gfp);
	struct page **pages;
	dma_addr_t iova;
	size_t span;
	unsigned int i;

	if (idma_attach_failed(dev, dom))
		return NULL;

	/* A granule below PAGE_SIZE still gets whole CPU pages */
	if (iovad->granule <= PAGE_SIZE)
		orders |= 1;
	if (attrs & DMA_ATTR_ALLOC_SINGLE_PAGES)
		orders = BIT(__ffs(orders));

	if (attrs & DMA_ATTR_FORCE_CONTIGUOUS)
		pages = idma_pages_alloc_contig(dev, count, gfp);
	else
		pages = idma_pages_alloc(dev, count, orders, gfp);
	if (!pages)
		return NULL;

	if (!coherent_dev)
		for (i = 0; i < count; i++)
			arch_dma_prep_coherent(pages[i], PAGE_SIZE);

	span = iova_align(iovad, (size_t)count << PAGE_SHIFT);
	span = min(span, iova_align(iovad, size));
	iova = idma_iova_alloc(dom, span, dev->coherent_dma_mask, dev);
	if (!iova)
		goto out_free_pages;

	if (idma_map_pages(dom, iova, pages, count, span, prot, map_gfp))
		goto out_free_iova;

	*dma = iova;
	return pages;

out_free_iova:
	idma_iova_free(ck, iova, span, NULL);
out_free_pages:
	idma_pages_free(pages, count);
	return NULL;
}

static void *idma_alloc_paged(struct device *dev, size_t size,
			      dma_addr_t *handle, gfp_t gfp,
			      unsigned long attrs)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);
	pgprot_t prot = dma_pgprot(dev, PAGE_KERNEL, attrs);
	struct page **pages;
	void *vaddr;

	pages = idma_alloc_mapped_pages(dev, size, handle, gfp, attrs);
	if (!pages)
		return NULL;
	if (attrs & DMA_ATTR_NO_KERNEL_MAPPING)
		return pages;

	vaddr = dma_common_pages_remap(pages, size, prot,
				       __builtin_return_address(0));
	if (vaddr)
		return vaddr;

	idma_unmap_span(dom, *handle, size);
	idma_pages_free(pages, idma_alloc_count(dom, size));
	return NULL;
}

/* A contiguous buffer with a kernel mapping the device can share */
static void *idma_alloc_contig(struct device *dev, size_t size,
			       struct page **pagep, gfp_t gfp,
			       unsigned long attrs)
{
	bool coherent_dev = dev_is_dma_coherent(dev);
	size_t len = PAGE_ALIGN(size);
	struct page *page;
	void *vaddr;

	page = dma_alloc_contiguous(dev, len, gfp);
	if (!page)
		page = alloc_pages_node(dev_to_node(dev), gfp, get_order(len));
	if (!page)
		return NULL;

	if (coherent_dev && !PageHighMem(page)) {
		vaddr = page_address(page);
	} else {
		vaddr = dma_common_contiguous_remap(page, len,
						    dma_pgprot(dev, PAGE_KERNEL, attrs),
						    __builtin_return_address(0));
		if (!vaddr) {
			dma_free_contiguous(dev, page, len);
			return NULL;
		}
		if (!coherent_dev)
			arch_dma_prep_coherent(page, size);
	}

	memset(vaddr, 0, len);
	*pagep = page;
	return vaddr;
}

/* Free the memory of a buffer that is not a NO_KERNEL_MAPPING page array */
static void idma_free_buffer(struct device *dev, size_t size, void *cpu_addr)
{
	unsigned int count = idma_alloc_count(iommu_get_dma_domain(dev), size);
	size_t len = PAGE_ALIGN(size);
	struct page **pages;
	struct page *page;

	if (IS_ENABLED(CONFIG_DMA_DIRECT_REMAP) &&
	    dma_free_from_pool(dev, cpu_addr, len))
		return;

	if (!is_vmalloc_addr(cpu_addr)) {
		dma_free_contiguous(dev, virt_to_page(cpu_addr), len);
		return;
	}

	pages = dma_common_find_pages(cpu_addr);
	page = pages ? NULL : vmalloc_to_page(cpu_addr);
	dma_common_free_remap(cpu_addr, len);
	if (pages)
		idma_pages_free(pages, count);
	else
		dma_free_contiguous(dev, page, len);
}

/**
 * iommu_dma_alloc() - dma_alloc_attrs() for a device behind an IOMMU
 * @dev: the device
 * @size: size in bytes
 * @handle: where to store the DMA address
 * @gfp: allocation flags; callers that cannot sleep get contiguous memory
 * @attrs: DMA_ATTR_* flags (FORCE_CONTIGUOUS, ALLOC_SINGLE_PAGES,
 *	NO_KERNEL_MAPPING, WRITE_COMBINE, PRIVILEGED)
 *
 * Return: the CPU address of a zeroed buffer (with NO_KERNEL_MAPPING an
 * opaque cookie), or NULL with nothing left allocated.
 */
void *iommu_dma_alloc(struct device *dev, size_t size, dma_addr_t *handle,
		      gfp_t gfp, unsigned long attrs)
{
	bool coherent_dev = dev_is_dma_coherent(dev);
	int prot = idma_prot(DMA_BIDIRECTIONAL, coherent_dev, attrs);
	bool can_block = gfpflags_allow_blocking(gfp);
	struct page *page = NULL;
	void *cpu_addr;
	dma_addr_t dma;

	gfp |= __GFP_ZERO;

	if ((attrs & DMA_ATTR_NO_KERNEL_MAPPING) ||
	    (can_block && !(attrs & DMA_ATTR_FORCE_CONTIGUOUS)))
		return idma_alloc_paged(dev, size, handle, gfp, attrs);

	if (IS_ENABLED(CONFIG_DMA_DIRECT_REMAP) && !can_block && !coherent_dev) {
		page = dma_alloc_from_pool(dev, PAGE_ALIGN(size), &cpu_addr,
					   gfp, NULL);
		if (!page)
			return NULL;
	} else {
		cpu_addr = idma_alloc_contig(dev, size, &page, gfp, attrs);
		if (!cpu_addr)
			return NULL;
	}

	dma = idma_map_phys(dev, iommu_get_dma_domain(dev), page_to_phys(page),
			    size, prot, dev->coherent_dma_mask,
			    idma_meta_gfp(gfp));
	if (dma == DMA_MAPPING_ERROR) {
		idma_free_buffer(dev, size, cpu_addr);
		return NULL;
	}
	*handle = dma;
	return cpu_addr;
}

/**
 * iommu_dma_free() - Free a buffer from iommu_dma_alloc()
 * @dev: the device
 * @size: size given at allocation
 * @cpu_addr: address (or cookie) returned by iommu_dma_alloc()
 * @handle: DMA address returned by iommu_dma_alloc()
 * @attrs: the attributes given at allocation
 */
void iommu_dma_free(struct device *dev, size_t size, void *cpu_addr,
		    dma_addr_t handle, unsigned long attrs)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);

	idma_unmap_span(dom, handle, size);
	if (attrs & DMA_ATTR_NO_KERNEL_MAPPING)
		idma_pages_free(cpu_addr, idma_alloc_count(dom, size));
	else
		idma_free_buffer(dev, size, cpu_addr);
}

/* The page array behind a buffer, or NULL if it is physically contiguous */
static struct page **idma_buffer_pages(void *cpu_addr, unsigned long attrs)
{
	if (attrs & DMA_ATTR_NO_KERNEL_MAPPING)
		return cpu_addr;
	if (is_vmalloc_addr(cpu_addr))
		return dma_common_find_pages(cpu_addr);
	return NULL;
}

static struct page *idma_buffer_first_page(void *cpu_addr)
{
	if (is_vmalloc_addr(cpu_addr))
		return vmalloc_to_page(cpu_addr);
	return virt_to_page(cpu_addr);
}

/**
 * iommu_dma_mmap() - Map a buffer from iommu_dma_alloc() into user space
 * @dev: the device
 * @vma: the user mapping, its vm_pgoff in pages from the buffer's start
 * @cpu_addr: address (or cookie) returned by iommu_dma_alloc()
 * @dma_addr: DMA address of the buffer
 * @size: size given at allocation
 * @attrs: the attributes given at allocation
 *
 * Return: 0 or a negative errno; -ENXIO if @vma reaches past the buffer.
 */
int iommu_dma_mmap(struct device *dev, struct vm_area_struct *vma,
		   void *cpu_addr, dma_addr_t dma_addr, size_t size,
		   unsigned long attrs)
{
	unsigned long nr_pages = PAGE_ALIGN(size) >> PAGE_SHIFT;
	unsigned long pgoff = vma->vm_pgoff;
	struct page **pages;
	int ret;

	vma->vm_page_prot = dma_pgprot(dev, vma->vm_page_prot, attrs);

	if (dma_mmap_from_dev_coherent(dev, vma, cpu_addr, size, &ret))
		return ret;

	if (pgoff >= nr_pages || vma_pages(vma) > nr_pages - pgoff)
		return -ENXIO;

	pages = idma_buffer_pages(cpu_addr, attrs);
	if (pages)
		return vm_map_pages(vma, pages, nr_pages);

	return remap_pfn_range(vma, vma->vm_start,
			       page_to_pfn(idma_buffer_first_page(cpu_addr)) + pgoff,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

/**
 * iommu_dma_get_sgtable() - Describe a buffer from iommu_dma_alloc()
 * @dev: the device
 * @sgt: table to fill with the buffer's pages
 * @cpu_addr: address (or cookie) returned by iommu_dma_alloc()
 * @dma_addr: DMA address of the buffer
 * @size: size given at allocation
 * @attrs: the attributes given at allocation
 *
 * Return: 0 or -ENOMEM.
 */
int iommu_dma_get_sgtable(struct device *dev, struct sg_table *sgt,
			  void *cpu_addr, dma_addr_t dma_addr, size_t size,
			  unsigned long attrs)
{
	struct page **pages = idma_buffer_pages(cpu_addr, attrs);
	int ret;

	if (pages)
		return sg_alloc_table_from_pages(sgt, pages,
						 PAGE_ALIGN(size) >> PAGE_SHIFT,
						 0, size, GFP_KERNEL);

	ret = sg_alloc_table(sgt, 1, GFP_KERNEL);
	if (ret)
		return ret;
	sg_set_page(sgt->sgl, idma_buffer_first_page(cpu_addr), PAGE_ALIGN(size),
		    0);
	return 0;
}

/*
 * A non-contiguous allocation: the caller sees the sg_table, we also keep
 * the page array for vmap and mmap.
 */
struct idma_nc_buffer {
	struct sg_table		sgt;
	struct page		**pages;
	unsigned int		count;
};

static struct idma_nc_buffer *to_nc_buffer(struct sg_table *sgt)
{
	return container_of(sgt, struct idma_nc_buffer, sgt);
}

/**
 * iommu_dma_alloc_noncontiguous() - dma_alloc_noncontiguous() behind an IOMMU
 * @dev: the device
 * @size: size in bytes
 * @dir: direction the buffer will be used in
 * @gfp: allocation flags
 * @attrs: DMA_ATTR_ALLOC_SINGLE_PAGES or 0
 *
 * The pages need not be contiguous; the device sees them as one DMA
 * segment, described by the first entry of the returned table.
 *
 * Return: the table, or NULL with nothing left allocated.
 */
struct sg_table *iommu_dma_alloc_noncontiguous(struct device *dev, size_t size,
					       enum dma_data_direction dir,
					       gfp_t gfp, unsigned long attrs)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);
	gfp_t meta = gfp & ~(__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM |
			     __GFP_COMP | __GFP_ZERO);
	struct idma_nc_buffer *buf;
	dma_addr_t dma;

	buf = kmalloc(sizeof(*buf), meta);
	if (!buf)
		return NULL;

	buf->count = idma_alloc_count(dom, size);
	buf->pages = idma_alloc_mapped_pages(dev, size, &dma, gfp, attrs);
	if (!buf->pages)
		goto out_free_buf;

	if (sg_alloc_table_from_pages(&buf->sgt, buf->pages, buf->count, 0,
				      size, meta))
		goto out_unmap;

	sg_dma_address(buf->sgt.sgl) = dma;
	sg_dma_len(buf->sgt.sgl) = iova_align(&dom->iova_cookie->iovad, size);
	return &buf->sgt;

out_unmap:
	idma_unmap_span(dom, dma, size);
	idma_pages_free(buf->pages, buf->count);
out_free_buf:
	kfree(buf);
	return NULL;
}

/**
 * iommu_dma_free_noncontiguous() - Free an iommu_dma_alloc_noncontiguous() buffer
 * @dev: the device
 * @size: size given at allocation
 * @sgt: table returned at allocation
 * @dir: direction given at allocation
 */
void iommu_dma_free_noncontiguous(struct device *dev, size_t size,
				  struct sg_table *sgt,
				  enum dma_data_direction dir)
{
	struct idma_nc_buffer *buf = to_nc_buffer(sgt);

	idma_unmap_span(iommu_get_dma_domain(dev), sg_dma_address(sgt->sgl),
			size);
	idma_pages_free(buf->pages, buf->count);
	sg_free_table(&buf->sgt);
	kfree(buf);
}

/**
 * iommu_dma_vmap_noncontiguous() - Kernel mapping of a non-contiguous buffer
 * @dev: the device
 * @size: size given at allocation
 * @sgt: table returned by iommu_dma_alloc_noncontiguous()
 *
 * Return: the kernel address, or NULL.  Undo with vunmap().
 */
void *iommu_dma_vmap_noncontiguous(struct device *dev, size_t size,
				   struct sg_table *sgt)
{
	return vmap(to_nc_buffer(sgt)->pages, PAGE_ALIGN(size) >> PAGE_SHIFT,
		    VM_MAP, PAGE_KERNEL);
}

/**
 * iommu_dma_mmap_noncontiguous() - User mapping of a non-contiguous buffer
 * @dev: the device
 * @vma: the user mapping
 * @size: size given at allocation
 * @sgt: table returned by iommu_dma_alloc_noncontiguous()
 *
 * Return: 0, -ENXIO if @vma reaches past the buffer, or another errno.
 */
int iommu_dma_mmap_noncontiguous(struct device *dev, struct vm_area_struct *vma,
				 size_t size, struct sg_table *sgt)
{
	unsigned long nr_pages = PAGE_ALIGN(size) >> PAGE_SHIFT;

	if (vma->vm_pgoff >= nr_pages ||
	    vma_pages(vma) > nr_pages - vma->vm_pgoff)
		return -ENXIO;
	return vm_map_pages(vma, to_nc_buffer(sgt)->pages, nr_pages);
}

/*
 * Limits reported to the DMA core
 */

/**
 * iommu_dma_get_merge_boundary() - Granule mask for the block layer
 * @dev: the device
 *
 * Buffers whose pieces meet on this boundary can be merged by
 * iommu_dma_map_sg() into one DMA segment.
 *
 * Return: the IOVA granule minus one.
 */
unsigned long iommu_dma_get_merge_boundary(struct device *dev)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);

	return (1UL << __ffs(dom->pgsize_bitmap)) - 1;
}

/**
 * iommu_dma_opt_mapping_size() - Largest mapping the IOVA caches serve fast
 *
 * Return: the size in bytes.
 */
size_t iommu_dma_opt_mapping_size(void)
{
	return iova_rcache_range();
}

/**
 * iommu_dma_max_mapping_size() - Largest single mapping for a device
 * @dev: the device
 *
 * Return: swiotlb's limit for untrusted devices, whose buffers may be
 * bounced, otherwise no limit.
 */
size_t iommu_dma_max_mapping_size(struct device *dev)
{
	if (idma_untrusted(dev))
		return swiotlb_max_mapping_size(dev);
	return SIZE_MAX;
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
