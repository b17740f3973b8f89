"""Jobs and their results, for the test runner and the grader.

A check reports each result with report(ok, name, detail). Run inside
run_jobs, a job's results are held and printed in the order of the job list,
whatever order the jobs finish in; run alone, they print at once.
"""
import os
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

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
JOB_SECONDS = []   # (seconds, kind, job, started): where a run's time went
T0 = time.time()
LONG_KINDS = ("soak", "book")  # started first, so that they overlap the rest


def run_jobs(jobs):
    """Run (kind, function, args) jobs on JOBS workers; print each job's results
    in the order of the list, whatever order they finish in. Every job owns its
    files (its own work directory, monitor socket and serial log), so the order
    of running cannot change a verdict."""
    def work(kind, function, args):
        _job.results = []
        start = time.time()
        try:
            function(*args)
        except Exception:                       # a broken job is a failed test
            report(False, "%s%r: runs" % (function.__name__, args), traceback.format_exc())
        finally:
            seconds = time.time() - start
            SECONDS_BY_KIND[kind] = SECONDS_BY_KIND.get(kind, 0) + seconds
            JOB_SECONDS.append((seconds, kind, "%s%r" % (function.__name__, args),
                                round(start - T0, 1)))
        results, _job.results = _job.results, None
        return results
    first = [i for i, job in enumerate(jobs) if job[0] in LONG_KINDS]
    order = first + [i for i in range(len(jobs)) if i not in first]
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        futures = {i: pool.submit(work, *jobs[i]) for i in order}
        for i in range(len(jobs)):
            for entry in futures[i].result():
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
