/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim: user-space stand-ins for the kernel interfaces an IOMMU driver
 * uses, so that a driver's real .c files compile unchanged on the host
 * and run against a register-level model (tools/testing/iommu-dma/model).
 * Shared by the SMMUv2, OMAP and IPMMU driver harnesses; nothing here
 * knows which IOMMU is under test.
 *
 * The Makefile fragment kshim.mk generates <linux/...> and <asm/...>
 * headers that each include this file; whatever it does not shim comes
 * from the base tree's tools/include (types, list, err, sizes).
 *
 * File map:
 *   kshim.h         basics: printing (counted, last line kept), alloc,
 *                   locks, atomics, bitmaps, MMIO accessors, delays
 *   kshim-dev.h     devices, devres, platform devices and drivers,
 *                   device-tree nodes and properties, IRQs, runtime PM,
 *                   clocks, and the buses a driver may test for
 *   kshim-iommu.h   struct iommu_*, fwspec, groups and the mini core
 *   kshim.c         MMIO routing, the RAM arena, printing, devres, IRQs
 *   kshim-dev.c     device tree, platform bus, PM
 *   kshim-iommu.c   the mini IOMMU core
 *
 * Vocabulary: "RAM" is the arena of host memory that a model sees at
 * physical address KSHIM_RAM_PA (page tables live there); a "window" is
 * an ioremap()ed range whose accesses go to a model's callbacks.
 * Single-threaded: locks only assert that they are not taken twice.
 */
#ifndef KSHIM_H
#define KSHIM_H

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONFIG_64BIT 1
#define CONFIG_PHYS_ADDR_T_64BIT 1
#define CONFIG_ARM64 1
#define CONFIG_OF 1
#define CONFIG_PM 1
#define CONFIG_PM_SLEEP 1
#define CONFIG_IOMMU_API 1
#define CONFIG_IOMMU_IO_PGTABLE_LPAE 1

#include <linux/types.h>
#include <linux/kconfig.h>
#include <linux/compiler.h>
#include <linux/bits.h>
#include <linux/sizes.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/overflow.h>

typedef u64 dma_addr_t;
typedef u64 resource_size_t;
typedef unsigned int __bitwise slab_flags_t;

#define __iomem
#define __force
#define __rcu
#define __ro_after_init
#ifndef __maybe_unused
#define __maybe_unused __always_unused
#endif
#ifndef __noipa
#define __noipa __attribute__((noipa))
#endif
#ifndef fallthrough
#define fallthrough __attribute__((fallthrough))
#endif

#define EPROBE_DEFER 517

#define PAGE_SHIFT 12
#define PAGE_SIZE BIT(PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

/* ---- arithmetic and fields ----------------------------------------- */

#define container_of(p, type, m) \
	((type *)((char *)(p) - offsetof(type, m)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define FIELD_PREP(m, v) ((((typeof(m))(v)) << __builtin_ctzll(m)) & (m))
#define FIELD_GET(m, v) ((typeof(m))(((v) & (m)) >> __builtin_ctzll(m)))
#define FIELD_MAX(m) ((typeof(m))((m) >> __builtin_ctzll(m)))
#define FIELD_FIT(m, v) (!(((typeof(m))(v) << __builtin_ctzll(m)) & ~(m)))
#define lower_32_bits(n) ((u32)((n) & 0xffffffff))
#define upper_32_bits(n) ((u32)(((u64)(n)) >> 32))
#define DIV_ROUND_UP __KERNEL_DIV_ROUND_UP
#define min(a, b) ({ __auto_type __a = (a); __auto_type __b = (b); \
		     __a < __b ? __a : __b; })
#define max(a, b) ({ __auto_type __a = (a); __auto_type __b = (b); \
		     __a > __b ? __a : __b; })
