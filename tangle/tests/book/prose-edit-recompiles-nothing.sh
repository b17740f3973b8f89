# Tangled from chapters/01-how-this-book-works.nw. Edit the chapter, not this file.
#!/bin/sh
# A prose edit rebuilds nothing; a code edit rebuilds and shows at boot.
set -u
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
for part in chapters tools tangle Makefile grub.cfg; do cp -r "$REPO/$part" "$work"/; done
cd "$work" || exit 1
make >/dev/null 2>&1 || { echo "not ok 1 first build"; exit 1; }
sed -i '3i A sentence of new prose.' chapters/02-from-grub-to-long-mode.nw
make >out 2>&1
if grep -qE '^ *(CC|AS|LD|ISO) ' out; then echo "not ok 1 a prose edit rebuilds nothing"
    sed 's/^/# /' out
else echo "ok 1 a prose edit rebuilds nothing"; fi
sed -i 's/Hello, reader!/Hello, edited reader!/' chapters/03-text-on-the-screen.nw
make >out 2>&1
if grep -q 'CC      tangle/kernel/boot/main.c' out && grep -q 'ISO ' out &&
   ! grep -q 'CC      tangle/kernel/console/vga.c' out
then echo "ok 2 a code edit rebuilds main.c and the ISO, and nothing else"
else echo "not ok 2 a code edit rebuilds main.c and the ISO, and nothing else"
    sed 's/^/# /' out; fi
timeout 30 qemu-system-x86_64 -cdrom build/kernel/kernel.iso -boot d -display none \
    -no-reboot -serial file:serial.log -monitor none 2>/dev/null &
qemu=$!
for _ in $(seq 1 300); do
    grep -q 'Hello, edited reader!' serial.log 2>/dev/null && break; sleep 0.1
done
kill $qemu 2>/dev/null
if grep -q 'Hello, edited reader!' serial.log; then echo "ok 3 the edit shows at boot"
else echo "not ok 3 the edit shows at boot"; fi
echo "1..3"
