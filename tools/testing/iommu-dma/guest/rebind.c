// SPDX-License-Identifier: GPL-2.0
/*
 * rebind: take the virtio-blk and NVMe functions away from their drivers
 * and give them back, a hundred times each, while the data on the disks
 * must survive and the kernel must not leak.
 *
 * Every unbind tears down the driver's DMA mappings, queues and interrupt
 * vectors while the device stays in its IOMMU group; every bind sets them
 * up again through the same default domain.  Between two rebinds a small
 * extent is read back and a fresh one written (both with O_DIRECT, so the
 * bytes travel by DMA through the SMMU), and every tenth cycle the whole
 * test region is read back.  An in-memory copy says what each byte must be.
 *
 * Cases:
 *   prepare            write and verify a seeded pattern on both disks;
 *                      with kmemleak on, scan and "clear" what boot left so
 *                      that only objects born later can be reported
 *   cycles_virtio_blk  the rebind loop on the virtio-blk function
 *   cycles_nvme        the rebind loop on the NVMe function
 *   kmemleak           let the objects age, scan a few times, and fail on
 *                      any suspected leak (SKIP unless booted kmemleak=on)
 *
 * iommu_dma.rebind_cycles=N on the kernel command line changes the count.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guest.h"

#define SECTOR		512u
#define PAGE		4096u
#define KIB		1024u
#define MIB		(1024u * KIB)
#define REGION_START	MIB		/* keep clear of a partition table */
#define REGION_BYTES	(4 * MIB)
#define CHUNK		MIB		/* largest single request */
#define SLICE_MAX	(64 * KIB)
#define FULL_EVERY	10
#define APPEAR_MS	30000u		/* NVMe scans its namespaces later */
#define LEAK_AGE_MS	6000u		/* kmemleak ignores younger objects */
#define LEAK_SCANS	3
#define LEAK_GAP_MS	2000u
#define KMEMLEAK	"/sys/kernel/debug/kmemleak"
#define REPORT_LINES	19		/* a leak's head and 16 frames */
#define REPORT_LEAKS	6

struct target {
	enum pci_kind kind;
	const char *label;
	const char *driver;	/* the driver it is expected to bind to */
};

static const struct target targets[] = {
	{ PCI_VIRTIO_BLK, "virtio_blk", "virtio-pci" },
	{ PCI_NVME, "nvme", "nvme" },
};

/* What one case leaves for the later ones: they run in other processes. */
struct shared_state {
	int prepared[ARRAY_SIZE(targets)];
	int boot_leaks_cleared;
};

static struct shared_state *state;

/* A function, its driver and its disk, as one case sees them. */
struct bound_disk {
	char bdf[16];
	char drv[32];
	char disk[32];
	char first_disk[32];
	int fd;
	unsigned char *truth;	/* what the region must hold */
	unsigned char *pool;	/* DMA buffers, CHUNK plus a page */
	struct prng rng;

	/* tallies */
	unsigned int cycle;	/* the one under way, 0 before the first */
	unsigned int done;
	unsigned int renamed;
	unsigned int bad_extents;
	uint64_t compared;
	uint64_t written;
	uint64_t wrong_bytes;
	uint64_t unbind_ms, unbind_max;
	uint64_t bind_ms, bind_max;
};

/* The block device a PCI function currently provides, found through sysfs. */
static int disk_of(const char *bdf, char *name, size_t size)
{
	char link[300], real[PATH_MAX], needle[24];
	struct dirent *de;
	int found = -ENODEV;
	DIR *d;

	d = opendir("/sys/block");
	if (!d)
		return -errno;
	snprintf(needle, sizeof(needle), "/%s/", bdf);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), "/sys/block/%s", de->d_name);
		if (!realpath(link, real) || !strstr(real, needle))
			continue;
		if (strlen(de->d_name) < size) {
			memcpy(name, de->d_name, strlen(de->d_name) + 1);
			found = 0;
		}
		break;
	}
	closedir(d);
	return found;
}

