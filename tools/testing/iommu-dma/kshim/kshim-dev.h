/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim devices: struct device with devres, platform devices and drivers,
 * device-tree nodes built by the harness, interrupt lines the harness
 * raises, runtime PM as a counter, clocks that always enable, and the
 * buses (PCI, fsl-mc, ACPI) a driver may ask about and never finds.
 *
 * File map:
 *   device tree      struct device_node, struct property, kshim_of_*()
 *   devices          struct device, devres (devm_*), drvdata
 *   platform         struct platform_device, struct platform_driver,
 *                    kshim_platform_bind()/unbind(), resources
 *   interrupts       request_irq() family, kshim_irq_raise()
 *   power            dev_pm_ops, pm_runtime_*, clk_bulk_*
 *   other buses      PCI, fsl-mc, ACPI and IORT: always absent
 *   modules          module_init(), module_param(), MODULE_*()
 *   DMA API          the mask setters only
 */
#ifndef KSHIM_DEV_H
#define KSHIM_DEV_H

/* ---- device tree ------------------------------------------------------ */

struct fwnode_handle {
	const struct fwnode_operations *ops;
	struct device *dev;	/* the device bound to this node, if any */
};

#define KSHIM_PROP_VALS	16

/* a property: a flag (no value), a string, or up to 16 cells */
struct property {
	const char *name;
	const char *str;
	u32 val[KSHIM_PROP_VALS];
	int nval;
};

#define KSHIM_NODE_PROPS 16

struct device_node {
	const char *name;
	const char *compatible;
	struct property prop[KSHIM_NODE_PROPS];
	int nprop;
	struct fwnode_handle fwnode;
};

struct of_device_id {
	char name[32];
	char type[32];
	char compatible[128];
	const void *data;
};

struct of_phandle_args {
	struct device_node *np;
	int args_count;
	u32 args[KSHIM_PROP_VALS];
};

struct of_phandle_iterator {
	struct device_node *node;
};

/* harness side: build a node */
void kshim_of_init(struct device_node *np, const char *name,
		   const char *compatible);
void kshim_of_set_u32s(struct device_node *np, const char *name,
		       const u32 *val, int nval);
void kshim_of_set_flag(struct device_node *np, const char *name);

#define of_fwnode_handle(np) (&(np)->fwnode)
#define to_of_node(fw) container_of(fw, struct device_node, fwnode)
#define of_node_get(np) (np)
static inline void of_node_put(struct device_node *np)
{
}

#define is_of_node(fw) ((fw) != NULL)
#define of_node_full_name(np) ((np)->name)

struct property *of_find_property(const struct device_node *np,
				  const char *name, int *lenp);
int of_property_read_u32(const struct device_node *np, const char *name,
			 u32 *val);
int of_property_read_u32_index(const struct device_node *np,
			       const char *name, u32 index, u32 *val);
bool of_device_is_compatible(const struct device_node *np, const char *c);
#define of_property_present(np, n) (!!of_find_property(np, n, NULL))
#define of_property_read_bool(np, n) of_property_present(np, n)
#define of_dma_is_coherent(np) of_property_present(np, "dma-coherent")

/* ---- devices ------------------------------------------------------------ */

struct device_driver;
struct dev_iommu;

struct kshim_devres {
	struct kshim_devres *next;
	void (*release)(struct device *dev, void *res);
	/* the payload follows, aligned like an allocation */
	u64 data[];
};

struct device {
	const char *name;
	struct device_node *of_node;
	struct fwnode_handle *fwnode;
	struct device_driver *driver;
	void *driver_data;
	void *platform_data;
	struct dev_iommu *iommu;
	struct kshim_devres *devres;
	const void *pm_domain;	/* non-NULL: runtime PM is enabled */
	int rpm_usage;
	bool rpm_enabled, rpm_suspended;
	bool dma_coherent;
	u64 dma_mask;
	int numa_node;
};

#define dev_name(d) ((d)->name)
#define dev_fwnode(d) ((d)->fwnode)
#define dev_get_drvdata(d) ((d)->driver_data)
#define dev_set_drvdata(d, p) ((d)->driver_data = (p))
#define dev_get_platdata(d) ((d)->platform_data)
#define get_device(d) (d)

static inline int dev_to_node(struct device *dev)
{
	return dev ? dev->numa_node : -1;
}

static inline void put_device(struct device *dev)
{
}

static inline bool device_property_read_bool(struct device *dev,
					     const char *name)
{
	return dev->of_node && of_property_present(dev->of_node, name);
}

enum dev_dma_attr { DEV_DMA_NOT_SUPPORTED, DEV_DMA_NON_COHERENT, DEV_DMA_COHERENT };
#define device_get_dma_attr(d) \
	((d)->dma_coherent ? DEV_DMA_COHERENT : DEV_DMA_NON_COHERENT)

