#!/usr/bin/env python3
"""reap.py COMMAND [ARGS...]: run COMMAND and wait for every process it starts.

A program that starts helpers and leaves them to the system to wait for
(Chromium's renderers) hides their processor time from whoever ran it: the
test runner counts a job's time as its programs are waited for (runner.py).
Here the helpers are ours to wait for instead (Linux's child subreaper,
prctl(2)), so their time is counted with this process's. COMMAND dies with
this process, and its exit status is this one's.
"""
import ctypes
import os
import signal
import subprocess
import sys
import time

PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER = 1, 36
libc = ctypes.CDLL(None, use_errno=True)


def die_with_parent():
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def main(argv):
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    proc = subprocess.Popen(argv, preexec_fn=die_with_parent)
    status = proc.wait()
    # The helpers it left behind are ours now: wait for them, for a while.
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break                       # none left
        if pid == 0:
            time.sleep(0.05)
    return status if status >= 0 else 128 - status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
