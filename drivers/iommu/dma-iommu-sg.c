// SPDX-License-Identifier: GPL-2.0-only
/*
 * DMA API on an IOMMU domain: scatterlists.
 *
 * The planner that packs the segments of a scatterlist into one IOVA
 * allocation (see struct idma_sg_plan in dma-iommu-priv.h), the three
 * passes of dma_map_sg() built on it, its unwinding, dma_unmap_sg(), and
 * the entry-by-entry path for devices whose buffers are bounced.
 *
 * Siblings: dma-iommu.c (core, setup), dma-iommu-fq.c (flush queues),
 * dma-iommu-map.c (IOVA allocation, bouncing, syncs), dma-iommu-alloc.c
 * (allocations); shared declarations in dma-iommu-priv.h.
 */

#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/iommu.h>
#include <linux/iommu-dma.h>
#include <linux/iova.h>
#include <linux/overflow.h>
#include <linux/pci-p2pdma.h>
#include <linux/scatterlist.h>

#include "dma-iommu.h"
#include "dma-iommu-priv.h"

/*
 * Streaming DMA: scatterlists
 */

/**
 * idma_sg_plan_init() - Start laying out a scatterlist
 * @plan: planner state
 * @granule: IOVA granule, a power of two
 * @boundary: the device's segment boundary mask, a power of two minus one
 * @max_seg: the device's maximum DMA segment length
 */
VISIBLE_IF_KUNIT void idma_sg_plan_init(struct idma_sg_plan *plan,
					size_t granule, unsigned long boundary,
					unsigned int max_seg)
{
	*plan = (struct idma_sg_plan) {
		.granule = granule,
		.boundary = boundary,
		.max_seg = max_seg,
	};
}
EXPORT_SYMBOL_IF_KUNIT(idma_sg_plan_init);

/**
 * idma_sg_plan_add() - Place the next segment of a scatterlist
 * @plan: planner state
 * @head: offset of the segment's data in its first granule
 * @len: length of the segment, not zero
 * @place: where the segment went
 *
 * The span goes right after the previous one unless it would then cross a
 * segment boundary, in which case it starts the next boundary window.  A
 * span longer than a window cannot help crossing and is placed at the
 * start of one.  The data joins the open DMA segment when it continues it
 * seamlessly: the open segment's data reaches the end of its granule, this
 * one starts at a granule edge, the spans touch, this span does not start
 * a boundary window, and the result stays within @max_seg.
 *
 * The offsets assume the allocation starts on a boundary window or fits in
 * one; a size-aligned IOVA allocation guarantees that.
 *
 * Return: 0, -EINVAL for an empty segment, or -EOVERFLOW.
 */
VISIBLE_IF_KUNIT int idma_sg_plan_add(struct idma_sg_plan *plan, size_t head,
				      unsigned int len,
				      struct idma_sg_place *place)
{
	size_t gmask = plan->granule - 1;
	size_t pos = plan->next;
	size_t span, end, in_window;
	bool moved = false, joins;

	if (!len)
		return -EINVAL;
	if (check_add_overflow(head, (size_t)len, &span) ||
	    check_add_overflow(span, gmask, &span))
		return -EOVERFLOW;
	span &= ~gmask;

	in_window = pos & plan->boundary;
	if (in_window && span - 1 > plan->boundary - in_window) {
		if ((pos | plan->boundary) == SIZE_MAX)
			return -EOVERFLOW;
		pos = (pos | plan->boundary) + 1;
		moved = true;
	}
	if (check_add_overflow(pos, span, &end))
		return -EOVERFLOW;

	joins = plan->open_len && plan->open_flush && !head && !moved &&
		(pos & plan->boundary) &&
		plan->open_len < plan->max_seg &&
		len <= plan->max_seg - plan->open_len;

	if (joins) {
		plan->open_len += len;
	} else {
		plan->open_len = len;
		plan->nr_segs++;
	}
	plan->open_flush = !((head + len) & gmask);
	plan->next = end;

	place->start = pos;
	place->span = span;
	place->new_seg = !joins;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(idma_sg_plan_add);

/**
 * idma_sg_plan_break() - Account for a segment that bypasses the IOMMU
 * @plan: planner state
 *
 * A peer-to-peer bus address gets a DMA segment of its own and closes the
 * open one; it takes no IOVA space.
 */
VISIBLE_IF_KUNIT void idma_sg_plan_break(struct idma_sg_plan *plan)
{
	plan->open_len = 0;
	plan->open_flush = false;
	plan->nr_segs++;
}
EXPORT_SYMBOL_IF_KUNIT(idma_sg_plan_break);

static void idma_sg_job_plan(const struct idma_sg_job *job,
			     struct idma_sg_plan *plan)
{
	struct iova_domain *iovad = &job->dom->iova_cookie->iovad;

