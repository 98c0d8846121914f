// SPDX-License-Identifier: GPL-2.0-only
/*
 * IOVA space allocator: the tree of live ranges.
 *
 * Live ranges sit in a red-black tree ordered by address.  Each node also
 * describes the free run ("hole") just below it and summarises the holes of
 * its subtree, so a top-down search under any limit is a single walk of
 * the tree's height whatever the fragmentation.  The per-CPU cache in
 * front of the tree lives in iova-pcache.c.
 *
 * File map:
 *   vocabulary            DOC block below
 *   tree summaries        keys, holes, the augmented callbacks
 *   search and update     iova_pick_hole(), the front, linking, unlinking
 *   descriptors           the slab cache and the spare descriptor
 *   placement hint        O(1) placement below the last range placed
 *   entry points          init_iova_domain(), alloc_iova(), find_iova(),
 *                         __free_iova(), free_iova()
 *   for the cache         iova_release_pfns()
 *   checking              iova_domain_check()
 *
 * The cold entry points, reserve_iova(), claim_iova(), put_iova_domain()
 * and iova_cache_get()/put(), are in iova-domain.c.
 */

#include "iova_internal.h"

/**
 * DOC: vocabulary
 *
 * pfn:   one granule-sized unit of IOVA space.
 * range: the inclusive span [pfn_lo, pfn_hi] of a struct iova.
 * hole:  the free pfns directly below a range, never below the domain's
 *        start_pfn.  The domain keeps a ceiling range on the very last pfn,
 *        so every usable free pfn belongs to the hole of exactly one range.
 * blk:   "block order plus one": 1 + log2 of the largest naturally aligned
 *        power-of-two run inside a hole, or 0 for an empty hole.
 * room:  for an alignment A, the pfns from the first A-aligned pfn of a
 *        hole to its end (0 if it has no A-aligned pfn).
 * key:   blk and the room at alignment 2^blk packed into one u64, blk in
 *        the top bits.  A size-aligned request of s pfns, 2^(k-1) < s <=
 *        2^k, fits a hole exactly when the hole's key is at least
 *        (k, s) packed the same way: a hole with blk > k holds a whole
 *        aligned block of 2^k, and one with blk == k fits if its room at
 *        alignment 2^k is at least s.  Keys compare as plain integers, so
 *        a subtree's largest key answers "does any hole here fit?".
 * edge:  limit_pfn + 1.  The hole of a range with pfn_lo <= edge lies wholly
 *        under the limit; only the first range above edge has a hole that
 *        straddles it.
 * class: cache class c holds ranges of exactly 2^c pfns.
 */

/* Layout of a key: blk above, room below. */
#define IOVA_KEY_SHIFT		57
#define IOVA_KEY_ROOM_MAX	(BIT_ULL(IOVA_KEY_SHIFT) - 1)
/*
 * The largest size-aligned request: above 2^56 pfns keys could not tell
 * requests apart, and above half the range of an unsigned long the
 * alignment of the rounded-up size would not fit in one (32-bit kernels).
 */
#if BITS_PER_LONG > IOVA_KEY_SHIFT
#define IOVA_ALIGNED_MAX	BIT_ULL(IOVA_KEY_SHIFT - 1)
#else
#define IOVA_ALIGNED_MAX	BIT_ULL(BITS_PER_LONG - 1)
#endif
/* blk goes up to BITS_PER_LONG and must fit above the room. */
static_assert(BITS_PER_LONG < (1 << (64 - IOVA_KEY_SHIFT)));

/* A request, normalised once before the tree is searched. */
struct iova_ask {
	unsigned long	size;
	unsigned long	align_mask;
	unsigned long	edge;
	u64		key;	/* 0 for an unaligned request */
};

struct kmem_cache *iova_node_cache;

static void iova_warn_stray(unsigned long pfn)
{
	pr_warn_once("iova: release of unallocated pfn %#lx ignored\n", pfn);
}

/* ---- Tree summaries --------------------------------------------------- */

/*
 * The key of the run of @len pfns starting at @lo.  The run holds an
 * aligned block of half its length rounded down to a power of two, 2^o;
 * it holds one of 2^(o + 1) when the first 2^o-aligned pfn leaves room
 * for it.  The room is then measured at twice the block's alignment (for
 * blk = o + 1 that is 2^blk; the shift wraps to "only pfn 0 is aligned"
 * when blk reaches BITS_PER_LONG, as it should).
 */
static __always_inline u64 iova_key_of(unsigned long lo, unsigned long len)
{
	unsigned int order;
	unsigned long skip;

	if (!len)
		return 0;
	order = __fls(len);
	if ((-lo & (BIT(order) - 1)) > len - BIT(order))
		order--;
	skip = -lo & ((2UL << order) - 1);
	return (u64)(order + 1) << IOVA_KEY_SHIFT |
	       min_t(u64, skip < len ? len - skip : 0, IOVA_KEY_ROOM_MAX);
}

/*
 * The hole below pfn @lo that begins at @floor (the pfn after the next
 * lower range, or 0), clipped to the domain's start_pfn: its length, and
 * its key in *@key.
 */
static __always_inline unsigned long iova_hole_of(struct iova_domain *iovad,
						  unsigned long floor,
						  unsigned long lo, u64 *key)
{
	unsigned long len;

	floor = max(floor, iovad->start_pfn);
	len = lo > floor ? lo - floor : 0;
	*key = iova_key_of(floor, len);
	return len;
}

/* Set the hole of @iova, not the ceiling or the front, to start at @floor. */
static __always_inline void iova_set_range_hole(struct iova_domain *iovad,
						struct iova *iova,
						unsigned long floor)
{
	iova->hole = iova_hole_of(iovad, floor, iova->pfn_lo, &iova->hole_key);
}

