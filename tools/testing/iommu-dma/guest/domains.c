// SPDX-License-Identifier: GPL-2.0
/*
 * domains: edu moves between the domains the IOMMU core offers while the
 * machine runs, and its DMA is allowed or stopped as each domain says.
 *
 *   blocked    iommu-edu takes DMA ownership of its group, which attaches
 *              the blocking domain: no DMA read or write may get through,
 *              whether aimed at IOVAs or at physical addresses, and the
 *              buffers made in the default domain work again once edu is
 *              back there.
 *   private    a paging domain of iommu-edu's own maps one buffer at a
 *              fixed IOVA, as a remote processor's firmware would be: DMA
 *              there works, DMA at default-domain IOVAs faults, and the
 *              fixed IOVA faults again back in the default domain.
 *   identity   the group's default domain changes through sysfs with edu
 *              unbound: identity, then back to the type the boot chose.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "edu-lib.h"

/* Far below where dma-iommu hands out IOVAs (top down from 4 GiB). */
#define FIXED_IOVA	0x1000000ull

static int attach(struct edu *e, uint32_t target, uint32_t handle,
		  uint64_t iova)
{
	struct iommu_edu_attach a = {
		.target = target,
		.handle = handle,
		.iova = iova,
	};

	return edu_call(e, IOMMU_EDU_IOC_ATTACH, &a);
}

static int domain_is(struct tcase *tc, struct edu *e, uint32_t want)
{
	if (step(tc, edu_call(e, IOMMU_EDU_IOC_INFO, &e->info), "info"))
		return 0;
	if (e->info.domain != want) {
		fail(tc, "edu is in a %s domain, expected %s",
		     domain_name(e->info.domain), domain_name(want));
		return 0;
	}
	return 1;
}

/* The domain edu's group was given at boot. */
static uint32_t boot_domain(void)
{
	switch (opt.mode) {
	case MODE_STRICT:
		return IOMMU_EDU_DOMAIN_DMA;
	case MODE_LAZY:
		return IOMMU_EDU_DOMAIN_DMA_FQ;
	case MODE_PASSTHROUGH:
		return IOMMU_EDU_DOMAIN_IDENTITY;
	default:
		return IOMMU_EDU_DOMAIN_OTHER;
	}
}

/* Copy @len bytes from @src to @dst through edu's window and check them. */
static int copy_checked(struct tcase *tc, struct edu *e, struct ebuf *src,
			struct ebuf *dst, struct prng *r, const char *what)
{
	static unsigned char data[PAGE], got[PAGE];
	const uint32_t len = 2048;

	prng_fill(r, data, sizeof(data));
	if (step(tc, buf_put(e, src, data), "fill source") ||
	    step(tc, xfer(e, src->iova, 0, len, IOMMU_EDU_XFER_RAM_TO_EDU),
		 "RAM to edu") ||
	    step(tc, xfer(e, dst->iova, 0, len, IOMMU_EDU_XFER_EDU_TO_RAM),
		 "edu to RAM") ||
	    step(tc, buf_get(e, dst, got), "read destination"))
		return 0;
	if (count_diffs(got, data, len, what)) {
		fail(tc, "%s: data did not arrive", what);
		return 0;
	}
	return 1;
}

static int phys_of(struct tcase *tc, struct edu *e, struct ebuf *b,
		   uint64_t *pa)
{
	struct iommu_edu_phys ph = { .handle = b->handle };

	if (step(tc, edu_call(e, IOMMU_EDU_IOC_PHYS, &ph), "physical address"))
		return 0;
	*pa = ph.phys;
	return 1;
}

/*
 * Blocked must stop everything: reads and writes, aimed at IOVAs and at
 * physical addresses alike (a domain that let DMA through untranslated
 * would pass a test that only tried IOVAs).
 */
