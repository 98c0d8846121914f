#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Lay the project's files over a pristine kernel tree.

The build tree starts as a hard-linked copy of the pristine base, so it costs
almost nothing.  Every file the overlay wants different from the base is then
written through a temporary file and a rename, which breaks the hard link:
the pristine tree is never written.  A file is only rewritten when its wanted
content differs from what the build tree holds, so an unchanged project file
keeps its timestamp and the next kernel build stays incremental.

What the overlay holds:
  * whole files of ours, at their kernel path;
  * <file>.<layer>.patch: a unified diff (a/ b/ prefixes) against the base file;
    <file>.<layer>-<step>.patch: a later step of the same layer on the same
    file, for when one layer's edits to a file go into two patches of the
    series (arch/arm/mm/dma-mapping.c.arm32-retire.patch).  The fragments of
    one file apply in the order of their names without ".patch", so a
    layer's plain fragment comes before its steps;
  * a fragment whose diff ends in "+++ /dev/null" deletes the base file: the
    build tree loses it, and --list and --dump leave it out (--deleted
    names it);
  * MAINTAINERS: our entries, merged into the base file in alphabetical order;
  * arch/<arch>/configs/iommu-dma-<layer>.config: per-layer config fragments,
    and iommu-dma-stock-<layer>.config for when that layer is the base's.

Layers named in --stock are left out: the base tree's own files are built.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

KERNEL_DIRS = ("arch", "block", "drivers", "include", "kernel", "lib", "mm",
               "Documentation", "tools", "samples")
MANIFEST = ".iommu-dma-overlay"


def load_layers(project):
    rules = []
    with open(os.path.join(project, "scripts/iommu-dma/layers.conf")) as f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if len(line) == 2:
                rules.append((line[1].rstrip("/"), line[0]))
    # Longest path first, so a file rule beats the directory holding it.
    rules.sort(key=lambda r: -len(r[0]))
    return rules


def load_uses(project):
    """"uses <layer> <needed>" lines: (layer, needed) pairs."""
    uses = []
    with open(os.path.join(project, "scripts/iommu-dma/layers.conf")) as f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if len(line) == 3 and line[0] == "uses":
                uses.append((line[1], line[2]))
    return uses


def check_uses(stock, uses):
    """A layer of ours must not lose a layer it needs to the base tree."""
    bad = ["%s needs %s" % (user, needed) for user, needed in uses
           if needed in stock and user not in stock]
    if bad:
        sys.exit("overlay: STOCK leaves out a layer still needed (%s); "
                 "stock its users too" % ", ".join(bad))


def layer_names(rules):
    return sorted({layer for _, layer in rules})


def project_files(project):
    out = subprocess.run(["git", "-C", project, "ls-files", "--cached", "--others",
                          "--exclude-standard", "-z"],
                         check=True, capture_output=True).stdout
    files = []
    for name in out.decode().split("\0"):
        if not name or not os.path.isfile(os.path.join(project, name)):
            continue
        if name == "MAINTAINERS" or name.split("/", 1)[0] in KERNEL_DIRS:
            files.append(name)
    return sorted(set(files))


def layer_of(path, rules, layers):
    base = os.path.basename(path)
    if path.endswith(".patch"):
        tag = base[:-len(".patch")].rsplit(".", 1)[-1]
        if tag in layers:
            return tag
        # <layer>-<step>: the longest layer name that the tag extends
        steps = [la for la in layers if tag.startswith(la + "-")]
        if steps:
            return max(steps, key=len)
    if base.startswith("iommu-dma-") and base.endswith(".config"):
        tag = base[len("iommu-dma-"):-len(".config")]
        if tag.startswith("stock-"):
            return "!" + tag[len("stock-"):]
        if tag in layers:
            return tag
    for prefix, layer in rules:
        if path == prefix or path.startswith(prefix + "/"):
            return layer
    return "bench"


def patched_target(path):
    """drivers/iommu/Kconfig.iova.patch -> drivers/iommu/Kconfig"""
    return path[:-len(".patch")].rsplit(".", 1)[0]


def fragment_order(patches):
    """The order in which one file's fragments apply: by name without
    ".patch", so x.c.arm32.patch comes before x.c.arm32-retire.patch."""
    return sorted(patches, key=lambda p: p[:-len(".patch")])


def apply_patches(base, target, patches, project):
    """The content of target after patches (in that order), or None when
    they delete it."""
    with tempfile.TemporaryDirectory() as tmp:
        dst = os.path.join(tmp, target)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        src = os.path.join(base, target)
        if os.path.exists(src):
            shutil.copyfile(src, dst)
        for p in patches:
            with open(os.path.join(project, p), "rb") as f:
                r = subprocess.run(["patch", "-p1", "-s", "-f", "--no-backup-if-mismatch",
                                    "-d", tmp], stdin=f, capture_output=True)
            if r.returncode:
                sys.exit("overlay: %s does not apply to %s:\n%s" %
                         (p, target, (r.stdout + r.stderr).decode()))
        if not os.path.exists(dst):
            return None
        with open(dst, "rb") as f:
            return f.read()


def entry_blocks(text):
    """Paragraphs of a MAINTAINERS file: (first line index, lines)."""
    out, cur, start = [], [], 0
    lines = text.splitlines()
    for i, line in enumerate(lines + [""]):
        if line.strip():
            if not cur:
                start = i
            cur.append(line)
        elif cur:
            out.append((start, cur))
            cur = []
    return lines, out


