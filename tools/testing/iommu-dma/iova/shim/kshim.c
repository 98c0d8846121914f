// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime half of the kernel stand-ins: allocation with failure injection
 * and leak counting, CPU hotplug instances and shrinkers that tests can
 * drive by hand.
 */
#include "kshim.h"

unsigned long shim_warnings;
bool shim_quiet;
unsigned int nr_cpu_ids = SHIM_NR_CPUS;
__thread unsigned int shim_cpu;
__thread unsigned long shim_cpu_off;
long shim_fail_after = -1;
long shim_live_allocs;
bool shim_fail_cpuhp;

void shim_report(const char *fmt, ...)
{
	va_list ap;

	if (shim_quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void shim_spin_wait(spinlock_t *lock)
{
	unsigned int spins = 0;

	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		if (++spins % 64 == 0)
			sched_yield();
}

void *shim_alloc(size_t size, bool zero)
{
	void *p;

	if (shim_fail_after >= 0 && shim_fail_after-- == 0)
		return NULL;
	p = zero ? calloc(1, size) : malloc(size);
	if (p)
		__atomic_add_fetch(&shim_live_allocs, 1, __ATOMIC_RELAXED);
	return p;
}

void shim_free(const void *p)
{
	if (!p)
		return;
	__atomic_sub_fetch(&shim_live_allocs, 1, __ATOMIC_RELAXED);
	free((void *)p);
}

/* ---- per-CPU areas: a bump allocator with exact-size reuse ------------- */

#define PERCPU_MAX_FREE	256

static char *percpu_base;
static unsigned long percpu_used;
static struct {
	unsigned long off, size;
} percpu_free[PERCPU_MAX_FREE];
static unsigned int percpu_nr_free;
static pthread_mutex_t percpu_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Each block starts with a 64-byte header in CPU 0's unit that records its
 * size; the caller's pointer is just past it.
 */
void *shim_alloc_percpu(size_t size)
{
	unsigned long off = ~0UL;
	unsigned int i, cpu;

	size = ALIGN(size, 64) + 64;
	if (shim_fail_after >= 0 && shim_fail_after-- == 0)
		return NULL;
	pthread_mutex_lock(&percpu_lock);
	if (!percpu_base) {
		percpu_base = aligned_alloc(4096, SHIM_PERCPU_UNIT * SHIM_NR_CPUS);
		if (!percpu_base)
			abort();
	}
	for (i = 0; i < percpu_nr_free; i++) {
		if (percpu_free[i].size == size) {
			off = percpu_free[i].off;
			percpu_free[i] = percpu_free[--percpu_nr_free];
			break;
		}
	}
	if (off == ~0UL) {
		if (percpu_used + size > SHIM_PERCPU_UNIT)
			abort();
		off = percpu_used;
		percpu_used += size;
	}
	pthread_mutex_unlock(&percpu_lock);
	for (cpu = 0; cpu < SHIM_NR_CPUS; cpu++)
		memset(percpu_base + cpu * SHIM_PERCPU_UNIT + off, 0, size);
	*(unsigned long *)(percpu_base + off) = size;
	__atomic_add_fetch(&shim_live_allocs, 1, __ATOMIC_RELAXED);
	return percpu_base + off + 64;
}

void shim_free_percpu(const void *p)
{
	unsigned long off;

	if (!p)
		return;
	off = (const char *)p - 64 - percpu_base;
	pthread_mutex_lock(&percpu_lock);
	if (percpu_nr_free < PERCPU_MAX_FREE) {
		percpu_free[percpu_nr_free].off = off;
		percpu_free[percpu_nr_free].size =
			*(unsigned long *)(percpu_base + off);
		percpu_nr_free++;
	}
	pthread_mutex_unlock(&percpu_lock);
	__atomic_sub_fetch(&shim_live_allocs, 1, __ATOMIC_RELAXED);
}

struct kmem_cache *shim_cache_create(const char *name, size_t size)
{
	struct kmem_cache *c = shim_alloc(sizeof(*c), true);

	if (c) {
		c->name = name;
		c->size = size;
	}
	return c;
}

void kmem_cache_destroy(struct kmem_cache *cache)
{
	void *p;

	if (!cache)
		return;
	while ((p = cache->free_list)) {
		cache->free_list = *(void **)p;
		shim_free(p);
	}
	shim_free(cache);
}

/* ---- CPU hotplug -------------------------------------------------------- */

#define SHIM_MAX_INSTANCES	64

static int (*cpuhp_teardown)(unsigned int cpu, struct hlist_node *node);
static struct hlist_node *cpuhp_nodes[SHIM_MAX_INSTANCES];
static pthread_mutex_t cpuhp_lock = PTHREAD_MUTEX_INITIALIZER;

int cpuhp_setup_state_multi(enum cpuhp_state state, const char *name,
			    int (*startup)(unsigned int cpu,
					   struct hlist_node *node),
			    int (*teardown)(unsigned int cpu,
					    struct hlist_node *node))
{
	cpuhp_teardown = teardown;
	return 0;
}

int cpuhp_state_add_instance_nocalls(enum cpuhp_state state,
				     struct hlist_node *node)
{
	int i, err = -ENOSPC;

	if (shim_fail_cpuhp) {
		shim_fail_cpuhp = false;
		return -EBUSY;
	}
	pthread_mutex_lock(&cpuhp_lock);
	for (i = 0; i < SHIM_MAX_INSTANCES; i++) {
		if (!cpuhp_nodes[i]) {
			cpuhp_nodes[i] = node;
			err = 0;
			break;
		}
	}
	pthread_mutex_unlock(&cpuhp_lock);
	return err;
}

int cpuhp_state_remove_instance_nocalls(enum cpuhp_state state,
					struct hlist_node *node)
{
	int i;

	pthread_mutex_lock(&cpuhp_lock);
	for (i = 0; i < SHIM_MAX_INSTANCES; i++)
		if (cpuhp_nodes[i] == node)
			cpuhp_nodes[i] = NULL;
	pthread_mutex_unlock(&cpuhp_lock);
	return 0;
}

void cpuhp_remove_multi_state(enum cpuhp_state state)
{
	cpuhp_teardown = NULL;
}

void shim_cpu_dead(unsigned int cpu)
{
	int i;

	pthread_mutex_lock(&cpuhp_lock);
	for (i = 0; i < SHIM_MAX_INSTANCES; i++)
		if (cpuhp_nodes[i] && cpuhp_teardown)
			cpuhp_teardown(cpu, cpuhp_nodes[i]);
	pthread_mutex_unlock(&cpuhp_lock);
}

/* ---- shrinkers ---------------------------------------------------------- */

static struct shrinker *shrinkers[SHIM_MAX_INSTANCES];

struct shrinker *shrinker_alloc(unsigned int flags, const char *fmt, ...)
{
	struct shrinker *s = shim_alloc(sizeof(*s), true);

	if (s)
		s->flags = flags;
	return s;
}

void shrinker_register(struct shrinker *s)
{
	int i;

	pthread_mutex_lock(&cpuhp_lock);
	for (i = 0; i < SHIM_MAX_INSTANCES; i++) {
		if (!shrinkers[i]) {
			shrinkers[i] = s;
			s->registered = true;
			break;
		}
	}
	pthread_mutex_unlock(&cpuhp_lock);
}

void shrinker_free(struct shrinker *s)
{
	int i;

	if (!s)
		return;
	pthread_mutex_lock(&cpuhp_lock);
	for (i = 0; i < SHIM_MAX_INSTANCES; i++)
		if (shrinkers[i] == s)
			shrinkers[i] = NULL;
	pthread_mutex_unlock(&cpuhp_lock);
	shim_free(s);
}

unsigned long shim_shrink_count(void)
{
	struct shrink_control sc = { .gfp_mask = GFP_KERNEL };
	unsigned long total = 0, n;
	int i;

	for (i = 0; i < SHIM_MAX_INSTANCES; i++) {
		if (!shrinkers[i])
			continue;
		n = shrinkers[i]->count_objects(shrinkers[i], &sc);
		if (n != SHRINK_EMPTY)
			total += n;
	}
	return total;
}

unsigned long shim_shrink(unsigned long nr)
{
	struct shrink_control sc = { .gfp_mask = GFP_KERNEL };
	unsigned long freed = 0, n;
	int i;

	for (i = 0; i < SHIM_MAX_INSTANCES; i++) {
		if (!shrinkers[i])
			continue;
		sc.nr_to_scan = nr;
		n = shrinkers[i]->scan_objects(shrinkers[i], &sc);
		if (n != SHRINK_STOP)
			freed += n;
	}
	return freed;
}
