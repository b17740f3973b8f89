#!/usr/bin/env python3
"""make fuzz: build the libFuzzer harnesses of tests/fuzz/ and run each a while.

  fuzz.py [--seconds N] [--src DIR] [--out DIR] [NAME...]

Each harness tests/fuzz/NAME_fuzz.c is built with clang (libFuzzer,
AddressSanitizer, UndefinedBehaviorSanitizer) into OUT/fuzz/NAME and run for N
seconds (FUZZ_SECONDS, default 60) from the seed corpus fuzz/seeds/NAME/ plus
the inputs earlier runs found (OUT/fuzz/corpus/NAME/). A crash or a failed
check leaves its input in OUT/fuzz/crashes/NAME/ and a line that replays it.
Prints TAP, one line per harness. Chapter 4 of the book explains fuzzing.
"""
import glob
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CFLAGS = ["-g", "-O1", "-fsanitize=fuzzer,address,undefined", "-fno-sanitize-recover=all",
          "-Wall", "-Wextra", "-Werror"]


def include_flags(src):
    """-I for every folder of the kernel tree and the ABI's (the system call
    numbers): files include headers by name."""
    folders = sorted(glob.glob(os.path.join(src, "kernel", "*", ""))) + \
        sorted(glob.glob(os.path.join(src, "abi", "")))
    return [flag for d in folders for flag in ("-I", d.rstrip("/"))]


def harnesses(src):
    return sorted(glob.glob(os.path.join(src, "tests", "fuzz", "*_fuzz.c")))


def name_of(path):
    return os.path.basename(path)[:-len("_fuzz.c")]


def build(path, src, out):
    """Compile one harness; returns (executable or None, compiler output)."""
    exe = os.path.join(out, "fuzz", name_of(path))
    os.makedirs(os.path.dirname(exe), exist_ok=True)
    cmd = ["clang"] + CFLAGS + include_flags(src) + ["-o", exe, path]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return (exe if proc.returncode == 0 else None), proc.stdout + proc.stderr


def fuzz(exe, name, seconds, out):
    """Run one harness; returns (ok, runs, crash files, log tail)."""
    corpus = os.path.join(out, "fuzz", "corpus", name)
    crashes = os.path.join(out, "fuzz", "crashes", name)
    seeds = os.path.join(REPO, "fuzz", "seeds", name)
    for d in (corpus, crashes):
        os.makedirs(d, exist_ok=True)
    before = set(os.listdir(crashes))
    cmd = [exe, "-max_total_time=%d" % seconds, "-print_final_stats=1",
           "-artifact_prefix=" + crashes + "/", corpus] + ([seeds] if os.path.isdir(seeds) else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120)
    log = proc.stdout + proc.stderr
    runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", log)
    found = sorted(set(re.findall(r"Test unit written to (\S+)", log)) |
                   {os.path.join(crashes, f) for f in set(os.listdir(crashes)) - before})
    ok = proc.returncode == 0 and not found
    return ok, int(runs.group(1)) if runs else 0, found, log[-3000:]


def main(argv):
    seconds = int(os.environ.get("FUZZ_SECONDS", "60"))
    src, out, names = os.path.join(REPO, "tangle"), os.path.join(REPO, "build"), []
    args = list(argv[1:])
    while args:
        a = args.pop(0)
        if a == "--seconds":
            seconds = int(args.pop(0))
        elif a == "--src":
            src = args.pop(0)
        elif a == "--out":
            out = args.pop(0)
        else:
            names.append(a)
    paths = [p for p in harnesses(src) if not names or name_of(p) in names]
    failed = 0
    for number, path in enumerate(paths, 1):
        name = name_of(path)
        exe, output = build(path, src, out)
        if exe is None:
            failed += 1
            print("not ok %d - fuzz %s: builds" % (number, name))
            print("\n".join("# " + l for l in output.splitlines()[-30:]))
            continue
        ok, runs, found, log = fuzz(exe, name, seconds, out)
        failed += not ok
        print("%s %d - fuzz %s: %d runs in %d s%s" % ("ok" if ok else "not ok", number, name,
              runs, seconds, "" if ok else ", failed"), flush=True)
        for f in found:
            print("# replay: %s %s" % (os.path.relpath(exe, REPO), os.path.relpath(f, REPO)))
        if not ok:
            print("\n".join("# " + l for l in log.splitlines()[-25:]))
    print("1..%d" % len(paths))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
