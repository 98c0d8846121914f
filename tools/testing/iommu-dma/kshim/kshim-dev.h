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
#define of_node_put(np) do { (void)(np); } while (0)
#define is_of_node(fw) ((fw) != NULL)
#define of_node_full_name(np) ((np)->name)

struct property *of_find_property(const struct device_node *np,
				  const char *name, int *lenp);
int of_property_read_u32(const struct device_node *np, const char *name,
			 u32 *val);
int of_property_read_u32_index(const struct device_node *np,
			       const char *name, u32 index, u32 *val);
bool of_device_is_compatible(const struct device_node *np, const char *c);
#define of_property_present(np, n) (of_find_property(np, n, NULL) != NULL)
#define of_property_read_bool(np, n) of_property_present(np, n)
#define of_dma_is_coherent(np) of_property_present(np, "dma-coherent")
#define of_for_each_phandle(it, err, np, ln, cn, cc) \
	for ((err) = -ENOENT; false; )
#define of_phandle_iterator_args(it, a, n) 0

/* ---- devices ------------------------------------------------------------ */

struct device_driver;
struct dev_pm_ops;
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
#define dev_to_node(d) ((d) ? (d)->numa_node : -1)
#define get_device(d) (d)
#define put_device(d) do { (void)(d); } while (0)
#define device_property_read_bool(d, n) \
	((d)->of_node && of_property_present((d)->of_node, n))

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
static inline struct device_link *device_link_add(struct device *c,
						 struct device *s, u32 f)
{
	kshim_device_links++;
	return NULL;
}

void *kshim_devres_alloc(struct device *dev, size_t n, bool zero,
			 void (*release)(struct device *, void *));
void kshim_devres_release_all(struct device *dev);
void kshim_devres_free(struct device *dev, void *p);
#define devm_kzalloc(d, n, gfp) kshim_devres_alloc(d, n, true, NULL)
#define devm_kmalloc(d, n, gfp) kshim_devres_alloc(d, n, false, NULL)
#define devm_kcalloc(d, n, s, gfp) \
	kshim_devres_alloc(d, (size_t)(n) * (s), true, NULL)
#define devm_kmalloc_array(d, n, s, gfp) \
	kshim_devres_alloc(d, (size_t)(n) * (s), false, NULL)
#define devm_kfree(d, p) kshim_devres_free(d, p)
void *devm_krealloc(struct device *dev, void *p, size_t n, gfp_t gfp);

/* ---- platform devices and drivers ------------------------------------- */

#define IORESOURCE_MEM 0x200
#define IORESOURCE_IRQ 0x400

struct resource {
	phys_addr_t start, end;
	unsigned long flags;
	const char *name;
};

#define resource_size(r) ((r)->end - (r)->start + 1)

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
	int (*remove)(struct platform_device *pdev);
	void (*remove_new)(struct platform_device *pdev);
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
#define devm_ioremap_resource(d, r) kshim_ioremap((r)->start, resource_size(r))
int platform_get_irq(struct platform_device *pdev, unsigned int num);
#define platform_get_irq_optional platform_get_irq
#define platform_irq_count(p) ((p)->num_irqs)
const void *of_device_get_match_data(const struct device *dev);
#define device_get_match_data of_device_get_match_data
struct device *driver_find_device_by_fwnode(struct device_driver *drv,
					    const struct fwnode_handle *fw);
#define driver_for_each_device(drv, start, data, fn) \
	kshim_driver_for_each_device(drv, data, fn)
int kshim_driver_for_each_device(struct device_driver *drv, void *data,
				 int (*fn)(struct device *, void *));

/* ---- interrupts ------------------------------------------------------- */

typedef enum irqreturn { IRQ_NONE, IRQ_HANDLED, IRQ_WAKE_THREAD } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *data);
#define IRQF_SHARED	0x80
#define IRQF_ONESHOT	0x2000

int devm_request_threaded_irq(struct device *dev, unsigned int irq,
			      irq_handler_t handler, irq_handler_t thread,
			      unsigned long flags, const char *name, void *data);