/* Wait for the function's disk and its /dev node; 0 or -ETIMEDOUT. */
static int await_disk(struct bound_disk *b, unsigned int timeout_ms)
{
	uint64_t deadline = now_ms() + timeout_ms;
	char node[48];

	while (disk_of(b->bdf, b->disk, sizeof(b->disk))) {
		if (now_ms() >= deadline)
			return -ETIMEDOUT;
		sleep_ms(20);
	}
	snprintf(node, sizeof(node), "/dev/%s", b->disk);
	while (access(node, F_OK)) {
		if (now_ms() >= deadline)
			return -ETIMEDOUT;
		sleep_ms(20);
	}
	return 0;
}

/* Unlike pci_bind(), leave driver_override alone: plain driver bind. */
static int bind_to(const char *bdf, const char *drv)
{
	char path[160];

	snprintf(path, sizeof(path), PCI_DRIVERS "/%s/bind", drv);
	return write_text(path, bdf);
}

/* Find the target's function, see it bound and its disk present. */
static int locate(struct tcase *tc, struct bound_disk *b,
		  const struct target *t)
{
	struct pci_fn fns[PCI_FN_MAX];
	int i, n, err;

	memset(b, 0, sizeof(*b));
	b->fd = -1;
	n = pci_scan(fns, PCI_FN_MAX);
	for (i = 0; i < n; i++) {
		if (pci_kind_of(&fns[i]) == t->kind) {
			memcpy(b->bdf, fns[i].bdf, sizeof(b->bdf));
			break;
		}
	}
	if (!b->bdf[0])
		return fail(tc, "no %s function on the PCI bus", t->label);

	pci_bound_driver(b->bdf, b->drv, sizeof(b->drv));
	if (!b->drv[0]) {
		/* A case before us may have died between unbind and bind. */
		diag("%s %s has no driver; binding %s", t->label, b->bdf,
		     t->driver);
		err = bind_to(b->bdf, t->driver);
		if (err)
			return fail(tc, "bind %s to %s: %s", b->bdf, t->driver,
				    strerror(-err));
		pci_bound_driver(b->bdf, b->drv, sizeof(b->drv));
	}
	if (strcmp(b->drv, t->driver))
		diag("%s %s is bound to %s, not %s; rebinding that", t->label,
		     b->bdf, b->drv[0] ? b->drv : "nothing", t->driver);
	if (!b->drv[0])
		return fail(tc, "%s has no driver", b->bdf);

	if (await_disk(b, APPEAR_MS))
		return fail(tc, "no block device for %s %s after %u ms",
			    t->label, b->bdf, APPEAR_MS);
	memcpy(b->first_disk, b->disk, sizeof(b->first_disk));

	b->truth = malloc(REGION_BYTES);
	b->pool = aligned_alloc(PAGE, CHUNK + PAGE);
	if (!b->truth || !b->pool)
		return fail(tc, "out of memory");
	return V_PASS;
}

/* The seeded pattern the prepare case writes. */
static void base_pattern(const struct target *t, unsigned char *buf)
{
	struct prng r;

	prng_seed(&r, hash_name(opt.seed ^ 0x7265626e64ULL, t->label));
	prng_fill(&r, buf, REGION_BYTES);
}

/* A sector-aligned address in the pool that no page boundary starts. */
static unsigned char *skewed(struct bound_disk *b)
{
	return b->pool + SECTOR * prng_range(&b->rng, 1, PAGE / SECTOR - 1);
}

static int disk_open(struct bound_disk *b)
{
	char node[48];

	snprintf(node, sizeof(node), "/dev/%s", b->disk);
	b->fd = open(node, O_RDWR | O_DIRECT | O_CLOEXEC);
	return b->fd < 0 ? -errno : 0;
}

