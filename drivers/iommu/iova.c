// SPDX-License-Identifier: GPL-2.0-only
/*
 * IOVA space allocator.
 *
 * Live ranges sit in a red-black tree ordered by address.  Each node also
 * describes the free run ("hole") just below it and summarises the holes of
 * its subtree, so a top-down search under any limit is a single walk of
 * the tree's height whatever the fragmentation.  In front of the tree, a
 * bounded per-CPU cache recycles recently freed ranges of the common sizes
 * without touching the tree at all.
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

/* The ceiling range occupies the last pfn; allocation never reaches it. */
#define IOVA_CEILING_PFN	ULONG_MAX

/*
 * Requests of up to 2^(IOVA_PCACHE_CLASSES - 1) pfns go through the per-CPU
 * cache and are rounded up to a power of two, so any cached range of a
 * class serves any request of that class.  2048 pfns (8MiB with 4KiB
 * pages) covers what block and network drivers map at once and the video
 * frames and GPU buffers of the common sizes; it is also the span of one
 * magazine (IOVA_MAG_SPAN), so the largest class holds one range per
 * magazine.
 */
#define IOVA_PCACHE_CLASSES	12

/*
 * A magazine is a stack of cached pfns.  Each CPU keeps two per class, so
 * it reaches the shared depot at most once per magazine's worth of
 * operations of a class, and moving a magazine copies at most 512 bytes.
 */
#define IOVA_MAG_PFNS		64
static_assert(IOVA_MAG_PFNS * sizeof(unsigned long) <= 512);

/*
 * A full magazine covers at most IOVA_MAG_SPAN pfns of IOVA space, so the
 * big classes hold fewer ranges: 64 up to 32 pfns each, then 32, 16, 8,
 * 4, 2 and 1 ranges of 64, 128, 256, 512, 1024 and 2048 pfns.
 */
#define IOVA_MAG_SPAN		2048
static_assert(IOVA_MAG_SPAN >> (IOVA_PCACHE_CLASSES - 1) >= 1);

static unsigned int iova_mag_cap(unsigned int cls)
{
	return min_t(unsigned int, IOVA_MAG_PFNS, IOVA_MAG_SPAN >> cls);
}

/*
 * Full magazines one class may park in the depot of a domain.  Beyond
 * that, a spilling CPU hands its ranges back to the tree.  A domain's
 * cache so holds at most sum(cap(c)) * (2 * nr_cpu_ids + IOVA_DEPOT_MAGS)
 * ranges: 447 per unit, 894 per CPU plus 3576 in the depots.
 */
#define IOVA_DEPOT_MAGS		8

struct iova_mag {
	unsigned int	fill;
	unsigned int	cap;	/* iova_mag_cap() of its class: fill when full */
	unsigned long	pfns[IOVA_MAG_PFNS];
};

/*
 * One class on one CPU.  @cur serves every request; when it runs empty
 * (or full) it trades places with @spare before the depot is involved.
 * Both point into the same CPU's iova_cpu_bins.mag[class].
 */
struct iova_bin {
	spinlock_t	lock;	/* covers cur, spare and both magazines */
	unsigned int	cls;
	struct iova_mag	*cur;
	struct iova_mag	*spare;
};

/* The bins sit together so that the fast path touches few cache lines. */
struct iova_cpu_bins {
	struct iova_bin	bin[IOVA_PCACHE_CLASSES];
	struct iova_mag	mag[IOVA_PCACHE_CLASSES][2];
};

/* One class shared by all CPUs: full magazines only. */
struct iova_depot {
	spinlock_t	lock;	/* covers nr_full and mags */
	unsigned int	nr_full;
	unsigned int	cap;	/* pfns in each parked magazine */
	unsigned long	(*mags)[IOVA_MAG_PFNS];	/* allocated on first spill */
};

struct iova_pcache {
	struct iova_depot	depot[IOVA_PCACHE_CLASSES];
	struct shrinker		*shrinker;
};

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

static struct kmem_cache *iova_node_cache;
static unsigned int iova_node_cache_users;
static DEFINE_MUTEX(iova_node_cache_mutex);

