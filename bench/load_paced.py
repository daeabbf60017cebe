"""The paced phase of make bench-load: the deadline day as people make it, not back to back.
Each judge's page autosaves on a schedule of its own (every `every` seconds, give or take
`jitter` of it, the first at a random moment of the first interval, so the judges do not
align); when a save falls due while the last one is still unanswered it starts as soon as the
answer comes, as the page does. Each entrant reads and types for a seeded random pause before
every step. The schedule is kept: every late start is counted, by whether the server (the last
answer came after the next save was due) or the generator (a thread woke late) was the cause."""
from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

from bench.load_client import EntrantClient, JudgeClient, Ledger, Stats

LATE = 0.010  # a start more than this after its time is late


@dataclass
class Pace:
    every: float = 3.0  # seconds between a judge's autosaves
    jitter: float = 0.25  # ± this share of `every`
    pause: tuple[float, float] = (2.0, 5.0)  # an entrant's reading time before each step
    seed: int = 12


@dataclass
class Schedule:
    """What the generator was asked to do and how well it kept to it."""

    pace: Pace
    judges: int
    entrants: int
    due: int = 0  # autosaves that fell due inside the phase
    behind_server: int = 0  # due while the judge's last save was unanswered
    wakeups: list[float] = field(default_factory=list)  # how late each sleep ended, seconds
    lock: threading.Lock = field(default_factory=threading.Lock)

    def woke(self, late: float) -> None:
        with self.lock:
            self.wakeups.append(late)

    def saved_late(self) -> None:
        with self.lock:
            self.behind_server += 1

    def offered_saves(self) -> float:
        """Autosaves a second the schedule asks for."""
        return self.judges / self.pace.every

    def offered_steps(self) -> float:
        """Entrant steps a second at most (if every answer were instant)."""
        low, high = self.pace.pause
        return self.entrants / ((low + high) / 2)

    def late_wakeups(self) -> int:
        return sum(1 for late in self.wakeups if late > LATE)


def sleep_until(moment: float, stop: float, schedule: Schedule) -> bool:
    """Sleep until `moment`; when it is not before `stop`, until `stop` and False."""
    if moment >= stop:
        time.sleep(max(0.0, stop - time.perf_counter()))
        return False
    wait = moment - time.perf_counter()
    if wait > 0:
        time.sleep(wait)
        schedule.woke(time.perf_counter() - moment)
    return True


def paced_load(judges: list[JudgeClient], entrants: list[EntrantClient], ledger: Ledger,
               seconds: float, pace: Pace, stats: Stats) -> tuple[float, Schedule]:
    """Judges autosave on their schedules while entrants pause between steps, for `seconds`
    (no request starts after them); the wall time until the last answer, and the schedule."""
    schedule = Schedule(pace, len(judges), len(entrants))
    begun = time.perf_counter()
    stop = begun + seconds

    def judge(n: int, client: JudgeClient) -> None:
        rng = random.Random(pace.seed * 100_003 + n)
        due = begun + rng.uniform(0, pace.every)
        while sleep_until(due, stop, schedule):
            with schedule.lock:
                schedule.due += 1
            client.step(stats, ledger, False)
            due += pace.every * rng.uniform(1 - pace.jitter, 1 + pace.jitter)
            if time.perf_counter() > due + LATE and due < stop:
                schedule.saved_late()  # the page sends it when the answer comes: now

    def entrant(n: int, client: EntrantClient) -> None:
        rng = random.Random(pace.seed * 100_003 + 50_000 + n)

        def pause() -> bool:
            return sleep_until(time.perf_counter() + rng.uniform(*pace.pause), stop, schedule)

        while time.perf_counter() < stop:
            client.step(stats, ledger, pause)

    threads = [threading.Thread(target=judge, args=(n, c)) for n, c in enumerate(judges)]
    threads += [threading.Thread(target=entrant, args=(n, c)) for n, c in enumerate(entrants)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - begun, schedule
