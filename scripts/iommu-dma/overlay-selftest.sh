#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Self-test of overlay.py's fragment rules on a toy project and base tree:
#   - <file>.<layer>-<step>.patch applies after <file>.<layer>.patch;
#   - a fragment that ends in "+++ /dev/null" deletes the base file from the
#     build tree, --list and --dump, and --deleted names it;
#   - the base file comes back when its layer is left to the base (STOCK)
#     and the base tree itself is never written.
# Prints one line per check; exit status 1 if any failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
check() {	# check NAME CMD...
	if "${@:2}"; then echo "ok - $1"; else echo "not ok - $1"; bad=1; fi
}

base=$tmp/base proj=$tmp/proj tree=$tmp/tree
mkdir -p "$base/drivers/toy" "$proj/drivers/toy" "$proj/scripts/iommu-dma"
printf 'one\ntwo\nthree\n' > "$base/drivers/toy/a.c"
printf 'gone\n' > "$base/drivers/toy/old.h"
printf 'toy drivers/toy/new.c\n' > "$proj/scripts/iommu-dma/layers.conf"
printf 'new\n' > "$proj/drivers/toy/new.c"
# step one turns "two" into "2", step two (applied after it) "2" into "II"
cat > "$proj/drivers/toy/a.c.toy.patch" <<'EOF'
--- a/drivers/toy/a.c
+++ b/drivers/toy/a.c
@@ -1,3 +1,3 @@
 one
-two
+2
 three
EOF
cat > "$proj/drivers/toy/a.c.toy-later.patch" <<'EOF'
--- a/drivers/toy/a.c
+++ b/drivers/toy/a.c
@@ -1,3 +1,3 @@
 one
-2
+II
 three
EOF
cat > "$proj/drivers/toy/old.h.toy-later.patch" <<'EOF'
--- a/drivers/toy/old.h
+++ /dev/null
@@ -1 +0,0 @@
-gone
EOF
git -C "$proj" init -q && git -C "$proj" add -A

ovl() { python3 "$here/overlay.py" --project "$proj" --base "$base" "$@"; }

ovl --tree "$tree" > /dev/null
check "steps apply in order" grep -qx II "$tree/drivers/toy/a.c"
check "deleted file absent from the tree" test ! -e "$tree/drivers/toy/old.h"
check "deleted file still in the base" grep -qx gone "$base/drivers/toy/old.h"
check "--list leaves the deleted file out" \
	test "$(ovl --list | tr '\n' ' ')" = "drivers/toy/a.c drivers/toy/new.c "
check "--deleted names it" test "$(ovl --deleted)" = drivers/toy/old.h
ovl --dump "$tmp/dump"
check "--dump leaves it out" test ! -e "$tmp/dump/drivers/toy/old.h"
ovl --tree "$tree" --stock toy > /dev/null
check "STOCK brings the base file back" grep -qx gone "$tree/drivers/toy/old.h"
check "STOCK restores the patched file" grep -qx two "$tree/drivers/toy/a.c"
ovl --tree "$tree" > /dev/null
check "deleted again without STOCK" test ! -e "$tree/drivers/toy/old.h"
exit $bad
