// SPDX-License-Identifier: GPL-2.0-only
/*
 * kshim run time, part 1: printing, warnings, allocation with failure
 * injection, the RAM arena, MMIO windows, locks and devres.
 *
 * File map:
 *   printing         kshim_printk(), kshim_warn(), kshim_bug()
 *   allocation       kshim_alloc()/kshim_free(), kmem caches
 *   RAM              kshim_ram_alloc_pages(): a buddy-free bump arena
 *                    with per-order free lists; virt_to_phys()
 *   MMIO             kshim_mmio_add(), kshim_ioremap(), the accessors
 *   locks            kshim_lock_take()/drop()
 *   devres           kshim_devres_*()
 */
#include <sys/mman.h>
#include "kshim.h"

unsigned long kshim_msgs[3];
char kshim_last_msg[256];
int kshim_warnings;
int kshim_fail_allocs;
long kshim_live_allocs;
long kshim_dma_syncs;
u64 kshim_now_ns;
int kshim_device_links;
int kshim_clk_enabled, kshim_clk_prepared;
void (*kshim_dirty_record)(unsigned long iova, unsigned long len);

/* ---- printing ---------------------------------------------------------- */

void kshim_printk(int level, const struct device *dev, const char *fmt, ...)
{
	static int echo = -1;
	va_list ap;
	int n = 0;

	if (echo < 0)
		echo = !!getenv("KSHIM_VERBOSE");
	if (level < 0 || level > KSHIM_INFO)
		level = KSHIM_INFO;
	kshim_msgs[level]++;
	if (dev && dev->name)
		n = snprintf(kshim_last_msg, sizeof(kshim_last_msg), "%s: ",
			     dev->name);
	va_start(ap, fmt);
	vsnprintf(kshim_last_msg + n, sizeof(kshim_last_msg) - n, fmt, ap);
	va_end(ap);
	if (echo)
		fprintf(stderr, "# kernel: %s", kshim_last_msg);
}

void kshim_warn(const char *file, int line)
{
	kshim_warnings++;
	fprintf(stderr, "# WARN at %s:%d\n", file, line);
}

void kshim_bug(const char *file, int line)
{
	fprintf(stderr, "BUG at %s:%d\n", file, line);
	abort();
}

/* ---- allocation ------------------------------------------------------- */

void *kshim_alloc(size_t n, bool zero)
{
	void *p;

	if (kshim_fail_allocs > 0) {
		kshim_fail_allocs--;
		return NULL;
	}
	p = zero ? calloc(1, n ? n : 1) : malloc(n ? n : 1);
	if (p)
		kshim_live_allocs++;
	return p;
}

void kshim_free(const void *p)
{
	if (!p)
		return;
	kshim_live_allocs--;
	free((void *)p);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, slab_flags_t f,
				     void (*ctor)(void *))
{
	struct kmem_cache *c = kshim_alloc(sizeof(*c), true);

	if (c)
		c->size = size;
	return c;
}

/* io-pgtable's small tables: whole RAM pages, so they have a PA */
void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t gfp)
{
	return kshim_ram_alloc_pages(get_order(c->size));
}

void kmem_cache_free(struct kmem_cache *c, void *p)
{
	kshim_ram_free_pages(p, get_order(c->size));
}

void kmem_cache_destroy(struct kmem_cache *c)
{
	kshim_free(c);
}

/* ---- RAM -------------------------------------------------------------- */

#define RAM_ORDERS 10
u8 *kshim_ram;
long kshim_ram_live_pages;
long kshim_ram_errors;
static u64 ram_next;		/* bump offset */
static void *ram_free[RAM_ORDERS];