/*
 * Set the hole of any node to begin at @floor.  The ceiling's hole, the
 * free top of the space, is left out of every summary: its node keeps a
 * hole of 0 and the domain keeps where the hole starts (top_free).  The
 * front's node keeps an upper bound of its hole (see "The front" below),
 * raised here if the hole outgrows it.  The caller brings the summaries
 * up to date for any node but the ceiling.
 */
static __always_inline void iova_set_hole(struct iova_domain *iovad,
					  struct iova *iova,
					  unsigned long floor)
{
	if (unlikely(iova == &iovad->ceiling)) {
		iovad->top_free = max(floor, iovad->start_pfn);
	} else if (iova == iovad->front) {
		iovad->front_hole = iova_hole_of(iovad, floor, iova->pfn_lo,
						 &iovad->front_key);
		iova->hole = max(iova->hole, iovad->front_hole);
		iova->hole_key = max(iova->hole_key, iovad->front_key);
	} else {
		iova_set_range_hole(iovad, iova, floor);
	}
}

/* The first pfn of the hole below @iova. */
static __always_inline unsigned long iova_hole_lo(struct iova_domain *iovad,
						  struct iova *iova)
{
	if (iova == &iovad->ceiling)
		return iovad->top_free;
	if (iova == iovad->front)
		return iova->pfn_lo - iovad->front_hole;
	return iova->pfn_lo - iova->hole;
}

/*
 * Recompute @iova's subtree summary; true if it was already up to date.
 * The ceiling's node counts a hole of 0, the front's its bound.
 */
static __always_inline bool iova_summarise(struct iova *iova)
{
	unsigned long most = iova->hole;
	u64 key = iova->hole_key;
	struct rb_node *kid;

	kid = iova->node.rb_left;
	if (kid) {
		most = max(most, node_iova(kid)->max_hole);
		key = max(key, node_iova(kid)->max_key);
	}
	kid = iova->node.rb_right;
	if (kid) {
		most = max(most, node_iova(kid)->max_hole);
		key = max(key, node_iova(kid)->max_key);
	}
	if (iova->max_hole == most && iova->max_key == key)
		return true;
	iova->max_hole = most;
	iova->max_key = key;
	return false;
}

static void iova_aug_propagate(struct rb_node *rb, struct rb_node *stop)
{
	for (; rb != stop; rb = rb_parent(rb))
		if (iova_summarise(node_iova(rb)))
			break;
}

static void iova_aug_copy(struct rb_node *from, struct rb_node *to)
{
	node_iova(to)->max_hole = node_iova(from)->max_hole;
	node_iova(to)->max_key = node_iova(from)->max_key;
}

/* @to took @from's place as subtree root; @from now sits below it. */
static void iova_aug_rotate(struct rb_node *from, struct rb_node *to)
{
	iova_aug_copy(from, to);
	iova_summarise(node_iova(from));
}

static const struct rb_augment_callbacks iova_aug = {
	.propagate	= iova_aug_propagate,
	.copy		= iova_aug_copy,
	.rotate		= iova_aug_rotate,
};

/* ---- Tree search and update (iovad->lock held) ------------------------- */

static bool iova_ask_init(struct iova_ask *ask, unsigned long size,
			  unsigned long limit_pfn, bool size_aligned)
{
	unsigned int order;

	if (!size)
		return false;

	ask->size = size;
	ask->edge = min(limit_pfn, IOVA_CEILING_PFN - 1) + 1;
	if (size > ask->edge)
		return false;
	if (size_aligned) {
		if ((u64)size > IOVA_ALIGNED_MAX)
			return false;
		order = order_base_2(size);
		ask->align_mask = BIT(order) - 1;
		ask->key = (u64)order << IOVA_KEY_SHIFT | size;
	} else {
		ask->align_mask = 0;
		ask->key = 0;
	}
	return true;
}

static bool iova_hole_fits(const struct iova_ask *ask, unsigned long hole,
			   u64 key)
{
	return ask->key ? key >= ask->key : hole >= ask->size;
}

static bool iova_subtree_fits(const struct iova_ask *ask, struct rb_node *rb)
{
	return rb && iova_hole_fits(ask, node_iova(rb)->max_hole,
				    node_iova(rb)->max_key);
}

/*
 * Does the hole below @iova, wholly under the limit, take @ask?  Never for
 * the ceiling, whose node counts no hole.  For the front, whose node
 * counts a bound, true only if the bound does: see iova_front_fits().
 */
static __always_inline bool iova_own_fits(const struct iova_ask *ask,
					  struct iova *iova)
{
	return iova_hole_fits(ask, iova->hole, iova->hole_key);
}

/* After iova_own_fits(): does the hole itself take @ask? */
static __always_inline bool iova_front_fits(struct iova_domain *iovad,
					    const struct iova_ask *ask,
					    struct iova *iova)
{
	return likely(iova != iovad->front) ||
	       iova_hole_fits(ask, iovad->front_hole, iovad->front_key);
}

static struct iova *iova_fit_below_front(struct iova_domain *iovad,
					 const struct iova_ask *ask);

/*
 * Highest range in the subtree at @rb whose own hole takes @ask, given
 * that no range above the subtree does.  Only the front's bound can make
 * a summary promise more than the subtree holds, and a descent that
 * trusts it ends at the front, which iova_highest_fit() then returns
 * without looking at its true hole: see iova_highest_true_fit().
 */
static struct iova *iova_highest_fit(const struct iova_ask *ask,
				     struct rb_node *rb)
{
	if (!iova_subtree_fits(ask, rb))
		return NULL;
	while (rb) {
		if (iova_subtree_fits(ask, rb->rb_right)) {
			rb = rb->rb_right;
			continue;
		}
		if (iova_own_fits(ask, node_iova(rb)))
			return node_iova(rb);
		rb = rb->rb_left;
	}
	return NULL;
}

