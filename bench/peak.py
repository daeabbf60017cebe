"""Run a Python command (-c CODE or -m MODULE ARGS…) and, at exit, write its peak resident
size (VmHWM, in kB) to the file named by BENCH_PEAK_FILE.

A child's ru_maxrss on Linux keeps the high-water mark of the process it was forked from, so
a child of the large bench process would report at least the bench's own size; VmHWM belongs
to the address space that exec made, so it is the command's own peak.
"""
from __future__ import annotations

import atexit
import os
import runpy
import sys
from pathlib import Path


def write_peak() -> None:
    with open("/proc/self/status", encoding="ascii") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["BENCH_PEAK_FILE"], "w", encoding="ascii") as out:
        out.write(peak)


if __name__ == "__main__":
    # The project next to this bench, not whatever `contest` the environment installed.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    atexit.register(write_peak)
    mode, target, *rest = sys.argv[1:]
    sys.argv = [target, *rest]
    if mode == "-c":
        exec(compile(target, "<bench -c>", "exec"), {"__name__": "__main__"})  # noqa: S102
    else:
        runpy.run_module(target, run_name="__main__", alter_sys=True)
