// SPDX-License-Identifier: GPL-2.0-only
/*
 * IOVA space allocator: the per-CPU range cache.
 *
 * In front of the tree of iova-tree.c, a bounded cache recycles recently
 * freed ranges of the common sizes without touching the tree at all.
 *
 * File map:
 *   constants and structures  magazines, bins, depots and their bounds
 *   magazines and bins         pop, refill from the depot, spill to it
 *   take and put               the fast path of one class on one CPU
 *   draining                   CPU bins and depots back to the tree;
 *                              shrinker and CPU hotplug
 *   entry points               iova_domain_init_rcaches(),
 *                              alloc_iova_fast(), free_iova_fast(),
 *                              iova_rcache_range()
 *   teardown                   iova_pcache_destroy(), for put_iova_domain()
 */

#include "iova_internal.h"

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
 * Full magazines one class keeps in the depot of a domain for as long as
 * it likes.  The depot of a class is one array of IOVA_DEPOT_PFNS pfns
 * (allocated on its first spill), so the classes whose magazines hold few
 * ranges may park more magazines than that, up to the array's size and
 * at most IOVA_DEPOT_SPAN pfns of IOVA space: a lazy flush queue returns
 * hundreds of large ranges at once, which the next mappings want back.
 * What lies above IOVA_DEPOT_MAGS magazines is trimmed by a delayed work,
 * half of it every IOVA_DEPOT_TRIM_MS, and given back at once by a flush
 * or the shrinker.  Beyond the array, a spilling CPU hands its ranges
 * back to the tree.
 */
#define IOVA_DEPOT_MAGS		8
#define IOVA_DEPOT_PFNS		(IOVA_DEPOT_MAGS * IOVA_MAG_PFNS)
#define IOVA_DEPOT_SPAN		BIT(19)
#define IOVA_DEPOT_TRIM_MS	100

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
} __aligned(32);	/* a power of two: a bin is found with a shift */

/* The bins sit together so that the fast path touches few cache lines. */
struct iova_cpu_bins {
	struct iova_bin	bin[IOVA_PCACHE_CLASSES];
	struct iova_mag	mag[IOVA_PCACHE_CLASSES][2];
};

/*
 * One class shared by all CPUs: full magazines only, magazine i at
 * pfns[i * cap].
 */
struct iova_depot {
	spinlock_t	lock;	/* covers nr_full and pfns */
	unsigned int	nr_full;
	unsigned int	cap;	/* pfns in each parked magazine */
	unsigned int	max_full;	/* magazines the array may hold */
	unsigned long	*pfns;	/* IOVA_DEPOT_PFNS, allocated on first spill */
};

struct iova_pcache {
	struct iova_depot	depot[IOVA_PCACHE_CLASSES];
	struct shrinker		*shrinker;
	struct iova_domain	*iovad;
	struct delayed_work	trim;	/* depots down to IOVA_DEPOT_MAGS */
};

/* Parked magazine @i of @depot: its pfns in the depot's one array. */
static unsigned long *iova_depot_mag(struct iova_depot *depot, unsigned int i)
{
	return &depot->pfns[i * depot->cap];
}

/* Give @depot's last parked magazine back to the tree; its lock held. */
static unsigned long iova_depot_release_last(struct iova_domain *iovad,
					     struct iova_depot *depot)
{
	depot->nr_full--;
	return iova_release_pfns(iovad, iova_depot_mag(depot, depot->nr_full),
				 depot->cap);
}

/* Magazines class @cls may park: IOVA_DEPOT_PFNS and IOVA_DEPOT_SPAN. */
static unsigned int iova_depot_max(unsigned int cls)
{
	return min_t(unsigned long, IOVA_DEPOT_PFNS,
		     IOVA_DEPOT_SPAN >> cls) / iova_mag_cap(cls);
}

/* ---- Per-CPU range cache ---------------------------------------------- */

/*
 * Locking: a bin's lock covers its two magazines, a depot's lock its parked
 * magazines.  They nest bin -> depot -> iovad->lock and are all taken with
 * interrupts disabled.  Cached ranges stay live in the tree throughout, so
 * the tree never sees them as free; they return to it only when a cache
 * overflows or is drained.
 */

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

	/*
	 * An empty depot is common for the large classes, whose few cached
	 * ranges run out under batches of allocations: skip its lock then.  A
	 * stale count only sends one allocation to the tree, or into the
	 * locked check below.
	 */
	if (!READ_ONCE(depot->nr_full))
		return false;
	spin_lock(&depot->lock);
	if (depot->nr_full) {
		depot->nr_full--;
		memcpy(mag->pfns, iova_depot_mag(depot, depot->nr_full),
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
	bool parked = false, trim = false;

	/* Likewise a full depot, under batches of frees. */
	if (READ_ONCE(depot->nr_full) >= depot->max_full)
		goto release;
	spin_lock(&depot->lock);
	if (!depot->pfns)
		depot->pfns = kmalloc_array(IOVA_DEPOT_PFNS,
					    sizeof(depot->pfns[0]),
					    GFP_ATOMIC | __GFP_NOWARN);
	if (depot->pfns && depot->nr_full < depot->max_full) {
		memcpy(iova_depot_mag(depot, depot->nr_full), mag->pfns,
		       depot->cap * sizeof(mag->pfns[0]));
		trim = ++depot->nr_full == IOVA_DEPOT_MAGS + 1;
		parked = true;
	}
	spin_unlock(&depot->lock);
	if (parked) {
		/* The first magazine above the lasting bound starts a trim. */
		if (trim)
			schedule_delayed_work(&iovad->pcache->trim,
					      msecs_to_jiffies(IOVA_DEPOT_TRIM_MS));
		mag->fill = 0;
		return;
	}
release:
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
		while (depot->nr_full && done < budget)
			done += iova_depot_release_last(iovad, depot);
		spin_unlock_irqrestore(&depot->lock, flags);
	}
	return done;
}

