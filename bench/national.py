"""make bench-national: a national body and N provinces of SIZE entries each on PostgreSQL.

Builds province 1 (with the national body and its youth edition fed by every province),
measures province 1's organiser pages and its rank command, adds provinces 2…N and measures
the same again (the statement counts must be equal), then locks every province's national
list of 20 (the national intake) and EXPLAINs the editions and entries pages' statements.
Nothing fails on a time: the exit code is 1 only when a result is WRONG or a count differs.
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

from sqlalchemy import create_engine, make_url, text  # noqa: E402

from bench.measure import ROOT, Row, table  # noqa: E402
from bench.national_rows import (  # noqa: E402
    analyse,
    explain,
    intake_row,
    measure_pages,
    page_rows,
    rank_row,
)
from bench.national_world import QUOTA, Nation, add_provinces, build_nation  # noqa: E402
from bench.rows_web import GET_REPEATS  # noqa: E402
from bench.world import judges_for  # noqa: E402
from contest.config import database_uri  # noqa: E402
from contest.extensions import db  # noqa: E402

DATABASE = "bench_national"


def fresh_database() -> str:
    """BENCH_DATABASE_URL (a bench_… database: its schema is dropped and made again), or the
    bench's own bench_national on 127.0.0.1:5432, dropped and created again."""
    given = os.environ.get("BENCH_DATABASE_URL")
    if given:
        uri = database_uri(given, "")
        name = make_url(uri).database or ""
        if not name.startswith("bench_"):
            raise SystemExit(f"BENCH_DATABASE_URL must name a bench_… database, not {name!r}")
        engine = create_engine(uri, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        return uri
    host, port = os.environ.get("BENCH_PG_HOST", "127.0.0.1"), os.environ.get("BENCH_PG_PORT",
                                                                               "5432")
    for command in ("dropdb", "createdb"):
        subprocess.run([command, "-h", host, "-p", port, *(["--if-exists"] if command ==  # noqa: S603
                        "dropdb" else []), DATABASE], check=True)
    return f"postgresql+psycopg://{host}:{port}/{DATABASE}"


def step(title: str, started: float) -> None:
    print(f"  … {title} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)


def run(folder: Path, uri: str, provinces: int, size: int, repeats: int,
        page_repeats: int = GET_REPEATS) -> tuple[list[Row], list[str], dict[str, float]]:
    """The whole bench on one database (the rank command's best of `repeats`, each page's of
    `page_repeats`): the table's rows, EXPLAIN's findings, the build times."""
    started = time.perf_counter()
    builds: dict[str, float] = {}
    nation = build_nation(folder, uri, size)
    builds["1 province"] = time.perf_counter() - started
    step("province 1 built", started)
    analyse(nation)
    at_one = measure_pages(nation, page_repeats)
    rank_one = rank_row(nation, nation.provinces[0], "1 province", repeats)
    step("measured at 1 province", started)
    began = time.perf_counter()
    add_provinces(nation, provinces)
    builds[f"provinces 2–{provinces}"] = time.perf_counter() - began
    step(f"{provinces} provinces built", started)
    analyse(nation)
    at_n = measure_pages(nation, page_repeats)
    rank_n = rank_row(nation, nation.provinces[0], f"{provinces} provinces", repeats)
    findings = explain(nation)
    step(f"measured at {provinces} provinces", started)
    rows = [*page_rows(at_one, at_n, provinces), rank_one, rank_n, intake_row(nation)]
    step("national intake", started)
    dispose(nation)
    return rows, findings, builds


def dispose(nation: Nation) -> None:
    with nation.app.app_context():
        db.session.remove()
        db.engine.dispose()


def heading(provinces: int, size: int, builds: dict[str, float]) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,  # noqa: S607
                            capture_output=True, text=True).stdout.strip()
    built = ", ".join(f"{k} {v:.0f} s" for k, v in builds.items())
    return (f"make bench-national PROVINCES={provinces} SIZE={size}: {provinces} provinces × "
            f"{size:,} entries ({provinces * size:,}), {judges_for(size)} judges and "
            f"{3 * size:,} finished sheets each ({3 * provinces * size:,}), national lists of "
            f"{QUOTA}\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}, commit {commit}; "
            f"built in {built}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--size", type=int, default=10_000, help="entries per province")
    parser.add_argument("--quick", action="store_true", help="--size 300 to try it out")
    args = parser.parse_args()
    size = 300 if args.quick else args.size
    repeats = 3 if size <= 1000 else 1
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-national-") as tmp:
        rows, findings, builds = run(Path(tmp), fresh_database(), args.provinces, size, repeats)
    print(heading(args.provinces, size, builds))
    print()
    print(table(rows))
    print("\nEXPLAIN (PostgreSQL) of the editions and entries pages' statements at "
          f"{args.provinces} provinces:")
    print("\n".join(f"  {line}" for line in findings))
    print(f"\nwhole bench {time.perf_counter() - started:.0f} s. CPU is this process's (pages, "
          "intake) or the child's (rank); a page's ratio is its CPU at N provinces ÷ at 1.")
    wrong = [r.what for r in rows if r.note.startswith("WRONG") or "DIFFERENT" in r.note]
    if wrong:
        print("WRONG or DIFFERENT: " + "; ".join(wrong))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
