// SPDX-License-Identifier: GPL-2.0-only
/*
 * Run-time half of the shims: table memory accounting and the device's
 * view of DMA-mapped table memory.
 */
#include <pthread.h>
#include <sys/mman.h>
#include "pgtable_shim.h"
#include "shim_mem.h"

int shim_warnings;
long shim_live_tables;
long shim_table_allocs;
int shim_fail_allocs;
long shim_syncs;
void (*shim_dirty_record)(unsigned long iova, unsigned long len);

struct shim_rec {
	uintptr_t va;		/* 0: free slot, 1: deleted */
	size_t size;
	u8 *dev;		/* device copy while DMA-mapped */
};

#define SHIM_SLOTS BIT(20)
static struct shim_rec *recs;
static unsigned long tombstones;
static pthread_mutex_t shim_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned int slot_of(uintptr_t va)
{
	return (unsigned int)((va >> 10) * 0x9E3779B97F4A7C15ull >> 44) &
	       (SHIM_SLOTS - 1);
}

static struct shim_rec *find_exact(uintptr_t va)
{
	unsigned int i = slot_of(va), n;

	for (n = 0; n < SHIM_SLOTS; n++, i = (i + 1) & (SHIM_SLOTS - 1)) {
		if (recs[i].va == va)
			return &recs[i];
		if (!recs[i].va)
			return NULL;
	}
	return NULL;
}

static struct shim_rec *find_containing(uintptr_t pa)
{
	size_t s;

	if (!recs)
		return NULL;
	for (s = SZ_1K; s <= (16u << 20); s <<= 1) {
		struct shim_rec *r = find_exact(pa & ~(uintptr_t)(s - 1));

		if (r && pa - r->va < r->size)
			return r;
	}
	return NULL;
}

/*
 * Table memory comes from an arena below 2G (MAP_32BIT), since the
 * short-descriptor format can only point at 32-bit physical addresses.
 * Power-of-two size classes, each with its own free list.
 */
#define ARENA_BYTES	(768ul << 20)
#define NCLASS		32
static u8 *arena, *arena_next;
static void *free_list[NCLASS];

static void *arena_get(size_t size, int cls)
{
	void *p = free_list[cls];
	uintptr_t a;

	if (p) {
		free_list[cls] = *(void **)p;
		return p;
	}
	if (!arena) {
		arena = mmap(NULL, ARENA_BYTES, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT |
			     MAP_NORESERVE, -1, 0);
		if (arena == MAP_FAILED)
			abort();
		arena_next = arena;
	}
	a = ((uintptr_t)arena_next + size - 1) & ~(uintptr_t)(size - 1);
	if (a + size > (uintptr_t)arena + ARENA_BYTES) {
		fprintf(stderr, "shim: table arena exhausted\n");
		abort();
	}
	arena_next = (u8 *)(a + size);
	return (void *)a;
}

static int size_class(size_t size)
{
	int cls = 6;

	while ((1ul << cls) < size)
		cls++;
	return cls;
}

void *shim_table_alloc(size_t size)
{
	int cls = size_class(size);
	void *p;
	unsigned int i;

	pthread_mutex_lock(&shim_lock);
	if (shim_fail_allocs > 0) {
		shim_fail_allocs--;
		pthread_mutex_unlock(&shim_lock);
		return NULL;
	}
	if (!recs)
		recs = calloc(SHIM_SLOTS, sizeof(*recs));
	p = arena_get(1ul << cls, cls);
	memset(p, 0, 1ul << cls);
	for (i = slot_of((uintptr_t)p); recs[i].va > 1; i = (i + 1) & (SHIM_SLOTS - 1))
		;
	recs[i].va = (uintptr_t)p;
	recs[i].size = size;
	recs[i].dev = NULL;
	shim_live_tables++;
	shim_table_allocs++;
	pthread_mutex_unlock(&shim_lock);
	return p;
}

void shim_table_free(void *va)
{
	struct shim_rec *r;
	int cls;

	pthread_mutex_lock(&shim_lock);
	r = find_exact((uintptr_t)va);
	if (!r) {
		fprintf(stderr, "shim: free of unknown table %p\n", va);
		abort();
	}
	cls = size_class(r->size);
	free(r->dev);
	r->dev = NULL;
	r->va = 1;	/* tombstone */
	shim_live_tables--;
	if (++tombstones > SHIM_SLOTS / 4 && !shim_live_tables) {
		memset(recs, 0, SHIM_SLOTS * sizeof(*recs));
		tombstones = 0;
	}
	/* poison, so that a walk through a freed table trips the walker */
	memset(va, 0xa5, 1ul << cls);
	*(void **)va = free_list[cls];
	free_list[cls] = va;
	pthread_mutex_unlock(&shim_lock);
}

dma_addr_t shim_dma_map(void *va, size_t size)
{
	struct shim_rec *r;

	pthread_mutex_lock(&shim_lock);
	r = find_containing((uintptr_t)va);
	if (r && !r->dev) {
		r->dev = malloc(r->size);
		memcpy(r->dev, (void *)r->va, r->size);
	}
	pthread_mutex_unlock(&shim_lock);
	(void)size;
	return (dma_addr_t)(uintptr_t)va;
}

void shim_dma_unmap(dma_addr_t pa, size_t size)
{
	(void)pa; (void)size;
}

void shim_dma_sync(dma_addr_t pa, size_t size)
{
	struct shim_rec *r;

	__atomic_fetch_add(&shim_syncs, 1, __ATOMIC_RELAXED);
	pthread_mutex_lock(&shim_lock);
	r = find_containing(pa);
	if (r && r->dev) {
		if (pa + size > r->va + r->size)
			abort();
		memcpy(r->dev + (pa - r->va), (void *)(uintptr_t)pa, size);
	}
	pthread_mutex_unlock(&shim_lock);
}

bool shim_is_table(u64 pa)
{
	bool ok;

	pthread_mutex_lock(&shim_lock);
	ok = !!find_containing(pa);
	pthread_mutex_unlock(&shim_lock);
	return ok;
}

void shim_dev_read(u64 pa, void *out, size_t n)
{
	struct shim_rec *r;

	pthread_mutex_lock(&shim_lock);
	r = find_containing(pa);
	if (r && r->dev)
		memcpy(out, r->dev + (pa - r->va), n);
	else
		memcpy(out, (void *)(uintptr_t)pa, n);
	pthread_mutex_unlock(&shim_lock);
}
