// SPDX-License-Identifier: GPL-2.0
/*
 * dio: random O_DIRECT requests on one slice of a disk, with every byte
 * that comes back compared against a shadow copy of what was written.
 *
 * Buffers start at 512-byte but never page-aligned addresses, so every
 * request spans pages in the IOMMU the way a real workload's do.  A write
 * is read back at once; a read of an older extent compares the sectors
 * the shadow knows.  Writes that fail (under fault injection) leave their
 * sectors unknown, since part of them may have reached the disk.
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

#include "dio.h"

#define SECTOR		512u
#define PAGE_BYTES	4096u

static int known(const struct dio *d, uint64_t s)
{
	return d->known[s / 8] & (1u << (s % 8));
}

static void set_known(struct dio *d, uint64_t off, uint64_t len, int yes)
{
	uint64_t s;

	for (s = off / SECTOR; s < (off + len) / SECTOR; s++) {
		if (yes)
			d->known[s / 8] |= 1u << (s % 8);
		else
			d->known[s / 8] &= ~(1u << (s % 8));
	}
}

int dio_open(struct dio *d, const char *disk, unsigned int index,
	     unsigned int slices, uint32_t max_len, uint64_t seed)
{
	uint64_t size;
	char path[64];

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	snprintf(d->name, sizeof(d->name), "%s", disk);
	snprintf(path, sizeof(path), "/dev/%s", disk);
	if (!slices || index >= slices || max_len < SECTOR)
		return -EINVAL;
	if (wait_path(path, 20000))
		return -ENOENT;
	d->fd = open(path, O_RDWR | O_DIRECT | O_CLOEXEC);
	if (d->fd < 0)
		return -errno;
	if (ioctl(d->fd, BLKGETSIZE64, &size))
		return -errno;
	d->bytes = (size / slices) & ~(uint64_t)(SECTOR - 1);
	d->base = d->bytes * index;
	d->max_len = max_len & ~(SECTOR - 1);
	if (d->bytes < d->max_len)
		return -ENOSPC;

	d->shadow = malloc(d->bytes);
	d->known = calloc(1, d->bytes / SECTOR / 8 + 1);
	d->wpool = aligned_alloc(PAGE_BYTES, d->max_len + PAGE_BYTES);
	d->rpool = aligned_alloc(PAGE_BYTES, d->max_len + PAGE_BYTES);
	if (!d->shadow || !d->known || !d->wpool || !d->rpool)
		return -ENOMEM;
	/* Touch everything now: nothing to fault in while injection is on. */
	memset(d->shadow, 0, d->bytes);
	memset(d->wpool, 0, d->max_len + PAGE_BYTES);
	memset(d->rpool, 0, d->max_len + PAGE_BYTES);
	prng_seed(&d->rng, hash_name(seed, disk) + index);
	return 0;
}

void dio_close(struct dio *d)
{
	if (d->fd >= 0)
		close(d->fd);
	free(d->shadow);
	free(d->known);
	free(d->wpool);
	free(d->rpool);
	d->fd = -1;
	d->shadow = NULL;
	d->known = NULL;
	d->wpool = NULL;
	d->rpool = NULL;
}

static unsigned char *odd_slot(struct dio *d, unsigned char *pool)
{
	return pool + SECTOR * prng_range(&d->rng, 1, PAGE_BYTES / SECTOR - 1);
}

/* Compare @len bytes read at slice offset @off where the shadow knows them. */
static void compare(struct dio *d, const unsigned char *got, uint64_t off,
		    uint64_t len, const char *what)
{
	uint64_t s, i, bad = 0;

	for (s = 0; s < len / SECTOR; s++) {
		const unsigned char *want = d->shadow + off + s * SECTOR;
		const unsigned char *have = got + s * SECTOR;

		if (!known(d, off / SECTOR + s))
			continue;
		d->verified += SECTOR;
		if (!memcmp(have, want, SECTOR))
			continue;
		for (i = 0; i < SECTOR; i++)
			bad += have[i] != want[i];
	}
	if (!bad)
		return;
	d->mismatches += bad;
	if (!d->quiet && d->reports++ < 8)
		diag("%s: %s at 0x%llx+%llu: %llu bytes wrong", d->name, what,
		     (unsigned long long)(d->base + off),
		     (unsigned long long)len, (unsigned long long)bad);
}

/* A failure is clean when its errno is one @clean_ok allows. */
static int failed(struct dio *d, int err, int clean_ok)
{
	if (clean_ok && (err == -EIO || err == -ENOMEM)) {
		d->errors++;
		return 0;
	}
	if (!d->bad_errno)
		d->bad_errno = -err;
	return err;
}

static uint32_t pick_len(struct dio *d)
{
	unsigned int top = 9, shift;
	uint64_t len;

	while ((2ull << top) <= d->max_len)
		top++;
	shift = prng_range(&d->rng, 9, top);
	len = prng_range(&d->rng, 1ull << shift, (2ull << shift) - 1);
	len &= ~(uint64_t)(SECTOR - 1);
	if (len < SECTOR)
		len = SECTOR;
	if (len > d->max_len)
		len = d->max_len;
	return len;
}

int dio_step(struct dio *d, int clean_ok)
{
	uint32_t len = pick_len(d);
	uint64_t off = SECTOR * prng_range(&d->rng, 0,
					   (d->bytes - len) / SECTOR);
	unsigned char *wbuf = odd_slot(d, d->wpool);
	unsigned char *rbuf = odd_slot(d, d->rpool);
	int err;

	if (prng_next(&d->rng) & 1) {
		err = io_full(d->fd, 0, rbuf, len, d->base + off);
		if (err)
			return failed(d, err, clean_ok);
		d->ios++;
		d->bytes_moved += len;
		compare(d, rbuf, off, len, "read");
		return 0;
	}

	prng_fill(&d->rng, wbuf, len);
	err = io_full(d->fd, 1, wbuf, len, d->base + off);
	if (err) {
		/* Some of it may be on the disk: forget what was there. */
		set_known(d, off, len, 0);
		return failed(d, err, clean_ok);
	}
	d->ios++;
	d->bytes_moved += len;
	memcpy(d->shadow + off, wbuf, len);
	set_known(d, off, len, 1);

	memset(rbuf, 0xa5, len);
	err = io_full(d->fd, 0, rbuf, len, d->base + off);
	if (err)
		return failed(d, err, clean_ok);
	d->ios++;
	d->bytes_moved += len;
	compare(d, rbuf, off, len, "read-back");
	return 0;
}

int dio_verify_all(struct dio *d)
{
	unsigned char *rbuf = odd_slot(d, d->rpool);
	uint64_t off, len;
	int err;

	for (off = 0; off < d->bytes; off += len) {
		len = d->bytes - off;
		if (len > d->max_len)
			len = d->max_len;
		err = io_full(d->fd, 0, rbuf, len, d->base + off);
		if (err)
			return failed(d, err, 0);
		d->ios++;
		d->bytes_moved += len;
		compare(d, rbuf, off, len, "final read");
	}
	return 0;
}
