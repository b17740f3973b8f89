#!/bin/sh
# Install the Debian packages a make target needs, and say what is installed.
# Usage: tools/deps.sh GROUP...   (groups: tangle kernel run test book debug bench fuzz audit)
set -e
missing="" axe=""
need() { # need COMMAND-OR-PATH PACKAGE
    case "$1" in
        /*) [ -e "$1" ] && return 0 ;;
        *) command -v "$1" >/dev/null 2>&1 && return 0 ;;
    esac
    case " $missing " in *" $2 "*) ;; *) missing="$missing $2" ;; esac
}
for group in "$@"; do
    case "$group" in
    tangle) need notangle noweb; need python3 python3 ;;
    kernel) need gcc gcc; need ld binutils; need nasm nasm; need make make; need ccache ccache
            need grub-mkrescue grub-common; need grub-file grub-common
            need /usr/lib/grub/i386-pc/multiboot2.mod grub-pc-bin
            need /usr/lib/grub/x86_64-efi/multiboot2.mod grub-efi-amd64-bin
            need xorriso xorriso; need mformat mtools
            need /usr/share/consolefonts/Lat15-Terminus20x10.psf.gz console-setup-linux ;;
    run)    need qemu-system-x86_64 qemu-system-x86; need /usr/share/OVMF/OVMF_CODE.fd ovmf ;;
    debug)  need gdb gdb ;;
    test)   need qemu-system-x86_64 qemu-system-x86; need diff diffutils; need gdb gdb
            need /usr/share/OVMF/OVMF_CODE.fd ovmf
            need bochs bochs; need /usr/share/bochs/BIOS-bochs-latest bochsbios
            need /usr/share/vgabios/vgabios.bin vgabios
            need /usr/lib/x86_64-linux-gnu/bochs/plugins/libbx_term_gui.so.0.0.0 bochs-term
            need chromium chromium; need codespell codespell ;;
    audit)  need chromium chromium; need node nodejs; need npm npm; axe=yes ;;
    book)   need pandoc pandoc; need pdflatex texlive-latex-base
            need /usr/share/texlive/texmf-dist/tex/latex/geometry/geometry.sty texlive-latex-recommended
            need /usr/share/texlive/texmf-dist/tex/latex/fvextra/fvextra.sty texlive-latex-extra
            need /usr/share/texmf/fonts/type1/public/lm/lmr10.pfb lmodern
            need /usr/share/texlive/texmf-dist/tex/latex/psnfss/helvet.sty texlive-fonts-recommended
            need rsvg-convert librsvg2-bin; need pdftotext poppler-utils
            need /usr/share/java/epubcheck.jar epubcheck ;;
    bench)  need valgrind valgrind ;;
    fuzz)   need clang clang
            need /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev ;;
    *) echo "deps.sh: unknown group '$group'" >&2; exit 2 ;;
    esac
done
# The accessibility audit's axe-core, at the version tools/a11y/package-lock.json pins.
npm_packages() {
    [ -z "$axe" ] || [ -f tools/a11y/node_modules/axe-core/axe.min.js ] && return 0
    echo "DEPS    installing npm packages in tools/a11y (package-lock.json)"
    (cd tools/a11y && npm ci --silent --no-audit --no-fund) >/dev/null
}
[ -z "$missing" ] && { npm_packages; exit 0; }
echo "DEPS    installing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"
    command -v sudo >/dev/null 2>&1 || {
        echo "deps.sh: need root or sudo to install:$missing" >&2; exit 1; }
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "DEPS    installed:$missing"
npm_packages