#define min_t(type, a, b) min((type)(a), (type)(b))
#define max_t(type, a, b) max((type)(a), (type)(b))
#define umin(a, b) min((u64)(a), (u64)(b))
#define U8_MAX 0xff
#define U16_MAX 0xffff
#define U32_MAX 0xffffffffU
#define U64_MAX (~0ULL)
#define ilog2(n) (63 - __builtin_clzll((u64)(n)))
#define __ffs(x) ((unsigned long)__builtin_ctzl(x))
#define __fls(x) ((unsigned long)(63 - __builtin_clzl(x)))
#define ffs(x) __builtin_ffs(x)
#define fls(x) ((x) ? 32 - __builtin_clz(x) : 0)
#define fls64(x) ((x) ? 64 - __builtin_clzll(x) : 0)
#define hweight32(x) __builtin_popcount(x)
#define hweight_long(x) __builtin_popcountl(x)
#define IS_ALIGNED(x, a) (((x) & ((typeof(x))(a) - 1)) == 0)
#define ALIGN_DOWN(x, a) ((x) & ~((typeof(x))(a) - 1))
#define ALIGN(x, a) ({ typeof(x) __m = (typeof(x))(a) - 1; ((x) + __m) & ~__m; })
#define BITS_TO_LONGS(n) DIV_ROUND_UP(n, BITS_PER_LONG)
#define cpu_to_be32(x) __builtin_bswap32(x)
#define cpu_to_le64(x) ((u64)(x))
#define le64_to_cpu(x) ((u64)(x))
#define roundup_pow_of_two(n) (1UL << fls64((u64)(n) - 1))
#define rounddown_pow_of_two(n) (1UL << (fls64((u64)(n)) - 1))
#define might_sleep() do { } while (0)
#define cpu_relax() do { } while (0)
#define ARCH_DMA_MINALIGN 64

/* as with CONFIG_KUNIT: a harness may call what KUnit may */
#define VISIBLE_IF_KUNIT
#define EXPORT_SYMBOL_IF_KUNIT EXPORT_SYMBOL

#include <linux/err.h>
#include <linux/list.h>

static inline int get_order(unsigned long size)
{
	int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* ---- printing ------------------------------------------------------- */

struct device;

/*
 * Every kernel message goes through kshim_printk(): counted per level,
 * the last one kept for tests to look at, echoed when KSHIM_VERBOSE is
 * set in the environment.  Levels: 0 error, 1 warning, 2 notice/info.
 */
#define KSHIM_ERR	0
#define KSHIM_WARN	1
#define KSHIM_INFO	2
#define KSHIM_DEBUG	3	/* not counted, not kept */
extern unsigned long kshim_msgs[3];
extern char kshim_last_msg[256];
__printf(3, 4) void kshim_printk(int level, const struct device *dev,
				 const char *fmt, ...);

/*
 * A driver defines pr_fmt() after this file is read: until it does, the
 * name is this function, so that its later macro needs no #undef.
 */
static inline
const char *pr_fmt(const char *fmt)
{
	return fmt;
}

#define pr_err(fmt, ...) kshim_printk(KSHIM_ERR, NULL, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) kshim_printk(KSHIM_WARN, NULL, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) kshim_printk(KSHIM_INFO, NULL, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) kshim_printk(KSHIM_INFO, NULL, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) kshim_printk(KSHIM_DEBUG, NULL, fmt, ##__VA_ARGS__)
#define pr_warn_once pr_warn
#define pr_err_ratelimited pr_err
#define pr_info_ratelimited pr_info
#define dev_err(d, ...) kshim_printk(KSHIM_ERR, d, __VA_ARGS__)
#define dev_warn(d, ...) kshim_printk(KSHIM_WARN, d, __VA_ARGS__)
#define dev_notice(d, ...) kshim_printk(KSHIM_INFO, d, __VA_ARGS__)
#define dev_info(d, ...) kshim_printk(KSHIM_INFO, d, __VA_ARGS__)
#define dev_dbg(d, ...) kshim_printk(KSHIM_DEBUG, d, __VA_ARGS__)
#define dev_err_ratelimited dev_err
#define dev_warn_ratelimited dev_warn
#define dev_info_ratelimited dev_info
#define dev_warn_once dev_warn
#define dev_err_once dev_err
#define dev_info_once dev_info
#define dev_err_probe(d, err, ...) ({ dev_err(d, __VA_ARGS__); (err); })

/* <linux/string_choices.h> */
static inline
const char *str_write_read(bool v)
{
	return v ? "write" : "read";
}

/* every caller may print: the harness keeps the counts */
struct ratelimit_state {
	int unused;
};

#define DEFINE_RATELIMIT_STATE(name, i, b) \
	struct ratelimit_state name = { (i) * 0 + (b) * 0 }
#define DEFAULT_RATELIMIT_INTERVAL 5
#define DEFAULT_RATELIMIT_BURST 10
#define __ratelimit(rs) ((void)(rs), 1)

extern int kshim_warnings;
#define WARN_ON(c) ({ int __c = !!(c); if (__c) kshim_warn(__FILE__, __LINE__); __c; })
#define WARN_ON_ONCE(c) WARN_ON(c)
#define WARN(c, ...) ({ int __c = !!(c); if (__c) { pr_warn(__VA_ARGS__); \
			kshim_warn(__FILE__, __LINE__); } __c; })