	idma_sg_plan_init(plan, iovad->granule, job->boundary, job->max_seg);
}

/*
 * Sort out peer-to-peer pages.  Returns 1 for a segment the device reaches
 * by bus address (pci_p2pdma_map_segment() has marked it and stored the
 * address), 0 for one that goes through the IOMMU, or -EREMOTEIO.
 */
static int idma_sg_classify(struct device *dev,
			    struct pci_p2pdma_map_state *p2p,
			    struct scatterlist *s)
{
	sg_dma_unmark_bus_address(s);
	if (!dev || !is_pci_p2pdma_page(sg_page(s)))
		return 0;

	switch (pci_p2pdma_map_segment(p2p, dev, s)) {
	case PCI_P2PDMA_MAP_BUS_ADDR:
		return 1;
	case PCI_P2PDMA_MAP_THRU_HOST_BRIDGE:
		return 0;
	default:
		return -EREMOTEIO;
	}
}

/* Put a scatterlist back to "not mapped" */
static void idma_sg_reset(struct scatterlist *sgl, int nents)
{
	struct scatterlist *s;
	int i;

	for_each_sg(sgl, s, nents, i) {
		sg_dma_unmark_bus_address(s);
		sg_dma_address(s) = DMA_MAPPING_ERROR;
		sg_dma_len(s) = 0;
	}
}

/*
 * Unmap the spans of the first @nr_ents entries, replaying the plan.  Used
 * only to unwind a failed mapping, so the IOTLB is synchronised at once.
 */
static void idma_sg_unwind(const struct idma_sg_job *job,
			   struct scatterlist *sgl, int nr_ents, dma_addr_t iova)
{
	struct iommu_iotlb_gather gather;
	struct idma_sg_place place;
	struct idma_sg_plan plan;
	size_t run_start = 0, run_end = 0;
	struct scatterlist *s;
	int i;

	idma_sg_job_plan(job, &plan);
	iommu_iotlb_gather_init(&gather);

	for_each_sg(sgl, s, nr_ents, i) {
		if (sg_dma_is_bus_address(s) || !s->length)
			continue;
		idma_sg_plan_add(&plan, iova_offset(&job->dom->iova_cookie->iovad,
						    sg_phys(s)),
				 s->length, &place);
		if (run_end && place.start == run_end) {
			run_end += place.span;
			continue;
		}
		if (run_end)
			idma_unmap_piece(job->dom, iova + run_start,
					 run_end - run_start, &gather);
		run_start = place.start;
		run_end = place.start + place.span;
	}
	if (run_end)
		idma_unmap_piece(job->dom, iova + run_start,
				 run_end - run_start, &gather);
	iommu_iotlb_sync(job->dom, &gather);
}

/*
 * Map every span, merging those that are contiguous both in IOVA space and
 * physically into one iommu_map() call.  On failure *@mapped_ents is the number
 * of leading entries whose spans are mapped.
 */
static int idma_sg_map_spans(const struct idma_sg_job *job,
			     struct scatterlist *sgl, int nents,
			     dma_addr_t iova, int *mapped_ents)
{
	struct iova_domain *iovad = &job->dom->iova_cookie->iovad;
	dma_addr_t run_iova = 0;
	phys_addr_t run_phys = 0;
	size_t run_len = 0;
	int run_first = 0;
	struct idma_sg_place place;
	struct idma_sg_plan plan;
	struct scatterlist *s;
	int i, ret;

	idma_sg_job_plan(job, &plan);

	for_each_sg(sgl, s, nents, i) {
		phys_addr_t phys = sg_phys(s);
		size_t head = iova_offset(iovad, phys);

		if (sg_dma_is_bus_address(s) || !s->length)
			continue;
		idma_sg_plan_add(&plan, head, s->length, &place);

		if (run_len && run_iova + run_len == iova + place.start &&
		    run_phys + run_len == phys - head) {
			run_len += place.span;
			continue;
		}
		if (run_len) {
			ret = iommu_map(job->dom, run_iova, run_phys, run_len,
					job->prot, GFP_ATOMIC);
			if (ret)
				goto fail;
		}
		run_iova = iova + place.start;
		run_phys = phys - head;
		run_len = place.span;
		run_first = i;
	}
	if (!run_len)
		return 0;
	ret = iommu_map(job->dom, run_iova, run_phys, run_len, job->prot,
			GFP_ATOMIC);
	if (!ret)
		return 0;
fail:
	*mapped_ents = run_first;
	return ret;
}

/*
 * Write the DMA segments.  Each entry's own fields are read before any
 * output lands on it, and outputs only ever land on entries already read.
 */
static int idma_sg_finalise(const struct idma_sg_job *job,
			    struct scatterlist *sgl, int nents, dma_addr_t iova)
{
	struct iova_domain *iovad = &job->dom->iova_cookie->iovad;
	struct scatterlist *s, *out = NULL;
	struct idma_sg_place place;
	struct idma_sg_plan plan;
	int i, count = 0;