static void ram_init(void)
{
	if (kshim_ram)
		return;
	kshim_ram = mmap(NULL, KSHIM_RAM_BYTES, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (kshim_ram == MAP_FAILED) {
		perror("kshim: RAM");
		abort();
	}
}

void *kshim_ram_alloc_pages(unsigned int order)
{
	u64 size = PAGE_SIZE << order, off;
	void *p;

	if (order >= RAM_ORDERS)
		return NULL;
	if (kshim_fail_allocs > 0) {
		kshim_fail_allocs--;
		return NULL;
	}
	ram_init();
	p = ram_free[order];
	if (p) {
		ram_free[order] = *(void **)p;
	} else {
		off = ALIGN(ram_next, size);
		if (off + size > KSHIM_RAM_BYTES)
			return NULL;
		ram_next = off + size;
		p = kshim_ram + off;
	}
	memset(p, 0, size);
	kshim_ram_live_pages += 1L << order;
	return p;
}

void kshim_ram_free_pages(void *va, unsigned int order)
{
	u8 *p = va;

	if (p < kshim_ram || p >= kshim_ram + KSHIM_RAM_BYTES ||
	    order >= RAM_ORDERS) {
		kshim_ram_errors++;
		fprintf(stderr, "# kshim: free of %p, not RAM\n", va);
		return;
	}
	/* poison: a walk through a freed table reads garbage, not zeros */
	memset(p, 0xa5, PAGE_SIZE << order);
	*(void **)p = ram_free[order];
	ram_free[order] = p;
	kshim_ram_live_pages -= 1L << order;
}

phys_addr_t kshim_virt_to_phys(const void *va)
{
	const u8 *p = va;

	if (kshim_ram && p >= kshim_ram && p < kshim_ram + KSHIM_RAM_BYTES)
		return KSHIM_RAM_PA + (p - kshim_ram);
	kshim_ram_errors++;
	fprintf(stderr, "# kshim: virt_to_phys(%p) outside RAM\n", va);
	return ~(phys_addr_t)0;
}

void *kshim_phys_to_virt(phys_addr_t pa)
{
	if (kshim_ram && pa >= KSHIM_RAM_PA &&
	    pa - KSHIM_RAM_PA < KSHIM_RAM_BYTES)
		return kshim_ram + (pa - KSHIM_RAM_PA);
	kshim_ram_errors++;
	fprintf(stderr, "# kshim: phys_to_virt(%#llx) outside RAM\n",
		(unsigned long long)pa);
	return NULL;
}

/* ---- MMIO --------------------------------------------------------------- */

#define MMIO_WINDOWS 8

struct mmio_window {
	phys_addr_t pa;
	u32 size;
	u8 *va;			/* reserved, never touched */
	const struct kshim_mmio_ops *ops;
	void *ctx;
};

static struct mmio_window windows[MMIO_WINDOWS];
static int nwindows;
unsigned long kshim_mmio_errors;
unsigned long kshim_mmio_accesses;

void kshim_mmio_add(phys_addr_t pa, u32 size, const struct kshim_mmio_ops *ops,
		    void *ctx)
{
	struct mmio_window *w;

	if (nwindows == MMIO_WINDOWS)
		kshim_bug(__FILE__, __LINE__);
	w = &windows[nwindows++];
	w->pa = pa;
	w->size = size;
	w->ops = ops;
	w->ctx = ctx;
	/* an address range of our own, so driver pointer arithmetic works */
	w->va = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
		     MAP_NORESERVE, -1, 0);
	if (w->va == MAP_FAILED)
		kshim_bug(__FILE__, __LINE__);
}

void kshim_mmio_reset(void)
{
	while (nwindows) {
		nwindows--;
		munmap(windows[nwindows].va, windows[nwindows].size);
	}
}

void __iomem *kshim_ioremap(phys_addr_t pa, size_t size)
{
	int i;

	for (i = 0; i < nwindows; i++)
		if (pa >= windows[i].pa &&
		    pa + size <= windows[i].pa + windows[i].size)
			return windows[i].va + (pa - windows[i].pa);
	kshim_mmio_errors++;
	return ERR_PTR(-ENOMEM);
}