def is_entry(block):
    return len(block) > 1 and block[1][1:3] == ":\t"


def merge_maintainers(base_text, ours_text):
    """Insert each of our entries after the base entry whose title is the
    greatest that does not sort after ours (the file is not sorted strictly
    everywhere, so "the first greater title" would land in odd places)."""
    lines, base_blocks = entry_blocks(base_text)
    _, our_blocks = entry_blocks(ours_text)
    inserts = []
    for _, block in our_blocks:
        if not is_entry(block):
            continue
        title = block[0].strip().upper()
        best = None
        for start, b in base_blocks:
            t = b[0].strip().upper()
            if is_entry(b) and t <= title and (best is None or t >= best[0]):
                best = (t, start + len(b))
        inserts.append((best[1] if best else len(lines), block))
    for pos, block in sorted(inserts, key=lambda x: -x[0]):
        lines[pos:pos] = [""] + block
    return ("\n".join(lines) + "\n").encode()


def layers_with_files(files, rules, layers):
    """A layer is ours only once it has a whole file of its own, or a
    fragment that layers.conf names (a layer made of fragments only): until
    then the base tree's version is what gets built, whatever STOCK says."""
    named = {prefix for prefix, _ in rules}
    have = set()
    for path in files:
        if path.endswith((".patch", ".config")) and path not in named:
            continue
        have.add(layer_of(path, rules, layers))
    return have


def wanted_content(project, base, stock, rules):
    """path -> the content the overlay lays there; None: the path is deleted."""
    layers = layer_names(rules)
    files = project_files(project)
    stock = set(stock) | (set(layers) - layers_with_files(files, rules, layers))
    stock.discard("bench")
    want, patches = {}, {}
    for path in files:
        layer = layer_of(path, rules, layers)
        if layer.startswith("!"):
            if layer[1:] not in stock:
                continue
        elif layer in stock:
            continue
        if path == "MAINTAINERS":
            continue
        if path.endswith(".patch"):
            patches.setdefault(patched_target(path), []).append(path)
            continue
        with open(os.path.join(project, path), "rb") as f:
            want[path] = f.read()
    for target, plist in sorted(patches.items()):
        if target in want:
            sys.exit("overlay: %s is both a whole file and patched" % target)
        want[target] = apply_patches(base, target, fragment_order(plist), project)
    ours = os.path.join(project, "MAINTAINERS")
    if os.path.exists(ours):
        with open(os.path.join(base, "MAINTAINERS")) as b, open(ours) as o:
            want["MAINTAINERS"] = merge_maintainers(b.read(), o.read())
    return want


def write_if_changed(path, data):
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return False
    except OSError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".ovl.")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--tree")
    ap.add_argument("--stock", default="", help="layers to leave to the base; 'all' for every one")
    ap.add_argument("--list", action="store_true", help="print the overlaid paths and exit")
    ap.add_argument("--dump", metavar="DIR",
                    help="write the overlaid files (as they stand in the tree) below DIR and exit")
    ap.add_argument("--deleted", action="store_true",
                    help="print the base files that fragments delete and exit")
    a = ap.parse_args()

    rules = load_layers(a.project)
    stock = set(a.stock.split())
    if "all" in stock:
        stock = set(layer_names(rules)) - {"bench"}
    unknown = stock - set(layer_names(rules))
    if unknown:
        sys.exit("overlay: unknown layer(s) %s; layers are: %s" %
                 (" ".join(sorted(unknown)), " ".join(layer_names(rules))))
    check_uses(stock, load_uses(a.project))
    want = wanted_content(a.project, a.base, stock, rules)
    if a.list or a.deleted:
        print("\n".join(sorted(p for p, d in want.items() if (d is None) == a.deleted)))
        return
    if a.dump:
        for path, data in want.items():
            if data is not None:
                write_if_changed(os.path.join(a.dump, path), data)
        return

    if not os.path.isdir(a.tree):
        tmp = a.tree + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        subprocess.run(["cp", "-al", a.base, tmp], check=True)
        os.rename(tmp, a.tree)

    manifest = os.path.join(a.tree, MANIFEST)
    before = set()
    if os.path.exists(manifest):
        with open(manifest) as f:
            before = set(f.read().split())
    changed = 0
    for path, data in sorted(want.items()):
        dst = os.path.join(a.tree, path)
        if data is not None:
            changed += write_if_changed(dst, data)
        elif os.path.exists(dst):
            # a hard link to the base: unlinking it leaves the base intact
            os.unlink(dst)
            changed += 1
    for path in sorted(before - set(want)):
        dst = os.path.join(a.tree, path)
        src = os.path.join(a.base, path)
        if os.path.exists(src):
            with open(src, "rb") as f:
                changed += write_if_changed(dst, f.read())
        elif os.path.exists(dst):
            os.unlink(dst)
            changed += 1
    with open(manifest, "w") as f:
        f.write("\n".join(sorted(want)) + "\n")
    gone = sum(data is None for data in want.values())
    print("overlay: %d files ours, %d deleted, in %s (%d updated)%s" %
          (len(want) - gone, gone, os.path.relpath(a.tree, a.project), changed,
           ", stock: " + " ".join(sorted(stock)) if stock else ""))


if __name__ == "__main__":
    main()
