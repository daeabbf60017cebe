"""The table of make bench-load: requests per second, p50/p95/p99 latency and errors per kind
of request, with CPU beside wall time."""
from __future__ import annotations

from dataclasses import dataclass

from bench.load_client import Stats
from bench.load_paced import Schedule


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) in milliseconds, nearest rank; nan when there is none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank] * 1000


@dataclass
class Phase:
    """One load phase: what the judges posted, its figures and the times it took."""

    label: str
    stats: Stats
    wall: float
    server_cpu: float
    client_cpu: float
    schedule: Schedule | None = None  # the paced phase's

    def rate(self, kind: str) -> float:
        """Answers per second over the phase, until its last answer (requests start only
        inside the phase's seconds; a slow one started near its end is waited for)."""
        return len(self.stats.latencies.get(kind, [])) / self.wall if self.wall else 0.0

    def errors(self) -> int:
        return sum(sum(c.values()) for c in self.stats.errors.values())


HEADERS = ["database", "phase", "request", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms",
           "errors"]


def rows(database: str, phase: Phase) -> list[list[str]]:
    found = []
    for kind in sorted(phase.stats.latencies):
        latencies = phase.stats.latencies[kind]
        errors = phase.stats.errors.get(kind, {})
        found.append([database, phase.label, kind, str(len(latencies)), f"{phase.rate(kind):.1f}",
                      f"{percentile(latencies, 50):.0f}", f"{percentile(latencies, 95):.0f}",
                      f"{percentile(latencies, 99):.0f}",
                      ", ".join(f"{n}× {why}" for why, n in sorted(errors.items())) or "0"])
    return found


def table(lines: list[list[str]], headers: list[str] = HEADERS) -> str:
    """A Markdown table (it reads in a terminal and pastes into docs/PERFORMANCE.md)."""
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(headers)]

    def fmt(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([fmt(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
                      *(fmt(line) for line in lines)])


def summary(database: str, saves: Phase, bare: Phase, save_alone: Phase,
            bare_alone: Phase) -> str:
    """The score-save ÷ baseline throughput ratio and the autosave's p95, against targets."""
    save_rate, bare_rate = saves.rate("autosave POST"), bare.rate("baseline insert POST")
    ratio = save_rate / bare_rate if bare_rate else float("nan")
    p95 = percentile(saves.stats.latencies.get("autosave POST", []), 95)
    one_save = percentile(save_alone.stats.latencies.get("autosave POST", []), 95)
    one_bare = percentile(bare_alone.stats.latencies.get("baseline insert POST", []), 95)
    return (f"{database}: autosave {save_rate:.1f}/s ÷ baseline {bare_rate:.1f}/s = "
            f"{ratio:.2f} (target ≥ 0.5{'' if ratio >= 0.5 else ', missed'}); autosave p95 "
            f"{p95:.0f} ms (target < 100 ms on an idle machine"
            f"{'' if p95 < 100 else ', missed'}), one at a time p95 "
            f"{one_save:.0f} ms (baseline {one_bare:.0f} ms); wall until the last answer "
            f"{saves.wall:.1f} s + {bare.wall:.1f} s, "
            f"server CPU (gunicorn master + workers) {saves.server_cpu:.1f} s + "
            f"{bare.server_cpu:.1f} s, load generator CPU {saves.client_cpu:.1f} s + "
            f"{bare.client_cpu:.1f} s")


ENTRANT_KINDS = ("dossier edit page GET", "upload POST (+ its page)", "submit POST (+ its page)")


def paced_summary(database: str, paced: Phase) -> str:
    """Offered against achieved load, the autosave's p95 against its target, CPU beside wall
    and whether the generator kept its schedule."""
    schedule = paced.schedule
    saves = paced.stats.latencies.get("autosave POST", [])
    p95 = percentile(saves, 95)
    steps = sum(paced.rate(kind) for kind in ENTRANT_KINDS)
    wakeups = schedule.wakeups
    late = schedule.late_wakeups()
    low, high = schedule.pace.pause
    return (f"{database} paced: {schedule.judges} judges autosaving every "
            f"{schedule.pace.every:g} s ± {schedule.pace.jitter:.0%}, {schedule.entrants} "
            f"entrants pausing {low:g}–{high:g} s before each step; offered autosave "
            f"{schedule.offered_saves():.1f}/s, achieved {paced.rate('autosave POST'):.1f}/s; "
            f"entrant steps offered ≤ {schedule.offered_steps():.1f}/s, achieved {steps:.1f}/s; "
            f"autosave p95 {p95:.0f} ms (target < 100 ms"
            f"{'' if p95 < 100 else ', missed'}); wall {paced.wall:.1f} s, server CPU "
            f"(gunicorn master + workers) {paced.server_cpu:.1f} s "
            f"({paced.server_cpu / paced.wall if paced.wall else 0:.2f} CPUs), load generator "
            f"CPU {paced.client_cpu:.1f} s; schedule: {schedule.due} autosaves due, "
            f"{schedule.behind_server} started late because the last answer came after, "
            f"{late} of {len(wakeups)} generator wake-ups later than 10 ms (p99 "
            f"{percentile(wakeups, 99):.1f} ms, max {max(wakeups, default=0) * 1000:.1f} ms)")
