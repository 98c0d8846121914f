// SPDX-License-Identifier: GPL-2.0-only
/*
 * Run-time half of the PASID harness's shims: the arena every SMMU-visible
 * byte lives in, the DMA API on it, MMIO routed to the SMMUv3 model, time,
 * and a small ID allocator.
 */
#include <sys/mman.h>
#include <time.h>

#include "kshim.h"
#include "../glue.h"

int kshim_warnings;
long kshim_live;
int kshim_fail_allocs;

/* ---- the arena ----------------------------------------------------- */

#define ARENA_BYTES	(64ul << 20)
#define MAX_RECS	65536

struct rec {
	u64 start;
	size_t size;
	bool live;
};

static u8 *arena, *arena_next;
static struct rec recs[MAX_RECS];
static unsigned int nrecs;

void *kshim_arena_alloc(size_t size, size_t align)
{
	uintptr_t p;

	if (kshim_fail_allocs > 0) {
		kshim_fail_allocs--;
		return NULL;
	}
	if (!arena) {
		arena = mmap(NULL, ARENA_BYTES, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (arena == MAP_FAILED)
			abort();
		arena_next = arena;
	}
	if (align < 64)
		align = 64;
	p = ALIGN((uintptr_t)arena_next, align);
	if (p + size > (uintptr_t)arena + ARENA_BYTES || nrecs == MAX_RECS)
		return NULL;
	arena_next = (u8 *)(p + size);
	memset((void *)p, 0, size);
	recs[nrecs++] = (struct rec){ p, size, true };
	kshim_live++;
	return (void *)p;
}

void kshim_arena_free(void *va)
{
	unsigned int i;

	if (!va)
		return;
	for (i = 0; i < nrecs; i++) {
		if (recs[i].start == (uintptr_t)va && recs[i].live) {
			recs[i].live = false;
			/* poison: a walk through freed memory must not work */
			memset(va, 0xa5, recs[i].size);
			kshim_live--;
			return;
		}
	}
	fprintf(stderr, "kshim: free of %p, not an arena allocation\n", va);
	abort();
}

bool kshim_in_arena(unsigned long long pa, size_t len)
{
	unsigned int i;

	for (i = 0; i < nrecs; i++)
		if (recs[i].live && pa >= recs[i].start &&
		    pa + len <= recs[i].start + recs[i].size)
			return true;
	return false;
}

/* ---- DMA API ------------------------------------------------------- */

void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma,
			 gfp_t gfp)
{
	/* like the kernel: naturally aligned up to the page size and beyond */
	size_t align = size < PAGE_SIZE ? PAGE_SIZE : 1ul << order_base_2(size);
	void *p = kshim_arena_alloc(size, align);

	if (p)
		*dma = virt_to_phys(p);
	return p;
}

void dma_free_coherent(struct device *dev, size_t size, void *va,
		       dma_addr_t dma)
{
	kshim_arena_free(va);
}

void *devm_kcalloc(struct device *dev, size_t n, size_t size, gfp_t gfp)
{
	return calloc(n, size);
}

/* ---- MMIO and time ------------------------------------------------- */

unsigned char kshim_mmio_page[GLUE_MMIO_SIZE];

u32 kshim_mmio_read(const void *addr, unsigned int size)
{
	return glue_mmio_read((const u8 *)addr - kshim_mmio_page, size);
}

void kshim_mmio_write(u64 val, void *addr, unsigned int size)
{
	glue_mmio_write((u8 *)addr - kshim_mmio_page, size, val);
}

ktime_t ktime_get(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (s64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- IDs ----------------------------------------------------------- */

int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max,
		    gfp_t gfp)
{
	unsigned int i;

	for (i = min; i <= max && i < IDA_MAX; i++) {
		if (!ida->used[i]) {
			ida->used[i] = 1;
			return i;
		}
	}
	return -ENOSPC;
}

void ida_free(struct ida *ida, unsigned int id)
{
	if (id >= IDA_MAX || !ida->used[id])
		abort();	/* a double free in the driver */
	ida->used[id] = 0;
}
