// SPDX-License-Identifier: GPL-2.0
/*
 * edu-regions: firmware regions from the device tree ("iommu-addresses"
 * in reserved memory), on the second edu function, "edu-fw".
 *
 * scripts/iommu-dma/regions-dtb.py gives edu-fw an identity region, a
 * translated region (memory seen at another device address) and a
 * reservation.  This file reads them back from the device tree the guest
 * booted with, so the boot script is the only place that chooses them,
 * and checks that:
 *  - the kernel lists each region with its type (the group's
 *    reserved_regions file);
 *  - edu read each mapped region right when its driver bound, before user
 *    space could do anything (the driver's own check at probe);
 *  - edu reaches the region's memory at exactly the declared address, in
 *    both directions, and touches nothing else of it; the reservation
 *    stays unmapped;
 *  - the group refuses a blocking domain and an identity default domain,
 *    which would take the regions away from running firmware;
 *  - a translated region that is not whole pages, and one longer than its
 *    memory, are refused with their messages and left unmapped.
 * A kernel that cannot map a translated region (the base tree's keeps it
 * as a plain reservation) skips the translated checks and says so.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "edu-lib.h"

#define DT_RESERVED	"/proc/device-tree/reserved-memory"
#define MAX_REGIONS	8
#define CHUNK		2048u	/* one engine copy: less than the window */

enum fw_kind {
	FW_IDENTITY,
	FW_TRANSLATED,
	FW_RESERVED,
	FW_UNALIGNED,	/* translated, not whole pages: must stay unmapped */
	FW_TOO_LONG,	/* IOVA range longer than its memory: a reservation */
};

/* A region as the device tree declares it for edu-fw. */
struct fw_region {
	char node[NAME_MAX + 1];
	enum fw_kind kind;
	uint64_t iova, size;
	uint64_t phys;		/* 0 for a reservation */
	uint64_t mem_size;	/* bytes of memory behind it */
};

struct fw_dev {
	char bdf[16];
	char node[64];		/* /dev/... */
	char group[16];
	int nr;
	struct fw_region r[MAX_REGIONS];
};

static const char *kind_name(enum fw_kind k)
{
	static const char * const names[] = {
		[FW_IDENTITY] = "identity", [FW_TRANSLATED] = "translated",
		[FW_RESERVED] = "reserved", [FW_UNALIGNED] = "unaligned",
		[FW_TOO_LONG] = "too-long",
	};

	return names[k];
}

/* A device tree property as raw bytes; its length or -errno. */
static int dt_prop(const char *dir, const char *name, unsigned char *buf,
		   size_t size)
{
	char path[PATH_MAX];
	int fd, n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size);
	close(fd);
	return n < 0 ? -errno : n;
}

/* @n big-endian cells at @p as one number. */
static uint64_t be_cells(const unsigned char *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 4 * n; i++)
		v = v << 8 | p[i];
	return v;
}

/*
 * The iommu-addresses entry of @dir that names @phandle: phandle, a 3-cell
 * PCI bus address (QEMU's host bridge translates them 1:1), 2 size cells.
 */
static int dt_region(const char *dir, uint32_t phandle, struct fw_region *r)
{
	unsigned char prop[256];
	int len = dt_prop(dir, "iommu-addresses", prop, sizeof(prop)), off;

	for (off = 0; len > 0 && off + 24 <= len; off += 24) {
		if (be_cells(prop + off, 1) != phandle)
			continue;
		r->iova = be_cells(prop + off + 8, 2);
		r->size = be_cells(prop + off + 16, 2);
		len = dt_prop(dir, "reg", prop, sizeof(prop));
		r->phys = len == 16 ? be_cells(prop, 2) : 0;
		r->mem_size = len == 16 ? be_cells(prop + 8, 2) : 0;
		if (!r->phys)
			r->kind = FW_RESERVED;
		else if (r->phys == r->iova)
			r->kind = FW_IDENTITY;
		else if (r->size > r->mem_size)
			r->kind = FW_TOO_LONG;
		else if ((r->iova | r->phys | r->size) & (PAGE - 1))
			r->kind = FW_UNALIGNED;
		else
			r->kind = FW_TRANSLATED;
		return 0;
	}
	return -ENOENT;
}

