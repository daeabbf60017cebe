"""make bench-faults: the load of make bench-load (judges autosaving, entrants filing dossiers)
on PostgreSQL in a throwaway cluster of the bench's own (initdb on another port, a temporary
folder; never the shared server), while a gunicorn worker is SIGKILLed every second (the master
starts another) and PostgreSQL is restarted once (pg_ctl restart -m fast); then the same with
worker kills on SQLite. Afterwards check-integrity runs and every acknowledged write is looked
for in the database. Exit non-zero when one is lost or the check fails."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_check import Found, Integrity, check_integrity, look_for  # noqa: E402
from bench.load_report import table  # noqa: E402
from bench.load_run import Server, Team, load, sign_in_team, world_for  # noqa: E402
from contest.extensions import db  # noqa: E402
from tests.pg_cluster import Cluster  # noqa: E402


@dataclass
class Outcome:
    database: str
    wall: float
    kills: int
    restarts: int
    team: Team
    found: Found
    integrity: Integrity

    def line(self) -> list[str]:
        stats = self.team.stats
        ok = sum(len(v) for v in stats.latencies.values())
        errors = Counter()
        for counter in stats.errors.values():
            errors.update(counter)
        check = ("exit 0" if self.integrity.first_exit == 0 else
                 f"exit {self.integrity.first_exit}: {self.integrity.orphans} orphan file(s) "
                 f"of {len(self.integrity.problems)} problem(s); after --repair exit "
                 f"{self.integrity.final_exit}")
        return [self.database, f"{self.wall:.0f}", str(self.kills), str(self.restarts),
                str(ok + sum(errors.values())), str(ok),
                ", ".join(f"{n}× {why}" for why, n in errors.most_common()) or "0",
                str(self.found.acknowledged), str(self.found.found), str(len(self.found.lost)),
                check]


HEADERS = ["database", "run s", "worker kills", "PG restarts", "requests", "answered as "
           "expected", "failed, by kind", "acknowledged writes", "found", "lost",
           "check-integrity"]


def faulty_run(database: str, folder: Path, args) -> Outcome:
    cluster = Cluster() if database == "postgresql" else None
    try:
        if cluster:
            cluster.start()
        world, sheets, entrants = world_for(folder, args.judges, args.entrants, args.drafts,
                                            uri=cluster.url if cluster else None)
        server = Server(world)
        server.start()
        kills = restarts = 0
        try:
            team = sign_in_team(world, server.port, sheets, entrants)
            begun = time.perf_counter()
            loader = threading.Thread(target=load, args=(team, args.seconds),
                                      kwargs={"bare": False})
            loader.start()
            while loader.is_alive():
                loader.join(args.every)
                if not loader.is_alive():
                    break
                kills += server.kill_a_worker(kills)
                if cluster and not restarts and time.perf_counter() - begun >= args.seconds / 2:
                    cluster._run(cluster.pg_ctl, "-D", str(cluster.data), "-m", "fast",
                                 "-l", str(cluster.folder / "log"), "-w", "restart")
                    restarts += 1
            wall = time.perf_counter() - begun
        finally:
            server.stop()
        found = look_for(world, team.ledger)
        integrity = check_integrity(world)
        with world.app.app_context():
            db.session.remove()
            db.engine.dispose()
        return Outcome("PostgreSQL" if cluster else "SQLite", wall, kills, restarts, team,
                       found, integrity)
    finally:
        if cluster:
            cluster.remove()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float,
                        default=float(os.environ.get("DURATION") or 25),
                        help="the length of each faulty run; DURATION=")
    parser.add_argument("--every", type=float, default=1.0, help="seconds between kills")
    parser.add_argument("--judges", type=int, default=100)
    parser.add_argument("--entrants", type=int, default=100)
    parser.add_argument("--drafts", type=int, default=20)
    parser.add_argument("--databases", default="postgresql,sqlite")
    args = parser.parse_args()
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as tmp:
        for database in args.databases.split(","):
            outcomes.append(faulty_run(database, Path(tmp) / database, args))
    print(f"make bench-faults: {args.judges} judges autosaving, {args.entrants} entrants filing "
          f"dossiers, gunicorn -c gunicorn.conf.py with 4 workers, a worker SIGKILLed every "
          f"{args.every:g} s for {args.seconds:g} s, PostgreSQL (a throwaway cluster) restarted "
          f"once half-way; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{os.cpu_count()} CPUs\n")
    print(table([o.line() for o in outcomes], HEADERS))
    wrong = False
    for outcome in outcomes:
        for lost in outcome.found.lost[:20]:
            print(f"LOST ({outcome.database}): {lost}")
        if outcome.integrity.final_exit != 0:
            print(f"check-integrity ({outcome.database}):\n{outcome.integrity.output}")
        wrong |= bool(outcome.found.lost) or outcome.integrity.final_exit != 0
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
