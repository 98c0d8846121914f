// SPDX-License-Identifier: GPL-2.0-only
/*
 * The OMAP IOMMU driver harness, run time: the shims kdeps-shim.h
 * declares, the MMU set-up omap_iommu_probe() does in the kernel, and
 * main().
 *
 * File map:
 *   shims       h_warn(), locks, the arena (h_alloc(), h_free(),
 *               virt/phys, h_clean() copying table bytes to every model),
 *               MMIO routing by window
 *   MMUs        h_mmu_new(), h_mmu_del(), h_power_off(), h_power_on()
 *   data        h_put(), h_get(), h_dma()
 *   main        runs h_cases[] (TAP), fails on leaks and warnings
 */
#include <stdarg.h>
#include <stdlib.h>

#include "harness.h"

int h_fail_allocs;
long h_live_allocs;
long h_cleans;
int h_warnings;

static struct h_mmu *h_mmus[H_MAX_MMUS];

bool h_report(const char *fn, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "# %s:%d: ", fn, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return true;
}

/* ---- shims -------------------------------------------------------- */

void h_warn(const char *file, int line)
{
	h_warnings++;
	fprintf(stderr, "# WARN_ON at %s:%d\n", file, line);
}

void h_lock(spinlock_t *l)
{
	if (l->held)
		h_warn("lock taken twice", 0);
	l->held = 1;
}

void h_unlock(spinlock_t *l)
{
	if (!l->held)
		h_warn("lock released twice", 0);
	l->held = 0;
}

/*
 * The arena: 1 KiB blocks, first fit at the allocation's natural
 * alignment (kmalloc aligns power-of-two sizes to themselves).
 */
#define H_BLOCK		1024u
#define H_NBLOCKS	(H_ARENA_SIZE / H_BLOCK)

static u8 *h_arena;
static u16 h_used[H_NBLOCKS];	/* blocks of the allocation starting here */
static bool h_busy[H_NBLOCKS];

void *h_alloc(size_t n)
{
	unsigned int nb = (n + H_BLOCK - 1) / H_BLOCK, step = nb, i, k;

	if (h_fail_allocs > 0) {
		h_fail_allocs--;
		return NULL;
	}
	if (!h_arena)
		h_arena = aligned_alloc(SZ_16K, H_ARENA_SIZE);
	if (!h_arena || !nb)
		return NULL;
	for (i = 0; i + nb <= H_NBLOCKS; i += step) {
		for (k = 0; k < nb && !h_busy[i + k]; k++)
			;
		if (k < nb)
			continue;
		for (k = 0; k < nb; k++)
			h_busy[i + k] = true;
		h_used[i] = nb;
		h_live_allocs++;
		memset(h_arena + i * H_BLOCK, 0, nb * H_BLOCK);
		return h_arena + i * H_BLOCK;
	}
	return NULL;
}

void h_free(const void *p)
{
	unsigned int i, k;

	if (!p)
		return;
	i = ((const u8 *)p - h_arena) / H_BLOCK;
	if (i >= H_NBLOCKS || !h_used[i]) {
		h_warn("kfree of no allocation", 0);
		return;
	}
	/* poison, so that a use after free reads as garbage */
	memset(h_arena + i * H_BLOCK, 0xa5, h_used[i] * H_BLOCK);
	for (k = 0; k < h_used[i]; k++)
		h_busy[i + k] = false;
	h_used[i] = 0;
	h_live_allocs--;
}

phys_addr_t h_virt_to_phys(const void *p)
{
	const u8 *b = p;

	if (b < h_arena || b >= h_arena + H_ARENA_SIZE) {
		h_warn("virt_to_phys outside the arena", 0);
		return 0;
	}
	return H_ARENA_PA + (phys_addr_t)(b - h_arena);
}

void *h_phys_to_virt(phys_addr_t pa)
{
	if (pa < H_ARENA_PA || pa >= H_ARENA_PA + H_ARENA_SIZE) {
		h_warn("phys_to_virt outside the arena", 0);
		return h_arena;
	}
	return h_arena + (pa - H_ARENA_PA);
}

/* the walker sees table bytes once they are cleaned, in every model */
void h_clean(phys_addr_t pa, size_t n)
{
	unsigned int i;

	h_cleans++;
	for (i = 0; i < H_MAX_MMUS; i++)
		if (h_mmus[i])
			mdl_mem_write(om_mem(h_mmus[i]->om), pa,
				      h_phys_to_virt(pa), n);
}

/* each MMU's registers sit in a 4 KiB window of a made-up bus */
#define H_MMIO_BASE	0x4a000000ul
#define H_MMIO_WINDOW	0x1000ul

