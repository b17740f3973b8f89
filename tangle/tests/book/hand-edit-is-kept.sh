# Tangled from chapters/01-how-this-book-works.nw. Edit the chapter, not this file.
#!/bin/sh
# A hand edit to a tangled file must stop `make tangle` and survive it.
set -u
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
for part in chapters tools tangle Makefile grub.cfg; do cp -r "$REPO/$part" "$work"/; done
cd "$work" || exit 1
make -s tangle >/dev/null 2>&1 || { echo "not ok 1 clean tangle"; exit 1; }
echo '/* my fix */' >> tangle/kernel/boot/boot.asm
cp tangle/kernel/boot/boot.asm edited
if make -s tangle >out 2>&1; then echo "not ok 1 make tangle refused the edit"
else echo "ok 1 make tangle refused the edit"; fi
if grep -q 'tangle/kernel/boot/boot.asm was edited by hand' out &&
   grep -q '+/\* my fix \*/' out
then echo "ok 2 it names the file and shows the edit"
else echo "not ok 2 it names the file and shows the edit"; cat out | sed 's/^/# /'; fi
if cmp -s edited tangle/kernel/boot/boot.asm; then echo "ok 3 the edit is still there"
else echo "not ok 3 the edit is still there"; fi
rm tangle/kernel/boot/boot.asm
if make -s tangle >/dev/null 2>&1 && ! grep -q 'my fix' tangle/kernel/boot/boot.asm
then echo "ok 4 deleting the file discards the edit"
else echo "not ok 4 deleting the file discards the edit"; fi
echo "1..4"
