// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers of the iommu-dma guest init: time, sysfs text files, a small
 * PRNG and the PCI device list.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sleep_ms(unsigned int ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (long)(ms % 1000) * 1000000,
	};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

int read_text(const char *path, char *buf, size_t size)
{
	ssize_t len;
	int fd;

	if (!size)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, size - 1);
	if (len < 0) {
		len = -errno;
		close(fd);
		buf[0] = '\0';
		return len;
	}
	close(fd);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;
	buf[len] = '\0';
	return len;
}

int write_text(const char *path, const char *text)
{
	size_t len = strlen(text);
	ssize_t done;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	done = write(fd, text, len);
	if (done < 0)
		err = -errno;
	else if ((size_t)done != len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

int wait_path(const char *path, unsigned int timeout_ms)
{
	uint64_t deadline = now_ms() + timeout_ms;

	while (access(path, F_OK)) {
		if (now_ms() >= deadline)
			return -ETIMEDOUT;
		sleep_ms(50);
	}
	return 0;
}

/* splitmix64 for seeding, xorshift64* for the stream */
void prng_seed(struct prng *r, uint64_t seed)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	r->state = z ? z : 0x2545f4914f6cdd1dULL;
}

uint64_t prng_next(struct prng *r)
{
	uint64_t x = r->state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

uint64_t prng_range(struct prng *r, uint64_t lo, uint64_t hi)
{
	uint64_t span = hi - lo + 1;

	if (!span)
		return prng_next(r);
	return lo + prng_next(r) % span;
}

void prng_fill(struct prng *r, void *buf, size_t len)
{
	unsigned char *p = buf;
	uint64_t v;

	while (len >= 8) {
		v = prng_next(r);
		memcpy(p, &v, 8);
		p += 8;
		len -= 8;
	}
	v = prng_next(r);
	memcpy(p, &v, len);
}

static int read_hex(const char *dir, const char *name, unsigned int *out)
{
	char path[320], text[32];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (read_text(path, text, sizeof(text)) < 0)
		return -1;
	*out = strtoul(text, NULL, 16);
	return 0;
}

static int bdf_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pci_fn *)a)->bdf,
		      ((const struct pci_fn *)b)->bdf);
}

int pci_scan(struct pci_fn *fns, int max)
{
	const char *root = "/sys/bus/pci/devices";
	struct dirent *de;
	char dir[300];
	int n = 0;
	DIR *d;

	d = opendir(root);
	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		struct pci_fn *fn = &fns[n];

		if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(fn->bdf))
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", root, de->d_name);
		if (read_hex(dir, "vendor", &fn->vendor) ||
		    read_hex(dir, "device", &fn->device) ||
		    read_hex(dir, "class", &fn->class))
			continue;
		snprintf(fn->bdf, sizeof(fn->bdf), "%s", de->d_name);
		n++;
	}
	closedir(d);
	qsort(fns, n, sizeof(*fns), bdf_cmp);
	return n;
}

enum pci_kind pci_kind_of(const struct pci_fn *fn)
{
	if (fn->vendor == 0x1af4 && fn->device == 0x1042)
		return PCI_VIRTIO_BLK;
	if ((fn->class >> 8) == 0x0108)
		return PCI_NVME;
	if (fn->vendor == 0x1234 && fn->device == 0x11e8) {
		char path[160];

		snprintf(path, sizeof(path), PCI_DEVICES "/%.15s/of_node", fn->bdf);
		return access(path, F_OK) ? PCI_EDU : PCI_EDU_FW;
	}
	return PCI_OTHER;
}

const char *pci_kind_name(enum pci_kind kind)
{
	switch (kind) {
	case PCI_VIRTIO_BLK:
		return "virtio-blk";
	case PCI_NVME:
		return "nvme";
	case PCI_EDU:
		return "edu";
	case PCI_EDU_FW:
		return "edu-fw";
	default:
		return "other";
	}
}

int pci_find_kind(enum pci_kind kind, char *bdf, size_t size)
{
	struct pci_fn fns[PCI_FN_MAX];
	int i, n = pci_scan(fns, PCI_FN_MAX);

	for (i = 0; i < n; i++) {
		if (pci_kind_of(&fns[i]) == kind) {
			snprintf(bdf, size, "%s", fns[i].bdf);
			return 0;
		}
	}
	return -ENODEV;
}