/* Flush and close, so that no opener holds the disk across an unbind. */
static int disk_close(struct bound_disk *b)
{
	int err = 0;

	if (b->fd < 0)
		return 0;
	if (fsync(b->fd))
		err = -errno;
	if (close(b->fd) && !err)
		err = -errno;
	b->fd = -1;
	return err;
}

/*
 * Read [rel, rel + len) of the region (at most CHUNK) and hold it against
 * the in-memory copy; I/O errors come back as -errno, wrong bytes are
 * counted and described.
 */
static int check_extent(struct bound_disk *b, uint32_t rel, uint32_t len,
			const char *why)
{
	const unsigned char *want = b->truth + rel;
	unsigned char *got = skewed(b);
	uint32_t i, first = 0, wrong = 0;
	int err;

	memset(got, 0xe7, len);
	err = io_full(b->fd, 0, got, len, REGION_START + rel);
	if (err) {
		diag("%s: read %u bytes at region +0x%x (%s): %s", b->disk,
		     len, rel, why, strerror(-err));
		return err;
	}
	for (i = 0; i < len; i++) {
		if (got[i] == want[i])
			continue;
		if (!wrong++)
			first = i;
	}
	b->compared += len;
	if (!wrong)
		return 0;
	b->wrong_bytes += wrong;
	if (b->bad_extents++ < 10)
		diag("%s: cycle %u, %s of %u bytes at region +0x%x: %u wrong",
		     b->disk, b->cycle, why, len, rel, wrong);
	if (b->bad_extents <= 10)
		diag("%s: first wrong byte at region +0x%x: 0x%02x, not 0x%02x",
		     b->disk, rel + first, got[first], want[first]);
	return 0;
}

static int check_region(struct bound_disk *b, const char *why)
{
	uint32_t rel;
	int err;

	for (rel = 0; rel < REGION_BYTES; rel += CHUNK) {
		err = check_extent(b, rel, CHUNK, why);
		if (err)
			return err;
	}
	return 0;
}

/* Write @len fresh bytes at @rel, update the copy and read them back. */
static int write_extent(struct bound_disk *b, uint32_t rel, uint32_t len,
			const char *why)
{
	unsigned char *src = skewed(b);
	int err;

	prng_fill(&b->rng, src, len);
	err = io_full(b->fd, 1, src, len, REGION_START + rel);
	if (err) {
		diag("%s: write %u bytes at region +0x%x (%s): %s", b->disk,
		     len, rel, why, strerror(-err));
		return err;
	}
	memcpy(b->truth + rel, src, len);
	b->written += len;
	return check_extent(b, rel, len, why);
}

/* Kernel log: SMMU faults, warnings and I/O errors while rebinding */