static int blocked_case(struct tcase *tc, const void *arg)
{
	static unsigned char secret[PAGE], guard[PAGE], wnd[PAGE], got[PAGE];
	const uint32_t len = 2048;
	uint64_t secret_pa, guard_pa;
	struct ebuf a, b, sec, grd;
	struct prng r;
	struct edu e;

	(void)arg;
	seed_for(&r, "blocked");
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	if (!domain_is(tc, &e, boot_domain()))
		return V_FAIL;
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, PAGE, 0, &a),
		 "create a") ||
	    step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, PAGE, 0, &b),
		 "create b") ||
	    step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE,
			     IOMMU_EDU_DIR_BIDIRECTIONAL, PAGE, 0, &sec),
		 "create secret") ||
	    step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE,
			     IOMMU_EDU_DIR_BIDIRECTIONAL, PAGE, 0, &grd),
		 "create guard"))
		return V_FAIL;
	if (!phys_of(tc, &e, &sec, &secret_pa) ||
	    !phys_of(tc, &e, &grd, &guard_pa))
		return V_FAIL;
	if (!copy_checked(tc, &e, &a, &b, &r, "before blocking"))
		return V_FAIL;

	/* Known bytes in edu's window, a secret and a guard in RAM. */
	prng_fill(&r, wnd, sizeof(wnd));
	prng_fill(&r, secret, sizeof(secret));
	prng_fill(&r, guard, sizeof(guard));
	if (step(tc, buf_put(&e, &a, wnd), "fill a") ||
	    step(tc, xfer(&e, a.iova, 0, len, IOMMU_EDU_XFER_RAM_TO_EDU),
		 "load window") ||
	    step(tc, buf_put(&e, &sec, secret), "fill secret") ||
	    step(tc, buf_put(&e, &grd, guard), "fill guard"))
		return V_FAIL;

	if (step(tc, attach(&e, IOMMU_EDU_ATTACH_BLOCKED, 0, 0), "block"))
		return V_FAIL;
	if (!domain_is(tc, &e, IOMMU_EDU_DOMAIN_BLOCKED))
		return V_FAIL;
	/* A refused request does not let edu out of the blocked domain. */
	if (attach(&e, IOMMU_EDU_ATTACH_PRIVATE, grd.handle, FIXED_IOVA + 8) !=
	    -EINVAL)
		return fail(tc, "an unaligned fixed IOVA was not refused");
	if (!domain_is(tc, &e, IOMMU_EDU_DOMAIN_BLOCKED))
		return V_FAIL;
	diag("blocked: secret at iova 0x%llx pa 0x%llx, guard at iova 0x%llx pa 0x%llx",
	     sec.iova, (unsigned long long)secret_pa, grd.iova,
	     (unsigned long long)guard_pa);
	/* The engine runs; the IOMMU must stop every one of these. */
	if (step(tc, xfer(&e, sec.iova, 0, len, IOMMU_EDU_XFER_RAM_TO_EDU),
		 "blocked read by IOVA") ||
	    step(tc, xfer(&e, secret_pa, 0, len, IOMMU_EDU_XFER_RAM_TO_EDU),
		 "blocked read by PA") ||
	    step(tc, xfer(&e, grd.iova, 0, len, IOMMU_EDU_XFER_EDU_TO_RAM),
		 "blocked write by IOVA") ||
	    step(tc, xfer(&e, guard_pa, 0, len, IOMMU_EDU_XFER_EDU_TO_RAM),
		 "blocked write by PA") ||
	    step(tc, buf_get(&e, &grd, got), "read guard"))
		return V_FAIL;
	if (count_diffs(got, guard, PAGE, "guard while blocked"))
		return fail(tc, "a DMA write landed while edu was blocked");

	if (step(tc, attach(&e, IOMMU_EDU_ATTACH_DEFAULT, 0, 0), "unblock"))
		return V_FAIL;
	if (!domain_is(tc, &e, boot_domain()))
		return V_FAIL;
	/* Whatever the window holds now, it must not be the secret. */
	if (step(tc, xfer(&e, b.iova, 0, len, IOMMU_EDU_XFER_EDU_TO_RAM),
		 "window to b") ||
	    step(tc, buf_get(&e, &b, got), "read b"))
		return V_FAIL;
	if (!memcmp(got, secret, len))
		return fail(tc, "a DMA read got the secret while edu was blocked");
	if (!copy_checked(tc, &e, &a, &b, &r, "back in the default domain"))
		return V_FAIL;
	diag("report: domains blocked=stopped default=restored");
	return V_PASS;
}

