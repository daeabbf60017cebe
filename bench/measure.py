"""Measuring tools for make bench: wall and CPU time in-process and of a child process, the
SQL statements a block runs, and the table the figures are printed in."""
from __future__ import annotations

import compileall
import functools
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Timing:
    wall: float = 0.0
    cpu: float = 0.0


@contextmanager
def timed() -> Iterator[Timing]:
    """Wall time and this process's CPU time (all its threads) of the block."""
    timing = Timing()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield timing
    finally:
        timing.wall = time.perf_counter() - wall
        timing.cpu = time.process_time() - cpu


@dataclass
class Statements:
    count: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


@contextmanager
def counted(engine) -> Iterator[Statements]:
    """The SELECT/INSERT/UPDATE/DELETE statements run on the engine inside the block, as
    tests/querycount.py counts them (an executemany counts once)."""
    found = Statements()

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        kind = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        if kind in ("SELECT", "INSERT", "UPDATE", "DELETE"):
            found.count += 1
            found.kinds[kind] = found.kinds.get(kind, 0) + 1

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)


@dataclass
class Child:
    """One finished child process: its times, peak resident size and output."""

    returncode: int
    wall: float
    cpu: float
    peak_mb: float
    stdout: bytes
    stderr: bytes


def run_child(args: Sequence[str], *, env: dict[str, str] | None = None,
              cwd: Path = ROOT) -> Child:
    """Run a command to its end; its own CPU (user + system) comes from wait4, so other
    children and this process do not count. Its peak_mb is ru_maxrss, which on Linux is at
    least the forking process's size: use python_child for a Python command's own peak."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(list(args), stdout=out, stderr=err, cwd=cwd,  # noqa: S603
                                   env={**os.environ, **(env or {})})
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Child(process.returncode, wall, usage.ru_utime + usage.ru_stime,
                     usage.ru_maxrss / 1024, out.read(), err.read())


@functools.cache
def compile_bytecode() -> None:
    """Compile contest's modules to .pyc once, as a deployed server has them after its first
    start. The floor's packages were compiled by pip when they were installed; without this,
    where PYTHONDONTWRITEBYTECODE is set (this machine sets it) every child would compile
    contest's ~150 modules from source again (≈0.2 s of each start-up) and the start-up rows
    would compare an uncompiled app with a compiled floor."""
    compileall.compile_dir(ROOT / "contest", quiet=1)


def python_child(*args: str, env: dict[str, str] | None = None) -> Child:
    """`python -c CODE` or `python -m MODULE ARGS…` through bench/peak.py, with the child's
    own peak resident size (VmHWM); contest's bytecode is compiled first (compile_bytecode)."""
    compile_bytecode()
    with tempfile.NamedTemporaryFile(suffix=".peak") as peak:
        child = run_child([PYTHON, str(ROOT / "bench" / "peak.py"), *args],
                          env={**(env or {}), "BENCH_PEAK_FILE": peak.name})
        written = Path(peak.name).read_text(encoding="ascii").strip()
        if written:
            child.peak_mb = int(written) / 1024
        return child


@dataclass
class Row:
    """One line of the table: a figure, and the floor it is compared with (if any)."""

    what: str
    wall: float | None = None
    cpu: float | None = None
    statements: int | None = None
    size: str = ""
    floor: str = ""
    floor_cpu: float | None = None
    note: str = ""

    @property
    def ratio(self) -> str:
        if self.cpu is None or not self.floor_cpu:
            return ""
        return f"{self.cpu / self.floor_cpu:.1f}×"


def seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}" if value < 10 else f"{value:.1f}"


def table(rows: list[Row]) -> str:
    """A Markdown table (it reads in a terminal and pastes into docs/PERFORMANCE.md)."""
    headers = ["what", "wall s", "CPU s", "statements", "size", "floor (same run)",
               "ratio CPU/floor", "note"]
    lines = [[r.what, seconds(r.wall), seconds(r.cpu),
              "" if r.statements is None else str(r.statements), r.size, r.floor, r.ratio,
              r.note] for r in rows]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(headers)]

    def fmt(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([fmt(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
                      *(fmt(line) for line in lines)])
