# Tangled from chapters/01-how-this-book-works.nw. Edit the chapter, not this file.
#!/bin/sh
# gdb on the `make debug` kernel stops in kmain and lists chapter lines.
set -u
work=$(mktemp -d) && trap 'kill $qemu 2>/dev/null; rm -rf "$work"' EXIT
for part in chapters tools Makefile grub.cfg; do cp -r "$REPO/$part" "$work"/; done
cd "$work" || exit 1
port=$((20000 + $$ % 20000))
GDBPORT=$port timeout 300 make debug QEMUFLAGS="-display none" >make.log 2>&1 &
qemu=$!
# The build takes as long as the machine is busy: wait for its last line, or
# for make to give up.
while kill -0 $qemu 2>/dev/null && ! grep -q 'waiting for gdb' make.log; do
    sleep 0.1
done
gdbinit=$(ls build/debug*/gdbinit)
timeout 60 gdb -batch -x "$gdbinit" -ex 'break kmain' -ex continue -ex list >gdb.log 2>&1
if grep -q 'start () at chapters/01-how-this-book-works.nw:' gdb.log
then echo "ok 1 the assembly entry point is a chapter 1 line"
else echo "not ok 1 the assembly entry point is a chapter 1 line"
    sed 's/^/# /' gdb.log; fi
if grep -q 'Breakpoint 2, kmain .* at chapters/02-from-grub-to-long-mode.nw:' gdb.log &&
   grep -q 'static void early_say' gdb.log
then echo "ok 2 break kmain stops there and list shows the chapter"
else echo "not ok 2 break kmain stops there and list shows the chapter"; fi
echo "1..2"