#define DL_FLAG_STATELESS		BIT(0)
#define DL_FLAG_AUTOREMOVE_CONSUMER	BIT(1)
#define DL_FLAG_PM_RUNTIME		BIT(2)
#define DL_FLAG_AUTOREMOVE_SUPPLIER	BIT(4)
struct device_link {
	int unused;
};

/* links are recorded only as a count: no supplier runtime PM here */
extern int kshim_device_links;
static inline struct device_link *device_link_add(struct device *consumer,
						  struct device *supplier,
						  u32 flags)
{
	kshim_device_links++;
	return NULL;
}

void *kshim_devres_alloc(struct device *dev, size_t n, bool zero,
			 void (*release)(struct device *, void *));
void kshim_devres_release_all(struct device *dev);
void kshim_devres_free(struct device *dev, void *p);

static inline void *devm_kzalloc(struct device *dev, size_t n, gfp_t gfp)
{
	return kshim_devres_alloc(dev, n, true, NULL);
}

static inline void *devm_kmalloc(struct device *dev, size_t n, gfp_t gfp)
{
	return kshim_devres_alloc(dev, n, false, NULL);
}

static inline void *devm_kcalloc(struct device *dev, size_t n, size_t size,
				 gfp_t gfp)
{
	return kshim_devres_alloc(dev, n * size, true, NULL);
}

static inline void *devm_kmalloc_array(struct device *dev, size_t n,
				       size_t size, gfp_t gfp)
{
	return kshim_devres_alloc(dev, n * size, false, NULL);
}

#define devm_kfree(d, p) kshim_devres_free(d, p)
/* @fn(@data) at unbind; at once, with -ENOMEM, if that cannot be arranged */
int devm_add_action_or_reset(struct device *dev, void (*fn)(void *),
			     void *data);
void *devm_krealloc(struct device *dev, void *p, size_t n, gfp_t gfp);

/* ---- platform devices and drivers ------------------------------------- */

#define IORESOURCE_MEM 0x200
#define IORESOURCE_IRQ 0x400

struct resource {
	phys_addr_t start, end;
	unsigned long flags;
	const char *name;
};

static inline resource_size_t resource_size(const struct resource *r)
{
	return r->end - r->start + 1;
}

struct device_driver {
	const char *name;
	const struct of_device_id *of_match_table;
	const void *acpi_match_table;
	const struct dev_pm_ops *pm;
	bool suppress_bind_attrs;
};

#define KSHIM_MAX_IRQS 160

struct platform_device {
	struct device dev;
	const char *name;
	int id;
	struct resource *resource;
	u32 num_resources;
	int irq[KSHIM_MAX_IRQS];
	int num_irqs;
	const struct of_device_id *match;
};

struct platform_device_id {
	char name[20];
	unsigned long driver_data;
};

struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	union {		/* 6.12: one callback, two names */
		void (*remove)(struct platform_device *pdev);
		void (*remove_new)(struct platform_device *pdev);
	};
	void (*shutdown)(struct platform_device *pdev);
	struct device_driver driver;
	const struct platform_device_id *id_table;
};

#define to_platform_device(d) container_of(d, struct platform_device, dev)
#define platform_get_drvdata(p) dev_get_drvdata(&(p)->dev)
#define platform_set_drvdata(p, v) dev_set_drvdata(&(p)->dev, v)

int platform_driver_register(struct platform_driver *drv);
void platform_driver_unregister(struct platform_driver *drv);
#define builtin_platform_driver(d) module_platform_driver(d)
#define module_platform_driver(d) \
	static void __attribute__((constructor)) kshim_reg_##d(void) \
	{ platform_driver_register(&(d)); }

/*
 * Harness side: bind @pdev to the registered driver whose match table
 * has @pdev's compatible; the driver's probe's result is returned.
 * unbind calls remove (or remove_new) and releases devres.
 */
int kshim_platform_bind(struct platform_device *pdev);
void kshim_platform_unbind(struct platform_device *pdev);
struct platform_driver *kshim_platform_driver_of(struct platform_device *p);

struct resource *platform_get_resource(struct platform_device *pdev,
				       unsigned int type, unsigned int num);
void __iomem *devm_platform_get_and_ioremap_resource(struct platform_device *p,
						     unsigned int index,
						     struct resource **res);
#define devm_platform_ioremap_resource(p, i) \
	devm_platform_get_and_ioremap_resource(p, i, NULL)
static inline void __iomem *devm_ioremap_resource(struct device *dev,
						  const struct resource *r)
{
	return kshim_ioremap(r->start, resource_size(r));
}