static void iova_warn_stray(unsigned long pfn)
{
	pr_warn_once("iova: release of unallocated pfn %#lx ignored\n", pfn);
}

/* ---- Tree summaries --------------------------------------------------- */

static inline struct iova *node_iova(struct rb_node *rb)
{
	return rb_entry(rb, struct iova, node);
}

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
static void iova_link_below(struct iova_domain *iovad, struct iova *host,
			    struct iova *fresh)
{
	struct rb_node **link = &host->node.rb_left, *parent = &host->node;
	unsigned long hole, bound, was_hole = host->hole;
	u64 key, bound_key, was_key = host->hole_key;

	hole = iova_hole_of(iovad, iova_hole_lo(iovad, host), fresh->pfn_lo,
			    &key);
	bound = hole;
	bound_key = key;
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
	iova_set_range_hole(iovad, host, fresh->pfn_hi + 1);
	iova_shrunk(host, was_hole, was_key);
insert:
	rb_insert_augmented(&fresh->node, &iovad->ranges, &iova_aug);
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
static struct iova *iova_first_reaching(struct iova_domain *iovad,
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

static struct iova *iova_node_alloc(void)
{
	return kmem_cache_alloc(iova_node_cache, GFP_ATOMIC | __GFP_NOWARN);
}

static void iova_node_free(struct iova *iova)
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
	left = iova_hole_under(iovad, host, ask->edge, &key);
	iovad->hint = fresh;
	iovad->hint_edge = ask->edge;
	iovad->hint_above = max(above, key);
	iovad->hint_longest = max(longest, left);
}

/* The body of alloc_iova(), inlined into the fast path's tree fallback. */
static __always_inline struct iova *
iova_alloc_range(struct iova_domain *iovad, unsigned long size,
		 unsigned long limit_pfn, bool size_aligned)
{
	struct iova *fresh, *host, *hint;
	struct iova_ask ask;
	unsigned long flags, top;

	if (!iova_ask_init(&ask, size, limit_pfn, size_aligned))
		return NULL;

	spin_lock_irqsave(&iovad->lock, flags);
	fresh = iova_node_get(iovad, &flags);
	if (!fresh) {
		spin_unlock_irqrestore(&iovad->lock, flags);
		return NULL;
	}
	hint = iova_hint_for(iovad, &ask);
	if (hint && iova_own_fits(&ask, hint) &&
	    iova_front_fits(iovad, &ask, hint)) {
		host = hint;
		top = hint->pfn_lo;
	} else if (hint && ask.size > IOVA_HINT_CLIMB) {
		host = iova_fit_from(iovad, &ask, &hint->node);
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
	iova_link_below(rc->iovad, above, piece);
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

/* ---- Per-CPU range cache ---------------------------------------------- */

/*
 * Locking: a bin's lock covers its two magazines, a depot's lock its parked
 * magazines.  They nest bin -> depot -> iovad->lock and are all taken with
 * interrupts disabled.  Cached ranges stay live in the tree throughout, so
 * the tree never sees them as free; they return to it only when a cache
 * overflows or is drained.
 */

/* Give @n cached ranges back to the tree; returns how many were live. */
static unsigned long iova_release_pfns(struct iova_domain *iovad,
				       const unsigned long *pfns,
				       unsigned int n)
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
		iova_node_free(iova);
		done++;
	}
	spin_unlock_irqrestore(&iovad->lock, flags);
	return done;
}

/*
 * Pop the most recently cached range of a non-empty magazine whose last
 * pfn (pfn + @last) is at most @limit_pfn, or return 0.  The top entry
 * almost always fits; a deeper one is swapped out with the top.  No sum
 * overflows: every cached range lies below the ceiling.
 */
static unsigned long iova_mag_pop(struct iova_mag *mag, unsigned long last,
				  unsigned long limit_pfn)
{
	unsigned int top = mag->fill - 1, i;
	unsigned long pfn = mag->pfns[top];

	if (likely(pfn + last <= limit_pfn)) {
		mag->fill = top;
		return pfn;
	}
	for (i = top; i--; ) {
		pfn = mag->pfns[i];
		if (pfn + last <= limit_pfn) {
			mag->pfns[i] = mag->pfns[top];
			mag->fill = top;
			return pfn;
		}
	}
	return 0;
}

/* Refill an empty magazine from the depot. */
static bool iova_depot_fetch(struct iova_depot *depot, struct iova_mag *mag)
{
	bool got = false;

	spin_lock(&depot->lock);
	if (depot->nr_full) {
		depot->nr_full--;
		memcpy(mag->pfns, depot->mags[depot->nr_full],
		       depot->cap * sizeof(mag->pfns[0]));
		mag->fill = depot->cap;
		got = true;
	}
	spin_unlock(&depot->lock);
	return got;
}

/*
 * Empty a full magazine: into the depot if it has room, else back to the
 * tree.  Kept out of line so that the fast path stays small.
 */
static noinline void iova_mag_spill(struct iova_domain *iovad,
				    struct iova_depot *depot,
				    struct iova_mag *mag)
{
	bool parked = false;

