"""The rows measured in child processes: the rank command, app start-up, the two imports, and
their floors (the bare Flask stack, one aggregate query)."""
from __future__ import annotations

import csv
import dataclasses
import random
import shutil
from pathlib import Path

from sqlalchemy import text

from bench.measure import Child, Row, python_child, timed
from bench.world import PER_ENTRY, World, child_env, judge_email, score_value
from contest.extensions import db

FLASK = ("-m", "flask", "--app", "contest")
STACK = ("import flask, flask_sqlalchemy, flask_login, flask_wtf, flask_babel, flask_migrate, "
         "flask_limiter, sqlalchemy; flask.Flask('floor')")
START = "from contest import create_app; create_app()"
FIELDS = 6  # bench.world.fill's edition has six fields; judge j sits on panel (j - 1) % 6
MEAN_PER_ENTRY = text("""
    SELECT a.entry_id, AVG(t.total) AS mean FROM (
        SELECT sheet_id, SUM(value) AS total FROM score GROUP BY sheet_id) AS t
    JOIN score_sheet AS s ON s.id = t.sheet_id
    JOIN assignment AS a ON a.id = s.assignment_id
    WHERE a.round = 1 AND s.status = 'final'
    GROUP BY a.entry_id ORDER BY mean DESC, a.entry_id""")


def best(runs: int, make) -> Child:
    """The run with the least CPU of a few (the machine is shared)."""
    return min((make() for _ in range(runs)), key=lambda child: child.cpu)


def floors(world: World, repeats: int) -> tuple[Child, Row, Row]:
    """The Flask stack's import (a child), and the SQL mean per entry (in-process)."""
    stack = best(repeats, lambda: python_child("-c", STACK))
    with world.app.app_context():
        engine = db.engine
        with engine.connect() as connection:
            connection.execute(MEAN_PER_ENTRY).all()  # warm the page cache
            with timed() as sql:
                means = connection.execute(MEAN_PER_ENTRY).all()
        engine.dispose()
    rows = [Row("floor: import the Flask stack, make an app (child)", stack.wall, stack.cpu,
                size=f"{stack.peak_mb:.0f} MB RSS"),
            Row("floor: SQL mean per entry, ordered (1 aggregate query)", sql.wall, sql.cpu,
                statements=1, size=f"{len(means)} rows")]
    return stack, *rows


def rank_rows(world: World, stack: Child, sql: Row, repeats: int) -> list[Row]:
    env = child_env(world.folder, world.uri)
    rank = best(repeats, lambda: python_child(
        *FLASK, "rank", str(world.edition_id), "--method", "zscore", env=env))
    lines = rank.stdout.decode().count("\n") - 1
    ok = rank.returncode == 0 and lines == world.size
    start = best(repeats, lambda: python_child("-c", START, env=env))
    return [
        Row("rank --method zscore, whole command", rank.wall, rank.cpu, size=f"{lines} rows",
            floor=f"SQL mean {sql.cpu:.3f} s + Flask stack {stack.cpu:.2f} s",
            floor_cpu=sql.cpu + stack.cpu,
            note="" if ok else f"WRONG: exit {rank.returncode}, {lines} rows "
                               f"{rank.stderr.decode()[-200:]!r}"),
        Row("app start-up, create_app() (child)", start.wall, start.cpu,
            size=f"{start.peak_mb:.0f} MB RSS", floor=f"Flask stack {stack.cpu:.2f} s",
            floor_cpu=stack.cpu,
            note="" if start.returncode == 0 else f"FAILED: {start.stderr.decode()[-200:]!r}"),
        Row("  rank's own work (command − start-up CPU)", None, max(rank.cpu - start.cpu, 0),
            floor=f"SQL mean {sql.cpu:.3f} s", floor_cpu=sql.cpu),
    ]


def write_csv(path: Path, headers: list[str], rows) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def score_lines(world: World, limit: int | None = None, judges: int = PER_ENTRY):
    """One row per (sheet, criterion): the sheet-less world's assignments, and with judges
    over its three per entry, as many more judges of the entry's panel (the import adds
    their assignments). Every sheet of the file is complete, so each is finalised."""
    rng = random.Random(7)
    for number, (entry, sheet_judges) in enumerate(_sheets(world, judges)):
        if limit is not None and number >= limit:
            return
        for judge in sheet_judges:
            for _id, code, top in world.criteria:
                value = str(score_value(rng, top)).replace(".", ",")
                yield [world.entry_codes[entry], judge_email(judge), code, value, "1", ""]


