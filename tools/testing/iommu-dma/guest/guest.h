/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared pieces of the iommu-dma guest init: options from the kernel
 * command line, the KTAP case runner and small helpers.
 */
#ifndef IOMMU_DMA_GUEST_H
#define IOMMU_DMA_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT(n)		(1u << (n))
/*
 * The kernel's __printf for user space.  The attribute goes through a
 * second macro so that checkpatch does not mistake this definition for a
 * use of the raw attribute.
 */
#define GUEST_FORMAT_ATTR	format
#define __printf(fmt, args) __attribute__((GUEST_FORMAT_ATTR(printf, fmt, args)))

/* Verdicts a case returns. */
enum verdict {
	V_PASS,
	V_FAIL,
	V_SKIP,
};

enum iommu_mode {
	MODE_UNKNOWN,
	MODE_STRICT,
	MODE_LAZY,
	MODE_PASSTHROUGH,
};

#define SUITE_GROUPS	BIT(0)
#define SUITE_BLK	BIT(1)
#define SUITE_EDU	BIT(2)
#define SUITE_BENCH	BIT(3)
#define SUITE_DOMAINS	BIT(4)
#define SUITE_REBIND	BIT(5)
#define SUITE_FAULTS	BIT(6)
#define SUITE_SOAK	BIT(7)
#define SUITE_ALL	(SUITE_GROUPS | SUITE_BLK | SUITE_EDU | SUITE_BENCH | \
			 SUITE_DOMAINS | SUITE_REBIND | SUITE_FAULTS | SUITE_SOAK)

struct options {
	enum iommu_mode mode;		/* from iommu.strict=/passthrough=, or observed */
	int mode_from_cmdline;
	unsigned int suites;		/* SUITE_* */
	unsigned int bench_seconds;	/* iommu_dma.bench_seconds= */
	unsigned int blk_mib;		/* iommu_dma.blk_mib= */
	uint64_t seed;			/* iommu_dma.seed= */
	int quiet;			/* iommu_dma.quiet=, lower console log level */
	int noncoherent;		/* iommu_dma.noncoherent=1: PCI is not coherent */
	int paging_stage;		/* arm_smmu_v3.paging_stage=, 0 if absent */
	int forcedac;			/* iommu.forcedac=1 */
	int kmemleak;			/* kmemleak=on */
	unsigned int rebind_cycles;	/* iommu_dma.rebind_cycles= */
	unsigned int soak_ios;		/* iommu_dma.soak_ios= */
	unsigned int faults_ops;	/* iommu_dma.faults_ops= */
};

extern struct options opt;

const char *mode_name(enum iommu_mode mode);
/* Group type expected of a DMA-API device in the current mode, or NULL. */
const char *expected_group_type(void);

/*
 * Case runner.  Each case runs in a child process under a time limit, so
 * that a crash or a hang costs one "not ok" line, not the whole run.
 */
struct tcase {
	int verdict;
	char note[240];		/* reason for SKIP or FAIL */
};

typedef int (*case_fn)(struct tcase *tc, const void *arg);

struct suite {
	const char *name;
	int plan;
	int done;
	int passed, failed, skipped;
};

void suite_begin(struct suite *s, const char *name, int plan);
int suite_case(struct suite *s, const char *name, int timeout_s,
	       case_fn fn, const void *arg);
/* Record a case decided without running anything. */
void suite_result(struct suite *s, const char *name, int verdict,
		  const char *note);
int suite_end(struct suite *s);

/* KTAP diagnostic line at the current nesting level. */
__printf(1, 2) void diag(const char *fmt, ...);
__printf(2, 3) int fail(struct tcase *tc, const char *fmt, ...);
__printf(2, 3) int skip(struct tcase *tc, const char *fmt, ...);

/* Helpers */
uint64_t now_ms(void);
void sleep_ms(unsigned int ms);
/* Read a small file, newline stripped; returns length or -errno. */
int read_text(const char *path, char *buf, size_t size);
/* Write a string to a sysfs attribute; returns 0 or -errno. */
int write_text(const char *path, const char *text);
/* Wait for a path to exist; returns 0 or -ETIMEDOUT. */
int wait_path(const char *path, unsigned int timeout_ms);
/* FNV-1a: fold the bytes of @s into @h. */
uint64_t hash_name(uint64_t h, const char *s);
/* pread()/pwrite() all of @len bytes at @off; 0, or -errno (-EIO at EOF). */
int io_full(int fd, int writing, void *buf, size_t len, uint64_t off);
/*
 * The message text of a /dev/kmsg record ("prefix;text\n..."), cut at
 * its first newline, or NULL if @rec is not a record.
 */
char *kmsg_message(char *rec);
int kmsg_find(bool (*match)(const char *msg, const void *ctx),
	      const void *ctx, char *out, size_t size);
/*
 * Read the kernel log from @fd (opened on /dev/kmsg, non-blocking) to its
 * end; returns how many records report a kernel problem (a warning, BUG,
 * oops, DMA-API debug report, hung task or RCU stall) and copies the
 * first of them into @first.
 */
int kmsg_problems(int fd, char *first, size_t size);
/* The console log level now (first field of /proc/sys/kernel/printk). */
int console_level(void);

struct prng {
	uint64_t state;
};

void prng_seed(struct prng *r, uint64_t seed);
uint64_t prng_next(struct prng *r);
/* Uniform in [lo, hi]. */
uint64_t prng_range(struct prng *r, uint64_t lo, uint64_t hi);
void prng_fill(struct prng *r, void *buf, size_t len);

/* PCI functions found under /sys/bus/pci/devices */
struct pci_fn {
	char bdf[16];
	unsigned int vendor;
	unsigned int device;
	unsigned int class;
};

enum pci_kind {
	PCI_OTHER,
	PCI_VIRTIO_BLK,
	PCI_NVME,
	PCI_EDU,
	PCI_EDU_FW,	/* an edu with a device tree node: firmware regions */
	PCI_KINDS
};

#define PCI_FN_MAX	64

int pci_scan(struct pci_fn *fns, int max);
enum pci_kind pci_kind_of(const struct pci_fn *fn);
const char *pci_kind_name(enum pci_kind kind);
/* BDF of the first function of @kind; returns 0 or -ENODEV. */
int pci_find_kind(enum pci_kind kind, char *bdf, size_t size);
/* BDF of the first edu function; returns 0 or -ENODEV. */
static inline int pci_find_edu(char *bdf, size_t size)
{
	return pci_find_kind(PCI_EDU, bdf, size);
}

#define PCI_DEVICES	"/sys/bus/pci/devices"
#define PCI_DRIVERS	"/sys/bus/pci/drivers"
#define PCI_EDU_DRIVER	"iommu-edu"

/* Name of the driver @bdf is bound to, or "" when none is. */
void pci_bound_driver(const char *bdf, char *out, size_t size);
/* Unbind @bdf from its driver, if any; returns 0 or -errno. */
int pci_unbind(const char *bdf);
/* Bind @bdf to @drv (through driver_override unless @drv is iommu-edu). */
int pci_bind(const char *bdf, const char *drv);

/* Suites; each prints one KTAP subtest and returns a verdict. */
int suite_groups(void);
int suite_blk(void);
int suite_edu(void);
int suite_bench(void);
int suite_domains(void);
int suite_rebind(void);
int suite_faults(void);
int suite_soak(void);

#endif /* IOMMU_DMA_GUEST_H */
