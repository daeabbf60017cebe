"""Judge autosave under load: gunicorn with 4 workers on the bench's database, K judges
saving their sheet again and again for a few seconds from threads, against the bench-only
one-insert endpoint of the same server (bench/bare_app.py); then one request at a time."""
from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import update

from bench.load_client import Browser
from bench.measure import PYTHON, ROOT, Row
from bench.world import World, judge_email
from contest.extensions import db
from contest.models import ScoreSheet, SheetStatus

VERSION = re.compile(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"')
WORKERS = 4


@dataclass
class Judge:
    browser: Browser
    assignment: int
    criteria: list[int]
    version: int = 0
    n: int = 0

    def save(self) -> int:
        self.n += 1
        value = f"{10 + self.n % 20},5"
        status, text, _ = self.browser.request(
            "POST", f"/judge/assignments/{self.assignment}/autosave",
            {"version": str(self.version), f"score_{self.criteria[self.n % 3]}": value})
        if status == 200:
            self.version = int(re.search(r'"version":\s*(\d+)', text).group(1))
        return status

    def bare(self) -> int:
        return self.browser.request("POST", "/bench/insert", {})[0]


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, judges: list[Judge], call, seconds: float) -> float:
        """Every judge's thread calls as fast as it can; requests per second overall."""
        stop = time.perf_counter() + seconds

        def loop(judge: Judge) -> None:
            while time.perf_counter() < stop:
                start = time.perf_counter()
                status = call(judge)
                with self.lock:
                    self.latencies.append(time.perf_counter() - start)
                    self.statuses[status] = self.statuses.get(status, 0) + 1

        begun = time.perf_counter()
        threads = [threading.Thread(target=loop, args=(judge,)) for judge in judges]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return len(self.latencies) / (time.perf_counter() - begun)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_cpu(pid: int) -> float:
    """CPU seconds of the gunicorn master and its live workers."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    for each in [pid, *map(int, children)]:
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / tick


def start_server(world: World, port: int) -> subprocess.Popen:
    log = (world.folder / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [str(Path(PYTHON).parent / "gunicorn"), "--workers", str(WORKERS), "--bind",
         f"127.0.0.1:{port}", "--timeout", "120", "bench.bare_app:app"], cwd=ROOT,
        stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "BENCH_FOLDER": str(world.folder),
             "BENCH_DATABASE_URI": world.uri})
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"gunicorn did not start; see {world.folder / 'gunicorn.log'}")


def draft_sheets(world: World, count: int) -> list[tuple[str, int]]:
    """Reopen one sheet of each of `count` judges as a draft: (e-mail, assignment id)."""
    chosen: dict[int, int] = {}
    for assignment, _entry, judge in world.pairs:
        chosen.setdefault(judge, assignment)
    picked = sorted(chosen.items())[:count]
    with world.app.app_context():
        db.session.execute(update(ScoreSheet).where(
            ScoreSheet.assignment_id.in_([a for _j, a in picked])).values(
            status=SheetStatus.DRAFT, finalised_at=None))
        db.session.commit()
    return [(judge_email(j), a) for j, a in picked]


def median_ms(latencies: list[float]) -> float:
    return statistics.median(latencies) * 1000 if latencies else float("nan")


def alone(judge: Judge, call, times: int) -> list[float]:
    found = []
    for _ in range(times):
        start = time.perf_counter()
        call(judge)
        found.append(time.perf_counter() - start)
    return found


def autosave_rows(world: World, *, judges: int, seconds: float, label: str) -> list[Row]:
    """Throughput of K judges' autosaves and of the bare insert, and each one alone."""
    count = min(judges, world.judges)
    sheets = draft_sheets(world, count)
    criteria = [c for c, _code, _top in world.criteria]
    port = free_port()
    server = start_server(world, port)
    try:
        team = []
        for email, assignment in sheets:
            browser = Browser(port, accept="application/json, text/html")
            browser.sign_in(email)
            status, page, _ = browser.request("GET", f"/judge/assignments/{assignment}")
            if status != 200:
                raise RuntimeError(f"{email}'s sheet page answered {status}")
            found = VERSION.search(page)
            team.append(Judge(browser, assignment, criteria,
                              int(next(g for g in found.groups() if g)) if found else 2))
        alone(team[0], Judge.save, 3)  # every worker has answered once or so
        cpu = server_cpu(server.pid)
        saves = Load()
        saves_rate = saves.run(team, Judge.save, seconds)
        save_cpu = server_cpu(server.pid) - cpu
        cpu = server_cpu(server.pid)
        bare = Load()
        bare_rate = bare.run(team, Judge.bare, seconds)
        bare_cpu = server_cpu(server.pid) - cpu
        one_save = median_ms(alone(team[0], Judge.save, 30))
        one_bare = median_ms(alone(team[0], Judge.bare, 30))
    finally:
        server.terminate()
        server.wait(timeout=30)

    def note(load: Load) -> str:
        bad = {s: n for s, n in load.statuses.items() if s != 200}
        return ("WRONG: " + ", ".join(f"{n}× HTTP {s}" for s, n in sorted(bad.items()))
                if bad else "all HTTP 200")

    prefix = f"autosave, {WORKERS} gunicorn workers, {count} judges, {label}"
    return [
        Row(f"{prefix}: saves/s", seconds, save_cpu, size=f"{saves_rate:.1f} saves/s, "
            f"median {median_ms(saves.latencies):.0f} ms",
            floor=f"bare insert {bare_rate:.1f}/s", note=note(saves) +
            f"; ratio saves/s ÷ inserts/s = {saves_rate / bare_rate:.2f}"),
        Row(f"  {label}: bare one-insert endpoint (floor)", seconds, bare_cpu,
            size=f"{bare_rate:.1f} inserts/s, median {median_ms(bare.latencies):.0f} ms",
            note=note(bare)),
        Row(f"  {label}: server CPU per save", None, save_cpu / max(len(saves.latencies), 1),
            floor="per bare insert", floor_cpu=bare_cpu / max(len(bare.latencies), 1)),
        Row(f"  {label}: one save alone (median of 30)", one_save / 1000, None,
            size=f"{one_save:.0f} ms", floor=f"one bare insert {one_bare:.0f} ms",
            note=f"save ÷ bare = {one_save / one_bare:.2f}"),
    ]
