/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for the kernel services an IOVA allocator uses.
 *
 * Both allocators the harness builds (ours from drivers/iommu/iova.c and
 * the base tree's) see only this: every <linux/...> header in shim/include
 * lands here, on top of the generic headers of the base tree's
 * tools/include.  Threads play CPUs: each thread says which CPU it is with
 * shim_set_cpu(), and per-CPU data is an array indexed by that number.
 */
#ifndef IOVA_KSHIM_H
#define IOVA_KSHIM_H

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

#include <linux/kconfig.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/align.h>
#include <linux/kernel.h>
#include <linux/bitops.h>
#include <linux/log2.h>
#include <linux/list.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/rbtree.h>
#include <linux/rbtree_augmented.h>
#include <asm/bug.h>

/* ---- basic types and helpers missing from tools/include ---------------- */

typedef u64 dma_addr_t;

#ifndef PAGE_SHIFT
#define PAGE_SHIFT		12
#define PAGE_SIZE		BIT(PAGE_SHIFT)
#endif

#ifndef U64_MAX
#define U64_MAX			((u64)~0ULL)
#endif
#ifndef ULLONG_MAX
#define ULLONG_MAX		(~0ULL)
#endif

static inline unsigned int shim_order_base_2(unsigned long n)
{
	return n > 1 ? fls_long(n - 1) : 0;
}

#define order_base_2(n)		shim_order_base_2(n)

/* Both allocators only ever swap pointers. */
static inline void shim_swap_ptr(void **a, void **b)
{
	void *t = *a;

	*a = *b;
	*b = t;
}

#define swap(a, b)		shim_swap_ptr((void **)&(a), (void **)&(b))

#define __percpu

/* Symbols are visible to the harness as they are to a KUnit build. */
#define EXPORT_SYMBOL_IF_KUNIT(sym)	EXPORT_SYMBOL_GPL(sym)
#define VISIBLE_IF_KUNIT
#define MODULE_AUTHOR(who)	static const char *shim_author __maybe_unused = who
#define MODULE_DESCRIPTION(what) \
	static const char *shim_description __maybe_unused = what
#define MODULE_LICENSE(lic)	static const char *shim_license __maybe_unused = lic

/* ---- diagnostics -------------------------------------------------------- */

/* Every warning the allocator prints (or would print). */
extern unsigned long shim_warnings;
extern bool shim_quiet;

void shim_report(const char *fmt, ...) __printf(1, 2);

#define pr_err(fmt, ...)	shim_report(fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	({ shim_warnings++; shim_report(fmt, ##__VA_ARGS__); })
#define pr_warn_once(fmt, ...)	pr_warn(fmt, ##__VA_ARGS__)

/* ---- locks -------------------------------------------------------------- */

/* A test-and-set lock: as cheap as the kernel's when uncontended. */
struct shim_spinlock {
	int locked;
};

#define spinlock_t		struct shim_spinlock

static inline void spin_lock_init(spinlock_t *lock)
{
	lock->locked = 0;
}

/* Contended path out of line, as the kernel's queued spinlock has it. */
void shim_spin_wait(spinlock_t *lock);

static inline void spin_lock(spinlock_t *lock)
{
	if (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		shim_spin_wait(lock);
}

static inline void spin_unlock(spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

#define spin_lock_irqsave(l, f)		do { (f) = 0; spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f)	do { (void)(f); spin_unlock(l); } while (0)
#define assert_spin_locked(l)		assert(__atomic_load_n(&(l)->locked, __ATOMIC_RELAXED))

struct mutex {
	pthread_mutex_t m;
};

#define DEFINE_MUTEX(name)	struct mutex name = { PTHREAD_MUTEX_INITIALIZER }
#define mutex_lock(x)		pthread_mutex_lock(&(x)->m)
#define mutex_unlock(x)		pthread_mutex_unlock(&(x)->m)

/* ---- CPUs and per-CPU data ---------------------------------------------- */

#define SHIM_NR_CPUS		4
extern unsigned int nr_cpu_ids;
extern __thread unsigned int shim_cpu;

/*
 * Per-CPU areas work as in the kernel: every allocation has one copy per
 * CPU at the same offset inside each CPU's unit, so this CPU's copy is
 * one addition away (the kernel reads the offset from a CPU register).
 */
#define SHIM_PERCPU_UNIT	BIT(22)
extern __thread unsigned long shim_cpu_off;

static inline void shim_set_cpu(unsigned int cpu)
{
	shim_cpu = cpu % SHIM_NR_CPUS;
	shim_cpu_off = shim_cpu * SHIM_PERCPU_UNIT;
}

static inline unsigned int *shim_cpu_first(unsigned int *cpu)
{
	*cpu = 0;
	return cpu;
}

static inline unsigned int *shim_cpu_next(unsigned int *cpu)
{
	return ++*cpu < SHIM_NR_CPUS ? cpu : NULL;
}

#define for_each_possible_cpu(cpu) \
	for (unsigned int *__pc = shim_cpu_first(&(cpu)); __pc; \
	     __pc = shim_cpu_next(__pc))
#define for_each_online_cpu(cpu)	for_each_possible_cpu(cpu)
#define num_online_cpus()		SHIM_NR_CPUS
#define cache_line_size()		64

void *shim_alloc(size_t size, bool zero);
void shim_free(const void *p);
void *shim_alloc_percpu(size_t size);
void shim_free_percpu(const void *p);

static inline void *__alloc_percpu(size_t size, size_t align)
{
	return shim_alloc_percpu(size);
}

#define alloc_percpu(type)	shim_alloc_percpu(sizeof(type))
#define free_percpu(p)		shim_free_percpu(p)
#define per_cpu_ptr(p, cpu) \
	((typeof(p))((char *)(p) + (unsigned long)(cpu) * SHIM_PERCPU_UNIT))
#define raw_cpu_ptr(p)		((typeof(p))((char *)(p) + shim_cpu_off))
#define this_cpu_ptr(p)		raw_cpu_ptr(p)

/* ---- memory ------------------------------------------------------------- */

/* tools/include's gfp_t names GFP_KERNEL and GFP_ATOMIC; flags are ignored. */
#define __GFP_NOWARN		0
#define SLAB_HWCACHE_ALIGN	0x1u

struct kmem_cache {
	const char	*name;
	size_t		size;
	bool		zero;
	void		*free_list;	/* SHIM_SLAB_FREELIST only */
};

/*
 * Allocation failures on demand: the next shim_fail_after allocations
 * succeed and the one after fails (negative: never fail).
 */
extern long shim_fail_after;
/* Live allocations, for leak checks at the end of a test. */
extern long shim_live_allocs;

struct kmem_cache *shim_cache_create(const char *name, size_t size);
void kmem_cache_destroy(struct kmem_cache *cache);

static inline struct kmem_cache *
kmem_cache_create(const char *name, unsigned int size, unsigned int align,
		  unsigned int flags, void (*ctor)(void *))
{
	return shim_cache_create(name, size);
}

#define KMEM_CACHE(s, flags) \
	kmem_cache_create(#s, sizeof(struct s), 0, flags, NULL)

#ifdef SHIM_SLAB_FREELIST
/*
 * The benchmark's slab: a single-threaded LIFO list of freed objects,
 * linked through their first word, in front of malloc.  Its fast paths
 * are a load and a store each, cheaper than SLUB's per-CPU freelist
 * (which adds a transaction id, a cmpxchg and hooks), so wherever a
 * benchmark allocates descriptors the error favours whoever allocates
 * more.  Tests keep plain malloc so that ASan sees every object.
 */
static inline void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	void *p = c->free_list;

	if (p) {
		c->free_list = *(void **)p;
		return p;
	}
	return shim_alloc(c->size, false);
}

static inline void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t gfp)
{
	void *p = kmem_cache_alloc(c, gfp);

	if (p)
		memset(p, 0, c->size);
	return p;
}

static inline void kmem_cache_free(struct kmem_cache *c, void *p)
{
	if (p) {
		*(void **)p = c->free_list;
		c->free_list = p;
	}
}
#else
static inline void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	return shim_alloc(c->size, false);
}

static inline void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t gfp)
{
	return shim_alloc(c->size, true);
}

