#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read QEMU console logs of the bench: results as TAP, and a report a person reads.

Two KTAP streams share the console.  Lines the kernel printed carry a printk
timestamp ("[    1.234567] "): those are KUnit's.  Lines the guest's init wrote
to /dev/console carry none: those are our end-to-end suites.  Each stream is
checked against its own plans, so a suite that stopped half way (a crash, a
hang cut by the timeout) counts as a failure even though no line says so.

  report.py tap LOG NAME      results of one boot as TAP lines on stdout
  report.py human LOG...      the readable report of one or more boots
"""
import re
import sys

STAMP = re.compile(r"^\[\s*\d+\.\d+\] ?")
RESULT = re.compile(r"^(\s*)(ok|not ok) (\d+)(?: -)? ?([^#]*?)\s*(#.*)?$")
PLAN = re.compile(r"^(\s*)1\.\.(\d+)")
SUBTEST = re.compile(r"^(\s*)# Subtest: (.*)$")


def split_streams(lines):
    kernel, guest = [], []
    for raw in lines:
        line = raw.rstrip("\r\n")
        m = STAMP.match(line)
        if m:
            kernel.append(line[m.end():])
        else:
            guest.append(line)
    return kernel, guest


def ktap_cases(lines):
    """Leaf results of a KTAP stream as (suite, case, status, directive),
    plus a list of problems (plans not met, suites that failed without a
    failing case).  A case is a result one level below a suite; deeper
    levels (parameterised cases) are summed up by their parent's line."""
    cases, problems = [], []
    suite, suite_indent, planned, seen, failed_cases = None, None, None, 0, 0
    started = False
    for line in lines:
        if line.strip().startswith("KTAP version"):
            started = True
            continue
        if not started:
            continue
        m = SUBTEST.match(line)
        if m and len(m.group(1)) == 4:
            suite, suite_indent, planned, seen, failed_cases = m.group(2).strip(), 4, None, 0, 0
            continue
        m = PLAN.match(line)
        if m and suite and len(m.group(1)) == suite_indent and planned is None:
            planned = int(m.group(2))
            continue
        m = RESULT.match(line)
        if not m:
            continue
        indent, status, _, name, directive = m.groups()
        directive = (directive or "").strip()
        if suite and len(indent) == suite_indent:
            cases.append((suite, name.strip(), status, directive))
            seen += 1
            failed_cases += status == "not ok" and "SKIP" not in directive
        elif len(indent) == 0 and suite:
            if planned is not None and seen < planned:
                problems.append("%s: planned %d cases, ran %d" % (suite, planned, seen))
            elif status == "not ok" and not failed_cases and "SKIP" not in directive:
                problems.append("%s: suite failed (%s)" % (suite, directive or "no case failed"))
            suite = None
    if suite:
        problems.append("%s: stopped after %d of %s cases" % (suite, seen, planned or "?"))
    return cases, problems


def tap(log, name):
    """The results of one boot as TAP lines, named NAME/..."""
    try:
        with open(log, errors="replace") as f:
            lines = f.readlines()
    except OSError as e:
        return ["not ok - %s/boot: no console log (%s)" % (name, e.strerror)]
    kernel, guest = split_streams(lines)
    out = []

    def emit(ok, what, directive=""):
        out.append("%s - %s%s" % ("ok" if ok else "not ok", what,
                                  " # " + directive if directive else ""))

    text = "".join(lines)
    powered_off = "reboot: Power down" in text
    emit(powered_off, "%s/boot: guest ran to power-off" % name)
    for label, stream, expect in (("kunit", kernel, "kunit.enable=0" not in text),
                                  ("suite", guest, True)):
        cases, problems = ktap_cases(stream)
        if expect and not cases:
            emit(False, "%s/%s: no results in the log" % (name, label))
        for suite, case, status, directive in cases:
            skip = "SKIP" in directive
            emit(status == "ok" or skip, "%s/%s/%s/%s" % (name, label, suite, case),
                 directive.lstrip("# ") if skip else "")
        for p in problems:
            emit(False, "%s/%s/%s" % (name, label, p))
    for line in lines:
        # KASAN and lockdep report as BUG:/WARNING:, DMA-API debugging
        # through WARN(); kmemleak's background scan in its own words.
        if ("Kernel panic" in line or "BUG:" in line or "WARNING:" in line or
                "suspected memory leak" in line):
            emit(False, "%s/kernel: %s" % (name, STAMP.sub("", line.strip())))
    return out


def reports(lines):
    for line in lines:
        line = STAMP.sub("", line.strip())
        i = line.find("# report: ")
        if i < 0:
            continue
        kind, _, rest = line[i + len("# report: "):].partition(" ")
        fields = dict(kv.split("=", 1) for kv in rest.split() if "=" in kv)
        if kind == "mode":
            fields["mode"] = rest.strip()
        yield kind, fields


