#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the compiler diagnostics of a build log that concern our files.

usage: our-warnings.py LOG FILE...

gcc reports a warning at the line where it arises, which for a macro is
in the header that defines it, and names the file being compiled only in
the "In function" and "in expansion of macro" lines around it.  So the log
is cut into diagnostic groups (a group starts at "In file included from",
at "<file>: In function ...", or at a warning or error that follows a
complete group), and a group with a warning or an error is ours when any
of its lines names one of FILE... followed by a colon.  Exit status 1 if
any group is printed.
"""
import re
import sys

HEAD = re.compile(r"^(In file included from |\S+: (In |At top level))")
DIAG = re.compile(r"^\S+:\d+(:\d+)?: (warning|error):")


def groups(lines):
    cur, seen_diag = [], False
    for line in lines:
        starts = HEAD.match(line) or (DIAG.match(line) and seen_diag)
        if starts and cur and (seen_diag or not HEAD.match(cur[-1])):
            yield cur
            cur, seen_diag = [], False
        cur.append(line)
        if DIAG.match(line):
            seen_diag = True
    if cur:
        yield cur


def main():
    log, files = sys.argv[1], sys.argv[2:]
    pats = [re.compile(r"(^|[\s/])" + re.escape(f) + r":") for f in files]
    found = 0
    with open(log, errors="replace") as f:
        for g in groups(f.read().splitlines()):
            if not any(DIAG.match(line) for line in g):
                continue
            if any(p.search(line) for p in pats for line in g):
                print("\n".join(g[:12]))
                found = 1
    return found


if __name__ == "__main__":
    sys.exit(main())