static int kmsg_at_end(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

static int is_trouble(const char *msg)
{
	if (strstr(msg, "event 0x") && strstr(msg, "received"))
		return 1;		/* an SMMU event record */
	if (strstr(msg, " at iova 0x") && strstr(msg, "stream 0x"))
		return 1;		/* our SMMUv3 driver's fault line */
	return !strncmp(msg, "WARNING:", 8) || strstr(msg, "BUG:") ||
	       strstr(msg, "Oops") || strstr(msg, "I/O error");
}

/* Count troubling records logged since the last call; show a few. */
static unsigned int kmsg_trouble(int fd, unsigned int *shown)
{
	unsigned int found = 0;
	char rec[1024], *msg;
	ssize_t len;

	if (fd < 0)
		return 0;
	for (;;) {
		len = read(fd, rec, sizeof(rec) - 1);
		if (len < 0 && (errno == EPIPE || errno == EINTR))
			continue;	/* overrun: records were lost */
		if (len <= 0)
			break;
		rec[len] = '\0';
		msg = kmsg_message(rec);
		if (!msg)
			continue;
		if (!is_trouble(msg))
			continue;
		found++;
		if ((*shown)++ < 6)
			diag("kernel: %s", msg);
	}
	return found;
}

/* kmemleak */

/* 0 when kmemleak takes commands; otherwise why not, in @why. */
static int kmemleak_usable(const char **why)
{
	int err;

	if (access(KMEMLEAK, F_OK)) {
		*why = "no " KMEMLEAK;
		return -ENOENT;
	}
	/* Stack scanning is on by default; the write only asks "enabled?" */
	err = write_text(KMEMLEAK, "stack=on");
	if (err == -EPERM)
		*why = "kmemleak is off";
	else if (err)
		*why = "kmemleak does not take commands";
	return err;
}

static char *read_all(const char *path)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap), *bigger;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !buf) {
		if (fd >= 0)
			close(fd);
		free(buf);
		return NULL;
	}
	for (;;) {
		if (cap - len < 4096) {
			bigger = realloc(buf, cap * 2);
			if (!bigger)
				break;
			buf = bigger;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

/*
 * Count the "unreferenced object" records of a kmemleak report and print
 * the head of the first few: address and size, the allocating task and
 * the allocation's backtrace, without the hex dump.
 */
static unsigned int show_leaks(char *text, const char *tag)
{
	unsigned int leaks = 0, lines = 0;
	char *line, *save = NULL;
	int in_hex = 0;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "unreferenced object", 19)) {
			leaks++;
			lines = 0;
			in_hex = 0;
		} else if (strstr(line, "hex dump")) {
			in_hex = 1;
			continue;
		} else if (strstr(line, "backtrace")) {
			in_hex = 0;
		}
		if (in_hex || !leaks || leaks > REPORT_LEAKS ||
		    lines++ >= REPORT_LINES)
			continue;
		diag("%s %u: %s", tag, leaks, line);
	}
	if (leaks > REPORT_LEAKS)
		diag("%s: %u more not shown", tag, leaks - REPORT_LEAKS);
	return leaks;
}

static int kmemleak_scans(unsigned int count)
{
	unsigned int i;
	int err;

	for (i = 0; i < count; i++) {
		if (i)
			sleep_ms(LEAK_GAP_MS);
		err = write_text(KMEMLEAK, "scan");
		if (err)
			return err;
	}
	return 0;
}

/*
 * Mark what boot left unreferenced as seen ("clear" paints reported
 * objects grey for good), so that the kmemleak case judges only objects
 * allocated from here on.  Objects younger than kmemleak's minimum age are
 * not reported by a scan, hence the wait that makes the boot's old enough.
 */
static void forget_boot_leaks(uint64_t since)
{
	const char *why = "";
	unsigned int n;
	uint64_t age = now_ms() - since;
	char *text;
	int err;

	if (kmemleak_usable(&why)) {
		diag("%s: no leak check", why);
		return;
	}
	if (age < LEAK_AGE_MS)
		sleep_ms(LEAK_AGE_MS - age);
	err = kmemleak_scans(2);
	if (err) {
		diag("kmemleak scan: %s", strerror(-err));
		return;
	}
	text = read_all(KMEMLEAK);
	n = text ? show_leaks(text, "boot leak") : 0;
	free(text);
	err = write_text(KMEMLEAK, "clear");
	if (err) {
		diag("kmemleak clear: %s", strerror(-err));
		return;
	}
	diag("kmemleak: %u report%s from before the cycles cleared", n,
	     n == 1 ? "" : "s");
	state->boot_leaks_cleared = 1;
}

/* prepare */