	spin_lock(&depot->lock);
	if (!depot->mags)
		depot->mags = kmalloc_array(IOVA_DEPOT_MAGS,
					    sizeof(depot->mags[0]),
					    GFP_ATOMIC | __GFP_NOWARN);
	if (depot->mags && depot->nr_full < IOVA_DEPOT_MAGS) {
		memcpy(depot->mags[depot->nr_full], mag->pfns,
		       depot->cap * sizeof(mag->pfns[0]));
		depot->nr_full++;
		parked = true;
	}
	spin_unlock(&depot->lock);

	if (!parked)
		iova_release_pfns(iovad, mag->pfns, mag->fill);
	mag->fill = 0;
}

static struct iova_bin *iova_local_bin(struct iova_cpu_bins __percpu *bins,
				       unsigned int cls)
{
	return &raw_cpu_ptr(bins)->bin[cls];
}

/*
 * @bin's current magazine is empty: swap in the spare, or refill from the
 * depot.  Returns the magazine to pop from, or NULL if the class is dry.
 */
static noinline struct iova_mag *iova_bin_restock(struct iova_domain *iovad,
						  struct iova_bin *bin)
{
	swap(bin->cur, bin->spare);
	if (bin->cur->fill ||
	    iova_depot_fetch(&iovad->pcache->depot[bin->cls], bin->cur))
		return bin->cur;
	return NULL;
}

/*
 * @bin's current magazine is full: swap in the spare, and if that is
 * full too, empty it.  Returns the magazine to push to.
 */
static noinline struct iova_mag *iova_bin_make_room(struct iova_domain *iovad,
						    struct iova_bin *bin)
{
	swap(bin->cur, bin->spare);
	if (bin->cur->fill == bin->cur->cap)
		iova_mag_spill(iovad, &iovad->pcache->depot[bin->cls],
			       bin->cur);
	return bin->cur;
}

/*
 * Take a cached range of class @cls that ends at or below @limit_pfn;
 * 0 if there is none.  (pfn 0 is never cached: alloc_iova_fast() cannot
 * return it.)
 */
static unsigned long iova_pcache_take(struct iova_domain *iovad,
				      unsigned int cls,
				      unsigned long limit_pfn)
{
	struct iova_bin *bin = iova_local_bin(iovad->cpu_bins, cls);
	unsigned long flags, pfn = 0;
	struct iova_mag *mag;

	spin_lock_irqsave(&bin->lock, flags);
	mag = bin->cur;
	if (unlikely(!mag->fill))
		mag = iova_bin_restock(iovad, bin);
	if (likely(mag))
		pfn = iova_mag_pop(mag, BIT(cls) - 1, limit_pfn);
	spin_unlock_irqrestore(&bin->lock, flags);
	return pfn;
}

/* Cache a range of class @cls; overflow goes to the depot or the tree. */
static void iova_pcache_put(struct iova_domain *iovad, unsigned int cls,
			    unsigned long pfn)
{
	struct iova_bin *bin = iova_local_bin(iovad->cpu_bins, cls);
	struct iova_mag *mag;
	unsigned long flags;

	spin_lock_irqsave(&bin->lock, flags);
	mag = bin->cur;
	if (unlikely(mag->fill == mag->cap))
		mag = iova_bin_make_room(iovad, bin);
	mag->pfns[mag->fill++] = pfn;
	spin_unlock_irqrestore(&bin->lock, flags);
}

/* Empty every bin of @cpu into the tree. */
static unsigned long iova_drain_cpu(struct iova_domain *iovad,
				    unsigned int cpu)
{
	struct iova_cpu_bins *bins = per_cpu_ptr(iovad->cpu_bins, cpu);
	unsigned long flags, done = 0;
	unsigned int cls, m;

	for (cls = 0; cls < IOVA_PCACHE_CLASSES; cls++) {
		struct iova_bin *bin = &bins->bin[cls];

		spin_lock_irqsave(&bin->lock, flags);
		for (m = 0; m < ARRAY_SIZE(bins->mag[cls]); m++) {
			struct iova_mag *mag = &bins->mag[cls][m];

			done += iova_release_pfns(iovad, mag->pfns, mag->fill);
			mag->fill = 0;
		}
		spin_unlock_irqrestore(&bin->lock, flags);
	}
	return done;
}

/* Empty depot magazines into the tree until about @budget are released. */
static unsigned long iova_drain_depots(struct iova_domain *iovad,
				       unsigned long budget)
{
	unsigned long flags, done = 0;
	unsigned int cls;

	for (cls = 0; cls < IOVA_PCACHE_CLASSES && done < budget; cls++) {
		struct iova_depot *depot = &iovad->pcache->depot[cls];

		spin_lock_irqsave(&depot->lock, flags);
		while (depot->nr_full && done < budget) {
			depot->nr_full--;
			done += iova_release_pfns(iovad,
						  depot->mags[depot->nr_full],
						  depot->cap);
		}
		spin_unlock_irqrestore(&depot->lock, flags);
	}
	return done;
}

/**
 * iova_pcache_held() - count the ranges parked in a domain's cache
 * @iovad: domain with caches
 *
 * Context: Any context.  Reads without locks, so the count is a snapshot.
 * Return: ranges held by all CPUs' bins and the depots.
 */
VISIBLE_IF_KUNIT unsigned long iova_pcache_held(struct iova_domain *iovad)
{
	struct iova_pcache *pc = iovad->pcache;
	unsigned long held = 0;
	unsigned int cpu, cls;

	if (!pc)
		return 0;
	for (cls = 0; cls < IOVA_PCACHE_CLASSES; cls++)
		held += (unsigned long)READ_ONCE(pc->depot[cls].nr_full) *
			pc->depot[cls].cap;
	for_each_possible_cpu(cpu) {
		struct iova_cpu_bins *bins = per_cpu_ptr(iovad->cpu_bins, cpu);

		for (cls = 0; cls < IOVA_PCACHE_CLASSES; cls++)
			held += READ_ONCE(bins->mag[cls][0].fill) +
				READ_ONCE(bins->mag[cls][1].fill);
	}
	return held;
}
EXPORT_SYMBOL_IF_KUNIT(iova_pcache_held);

/**
 * iova_pcache_shrink() - hand cached ranges back to the tree
 * @iovad: domain with caches
 * @budget: how many ranges to release at least, if that many are cached
 *
 * Depot magazines go first; CPU bins are drained only if the depots do not
 * cover @budget.  ULONG_MAX empties the whole cache.
 *
 * Context: Process or softirq context; takes cache and domain locks.
 * Return: number of ranges released.
 */
VISIBLE_IF_KUNIT unsigned long iova_pcache_shrink(struct iova_domain *iovad,
						  unsigned long budget)
{
	unsigned long done;
	unsigned int cpu;

	if (!iovad->pcache)
		return 0;
	done = iova_drain_depots(iovad, budget);
	for_each_possible_cpu(cpu) {
		if (done >= budget)
			break;
		done += iova_drain_cpu(iovad, cpu);
	}
	return done;
}
EXPORT_SYMBOL_IF_KUNIT(iova_pcache_shrink);

static unsigned long iova_shrink_count(struct shrinker *shrinker,
				       struct shrink_control *sc)
{
	unsigned long held = iova_pcache_held(shrinker->private_data);

