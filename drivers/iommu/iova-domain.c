// SPDX-License-Identifier: GPL-2.0-only
/*
 * IOVA space allocator: the entry points that set a domain's ranges up
 * and tear them down, off the allocation and free paths.  The tree they
 * work on, and the hot entry points, are in iova-tree.c.
 *
 * File map:
 *   reservations          the gap walk, reserve_iova()
 *   exact claims          claim_iova()
 *   teardown              put_iova_domain()
 *   shared state          iova_cache_get()/put()
 */

#include "iova_internal.h"

static unsigned int iova_node_cache_users;
static DEFINE_MUTEX(iova_node_cache_mutex);

/*
 * Walk the live ranges meeting [@lo, @hi] from the bottom up and call
 * @gap for every free stretch between them.  @gap gets the range directly
 * above the stretch, whose hole holds it.  Returns the range covering @hi
 * afterwards: either the last one met or the one @gap reports for the
 * final stretch.
 */
static struct iova *iova_walk_gaps(struct iova_domain *iovad,
				   unsigned long lo, unsigned long hi,
				   struct iova *(*gap)(void *ctx,
						       struct iova *above,
						       unsigned long from,
						       unsigned long to),
				   void *ctx)
{
	struct iova *iova = iova_first_reaching(iovad, lo);

	for (;;) {
		if (iova->pfn_lo > hi)
			return gap(ctx, iova, lo, hi);
		if (iova->pfn_lo > lo && !gap(ctx, iova, lo, iova->pfn_lo - 1))
			return NULL;
		if (iova->pfn_hi >= hi)
			return iova;
		lo = iova->pfn_hi + 1;
		iova = node_iova(rb_next(&iova->node));
	}
}

struct iova_reserve_ctx {
	struct iova_domain	*iovad;
	struct iova		*spare;	/* chained through node.rb_right */
	unsigned int		needed;
};

static struct iova *iova_spare_pop(struct iova_reserve_ctx *rc)
{
	struct iova *piece = rc->spare;
	struct rb_node *next = piece->node.rb_right;

	rc->spare = next ? node_iova(next) : NULL;
	return piece;
}

static struct iova *iova_count_gap(void *ctx, struct iova *above,
				   unsigned long from, unsigned long to)
{
	((struct iova_reserve_ctx *)ctx)->needed++;
	return above;
}

static struct iova *iova_fill_gap(void *ctx, struct iova *above,
				  unsigned long from, unsigned long to)
{
	struct iova_reserve_ctx *rc = ctx;
	struct iova *piece = iova_spare_pop(rc);

	piece->pfn_lo = from;
	piece->pfn_hi = to;
	iova_link_span(rc->iovad, above, piece);
	return piece;
}

/**
 * reserve_iova() - keep a span of pfns out of allocation
 * @iovad: domain to reserve in
 * @pfn_lo: first pfn of the span
 * @pfn_hi: last pfn of the span
 *
 * Every free pfn of [@pfn_lo, @pfn_hi] is covered by a new reserved range,
 * one per free stretch.  Live ranges inside the span (allocations, earlier
 * reservations, ranges parked in the per-CPU cache) are left exactly as
 * they are, so a span that is partly taken is split around them.  The span
 * may lie below the domain's start_pfn.
 *
 * Context: Any context; takes the domain lock with interrupts disabled and
 * allocates with GFP_ATOMIC.
 * Return: the range covering @pfn_hi afterwards (a new reservation, or the
 * live range already there), or NULL if the span is empty, reaches the
 * last pfn or beyond what a dma_addr_t can express, or memory runs out.
 * Nothing changes on failure.
 */
struct iova *reserve_iova(struct iova_domain *iovad, unsigned long pfn_lo,
			  unsigned long pfn_hi)
{
	struct iova_reserve_ctx rc = { .iovad = iovad };
	struct iova *covering = NULL, *piece;
	unsigned long flags;
	unsigned int i;

	if (pfn_lo > pfn_hi || pfn_hi >= IOVA_CEILING_PFN ||
	    (u64)pfn_hi > (U64_MAX >> iova_shift(iovad)))
		return NULL;

	spin_lock_irqsave(&iovad->lock, flags);
	iova_walk_gaps(iovad, pfn_lo, pfn_hi, iova_count_gap, &rc);
	for (i = 0; i < rc.needed; i++) {
		piece = iova_node_alloc();
		if (!piece)
			goto out_free_spares;
		piece->node.rb_right = rc.spare ? &rc.spare->node : NULL;
		rc.spare = piece;
	}
	covering = iova_walk_gaps(iovad, pfn_lo, pfn_hi, iova_fill_gap, &rc);

out_free_spares:
	spin_unlock_irqrestore(&iovad->lock, flags);
	while (rc.spare)
		iova_node_free(iova_spare_pop(&rc));
	return covering;
}
EXPORT_SYMBOL_GPL(reserve_iova);