uint64_t hash_name(uint64_t h, const char *s)
{
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

int io_full(int fd, int writing, void *buf, size_t len, uint64_t off)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = writing ? pwrite(fd, p, len, off) :
				      pread(fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= n;
		off += n;
	}
	return 0;
}

/* Kernel log */

char *kmsg_message(char *rec)
{
	char *msg = strchr(rec, ';'), *nl;

	if (!msg)
		return NULL;
	msg++;
	nl = strchr(msg, '\n');
	if (nl)
		*nl = '\0';
	return msg;
}

/*
 * The first message in the kernel's log (from its start) for which
 * @match returns true, copied into @out; 0 when there is none.
 */
int kmsg_find(bool (*match)(const char *msg, const void *ctx),
	      const void *ctx, char *out, size_t size)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	char rec[2048], *msg;
	int found = 0;
	ssize_t n;

	if (fd < 0)
		return 0;
	while (!found) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0) {
			if (errno == EPIPE)	/* overwritten: next record */
				continue;
			break;
		}
		rec[n] = '\0';
		msg = kmsg_message(rec);
		if (msg && match(msg, ctx)) {
			found = 1;
			if (size)
				snprintf(out, size, "%s", msg);
		}
	}
	close(fd);
	return found;
}

static const char * const trouble_words[] = {
	"WARNING:", "BUG:", "Oops", "DMA-API: ", "Unable to handle",
	"blocked for more than", "rcu_sched detected", "rcu: INFO",
	"suspected memory leak", "kmemleak: Cannot", "list_add corruption",
	"list_del corruption",
};

/*
 * dma-debug switching itself off after an injected failure is expected, and
 * so is kmemleak scanning a whole object when the smaller record it wanted
 * for it could not be had (it stays on; only a kmemleak_object it cannot
 * allocate turns it off, and that is trouble).
 */
static const char * const trouble_excused[] = {
	"dma-debug disabled", "out of memory - disabling",
	"scanning the full object",
};

int kmsg_problems(int fd, char *first, size_t size)
{
	char rec[2048];
	int found = 0;
	size_t i;

	if (size)
		first[0] = '\0';
	for (;;) {
		ssize_t len = read(fd, rec, sizeof(rec) - 1);
		const char *msg;

		if (len < 0) {
			if (errno == EPIPE || errno == EINTR)
				continue;
			break;
		}
		rec[len] = '\0';
		msg = kmsg_message(rec);
		if (!msg)
			continue;
		for (i = 0; i < ARRAY_SIZE(trouble_excused); i++)
			if (strstr(msg, trouble_excused[i]))
				break;
		if (i < ARRAY_SIZE(trouble_excused))
			continue;
		for (i = 0; i < ARRAY_SIZE(trouble_words); i++) {
			if (!strstr(msg, trouble_words[i]))
				continue;
			if (!found++ && size)
				snprintf(first, size, "%s", msg);
			break;
		}
	}
	return found;
}

int console_level(void)
{
	char text[64];

	if (read_text("/proc/sys/kernel/printk", text, sizeof(text)) < 0)
		return -1;
	return atoi(text);
}

/* Drivers */

/* Name of the driver @bdf is bound to, or "" */
void pci_bound_driver(const char *bdf, char *out, size_t size)
{
	char path[160], target[256];
	const char *name;
	ssize_t len;

	out[0] = '\0';
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver", bdf);
	len = readlink(path, target, sizeof(target) - 1);
	if (len < 0)
		return;
	target[len] = '\0';
	name = strrchr(target, '/');
	name = name ? name + 1 : target;
	if (strlen(name) < size)
		memcpy(out, name, strlen(name) + 1);
}

int pci_unbind(const char *bdf)
{
	char drv[64], path[160];

	pci_bound_driver(bdf, drv, sizeof(drv));
	if (!drv[0])
		return 0;
	snprintf(path, sizeof(path), PCI_DRIVERS "/%s/unbind", drv);
	return write_text(path, bdf);
}

int pci_bind(const char *bdf, const char *drv)
{
	char path[160];
	int err;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver_override", bdf);
	/* A lone newline clears the override. */
	err = write_text(path, strcmp(drv, PCI_EDU_DRIVER) ? drv : "\n");
	if (err)
		return err;
	snprintf(path, sizeof(path), PCI_DRIVERS "/%s/bind", drv);
	return write_text(path, bdf);
}