	return held ? held : SHRINK_EMPTY;
}

static unsigned long iova_shrink_scan(struct shrinker *shrinker,
				      struct shrink_control *sc)
{
	return iova_pcache_shrink(shrinker->private_data, sc->nr_to_scan);
}

static int iova_cpu_dead(unsigned int cpu, struct hlist_node *node)
{
	struct iova_domain *iovad = hlist_entry(node, struct iova_domain,
						cpuhp_dead);

	iova_drain_cpu(iovad, cpu);
	return 0;
}

/**
 * iova_rcache_range() - largest size served by the per-CPU cache
 *
 * Context: Any context.
 * Return: the size in bytes, counting pfns as PAGE_SIZE; larger requests
 * always search the tree.
 */
unsigned long iova_rcache_range(void)
{
	return PAGE_SIZE << (IOVA_PCACHE_CLASSES - 1);
}
EXPORT_SYMBOL_GPL(iova_rcache_range);

/**
 * iova_domain_init_rcaches() - enable the per-CPU cache of a domain
 * @iovad: domain set up by init_iova_domain()
 *
 * The cache serves 12 size classes, 1 to 2048 pfns.  Each CPU may then hold
 * up to 894 ranges (at most 4096 pfns of each class) and the domain's
 * depot up to 3576 more (16384 pfns of each class).  The cache gives
 * ranges back to the tree under memory pressure (through a shrinker), when
 * alloc_iova_fast() would otherwise fail, and when a CPU goes offline.
 *
 * Context: Process context; sleeps.  The caller must hold a reference from
 * iova_cache_get().
 * Return: 0, or -ENOMEM (or a CPU hotplug error) with the domain left
 * without a cache.
 */
int iova_domain_init_rcaches(struct iova_domain *iovad)
{
	struct iova_cpu_bins __percpu *cpu_bins;
	struct iova_pcache *pc;
	unsigned int cpu, cls;
	int err = -ENOMEM;

	pc = kzalloc(sizeof(*pc), GFP_KERNEL);
	if (!pc)
		return -ENOMEM;

	cpu_bins = alloc_percpu(struct iova_cpu_bins);
	if (!cpu_bins)
		goto out_free_pc;
	for_each_possible_cpu(cpu) {
		struct iova_cpu_bins *bins = per_cpu_ptr(cpu_bins, cpu);

		for (cls = 0; cls < IOVA_PCACHE_CLASSES; cls++) {
			spin_lock_init(&bins->bin[cls].lock);
			bins->bin[cls].cls = cls;
			bins->mag[cls][0].cap = iova_mag_cap(cls);
			bins->mag[cls][1].cap = iova_mag_cap(cls);
			bins->bin[cls].cur = &bins->mag[cls][0];
			bins->bin[cls].spare = &bins->mag[cls][1];
		}
	}
	for (cls = 0; cls < IOVA_PCACHE_CLASSES; cls++) {
		spin_lock_init(&pc->depot[cls].lock);
		pc->depot[cls].cap = iova_mag_cap(cls);
	}

	pc->shrinker = shrinker_alloc(0, "iommu-iova");
	if (!pc->shrinker)
		goto out_free_cpus;
	pc->shrinker->count_objects = iova_shrink_count;
	pc->shrinker->scan_objects = iova_shrink_scan;
	pc->shrinker->private_data = iovad;

	iovad->pcache = pc;
	iovad->cpu_bins = cpu_bins;
	err = cpuhp_state_add_instance_nocalls(CPUHP_IOMMU_IOVA_DEAD,
					       &iovad->cpuhp_dead);
	if (err)
		goto out_free_shrinker;

	shrinker_register(pc->shrinker);
	return 0;

out_free_shrinker:
	iovad->pcache = NULL;
	iovad->cpu_bins = NULL;
	shrinker_free(pc->shrinker);
out_free_cpus:
	free_percpu(cpu_bins);
out_free_pc:
	kfree(pc);
	return err;
}
EXPORT_SYMBOL_GPL(iova_domain_init_rcaches);

/* The tree side of alloc_iova_fast(), with its one flush and retry. */
static noinline unsigned long iova_alloc_fast_slow(struct iova_domain *iovad,
						   unsigned long size,
						   unsigned long limit_pfn,
						   bool flush_rcache)
{
	struct iova *iova;

	if (size - 1 < BIT(IOVA_PCACHE_CLASSES - 1))
		size = roundup_pow_of_two(size);
	for (;;) {
		iova = iova_alloc_range(iovad, size, limit_pfn, true);
		if (iova)
			return iova->pfn_lo;
		if (!flush_rcache || !iovad->pcache)
			return 0;
		flush_rcache = false;
		if (!iova_pcache_shrink(iovad, ULONG_MAX))
			return 0;
	}
}

/**
 * alloc_iova_fast() - allocate a range, preferring the per-CPU cache
 * @iovad: domain to allocate from
 * @size: number of pfns
 * @limit_pfn: highest pfn the range may cover
 * @flush_rcache: if the tree is full, empty every cache and try once more
 *
 * Requests the cache serves (see iova_rcache_range()) are rounded up to a
 * power of two; all requests are size-aligned.  Release the result with
 * free_iova_fast() and the same @size.
 *
 * Context: Any context; takes cache and domain locks with interrupts
 * disabled.  The caller must hold a reference from iova_cache_get().
 * Return: pfn_lo of the new range, or 0 if none could be found.
 */
unsigned long alloc_iova_fast(struct iova_domain *iovad, unsigned long size,
			      unsigned long limit_pfn, bool flush_rcache)
{
	unsigned long pfn;

	/* One test for 1 <= size <= the largest class: 0 wraps around. */
	if (likely(size - 1 < BIT(IOVA_PCACHE_CLASSES - 1) && iovad->cpu_bins)) {
		pfn = iova_pcache_take(iovad, order_base_2(size), limit_pfn);
		if (pfn)
			return pfn;
	}
	return iova_alloc_fast_slow(iovad, size, limit_pfn, flush_rcache);
}
EXPORT_SYMBOL_GPL(alloc_iova_fast);

/**
 * free_iova_fast() - release a range from alloc_iova_fast()
 * @iovad: domain the range belongs to
 * @pfn: pfn_lo of the range
 * @size: the size passed to alloc_iova_fast()
 *
 * Ranges of a cached size are parked in this CPU's cache, whose overflow
 * spills to the depot or back to the tree; others return to the tree at
 * once.  A parked range is trusted to be what alloc_iova_fast() returned;
 * it is checked only when it leaves the cache.
 *
 * Context: Any context; takes cache and domain locks with interrupts
 * disabled.
 */
void free_iova_fast(struct iova_domain *iovad, unsigned long pfn,
		    unsigned long size)
{
	if (likely(size - 1 < BIT(IOVA_PCACHE_CLASSES - 1) && iovad->cpu_bins))
		iova_pcache_put(iovad, order_base_2(size), pfn);
	else
		iova_free_pfn(iovad, pfn);
}
EXPORT_SYMBOL_GPL(free_iova_fast);

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
			iova_link_below(iovad, above, fresh);
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

static void iova_pcache_destroy(struct iova_domain *iovad)
{
	struct iova_pcache *pc = iovad->pcache;
	unsigned int cls;

	shrinker_free(pc->shrinker);
	cpuhp_state_remove_instance_nocalls(CPUHP_IOMMU_IOVA_DEAD,
					    &iovad->cpuhp_dead);
	free_percpu(iovad->cpu_bins);
	iovad->cpu_bins = NULL;
	iovad->pcache = NULL;
	for (cls = 0; cls < IOVA_PCACHE_CLASSES; cls++)
		kfree(pc->depot[cls].mags);
	kfree(pc);
}

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
	if (iovad->idle_node)
		iova_node_free(iovad->idle_node);
	iovad->idle_node = NULL;
}
EXPORT_SYMBOL_GPL(put_iova_domain);

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
	bool past_hint = false, seen_front = false;
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
		if (iova == iovad->hint)
			past_hint = iova->pfn_lo <= iovad->hint_edge;
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
	    (iovad->front && !seen_front))
		err = -EINVAL;
	spin_unlock_irqrestore(&iovad->lock, flags);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(iova_domain_check);

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
					      iova_cpu_dead);
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

MODULE_DESCRIPTION("IOMMU I/O virtual address space allocator");
MODULE_LICENSE("GPL");
