// SPDX-License-Identifier: GPL-2.0
/*
 * bench: map/unmap latency through the IOMMU, measured by the kernel's
 * dma_map_benchmark driver on the edu function, which is lent to it
 * through driver_override and given back to iommu-edu afterwards.
 */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/ioctl.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <misc/iommu-edu.h>

#include "guest.h"

#define BENCH_NODE	"/sys/kernel/debug/dma_map_benchmark"
#define BENCH_DRIVER	"dma_map_benchmark"

/*
 * The kernel's benchmark request (ABI of DMA_MAP_BENCHMARK), declared
 * here because the kernel does not export its header to user space.
 */
struct dma_bench_req {
	__u64 map_avg_100ns;
	__u64 map_stddev_100ns;
	__u64 unmap_avg_100ns;
	__u64 unmap_stddev_100ns;
	__u32 nr_threads;
	__u32 seconds;
	__s32 numa_node;
	__u32 dma_bits;
	__u32 direction;
	__u32 trans_delay_ns;
	__u32 pages_per_map;
	__u8 reserved[76];
};

static_assert(sizeof(struct dma_bench_req) == 136,
	      "layout of struct map_benchmark");

#define DMA_BENCH_IOCTL		_IOWR('d', 1, struct dma_bench_req)
#define DMA_BENCH_BIDIRECTIONAL	0
#define DMA_BENCH_ANY_NODE	(-1)

struct bench_point {
	const char *name;
	unsigned int threads, granule, bits;
};

static const struct bench_point points[] = {
	{ "threads=1_granule=1_bits=32", 1, 1, 32 },
	{ "threads=1_granule=1_bits=48", 1, 1, 48 },
	{ "threads=1_granule=16_bits=32", 1, 16, 32 },
	{ "threads=1_granule=16_bits=48", 1, 16, 48 },
	/* 4 MiB: above the base's IOVA cache, so it searches its tree. */
	{ "threads=1_granule=1024_bits=32", 1, 1024, 32 },
	{ "threads=1_granule=1024_bits=48", 1, 1024, 48 },
	{ "threads=2_granule=1_bits=32", 2, 1, 32 },
	{ "threads=2_granule=1_bits=48", 2, 1, 48 },
	{ "threads=2_granule=16_bits=32", 2, 16, 32 },
	{ "threads=2_granule=16_bits=48", 2, 16, 48 },
	{ "threads=2_granule=1024_bits=32", 2, 1024, 32 },
	{ "threads=2_granule=1024_bits=48", 2, 1024, 48 },
};

static char edu_bdf[16];

static int lend_case(struct tcase *tc, const void *arg)
{
	struct iommu_edu_create c = {
		.kind = IOMMU_EDU_KIND_COHERENT,
		.size = 8192,
	};
	struct iommu_edu_info info;
	char drv[64];
	int err, fd;

	(void)arg;
	/*
	 * Unbind iommu-edu while a file of it is open and holds a buffer:
	 * the unbind must complete and the file must then fail cleanly.
	 */
	fd = open("/dev/iommu-edu", O_RDWR | O_CLOEXEC);
	if (fd >= 0 && ioctl(fd, IOMMU_EDU_IOC_CREATE, &c))
		diag("could not create a buffer: %s", strerror(errno));
	err = pci_unbind(edu_bdf);
	if (err)
		return fail(tc, "unbind %s: %s", edu_bdf, strerror(-err));
	if (fd >= 0) {
		if (!ioctl(fd, IOMMU_EDU_IOC_INFO, &info) || errno != ENODEV)
			return fail(tc, "an open file still works after unbind");
		close(fd);
	}
	err = pci_bind(edu_bdf, BENCH_DRIVER);
	if (err)
		return fail(tc, "bind %s to " BENCH_DRIVER ": %s", edu_bdf,
			    strerror(-err));
	pci_bound_driver(edu_bdf, drv, sizeof(drv));
	diag("%s now bound to %s", edu_bdf, drv[0] ? drv : "nothing");
	if (wait_path(BENCH_NODE, 5000))
		return fail(tc, BENCH_NODE " did not appear");
	return V_PASS;
}

