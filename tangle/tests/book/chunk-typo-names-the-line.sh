# Tangled from chapters/01-how-this-book-works.nw. Edit the chapter, not this file.
#!/bin/sh
# A misspelled chunk name must fail tangling with file and line.
set -u
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
for part in chapters tools Makefile; do cp -r "$REPO/$part" "$work"/; done
cd "$work" || exit 1
ch=chapters/01-how-this-book-works.nw
line=$(grep -n '^        <<32-bit boot steps>>$' $ch | cut -d: -f1)
sed -i "${line}s/boot steps/boot stpes/" $ch
if make -s CHAPTER=1 tangle >out 2>&1; then echo "not ok 1 a misspelled use fails"
else echo "ok 1 a misspelled use fails"; fi
if grep -q "^$ch:$line: error: chunk <<32-bit boot stpes>> is used but never defined" out
then echo "ok 2 the error names $ch:$line"
else echo "not ok 2 the error names $ch:$line"; sed 's/^/# /' out; fi
sed -i "${line}s/boot stpes/boot steps/" $ch
def=$(grep -n '^<<halt the processor for good>>=$' $ch | cut -d: -f1)
sed -i "${def}s/for good/for god/" $ch
if make -s CHAPTER=1 tangle >out 2>&1; then echo "not ok 3 a misspelled definition fails"
else echo "ok 3 a misspelled definition fails"; fi
want="^$ch:$def: error: chunk <<halt the processor for god>> is defined but reaches no"
if grep -q "$want" out
then echo "ok 4 the error names $ch:$def"
else echo "not ok 4 the error names $ch:$def"; sed 's/^/# /' out; fi
echo "1..4"