static int private_case(struct tcase *tc, const void *arg)
{
	static unsigned char fixed[2 * PAGE], guard[PAGE], got[2 * PAGE];
	int translated = opt.mode != MODE_PASSTHROUGH;
	struct ebuf p, a, q;
	struct edu e, owner;
	struct prng r;
	int caught;

	(void)arg;
	seed_for(&r, "private");
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE,
			     IOMMU_EDU_DIR_BIDIRECTIONAL, 2 * PAGE, 0, &p),
		 "create fixed buffer") ||
	    step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, PAGE, 0, &a),
		 "create a"))
		return V_FAIL;
	prng_fill(&r, fixed, sizeof(fixed));
	prng_fill(&r, guard, sizeof(guard));
	if (step(tc, buf_put(&e, &p, fixed), "fill fixed buffer") ||
	    step(tc, buf_put(&e, &a, guard), "fill a"))
		return V_FAIL;

	/* Refused requests leave edu where it was. */
	if (attach(&e, IOMMU_EDU_ATTACH_PRIVATE, p.handle, FIXED_IOVA + 8) !=
	    -EINVAL)
		return fail(tc, "an unaligned fixed IOVA was not refused");
	if (attach(&e, 7, 0, 0) != -EINVAL)
		return fail(tc, "an unknown target was not refused");
	if (!domain_is(tc, &e, boot_domain()))
		return V_FAIL;

	if (step(tc, attach(&e, IOMMU_EDU_ATTACH_PRIVATE, p.handle, FIXED_IOVA),
		 "attach private domain"))
		return V_FAIL;
	if (!domain_is(tc, &e, IOMMU_EDU_DOMAIN_UNMANAGED))
		return V_FAIL;
	if (iova_mapped(&e, FIXED_IOVA + PAGE) != 1)
		return fail(tc, "the fixed IOVA is not mapped");
	/* Its pages stay while the device can reach them. */
	if (edu_call(&e, IOMMU_EDU_IOC_FREE, &p.handle) != -EBUSY ||
	    edu_call(&e, IOMMU_EDU_IOC_UNMAP, &p.handle) != -EBUSY)
		return fail(tc, "the privately mapped buffer could be released");
	if (iova_mapped(&e, a.iova) != 0)
		return fail(tc, "a default-domain IOVA is mapped in the private domain");

	/* DMA at the fixed address: read one page, write the other. */
	if (step(tc, xfer(&e, FIXED_IOVA + 0x100, 0, 1000,
			  IOMMU_EDU_XFER_RAM_TO_EDU), "read fixed IOVA") ||
	    step(tc, xfer(&e, FIXED_IOVA + PAGE + 0x200, 0, 1000,
			  IOMMU_EDU_XFER_EDU_TO_RAM), "write fixed IOVA") ||
	    step(tc, buf_get(&e, &p, got), "read fixed buffer"))
		return V_FAIL;
	if (count_diffs(got + PAGE + 0x200, fixed + 0x100, 1000,
			"copy inside the fixed buffer"))
		return fail(tc, "DMA at the fixed IOVA did not work");

	/* A default-domain IOVA means nothing here: fault, nothing lands. */
	if (step(tc, attack(&e, a.iova, ATTACK_LEN, &caught),
		 "write a default IOVA"))
		return V_FAIL;
	if (step(tc, buf_get(&e, &a, got), "read a"))
		return V_FAIL;
	if (fault_verdict(tc, "private_foreign_iova", a.iova, caught,
			  count_diffs(got, guard, PAGE, "a") != 0) != V_PASS)
		return V_FAIL;

	if (step(tc, attach(&e, IOMMU_EDU_ATTACH_DEFAULT, 0, 0),
		 "back to default"))
		return V_FAIL;
	if (!domain_is(tc, &e, boot_domain()))
		return V_FAIL;

	/* Closing the file that owns the mapped buffer detaches the domain. */
	if (step(tc, edu_open(&owner), "open a second file") ||
	    step(tc, buf_new(&owner, IOMMU_EDU_KIND_SINGLE,
			     IOMMU_EDU_DIR_BIDIRECTIONAL, PAGE, 0, &q),
		 "create buffer") ||
	    step(tc, attach(&owner, IOMMU_EDU_ATTACH_PRIVATE, q.handle,
			    FIXED_IOVA), "attach private domain"))
		return V_FAIL;
	close(owner.fd);
	if (!domain_is(tc, &e, boot_domain()))
		return V_FAIL;
	if (!translated)
		return V_PASS;

	/* The fixed IOVA went away with the private domain. */
	if (iova_mapped(&e, FIXED_IOVA) != 0)
		return skip(tc, "dma-iommu happens to use 0x%llx", FIXED_IOVA);
	if (step(tc, buf_get(&e, &p, fixed), "read fixed buffer") ||
	    step(tc, attack(&e, FIXED_IOVA + 0x40, ATTACK_LEN, &caught),
		 "write the old fixed IOVA") ||
	    step(tc, buf_get(&e, &p, got), "read fixed buffer"))
		return V_FAIL;
	return fault_verdict(tc, "private_after_detach", FIXED_IOVA + 0x40,
			     caught, count_diffs(got, fixed, 2 * PAGE,
						 "fixed buffer") != 0);
}

