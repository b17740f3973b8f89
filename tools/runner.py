"""Jobs and their results, for the test runner and the grader.

A check reports each result with report(ok, name, detail). Run inside
run_jobs, a job's results are held and printed in the order of the job list,
whatever order the jobs finish in; run alone, they print at once.
"""
import os
import subprocess
import threading
import time
import traceback

RESULTS = []  # (ok, name, detail)
VERBOSE = os.environ.get("V") == "1"
# Two jobs a processor: most jobs spend most of their time waiting for an
# emulated machine to say something (a boot check's QEMU idles in `hlt`), so
# one job a processor left a third of the processors' time unused.
JOBS = int(os.environ.get("JOBS") or 2 * (os.cpu_count() or 1))
_job = threading.local()        # a running job collects its results here


def emit(entry):
    if entry[0] == "note":
        print(entry[1], flush=True)
        return
    _, ok, name, detail = entry
    RESULTS.append((ok, name, detail))
    print("%s %s" % ("ok    " if ok else "FAIL  ", name), flush=True)
    if detail and (not ok or VERBOSE):
        for line in detail.rstrip("\n").split("\n")[-40:]:
            print("        " + line)


def report(ok, name, detail=""):
    entry = ("result", ok, name, detail)
    if getattr(_job, "results", None) is not None:
        _job.results.append(entry)
    else:
        emit(entry)


def note(text):
    if getattr(_job, "results", None) is not None:
        _job.results.append(("note", text))
    else:
        print(text, flush=True)


SECONDS_BY_KIND = {}
CPU_BY_KIND = {}
JOB_SECONDS = []   # (seconds, kind, job, started, cpu): where a run's time went


# The processor time a job used: its thread's own, and that of every program it
# ran and waited for (with what those waited for: make's compilers, say). The
# runner's jobs are threads of one process, so the kernel's count of children's
# time cannot tell them apart; wait4 gives each program's count as it is reaped,
# and the thread that reaps it is the job that ran it.
def _waitpid_counted(pid, options):
    pid, status, usage = os.wait4(pid, options)
    if pid and getattr(_job, "cpu", None) is not None:
        _job.cpu += usage.ru_utime + usage.ru_stime
    return pid, status


_poll = subprocess.Popen._internal_poll      # took os.waitpid when it was defined
_poll.__defaults__ = tuple(_waitpid_counted if d is os.waitpid else d
                           for d in _poll.__defaults__)
os.waitpid = _waitpid_counted


def busy_seconds():
    """The seconds every processor of the machine has spent working since it
    started (/proc/stat: user, nice, system, irq, softirq and steal), whoever
    worked: the yardstick for what the jobs' own counts miss."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return (sum(fields[:3]) + sum(fields[5:8])) / os.sysconf("SC_CLK_TCK")


T0 = time.time()
LONG_KINDS = ("soak", "book")  # started first, so that they overlap the rest


def run_jobs(jobs):
    """Run (kind, function, args) jobs on JOBS workers; print each job's results
    in the order of the list, whatever order they finish in. Every job owns its
    files (its own work directory, monitor socket and serial log), so the order
    of running cannot change a verdict.

    A job may carry a fourth item, a gate (a threading.Event): it waits, without
    holding a worker, until the gate opens, and then goes before every job not
    yet started: the jobs that read the reader's book end the run, so they
    start the moment it is built."""
    def work(kind, function, args, gate=None):
        _job.results, _job.cpu = [], 0.0
        start, own = time.time(), time.thread_time()
        try:
            function(*args)
        except Exception:                       # a broken job is a failed test
            report(False, "%s%r: runs" % (function.__name__, args), traceback.format_exc())
        finally:
            seconds = time.time() - start
            cpu, _job.cpu = _job.cpu + time.thread_time() - own, None
            SECONDS_BY_KIND[kind] = SECONDS_BY_KIND.get(kind, 0) + seconds
            CPU_BY_KIND[kind] = CPU_BY_KIND.get(kind, 0) + cpu
            JOB_SECONDS.append((seconds, kind, "%s%r" % (function.__name__, args),
                                round(start - T0, 1), round(cpu, 1)))
        results, _job.results = _job.results, None
        return results

    def gate(i):
        return jobs[i][3] if len(jobs[i]) > 3 else None

    first = [i for i, job in enumerate(jobs) if job[0] in LONG_KINDS]
    pending = first + [i for i in range(len(jobs)) if i not in first]
    lock, results = threading.Lock(), [None] * len(jobs)
    finished = [threading.Event() for _ in jobs]

    def take():
        """The next job to run: an opened gate's first; None if only closed
        gates are left (the worker looks again shortly); -1 if none is left."""
        with lock:
            if not pending:
                return -1
            ready = [i for i in pending if gate(i) is None or gate(i).is_set()]
            opened = [i for i in ready if gate(i) is not None]
            pick = (opened or ready or [None])[0]
            if pick is not None:
                pending.remove(pick)
            return pick

    def worker():
        while True:
            i = take()
            if i == -1:
                return
            if i is None:
                time.sleep(0.2)
                continue
            results[i] = work(*jobs[i])
            finished[i].set()

    workers = [threading.Thread(target=worker, daemon=True) for _ in range(JOBS)]
    for thread in workers:
        thread.start()
    for i in range(len(jobs)):
        finished[i].wait()
        for entry in results[i]:
            emit(entry)


def captured(function, *args):
    """Run a check and return its results [(ok, name, detail)] instead of
    reporting them; a check that breaks is one failed result."""
    saved = getattr(_job, "results", None)
    _job.results = []
    try:
        function(*args)
    except Exception:
        report(False, "%s: runs" % function.__name__, traceback.format_exc())
    results, _job.results = _job.results, saved
    return [entry[1:] for entry in results if entry[0] == "result"]