/**
 * claim_iova() - take an exact span of pfns, all of it or nothing
 * @iovad: domain to take it in
 * @pfn_lo: first pfn of the span
 * @pfn_hi: last pfn of the span
 *
 * For callers that must place a range at a given address (firmware linked
 * at fixed device addresses).  Unlike reserve_iova(), which covers only
 * the free parts of a span, this takes the whole span as one new range
 * when every pfn of it is free, and otherwise changes nothing.  A range
 * parked in the per-CPU cache is free to its owner but live to the tree:
 * when the span meets one, the cache is emptied once and the claim tried
 * again.  The span may lie below the domain's start_pfn.  Release the
 * range with __free_iova() or free_iova().
 *
 * Context: Any context; takes cache and domain locks with interrupts
 * disabled and allocates with GFP_ATOMIC.
 * Return: the new range; ERR_PTR(-EINVAL) for an empty span or one that
 * reaches the last pfn or beyond what a dma_addr_t can express;
 * ERR_PTR(-EBUSY) when a live range overlaps it; ERR_PTR(-ENOMEM).
 */
struct iova *claim_iova(struct iova_domain *iovad, unsigned long pfn_lo,
			unsigned long pfn_hi)
{
	struct iova *fresh, *above;
	unsigned long flags;
	bool drained = false;

	if (pfn_lo > pfn_hi || pfn_hi >= IOVA_CEILING_PFN ||
	    (u64)pfn_hi > (U64_MAX >> iova_shift(iovad)))
		return ERR_PTR(-EINVAL);
	fresh = iova_node_alloc();
	if (!fresh)
		return ERR_PTR(-ENOMEM);
	fresh->pfn_lo = pfn_lo;
	fresh->pfn_hi = pfn_hi;

	for (;;) {
		spin_lock_irqsave(&iovad->lock, flags);
		/* The span is free iff the first range reaching it starts above. */
		above = iova_first_reaching(iovad, pfn_lo);
		if (above->pfn_lo > pfn_hi) {
			iova_link_span(iovad, above, fresh);
			spin_unlock_irqrestore(&iovad->lock, flags);
			return fresh;
		}
		spin_unlock_irqrestore(&iovad->lock, flags);
		if (drained || !iovad->pcache ||
		    !iova_pcache_shrink(iovad, ULONG_MAX))
			break;
		drained = true;
	}
	iova_node_free(fresh);
	return ERR_PTR(-EBUSY);
}
EXPORT_SYMBOL_GPL(claim_iova);

/**
 * put_iova_domain() - tear down a domain
 * @iovad: domain set up by init_iova_domain()
 *
 * Frees the cache and every range still live, cached or reserved.  No
 * other call may be in flight on @iovad.
 *
 * Context: Process context; sleeps if the domain has a cache.
 */
void put_iova_domain(struct iova_domain *iovad)
{
	struct iova *iova, *next;

	if (iovad->pcache)
		iova_pcache_destroy(iovad);

	rbtree_postorder_for_each_entry_safe(iova, next, &iovad->ranges, node)
		if (iova != &iovad->ceiling)
			iova_node_free(iova);
	iovad->ranges = RB_ROOT;
	iovad->front = NULL;
	iovad->hint = NULL;
	iovad->mark = NULL;
	if (iovad->idle_node)
		iova_node_free(iovad->idle_node);
	iovad->idle_node = NULL;
}
EXPORT_SYMBOL_GPL(put_iova_domain);

/**
 * iova_cache_get() - take a reference on the allocator's shared state
 *
 * The first reference creates the slab cache for range descriptors and
 * the CPU hotplug state that drains the caches of dead CPUs.
 *
 * Context: Process context; sleeps.
 * Return: 0, or a negative errno with no reference taken.
 */
int iova_cache_get(void)
{
	int err = 0;

	mutex_lock(&iova_node_cache_mutex);
	if (!iova_node_cache_users) {
		iova_node_cache = KMEM_CACHE(iova, 0);
		if (!iova_node_cache) {
			err = -ENOMEM;
			goto out_unlock;
		}
		err = cpuhp_setup_state_multi(CPUHP_IOMMU_IOVA_DEAD,
					      "iommu/iova:dead", NULL,
					      iova_pcache_cpu_dead);
		if (err) {
			kmem_cache_destroy(iova_node_cache);
			iova_node_cache = NULL;
			goto out_unlock;
		}
	}
	iova_node_cache_users++;
out_unlock:
	mutex_unlock(&iova_node_cache_mutex);
	return err;
}
EXPORT_SYMBOL_GPL(iova_cache_get);

/**
 * iova_cache_put() - drop a reference taken by iova_cache_get()
 *
 * The last reference destroys the shared state; every domain must have
 * been put by then.
 *
 * Context: Process context; sleeps.
 */
void iova_cache_put(void)
{
	mutex_lock(&iova_node_cache_mutex);
	if (!WARN_ON(!iova_node_cache_users) && !--iova_node_cache_users) {
		cpuhp_remove_multi_state(CPUHP_IOMMU_IOVA_DEAD);
		kmem_cache_destroy(iova_node_cache);
		iova_node_cache = NULL;
	}
	mutex_unlock(&iova_node_cache_mutex);
}
EXPORT_SYMBOL_GPL(iova_cache_put);
