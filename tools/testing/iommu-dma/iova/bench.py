#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Run bench_iova for ours and the base tree side by side and print a table.

ns/op comes from native runs (best of several passes inside the binary);
instructions/op from callgrind, counting only inside the bench_measure_*
functions.  For the fragmented-space scenario callgrind dumps after every
single allocation, which gives the mean and the worst case per request.
"""
import argparse
import glob
import os
import re
import subprocess
import sys

SCENARIOS = [
    ("cache", "(1) alloc+free pairs, 1..32 pfns, cached"),
    ("frag", "(2) alloc_iova, 32-bit space, 100000 live"),
    ("large", "(3) alloc+free pairs, 33..512 pfns"),
    ("huge", "(3b) alloc+free pairs, 513..2048 pfns"),
    ("single", "(3c) same, one in flight (strict unmaps)"),
    ("queue", "(3d) same, freed 256 at a time (lazy unmaps)"),
    ("over", "(3e) 2049..8192 pfns, one in flight (above both caches)"),
    ("fill", "(4) alloc_iova, 1..16 pfns, empty 32-bit space to full"),
    ("fillal", "(4b) same, size-aligned"),
]


def run(cmd):
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode:
        sys.stderr.write(res.stdout + res.stderr)
        raise SystemExit("bench: %s failed" % " ".join(cmd))
    return res.stdout + res.stderr


def native(binary, scen):
    out = run([binary, scen])
    m = re.search(r"^RESULT (\S+) (.*)$", out, re.M)
    if not m:
        raise SystemExit("bench: no result from %s %s" % (binary, scen))
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", m.group(2))}


def summary_of(path):
    with open(path) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    return 0


def callgrind(binary, scen, workdir, tag):
    for old in glob.glob(os.path.join(workdir, "cg.%s.%s.*" % (tag, scen))):
        os.unlink(old)
    out_pat = os.path.join(workdir, "cg.%s.%s.%%p" % (tag, scen))
    cmd = ["valgrind", "--tool=callgrind", "--collect-atstart=no",
           "--callgrind-out-file=" + out_pat]
    if scen == "frag":
        cmd += ["--toggle-collect=bench_measure_frag",
                "--dump-after=bench_measure_frag"]
    elif scen == "queue":
        cmd += ["--toggle-collect=bench_measure_queue"]
    elif scen.startswith("fill"):
        cmd += ["--toggle-collect=bench_measure_fill"]
    else:
        cmd += ["--toggle-collect=bench_measure_stream"]
    out = run(cmd + [binary, scen, "cg"])
    files = glob.glob(os.path.join(workdir, "cg.%s.%s.*" % (tag, scen)))
    if scen == "frag":
        # One dump per allocation, plus the final one at exit (collection
        # off by then): keep the dumps that counted something.
        per_op = [summary_of(f) for f in files]
        per_op = [n for n in per_op if n]
        return {"mean": sum(per_op) / len(per_op), "worst": max(per_op)}
    m = re.search(r"^CGOPS \S+ (\d+)", out, re.M)
    total = sum(summary_of(f) for f in files)
    return {"mean": total / int(m.group(1))}


def fmt(v):
    if v >= 100000:
        return "%.3g" % v
    if v >= 100:
        return "%.0f" % v
    return "%.1f" % v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    scens = [s for s in SCENARIOS if not args.only or s[0] in args.only.split(",")]

    rows = []
    for scen, title in scens:
        nb, no = native(args.base, scen), native(args.ours, scen)
        cb = callgrind(args.base, scen, args.workdir, "base")
        co = callgrind(args.ours, scen, args.workdir, "ours")
        rows.append((title + (", mean" if scen == "frag" else ""),
                     nb["mean_ns"], no["mean_ns"], cb["mean"], co["mean"]))
        if scen == "frag":
            rows.append(("(2) alloc_iova, 32-bit space, 100000 live, worst",
                         nb["worst_ns"], no["worst_ns"], cb["worst"],
                         co["worst"]))
            rows.append(("    (requests that found no room: base %d, ours %d of %d)"
                          % (nb["failed"], no["failed"], nb["ops"]),
                          None, None, None, None))

    w = max(len(r[0]) for r in rows)
    hdr = "%-*s %10s %10s %7s %12s %12s %7s" % (
        w, "scenario", "base ns", "ours ns", "x", "base instr",
        "ours instr", "x")
    print(hdr)
    print("-" * len(hdr))
    for title, bns, ons, bi, oi in rows:
        if bns is None:
            print(title)
            continue
        print("%-*s %10s %10s %7.2f %12s %12s %7.2f" % (
            w, title, fmt(bns), fmt(ons), bns / ons, fmt(bi), fmt(oi),
            bi / oi))
    print("x = base / ours (above 1: ours is faster). ns/op: wall clock, "
          "best of passes; instr: callgrind, per operation.")


if __name__ == "__main__":
    main()
