#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The curated patch series: scripts/iommu-dma/series.conf made into patches.

  series.py write [--version N] [--check]
      Commit each patch of series.conf on top of the pristine base (a full
      git repository of it, made once and kept in build/series/base.git),
      write them with a cover letter to build/series/patches, and add the
      Cc lines that get_maintainer.pl finds for each.  --check also runs
      checkpatch --strict on every patch and asks get_maintainer.pl for a
      maintainer of every file the series adds.
  series.py apply
      Check out the pristine base in build/series/applied, apply the written
      patches with git am, and compare the result with what the overlay lays
      for the same project (every file, and nothing else).
  series.py list [--kbuild]
      One line per patch: its commit in the series repository and its
      subject.  --kbuild: only the patches that change a Kconfig or Makefile.

Only the commits and patches are this script's; the kernel builds of the
applied tree are scripts/iommu-dma/series.sh's.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import overlay  # noqa: E402

PROJECT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(PROJECT, "build")
BASE = os.path.join(BUILD, "src", "linux-source-6.12")
OUT = os.path.join(BUILD, "series")
GITDIR = os.path.join(OUT, "base.git")
PATCHES = os.path.join(OUT, "patches")
APPLIED = os.path.join(OUT, "applied")
AUTHOR = ("iommu-dma team", "iommu-dma@example.org")
# The pristine commit is made with fixed metadata, so its id depends on the
# base tree's content only and the same tarball always gives the same
# base-commit line.
PRISTINE_DATE = "2024-11-17T14:15:00+00:00"


def die(msg):
    sys.exit("series: " + msg)


class Patch:
    def __init__(self, subject, line):
        self.subject = subject
        self.line = line
        self.paths = []		# as written in series.conf
        self.entries = []	# MAINTAINERS titles
        self.text = []
        self.files = []		# project files claimed, resolved


def parse_conf(path):
    patches, repo_only, changes = [], {}, {}
    cover = None
    cur = None	# the list that tab lines go to
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("\t") or line == "":
                if line == "":
                    continue
                if cur is None:
                    die("%s:%d: text outside a patch" % (path, n))
                cur.append(line[1:])
                continue
            if line.startswith("#"):
                continue
            word, _, rest = line.partition(" ")
            rest = rest.strip()
            if word == "patch":
                p = Patch(rest, n)
                patches.append(p)
                cur = p.text
            elif word in ("files", "entry"):
                if not patches or cur is not patches[-1].text:
                    die("%s:%d: '%s' outside a patch" % (path, n, word))
                if word == "files":
                    patches[-1].paths += [x.rstrip("/") for x in rest.split()]
                else:
                    patches[-1].entries.append(rest)
            elif word == "repo-only":
                cur = repo_only.setdefault(rest, [])
            elif word == "changes":
                m = re.fullmatch(r"v(\d+)", rest)
                if not m:
                    die("%s:%d: 'changes v<N>'" % (path, n))
                cur = changes.setdefault(int(m.group(1)), [])
            elif word == "cover":
                cover = (rest, [])
                cur = cover[1]
            else:
                die("%s:%d: unknown keyword '%s'" % (path, n, word))
    if not cover:
        die("%s: no cover letter" % path)
    for p in patches:
        if not p.text:
            die("%s:%d: patch '%s' has no message" % (path, p.line, p.subject))
    return patches, repo_only, changes, cover


def claim(patches, repo_only, files):
    """Give every overlay file to the patch whose path matches it longest."""
    rules = [(r, p) for p in patches for r in p.paths]
    rules += [(r, None) for r in repo_only]
    used = set()
    unclaimed = []
    for f in files:
        best = None
        for r, p in rules:
            if (f == r or f.startswith(r + "/")) and (best is None or len(r) > len(best[0])):
                best = (r, p)
        if best is None:
            unclaimed.append(f)
            continue
        used.add(best[0])
        if best[1] is not None:
            best[1].files.append(f)
    if unclaimed:
        die("not in series.conf (claim them in a patch or as repo-only):\n  " +
            "\n  ".join(unclaimed))
    unused = [r for r, _ in rules if r not in used]
    if unused:
        die("series.conf names paths the project does not have:\n  " + "\n  ".join(unused))
    for p in patches:
        if not p.files and not p.entries:
            die("patch '%s' carries nothing" % p.subject)


