#!/bin/sh
# Make a GRUB 2 ISO of ISODIR at ISO.  The first time, grub-mkrescue runs with
# a recording hook in place of xorriso: the hook keeps the GRUB files that
# grub-mkrescue staged and the xorriso arguments it chose, then runs xorriso
# as asked.  Later ISOs replay those arguments with the new ISODIR, skipping
# the rebuild of GRUB's core image, which never changes (make bench: this is
# most of edit-to-ISO).
#
# When only the kernel changed, not even that: the kernel goes into the ISO
# padded with zeros to a size with room to grow (an ELF loader reads only what
# the headers point at), and ISO.layout records where its bytes lie. A new
# kernel that fits is written over the old one's bytes in place.
# Usage: tools/iso.sh ISO ISODIR
set -e
iso=$1 isodir=$2
cache=build/grub-stage
kernel=$isodir/boot/kernel.elf
# GRUB's UEFI image loads every partition module it knows of; the ones it would
# miss are here, so that it starts without a screenful of errors.
# all_video holds UEFI's display driver, for the framebuffer chapter 16 asks for.
modules="multiboot2 normal part_msdos iso9660 smbios test part_acorn part_amiga part_bsd
         part_dfly part_dvh part_plan part_sun part_sunpc all_video"
# The stage holds GRUB for every platform installed (BIOS, UEFI) with these
# modules; another platform installed since the recording, or other modules,
# mean recording again.
recipe=$(echo $(ls /usr/lib/grub) $modules)
# An ISO is patched in place only if it was made from the same configuration
# and the same GRUB.
config_sum=$({ cat "$isodir/boot/grub/grub.cfg"; echo "$recipe"; } | cksum | cut -d' ' -f1)
if [ -f "$iso" ] && [ -f "$iso.layout" ]; then
    read -r lba room sum < "$iso.layout"
    if [ "$sum" = "$config_sum" ] && [ "$(stat -c %s "$kernel")" -le "$room" ]; then
        truncate -s "$room" "$kernel"
        dd if="$kernel" of="$iso" bs=2048 seek="$lba" conv=notrunc status=none
        exit 0
    fi
fi
rm -f "$iso.layout"
room=$(( ($(stat -c %s "$kernel") + 262144 + 65535) / 65536 * 65536 ))
truncate -s "$room" "$kernel"
layout() {
    lba=$(xorriso -indev "$iso" -find /boot/kernel.elf -exec report_lba -- 2>/dev/null |
          sed -n "s/^File data lba: *0 *, *\([0-9]*\) *,.*/\1/p")
    [ -n "$lba" ] && echo "$lba $room $config_sum" > "$iso.layout"
    return 0
}
record() {
    rm -rf "$cache" && mkdir -p "$cache"
    cat > "$cache/record" <<'HOOK'
#!/bin/sh
cache=${0%/record}
printf '%s\n' "$@" > "$cache/args"
for a in "$@"; do
    case "$a" in
        /tmp/grub.*|"$TMPDIR"/grub.*) [ -d "$a" ] && [ ! -e "$cache/stage" ] && cp -r "$a" "$cache/stage" ;;
    esac
done
exec xorriso "$@"
HOOK
    chmod +x "$cache/record"
    printf '%s\n' "$isodir" > "$cache/isodir"
    printf '%s\n' "$recipe" > "$cache/recipe"
    grub-mkrescue --xorriso="$PWD/$cache/record" --install-modules="$modules" --locales= \
        --fonts= --themes= --compress=no -o "$iso" "$isodir" >"$iso.log" 2>&1 &&
        [ -d "$cache/stage" ] && [ -s "$cache/args" ]
}
full() {
    grub-mkrescue --install-modules="$modules" --locales= --fonts= --themes= --compress=no \
        -o "$iso" "$isodir" >"$iso.log" 2>&1 || { cat "$iso.log" >&2; exit 1; }
}
# Two chapters' ISOs may be made at once (make -j): the first records the stage
# while the other waits, rather than both writing the same cache.
mkdir -p "$(dirname "$cache")"
exec 9>"$cache.lock"
flock 9
if [ ! -s "$cache/args" ] || [ ! -d "$cache/stage" ] ||
   [ "$(cat "$cache/recipe" 2>/dev/null)" != "$recipe" ]; then
    record || { rm -rf "$cache"; full; }
    layout
    exit 0
fi
flock -u 9
# Replay: the same arguments, with our output, the cached stage and our tree.
recorded=$(cat "$cache/isodir")
set --
skip=
while IFS= read -r a; do
    if [ -n "$skip" ]; then skip=; set -- "$@" "$iso"; continue; fi
    case "$a" in
        -o) skip=1; set -- "$@" "$a" ;;
        */grub.*) [ -d "$cache/stage" ] && set -- "$@" "$cache/stage" ;;
        "$recorded"|"$PWD/$recorded") set -- "$@" "$isodir" ;;
        *) set -- "$@" "$a" ;;
    esac
done < "$cache/args"
xorriso "$@" >"$iso.log" 2>&1 || full
layout