static int prepare_one(struct tcase *tc, const struct target *t)
{
	struct bound_disk b;
	uint32_t rel;
	int err = 0;

	if (locate(tc, &b, t) != V_PASS)
		return V_FAIL;
	prng_seed(&b.rng, hash_name(opt.seed, "prepare"));
	base_pattern(t, b.truth);

	err = disk_open(&b);
	if (err)
		return fail(tc, "open /dev/%s: %s", b.disk, strerror(-err));
	for (rel = 0; rel < REGION_BYTES && !err; rel += CHUNK) {
		unsigned char *src = skewed(&b);

		memcpy(src, b.truth + rel, CHUNK);
		err = io_full(b.fd, 1, src, CHUNK, REGION_START + rel);
	}
	if (!err)
		err = disk_close(&b);
	if (err)
		return fail(tc, "writing the pattern to %s: %s", b.disk,
			    strerror(-err));

	/* Read back through a new open, as the cycles will. */
	err = disk_open(&b);
	if (!err)
		err = check_region(&b, "pattern read-back");
	disk_close(&b);
	if (err)
		return fail(tc, "reading %s back: %s", b.disk, strerror(-err));
	if (b.wrong_bytes)
		return fail(tc, "%s: %llu bytes of the pattern read back wrong",
			    b.disk, (unsigned long long)b.wrong_bytes);
	diag("%s: %s %s (%s), %u KiB pattern at +%u KiB written and verified",
	     t->label, b.bdf, b.disk, b.drv, REGION_BYTES / KIB,
	     REGION_START / KIB);
	state->prepared[t - targets] = 1;
	return V_PASS;
}

static int prepare_case(struct tcase *tc, const void *arg)
{
	uint64_t start = now_ms();
	int verdict = V_PASS;
	size_t i;

	(void)arg;
	for (i = 0; i < ARRAY_SIZE(targets); i++) {
		/* The first failure's note stays; go on with the other disk. */
		if (prepare_one(tc, &targets[i]) != V_PASS)
			verdict = V_FAIL;
	}
	forget_boot_leaks(start);
	return verdict;
}

/* cycles */

static void group_type(const char *bdf, char *type, size_t size)
{
	char path[160];

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/iommu_group/type", bdf);
	if (read_text(path, type, size) < 0)
		snprintf(type, size, "?");
}

/* One unbind and bind, then reads and a write through the new binding. */
static int one_cycle(struct tcase *tc, struct bound_disk *b,
		     const char *type0)
{
	unsigned int n = ++b->cycle;
	char now[32], other[32];
	uint64_t t0, t1, t2;
	uint32_t rel, len;
	int err;

	t0 = now_ms();
	err = pci_unbind(b->bdf);
	if (err)
		return fail(tc, "cycle %u: unbind %s from %s: %s", n, b->bdf,
			    b->drv, strerror(-err));
	t1 = now_ms();
	pci_bound_driver(b->bdf, now, sizeof(now));
	if (now[0])
		return fail(tc, "cycle %u: %s still bound to %s after unbind",
			    n, b->bdf, now);
	if (!disk_of(b->bdf, other, sizeof(other)))
		return fail(tc, "cycle %u: %s still there after unbind", n,
			    other);

	err = bind_to(b->bdf, b->drv);
	if (err)
		return fail(tc, "cycle %u: bind %s to %s: %s", n, b->bdf,
			    b->drv, strerror(-err));
	pci_bound_driver(b->bdf, now, sizeof(now));
	if (strcmp(now, b->drv))
		return fail(tc, "cycle %u: %s bound to '%s' after bind", n,
			    b->bdf, now);
	if (await_disk(b, APPEAR_MS))
		return fail(tc, "cycle %u: no disk on %s %u ms after bind", n,
			    b->bdf, APPEAR_MS);
	t2 = now_ms();

	b->unbind_ms += t1 - t0;
	if (t1 - t0 > b->unbind_max)
		b->unbind_max = t1 - t0;
	b->bind_ms += t2 - t1;
	if (t2 - t1 > b->bind_max)
		b->bind_max = t2 - t1;
	if (strcmp(b->disk, b->first_disk) && !b->renamed++)
		diag("cycle %u: the disk came back as %s, not %s", n, b->disk,
		     b->first_disk);
	group_type(b->bdf, now, sizeof(now));
	if (strcmp(now, type0))
		return fail(tc, "cycle %u: group type %s, was %s", n, now,
			    type0);

	err = disk_open(b);
	if (err)
		return fail(tc, "cycle %u: open /dev/%s: %s", n, b->disk,
			    strerror(-err));
	/* An extent up to 64 KiB anywhere, then maybe all of it. */
	len = SECTOR * prng_range(&b->rng, 1, SLICE_MAX / SECTOR);
	rel = SECTOR * prng_range(&b->rng, 0, (REGION_BYTES - len) / SECTOR);
	err = check_extent(b, rel, len, "read after rebind");
	if (!err && (n % FULL_EVERY == 0 || n == opt.rebind_cycles))
		err = check_region(b, "full read");
	if (!err) {
		len = SECTOR * prng_range(&b->rng, 1, SLICE_MAX / SECTOR);
		rel = SECTOR * prng_range(&b->rng, 0,
					  (REGION_BYTES - len) / SECTOR);
		err = write_extent(b, rel, len, "write after rebind");
	}
	if (err) {
		disk_close(b);
		return fail(tc, "cycle %u: I/O on %s: %s", n, b->disk,
			    strerror(-err));
	}
	err = disk_close(b);
	if (err)
		return fail(tc, "cycle %u: flush /dev/%s: %s", n, b->disk,
			    strerror(-err));
	return V_PASS;
}