def maintainers_text(entries):
    """Our MAINTAINERS entries with these titles, in the file's order."""
    path = os.path.join(PROJECT, "MAINTAINERS")
    with open(path) as f:
        _, blocks = overlay.entry_blocks(f.read())
    titles = [b[0].strip() for _, b in blocks if overlay.is_entry(b)]
    for e in entries:
        if e not in titles:
            die("MAINTAINERS has no entry '%s'" % e)
    keep = [b for _, b in blocks if overlay.is_entry(b) and b[0].strip() in entries]
    return "\n\n".join("\n".join(b) for b in keep) + "\n", titles


def tree_state(files, entries):
    """path -> content of every file the overlay would lay for these files;
    None for a base file that a fragment deletes."""
    want, frags = {}, {}
    for path in files:
        if path.endswith(".patch"):
            frags.setdefault(overlay.patched_target(path), []).append(path)
            continue
        with open(os.path.join(PROJECT, path), "rb") as f:
            want[path] = f.read()
    for target, plist in sorted(frags.items()):
        if target in want:
            die("%s is both a whole file and patched" % target)
        want[target] = overlay.apply_patches(BASE, target, overlay.fragment_order(plist),
                                             PROJECT)
    if entries:
        ours, _ = maintainers_text(entries)
        with open(os.path.join(BASE, "MAINTAINERS")) as b:
            want["MAINTAINERS"] = overlay.merge_maintainers(b.read(), ours)
    return want


def git(*args, env=None, inp=None, cwd=None):
    r = subprocess.run(["git", "--git-dir=" + GITDIR] + list(args), input=inp,
                       capture_output=True, env=env, cwd=cwd)
    if r.returncode:
        die("git %s: %s" % (" ".join(args[:3]), r.stderr.decode(errors="replace")))
    return r.stdout.decode().strip()


def base_version():
    return subprocess.run(["make", "-s", "-C", BASE, "kernelversion"], check=True,
                          capture_output=True).stdout.decode().strip()


def debian_version():
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "linux-source-6.12"],
                       capture_output=True)
    return r.stdout.decode().strip() if r.returncode == 0 else "unknown"


def pristine_commit():
    """The whole base tree as one commit, made once and reused."""
    stamp = os.path.join(GITDIR, "iommu-dma-base")
    want = "%s %s\n" % (base_version(), debian_version())
    if os.path.exists(stamp) and open(stamp).read() == want:
        return git("rev-parse", "pristine")
    subprocess.run(["rm", "-rf", GITDIR], check=True)
    subprocess.run(["git", "init", "-q", "--bare", GITDIR], check=True)
    git("config", "gc.auto", "0")
    env = dict(os.environ, GIT_INDEX_FILE=os.path.join(GITDIR, "pristine.index"),
               GIT_AUTHOR_NAME="Linux", GIT_AUTHOR_EMAIL="linux@kernel.invalid",
               GIT_COMMITTER_NAME="Linux", GIT_COMMITTER_EMAIL="linux@kernel.invalid",
               GIT_AUTHOR_DATE=PRISTINE_DATE, GIT_COMMITTER_DATE=PRISTINE_DATE)
    # -f: the tarball holds files that the kernel's .gitignore names.
    subprocess.run(["git", "--git-dir=" + GITDIR, "--work-tree=" + BASE, "add", "-A", "-f",
                    "--", ".", ":!.complete"], check=True, env=env)
    tree = git("write-tree", env=env)
    msg = "Linux %s\n\nDebian's linux-source-6.12 %s, unpacked as it ships.\n" % (
        base_version(), debian_version())
    commit = git("commit-tree", tree, env=env, inp=msg.encode())
    git("update-ref", "refs/heads/pristine", commit)
    os.unlink(env["GIT_INDEX_FILE"])
    with open(stamp, "w") as f:
        f.write(want)
    return commit