/* The edu function with a device tree node, and its declared regions. */
static int find_fw_dev(struct fw_dev *d)
{
	struct pci_fn fns[PCI_FN_MAX];
	char path[PATH_MAX], link[PATH_MAX];
	unsigned char ph[4];
	struct dirent *de;
	int i, n = pci_scan(fns, PCI_FN_MAX);
	ssize_t len;
	DIR *dir;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < n && !d->bdf[0]; i++)
		if (pci_kind_of(&fns[i]) == PCI_EDU_FW)
			snprintf(d->bdf, sizeof(d->bdf), "%.15s", fns[i].bdf);
	if (!d->bdf[0])
		return -ENODEV;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/of_node", d->bdf);
	if (dt_prop(path, "phandle", ph, sizeof(ph)) != 4)
		return -ENOENT;

	dir = opendir(DT_RESERVED);
	if (!dir)
		return -errno;
	while ((de = readdir(dir)) && d->nr < MAX_REGIONS) {
		struct fw_region *r = &d->r[d->nr];

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), DT_RESERVED "/%s", de->d_name);
		if (dt_region(path, be_cells(ph, 1), r))
			continue;
		snprintf(r->node, sizeof(r->node), "%s", de->d_name);
		d->nr++;
	}
	closedir(dir);

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/iommu_group", d->bdf);
	len = readlink(path, link, sizeof(link) - 1);
	if (len > 0) {
		link[len] = '\0';
		snprintf(d->group, sizeof(d->group), "%s",
			 strrchr(link, '/') + 1);
	}
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/misc", d->bdf);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.')
			snprintf(d->node, sizeof(d->node), "/dev/%.58s",
				 de->d_name);
	closedir(dir);
	return d->node[0] ? 0 : -ENOENT;
}

/* The type the kernel lists for the region that starts at @iova. */
static int listed_type(const struct fw_dev *d, uint64_t iova, char *type,
		       size_t size)
{
	char path[PATH_MAX], buf[2048], *line, *save;
	unsigned long long start, end;
	char t[32];

	snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%s/reserved_regions",
		 d->group);
	if (read_text(path, buf, sizeof(buf)) < 0)
		return -ENOENT;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, "%llx %llx %31s", &start, &end, t) == 3 &&
		    start == iova) {
			snprintf(type, size, "%s", t);
			return 0;
		}
	return -ENOENT;
}

/* The kernel's view of the region edu-fw has at @iova (IOMMU_EDU_IOC_REGION). */
static int region_at(int fd, uint64_t iova, struct iommu_edu_region *out)
{
	uint32_t i;

	for (i = 0; i < 64; i++) {
		memset(out, 0, sizeof(*out));
		out->index = i;
		if (ioctl(fd, IOMMU_EDU_IOC_REGION, out))
			return -errno;
		if (out->iova == iova)
			return 0;
	}
	return -ENOENT;
}

struct fw_ctx {
	struct fw_dev d;
	struct edu e;
	int translated_ok;	/* the kernel maps translated regions */
};

/* V_PASS to go on; otherwise the verdict the case ends with. */
static int fw_open(struct tcase *tc, struct fw_ctx *c)
{
	char type[32];
	int i, err = find_fw_dev(&c->d);

	if (err == -ENODEV)
		return fail(tc, "no edu function with a device tree node (edu-fw)");
	if (err)
		return fail(tc, "edu-fw: %s", strerror(-err));
	if (c->d.nr != 5)
		return fail(tc, "edu-fw has %d regions in the device tree, expected 5",
			    c->d.nr);
	c->e.fd = open(c->d.node, O_RDWR | O_CLOEXEC);
	if (c->e.fd < 0)
		return fail(tc, "open %s: %s", c->d.node, strerror(errno));
	if (step(tc, edu_call(&c->e, IOMMU_EDU_IOC_INFO, &c->e.info),
		 "edu-fw info"))
		return V_FAIL;
	c->translated_ok = 0;
	for (i = 0; i < c->d.nr; i++)
		if (c->d.r[i].kind == FW_TRANSLATED &&
		    !listed_type(&c->d, c->d.r[i].iova, type, sizeof(type)) &&
		    !strcmp(type, "translated"))
			c->translated_ok = 1;
	return V_PASS;
}

