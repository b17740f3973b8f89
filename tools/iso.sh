#!/bin/sh
# Make a GRUB 2 ISO of ISODIR at ISO.  The first time, grub-mkrescue runs with
# a recording hook in place of xorriso: the hook keeps the GRUB files that
# grub-mkrescue staged and the xorriso arguments it chose.  Later ISOs replay
# those arguments with the new ISODIR, skipping the rebuild of GRUB's core
# image, which never changes (make bench: this is most of edit-to-ISO).
# Usage: tools/iso.sh ISO ISODIR
set -e
iso=$1 isodir=$2
cache=build/grub-stage
modules="multiboot2 normal part_msdos iso9660 smbios test"
record() {
    rm -rf "$cache" && mkdir -p "$cache/empty"
    cat > "$cache/record" <<'HOOK'
#!/bin/sh
cache=${0%/record}
printf '%s\n' "$@" > "$cache/args"
for a in "$@"; do
    case "$a" in /tmp/grub.*|"$TMPDIR"/grub.*) [ -d "$a" ] && cp -r "$a" "$cache/stage" ;; esac
done
exec xorriso "$@"
HOOK
    chmod +x "$cache/record"
    grub-mkrescue --xorriso="$PWD/$cache/record" --install-modules="$modules" --locales= \
        --fonts= --themes= --compress=no -o "$cache/probe.iso" "$cache/empty" >"$cache/log" 2>&1
    [ -d "$cache/stage" ] && [ -s "$cache/args" ]
}
full() {
    grub-mkrescue --install-modules="$modules" --locales= --fonts= --themes= --compress=no \
        -o "$iso" "$isodir" >"$iso.log" 2>&1 || { cat "$iso.log" >&2; exit 1; }
}
if [ ! -s "$cache/args" ] || [ ! -d "$cache/stage" ]; then
    record || { full; exit 0; }
fi
# Replay: the same arguments, with our output, the cached stage and our tree.
set --
skip=
while IFS= read -r a; do
    if [ -n "$skip" ]; then skip=; set -- "$@" "$iso"; continue; fi
    case "$a" in
        -o) skip=1; set -- "$@" "$a" ;;
        */grub.*) [ -d "$cache/stage" ] && set -- "$@" "$cache/stage" ;;
        "$PWD/$cache/empty"|"$cache/empty") set -- "$@" "$isodir" ;;
        *) set -- "$@" "$a" ;;
    esac
done < "$cache/args"
xorriso "$@" >"$iso.log" 2>&1 || full
