#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Medians of the dma_map_benchmark figures of bench boots, ours over base.

Logs are named <side>-<mode>-<timing>-<rep>.log with side base|ours, mode
strict|lazy, timing icount|tcg.  Prints an reStructuredText table per timing.
"""
import glob
import os
import re
import statistics
import sys

LINE = re.compile(r"# report: bench (.*)$")


def figures(log):
    out = {}
    with open(log, errors="replace") as f:
        for line in f:
            m = LINE.search(line)
            if not m:
                continue
            kv = dict(x.split("=", 1) for x in m.group(1).split() if "=" in x)
            key = (kv["threads"], kv["granule"], kv["bits"])
            out[key] = (int(kv["map_100ns"]), int(kv["unmap_100ns"]))
    return out


def main():
    d = sys.argv[1]
    runs = {}
    for log in glob.glob(os.path.join(d, "*.log")):
        side, mode, timing, _ = os.path.basename(log)[:-4].split("-")
        for key, (m, u) in figures(log).items():
            runs.setdefault((timing, mode, key, side), []).append((m, u))
    for timing in ("icount", "tcg"):
        rows = []
        for (t, mode, key, side), vals in sorted(runs.items()):
            if t != timing or side != "base":
                continue
            ours = runs.get((t, mode, key, "ours"))
            if not ours:
                continue
            bm = statistics.median(v[0] for v in vals)
            bu = statistics.median(v[1] for v in vals)
            om = statistics.median(v[0] for v in ours)
            ou = statistics.median(v[1] for v in ours)
            # Boot-to-boot spread of map + unmap (max / min), per side.
            bs = [v[0] + v[1] for v in vals]
            os_ = [v[0] + v[1] for v in ours]
            spread = max(max(bs) / min(bs) if min(bs) else 0,
                         max(os_) / min(os_) if min(os_) else 0)
            rows.append((mode, key, bm, om, bu, ou, spread))
        if not rows:
            continue
        title = ("-icount (guest time = instructions; decisive)" if timing == "icount"
                 else "plain TCG (wall clock; noisy, for reference)")
        print(title)
        print("~" * len(title))
        print()
        hdr = ("mode", "thr", "gran", "bits", "base map", "ours map", "ratio",
               "base unmap", "ours unmap", "ratio", "base sum", "ours sum", "ratio",
               "spread")
        w = (6, 3, 4, 4, 8, 8, 5, 10, 10, 5, 8, 8, 5, 6)
        sep = " ".join("=" * n for n in w)
        print(sep)
        print(" ".join(h.ljust(n) for h, n in zip(hdr, w)))
        print(sep)
        for mode, (thr, gran, bits), bm, om, bu, ou, spread in rows:
            r1 = "%.2f" % (om / bm) if bm else "-"
            r2 = "%.2f" % (ou / bu) if bu else "-"
            r3 = "%.2f" % ((om + ou) / (bm + bu)) if bm + bu else "-"
            cells = (mode, thr, gran, bits, "%.1f" % (bm / 10), "%.1f" % (om / 10), r1,
                     "%.1f" % (bu / 10), "%.1f" % (ou / 10), r2,
                     "%.1f" % ((bm + bu) / 10), "%.1f" % ((om + ou) / 10), r3,
                     "%.2f" % spread)
            print(" ".join(str(c).ljust(n) for c, n in zip(cells, w)))
        print(sep)
        print()
        print("Latencies in microseconds (median of the runs); ratio = ours / base;")
        print("sum = map + unmap, the cost of one benchmark iteration; spread = the")
        print("larger of the two sides' max / min of sum over the boots (1.00: repeats).")
        print()


if __name__ == "__main__":
    main()