/**
 * iova_pcache_trim() - give back half of what the depots hold above the bound
 * @iovad: domain with caches
 *
 * Each class keeps IOVA_DEPOT_MAGS magazines; of those above, half (rounded
 * up) go back to the tree.  The delayed work runs this every
 * IOVA_DEPOT_TRIM_MS until no depot holds more than the bound.
 *
 * Context: Process context; takes depot and domain locks.
 * Return: true if some depot still holds more than IOVA_DEPOT_MAGS.
 */
VISIBLE_IF_KUNIT bool iova_pcache_trim(struct iova_domain *iovad)
{
	unsigned int cls, n;
	unsigned long flags;
	bool more = false;

	for (cls = 0; cls < IOVA_PCACHE_CLASSES; cls++) {
		struct iova_depot *depot = &iovad->pcache->depot[cls];

		n = READ_ONCE(depot->nr_full);
		if (n <= IOVA_DEPOT_MAGS)
			continue;
		/* A magazine at a time, to keep interrupts off briefly. */
		for (n = DIV_ROUND_UP(n - IOVA_DEPOT_MAGS, 2); n; n--) {
			spin_lock_irqsave(&depot->lock, flags);
			if (depot->nr_full <= IOVA_DEPOT_MAGS) {
				spin_unlock_irqrestore(&depot->lock, flags);
				break;
			}
			iova_depot_release_last(iovad, depot);
			spin_unlock_irqrestore(&depot->lock, flags);
		}
		more |= READ_ONCE(depot->nr_full) > IOVA_DEPOT_MAGS;
	}
	return more;
}
EXPORT_SYMBOL_IF_KUNIT(iova_pcache_trim);

static void iova_pcache_trim_work(struct work_struct *work)
{
	struct iova_pcache *pc = container_of(to_delayed_work(work),
					      struct iova_pcache, trim);

	if (iova_pcache_trim(pc->iovad))
		schedule_delayed_work(&pc->trim,
				      msecs_to_jiffies(IOVA_DEPOT_TRIM_MS));
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
unsigned long iova_pcache_shrink(struct iova_domain *iovad,
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

/* The CPU hotplug callback that iova_cache_get() installs. */
int iova_pcache_cpu_dead(unsigned int cpu, struct hlist_node *node)
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
 * depot 3576 more (16384 pfns of each class) for good; for a while after a
 * batch of frees, the depot of a class may hold up to 512 ranges and 2^19
 * pfns, trimmed back by a delayed work.  The cache gives ranges back to the
 * tree under memory pressure (through a shrinker), when alloc_iova_fast()
 * would otherwise fail, and when a CPU goes offline.
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
		pc->depot[cls].max_full = iova_depot_max(cls);
	}
	pc->iovad = iovad;
	INIT_DELAYED_WORK(&pc->trim, iova_pcache_trim_work);

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
		iova = alloc_iova(iovad, size, limit_pfn, true);
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

	/*
	 * One test for 1 <= size <= the largest class: 0 wraps around.  The
	 * class, order_base_2(size), is fls_long(size - 1) for these sizes.
	 */
	if (likely(size - 1 < BIT(IOVA_PCACHE_CLASSES - 1) && iovad->cpu_bins)) {
		pfn = iova_pcache_take(iovad, fls_long(size - 1), limit_pfn);
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
		iova_pcache_put(iovad, fls_long(size - 1), pfn);
	else
		free_iova(iovad, pfn);
}
EXPORT_SYMBOL_GPL(free_iova_fast);

/* Free the cache of a domain that has one; for put_iova_domain(). */
void iova_pcache_destroy(struct iova_domain *iovad)
{
	struct iova_pcache *pc = iovad->pcache;
	unsigned int cls;

	shrinker_free(pc->shrinker);
	cpuhp_state_remove_instance_nocalls(CPUHP_IOMMU_IOVA_DEAD,
					    &iovad->cpuhp_dead);
	cancel_delayed_work_sync(&pc->trim);
	free_percpu(iovad->cpu_bins);
	iovad->cpu_bins = NULL;
	iovad->pcache = NULL;
	for (cls = 0; cls < IOVA_PCACHE_CLASSES; cls++)
		kfree(pc->depot[cls].pfns);
	kfree(pc);
}