def commit_series(patches, version):
    base = pristine_commit()
    index = os.path.join(GITDIR, "series.index")
    head = subprocess.run(["git", "-C", PROJECT, "log", "-1", "--format=%aI"],
                          capture_output=True).stdout.decode().strip() or PRISTINE_DATE
    env = dict(os.environ, GIT_INDEX_FILE=index,
               GIT_AUTHOR_NAME=AUTHOR[0], GIT_AUTHOR_EMAIL=AUTHOR[1],
               GIT_COMMITTER_NAME=AUTHOR[0], GIT_COMMITTER_EMAIL=AUTHOR[1],
               GIT_AUTHOR_DATE=head, GIT_COMMITTER_DATE=head)
    git("read-tree", base, env=env)
    files, entries, prev, parent = [], [], {}, base
    for p in patches:
        files += p.files
        entries += p.entries
        state = tree_state(files, entries)
        changed = [path for path in state
                   if path not in prev or prev[path] != state[path]]
        if not changed:
            die("patch '%s' changes nothing" % p.subject)
        for path in changed:
            if state[path] is None:
                # a fragment of this patch deletes the base file
                # (mode 0 drops the entry; --force-remove needs a work tree)
                git("update-index", "--index-info", env=env,
                    inp=("0 %s\t%s\n" % ("0" * 40, path)).encode())
                continue
            sha = git("hash-object", "-w", "--stdin", inp=state[path])
            mode = "100644"
            src = os.path.join(PROJECT, path)
            if os.path.exists(src) and os.access(src, os.X_OK):
                mode = "100755"
            elif os.path.exists(os.path.join(BASE, path)) and \
                    os.access(os.path.join(BASE, path), os.X_OK):
                mode = "100755"
            git("update-index", "--add", "--cacheinfo", "%s,%s,%s" % (mode, sha, path), env=env)
        tree = git("write-tree", env=env)
        msg = "%s\n\n%s\n\nSigned-off-by: %s <%s>\n" % (
            p.subject, "\n".join(p.text).rstrip(), AUTHOR[0], AUTHOR[1])
        parent = git("commit-tree", tree, "-p", parent, env=env, inp=msg.encode())
        p.commit = parent
        p.changed = changed
        prev = state
    git("update-ref", "refs/heads/series-v%d" % version, parent)
    git("update-ref", "refs/heads/series", parent)
    os.unlink(index)
    return base, parent, prev


def bench_table():
    """The whole-stack table of Documentation/iommu-dma/bench.rst."""
    path = os.path.join(PROJECT, "Documentation/iommu-dma/bench.rst")
    lines = open(path).read().splitlines()
    try:
        start = lines.index("The whole stack")
    except ValueError:
        die("bench.rst has no 'The whole stack' section")
    out, inblock = [], False
    for line in lines[start:]:
        if not inblock and line.startswith("    ===="):
            inblock = True
        if inblock:
            if not line.strip():
                break
            out.append("  " + line.strip())
    if not out:
        die("bench.rst: no table under 'The whole stack'")
    return "\n".join(out)


def changelog(changes, version):
    if version > 1 and version not in changes:
        die("series.conf has no 'changes v%d'" % version)
    out = []
    for v in range(version, 0, -1):
        if v in changes:
            out.append("Changes in v%d:" % v if v > 1 else "v1:")
            out += ["  " + t if t else "" for t in changes[v]]
            out.append("")
    return "\n".join(out).rstrip()


def get_maintainer(args, maint):
    cmd = ["perl", os.path.join(BASE, "scripts/get_maintainer.pl"), "--no-tree",
           "--mpath", maint, "--no-rolestats", "--no-git", "--no-git-fallback"] + args
    r = subprocess.run(cmd, capture_output=True, cwd=BASE)
    return [x.strip() for x in r.stdout.decode().splitlines() if "@" in x]