#define devm_request_irq(d, i, h, f, n, p) \
	devm_request_threaded_irq(d, i, h, NULL, f, n, p)
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
#define pm_runtime_put_autosuspend pm_runtime_put
#define pm_runtime_put_sync pm_runtime_put
#define pm_runtime_enabled(d) ((d)->rpm_enabled)
#define pm_runtime_suspended(d) ((d)->rpm_enabled && (d)->rpm_suspended)
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
#define pm_runtime_use_autosuspend(d) do { (void)(d); } while (0)
#define pm_runtime_set_autosuspend_delay(d, ms) do { (void)(d); } while (0)
#define pm_runtime_mark_last_busy(d) do { (void)(d); } while (0)
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
#define devm_clk_bulk_get_all(d, c) ((void)(d), *(c) = NULL, 0)
#define clk_bulk_prepare(n, c) ((void)(c), kshim_clk_prepared++, 0)
#define clk_bulk_unprepare(n, c) ((void)(c), (void)kshim_clk_prepared--)
#define clk_bulk_enable(n, c) ((void)(c), kshim_clk_enabled++, 0)
#define clk_bulk_disable(n, c) ((void)(c), (void)kshim_clk_enabled--)
#define clk_bulk_prepare_enable(n, c) \
	((void)(c), kshim_clk_prepared++, kshim_clk_enabled++, 0)
#define clk_bulk_disable_unprepare(n, c) \
	((void)(c), (void)kshim_clk_prepared--, (void)kshim_clk_enabled--)

/* ---- other buses: never present --------------------------------------- */

struct pci_bus;
struct pci_dev {
	struct device dev;
	struct pci_bus *bus;
};

#define dev_is_pci(d) ((void)(d), false)
#define to_pci_dev(d) container_of(d, struct pci_dev, dev)
#define pci_is_root_bus(b) ((void)(b), true)
#define pci_for_each_dma_alias(p, fn, data) (-ENODEV)
#define dev_is_fsl_mc(d) ((void)(d), false)
#define acpi_disabled 1
#define has_acpi_companion(d) false
#define iort_get_rmr_sids(fw, list) do { (void)(fw); } while (0)
#define iort_put_rmr_sids(fw, list) do { (void)(fw); } while (0)
#define ACPI_PTR(p) NULL

/* ---- modules --------------------------------------------------------- */

#define THIS_MODULE NULL
#define module_init(fn) \
	static void __attribute__((constructor)) kshim_init_##fn(void) { fn(); }
#define module_exit(fn)
#define module_param(n, t, p)
#define module_param_named(n, v, t, p)
#define MODULE_PARM_DESC(n, d)
#define MODULE_DESCRIPTION(d)
#define MODULE_AUTHOR(a)
#define MODULE_ALIAS(a)
#define MODULE_LICENSE(l)
#define MODULE_DEVICE_TABLE(t, n)
#define MODULE_SOFTDEP(s)
#define S_IRUGO 0444
#define __exit
#define device_initcall(fn) module_init(fn)
#define subsys_initcall(fn) module_init(fn)

/* ---- DMA API: masks only --------------------------------------------- */

enum dma_data_direction { DMA_BIDIRECTIONAL, DMA_TO_DEVICE, DMA_FROM_DEVICE, DMA_NONE };
#define DMA_BIT_MASK(n) ((n) == 64 ? ~0ULL : (1ULL << (n)) - 1)
#define dma_set_mask_and_coherent(d, m) ((d)->dma_mask = (m), 0)
#define dma_set_mask(d, m) ((d)->dma_mask = (m), 0)

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

#define dma_unmap_single(d, a, s, dir) do { (void)(a); } while (0)
#define dma_sync_single_for_device(d, a, s, dir) \
	do { (void)(a); kshim_dma_syncs++; wmb(); } while (0)
#define dma_mapping_error(d, a) ((a) == ~(dma_addr_t)0)

#endif /* KSHIM_DEV_H */