/* Rebind edu with its group's default domain set to @type. */
static int retype(struct tcase *tc, const char *bdf, const char *type)
{
	char path[160], now[32];

	if (step(tc, pci_unbind(bdf), "unbind edu"))
		return 0;
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/iommu_group/type", bdf);
	if (step(tc, write_text(path, type), "write the group type"))
		return 0;
	if (read_text(path, now, sizeof(now)) < 0 || strcmp(now, type)) {
		fail(tc, "group type reads %s after writing %s", now, type);
		return 0;
	}
	if (step(tc, pci_bind(bdf, PCI_EDU_DRIVER), "bind edu"))
		return 0;
	return 1;
}

static int roundtrip_in(struct tcase *tc, struct prng *r, uint32_t want,
			const char *what)
{
	struct ebuf a, b;
	struct edu e;
	int ok;

	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return 0;
	ok = domain_is(tc, &e, want) &&
	     !step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, PAGE, 0, &a),
		   "create a") &&
	     !step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE,
			       IOMMU_EDU_DIR_BIDIRECTIONAL, PAGE, 0x10, &b),
		   "create b") &&
	     copy_checked(tc, &e, &a, &b, r, what);
	close(e.fd);
	return ok;
}

static int identity_case(struct tcase *tc, const void *arg)
{
	const char *boot_type = expected_group_type();
	const char *other;
	uint32_t other_domain;
	char bdf[16];
	struct prng r;

	(void)arg;
	seed_for(&r, "identity");
	if (!boot_type)
		return skip(tc, "mode unknown");
	if (pci_find_edu(bdf, sizeof(bdf)))
		return fail(tc, "no edu device");
	if (opt.mode == MODE_PASSTHROUGH) {
		other = "DMA";
		other_domain = IOMMU_EDU_DOMAIN_DMA;
	} else {
		other = "identity";
		other_domain = IOMMU_EDU_DOMAIN_IDENTITY;
	}

	if (!retype(tc, bdf, other) ||
	    !roundtrip_in(tc, &r, other_domain, other))
		return V_FAIL;
	if (!retype(tc, bdf, boot_type) ||
	    !roundtrip_in(tc, &r, boot_domain(), boot_type))
		return V_FAIL;
	diag("report: domains identity=%s->%s->%s", boot_type, other,
	     boot_type);
	return V_PASS;
}

int suite_domains(void)
{
	struct suite s;

	suite_begin(&s, "domains", 3);
	suite_case(&s, "blocked", 60, blocked_case, NULL);
	suite_case(&s, "private", 60, private_case, NULL);
	suite_case(&s, "identity", 60, identity_case, NULL);
	return suite_end(&s);
}