def write(version, check):
    patches, repo_only, changes, cover = parse_conf(os.path.join(HERE, "series.conf"))
    files = [f for f in overlay.project_files(PROJECT) if f != "MAINTAINERS"]
    claim(patches, repo_only, files)
    _, titles = maintainers_text([])
    claimed = [e for p in patches for e in p.entries]
    for t in titles:
        if claimed.count(t) != 1:
            die("MAINTAINERS entry '%s' is added by %d patches, not one" %
                (t, claimed.count(t)))
    base, head, final = commit_series(patches, version)

    subprocess.run(["rm", "-rf", PATCHES], check=True)
    prefix = "PATCH" if version == 1 else "PATCH v%d" % version
    date = git("log", "-1", "--format=%aI", head)
    env = dict(os.environ, GIT_COMMITTER_NAME=AUTHOR[0], GIT_COMMITTER_EMAIL=AUTHOR[1],
               GIT_COMMITTER_DATE=date)
    git("format-patch", "-q", "--cover-letter", "--base=" + base, "--subject-prefix=" + prefix,
        "-o", PATCHES, "%s..%s" % (base, head), env=env)
    names = sorted(os.listdir(PATCHES))

    text = "\n".join(cover[1])
    text = text.replace("@BENCH@", bench_table())
    text = text.replace("@BASE@", "Linux %s as Debian's linux-source-6.12 %s ships it" %
                        (base_version(), debian_version()))
    text = text.replace("@PATCHES@", "%d" % len(patches))
    text = text.replace("@CHANGES@", changelog(changes, version))
    cl = os.path.join(PATCHES, names[0])
    body = open(cl).read()
    if "*** SUBJECT HERE ***" not in body or "*** BLURB HERE ***" not in body:
        die("format-patch wrote a cover letter of an unknown shape")
    body = body.replace("*** SUBJECT HERE ***", cover[0])
    body = body.replace("*** BLURB HERE ***", text)
    open(cl, "w").write(body)

    # Cc lines from the final tree's MAINTAINERS, ours merged in.
    with tempfile.NamedTemporaryFile("wb", suffix="-MAINTAINERS", delete=False) as m:
        m.write(final["MAINTAINERS"])
    bad = 0
    try:
        everyone = []
        for name in names[1:]:
            path = os.path.join(PATCHES, name)
            cc = get_maintainer([path], m.name)
            if not cc:
                print("%s: get_maintainer.pl finds nobody" % name)
                bad = 1
            everyone += [c for c in cc if c not in everyone]
            add_cc(path, cc)
        add_cc(cl, everyone)
        if check:
            bad |= check_patches(names)
    finally:
        os.unlink(m.name)
    print("series: %d patches and a cover letter in %s (base: Linux %s)" %
          (len(names) - 1, os.path.relpath(PATCHES, PROJECT), base_version()))
    return bad


def add_cc(path, cc):
    if not cc:
        return
    body = open(path).read()
    head, sep, rest = body.partition("\n\n")
    lines = head.split("\n")
    at = max(i for i, x in enumerate(lines) if x.startswith("Subject:"))
    while at + 1 < len(lines) and lines[at + 1].startswith(" "):
        at += 1
    lines[at + 1:at + 1] = ["Cc: " + c for c in cc]
    open(path, "w").write("\n".join(lines) + sep + rest)


def checkpatch(name):
    r = subprocess.run([os.path.join(BASE, "scripts/checkpatch.pl"), "--strict", "--no-tree",
                        "--quiet", "--show-types", "--ignore", "FILE_PATH_CHANGES",
                        os.path.join(PATCHES, name)], capture_output=True)
    return r.returncode, (r.stdout + r.stderr).decode(errors="replace").strip()


def check_patches(names):
    bad = 0
    # checkpatch.pl takes seconds on a large patch: one per CPU at a time,
    # reported in the series' order.
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        results = list(pool.map(checkpatch, names[1:]))
    for name, (rc, out) in zip(names[1:], results):
        if rc or out:
            print("%s: checkpatch --strict:\n%s" % (name, "\n".join(out.splitlines()[:20])))
            bad = 1
    if not bad:
        print("series: every patch is checkpatch --strict clean")
    return bad