static void fw_close(struct fw_ctx *c)
{
	close(c->e.fd);
}

/* Each declared region is listed by the kernel, with its type. */
static int declared_case(struct tcase *tc, const void *arg)
{
	struct fw_ctx c;
	int i, bad = 0, v = fw_open(tc, &c);

	if (v != V_PASS)
		return v;
	for (i = 0; i < c.d.nr; i++) {
		const struct fw_region *r = &c.d.r[i];
		const char *want = r->kind == FW_IDENTITY ? "direct" :
				   r->kind == FW_RESERVED ? "reserved" :
				   r->kind == FW_TOO_LONG ? "reserved" :
				   c.translated_ok ? "translated" : "reserved";
		struct iommu_edu_region k;
		char type[32] = "none";

		listed_type(&c.d, r->iova, type, sizeof(type));
		diag("%s: %s", c.d.bdf, r->node);
		diag("report: region dev=%s kind=%s iova=%#llx phys=%#llx size=%#llx listed=%s",
		     c.d.bdf, kind_name(r->kind),
		     (unsigned long long)r->iova, (unsigned long long)r->phys,
		     (unsigned long long)r->size, type);
		if (strcmp(type, want)) {
			diag("%s: listed as %s, expected %s", r->node, type, want);
			bad++;
		}
		if (region_at(c.e.fd, r->iova, &k) || k.length != r->size) {
			diag("%s: edu-fw's driver does not see it whole", r->node);
			bad++;
		}
	}
	fw_close(&c);
	if (!c.translated_ok)
		diag("this kernel keeps translated regions as reservations");
	return bad ? fail(tc, "%d regions listed wrongly", bad) : V_PASS;
}

/* What edu's driver read from each region when it bound, and the mappings. */
static int at_bind_case(struct tcase *tc, const void *arg)
{
	struct fw_ctx c;
	int i, bad = 0, v = fw_open(tc, &c);

	if (v != V_PASS)
		return v;
	for (i = 0; i < c.d.nr; i++) {
		const struct fw_region *r = &c.d.r[i];
		int live = r->kind == FW_IDENTITY ||
			   (r->kind == FW_TRANSLATED && c.translated_ok);
		struct iommu_edu_region k;

		if (region_at(c.e.fd, r->iova, &k)) {
			bad++;
			continue;
		}
		diag("report: region-bind dev=%s kind=%s mapped=%u phys=%#llx at_bind=%u",
		     c.d.bdf, kind_name(r->kind), k.mapped, (unsigned long long)k.phys, k.at_bind);
		if (live && (!k.mapped || k.phys != r->phys ||
			     k.at_bind != IOMMU_EDU_REGION_BIND_OK)) {
			diag("%s: not mapped onto 0x%llx, or edu read it wrong at bind",
			     r->node, (unsigned long long)r->phys);
			bad++;
		}
		if (!live && (k.mapped || k.phys || iova_mapped(&c.e, r->iova) ||
			      iova_mapped(&c.e, r->iova + r->size - 1))) {
			diag("%s: a reservation is mapped", r->node);
			bad++;
		}
	}
	fw_close(&c);
	return bad ? fail(tc, "%d regions wrong", bad) : V_PASS;
}

static void region_bytes(unsigned char *p, uint64_t off, uint32_t len,
			 uint32_t seed)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		p[i] = (seed ^ (off + i) ^ ((off + i) >> 8)) & 0xff;
}

static int region_op(struct fw_ctx *c, uint64_t iova, uint32_t op,
		     uint32_t off, uint32_t len, uint32_t seed, uint64_t *bad)
{
	struct iommu_edu_region k;
	int err = region_at(c->e.fd, iova, &k);

	if (err)
		return err;
	k.op = op;
	k.offset = off;
	k.len = len;
	k.seed = seed;
	if (ioctl(c->e.fd, IOMMU_EDU_IOC_REGION, &k))
		return -errno;
	if (bad)
		*bad = k.bad;
	return 0;
}

/*
 * The CPU fills the region; edu copies its first and last chunk out into
 * a buffer of its own through the region's IOVAs; then edu writes one chunk
 * in the middle, and the CPU finds exactly that chunk changed.
 */