#define WARN_ONCE WARN
void kshim_warn(const char *file, int line);

/* a broken kernel assertion ends the test process */
void __noreturn kshim_bug(const char *file, int line);
#define KSHIM_ASSERT_NOT(c) do { if (c) kshim_bug(__FILE__, __LINE__); } while (0)
#define BUG_ON KSHIM_ASSERT_NOT
#define VM_BUG_ON KSHIM_ASSERT_NOT

/* ---- memory ---------------------------------------------------------- */

#define GFP_KERNEL	0x1u
#define GFP_ATOMIC	0x2u
#define GFP_DMA		0x10u
#define GFP_DMA32	0x20u
#define __GFP_ZERO	0x40u
#define __GFP_NOWARN	0x80u
#define __GFP_HIGHMEM	0x100u
#define __GFP_COMP	0x200u

/* fail the next N allocations of any kind (error paths) */
extern int kshim_fail_allocs;
extern long kshim_live_allocs;
void *kshim_alloc(size_t n, bool zero);
void kshim_free(const void *p);

static inline void *kmalloc(size_t n, gfp_t gfp)
{
	return kshim_alloc(n, false);
}

static inline void *kzalloc(size_t n, gfp_t gfp)
{
	return kshim_alloc(n, true);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kshim_alloc(n * size, true);
}

static inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	return kshim_alloc(n * size, false);
}

#define kfree kshim_free
#define kvfree kshim_free

static inline void kmemleak_ignore(const void *p)
{
}

/*
 * RAM: host memory a model sees at KSHIM_RAM_PA onwards, page aligned,
 * whose virt_to_phys() is a physical address of the model.  Page-table
 * pages come from here; anything else has no physical address and
 * virt_to_phys() of it is a harness error.
 */
#define KSHIM_RAM_PA	0x80000000ULL
#define KSHIM_RAM_BYTES	(64ULL << 20)
extern u8 *kshim_ram;
extern long kshim_ram_live_pages;
extern long kshim_ram_errors;
void *kshim_ram_alloc_pages(unsigned int order);
void kshim_ram_free_pages(void *va, unsigned int order);
phys_addr_t kshim_virt_to_phys(const void *va);
void *kshim_phys_to_virt(phys_addr_t pa);

#define virt_to_phys(p) kshim_virt_to_phys(p)
#define phys_to_virt(p) kshim_phys_to_virt(p)
#define __pa(p) kshim_virt_to_phys((void *)(p))
#define __va(p) kshim_phys_to_virt(p)

static inline void *iommu_alloc_pages_node(int nid, gfp_t gfp, int order)
{
	return kshim_ram_alloc_pages(order);
}

static inline void *iommu_alloc_pages(gfp_t gfp, int order)
{
	return kshim_ram_alloc_pages(order);
}

static inline void *iommu_alloc_page(gfp_t gfp)
{
	return kshim_ram_alloc_pages(0);
}

static inline void iommu_free_pages(void *va, int order)
{
	if (va)
		kshim_ram_free_pages(va, order);
}

static inline void iommu_free_page(void *va)
{
	iommu_free_pages(va, 0);
}

static inline unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	return (unsigned long)kshim_ram_alloc_pages(order);
}

static inline void free_pages(unsigned long va, unsigned int order)
{
	if (va)
		kshim_ram_free_pages((void *)va, order);
}

struct kmem_cache {
	size_t size;
};

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, slab_flags_t f,
				     void (*ctor)(void *));
void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *c, void *p);
void kmem_cache_destroy(struct kmem_cache *c);
#define SLAB_CACHE_DMA 0x1u
#define SLAB_CACHE_DMA32 0x2u

/* ---- locks and atomics ---------------------------------------------- */

struct kshim_lock {
	int held;
	const char *name;
};

void kshim_lock_init(struct kshim_lock *l, const char *name);
void kshim_lock_take(struct kshim_lock *l, const char *file, int line);
void kshim_lock_drop(struct kshim_lock *l, const char *file, int line);

#define spinlock_t struct kshim_lock
#define raw_spinlock_t struct kshim_lock
struct mutex {
	struct kshim_lock l;
};

