"""The parts make bench-load and make bench-faults share: the world with its judges and
entrants, gunicorn with the repo's gunicorn.conf.py, the signed-in browsers, the load itself
and the table of its figures."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench.autosave import draft_sheets, free_port, server_cpu
from bench.load_client import Browser, EntrantClient, JudgeClient, Ledger, Stats, run_for
from bench.load_world import open_edition
from bench.measure import PYTHON, ROOT
from bench.world import World, build_world
from tests.sample_files import image_bytes, pdf_bytes

WORKERS = 4


def world_for(folder: Path, judges: int, entrants: int, drafts: int,
              uri: str | None = None) -> tuple[World, list, list]:
    """A judging edition with `judges` judges (one draft sheet each) and an open edition with
    `entrants` entrants: (world, [(e-mail, assignment)], [Entrant])."""
    world = build_world(folder, max(judges * 33, 90), uri=uri)
    sheets = draft_sheets(world, judges)
    return world, sheets, open_edition(world, entrants, drafts)


class Server:
    """gunicorn -c gunicorn.conf.py bench.bare_app:app, 4 workers, on the world's database."""

    def __init__(self, world: World, port: int | None = None):
        self.world, self.port = world, port or free_port()
        self.log = world.folder / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.log.open("a")
        self.process = subprocess.Popen(  # noqa: S603
            [str(Path(PYTHON).parent / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
             "bench.bare_app:app"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "BENCH_FOLDER": str(self.world.folder),
                 "BENCH_DATABASE_URI": self.world.uri, "GUNICORN_WORKERS": str(WORKERS),
                 "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_LOG_LEVEL": "warning"})
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                break
            if len(self.workers()) == WORKERS and self.answers():
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start; see {self.log}")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def workers(self) -> list[int]:
        pid = self.process.pid
        try:
            return [int(p) for p in
                    Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            return []

    def cpu(self) -> float:
        return server_cpu(self.process.pid)

    def kill_a_worker(self, n: int) -> bool:
        """SIGKILL one worker (gunicorn's master starts another); False if none was found."""
        workers = self.workers()
        if not workers:
            return False
        try:
            os.kill(workers[n % len(workers)], signal.SIGKILL)
        except ProcessLookupError:
            return False
        return True

    def stop(self) -> None:
        """Quick shutdown (SIGINT): the load is over, no request is waiting for an answer."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=60)


@dataclass
class Team:
    judges: list[JudgeClient]
    entrants: list[EntrantClient]
    stats: Stats = field(default_factory=Stats)
    ledger: Ledger = field(default_factory=Ledger)


def sign_in_team(world: World, port: int, sheets: list, entrants: list) -> Team:
    """Every judge and entrant signed in, the judges' sheets opened, in parallel."""
    criteria = [c for c, _code, _top in world.criteria]
    jpeg = image_bytes((640, 480), "JPEG")
    pdf = pdf_bytes(2)

    def judge(sheet) -> JudgeClient:
        email, assignment = sheet
        browser = Browser(port, accept="application/json, text/html")
        browser.sign_in(email)
        client = JudgeClient(browser, assignment, criteria)
        client.open_sheet()
        return client

    def entrant(who) -> EntrantClient:
        browser = Browser(port)
        browser.sign_in(who.email)
        return EntrantClient(browser, who.drafts, jpeg, pdf)

    with ThreadPoolExecutor(16) as pool:
        return Team(list(pool.map(judge, sheets)), list(pool.map(entrant, entrants)))


def load(team: Team, seconds: float, *, bare: bool, stats: Stats | None = None) -> float:
    """Judges autosave (or post the bare insert) while entrants file dossiers; wall seconds."""
    stats = stats or team.stats
    loops = [lambda j=j: j.step(stats, team.ledger, bare) for j in team.judges]
    loops += [lambda e=e: e.step(stats, team.ledger) for e in team.entrants]
    return run_for(seconds, loops)

