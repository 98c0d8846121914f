// SPDX-License-Identifier: GPL-2.0
/*
 * blk: O_DIRECT traffic through the IOMMU on virtio-blk and NVMe.
 *
 * Random extents of 512 B to 4 MiB are written from buffers that start at
 * a 512-byte but never page-aligned address, read back at another such
 * address and compared byte for byte.  A copy of everything written is kept
 * in memory, and a last pass reads every written extent again, so that a
 * mapping that sent data to the wrong place is caught even when it went to
 * the wrong sector rather than the wrong page.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "guest.h"

#define SECTOR		512u
#define PAGE		4096u
#define REQ_MAX		(4u << 20)
#define SHADOW_MAX	(256ull << 20)

struct disk_run {
	int fd;
	const char *name;
	uint64_t bytes;
	unsigned char *shadow;		/* what the disk should hold */
	unsigned char *written;		/* one bit per sector */
	unsigned char *wpool, *rpool;
	uint64_t verified;		/* bytes compared */
	uint64_t mismatches;		/* bytes that differed */
	unsigned int bad_requests;
	struct prng rng;
};

/* A 512-byte aligned address inside @pool that is not page aligned. */
static unsigned char *odd_slot(struct disk_run *d, unsigned char *pool)
{
	return pool + SECTOR * prng_range(&d->rng, 1, PAGE / SECTOR - 1);
}

static void compare(struct disk_run *d, const unsigned char *got,
		    const unsigned char *want, size_t len, uint64_t off,
		    const char *what)
{
	uint64_t bad = 0;
	size_t i, first = 0;

	for (i = 0; i < len; i++) {
		if (got[i] != want[i]) {
			if (!bad)
				first = i;
			bad++;
		}
	}
	d->verified += len;
	if (!bad)
		return;
	d->mismatches += bad;
	if (d->bad_requests++ < 8)
		diag("%s: %s 0x%llx+%zu: %llu bytes wrong, first +%zu (0x%02x, not 0x%02x)",
		     d->name, what, (unsigned long long)off, len,
		     (unsigned long long)bad, first, got[first], want[first]);
}

static size_t pick_length(struct disk_run *d, unsigned int op)
{
	/* The first requests cover the edges; the rest spread log-uniformly. */
	static const size_t edges[] = { SECTOR, REQ_MAX, PAGE + SECTOR,
					3 * SECTOR, 64 * 1024 - SECTOR };
	unsigned int shift;
	size_t len;

	if (op < ARRAY_SIZE(edges)) {
		len = edges[op];
	} else {
		shift = prng_range(&d->rng, 9, 21);
		len = prng_range(&d->rng, 1ull << shift, 2ull << shift);
	}
	len &= ~(size_t)(SECTOR - 1);
	if (len < SECTOR)
		len = SECTOR;
	if (len > REQ_MAX)
		len = REQ_MAX;
	if (len > d->bytes)
		len = d->bytes & ~(uint64_t)(SECTOR - 1);
	return len;
}

static void mark_written(struct disk_run *d, uint64_t off, size_t len)
{
	uint64_t s;

	for (s = off / SECTOR; s < (off + len) / SECTOR; s++)
		d->written[s / 8] |= 1u << (s % 8);
}

static int is_written(struct disk_run *d, uint64_t sector)
{
	return d->written[sector / 8] & (1u << (sector % 8));
}

static int one_request(struct disk_run *d, unsigned int op, uint64_t *done)
{
	size_t len = pick_length(d, op);
	uint64_t sectors = d->bytes / SECTOR;
	uint64_t off = SECTOR * prng_range(&d->rng, 0, sectors - len / SECTOR);
	unsigned char *wbuf = odd_slot(d, d->wpool);
	unsigned char *rbuf = odd_slot(d, d->rpool);
	int err;

	prng_fill(&d->rng, wbuf, len);
	err = io_full(d->fd, 1, wbuf, len, off);
	if (err) {
		diag("%s: write of %zu bytes at 0x%llx: %s", d->name, len,
		     (unsigned long long)off, strerror(-err));
		return err;
	}
	memcpy(d->shadow + off, wbuf, len);
	mark_written(d, off, len);
	*done += len;

	memset(rbuf, 0xa5, len);
	err = io_full(d->fd, 0, rbuf, len, off);
	if (err) {
		diag("%s: read of %zu bytes at 0x%llx: %s", d->name, len,
		     (unsigned long long)off, strerror(-err));
		return err;
	}
	compare(d, rbuf, wbuf, len, off, "read-back");
	return 0;
}

