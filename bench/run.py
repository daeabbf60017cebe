"""make bench: every figure of issue 11 on a throw-away edition, in one table.

SIZE entries (1,000 by default; 10,000 for the real figures) in six fields, judges on six
panels (300, fewer for small sizes), three finished sheets an entry: the rank command and app
start-up against the bare Flask stack, the organiser's ranking pages and download, the
judging progress page, the public results, both imports (on a second, sheet-less edition)
and the judges' autosave under gunicorn against a one-insert endpoint. Each figure stands
beside its floor measured in the same run; CPU time is the figure that stays steady on a
shared machine. Nothing here fails on a time: the exit code is 1 only when a result is WRONG.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, inspect, make_url, text  # noqa: E402

from bench.autosave import autosave_rows  # noqa: E402
from bench.measure import ROOT, Row, table  # noqa: E402
from bench.rows_cli import floors, import_rows, rank_rows  # noqa: E402
from bench.rows_web import organiser_rows, public_rows  # noqa: E402
from bench.world import build_world, judges_for  # noqa: E402
from contest.config import database_uri  # noqa: E402
from contest.extensions import db  # noqa: E402
from contest.imports.reader import MAX_ROWS  # noqa: E402


def heading(size: int) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,  # noqa: S607
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "contest"], cwd=ROOT,  # noqa: S607
                           capture_output=True, text=True).stdout.strip()
    return (f"make bench SIZE={size}: {size:,} entries, {judges_for(size)} judges, 3 per entry, "
            f"{3 * size:,} finished sheets, 3 criteria\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
            f"{platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"commit {commit}{' (contest/ has uncommitted changes)' if dirty else ''}")


def step(title: str, started: float) -> None:
    print(f"  … {title} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10.0, help="each autosave load")
    parser.add_argument("--judges", type=int, default=100, help="judges saving at once")
    parser.add_argument("--skip", default="", help="comma-separated: imports,autosave")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    repeats = 3 if args.size <= 1000 else 1
    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        world = build_world(Path(tmp) / "edition", args.size)
        step("edition built", started)
        stack, stack_row, sql_row = floors(world, repeats)
        rows += [stack_row, sql_row, *rank_rows(world, stack, sql_row, repeats)]
        step("rank and start-up", started)
        organiser, run_id = organiser_rows(world, repeats)
        rows += organiser
        step("organiser pages", started)
        if "autosave" not in skip:
            rows += autosave_rows(world, judges=args.judges, seconds=args.seconds,
                                  label="SQLite")
            step("autosave on SQLite", started)
            if os.environ.get("BENCH_DATABASE_URL"):
                rows += postgres_rows(Path(tmp), args)
                step("autosave on PostgreSQL", started)
        rows += public_rows(world, run_id, repeats)
        dispose(world)
        if "imports" not in skip:
            blank = build_world(Path(tmp) / "imports", args.size, sheets=False)
            rows += import_rows(blank, part_rows=min(MAX_ROWS, 9000))
            dispose(blank)
            step("imports", started)
    print(heading(args.size))
    print()
    print(table(rows))
    print(f"\nwhole bench {time.perf_counter() - started:.0f} s. CPU is user + system time of "
          "the process doing the work (the child, or this process for in-process rows, or the "
          "gunicorn master and workers); ratio = CPU ÷ the floor's CPU.")
    wrong = [row.what.strip() for row in rows if row.note.startswith("WRONG")]
    if wrong:
        print("WRONG results: " + "; ".join(wrong))
    return 1 if wrong else 0


def postgres_rows(folder: Path, args) -> list[Row]:
    """The same autosave load on the database of BENCH_DATABASE_URL, migrated here: it must be
    empty, or named bench_… (its public schema is then dropped and made again)."""
    uri = database_uri(os.environ["BENCH_DATABASE_URL"], "")
    name = make_url(uri).database or ""
    engine = create_engine(uri, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if name.startswith("bench_"):
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        elif inspect(connection).get_table_names():
            return [Row("autosave on PostgreSQL", note=f"skipped: {name} is not empty and not "
                        "named bench_…")]
    engine.dispose()
    world = build_world(folder / "postgres", args.size, uri=uri)
    try:
        return autosave_rows(world, judges=args.judges, seconds=args.seconds,
                             label="PostgreSQL")
    finally:
        dispose(world)


def dispose(world) -> None:
    with world.app.app_context():
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