/*
 * iova_highest_fit() checked against the front's true hole.  When that
 * fails, the search goes on below the front as iova_fit_from() does,
 * which may leave the subtree for lower ranges; that is the right order,
 * as nothing at or above the front took @ask.
 */
static __always_inline struct iova *
iova_highest_true_fit(struct iova_domain *iovad, const struct iova_ask *ask,
		      struct rb_node *rb)
{
	struct iova *iova = iova_highest_fit(ask, rb);

	if (unlikely(iova && !iova_front_fits(iovad, ask, iova)))
		return iova_fit_below_front(iovad, ask);
	return iova;
}

/*
 * The part of @iova's hole below @edge: its length, and its key in *@key.
 * A hole wholly below @edge keeps the key it has.
 */
static unsigned long iova_hole_under(struct iova_domain *iovad,
				     struct iova *iova, unsigned long edge,
				     u64 *key)
{
	unsigned long lo = iova_hole_lo(iovad, iova);
	unsigned long end = min(edge, iova->pfn_lo);

	*key = 0;
	if (lo >= end)
		return 0;
	if (end == iova->pfn_lo && iova != &iovad->ceiling)
		*key = iova == iovad->front ? iovad->front_key : iova->hole_key;
	else
		*key = iova_key_of(lo, end - lo);
	return end - lo;
}

/* Does the part of @iova's hole below ask->edge take @ask? */
static bool iova_clipped_fits(struct iova_domain *iovad,
			      const struct iova_ask *ask, struct iova *iova,
			      unsigned long *top)
{
	unsigned long len;
	u64 key;

	len = iova_hole_under(iovad, iova, ask->edge, &key);
	if (!len || !iova_hole_fits(ask, len, key))
		return false;
	*top = min(ask->edge, iova->pfn_lo);
	return true;
}

/*
 * Highest range at or below @rb whose own hole takes @ask, given that no
 * range above @rb does: @rb itself, then its left subtree, then each
 * ancestor lying below it and that ancestor's left subtree, highest first.
 * Every range tried lies at or below @rb, so its hole is unclipped if
 * @rb's is.  Bounded by twice the tree's height, plus one detour to the
 * front (iova_highest_true_fit()).
 */
static __always_inline struct iova *
iova_fit_from(struct iova_domain *iovad, const struct iova_ask *ask,
	      struct rb_node *rb)
{
	struct rb_node *up;

	for (; rb; rb = up) {
		if (iova_own_fits(ask, node_iova(rb)) &&
		    iova_front_fits(iovad, ask, node_iova(rb)))
			return node_iova(rb);
		if (iova_subtree_fits(ask, rb->rb_left))
			return iova_highest_true_fit(iovad, ask, rb->rb_left);
		/* Climb to the nearest ancestor that lies below @rb. */
		while ((up = rb_parent(rb)) && up->rb_left == rb)
			rb = up;
	}
	return NULL;
}

/* The detour of iova_highest_true_fit(): the search goes on below the front. */
static noinline struct iova *iova_fit_below_front(struct iova_domain *iovad,
						  const struct iova_ask *ask)
{
	return iova_fit_from(iovad, ask, &iovad->front->node);
}

/*
 * Find the range below whose hole @ask goes, preferring the highest
 * address, and set *@top to the first pfn above the usable part of that
 * hole.
 *
 * When the limit reaches into the free top of the space, every other hole
 * lies under it and one descent finds the answer.  Otherwise the walk
 * follows the limit down the tree only while the subtree to its right may
 * still hold a fit; the first range above the limit may contribute the
 * part of its hole under the limit.  The walk then climbs back, trying
 * each range at or below the limit and the subtree to its left, highest
 * first, and descends into the first subtree whose summary fits.  Both
 * phases are bounded by the tree's height.
 */
static struct iova *iova_pick_hole(struct iova_domain *iovad,
				   const struct iova_ask *ask,
				   unsigned long *top)
{
	struct rb_node *rb = iovad->ranges.rb_node, *under = NULL;
	struct iova *iova, *over = NULL;

	if (iovad->top_free < ask->edge) {
		if (iova_clipped_fits(iovad, ask, &iovad->ceiling, top))
			return &iovad->ceiling;
		iova = iova_highest_true_fit(iovad, ask, rb);
		goto out;
	}

	while (rb) {
		iova = node_iova(rb);
		if (iova->pfn_lo > ask->edge) {
			over = iova;
			rb = rb->rb_left;
		} else {
			under = rb;
			if (!iova_subtree_fits(ask, rb->rb_right))
				break;
			rb = rb->rb_right;
		}
	}

	if (over && iova_clipped_fits(iovad, ask, over, top))
		return over;
	iova = iova_fit_from(iovad, ask, under);
out:
	if (iova)
		*top = iova->pfn_lo;
	return iova;
}

/*
 * The subtree of @rb gained a hole of @hole pfns with key @key and lost
 * none: raise the summaries from @rb up to @stop.  A summary that already
 * covers the hole has ancestors that do too, so the walk stops there.
 */
static __always_inline void iova_raise(struct rb_node *rb,
				       struct rb_node *stop,
				       unsigned long hole, u64 key)
{
	for (; rb != stop; rb = rb_parent(rb)) {
		struct iova *iova = node_iova(rb);
		bool raised = false;

		if (iova->max_hole < hole) {
			iova->max_hole = hole;
			raised = true;
		}
		if (iova->max_key < key) {
			iova->max_key = key;
			raised = true;
		}
		if (!raised)
			break;
	}
}