def _sheets(world: World, judges: int):
    """(entry, its judges) in the order of the world's assignments; the panel of a judge is
    every judge of the same number modulo the six fields (bench.world.fill)."""
    assigned: dict[int, list[int]] = {}
    for _a, entry, judge in world.pairs:
        assigned.setdefault(entry, []).append(judge)
    for entry, chosen in assigned.items():
        field = (chosen[0] - 1) % FIELDS
        panel = [j for j in range(1, world.judges + 1) if (j - 1) % FIELDS == field]
        extra = [j for j in panel if j not in chosen][:max(judges - len(chosen), 0)]
        yield entry, chosen[:judges] + extra


def entry_lines(size: int):
    fields = ["cntt", "co-khi", "vat-lieu", "nong-nghiep", "y-duoc", "giao-duc"]
    for n in range(1, size + 1):
        yield ["", f"Giải pháp nhập từ tệp số {n}", fields[n % len(fields)],
               f"Lê Văn Nhập {n}; Phạm Thị Tệp {n}", "", f"Công ty số {n % 300}", "", "", ""]


def _copy_database(world: World, name: str) -> World | None:
    """The same world on a copy of its SQLite file (None on another database)."""
    if not world.uri.startswith("sqlite:///"):
        return None
    with world.app.app_context():
        db.engine.dispose()  # the file is whole once no connection holds it
    copy = world.folder / name
    shutil.copyfile(world.uri.removeprefix("sqlite:///"), copy)
    return dataclasses.replace(world, uri=f"sqlite:///{copy}")


def import_row(world: World, command: str, path: Path, rows: int, what: str) -> Row:
    child = python_child(*FLASK, command, str(world.edition_id), str(path),
                      env=child_env(world.folder, world.uri))
    size = f"{rows} rows, {path.stat().st_size / 2**20:.1f} MB file, peak RSS " \
           f"{child.peak_mb:.0f} MB"
    if child.returncode != 0:
        message = child.stderr.decode(errors="replace").strip().splitlines()
        refused = message[-1] if message else f"exit {child.returncode}"
        return Row(what, child.wall, child.cpu, size=size, note=f"refused: {refused[:90]}")
    return Row(what, child.wall, child.cpu, size=size,
               note=f"{child.cpu / rows * 1000:.2f} ms CPU a row")


def import_rows(world: World, part_rows: int) -> list[Row]:
    """import-scores of every sheet (N × 3 judges × 3 criteria rows); when that file is
    refused, a part of it that the command accepts; the issue's file of 5 judges per entry
    (N × 5 × 3 rows, 150,000 at 10,000 entries) on a copy of the sheet-less database; then
    import-entries of N rows."""
    from contest.imports.entries import template_rows as entry_template
    from contest.imports.score_columns import template_rows as score_template
    folder = world.folder
    rows = []
    five = _copy_database(world, "bench-5.db")
    whole = folder / "diem.csv"
    count = write_csv(whole, score_template()[0], score_lines(world))
    rows.append(import_row(world, "import-scores", whole, count,
                           f"import-scores, {count:,} rows (all sheets)"))
    if rows[-1].note.startswith("refused"):
        part = folder / "diem-phan.csv"
        sheets = part_rows // len(world.criteria)
        count = write_csv(part, score_template()[0], score_lines(world, sheets))
        rows.append(import_row(world, "import-scores", part, count,
                               f"  import-scores, a part: {count:,} rows"))
    if five is not None:
        wide = folder / "diem-5.csv"
        count = write_csv(wide, score_template()[0], score_lines(world, judges=5))
        rows.append(import_row(five, "import-scores", wide, count,
                               f"import-scores, {count:,} rows (5 judges per entry)"))
    entries = folder / "ho-so.csv"
    count = write_csv(entries, entry_template()[0], entry_lines(world.size))
    rows.append(import_row(world, "import-entries", entries, count,
                           f"import-entries, {count:,} rows"))
    return rows