	idma_sg_job_plan(job, &plan);

	for_each_sg(sgl, s, nents, i) {
		bool bus = sg_dma_is_bus_address(s);
		dma_addr_t bus_addr = sg_dma_address(s);
		unsigned int bus_len = sg_dma_len(s);
		unsigned int len = s->length;
		size_t head = iova_offset(iovad, sg_phys(s));

		sg_dma_unmark_bus_address(s);
		sg_dma_address(s) = DMA_MAPPING_ERROR;
		sg_dma_len(s) = 0;

		if (bus) {
			idma_sg_plan_break(&plan);
			out = out ? sg_next(out) : sgl;
			sg_dma_address(out) = bus_addr;
			sg_dma_len(out) = bus_len;
			sg_dma_mark_bus_address(out);
			count++;
			continue;
		}
		if (!len)
			continue;

		idma_sg_plan_add(&plan, head, len, &place);
		if (place.new_seg) {
			out = out ? sg_next(out) : sgl;
			sg_dma_address(out) = iova + place.start + head;
			sg_dma_len(out) = len;
			count++;
		} else {
			sg_dma_len(out) += len;
		}
	}
	return count;
}

/*
 * The plan puts offset 0 at the start of a boundary window or expects the
 * whole allocation to fit in one.  Check that the allocator obliged.
 */
static bool idma_sg_base_ok(unsigned long boundary, dma_addr_t iova,
			    size_t total)
{
	unsigned long in_window = iova & boundary;

	return !in_window || total - 1 <= boundary - in_window;
}

/**
 * idma_sg_map() - Map a scatterlist into one IOVA allocation
 * @job: device parameters and domain
 * @sgl: the scatterlist; its page, offset and length fields are not changed
 * @nents: number of entries
 *
 * Return: number of DMA segments written, or -EINVAL, -ENOMEM or
 * -EREMOTEIO with nothing mapped and every DMA field reset.
 */
VISIBLE_IF_KUNIT int idma_sg_map(const struct idma_sg_job *job,
				 struct scatterlist *sgl, int nents)
{
	struct iommu_dma_cookie *ck = job->dom->iova_cookie;
	struct pci_p2pdma_map_state p2p = {};
	struct idma_sg_place place;
	struct idma_sg_plan plan;
	struct scatterlist *s;
	dma_addr_t iova = 0;
	int i, ret, mapped_ents = 0;
	size_t total;

	/* Pass 1: find the bus-address segments and size the allocation */
	idma_sg_job_plan(job, &plan);
	for_each_sg(sgl, s, nents, i) {
		ret = idma_sg_classify(job->dev, &p2p, s);
		if (ret < 0)
			goto out_reset;
		if (ret) {
			idma_sg_plan_break(&plan);
			continue;
		}
		if (!s->length)
			continue;
		ret = idma_sg_plan_add(&plan, iova_offset(&ck->iovad, sg_phys(s)),
				       s->length, &place);
		if (ret)
			goto out_reset;
	}
	total = plan.next;
	if (!plan.nr_segs) {
		ret = -EINVAL;
		goto out_reset;
	}

	if (total) {
		iova = idma_iova_alloc(job->dom, total, job->limit, job->dev);
		if (!iova) {
			ret = -ENOMEM;
			goto out_reset;
		}
		if (!idma_sg_base_ok(job->boundary, iova, total)) {
			WARN_ONCE(1, "IOVA allocation not aligned to its size\n");
			ret = -EINVAL;
			goto out_free_iova;
		}

		/* Pass 2: page tables */
		ret = idma_sg_map_spans(job, sgl, nents, iova, &mapped_ents);
		if (ret) {
			idma_sg_unwind(job, sgl, mapped_ents, iova);
			goto out_free_iova;
		}
	}

	/* Pass 3: DMA segments */
	return idma_sg_finalise(job, sgl, nents, iova);

out_free_iova:
	idma_iova_free(ck, iova, total, NULL);
out_reset:
	idma_sg_reset(sgl, nents);
	if (ret == -ENOMEM || ret == -EREMOTEIO)
		return ret;
	return -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(idma_sg_map);

/**
 * idma_sg_unmap() - Undo idma_sg_map()
 * @dom: the DMA domain
 * @sgl: the scatterlist as idma_sg_map() left it
 * @nents: number of entries given to idma_sg_map()
 *
 * Each DMA segment widened to whole granules is exactly the spans it was
 * built from; touching segments are unmapped together, and the allocation
 * runs from the first segment's span to the last one's.
 */
VISIBLE_IF_KUNIT void idma_sg_unmap(struct iommu_domain *dom,
				    struct scatterlist *sgl, int nents)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	size_t granule = ck->iovad.granule;
	dma_addr_t first = 0, run_start = 0, run_end = 0;
	struct iommu_iotlb_gather gather;
	struct scatterlist *s;
	int i;