/*
 * The front.  Allocations are top-down, so a stream of them carves one
 * hole from its top, and that hole is often the largest in its part of
 * the tree: each cut would shrink the summaries up to the root, and the
 * next range would be linked with almost as large a hole, raising them
 * again.  So one range, iovad->front, may keep in its node an upper bound
 * of its hole instead of the hole itself; the domain keeps the true
 * length and key (front_hole, front_key).
 *
 * A cut of the front's hole hands the bound on to the new range, which
 * takes over the rest of the hole and becomes the front, and the old
 * front's node gets its true, smaller hole.  The new range's node is a
 * leaf under the old front and carries the same bound, so no summary
 * above the old front changes: the cut costs no walk to the root.  A cut
 * that leaves less than half the bound makes it exact instead, so the
 * bound stays within twice the true length (plus one pfn).
 *
 * Freeing the front's range hands its grown hole, the role and the bound
 * to the range above, whose summaries already count the bound, so that
 * costs no walk either: a strict unmap that returns the range just
 * allocated undoes the cut for free.
 *
 * A summary may so promise more than its subtree holds, but only through
 * the front, so a search misled by it ends at the front, finds its true
 * hole too small and goes on below it (iova_highest_true_fit()).  A request
 * that the bound takes and the true hole does not ends the role
 * (iova_retire_front()), so the next request is not misled again.  With
 * no front (after that, or when the range above a freed front is the
 * ceiling), the next range linked anywhere takes up the role, its bound
 * then exact.
 */

/*
 * @iova, a node whose hole had a key of @was_key and a length of
 * @was_hole pfns, now has a smaller one: recount the summaries from @iova
 * up.  A subtree whose summary beats the old hole on both counts is
 * unchanged, and so is every subtree holding it: the walk stops there.
 */
static __always_inline void iova_shrunk(struct iova *iova,
					unsigned long was_hole, u64 was_key)
{
	struct rb_node *rb;

	for (rb = &iova->node; rb; rb = rb_parent(rb)) {
		struct iova *at = node_iova(rb);

		if ((at->max_hole > was_hole && at->max_key > was_key) ||
		    iova_summarise(at))
			break;
	}
}

/*
 * Holes longer than this, more than the largest cached range, take the
 * role when a cut leaves most of them (iova_link_below()).
 */
#define IOVA_FRONT_MOVE		BIT(IOVA_PCACHE_CLASSES - 1)

/* End the front's role: its node gets its true hole. */
static void iova_retire_front(struct iova_domain *iovad)
{
	struct iova *front = iovad->front;
	unsigned long was_hole = front->hole;
	u64 was_key = front->hole_key;

	iovad->front = NULL;
	front->hole = iovad->front_hole;
	front->hole_key = iovad->front_key;
	iova_shrunk(front, was_hole, was_key);
}

/*
 * Link @fresh, which must lie inside the hole of @host, directly below
 * @host, and split that hole between the two.
 */
static __always_inline void iova_link_below(struct iova_domain *iovad,
					    struct iova *host,
					    struct iova *fresh)
{
	struct rb_node **link = &host->node.rb_left, *parent = &host->node;
	unsigned long hole, bound, was_hole = host->hole;
	u64 key, bound_key, was_key = host->hole_key;
	bool low = fresh->pfn_lo < iovad->start_pfn, handed = false;

	/*
	 * Unless @fresh is a reservation below start_pfn, it lies inside the
	 * hole, which needs no clipping then, and so does the hole left above
	 * it.
	 */
	if (likely(!low)) {
		hole = fresh->pfn_lo - iova_hole_lo(iovad, host);
		key = iova_key_of(fresh->pfn_lo - hole, hole);
	} else {
		hole = iova_hole_of(iovad, iova_hole_lo(iovad, host),
				    fresh->pfn_lo, &key);
	}
	bound = hole;
	bound_key = key;
	/*
	 * A cut that leaves at least half of another range's large hole moves
	 * the role there: a stream of allocations has moved to that hole
	 * (after a batch of frees, typically), and the retirement's walk is
	 * paid once for the many cuts that follow.  Small holes, which
	 * scattered requests fill one at a time, leave the role alone.
	 */
	if (iovad->front && host != iovad->front && host != &iovad->ceiling &&
	    was_hole > IOVA_FRONT_MOVE && hole >= was_hole / 2) {
		iova_retire_front(iovad);
		iovad->front = host;
	}
	while (*link) {
		parent = *link;
		link = &parent->rb_right;
	}
	rb_link_node(&fresh->node, parent, link);

	/*
	 * A cut of the front's hole that leaves at least half its bound hands
	 * the bound to @fresh, which takes over the rest of the hole and the
	 * role: the bound then reaches @host's summary through @fresh, so the
	 * recount of @host below stops there at once.  A smaller remainder
	 * makes the bound exact again.  With no front, @fresh takes the role
	 * with its true hole.
	 */
	if (host == iovad->front) {
		if (hole >= was_hole / 2) {
			bound = was_hole;
			bound_key = was_key;
			handed = true;
		}
		iovad->front = NULL;
	}
	if (!iovad->front) {
		iovad->front = fresh;
		iovad->front_hole = hole;
		iovad->front_key = key;
	}
	fresh->hole = bound;
	fresh->hole_key = bound_key;
	fresh->max_hole = bound;
	fresh->max_key = bound_key;
	if (host == &iovad->ceiling) {
		/*
		 * The ceiling's hole counted in no summary, so the part of it
		 * that @fresh took is new to all of them, and nothing left.
		 */
		iova_raise(parent, NULL, bound, bound_key);
		iova_set_hole(iovad, host, fresh->pfn_hi + 1);
		goto insert;
	}
	/*
	 * Below @host only @fresh was added, which can only raise a summary:
	 * a range whose summary already covers @fresh's hole has ancestors
	 * that do too.  Then the old hole of @host became two smaller ones.
	 */
	iova_raise(parent, &host->node, bound, bound_key);
	if (likely(!low)) {
		host->hole = host->pfn_lo - fresh->pfn_hi - 1;
		host->hole_key = iova_key_of(fresh->pfn_hi + 1, host->hole);
	} else {
		iova_set_range_hole(iovad, host, fresh->pfn_hi + 1);
	}
	/*
	 * A handed-on bound keeps @host's summary as it was: @fresh, in its
	 * left subtree, carries the old hole's length and key.
	 */
	if (!handed)
		iova_shrunk(host, was_hole, was_key);
insert:
	rb_insert_augmented(&fresh->node, &iovad->ranges, &iova_aug);
}