def human(logs):
    for log in logs:
        with open(log, errors="replace") as f:
            lines = f.readlines()
        rep = list(reports(lines))
        mode = next((f["mode"] for k, f in rep if k == "mode"), "?")
        print("=" * 72)
        print("Boot: %s   (mode %s)" % (log.rsplit("/", 1)[-1], mode))
        print("-" * 72)
        host = [l.strip()[len("host: "):] for l in lines[:1] if l.startswith("host: ")]
        if host:
            print("Host: %s" % host[0])
        smmu = [STAMP.sub("", l.strip()) for l in lines
                if re.search(r"smmu", l, re.I) and
                re.search(r"ias|oas|feature|found|stage|granule", l, re.I)]
        print("SMMU:")
        for l in smmu[:6] or ["(no SMMU probe line in the log)"]:
            print("  " + l)
        print("Devices:")
        for k, f in rep:
            if k == "group":
                print("  %-14s group %-3s domain %s" % (f.get("dev"), f.get("id"), f.get("type")))
        print("Data verified:")
        total, bad = 0.0, 0
        for k, f in rep:
            if k == "data":
                total += float(f.get("mib", 0))
                bad += int(f.get("mismatches", 0))
                print("  %-14s %8s MiB  %s mismatches" % (f.get("dev"), f.get("mib"), f.get("mismatches")))
        print("  %-14s %8.1f MiB  %d mismatches" % ("total", total, bad))
        allocs = [f for k, f in rep if k == "alloc"]
        if allocs:
            print("Allocations mapped to user space (dma_get_sgtable_attrs):")
            for f in allocs:
                print("  %-24s %6s bytes  %3s entries  %6s bytes  %s" % (
                    f.get("kind"), f.get("size"), f.get("nents"), f.get("length"),
                    "contiguous" if f.get("contiguous") == "1" else "scattered"))
        fixed = [f for k, f in rep if k == "fixed"]
        if fixed:
            print("Buffers at fixed device addresses (dma_alloc_fixed, dma_map_fixed):")
            for f in fixed:
                print("  %-24s iova %-12s %6s bytes  data %s" % (
                    f.get("case"), f.get("iova"), f.get("size"), f.get("data")))
        regions = [f for k, f in rep if k == "region"]
        if regions:
            bind = {f.get("kind"): f for k, f in rep if k == "region-bind"}
            reach = {f.get("kind"): f for k, f in rep if k == "region-reach"}
            refused = {f.get("kind"): f for k, f in rep if k == "region-refused"}
            print("Firmware regions from the device tree (iommu-addresses), edu-fw %s:"
                  % regions[0].get("dev"))
            for f in regions:
                kind, b, r = f.get("kind"), bind.get(f.get("kind"), {}), reach.get(f.get("kind"))
                if kind in refused:
                    x = refused[kind]
                    what = "refused%s, %s" % (
                        " with its message" if x.get("logged") == "1" else ", NO MESSAGE",
                        "not mapped" if x.get("mapped") == "0" else "MAPPED")
                elif kind in ("reserved", "unaligned", "too-long"):
                    what = "not mapped" if b.get("mapped") == "0" else "MAPPED"
                else:
                    what = "memory %s, read at bind %s" % (
                        b.get("phys", "?"), "ok" if b.get("at_bind") == "1" else "NOT OK")
                    if r:
                        bad = sum(int(r.get(x, 1)) for x in ("read_bad", "write_bad", "beside"))
                        what += ", data %s" % ("exact" if bad == 0 else "%d bytes WRONG" % bad)
                print("  %-10s iova %-12s %8s bytes  listed %-10s %s" % (
                    kind, f.get("iova"), int(f.get("size", "0"), 0), f.get("listed"), what))
        for k, f in rep:
            if k == "resource":
                print("A peer's registers through dma_map_resource:")
                print("  edu read NVMe %s's BAR 0 at iova %s (VS %s)" % (
                    f.get("bdf"), f.get("iova"), f.get("vs")))
        print("Faults:")
        for k, f in rep:
            if k == "fault":
                print("  %-24s iova %-12s stream %-6s %s, memory %s" % (
                    f.get("case"), f.get("iova"), f.get("stream", "?"),
                    "caught" if f.get("caught") == "1" else "NOT CAUGHT",
                    "unchanged" if f.get("changed") == "0" else "CHANGED"))
        events = sum(1 for l in lines if re.search(r"smmu.*(event|fault)", l, re.I))
        print("  SMMU fault/event lines in the kernel log: %d" % events)
        print("Isolation and lifetime:")
        for k, f in rep:
            if k == "dma32":
                print("  32-bit mask: %s buffers above 4 GiB with the wide mask, "
                      "%s with the 32-bit one (highest byte %s)" % (
                          f.get("wide_above"), f.get("narrow_above"), f.get("narrow_top")))
            elif k == "untrusted":
                print("  untrusted edu: bytes beside its buffer read %s, overwritten %s "
                      "(trusted control: %s, %s)" % (
                          f.get("untrusted_seen"), f.get("untrusted_broken"),
                          f.get("trusted_seen"), f.get("trusted_broken")))
            elif k == "tiny":
                print("  24-byte buffer on a %s edu: %s canary bytes beside it seen "
                      "(bounced when none)" % (
                          "coherent" if f.get("coherent") == "1" else "non-coherent",
                          f.get("seen")))
            elif k == "domains":
                print("  domain moves: " + " ".join("%s %s" % kv for kv in f.items()))
            elif k == "rebind":
                print("  rebind: " + " ".join("%s=%s" % kv for kv in f.items()))
            elif k == "kmemleak":
                print("  kmemleak after the rebind cycles: %s suspected leaks (%s scans)" % (
                    f.get("leaks"), f.get("scans")))
        faults = [f for k, f in rep if k == "faults"]
        if faults:
            print("Fault injection (failslab, fail_page_alloc, fail_make_request on the suite's task):")
        for f in faults:
            case = f.get("case")
            if "skipped" in f:
                print("  skipped: the kernel has no fault injection")
            elif case == "edu":
                print("  edu maps: %s failures injected, %s creates refused with ENOMEM, "
                      "%s made, %s DMA checks (%s wrong)" % (
                          f.get("injected"), f.get("errors"), f.get("ok"),
                          f.get("verified"), f.get("wrong")))
            elif case == "edu-space":
                print("  edu's 16 MiB of IOVA space afterwards: %s pages left mapped, "
                      "%s mappings of 64 KiB fit (after/before)" % (
                          f.get("leaked_pages"), f.get("capacity")))
            elif case == "blk":
                print("  O_DIRECT: %s failures injected, %s requests failed cleanly, "
                      "%s completed, %s MiB compared, %s bytes wrong, %s requests after" % (
                          f.get("injected"), f.get("errors"), f.get("ok"),
                          f.get("verified_mib"), f.get("wrong"), f.get("after_ios")))
            elif case == "after":
                print("  afterwards: disks and edu serve verified I/O; %s kernel "
                      "reports during the suite" % f.get("trouble"))
        soak = [(k, f) for k, f in rep if k == "soak"]
        if soak:
            print("Soak:")
        for k, f in soak:
            case = f.get("case")
            if case == "exhaustion":
                print("  IOVA exhaustion (24-bit mask, 4 processes): %s mappings, "
                      "%s pages mapped after the release" % (
                          f.get("mappings"), f.get("left_mapped")))
            elif case == "whole":
                print("  whole again: %s then %s mappings of 16 KiB, %s of 1 MiB, "
                      "%s pages left" % (f.get("first"), f.get("second"),
                                         f.get("big"), f.get("left_mapped")))
            else:
                print("  %s O_DIRECT requests on virtio-blk and NVMe, %s mismatching "
                      "bytes; %s stress maps, %s domain moves (%s checked copies), "
                      "%s dma_map_benchmark runs" % (
                          f.get("ios"), f.get("mismatches"), f.get("maps"),
                          f.get("moves"), f.get("copies"), f.get("bench_runs")))
        print("Map/unmap latency (dma_map_benchmark, mean microseconds per call):")
        print("  %-7s %-7s %-4s %10s %10s" % ("threads", "granule", "bits", "map", "unmap"))
        for k, f in rep:
            if k == "bench":
                print("  %-7s %-7s %-4s %10s %10s" % (
                    f.get("threads"), f.get("granule"), f.get("bits"),
                    "%.1f" % (int(f.get("map_100ns", 0)) / 10.0),
                    "%.1f" % (int(f.get("unmap_100ns", 0)) / 10.0)))
        checkers = [c for c in ("KASAN", "lockdep", "DMA-API debugging", "kmemleak")
                    if {"KASAN": "kasan: KernelAddressSanitizer initialized",
                        "lockdep": "Lock dependency validator",
                        "DMA-API debugging": "DMA-API: debugging enabled",
                        "kmemleak": "kmemleak=on"}[c] in "".join(lines)]
        if "KASAN" in checkers:
            found = [STAMP.sub("", l.strip()) for l in lines
                       if "BUG:" in l or "WARNING:" in l or "suspected memory leak" in l]
            print("Debug kernel (%s): %s" % (", ".join(checkers),
                  "%d reports, first: %s" % (len(found), found[0]) if found
                  else "no report"))
        cases = tap(log, "boot")
        good = sum(1 for l in cases if l.startswith("ok"))
        print("Results: %d passed, %d failed" % (good, len(cases) - good))
        for l in cases:
            if l.startswith("not ok"):
                print("  " + l)


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "tap":
        print("\n".join(tap(sys.argv[2], sys.argv[3])))
    elif len(sys.argv) >= 3 and sys.argv[1] == "human":
        human(sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
