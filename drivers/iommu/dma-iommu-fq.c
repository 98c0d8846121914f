// SPDX-License-Identifier: GPL-2.0-only
/*
 * DMA API on an IOMMU domain: flush queues for lazy IOTLB invalidation.
 *
 * In lazy mode an unmapped IOVA range is not reused until an IOTLB flush
 * that began after the unmap has completed.  The ranges wait in rings
 * (one per CPU, or one shared ring for drivers whose flush is expensive)
 * that are drained when they fill up and by a timer.
 *
 * Siblings: dma-iommu.c (core, setup), dma-iommu-map.c (IOVA allocation and
 * release, which queues ranges here), dma-iommu-sg.c, dma-iommu-alloc.c,
 * dma-iommu-fixed.c (which drains the queue to claim a range waiting in
 * it); shared declarations in dma-iommu-priv.h.
 */

#include <linux/atomic.h>
#include <linux/iommu.h>
#include <linux/iova.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/vmalloc.h>

#include "dma-iommu.h"
#include "dma-iommu-priv.h"
#include "iommu-pages.h"

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

/**
 * idma_lazy_drain() - flush the IOTLB and release every queued range now
 * @ck: cookie of a DMA domain
 *
 * For callers that need a queued range back before its time, such as a
 * fixed placement over a range that waits here.
 *
 * Context: Any context that may take the ring locks.
 * Return: false when the domain has no flush queue, so nothing waited.
 */
bool idma_lazy_drain(struct iommu_dma_cookie *ck)
{
	/* Pairs with the release in iommu_dma_init_fq() */
	if (!smp_load_acquire(&ck->lazy_domain))
		return false;
	idma_lazy_flush(ck);
	idma_lazy_reap_all(ck);
	return true;
}

/**
 * idma_lazy_release() - Queue an unmapped IOVA range for lazy release
 * @ck: cookie of a domain switched to lazy mode by iommu_dma_init_fq()
 * @pfn: first granule of the range
 * @npages: number of granules
 * @pt_pages: page-table pages the unmap freed; moved onto the queue entry
 *
 * The PTEs of the range must be cleared already.  The range goes back to
 * the allocator once an IOTLB flush begun after this call has finished;
 * a full ring is flushed and emptied on the spot.
 *
 * Context: any context; takes the ring's lock with interrupts disabled.
 */
void idma_lazy_release(struct iommu_dma_cookie *ck,
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

/**
 * idma_lazy_teardown() - Stop lazy release and free the flush queues
 * @ck: cookie of a domain no longer in use; a strict one is left alone
 *
 * Ranges still queued are not given back one by one, since the caller
 * frees the whole IOVA allocator next; their page-table pages are freed.
 *
 * Context: process context; waits for a running timer callback to end.
 */
void idma_lazy_teardown(struct iommu_dma_cookie *ck)
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