static struct h_mmu *h_window(const void *addr, u32 *off)
{
	unsigned long a = (unsigned long)addr;
	unsigned int i = (a - H_MMIO_BASE) / H_MMIO_WINDOW;

	if (a < H_MMIO_BASE || i >= H_MAX_MMUS || !h_mmus[i]) {
		h_warn("MMIO outside every window", 0);
		return NULL;
	}
	*off = (a - H_MMIO_BASE) % H_MMIO_WINDOW;
	return h_mmus[i];
}

u32 h_mmio_read(const void *addr)
{
	struct h_mmu *h;
	u32 off;

	h = h_window(addr, &off);
	return h ? om_read32(h->om, off) : 0;
}

void h_mmio_write(const void *addr, u32 val)
{
	struct h_mmu *h;
	u32 off;

	h = h_window(addr, &off);
	if (h)
		om_write32(h->om, off, val);
}

/* ---- MMUs --------------------------------------------------------- */

/* what omap_iommu_probe() sets up, minus the platform glue */
struct h_mmu *h_mmu_new(const struct om_config *cfg)
{
	struct om_config def;
	struct h_mmu *h;
	unsigned int i;
	char err[96];

	for (i = 0; i < H_MAX_MMUS && h_mmus[i]; i++)
		;
	if (i == H_MAX_MMUS)
		return NULL;
	if (!cfg) {
		om_default_config(&def);
		cfg = &def;
	}
	h = calloc(1, sizeof(*h));
	h->om = om_create(cfg, err, sizeof(err));
	if (!h->om) {
		fprintf(stderr, "# om_create: %s\n", err);
		free(h);
		return NULL;
	}
	h_mmus[i] = h;
	h->dev.name = i ? "mmu1" : "mmu0";
	h->mmu.dev = &h->dev;
	h->mmu.name = h->dev.name;
	h->mmu.base = (void *)(H_MMIO_BASE + i * H_MMIO_WINDOW);
	h->mmu.nr_tlb = cfg->tlb_entries;
	h->mmu.has_fault_pc = cfg->omap4;
	spin_lock_init(&h->mmu.lock);
	INIT_LIST_HEAD(&h->mmu.domain_node);
	h->mmu.mode = OMAP_MMU_BLOCKED;
	if (omap_pt_init(&h->mmu.blocked, &h->dev)) {
		h_mmu_del(h);
		return NULL;
	}
	return h;
}

void h_mmu_del(struct h_mmu *h)
{
	unsigned int i;

	omap_mmu_power_off(&h->mmu);
	omap_pt_free(&h->mmu.blocked);
	for (i = 0; i < H_MAX_MMUS; i++)
		if (h_mmus[i] == h)
			h_mmus[i] = NULL;
	om_destroy(h->om);
	free(h);
}

/* runtime suspend: the driver saves, then the power goes */
void h_power_off(struct h_mmu *h)
{
	omap_mmu_power_off(&h->mmu);
	om_power_off(h->om);
}

/* runtime resume: power comes back, then the driver restores */
int h_power_on(struct h_mmu *h)
{
	om_power_on(h->om);
	return omap_mmu_power_on(&h->mmu);
}

/* ---- data --------------------------------------------------------- */

void h_put(u32 pa, const void *buf, size_t len)
{
	unsigned int i;

	for (i = 0; i < H_MAX_MMUS; i++)
		if (h_mmus[i])
			mdl_mem_write(om_mem(h_mmus[i]->om), pa, buf, len);
}

void h_get(struct h_mmu *h, u32 pa, void *buf, size_t len)
{
	mdl_mem_read(om_mem(h->om), pa, buf, len);
}

enum om_result h_dma(struct h_mmu *h, u32 da, void *buf, size_t len,
		     bool write)
{
	struct om_xact x;

	return om_dma(h->om, da, buf, len, write, 0, &x);
}

/* ---- main --------------------------------------------------------- */

/* fuzz.c brings its own */
#ifndef H_NO_MAIN
int main(void)
{
	unsigned int n = 0, failed = 0;
	const struct h_case *t;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (t = h_cases; t->name; t++) {
		long live = h_live_allocs;
		int warns = h_warnings, r;

		r = t->fn();
		r |= H_MISS(h_live_allocs == live, "%ld allocations leaked",
			    h_live_allocs - live);
		r |= H_MISS(h_warnings == warns, "%d warnings",
			    h_warnings - warns);
		n++;
		failed += r != 0;
		printf("%sok %u - %s\n", r ? "not " : "", n, t->name);
	}
	printf("# %u passed, %u failed\n", n - failed, failed);
	free(h_arena);
	return failed ? 1 : 0;
}
#endif