/* Read every written extent again and hold it against the shadow copy. */
static int final_pass(struct disk_run *d)
{
	uint64_t sectors = d->bytes / SECTOR, s = 0, run;
	int err;

	while (s < sectors) {
		if (!is_written(d, s)) {
			s++;
			continue;
		}
		for (run = 0; s + run < sectors && is_written(d, s + run) &&
		     run * SECTOR < REQ_MAX; run++)
			;
		{
			unsigned char *rbuf = odd_slot(d, d->rpool);
			size_t len = run * SECTOR;
			uint64_t off = s * SECTOR;

			memset(rbuf, 0x5a, len);
			err = io_full(d->fd, 0, rbuf, len, off);
			if (err) {
				diag("%s: re-read at 0x%llx: %s", d->name,
				     (unsigned long long)off, strerror(-err));
				return err;
			}
			compare(d, rbuf, d->shadow + off, len, off, "re-read");
		}
		s += run;
	}
	return 0;
}

static int disk_case(struct tcase *tc, const void *arg)
{
	const char *name = arg;
	uint64_t budget = (uint64_t)opt.blk_mib << 20, written = 0;
	uint64_t start = now_ms();
	struct disk_run d = { .name = name, .fd = -1 };
	char path[64];
	unsigned int op;
	int err = 0;

	snprintf(path, sizeof(path), "/dev/%s", name);
	if (wait_path(path, 20000))
		return fail(tc, "%s did not appear", path);
	d.fd = open(path, O_RDWR | O_DIRECT | O_CLOEXEC);
	if (d.fd < 0)
		return fail(tc, "open %s: %s", path, strerror(errno));
	if (ioctl(d.fd, BLKGETSIZE64, &d.bytes) || d.bytes < SECTOR)
		return fail(tc, "cannot size %s", path);
	if (d.bytes > SHADOW_MAX)
		d.bytes = SHADOW_MAX;

	d.shadow = calloc(1, d.bytes);
	d.written = calloc(1, d.bytes / SECTOR / 8 + 1);
	d.wpool = aligned_alloc(PAGE, REQ_MAX + PAGE);
	d.rpool = aligned_alloc(PAGE, REQ_MAX + PAGE);
	if (!d.shadow || !d.written || !d.wpool || !d.rpool)
		return fail(tc, "out of memory");

	prng_seed(&d.rng, opt.seed ^ hash_name(1469598103934665603ULL, name));
	diag("%s: %llu MiB, seed 0x%llx, writing %u MiB", name,
	     (unsigned long long)(d.bytes >> 20),
	     (unsigned long long)opt.seed, opt.blk_mib);

	for (op = 0; written < budget && !err; op++)
		err = one_request(&d, op, &written);
	if (!err)
		err = final_pass(&d);

	diag("%s: %u requests, %.1f MiB written, %.1f MiB compared in %.1f s",
	     name, op, written / 1048576.0, d.verified / 1048576.0,
	     (now_ms() - start) / 1000.0);
	diag("report: data dev=%s mib=%.1f mismatches=%llu", name,
	     d.verified / 1048576.0, (unsigned long long)d.mismatches);
	close(d.fd);

	if (err)
		return fail(tc, "I/O error: %s", strerror(-err));
	if (d.mismatches)
		return fail(tc, "%llu bytes differ in %u requests",
			    (unsigned long long)d.mismatches, d.bad_requests);
	return V_PASS;
}

int suite_blk(void)
{
	static const char * const disks[] = { "vda", "nvme0n1" };
	struct suite s;
	size_t i;

	suite_begin(&s, "blk", ARRAY_SIZE(disks));
	for (i = 0; i < ARRAY_SIZE(disks); i++)
		suite_case(&s, disks[i], 120, disk_case, disks[i]);
	return suite_end(&s);
}