/* iova_link_below() out of line, for reservations and claims. */
noinline void iova_link_span(struct iova_domain *iovad,
			     struct iova *host, struct iova *fresh)
{
	iova_link_below(iovad, host, fresh);
}

/* Take @iova out of the tree; the range above inherits its hole. */
static void iova_unlink(struct iova_domain *iovad, struct iova *iova)
{
	struct rb_node *up = rb_next(&iova->node);
	struct iova *above = node_iova(up);
	unsigned long floor = iova_hole_lo(iovad, iova);

	/*
	 * @above, whose hole takes over the front's, takes over the role and
	 * the bound.  Without a right child @iova lies in @above's subtree,
	 * whose summaries count the bound already; otherwise the erase moves
	 * @above into @iova's place with @iova's summary, which counts it.
	 * Either way the erase's recount stops at @above at the latest, as
	 * the bound that leaves the tree with @iova's node stays in @above's.
	 */
	if (iova == iovad->front) {
		iovad->front = NULL;
		if (above != &iovad->ceiling) {
			iovad->front = above;
			above->hole = max(above->hole, iova->hole);
			above->hole_key = max(above->hole_key, iova->hole_key);
		}
	}

	if (!iova->node.rb_right) {
		/* @up is an ancestor; the erase may rotate it. */
		rb_erase_augmented(&iova->node, &iovad->ranges, &iova_aug);
		iova_set_hole(iovad, above, floor);
		/* Only @above's own hole changed since the erase: it grew. */
		if (above != &iovad->ceiling)
			iova_raise(up, NULL, above->hole, above->hole_key);
	} else {
		/*
		 * @up is the leftmost range under @iova's right child and the
		 * erase moves it into @iova's place (or, with no left child,
		 * lifts @iova's right child, then @up, with its subtree), then
		 * recounts the summaries from there up before any rotation,
		 * so @up's hole can change first and one walk does for both.
		 */
		iova_set_hole(iovad, above, floor);
		if (!iova->node.rb_left)
			iova_summarise(above);
		rb_erase_augmented(&iova->node, &iovad->ranges, &iova_aug);
	}

	/*
	 * The freed pfns join the hole of @up.  Holes above @up are as they
	 * were, so a hint at or below the freed range moves up to @up, which
	 * must lie under the hint's edge for its own hole to be unclipped.
	 */
	if (iovad->hint && iova->pfn_lo >= iovad->hint->pfn_lo)
		iovad->hint = above->pfn_lo <= iovad->hint_edge ? above : NULL;
	if (iovad->mark && iova->pfn_lo >= iovad->mark->pfn_lo)
		iovad->mark = above->pfn_lo <= iovad->hint_edge ? above : NULL;
}

/* The range holding @pfn, or NULL; never the ceiling. */
static struct iova *iova_lookup(struct iova_domain *iovad, unsigned long pfn)
{
	struct rb_node *rb = iovad->ranges.rb_node;

	while (rb) {
		struct iova *iova = node_iova(rb);

		if (pfn < iova->pfn_lo)
			rb = rb->rb_left;
		else if (pfn > iova->pfn_hi)
			rb = rb->rb_right;
		else
			return iova == &iovad->ceiling ? NULL : iova;
	}
	return NULL;
}

/* Lowest range ending at or above @pfn; the ceiling at worst. */
struct iova *iova_first_reaching(struct iova_domain *iovad,
				 unsigned long pfn)
{
	struct rb_node *rb = iovad->ranges.rb_node;
	struct iova *best = &iovad->ceiling;

	while (rb) {
		struct iova *iova = node_iova(rb);

		if (iova->pfn_hi >= pfn) {
			best = iova;
			rb = rb->rb_left;
		} else {
			rb = rb->rb_right;
		}
	}
	return best;
}

struct iova *iova_node_alloc(void)
{
	return kmem_cache_alloc(iova_node_cache, GFP_ATOMIC | __GFP_NOWARN);
}

void iova_node_free(struct iova *iova)
{
	kmem_cache_free(iova_node_cache, iova);
}

/*
 * The descriptor cache of one: a range leaving the tree parks its
 * descriptor in iovad->idle_node when that is empty, and the next
 * allocation takes it from there, so a stream of allocations and frees
 * does not go through the slab allocator at all.  Both sides run under
 * iovad->lock.  Returns @iova if it must be freed after all, else NULL.
 */
static struct iova *iova_park_node(struct iova_domain *iovad,
				   struct iova *iova)
{
	if (iovad->idle_node)
		return iova;
	iovad->idle_node = iova;
	return NULL;
}

/*
 * A descriptor for a new range, iovad->lock held: the parked one, or a
 * new one allocated with the lock dropped (and taken again).
 */
static struct iova *iova_node_get(struct iova_domain *iovad,
				  unsigned long *flags)
{
	struct iova *fresh = iovad->idle_node;

	if (likely(fresh)) {
		iovad->idle_node = NULL;
		return fresh;
	}
	spin_unlock_irqrestore(&iovad->lock, *flags);
	fresh = iova_node_alloc();
	spin_lock_irqsave(&iovad->lock, *flags);
	return fresh;
}

/**
 * init_iova_domain() - set up an empty IOVA space
 * @iovad: domain to initialise
 * @granule: bytes per pfn; a power of two no larger than PAGE_SIZE
 * @start_pfn: lowest pfn that allocations may return
 *
 * Every pfn from @start_pfn up to, but excluding, ULONG_MAX starts free.
 * The per-CPU cache is off until iova_domain_init_rcaches() is called.
 *
 * Context: Any context; does not allocate.
 */
