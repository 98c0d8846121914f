// SPDX-License-Identifier: GPL-2.0
/*
 * groups: every PCI device the tests use sits in an IOMMU group whose
 * default domain is a DMA domain of the mode under test.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"

struct group_info {
	char id[16];
	char type[32];
	char driver[64];
};

static void last_component(const char *link, char *out, size_t size)
{
	char target[PATH_MAX];
	ssize_t len = readlink(link, target, sizeof(target) - 1);

	if (len < 0) {
		snprintf(out, size, "none");
		return;
	}
	target[len] = '\0';
	snprintf(out, size, "%s", basename(target));
}

static void group_of(const char *bdf, struct group_info *g)
{
	char path[160];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group",
		 bdf);
	last_component(path, g->id, sizeof(g->id));
	snprintf(path, sizeof(path),
		 "/sys/bus/pci/devices/%s/iommu_group/type", bdf);
	if (read_text(path, g->type, sizeof(g->type)) < 0)
		snprintf(g->type, sizeof(g->type), "none");
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", bdf);
	last_component(path, g->driver, sizeof(g->driver));
}

static int group_case(struct tcase *tc, const void *arg)
{
	const struct pci_fn *fn = arg;
	const char *want = expected_group_type();
	struct group_info g;

	/*
	 * Firmware regions at translated addresses keep edu-fw's group on a
	 * DMA domain when identity is the default (edu-regions.c).
	 */
	if (pci_kind_of(fn) == PCI_EDU_FW && opt.mode == MODE_PASSTHROUGH)
		want = "DMA";

	group_of(fn->bdf, &g);
	diag("%s %04x:%04x class 0x%06x (%s) driver=%s group=%s type=%s",
	     fn->bdf, fn->vendor, fn->device, fn->class,
	     pci_kind_name(pci_kind_of(fn)), g.driver, g.id, g.type);
	diag("report: group dev=%s id=%s type=%s", fn->bdf, g.id, g.type);

	if (!strcmp(g.id, "none"))
		return fail(tc, "%s has no IOMMU group", fn->bdf);
	if (want && strcmp(g.type, want))
		return fail(tc, "group %s is of type %s, expected %s in %s mode",
			    g.id, g.type, want, mode_name(opt.mode));
	if (!want && strcmp(g.type, "DMA") && strcmp(g.type, "DMA-FQ"))
		return fail(tc, "group %s is of type %s, not a DMA domain",
			    g.id, g.type);
	return V_PASS;
}

static int present_case(struct tcase *tc, const void *arg)
{
	const int *count = arg;
	static const enum pci_kind kinds[] = {
		PCI_VIRTIO_BLK, PCI_NVME, PCI_EDU, PCI_EDU_FW,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!count[kinds[i]])
			return fail(tc, "no %s device on the PCI bus",
				    pci_kind_name(kinds[i]));
	return V_PASS;
}

/*
 * The stage behind the SMMU's paging domains, from the probe line of our
 * SMMUv3 driver ("... (paging domains: stage N) ..."): 1 unless the
 * command line asked for 2 (arm_smmu_v3.paging_stage=2, the stage-2 boot).
 * 0 when no line says it (a driver that does not, such as the base's).
 */
static const char stage_key[] = "paging domains: stage ";

static bool names_stage(const char *msg, const void *ctx)
{
	(void)ctx;
	return strstr(msg, stage_key);
}

static int logged_paging_stage(void)
{
	char msg[256];

	if (!kmsg_find(names_stage, NULL, msg, sizeof(msg)))
		return 0;
	return atoi(strstr(msg, stage_key) + sizeof(stage_key) - 1);
}

static int stage_case(struct tcase *tc, const void *arg)
{
	int want = opt.paging_stage ? opt.paging_stage : 1;
	int got = logged_paging_stage();

	(void)arg;
	if (!got && !opt.paging_stage)
		return skip(tc, "the SMMU driver does not name its paging stage");
	diag("report: smmu paging stage %d (wanted %d)", got, want);
	if (got != want)
		return fail(tc, "paging domains on stage %d, wanted stage %d",
			    got, want);
	return V_PASS;
}

int suite_groups(void)
{
	struct pci_fn fns[PCI_FN_MAX];
	int count[PCI_KINDS] = { 0 };
	int i, n, plan = 2;
	struct suite s;
	char name[64];

	n = pci_scan(fns, PCI_FN_MAX);
	for (i = 0; i < n; i++) {
		enum pci_kind kind = pci_kind_of(&fns[i]);

		count[kind]++;
		if (kind != PCI_OTHER)
			plan++;
	}

	suite_begin(&s, "groups", plan);
	for (i = 0; i < n; i++) {
		enum pci_kind kind = pci_kind_of(&fns[i]);
		struct group_info g;

		if (kind == PCI_OTHER) {
			/* Not under test, but the report lists every device. */
			group_of(fns[i].bdf, &g);
			diag("%s %04x:%04x class 0x%06x (not under test)",
			     fns[i].bdf, fns[i].vendor, fns[i].device,
			     fns[i].class);
			diag("report: group dev=%s id=%s type=%s", fns[i].bdf,
			     g.id, g.type);
			continue;
		}
		snprintf(name, sizeof(name), "%s_%.15s", pci_kind_name(kind),
			 fns[i].bdf);
		suite_case(&s, name, 20, group_case, &fns[i]);
	}
	suite_case(&s, "devices_present", 20, present_case, count);
	suite_case(&s, "smmu_paging_stage", 20, stage_case, NULL);
	return suite_end(&s);
}
