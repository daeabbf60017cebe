"""make bench-load: gunicorn with 4 workers (the repo's gunicorn.conf.py) on SQLite (a file,
WAL) and then on a PostgreSQL database of the bench's own (bench_load, made again each run);
100 judges autosave their sheets while 100 entrants file dossiers with a JPEG and a PDF and
submit them, all signed in with CSRF like a browser; then the judges post the bench-only
one-insert endpoint instead, under the same concurrency. One table: requests per second,
p50/p95/p99 and errors per kind of request; the exit code is non-zero only on errors."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_client import Stats  # noqa: E402
from bench.load_paced import Pace, paced_load  # noqa: E402
from bench.load_report import Phase, paced_summary, rows, summary, table  # noqa: E402
from bench.load_run import Server, Team, load, sign_in_team, world_for  # noqa: E402
from bench.world import World  # noqa: E402
from contest.extensions import db  # noqa: E402

PG_HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
PG_PORT = os.environ.get("BENCH_PG_PORT", "5432")
PG_NAME = "bench_load"  # the bench's own database; never the shared `test`


def fresh_postgres() -> str:
    """Drop and create the bench's own database on the local server; its URI."""
    where = ["-h", PG_HOST, "-p", PG_PORT]
    subprocess.run(["dropdb", *where, "--if-exists", PG_NAME], check=True)  # noqa: S603,S607
    subprocess.run(["createdb", *where, PG_NAME], check=True)  # noqa: S603,S607
    return f"postgresql+psycopg://{PG_HOST}:{PG_PORT}/{PG_NAME}"


def measure(world: World, sheets: list, entrants: list, seconds: float, pace: Pace,
            paced_seconds: float) -> list[Phase]:
    """On one gunicorn: the autosave phase, the baseline phase (both with the entrants), then
    one judge alone, autosaving and then posting the baseline, one request at a time, and one
    entrant alone; last the paced phase (every judge and entrant at a person's pace)."""
    server = Server(world)
    server.start()
    try:
        team = sign_in_team(world, server.port, sheets, entrants)
        load(team, min(2.0, seconds / 4), bare=False, stats=Stats())  # warm every worker
        alone = Team(team.judges[:1], [], ledger=team.ledger)
        entrant = Team([], team.entrants[:1], ledger=team.ledger)
        phases = []
        for label, who, bare, length in (("autosave", team, False, seconds),
                                         ("baseline", team, True, seconds),
                                         ("one judge alone", alone, False, min(3.0, seconds)),
                                         ("one judge alone", alone, True, min(3.0, seconds)),
                                         ("one entrant alone", entrant, False,
                                          min(5.0, seconds))):
            stats = Stats()
            cpu, client = server.cpu(), time.process_time()
            wall = load(who, length, bare=bare, stats=stats)
            phases.append(Phase(label, stats, wall, server.cpu() - cpu,
                                time.process_time() - client))
        stats = Stats()
        cpu, client = server.cpu(), time.process_time()
        wall, schedule = paced_load(team.judges, team.entrants, team.ledger, paced_seconds,
                                    pace, stats)
        phases.append(Phase("paced", stats, wall, server.cpu() - cpu,
                            time.process_time() - client, schedule))
        return phases
    finally:
        server.stop()


def dispose(world: World) -> None:
    with world.app.app_context():
        db.session.remove()
        db.engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float,
                        default=float(os.environ.get("DURATION") or 20),
                        help="seconds of load a database, half autosave, half baseline; "
                             "DURATION=")
    parser.add_argument("--judges", type=int, default=100)
    parser.add_argument("--entrants", type=int, default=100)
    parser.add_argument("--drafts", type=int, default=20, help="drafts each entrant may submit")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--paced-seconds", type=float,
                        help="seconds of the paced phase a database (default: --seconds, so "
                             "that an entrant pausing 2–5 s gets from edit page to submission)")
    parser.add_argument("--autosave-every", type=float, default=Pace.every,
                        help="seconds between a judge's autosaves in the paced phase (the page "
                             "saves 0.8 s after typing stops; a judge types a score every few "
                             "seconds)")
    parser.add_argument("--jitter", type=float, default=Pace.jitter,
                        help="± share of --autosave-every drawn at random each time")
    parser.add_argument("--pause", default="2,5",
                        help="an entrant's pause before each step, LOW,HIGH seconds")
    parser.add_argument("--seed", type=int, default=Pace.seed)
    args = parser.parse_args()
    low, high = (float(x) for x in args.pause.split(","))
    pace = Pace(args.autosave_every, args.jitter, (low, high), args.seed)
    paced_seconds = args.paced_seconds or args.seconds
    started = time.perf_counter()
    lines, notes, errors = [], [], 0
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        for database in args.databases.split(","):
            uri = fresh_postgres() if database == "postgresql" else None
            label = "PostgreSQL" if uri else "SQLite"
            world, sheets, entrants = world_for(Path(tmp) / database, args.judges,
                                                args.entrants, args.drafts, uri=uri)
            try:
                phases = measure(world, sheets, entrants, args.seconds / 2, pace,
                                 paced_seconds)
            finally:
                dispose(world)
            for phase in phases:
                lines += rows(label, phase)
                errors += phase.errors()
            notes.append(summary(label, *phases[:4]))
            notes.append(paced_summary(label, phases[-1]))
    print(f"make bench-load: {args.judges} judges autosaving, {args.entrants} entrants filing "
          f"dossiers (a 640×480 JPEG and a 2-page PDF each, then submit), gunicorn "
          f"-c gunicorn.conf.py with 4 workers; {args.seconds / 2:g} s a phase, "
          f"{paced_seconds:g} s paced; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs\n")
    print(table(lines))
    print()
    for note in notes:
        print(note)
    print(f"\nwhole bench {time.perf_counter() - started:.0f} s; errors {errors} (must be 0)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