static int reach_case(struct tcase *tc, const void *arg)
{
	const enum fw_kind *want = arg;
	static unsigned char exp[CHUNK], got[CHUNK];
	const struct fw_region *r = NULL;
	uint64_t offs[2], bad = 0, mid;
	struct ebuf buf;
	struct fw_ctx c;
	int i, v = fw_open(tc, &c);

	if (v != V_PASS)
		return v;
	for (i = 0; i < c.d.nr; i++)
		if (c.d.r[i].kind == *want)
			r = &c.d.r[i];
	if (!r) {
		fw_close(&c);
		return fail(tc, "no %s region declared", kind_name(*want));
	}
	if (*want == FW_TRANSLATED && !c.translated_ok) {
		fw_close(&c);
		return skip(tc, "this kernel does not map translated regions");
	}
	if (step(tc, region_op(&c, r->iova, IOMMU_EDU_REGION_FILL, 0, r->size,
			       0x5a, NULL), "CPU fills the region") ||
	    step(tc, buf_new(&c.e, IOMMU_EDU_KIND_COHERENT, 0, CHUNK, 0, &buf),
		 "a coherent buffer of edu-fw's"))
		goto out;

	offs[0] = 0;
	offs[1] = r->size - CHUNK;
	for (i = 0; i < 2; i++) {
		region_bytes(exp, offs[i], CHUNK, 0x5a);
		memset(got, 0, sizeof(got));
		if (step(tc, buf_put(&c.e, &buf, got), "clear the buffer") ||
		    step(tc, dma_copy(&c.e, r->iova + offs[i], buf.iova, CHUNK),
			 "edu copies from the region") ||
		    step(tc, buf_get(&c.e, &buf, got), "read the buffer"))
			goto out;
		bad += count_diffs(got, exp, CHUNK, r->node);
	}

	/* edu writes the second pattern into the middle of the region. */
	mid = r->size / 2;
	region_bytes(exp, mid, CHUNK, 0xc3);
	if (step(tc, buf_put(&c.e, &buf, exp), "load the buffer") ||
	    step(tc, dma_copy(&c.e, buf.iova, r->iova + mid, CHUNK),
		 "edu writes into the region") ||
	    step(tc, region_op(&c, r->iova, IOMMU_EDU_REGION_CHECK, mid, CHUNK,
			       0xc3, &offs[0]), "CPU checks the written chunk") ||
	    step(tc, region_op(&c, r->iova, IOMMU_EDU_REGION_CHECK, 0, mid,
			       0x5a, &offs[1]), "CPU checks the rest"))
		goto out;
	diag("report: region-reach dev=%s kind=%s read_bad=%llu write_bad=%llu beside=%llu",
	     c.d.bdf, kind_name(r->kind), (unsigned long long)bad, (unsigned long long)offs[0],
	     (unsigned long long)offs[1]);
	fw_close(&c);
	if (bad || offs[0] || offs[1])
		return fail(tc, "%llu bytes read wrong, %llu written wrong, %llu changed beside",
			    (unsigned long long)bad, (unsigned long long)offs[0],
			    (unsigned long long)offs[1]);
	return V_PASS;
out:
	fw_close(&c);
	return V_FAIL;
}

/* Whether the kernel log since boot has a line with all of @a, @b, @c. */
static bool has_all_words(const char *msg, const void *ctx)
{
	const char * const *w = ctx;

	return strstr(msg, w[0]) && strstr(msg, w[1]) && strstr(msg, w[2]);
}

static int logged(const char *a, const char *b, const char *c)
{
	const char * const words[] = { a, b, c };

	return kmsg_find(has_all_words, words, NULL, 0);
}

/*
 * A translated region that is not whole pages is reported and left out;
 * one whose IOVA range is longer than its memory stays a reservation.
 * Neither is mapped, and edu-fw's good regions still are.
 */