#define DEFINE_SPINLOCK(n) spinlock_t n = { 0, #n }
#define DEFINE_MUTEX(n) struct mutex n = { { 0, #n } }
#define spin_lock_init(l) kshim_lock_init(l, #l)
#define raw_spin_lock_init spin_lock_init
#define spin_lock(l) kshim_lock_take(l, __FILE__, __LINE__)
#define spin_unlock(l) kshim_lock_drop(l, __FILE__, __LINE__)
#define spin_lock_irqsave(l, f) ((f) = 0, spin_lock(l))
#define spin_unlock_irqrestore(l, f) ((void)(f), spin_unlock(l))
#define raw_spin_lock_irqsave spin_lock_irqsave
#define raw_spin_unlock_irqrestore spin_unlock_irqrestore
#define mutex_init(m) kshim_lock_init(&(m)->l, #m)
#define mutex_lock(m) kshim_lock_take(&(m)->l, __FILE__, __LINE__)
#define mutex_unlock(m) kshim_lock_drop(&(m)->l, __FILE__, __LINE__)
#define lockdep_assert_held(l) WARN_ON(!(l)->held)

static inline int atomic_read(const atomic_t *a) { return a->counter; }
static inline void atomic_set(atomic_t *a, int v) { a->counter = v; }
static inline int atomic_inc_return(atomic_t *a) { return ++a->counter; }
static inline int atomic_dec_return(atomic_t *a) { return --a->counter; }
static inline void atomic_inc(atomic_t *a) { a->counter++; }
static inline void atomic_dec(atomic_t *a) { a->counter--; }
static inline int atomic_fetch_add(int v, atomic_t *a)
{
	int old = a->counter;

	a->counter += v;
	return old;
}

static inline int atomic_xchg(atomic_t *a, int v)
{
	int old = a->counter;

	a->counter = v;
	return old;
}

#define ATOMIC_INIT(v) { (v) }
#define cmpxchg_relaxed(p, o, n) __sync_val_compare_and_swap(p, o, n)
#define cmpxchg64_relaxed(p, o, n) __sync_val_compare_and_swap(p, o, n)
#define cmpxchg(p, o, n) __sync_val_compare_and_swap(p, o, n)
#define try_cmpxchg64_relaxed(p, op, n) \
	__atomic_compare_exchange_n(p, op, n, false, __ATOMIC_RELAXED, \
				    __ATOMIC_RELAXED)
#define xchg(p, v) __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST)

/*
 * Host fences at least as strong as the arm64 ones they stand for.  The
 * model runs in the same thread, so they only keep the compiler from
 * moving table stores past an MMIO write; every one is a full fence.
 */
#define KSHIM_FENCE() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define mb KSHIM_FENCE
#define wmb KSHIM_FENCE
#define rmb KSHIM_FENCE
#define dma_wmb KSHIM_FENCE
#define dma_rmb KSHIM_FENCE
#define smp_mb KSHIM_FENCE
#define smp_wmb KSHIM_FENCE
#define smp_rmb KSHIM_FENCE

/* ---- bitmaps ----------------------------------------------------------- */

#define DECLARE_BITMAP(n, bits) unsigned long n[BITS_TO_LONGS(bits)]

static inline void set_bit(long nr, unsigned long *addr)
{
	addr[nr / 64] |= BIT(nr % 64);
}

static inline void clear_bit(long nr, unsigned long *addr)
{
	addr[nr / 64] &= ~BIT(nr % 64);
}

#define __set_bit set_bit
#define __clear_bit clear_bit

static inline bool test_bit(long nr, const unsigned long *addr)
{
	return addr[nr / 64] & BIT(nr % 64);
}

static inline bool test_and_set_bit(long nr, unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	set_bit(nr, addr);
	return old;
}

static inline unsigned long find_next_zero_bit(const unsigned long *addr,
					       unsigned long size,
					       unsigned long start)
{
	for (; start < size; start++)
		if (!test_bit(start, addr))
			return start;
	return size;
}

static inline unsigned long find_next_bit(const unsigned long *addr,
					  unsigned long size,
					  unsigned long start)
{
	for (; start < size; start++)
		if (test_bit(start, addr))
			return start;
	return size;
}

#define find_first_zero_bit(a, s) find_next_zero_bit(a, s, 0)
#define find_first_bit(a, s) find_next_bit(a, s, 0)
#define for_each_set_bit(bit, a, s) \
	for (unsigned long __end = (s), __b = 0; \
	     ((bit) = __b = find_next_bit(a, __end, __b)) < __end; __b++)