void init_iova_domain(struct iova_domain *iovad, unsigned long granule,
		      unsigned long start_pfn)
{
	struct iova *top = &iovad->ceiling;

	WARN_ON(!is_power_of_2(granule) || granule > PAGE_SIZE);

	spin_lock_init(&iovad->lock);
	iovad->ranges = RB_ROOT;
	iovad->granule = granule;
	iovad->start_pfn = start_pfn;
	iovad->front = NULL;
	iovad->front_hole = 0;
	iovad->front_key = 0;
	iovad->hint = NULL;
	iovad->hint_edge = 0;
	iovad->hint_above = 0;
	iovad->hint_longest = 0;
	iovad->mark = NULL;
	iovad->mark_above = 0;
	iovad->idle_node = NULL;
	iovad->pcache = NULL;

	top->pfn_lo = IOVA_CEILING_PFN;
	top->pfn_hi = IOVA_CEILING_PFN;
	top->hole = 0;		/* summaries leave the ceiling's hole out */
	top->hole_key = 0;
	top->max_hole = 0;
	top->max_key = 0;
	iova_set_hole(iovad, top, 0);
	rb_link_node(&top->node, NULL, &iovad->ranges.rb_node);
	rb_insert_augmented(&top->node, &iovad->ranges, &iova_aug);
}
EXPORT_SYMBOL_GPL(init_iova_domain);

/*
 * The placement hint.  While iovad->hint is set, every hole of a range
 * above it, clipped to hint_edge, has a key of at most hint_above and a
 * length of at most hint_longest.  A request under the same edge that
 * beats the bound of its kind (the key for a size-aligned request, the
 * length for another) fits none of those holes, so if the hint's own hole
 * (wholly under the edge) takes it, that hole holds the highest fit: the
 * placement the tree search would find, in O(1).
 *
 * New ranges only shrink holes, and neither a key nor a length grows when
 * a hole shrinks, so linking keeps the hint valid; iova_unlink() moves it
 * up past a freed range.  After each placement the hint becomes the new
 * range: the holes above it are those above the old host, bounded either
 * by the old bounds or, after a search, by what the search ruled out
 * (nothing higher fitted the request), plus what is left of the host's
 * hole.  A search rules out keys from the request's key down or lengths
 * from its size down; the other bound follows from that one.
 */

/*
 * When the hint's own hole does not take a request, the search may still
 * start from the hint and climb (iova_fit_from()), which pays for requests
 * above the per-CPU cache: they come in streams placed one below the
 * other, so the fit is close.  Smaller requests reach the tree scattered
 * (cache misses, alloc_iova() in a fragmented space), and one descent
 * from the root costs them less than a climb.
 */
#define IOVA_HINT_CLIMB		BIT(IOVA_PCACHE_CLASSES - 1)

/* The largest key of any hole of at most @len pfns. */
static u64 iova_key_bound(unsigned long len)
{
	if (!len)
		return 0;
	return (u64)(__fls(len) + 1) << IOVA_KEY_SHIFT |
	       min_t(u64, len, IOVA_KEY_ROOM_MAX);
}

/*
 * The longest hole whose key is at most @key.  A hole of blk b holds no
 * aligned block of 2^b pfns, and every run of 2^(b+1) - 1 pfns holds one.
 */
static unsigned long iova_len_bound(u64 key)
{
	unsigned int blk = key >> IOVA_KEY_SHIFT;

	if (blk >= BITS_PER_LONG - 1)
		return ULONG_MAX;
	return (2UL << blk) - 2;
}

/*
 * The mark.  The hint's bounds only grow as it moves down a hole, taking
 * in the gaps that alignment leaves above each new range, and a request
 * within them searches from the root although the gaps it may fit are
 * the recent ones, deep in the tree.  So the domain also keeps where the
 * hint was last placed by a search, iovad->mark, with the key bound it had
 * then, mark_above: every hole of a range above the mark, clipped to
 * hint_edge, has a key of at most mark_above.  Linking keeps that true, a
 * free moves the mark up as it does the hint, and the mark goes with the
 * hint's edge.  A size-aligned request under that edge with a key above
 * mark_above fits nothing above the mark, so the highest fit is at or
 * below it: the search climbs from the mark (iova_fit_from()), which
 * finds the gaps just below it without a descent from the root.
 */
static __always_inline struct iova *iova_mark_for(struct iova_domain *iovad,
						  const struct iova_ask *ask)
{
	if (ask->key && ask->edge == iovad->hint_edge &&
	    ask->key > iovad->mark_above)
		return iovad->mark;
	return NULL;
}

/* The hint, if a search for @ask may start from it; else NULL. */
static __always_inline struct iova *iova_hint_for(struct iova_domain *iovad,
						  const struct iova_ask *ask)
{
	if (ask->edge != iovad->hint_edge)
		return NULL;
	if (ask->key ? ask->key > iovad->hint_above :
		       ask->size > iovad->hint_longest)
		return iovad->hint;
	return NULL;
}

/*
 * @fresh went into the hole of @host for @ask.  @in_hint says that @host
 * is the hint that served @ask, whose bounds still hold above it.
 */