static unsigned long long per_cycle(uint64_t total, unsigned int n)
{
	return n ? total / n : 0;
}

/* "# report:" lines for the host, then the same in words. */
static void report_cycles(const struct bound_disk *b, unsigned int trouble,
			  uint64_t ms)
{
	diag("report: rebind dev=%s driver=%s cycles=%u renamed=%u trouble=%u",
	     b->first_disk, b->drv, b->done, b->renamed, trouble);
	diag("report: rebind_ms dev=%s unbind=%llu unbind_max=%llu bind=%llu bind_max=%llu",
	     b->first_disk, per_cycle(b->unbind_ms, b->done),
	     (unsigned long long)b->unbind_max,
	     per_cycle(b->bind_ms, b->done), (unsigned long long)b->bind_max);
	diag("report: data dev=rebind-%s mib=%.1f mismatches=%llu",
	     b->first_disk, b->compared / 1048576.0,
	     (unsigned long long)b->wrong_bytes);
	diag("%s: %u cycles in %.1f s, %llu KiB written through new bindings",
	     b->first_disk, b->done, ms / 1000.0,
	     (unsigned long long)(b->written / KIB));
}

static int cycles_case(struct tcase *tc, const void *arg)
{
	const struct target *t = arg;
	unsigned int trouble = 0, shown = 0;
	uint64_t start = now_ms();
	char type0[32], now[32];
	struct bound_disk b;
	int verdict, kfd, err;

	if (!state->prepared[t - targets])
		return fail(tc, "prepare did not leave a pattern on the %s disk",
			    t->label);
	if (locate(tc, &b, t) != V_PASS)
		return V_FAIL;
	base_pattern(t, b.truth);
	prng_seed(&b.rng, hash_name(opt.seed ^ 0x6379636c6573ULL, t->label));
	group_type(b.bdf, type0, sizeof(type0));
	diag("%s %s: %u cycles of %s unbind/bind, disk %s, group type %s",
	     t->label, b.bdf, opt.rebind_cycles, b.drv, b.disk, type0);

	kfd = kmsg_at_end();
	err = disk_open(&b);
	if (!err)
		err = check_region(&b, "before the first unbind");
	disk_close(&b);
	if (err)
		return fail(tc, "reading %s before the cycles: %s", b.disk,
			    strerror(-err));

	verdict = V_PASS;
	while (b.done < opt.rebind_cycles) {
		verdict = one_cycle(tc, &b, type0);
		if (verdict != V_PASS)
			break;
		b.done++;
		trouble += kmsg_trouble(kfd, &shown);
		if (b.done % FULL_EVERY == 0)
			diag("%s: %u cycles, %.1f s", b.disk, b.done,
			     (now_ms() - start) / 1000.0);
	}
	trouble += kmsg_trouble(kfd, &shown);
	if (kfd >= 0)
		close(kfd);
	/* Leave the function bound whatever went wrong, for later suites. */
	now[0] = '\0';
	pci_bound_driver(b.bdf, now, sizeof(now));
	if (!now[0] && bind_to(b.bdf, b.drv))
		diag("%s left without a driver", b.bdf);

	report_cycles(&b, trouble, now_ms() - start);
	if (verdict != V_PASS)
		return verdict;
	if (b.wrong_bytes)
		return fail(tc, "%llu bytes read back wrong in %u extents",
			    (unsigned long long)b.wrong_bytes, b.bad_extents);
	if (trouble)
		return fail(tc, "%u fault, warning or I/O error lines logged",
			    trouble);
	return V_PASS;
}