def apply():
    """git am the written series onto a checkout of the pristine base."""
    names = sorted(n for n in os.listdir(PATCHES) if not n.startswith("0000-"))
    if not os.path.isdir(APPLIED):
        git("worktree", "prune")
        git("worktree", "add", "-q", "--detach", "-f", APPLIED, "pristine")
    wt = ["git", "-C", APPLIED]
    subprocess.run(wt + ["am", "--abort"], capture_output=True)
    subprocess.run(wt + ["checkout", "-q", "-f", "--detach", "pristine"], check=True)
    subprocess.run(wt + ["clean", "-q", "-f", "-d", "-x"], check=True)
    env = dict(os.environ, GIT_COMMITTER_NAME=AUTHOR[0], GIT_COMMITTER_EMAIL=AUTHOR[1])
    r = subprocess.run(wt + ["am", "-q"] + [os.path.join(PATCHES, n) for n in names],
                       capture_output=True, env=env)
    if r.returncode:
        die("git am failed:\n" + (r.stdout + r.stderr).decode(errors="replace"))
    # The applied tree must hold exactly what the overlay lays.
    with tempfile.TemporaryDirectory() as dump:
        subprocess.run([sys.executable, os.path.join(HERE, "overlay.py"), "--project", PROJECT,
                        "--base", BASE, "--dump", dump], check=True)
        want = set()
        for root, _, fs in os.walk(dump):
            for f in fs:
                want.add(os.path.relpath(os.path.join(root, f), dump))
        bad = []
        for path in sorted(want):
            a = open(os.path.join(dump, path), "rb").read()
            try:
                b = open(os.path.join(APPLIED, path), "rb").read()
            except OSError:
                b = None
            if a != b:
                bad.append("differs from the overlay: " + path)
        changed = subprocess.run(wt + ["diff", "--name-only", "pristine", "HEAD"],
                                 capture_output=True, check=True).stdout.decode().split()
        deleted = subprocess.run([sys.executable, os.path.join(HERE, "overlay.py"),
                                  "--project", PROJECT, "--base", BASE, "--deleted"],
                                 capture_output=True, check=True).stdout.decode().split()
        bad += ["deleted by the overlay, still in the series: " + d
                for d in deleted if os.path.lexists(os.path.join(APPLIED, d))]
        bad += ["changed by the series, not laid by the overlay: " + c
                for c in changed if c not in want and c not in deleted]
        # Every file the series adds needs a maintainer (an M: line).
        added = subprocess.run(wt + ["diff", "--name-only", "--diff-filter=A", "pristine",
                                     "HEAD"], capture_output=True, check=True).stdout.decode()
        for path in added.split():
            r = subprocess.run(["perl", "scripts/get_maintainer.pl", "--m", "--nol", "--nos",
                                "--nor", "--no-git", "--no-git-fallback", "-f", path],
                               capture_output=True, cwd=APPLIED)
            if "@" not in r.stdout.decode():
                bad.append("no maintainer in MAINTAINERS: " + path)
    if bad:
        die("the applied series is not the overlay:\n  " + "\n  ".join(bad))
    print("series: %d patches apply with git am on Linux %s; the tree is the overlay's "
          "(%d files); each of the %d new files has a maintainer" %
          (len(names), base_version(), len(want), len(added.split())))


def listing(kbuild):
    log = git("log", "--reverse", "--format=%H %s", "pristine..series").splitlines()
    for line in log:
        sha = line.split()[0]
        if kbuild:
            paths = git("diff-tree", "--no-commit-id", "--name-only", "-r", sha).split()
            if not any(re.search(r"(^|/)(Kconfig|Makefile)[^/]*$", p) and
                       not p.startswith("tools/") for p in paths):
                continue
        print(line)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["write", "apply", "list"])
    ap.add_argument("--version", type=int, default=1)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--kbuild", action="store_true")
    a = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    if a.cmd == "write":
        sys.exit(write(a.version, a.check))
    if a.cmd == "apply":
        apply()
    else:
        listing(a.kbuild)


if __name__ == "__main__":
    main()
