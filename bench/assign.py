"""make bench-assign: 10,000 entries in 6 fields, 300 judges on 6 panels of 50, 3 judges each.

Part 1 times the pure planner (contest.judging.assignment.plan_assignments); part 2 times the
whole service path (contest.services.assignments.assign_judges: queries, planner, bulk insert,
commit) on a throw-away SQLite database built by the migrations. Both report the balance per
panel and its time beside the 10 s target ("over target" when it takes longer: a time never
fails the command). The script exits non-zero only when a result is wrong: a panel whose most
and least loaded judges differ by more than one, or stored pairs other than the planner's.
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from bench.assign_db import load_contest, new_edition, stored_pairs, wipe_assignments  # noqa: E402
from contest import create_app  # noqa: E402
from contest.extensions import db  # noqa: E402
from contest.judging.assignment import EntryNeed, plan_assignments  # noqa: E402
from contest.models import Edition  # noqa: E402

try:
    from contest.services.assignments import assign_judges
except ImportError:  # the service may not exist yet on this branch
    assign_judges = None

ENTRIES, FIELDS, PANEL_SIZE, UNITS, K = 10_000, 6, 50, 400, 3
SEED, REPEATS, TARGET_SECONDS = 20260101, 3, 10.0


@dataclass
class Contest:
    judge_unit: dict[int, int]  # judge id -> unit id
    panels: dict[int, list[int]]  # field number (1..6) -> judge ids
    entry_field: dict[int, int]  # entry id -> field number
    entry_units: dict[int, list[int]]  # entry id -> its authors' units, in author order


def generate(seed: int = SEED) -> Contest:
    """The same contest every run: judges and authors drawn from ~400 units."""
    rng = random.Random(seed)
    judges = list(range(1, FIELDS * PANEL_SIZE + 1))
    judge_unit = {judge: rng.randint(1, UNITS) for judge in judges}
    panels = {f: judges[(f - 1) * PANEL_SIZE:f * PANEL_SIZE] for f in range(1, FIELDS + 1)}
    entry_field = {e: rng.randint(1, FIELDS) for e in range(1, ENTRIES + 1)}
    entry_units = {e: [rng.randint(1, UNITS) for _ in range(rng.randint(1, 3))]
                   for e in entry_field}
    return Contest(judge_unit, panels, entry_field, entry_units)


def needs_of(contest: Contest) -> list[EntryNeed]:
    """Excluded judges: those of the entry's panel who share a unit with one of its authors."""
    return [EntryNeed(e, f, excluded=frozenset(
                j for j in contest.panels[f] if contest.judge_unit[j] in contest.entry_units[e]))
            for e, f in contest.entry_field.items()]


def over(seconds: float) -> str:
    return "  over target" if seconds > TARGET_SECONDS else ""


def best_of(repeats: int, run) -> tuple[tuple[float, float], object]:
    """(wall, CPU) seconds of the fastest of `repeats` timed calls, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        result = run()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return min(times), result


def balance(load: dict[int, int], panels: dict[int, list[int]]) -> tuple[list[str], int, int]:
    """Lines 'field: min..max', the worst spread within a panel, and the spread overall."""
    lines, worst = [], 0
    for field_id, judges in panels.items():
        loads = [load.get(j, 0) for j in judges]
        worst = max(worst, max(loads) - min(loads))
        lines.append(f"  panel {field_id}: {len(judges)} judges, load {min(loads)}..{max(loads)}")
    everyone = [load.get(j, 0) for judges in panels.values() for j in judges]
    return lines, worst, max(everyone) - min(everyone)


def report(title: str, timing: tuple[float, float], pairs: int, impossible: int,
           load: dict[int, int], panels: dict[int, list[int]]) -> int:
    lines, worst, overall = balance(load, panels)
    seconds, cpu = timing
    print(f"{title}\n  entries {ENTRIES}, judges {sum(map(len, panels.values()))}, k {K}, "
          f"pairs {pairs}, impossible {impossible}\n  seconds {seconds:.3f}, CPU {cpu:.3f} "
          f"(best of {REPEATS}), target {TARGET_SECONDS:.0f} s{over(seconds)}")
    print("\n".join(lines))
    print(f"  worst spread within a panel {worst}, overall max-min {overall}")
    return worst


def bench_planner(contest: Contest) -> tuple[bool, list[tuple[int, int]]]:
    """Time the pure planner; whether it met the targets, and its pairs."""
    needs = needs_of(contest)
    conflicted = sum(1 for need in needs if need.excluded)
    print(f"generated: {conflicted} entries have at least one conflicted judge, "
          f"{sum(len(n.excluded) for n in needs)} conflicted pairs")
    timing, plan = best_of(REPEATS, lambda: plan_assignments(needs, contest.panels, K, seed=1))
    worst = report("planner (plan_assignments)", timing, len(plan.pairs), len(plan.impossible),
                   plan.load, contest.panels)
    return worst <= 1, plan.pairs


def bench_service(contest: Contest, expected: list[tuple[int, int]]) -> bool | None:
    """The service path on a temporary SQLite database; None when the service is missing."""
    if assign_judges is None:
        print("service: contest.services.assignments.assign_judges not found, skipped")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "INSTANCE_PATH": tmp,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                          "RATELIMIT_STORAGE_URI": "memory://"})
        with app.app_context():
            upgrade()
            start = time.perf_counter()
            edition_id = new_edition()
            panels = load_contest(edition_id, contest)
            db.session.commit()
            print(f"service: database built in {time.perf_counter() - start:.1f} s")

            def run():
                edition = db.session.get(Edition, edition_id)
                plan = assign_judges(edition=edition, round_number=1, seed=1, actor=None)
                db.session.commit()
                return plan

            times = []
            for _ in range(REPEATS):
                wipe_assignments(edition_id)
                timing, plan = best_of(1, run)
                times.append(timing)
            pairs = stored_pairs(edition_id)
            load = Counter(judge for _, judge in pairs)
            worst = report("service (assign_judges, SQLite)", min(times), len(pairs),
                           len(plan.impossible), load, panels)
            same = sorted(pairs) == sorted(expected)
            print(f"  stored pairs {'equal' if same else 'DIFFER FROM'} the planner's")
            db.session.remove()
            db.engine.dispose()
    return worst <= 1 and same


def main() -> int:
    contest = generate()
    ok, pairs = bench_planner(contest)
    service_ok = bench_service(contest, pairs)
    if service_ok is False:
        ok = False
    print("bench-assign:", "ok (balanced; times are reported, not checked)" if ok else
          "WRONG (a panel's spread is over 1, or the stored pairs differ from the planner's)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