static __always_inline void iova_set_hint(struct iova_domain *iovad,
					  const struct iova_ask *ask,
					  struct iova *host, struct iova *fresh,
					  bool in_hint)
{
	unsigned long longest, left;
	u64 above, key;

	/*
	 * A search that placed @fresh above the hint, under the same edge,
	 * only shrank a hole the bounds already cover: the hint stays, so
	 * that the stream it serves does not search again.
	 */
	if (!in_hint && iovad->hint && ask->edge == iovad->hint_edge &&
	    host->pfn_lo > iovad->hint->pfn_lo)
		return;
	if (in_hint) {
		above = iovad->hint_above;
		longest = iovad->hint_longest;
	} else if (ask->key) {
		above = ask->key - 1;
		longest = iova_len_bound(above);
	} else {
		longest = ask->size - 1;
		above = iova_key_bound(longest);
	}
	/* What is left of the host's hole, which lies under the edge. */
	if (likely(host->pfn_lo <= ask->edge && host != iovad->front &&
		   host != &iovad->ceiling)) {
		left = host->hole;
		key = host->hole_key;
	} else {
		left = iova_hole_under(iovad, host, ask->edge, &key);
	}
	iovad->hint = fresh;
	iovad->hint_edge = ask->edge;
	iovad->hint_above = max(above, key);
	iovad->hint_longest = max(longest, left);
	if (!in_hint) {
		iovad->mark = fresh;
		iovad->mark_above = iovad->hint_above;
	}
}

/* The body of alloc_iova(), inlined into the fast path's tree fallback. */
static __always_inline struct iova *
iova_alloc_range(struct iova_domain *iovad, unsigned long size,
		 unsigned long limit_pfn, bool size_aligned)
{
	struct iova *fresh, *host, *hint, *mark;
	struct iova_ask ask;
	unsigned long flags, top;

	if (!iova_ask_init(&ask, size, limit_pfn, size_aligned))
		return NULL;

	/*
	 * With no spare descriptor in sight, allocate before taking the lock
	 * rather than drop it for that.  A stale look costs at worst one drop
	 * of the lock, or leaves the spare parked for the next allocation.
	 */
	fresh = NULL;
	if (!READ_ONCE(iovad->idle_node)) {
		fresh = iova_node_alloc();
		if (!fresh)
			return NULL;
	}
	spin_lock_irqsave(&iovad->lock, flags);
	if (!fresh)
		fresh = iova_node_get(iovad, &flags);
	if (!fresh) {
		spin_unlock_irqrestore(&iovad->lock, flags);
		return NULL;
	}
	hint = iova_hint_for(iovad, &ask);
	mark = hint ? NULL : iova_mark_for(iovad, &ask);
	if (hint && iova_own_fits(&ask, hint) &&
	    iova_front_fits(iovad, &ask, hint)) {
		host = hint;
		top = hint->pfn_lo;
	} else if (hint && ask.size > IOVA_HINT_CLIMB) {
		host = iova_fit_from(iovad, &ask, &hint->node);
		top = host ? host->pfn_lo : 0;
	} else if (mark) {
		host = iova_fit_from(iovad, &ask, &mark->node);
		top = host ? host->pfn_lo : 0;
	} else {
		host = iova_pick_hole(iovad, &ask, &top);
	}
	/* A bound that promised more than the front's hole holds ends now. */
	if (host != iovad->front && iovad->front &&
	    iova_own_fits(&ask, iovad->front) &&
	    !iova_front_fits(iovad, &ask, iovad->front))
		iova_retire_front(iovad);
	if (host) {
		fresh->pfn_lo = (top - ask.size) & ~ask.align_mask;
		fresh->pfn_hi = fresh->pfn_lo + ask.size - 1;
		iova_link_below(iovad, host, fresh);
		iova_set_hint(iovad, &ask, host, fresh, host == hint);
	} else {
		fresh = iova_park_node(iovad, fresh);
	}
	spin_unlock_irqrestore(&iovad->lock, flags);

	if (!host) {
		if (fresh)
			iova_node_free(fresh);
		return NULL;
	}
	return fresh;
}

/**
 * alloc_iova() - allocate a range from the tree
 * @iovad: domain to allocate from
 * @size: number of pfns
 * @limit_pfn: highest pfn the range may cover
 * @size_aligned: align pfn_lo to roundup_pow_of_two(@size)
 *
 * Returns the highest free range between the domain's start_pfn and
 * @limit_pfn (with @size_aligned, the highest whose start is a multiple of
 * roundup_pow_of_two(@size)).  The placement is exact: if any such range
 * is free, one is returned.  The search costs O(log n) in the number of
 * live ranges, whatever the fragmentation.
 *
 * Context: Any context; takes the domain lock with interrupts disabled.
 * The caller must hold a reference from iova_cache_get().
 * Return: the new range, or NULL when no hole fits, @size is zero, or no
 * memory is available for the range's descriptor.  Nothing changes on
 * failure.
 */
struct iova *alloc_iova(struct iova_domain *iovad, unsigned long size,
			unsigned long limit_pfn, bool size_aligned)
{
	return iova_alloc_range(iovad, size, limit_pfn, size_aligned);
}
EXPORT_SYMBOL_GPL(alloc_iova);

/**
 * find_iova() - look up the range holding a pfn
 * @iovad: domain to search
 * @pfn: any pfn of the wanted range
 *
 * Context: Any context; takes the domain lock with interrupts disabled.
 * Return: the live (allocated or reserved) range holding @pfn, or NULL.
 * The result stays valid only while its owner keeps it allocated.
 */
struct iova *find_iova(struct iova_domain *iovad, unsigned long pfn)
{
	unsigned long flags;
	struct iova *iova;

	spin_lock_irqsave(&iovad->lock, flags);
	iova = iova_lookup(iovad, pfn);
	spin_unlock_irqrestore(&iovad->lock, flags);
	return iova;
}
EXPORT_SYMBOL_GPL(find_iova);

/**
 * __free_iova() - release a range by its descriptor
 * @iovad: domain the range belongs to
 * @iova: range returned by alloc_iova(), reserve_iova() or find_iova()
 *
 * A NULL @iova is ignored.  A descriptor that is not a live range of
 * @iovad is reported once and left alone.
 *
 * Context: Any context; takes the domain lock with interrupts disabled.
 */