/* kmemleak */

static int kmemleak_case(struct tcase *tc, const void *arg)
{
	const char *why = "";
	unsigned int leaks;
	char *text;
	int err;

	(void)arg;
	if (kmemleak_usable(&why)) {
		/* It turns itself off for good on an internal error. */
		if (opt.kmemleak)
			return fail(tc, "%s although kmemleak=on was given; see the kernel log",
				    why);
		return skip(tc, "%s: needs CONFIG_DEBUG_KMEMLEAK and kmemleak=on",
			    why);
	}
	if (!state->boot_leaks_cleared)
		diag("reports from boot were not cleared: they count too");

	/* Let what the last cycle allocated grow old enough to report. */
	sleep_ms(LEAK_AGE_MS);
	err = kmemleak_scans(LEAK_SCANS);
	if (err)
		return fail(tc, "kmemleak scan: %s", strerror(-err));
	text = read_all(KMEMLEAK);
	if (!text)
		return fail(tc, "cannot read " KMEMLEAK);
	leaks = show_leaks(text, "leak");
	free(text);
	diag("report: kmemleak leaks=%u scans=%d", leaks, LEAK_SCANS);
	if (leaks)
		return fail(tc, "kmemleak suspects %u leak%s", leaks,
			    leaks == 1 ? "" : "s");
	return V_PASS;
}

int suite_rebind(void)
{
	static char names[ARRAY_SIZE(targets)][40];
	uint64_t start = now_ms();
	struct suite s;
	size_t i;
	int limit;

	/*
	 * A cycle takes 0.1 to 0.2 s under TCG; a case still running after a
	 * second a cycle is hung, and should say so before the boot's limit.
	 */
	limit = 40 + opt.rebind_cycles;
	for (i = 0; i < ARRAY_SIZE(targets); i++)
		snprintf(names[i], sizeof(names[i]), "cycles_%s",
			 targets[i].label);

	suite_begin(&s, "rebind", 2 + ARRAY_SIZE(targets));
	state = mmap(NULL, sizeof(*state), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (state == MAP_FAILED) {
		suite_result(&s, "prepare", V_FAIL, "cannot map shared state");
		for (i = 0; i < ARRAY_SIZE(targets); i++)
			suite_result(&s, names[i], V_FAIL, "no prepare");
		suite_result(&s, "kmemleak", V_FAIL, "no prepare");
		return suite_end(&s);
	}
	memset(state, 0, sizeof(*state));

	suite_case(&s, "prepare", 120, prepare_case, NULL);
	for (i = 0; i < ARRAY_SIZE(targets); i++)
		suite_case(&s, names[i], limit, cycles_case, &targets[i]);
	suite_case(&s, "kmemleak", 180, kmemleak_case, NULL);
	munmap(state, sizeof(*state));
	diag("rebind took %.1f s", (now_ms() - start) / 1000.0);
	return suite_end(&s);
}