static int point_case(struct tcase *tc, const void *arg)
{
	const struct bench_point *p = arg;
	struct dma_bench_req req;
	char figures[160];
	int fd, ret;

	fd = open(BENCH_NODE, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return fail(tc, "open " BENCH_NODE ": %s", strerror(errno));

	memset(&req, 0, sizeof(req));
	req.nr_threads = p->threads;
	req.seconds = opt.bench_seconds;
	req.numa_node = DMA_BENCH_ANY_NODE;
	req.dma_bits = p->bits;
	req.direction = DMA_BENCH_BIDIRECTIONAL;
	req.pages_per_map = p->granule;
	ret = ioctl(fd, DMA_BENCH_IOCTL, &req);
	if (ret) {
		ret = errno;
		close(fd);
		return fail(tc, "DMA_MAP_BENCHMARK: %s", strerror(ret));
	}
	close(fd);

	snprintf(figures, sizeof(figures),
		 "map_100ns=%llu map_stddev=%llu unmap_100ns=%llu unmap_stddev=%llu",
		 (unsigned long long)req.map_avg_100ns,
		 (unsigned long long)req.map_stddev_100ns,
		 (unsigned long long)req.unmap_avg_100ns,
		 (unsigned long long)req.unmap_stddev_100ns);
	diag("report: bench threads=%u granule=%u bits=%u %s", p->threads,
	     p->granule, p->bits, figures);
	if (!req.map_avg_100ns || !req.unmap_avg_100ns)
		return fail(tc, "benchmark returned zero latency");
	return V_PASS;
}

static int restore_case(struct tcase *tc, const void *arg)
{
	char drv[64];
	int err;

	(void)arg;
	err = pci_unbind(edu_bdf);
	if (err)
		return fail(tc, "unbind %s: %s", edu_bdf, strerror(-err));
	err = pci_bind(edu_bdf, PCI_EDU_DRIVER);
	if (err)
		return fail(tc, "bind %s to " PCI_EDU_DRIVER ": %s", edu_bdf,
			    strerror(-err));
	pci_bound_driver(edu_bdf, drv, sizeof(drv));
	diag("%s bound to %s again", edu_bdf, drv[0] ? drv : "nothing");
	if (strcmp(drv, PCI_EDU_DRIVER))
		return fail(tc, "%s is bound to '%s'", edu_bdf, drv);
	if (wait_path("/dev/iommu-edu", 5000))
		return fail(tc, "/dev/iommu-edu did not come back");
	return V_PASS;
}

int suite_bench(void)
{
	struct suite s;
	size_t i;
	int timeout = opt.bench_seconds + 60;

	suite_begin(&s, "bench", 2 + ARRAY_SIZE(points));
	if (pci_find_edu(edu_bdf, sizeof(edu_bdf))) {
		suite_result(&s, "lend_edu", V_FAIL, "no edu device");
		for (i = 0; i < ARRAY_SIZE(points); i++)
			suite_result(&s, points[i].name, V_SKIP, "no edu device");
		suite_result(&s, "restore_edu", V_SKIP, "no edu device");
		return suite_end(&s);
	}
	diag("dma_map_benchmark on edu %s, %u s per point", edu_bdf,
	     opt.bench_seconds);

	if (suite_case(&s, "lend_edu", 30, lend_case, NULL) == V_PASS) {
		for (i = 0; i < ARRAY_SIZE(points); i++)
			suite_case(&s, points[i].name, timeout, point_case,
				   &points[i]);
	} else {
		for (i = 0; i < ARRAY_SIZE(points); i++)
			suite_result(&s, points[i].name, V_FAIL,
				     "edu not lent to " BENCH_DRIVER);
	}
	suite_case(&s, "restore_edu", 30, restore_case, NULL);
	return suite_end(&s);
}