static int refused_case(struct tcase *tc, const void *arg)
{
	char iova[32], type[32] = "none";
	struct fw_ctx c;
	int i, bad = 0, v = fw_open(tc, &c);

	if (v != V_PASS)
		return v;
	if (!c.translated_ok) {
		fw_close(&c);
		return skip(tc, "this kernel does not map translated regions");
	}
	for (i = 0; i < c.d.nr; i++) {
		const struct fw_region *r = &c.d.r[i];
		int seen;

		if (r->kind != FW_UNALIGNED && r->kind != FW_TOO_LONG)
			continue;
		/* %pa prints the address as 16 hex digits */
		snprintf(iova, sizeof(iova), "0x%016llx",
			 (unsigned long long)r->iova);
		seen = r->kind == FW_UNALIGNED ?
		       logged(c.d.bdf, iova, "is not in whole") :
		       logged(c.d.bdf, iova, "is longer than its memory");
		listed_type(&c.d, r->iova, type, sizeof(type));
		diag("report: region-refused dev=%s kind=%s listed=%s logged=%d mapped=%d",
		     c.d.bdf, kind_name(r->kind), type, seen,
		     iova_mapped(&c.e, r->iova));
		if (!seen || iova_mapped(&c.e, r->iova) ||
		    strcmp(type, r->kind == FW_UNALIGNED ? "translated" : "reserved")) {
			diag("%s: not refused as it must be", r->node);
			bad++;
		}
	}
	/* No buffer at a fixed address may land on any region. */
	for (i = 0; i < c.d.nr; i++) {
		struct ebuf b;
		int err = buf_new_fixed(&c.e, IOMMU_EDU_KIND_FIXED, 0, PAGE,
					c.d.r[i].iova & ~(uint64_t)(PAGE - 1),
					&b);

		diag("fixed buffer over %s region: %s",
		     kind_name(c.d.r[i].kind), strerror(-err));
		if (err != -EBUSY) {
			if (!err)
				edu_call(&c.e, IOMMU_EDU_IOC_FREE, &b.handle);
			bad++;
		}
	}
	fw_close(&c);
	return bad ? fail(tc, "%d bad regions not refused cleanly", bad) : V_PASS;
}

/* No blocking domain and no identity default domain for edu-fw's group. */
static int guarded_case(struct tcase *tc, const void *arg)
{
	struct iommu_edu_attach at = { .target = IOMMU_EDU_ATTACH_BLOCKED };
	char path[PATH_MAX], type[32] = "";
	struct fw_ctx c;
	int err, bad = 0, v = fw_open(tc, &c);

	if (v != V_PASS)
		return v;
	err = edu_call(&c.e, IOMMU_EDU_IOC_ATTACH, &at);
	diag("blocking domain for edu-fw: %s", err ? strerror(-err) : "attached");
	if (!err) {
		at.target = IOMMU_EDU_ATTACH_DEFAULT;
		edu_call(&c.e, IOMMU_EDU_IOC_ATTACH, &at);
		bad++;
	}
	fw_close(&c);
	if (!c.translated_ok)
		goto done;

	/* Only an unbound group may change type; it must refuse identity. */
	snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%s/type",
		 c.d.group);
	if (step(tc, pci_unbind(c.d.bdf), "unbind edu-fw"))
		return V_FAIL;
	err = write_text(path, "identity");
	read_text(path, type, sizeof(type));
	diag("identity default domain for edu-fw: %s, group now %s",
	     err ? strerror(-err) : "accepted", type);
	if (!err || strncmp(type, "DMA", 3))
		bad++;
	if (step(tc, pci_bind(c.d.bdf, PCI_EDU_DRIVER), "bind edu-fw again"))
		return V_FAIL;
done:
	return bad ? fail(tc, "edu-fw's regions could be taken away") : V_PASS;
}

int edu_regions_cases(struct suite *s)
{
	static const enum fw_kind identity = FW_IDENTITY;
	static const enum fw_kind translated = FW_TRANSLATED;

	suite_case(s, "regions_declared", 30, declared_case, NULL);
	suite_case(s, "regions_at_bind", 30, at_bind_case, NULL);
	suite_case(s, "regions_reach_identity", 60, reach_case, &identity);
	suite_case(s, "regions_reach_translated", 60, reach_case, &translated);
	suite_case(s, "regions_refused", 30, refused_case, NULL);
	suite_case(s, "regions_guarded", 60, guarded_case, NULL);
	return EDU_REGIONS_CASES;
}