	idma_unmap_begin(ck, &gather);

	for_each_sg(sgl, s, nents, i) {
		dma_addr_t start, end;

		if (sg_dma_is_bus_address(s)) {
			sg_dma_unmark_bus_address(s);
			continue;
		}
		if (!sg_dma_len(s))
			break;

		start = ALIGN_DOWN(sg_dma_address(s), granule);
		end = ALIGN(sg_dma_address(s) + sg_dma_len(s), granule);
		if (!run_end) {
			first = start;
		} else if (start != run_end) {
			idma_unmap_piece(dom, run_start, run_end - run_start,
					 &gather);
		} else {
			run_end = end;
			continue;
		}
		run_start = start;
		run_end = end;
	}
	if (!run_end)
		return;

	idma_unmap_piece(dom, run_start, run_end - run_start, &gather);
	idma_unmap_end(dom, first, run_end - first, &gather);
}
EXPORT_SYMBOL_IF_KUNIT(idma_sg_unmap);

static void idma_unmap_sg_bounced(struct device *dev, struct scatterlist *sgl,
				  int nents, enum dma_data_direction dir,
				  unsigned long attrs)
{
	struct scatterlist *s;
	int i;

	for_each_sg(sgl, s, nents, i)
		iommu_dma_unmap_page(dev, sg_dma_address(s), sg_dma_len(s),
				     dir, attrs);
}

/* Map entry by entry, so that each can be bounced on its own */
static int idma_map_sg_bounced(struct device *dev, struct scatterlist *sgl,
			       int nents, enum dma_data_direction dir,
			       unsigned long attrs)
{
	struct scatterlist *s;
	int i;

	sg_dma_mark_swiotlb(sgl);

	for_each_sg(sgl, s, nents, i) {
		dma_addr_t dma = iommu_dma_map_page(dev, sg_page(s), s->offset,
						    s->length, dir, attrs);

		if (dma == DMA_MAPPING_ERROR) {
			idma_unmap_sg_bounced(dev, sgl, i, dir,
					      attrs | DMA_ATTR_SKIP_CPU_SYNC);
			idma_sg_reset(sgl, nents);
			return -EIO;
		}
		sg_dma_address(s) = dma;
		sg_dma_len(s) = s->length;
	}
	return nents;
}

/**
 * iommu_dma_map_sg() - dma_map_sg() for a device behind an IOMMU
 * @dev: the device
 * @sg: the scatterlist
 * @nents: number of entries
 * @dir: direction of the transfer
 * @attrs: DMA_ATTR_* flags
 *
 * All entries share one IOVA allocation; the device's segment boundary and
 * maximum segment size decide how they are laid out and which of them
 * merge into one DMA segment.  Peer-to-peer pages reachable by bus address
 * get segments of their own.  Devices that need bouncing get one mapping
 * per entry instead.
 *
 * Return: the number of DMA segments, or a negative errno with nothing
 * mapped.
 */
int iommu_dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
		     enum dma_data_direction dir, unsigned long attrs)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);
	struct idma_sg_job job = {
		.dev = dev,
		.dom = dom,
		.prot = idma_prot(dir, idma_arch_coherent(dev), attrs),
		.limit = dma_get_mask(dev),
		.boundary = dma_get_seg_boundary(dev),
		.max_seg = dma_get_max_seg_size(dev),
	};

	if (idma_attach_failed(dev, dom))
		return -EINVAL;

	if (idma_sg_bounce_wanted(dev, sg, nents, dir))
		return idma_map_sg_bounced(dev, sg, nents, dir, attrs);

	if (!(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		iommu_dma_sync_sg_for_device(dev, sg, nents, dir);

	return idma_sg_map(&job, sg, nents);
}

/**
 * iommu_dma_unmap_sg() - dma_unmap_sg() for a device behind an IOMMU
 * @dev: the device
 * @sg: the scatterlist given to iommu_dma_map_sg()
 * @nents: number of entries given to iommu_dma_map_sg()
 * @dir: direction of the transfer
 * @attrs: DMA_ATTR_* flags
 */
void iommu_dma_unmap_sg(struct device *dev, struct scatterlist *sg, int nents,
			enum dma_data_direction dir, unsigned long attrs)
{
	if (sg_dma_is_swiotlb(sg)) {
		idma_unmap_sg_bounced(dev, sg, nents, dir, attrs);
		return;
	}

	if (!(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		iommu_dma_sync_sg_for_cpu(dev, sg, nents, dir);

	idma_sg_unmap(iommu_get_dma_domain(dev), sg, nents);
}