static inline bool bitmap_empty(const unsigned long *addr, unsigned int bits)
{
	return find_first_bit(addr, bits) == bits;
}

static inline unsigned int bitmap_weight(const unsigned long *addr,
					 unsigned int bits)
{
	unsigned int i, n = 0;

	for (i = 0; i < bits; i++)
		n += test_bit(i, addr);
	return n;
}

static inline void bitmap_zero(unsigned long *addr, unsigned int bits)
{
	memset(addr, 0, BITS_TO_LONGS(bits) * sizeof(long));
}

/* ---- MMIO and delays ---------------------------------------------- */

/*
 * A window: [va, va + size) handed out by ioremap() for a resource that
 * a model registered with kshim_mmio_add(); each access calls @read or
 * @write with the offset into the window.  Accesses outside any window
 * are harness errors (counted, reads give all ones).
 */
struct kshim_mmio_ops {
	u64 (*read)(void *ctx, u32 off, unsigned int size);
	void (*write)(void *ctx, u32 off, unsigned int size, u64 val);
};

extern unsigned long kshim_mmio_errors;
extern unsigned long kshim_mmio_accesses;
void kshim_mmio_add(phys_addr_t pa, u32 size, const struct kshim_mmio_ops *ops,
		    void *ctx);
void kshim_mmio_reset(void);
void __iomem *kshim_ioremap(phys_addr_t pa, size_t size);
u64 kshim_mmio_read(const void __iomem *addr, unsigned int size);
void kshim_mmio_write(void __iomem *addr, unsigned int size, u64 val);

#define readl_relaxed(a) ((u32)kshim_mmio_read(a, 4))
#define readq_relaxed(a) kshim_mmio_read(a, 8)
#define readl(a) readl_relaxed(a)
#define readq(a) readq_relaxed(a)
#define writel_relaxed(v, a) kshim_mmio_write(a, 4, (u32)(v))
#define writeq_relaxed(v, a) kshim_mmio_write(a, 8, (u64)(v))
#define writel(v, a) writel_relaxed(v, a)
#define writeq(v, a) writeq_relaxed(v, a)
#define ioremap(pa, size) kshim_ioremap(pa, size)
static inline void iounmap(void __iomem *addr)
{
}

static inline u64 hi_lo_readq_relaxed(const void __iomem *a)
{
	u32 hi = readl_relaxed((const u8 __iomem *)a + 4);
	u32 lo = readl_relaxed(a);

	return (u64)hi << 32 | lo;
}

static inline void hi_lo_writeq_relaxed(u64 v, void __iomem *a)
{
	writel_relaxed(v >> 32, (u8 __iomem *)a + 4);
	writel_relaxed(v, a);
}

/* time only passes when the driver waits: udelay() advances it */
extern u64 kshim_now_ns;
#define udelay(us) (kshim_now_ns += (u64)(us) * 1000)
#define ndelay(ns) (kshim_now_ns += (ns))
#define mdelay(ms) udelay((u64)(ms) * 1000)
#define msleep(ms) mdelay(ms)

/* iopoll: poll until @cond or until virtual time passes @timeout_us */
#define readx_poll_timeout(op, addr, val, cond, delay_us, timeout_us) ({ \
	u64 __to = (timeout_us), __dl = (delay_us); \
	u64 __end = kshim_now_ns + __to * 1000; \
	typeof(addr) __a = (addr); \
	bool __late, __ok; \
	for (;;) { \
		__late = __to && kshim_now_ns >= __end; \
		(val) = op(__a); \
		__ok = (cond); \
		if (__ok || __late) \
			break; \
		udelay(__dl ?: 1); \
	} \
	__ok ? 0 : -ETIMEDOUT; })
#define readl_poll_timeout(a, v, c, d, t) \
	readx_poll_timeout(readl_relaxed, a, v, c, d, t)
#define readl_poll_timeout_atomic readl_poll_timeout
#define readl_relaxed_poll_timeout readl_poll_timeout
#define readl_relaxed_poll_timeout_atomic readl_poll_timeout
#define readq_poll_timeout(a, v, c, d, t) \
	readx_poll_timeout(readq_relaxed, a, v, c, d, t)
#define readq_poll_timeout_atomic readq_poll_timeout
#define readq_relaxed_poll_timeout readq_poll_timeout

#include "kshim-dev.h"
#include "kshim-iommu.h"

#endif /* KSHIM_H */