void __free_iova(struct iova_domain *iovad, struct iova *iova)
{
	unsigned long flags;
	bool live;

	if (!iova)
		return;

	spin_lock_irqsave(&iovad->lock, flags);
	live = iova_lookup(iovad, iova->pfn_lo) == iova;
	if (live) {
		iova_unlink(iovad, iova);
		iova = iova_park_node(iovad, iova);
	}
	spin_unlock_irqrestore(&iovad->lock, flags);

	if (!live)
		iova_warn_stray(iova->pfn_lo);
	else if (iova)
		iova_node_free(iova);
}
EXPORT_SYMBOL_GPL(__free_iova);

/* The body of free_iova(), inlined into free_iova_fast() too. */
static __always_inline void iova_free_pfn(struct iova_domain *iovad,
					  unsigned long pfn)
{
	struct iova *iova, *unused = NULL;
	unsigned long flags;

	spin_lock_irqsave(&iovad->lock, flags);
	iova = iova_lookup(iovad, pfn);
	if (iova) {
		iova_unlink(iovad, iova);
		unused = iova_park_node(iovad, iova);
	}
	spin_unlock_irqrestore(&iovad->lock, flags);

	if (!iova)
		iova_warn_stray(pfn);
	else if (unused)
		iova_node_free(unused);
}

/**
 * free_iova() - release the range holding a pfn
 * @iovad: domain the range belongs to
 * @pfn: any pfn of the range, normally its pfn_lo
 *
 * A pfn outside every live range is reported once and nothing changes.
 *
 * Context: Any context; takes the domain lock with interrupts disabled.
 */
void free_iova(struct iova_domain *iovad, unsigned long pfn)
{
	iova_free_pfn(iovad, pfn);
}
EXPORT_SYMBOL_GPL(free_iova);

/*
 * Give @n ranges of the per-CPU cache back to the tree; returns how many
 * were live.  Context: the caller holds no tree lock.
 */
unsigned long iova_release_pfns(struct iova_domain *iovad,
				const unsigned long *pfns, unsigned int n)
{
	unsigned long flags, done = 0;
	struct iova *iova;
	unsigned int i;

	if (!n)
		return 0;

	spin_lock_irqsave(&iovad->lock, flags);
	for (i = 0; i < n; i++) {
		iova = iova_lookup(iovad, pfns[i]);
		if (!iova || iova->pfn_lo != pfns[i]) {
			iova_warn_stray(pfns[i]);
			continue;
		}
		iova_unlink(iovad, iova);
		iova = iova_park_node(iovad, iova);
		if (iova)
			iova_node_free(iova);
		done++;
	}
	spin_unlock_irqrestore(&iovad->lock, flags);
	return done;
}

/**
 * iova_domain_check() - verify every invariant of a domain's tree
 * @iovad: domain to check
 *
 * Ranges must be ordered and disjoint and end with the ceiling, every hole
 * and key must match the neighbours (the ceiling's node counts 0 and the
 * front's a bound of its hole, both kept by the domain), and every
 * subtree summary must match its children.  A placement hint must be a
 * live range under its edge with no hole above it keyed or sized beyond its
 * bounds.
 * Costs O(n); meant for tests.
 *
 * Context: Any context; takes the domain lock with interrupts disabled.
 * Return: 0 if the tree is consistent, -EINVAL otherwise.
 */
VISIBLE_IF_KUNIT __maybe_unused int iova_domain_check(struct iova_domain *iovad)
{
	struct iova *iova, *prev = NULL, probe;
	bool past_hint = false, past_mark = false, seen_front = false;
	unsigned long flags, floor;
	struct rb_node *rb;
	int err = 0;

	spin_lock_irqsave(&iovad->lock, flags);
	for (rb = rb_first(&iovad->ranges); rb && !err; rb = rb_next(rb)) {
		iova = node_iova(rb);
		if (past_hint) {
			unsigned long len;
			u64 key;

			len = iova_hole_under(iovad, iova, iovad->hint_edge, &key);
			if (key > iovad->hint_above || len > iovad->hint_longest)
				err = -EINVAL;
		}
		if (past_mark) {
			u64 key;

			iova_hole_under(iovad, iova, iovad->hint_edge, &key);
			if (key > iovad->mark_above)
				err = -EINVAL;
		}
		if (iova == iovad->hint)
			past_hint = iova->pfn_lo <= iovad->hint_edge;
		if (iova == iovad->mark)
			past_mark = iova->pfn_lo <= iovad->hint_edge;
		probe = *iova;
		floor = prev ? prev->pfn_hi + 1 : 0;
		iova_set_range_hole(iovad, &probe, floor);
		if (iova == &iovad->ceiling &&
		    iovad->top_free != max(floor, iovad->start_pfn))
			err = -EINVAL;
		if (iova == iovad->front) {
			/* A bound of the true hole, which the domain keeps. */
			seen_front = true;
			if (iova == &iovad->ceiling ||
			    probe.hole != iovad->front_hole ||
			    probe.hole_key != iovad->front_key ||
			    iova->hole < probe.hole ||
			    iova->hole_key < probe.hole_key)
				err = -EINVAL;
			probe.hole = iova->hole;
			probe.hole_key = iova->hole_key;
		}
		if (iova == &iovad->ceiling) {
			probe.hole = 0;
			probe.hole_key = 0;
		}
		if (iova->pfn_lo > iova->pfn_hi ||
		    (prev && prev->pfn_hi >= iova->pfn_lo) ||
		    probe.hole != iova->hole ||
		    probe.hole_key != iova->hole_key ||
		    !iova_summarise(&probe))
			err = -EINVAL;
		prev = iova;
	}
	if (prev != &iovad->ceiling || (iovad->hint && !past_hint) ||
	    (iovad->mark && !past_mark) ||
	    (iovad->front && !seen_front))
		err = -EINVAL;
	spin_unlock_irqrestore(&iovad->lock, flags);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(iova_domain_check);

MODULE_DESCRIPTION("IOMMU I/O virtual address space allocator");
MODULE_LICENSE("GPL");