int platform_get_irq(struct platform_device *pdev, unsigned int num);
#define platform_get_irq_optional platform_get_irq
#define platform_irq_count(p) ((p)->num_irqs)
const void *of_device_get_match_data(const struct device *dev);
#define device_get_match_data of_device_get_match_data
struct device *driver_find_device_by_fwnode(struct device_driver *drv,
					    const struct fwnode_handle *fw);

/* ---- interrupts ------------------------------------------------------- */

enum irqreturn { IRQ_NONE, IRQ_HANDLED, IRQ_WAKE_THREAD };
#define irqreturn_t enum irqreturn
typedef irqreturn_t (*irq_handler_t)(int irq, void *data);
#define IRQF_SHARED	0x80
#define IRQF_ONESHOT	0x2000

int devm_request_threaded_irq(struct device *dev, unsigned int irq,
			      irq_handler_t handler, irq_handler_t thread,
			      unsigned long flags, const char *name, void *data);
#define devm_request_irq(d, i, h, f, n, p) \
	devm_request_threaded_irq(d, i, h, NULL, f, n, p)
#define request_threaded_irq(i, h, t, f, n, p) \
	devm_request_threaded_irq(NULL, i, h, t, f, n, p)
#define request_irq(i, h, f, n, p) \
	devm_request_threaded_irq(NULL, i, h, NULL, f, n, p)
void devm_free_irq(struct device *dev, unsigned int irq, void *data);
#define free_irq(i, p) devm_free_irq(NULL, i, p)

/*
 * Harness side: call every handler on line @irq (and its thread if it
 * asks for one); the number that returned IRQ_HANDLED.
 */
int kshim_irq_raise(int irq);
/* handlers registered on @irq now */
int kshim_irq_handlers(int irq);

/* ---- power ---------------------------------------------------------------- */

struct dev_pm_ops {
	int (*suspend)(struct device *dev);
	int (*resume)(struct device *dev);
	int (*runtime_suspend)(struct device *dev);
	int (*runtime_resume)(struct device *dev);
	int (*runtime_idle)(struct device *dev);
};

#define SET_SYSTEM_SLEEP_PM_OPS(s, r) .suspend = (s), .resume = (r),
#define SET_RUNTIME_PM_OPS(s, r, i) \
	.runtime_suspend = (s), .runtime_resume = (r), .runtime_idle = (i),
#define SYSTEM_SLEEP_PM_OPS SET_SYSTEM_SLEEP_PM_OPS
#define RUNTIME_PM_OPS SET_RUNTIME_PM_OPS
#define DEFINE_RUNTIME_DEV_PM_OPS(n, s, r, i) \
	const struct dev_pm_ops n = { SET_RUNTIME_PM_OPS(s, r, i) }
#define pm_ptr(p) (p)
#define pm_sleep_ptr(p) (p)

/*
 * Runtime PM: a usage count and a state.  A get that takes the count
 * from 0 calls the driver's runtime_resume when suspended; the puts
 * suspend at once (autosuspend delays are ignored).
 */
int pm_runtime_resume_and_get(struct device *dev);
int pm_runtime_get_sync(struct device *dev);
int pm_runtime_put(struct device *dev);
/* -EINVAL when runtime PM is off, 0 when suspended, else 1 and a ref */
int pm_runtime_get_if_active(struct device *dev);
#define pm_runtime_put_autosuspend pm_runtime_put
#define pm_runtime_put_sync pm_runtime_put
#define pm_runtime_enabled(d) ((d)->rpm_enabled)
static inline bool pm_runtime_suspended(struct device *dev)
{
	return dev->rpm_enabled && dev->rpm_suspended;
}

static inline int pm_runtime_set_active(struct device *dev)
{
	dev->rpm_suspended = false;
	return 0;
}

static inline int pm_runtime_set_suspended(struct device *dev)
{
	dev->rpm_suspended = true;
	return 0;
}

#define pm_runtime_enable(d) ((d)->rpm_enabled = true)
#define pm_runtime_disable(d) ((d)->rpm_enabled = false)

/* autosuspend: the puts suspend at once, so there is nothing to set */
static inline void pm_runtime_use_autosuspend(struct device *dev)
{
}

static inline void pm_runtime_set_autosuspend_delay(struct device *dev,
						    int ms)
{
}

static inline void pm_runtime_mark_last_busy(struct device *dev)
{
}

int pm_runtime_force_suspend(struct device *dev);
int pm_runtime_force_resume(struct device *dev);

struct clk {
	int unused;
};

struct clk_bulk_data {
	const char *id;
	struct clk *clk;
};

