#!/bin/sh
# make debug: boot the debug kernel (built from a tree with #line and %line
# directives, so its line information names chapter lines) with QEMU stopped,
# waiting for gdb on port 1234. Writes OUT/gdbinit for gdb.
out=$1
port=${GDBPORT:-1234}
cat > "$out/gdbinit" <<GDB
# Written by make debug.  Use:  gdb -x $out/gdbinit
set pagination off
set confirm off
set architecture i386:x86-64
file $out/kernel.elf
directory .
target remote localhost:$port
# GRUB loads the kernel after the machine starts: stop at its entry first,
# with a hardware breakpoint that GRUB's loading cannot overwrite.
hbreak start
continue
delete
echo \n  The kernel is loaded and stopped at its entry point.\n
echo   Try: break kmain, continue, list, next, info registers.\n\n
GDB
echo "  QEMU    $out/kernel.iso, waiting for gdb on port $port"
echo "          in another terminal: gdb -x $out/gdbinit"
display="-display curses"
if [ -n "$DISPLAY" ] || [ -n "$WAYLAND_DISPLAY" ]; then display=""; fi
# shellcheck disable=SC2086
exec qemu-system-x86_64 -cdrom "$out/kernel.iso" -boot d -m 128M -no-reboot \
    -serial file:"$out/serial.log" -gdb tcp::$port -S $display $QEMUFLAGS
