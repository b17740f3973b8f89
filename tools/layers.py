"""The kernel's files must read as layers: no circle of files that use each other.

A file uses another when its object file names a function or a variable that
the other defines (nm's U against T, D, B, R). Assembly files where the
processor enters the kernel (the boot code, the interrupt and system call
stubs) call up into C by their nature: their calls are the way in, not a layer
using the one below, so only the uses *of* them count.

Run alone: python3 tools/layers.py SRC OUT  (prints each circle, exits 1 if any)."""
import collections
import glob
import os
import subprocess
import sys

DEFINED = set("TDBRCV")


def symbols(objects):
    """{object: (defined, used)} for object files, read with one run of nm
    (which names each file before its symbols when given several)."""
    out = subprocess.run(["nm"] + objects, capture_output=True, text=True,
                         check=True).stdout
    found = {obj: (set(), set()) for obj in objects}
    current = objects[0] if len(objects) == 1 else None
    for line in out.splitlines():
        if line.endswith(":") and line[:-1] in found:
            current = line[:-1]
            continue
        fields = line.split()
        if current is None:
            continue
        defined, used = found[current]
        if len(fields) == 2 and fields[0] == "U":
            used.add(fields[1])
        elif len(fields) == 3 and fields[1] in DEFINED:
            defined.add(fields[2])
    return found


def uses(src, out):
    """{file: {file it uses: [names]}} over the kernel's C and assembly files."""
    root = os.path.join(out, "obj", "kernel")
    owner, used_by, entry, named = {}, {}, set(), {}
    for obj in sorted(glob.glob(os.path.join(root, "**", "*.o"), recursive=True)):
        name = os.path.relpath(obj, root)[:-2]
        base = os.path.join(src, "kernel", name)
        if os.path.exists(base + ".asm"):
            name += ".asm"
            entry.add(name)
        elif os.path.exists(base + ".c"):
            name += ".c"
        else:
            continue                    # left over from an older tangle
        named[obj] = name
    for obj, (defined, used) in (symbols(sorted(named)) if named else {}).items():
        for symbol in defined:
            owner[symbol] = named[obj]
        used_by[named[obj]] = used
    graph = {name: collections.defaultdict(list) for name in used_by}
    for name, used in used_by.items():
        if name in entry:
            continue
        for symbol in sorted(used):
            other = owner.get(symbol)
            if other is not None and other != name:
                graph[name][other].append(symbol)
    return graph


def circles(graph):
    """The strongly connected parts of more than one file (Tarjan's algorithm,
    iterative: the kernel's graph is small, but recursion limits are not ours)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    part = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        part.append(member)
                        if member == node:
                            break
                    if len(part) > 1:
                        found.append(sorted(part))
    return found


def describe(graph, part):
    lines = ["circle: " + " ".join(part)]
    for a in part:
        for b in sorted(graph[a]):
            if b in part:
                lines.append("  %s uses %s: %s" % (a, b, ", ".join(graph[a][b][:6])))
    return "\n".join(lines)


def main(argv):
    graph = uses(argv[1], argv[2])
    found = circles(graph)
    for part in found:
        print(describe(graph, part))
    print("%d files, %d circles" % (len(graph), len(found)))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