static inline void kmem_cache_free(struct kmem_cache *c, void *p)
{
	shim_free(p);
}
#endif

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return shim_alloc(size, true);
}

static inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	return shim_alloc(n * size, false);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return shim_alloc(n * size, true);
}

static inline void kfree(const void *p)
{
	shim_free(p);
}

static inline void kmemleak_transient_leak(const void *p) { }

/* ---- CPU hotplug -------------------------------------------------------- */

enum cpuhp_state { CPUHP_IOMMU_IOVA_DEAD = 1 };

int cpuhp_setup_state_multi(enum cpuhp_state state, const char *name,
			    int (*startup)(unsigned int cpu,
					   struct hlist_node *node),
			    int (*teardown)(unsigned int cpu,
					    struct hlist_node *node));
int cpuhp_state_add_instance_nocalls(enum cpuhp_state state,
				     struct hlist_node *node);
int cpuhp_state_remove_instance_nocalls(enum cpuhp_state state,
					struct hlist_node *node);
void cpuhp_remove_multi_state(enum cpuhp_state state);

/* Run the registered teardown of every instance for @cpu. */
void shim_cpu_dead(unsigned int cpu);
/* Make the next cpuhp_state_add_instance_nocalls() fail. */
extern bool shim_fail_cpuhp;

/* ---- shrinkers ---------------------------------------------------------- */

struct shrink_control {
	gfp_t		gfp_mask;
	int		nid;
	unsigned long	nr_to_scan;
	unsigned long	nr_scanned;
};

#define SHRINK_STOP		(~0UL)
#define SHRINK_EMPTY		(~0UL - 1)

struct shrinker {
	unsigned long	(*count_objects)(struct shrinker *s,
					 struct shrink_control *sc);
	unsigned long	(*scan_objects)(struct shrinker *s,
					struct shrink_control *sc);
	long		batch;
	int		seeks;
	unsigned int	flags;
	void		*private_data;
	bool		registered;
};

struct shrinker *shrinker_alloc(unsigned int flags, const char *fmt, ...);
void shrinker_register(struct shrinker *s);
void shrinker_free(struct shrinker *s);

/* Ask every registered shrinker to free @nr objects; returns freed. */
unsigned long shim_shrink(unsigned long nr);
/* Sum of every registered shrinker's count (SHRINK_EMPTY counts as 0). */
unsigned long shim_shrink_count(void);

/* ---- deferred work (the base allocator trims its depot this way) -------- */

struct work_struct {
	int	pending;
};

struct delayed_work {
	struct work_struct	work;
};

/*
 * Deferred work never runs here: the base allocator's depot trimming,
 * which the kernel runs every 100ms, is left out of its measurements, and
 * so is ours (tests call iova_pcache_trim() by hand).
 */
#define INIT_DELAYED_WORK(w, fn)	do { (w)->work.pending = 0; (void)(fn); } while (0)
#define msecs_to_jiffies(ms)		(ms)
#define to_delayed_work(w)		container_of(w, struct delayed_work, work)

static inline bool schedule_delayed_work(struct delayed_work *w,
					 unsigned long delay)
{
	return true;
}

static inline bool cancel_delayed_work_sync(struct delayed_work *w)
{
	return false;
}

#endif /* IOVA_KSHIM_H */