static struct mmio_window *window_of(const void *addr,
				     unsigned int size)
{
	const u8 *p = (const u8 *)addr;
	int i;

	for (i = 0; i < nwindows; i++)
		if (p >= windows[i].va && p + size <= windows[i].va +
		    windows[i].size)
			return &windows[i];
	kshim_mmio_errors++;
	fprintf(stderr, "# kshim: MMIO access at %p outside any window\n",
		(const void *)p);
	return NULL;
}

u64 kshim_mmio_read(const void __iomem *addr, unsigned int size)
{
	struct mmio_window *w = window_of(addr, size);

	kshim_mmio_accesses++;
	if (!w)
		return ~0ULL;
	return w->ops->read(w->ctx, (const u8 *)addr - w->va, size);
}

void kshim_mmio_write(void __iomem *addr, unsigned int size, u64 val)
{
	struct mmio_window *w = window_of(addr, size);

	kshim_mmio_accesses++;
	if (w)
		w->ops->write(w->ctx, (const u8 *)addr - w->va, size, val);
}

/* ---- locks -------------------------------------------------------------- */

void kshim_lock_init(struct kshim_lock *l, const char *name)
{
	l->held = 0;
	l->name = name;
}

void kshim_lock_take(struct kshim_lock *l, const char *file, int line)
{
	if (l->held) {
		fprintf(stderr, "lock %s taken twice at %s:%d\n",
			l->name ? l->name : "?", file, line);
		abort();
	}
	l->held = 1;
}

void kshim_lock_drop(struct kshim_lock *l, const char *file, int line)
{
	if (!l->held) {
		fprintf(stderr, "lock %s released unheld at %s:%d\n",
			l->name ? l->name : "?", file, line);
		abort();
	}
	l->held = 0;
}

/* ---- devres -------------------------------------------------------------- */

void *kshim_devres_alloc(struct device *dev, size_t n, bool zero,
			 void (*release)(struct device *, void *))
{
	struct kshim_devres *r = kshim_alloc(sizeof(*r) + n, zero);

	if (!r)
		return NULL;
	r->release = release;
	r->next = dev->devres;
	dev->devres = r;
	return r->data;
}

void kshim_devres_free(struct device *dev, void *p)
{
	struct kshim_devres **pp, *r;

	for (pp = &dev->devres; (r = *pp); pp = &r->next) {
		if ((void *)r->data == p) {
			*pp = r->next;
			kshim_free(r);
			return;
		}
	}
	kshim_bug(__FILE__, __LINE__);
}

void *devm_krealloc(struct device *dev, void *p, size_t n, gfp_t gfp)
{
	struct kshim_devres **pp, *r, *nr;

	if (!p)
		return kshim_devres_alloc(dev, n, false, NULL);
	for (pp = &dev->devres; (r = *pp); pp = &r->next) {
		if ((void *)r->data != p)
			continue;
		nr = realloc(r, sizeof(*r) + n);
		if (!nr)
			return NULL;
		*pp = nr;
		return nr->data;
	}
	kshim_bug(__FILE__, __LINE__);
}

struct devm_action {
	void (*fn)(void *data);
	void *data;
};

static void devm_action_release(struct device *dev, void *res)
{
	struct devm_action *a = res;

	a->fn(a->data);
}

int devm_add_action_or_reset(struct device *dev, void (*fn)(void *),
			     void *data)
{
	struct devm_action *a = kshim_devres_alloc(dev, sizeof(*a), false,
						   devm_action_release);

	if (!a) {
		fn(data);
		return -ENOMEM;
	}
	a->fn = fn;
	a->data = data;
	return 0;
}

/* newest first, as the kernel releases them */
void kshim_devres_release_all(struct device *dev)
{
	struct kshim_devres *r;

	while ((r = dev->devres)) {
		dev->devres = r->next;
		if (r->release)
			r->release(dev, r->data);
		kshim_free(r);
	}
}