/* no clocks; counted so that a test can see them balanced */
extern int kshim_clk_enabled, kshim_clk_prepared;
static inline int devm_clk_bulk_get_all(struct device *dev,
					struct clk_bulk_data **clks)
{
	*clks = NULL;
	return 0;
}

static inline int clk_bulk_prepare(int n, const struct clk_bulk_data *c)
{
	kshim_clk_prepared++;
	return 0;
}

static inline void clk_bulk_unprepare(int n, const struct clk_bulk_data *c)
{
	kshim_clk_prepared--;
}

static inline int clk_bulk_enable(int n, const struct clk_bulk_data *c)
{
	kshim_clk_enabled++;
	return 0;
}

static inline void clk_bulk_disable(int n, const struct clk_bulk_data *c)
{
	kshim_clk_enabled--;
}

static inline int clk_bulk_prepare_enable(int n, const struct clk_bulk_data *c)
{
	clk_bulk_prepare(n, c);
	return clk_bulk_enable(n, c);
}

static inline void clk_bulk_disable_unprepare(int n,
					      const struct clk_bulk_data *c)
{
	clk_bulk_disable(n, c);
	clk_bulk_unprepare(n, c);
}

/* ---- other buses: never present --------------------------------------- */

struct pci_bus;
struct pci_dev {
	struct device dev;
	struct pci_bus *bus;
};

#define dev_is_pci(d) ((void)(d), false)
#define to_pci_dev(d) container_of(d, struct pci_dev, dev)
#define pci_is_root_bus(b) ((void)(b), true)
#define dev_is_fsl_mc(d) ((void)(d), false)
#define acpi_disabled 1

static inline void iort_get_rmr_sids(struct fwnode_handle *fw,
				     struct list_head *list)
{
}

static inline void iort_put_rmr_sids(struct fwnode_handle *fw,
				     struct list_head *list)
{
}

/* ---- modules --------------------------------------------------------- */

#define THIS_MODULE NULL
#define module_init(fn) \
	static void __attribute__((constructor)) kshim_init_##fn(void) { fn(); }
/* what a module states about itself: checked for syntax, then dropped */
#define KSHIM_MODINFO(bytes) static_assert((bytes) > 0)
#define module_exit(fn) KSHIM_MODINFO(sizeof(#fn))
#define module_param(n, t, p) KSHIM_MODINFO(sizeof(n) + sizeof(#t #p))
#define module_param_named(n, v, t, p) \
	KSHIM_MODINFO(sizeof(v) + sizeof(#n #t #p))
#define MODULE_PARM_DESC(n, d) KSHIM_MODINFO(sizeof(d #n))
#define MODULE_DESCRIPTION(d) KSHIM_MODINFO(sizeof(d))
#define MODULE_AUTHOR(a) KSHIM_MODINFO(sizeof(a))
#define MODULE_ALIAS(a) KSHIM_MODINFO(sizeof(a))
#define MODULE_LICENSE(l) KSHIM_MODINFO(sizeof(l))
#define MODULE_DEVICE_TABLE(t, n) KSHIM_MODINFO(sizeof(n) + sizeof(#t))
#define MODULE_SOFTDEP(s) KSHIM_MODINFO(sizeof(s))
#define __exit
#define device_initcall(fn) module_init(fn)
#define subsys_initcall(fn) module_init(fn)

/* ---- DMA API: masks only --------------------------------------------- */

enum dma_data_direction { DMA_BIDIRECTIONAL, DMA_TO_DEVICE, DMA_FROM_DEVICE, DMA_NONE };
/* @n from 1 to 64 */
#define DMA_BIT_MASK(n) (~0ULL >> (64 - (n)))
static inline int dma_set_mask(struct device *dev, u64 mask)
{
	dev->dma_mask = mask;
	return 0;
}

#define dma_set_mask_and_coherent dma_set_mask

/*
 * Table memory is in RAM, which the models read directly: mapping is
 * the identity on physical addresses and a sync is a fence, counted so
 * that a test can tell a non-coherent walk was looked after.
 */
extern long kshim_dma_syncs;
static inline dma_addr_t dma_map_single(struct device *dev, void *va,
					size_t size,
					enum dma_data_direction dir)
{
	return kshim_virt_to_phys(va);
}

static inline void dma_unmap_single(struct device *dev, dma_addr_t addr,
				    size_t size, enum dma_data_direction dir)
{
}

static inline void dma_sync_single_for_device(struct device *dev,
					      dma_addr_t addr, size_t size,
					      enum dma_data_direction dir)
{
	kshim_dma_syncs++;
	wmb();	/* the table stores before the walker may read them */
}

static inline int dma_mapping_error(struct device *dev, dma_addr_t addr)
{
	return addr == ~(dma_addr_t)0;
}

#endif /* KSHIM_DEV_H */
