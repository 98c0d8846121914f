#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The table of make bench: dma_map_benchmark, ours over the base stack.

Logs are named <side>-<mode>-<timing>-<rep>.log (side base|ours, mode
strict|lazy, timing icount|tcg).  In an -icount boot the percpu-icount
plugin prints, at the end of each benchmark run (a phase), one line per
vCPU and operation with the guest instructions of each call on its own
vCPU; the guest then prints its "report: bench" line for that run, so the
k-th phase is the k-th report.  Calls are pooled over the vCPUs and the
boots of a side; the interval of a ratio is its 95 % confidence interval
from the per-call deviations of both sides.  Guest-time latencies (the
benchmark's own figures, medians over the boots) come after.
"""
import glob
import math
import os
import re
import statistics
import sys

REPORT = re.compile(r"# report: bench (.*)$")
PHASE = re.compile(r"icount: phase=(\d+) cpu=(\d+) op=(\w+) calls=(\d+) "
                   r"lost=(\d+) mean=([\d.]+) sd=([\d.]+) min=(\d+) max=(\d+)")
PHASE_END = re.compile(r"icount: phase=(\d+) end")


class Pool:
    """Calls pooled from several (calls, mean, sd) groups."""

    def __init__(self):
        self.n = 0
        self.s = 0.0
        self.ss = 0.0
        self.lost = 0
        self.boot_means = []

    def add(self, n, mean, sd):
        self.n += n
        self.s += n * mean
        self.ss += n * (sd * sd + mean * mean)

    def mean(self):
        return self.s / self.n if self.n else 0.0

    def se(self):
        if self.n < 2:
            return 0.0
        var = max(self.ss / self.n - self.mean() ** 2, 0.0)
        return math.sqrt(var / self.n)


def parse(log):
    """{(thr, gran, bits): {"time": (map, unmap), "map": [...], "unmap": [...]}}"""
    phases = {}
    order = []
    reports = []
    with open(log, errors="replace") as f:
        for line in f:
            m = PHASE.search(line)
            if m:
                ph, _, op, n, lost, mean, sd = m.groups()[:7]
                d = phases.setdefault(int(ph), {"map": [], "unmap": []})
                d[op].append((int(n), float(mean), float(sd), int(lost)))
                continue
            m = PHASE_END.search(line)
            if m:
                order.append(int(m.group(1)))
                continue
            m = REPORT.search(line)
            if m:
                kv = dict(x.split("=", 1) for x in m.group(1).split() if "=" in x)
                reports.append(((kv["threads"], kv["granule"], kv["bits"]),
                                (int(kv["map_100ns"]), int(kv["unmap_100ns"]))))
    out = {}
    counted = phases and len(order) == len(reports)
    if phases and not counted:
        print("warning: %s: %d plugin phases, %d reports: instructions left out"
              % (log, len(order), len(reports)), file=sys.stderr)
    for i, (key, times) in enumerate(reports):
        e = {"time": times}
        if counted:
            e.update(phases.get(order[i], {"map": [], "unmap": []}))
        out[key] = e
    return out


def ratio_ci(o, b):
    """ours / base and the half-width of its 95 % interval."""
    if not o.n or not b.n or not b.mean() or not o.mean():
        return None, None
    r = o.mean() / b.mean()
    rel = math.hypot(o.se() / o.mean(), b.se() / b.mean())
    return r, 1.96 * r * rel


def spread(vals):
    vals = [v for v in vals if v]
    return max(vals) / min(vals) if vals else 0.0


def check(log):
    """make check: a bench boot with the plugin counted every run cleanly."""
    entries = parse(log)
    bad = []
    if not entries:
        bad.append("no benchmark report")
    for key, e in sorted(entries.items()):
        for op in ("map", "unmap"):
            groups = e.get(op) or []
            calls = sum(g[0] for g in groups)
            lost = sum(g[3] for g in groups)
            if not calls:
                bad.append("%s %s: no %s call counted" % (log, "/".join(key), op))
            if lost:
                bad.append("%s %s: %d %s windows lost" % (log, "/".join(key), lost, op))
            if calls and min(g[1] for g in groups if g[0]) < 100:
                bad.append("%s %s: %s mean below 100 instructions"
                           % (log, "/".join(key), op))
    for b in bad:
        print(b)
    print("%d benchmark runs, %s" % (len(entries), "bad" if bad else "every call counted"))
    return 1 if bad else 0


def main():
    if sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2]))
    d = sys.argv[1]
    pools = {}
    times = {}
    for log in sorted(glob.glob(os.path.join(d, "*.log"))):
        side, mode, timing, _ = os.path.basename(log)[:-4].split("-")
        for key, e in parse(log).items():
            times.setdefault((timing, mode, key, side), []).append(e["time"])
            for op in ("map", "unmap"):
                if not e.get(op):
                    continue
                p = pools.setdefault((mode, key, side, op), Pool())
                boot = Pool()
                for n, mean, sd, lost in e[op]:
                    p.add(n, mean, sd)
                    boot.add(n, mean, sd)
                    p.lost += lost
                p.boot_means.append(boot.mean())

    keys = sorted({(m, k) for (m, k, s, op) in pools},
                  key=lambda x: (x[0], int(x[1][0]), int(x[1][1]), int(x[1][2])))
    if keys:
        print("Instructions per call on the caller's vCPU (percpu-icount)")
        print("~" * 58)
        print()
        hdr = ("mode", "thr", "gran", "bits", "base map", "ours map", "ratio",
               "base unmap", "ours unmap", "ratio", "sum", "calls", "spread")
        w = (6, 3, 4, 4, 8, 8, 11, 10, 10, 11, 5, 13, 6)
        sep = " ".join("=" * n for n in w)
        print(sep)
        print(" ".join(h.ljust(n) for h, n in zip(hdr, w)).rstrip())
        print(sep)
        ratios = []
        for mode, key in keys:
            cells = [mode, *key]
            tot = {"base": 0.0, "ours": 0.0}
            calls = []
            spr = 0.0
            for op in ("map", "unmap"):
                b = pools.get((mode, key, "base", op), Pool())
                o = pools.get((mode, key, "ours", op), Pool())
                r, ci = ratio_ci(o, b)
                cells += ["%.0f" % b.mean(), "%.0f" % o.mean(),
                          "%.2f+-%.2f" % (r, ci) if r else "-"]
                if r:
                    ratios.append((r, ci, mode, key, op))
                tot["base"] += b.mean()
                tot["ours"] += o.mean()
                calls += [b.n, o.n]
                spr = max(spr, spread(b.boot_means), spread(o.boot_means))
            cells.append("%.2f" % (tot["ours"] / tot["base"]) if tot["base"] else "-")
            cells.append("%d/%d" % (min(calls), max(calls)))
            cells.append("%.2f" % spr)
            print(" ".join(str(c).ljust(n) for c, n in zip(cells, w)).rstrip())
        print(sep)
        print()
        if ratios:
            gm = math.exp(sum(math.log(r[0]) for r in ratios) / len(ratios))
            worst = max(ratios, key=lambda x: x[0])
            above = [x for x in ratios if x[0] - x[1] > 1.0]
            print("geometric mean of the %d ratios: %.2f; largest: %.2f+-%.2f (%s %s %s);"
                  % (len(ratios), gm, worst[0], worst[1], worst[2],
                     "/".join(worst[3]), worst[4]))
            print("ratios above 1.0 by more than their interval: %d" % len(above))
            print()
        print("ratio = ours / base with its 95 % interval; sum = (map + unmap) ratio;")
        print("calls = fewest/most calls of one side behind a figure; spread = the")
        print("largest max/min of one side's per-boot means (1.00: boots agree).")
        print()

    for timing in ("icount", "tcg"):
        rows = []
        for (t, mode, key, side), vals in sorted(times.items()):
            if t != timing or side != "base":
                continue
            ours = times.get((t, mode, key, "ours"))
            if not ours:
                continue
            bm = statistics.median(v[0] for v in vals)
            bu = statistics.median(v[1] for v in vals)
            om = statistics.median(v[0] for v in ours)
            ou = statistics.median(v[1] for v in ours)
            rows.append((mode, key, bm, om, bu, ou))
        if not rows:
            continue
        title = ("guest time under -icount (us per call)" if timing == "icount"
                 else "plain TCG, wall clock (us per call; noisy, reference only)")
        print(title)
        print("~" * len(title))
        print()
        hdr = ("mode", "thr", "gran", "bits", "base map", "ours map", "ratio",
               "base unmap", "ours unmap", "ratio")
        w = (6, 3, 4, 4, 8, 8, 5, 10, 10, 5)
        sep = " ".join("=" * n for n in w)
        print(sep)
        print(" ".join(h.ljust(n) for h, n in zip(hdr, w)).rstrip())
        print(sep)
        rows.sort(key=lambda x: (x[0], int(x[1][0]), int(x[1][1]), int(x[1][2])))
        for mode, key, bm, om, bu, ou in rows:
            cells = (mode, *key, "%.1f" % (bm / 10), "%.1f" % (om / 10),
                     "%.2f" % (om / bm) if bm else "-",
                     "%.1f" % (bu / 10), "%.1f" % (ou / 10),
                     "%.2f" % (ou / bu) if bu else "-")
            print(" ".join(str(c).ljust(n) for c, n in zip(cells, w)).rstrip())
        print(sep)
        print()


if __name__ == "__main__":
    main()
