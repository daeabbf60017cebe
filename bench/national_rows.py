"""The figures of make bench-national: province 1's organiser pages (and the national
organiser's intake page) through the test client with their statements, the provincial rank
command in a child, the national intake of every province's locked list, and EXPLAIN of the
statements the editions and entries pages run."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event, func, select, text

from bench.measure import Row, counted, python_child, timed
from bench.national_world import Nation, Province
from bench.rows_cli import FLASK, STACK, best
from bench.rows_web import GET_REPEATS, checked, mb, measure
from bench.world import PASSWORD, child_env, organiser_email
from contest.extensions import db
from contest.models import Attachment, Edition, Entry, EntryOrigin, User
from contest.services.national import lock_national

# The pages of one province's organiser: (label, address with {e} for its edition).
PAGES = (
    ("dashboard", "/organizer/"),
    ("editions list", "/organizer/editions"),
    ("entries list", "/organizer/editions/{e}/entries"),
    ("judges list", "/organizer/editions/{e}/judges"),
    ("judging progress", "/organizer/editions/{e}/judging"),
    ("results", "/organizer/editions/{e}/results"),
    ("national list", "/organizer/editions/{e}/national"),
    ("users", "/organizer/users"),
    ("audit log", "/organizer/audit"),
    ("mail outbox", "/organizer/mail"),
)
INTAKE_PAGE = ("national intake (national organiser)", "/organizer/editions/{n}/national-intake")
EDITION_MEAN = text("""
    SELECT a.entry_id, AVG(t.total) AS mean FROM (
        SELECT sheet_id, SUM(value) AS total FROM score GROUP BY sheet_id) AS t
    JOIN score_sheet AS s ON s.id = t.sheet_id
    JOIN assignment AS a ON a.id = s.assignment_id
    JOIN judge AS j ON j.id = a.judge_id
    WHERE j.edition_id = :edition AND a.round = 1 AND s.status = 'final'
    GROUP BY a.entry_id ORDER BY mean DESC, a.entry_id""")
BIG_TABLES = ("entry", "author", "assignment", "score_sheet", "score", "judge", "attachment")


@dataclass
class Page:
    label: str
    wall: float
    cpu: float
    statements: int
    size: str
    note: str


def signed_in(app, email: str):
    client = app.test_client()
    answer = client.post("/login", data={"email": email, "password": PASSWORD})
    if answer.status_code != 302:
        raise RuntimeError(f"{email} could not sign in ({answer.status_code})")
    return client


def analyse(nation: Nation) -> None:
    """Fresh planner statistics after the bulk writes (autovacuum may not have come by)."""
    with nation.app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text("ANALYZE"))


def measure_pages(nation: Nation, repeats: int = GET_REPEATS) -> list[Page]:
    """Every organiser list page of province 1, and the national organiser's intake page: the
    least CPU of `repeats` requests after a warm-up one."""
    province = nation.provinces[0]
    world = province.world
    client = signed_in(nation.app, organiser_email(world.tag))
    national = signed_in(nation.app, nation.national_organiser)
    targets = [(label, client, path.format(e=world.edition_id)) for label, path in PAGES]
    targets.append((INTAKE_PAGE[0], national, INTAKE_PAGE[1].format(n=nation.national_edition_id)))
    pages = []
    for label, who, path in targets:
        who.get(path)  # templates and caches warm
        timing, statements, answer = measure(world, repeats,
                                             lambda who=who, path=path: who.get(path))
        pages.append(Page(label, timing.wall, timing.cpu, statements.count,
                          f"{mb(answer.data)} HTML", checked(answer, path)))
    return pages


def page_rows(at_one: list[Page], at_n: list[Page], n: int) -> list[Row]:
    """One row per page and count of provinces; a statement count that differs is flagged."""
    rows = []
    for one, many in zip(at_one, at_n, strict=True):
        same = one.statements == many.statements
        flag = "" if same else f"DIFFERENT: {one.statements} at 1, {many.statements} at {n}"
        rows.append(Row(f"{one.label}, 1 province", one.wall, one.cpu, one.statements,
                        one.size, note=one.note))
        rows.append(Row(f"{many.label}, {n} provinces", many.wall, many.cpu, many.statements,
                        many.size, floor=f"1 province: {one.cpu:.3f} s", floor_cpu=one.cpu,
                        note="; ".join(filter(None, [many.note, flag])) or "same statements"))
    return rows


def rank_row(nation: Nation, province: Province, label: str, repeats: int) -> Row:
    """`flask rank EDITION --method zscore` in a child, beside the Flask stack's import and
    the edition's SQL mean per entry."""
    world = province.world
    env = child_env(nation.folder, nation.uri)
    stack = best(repeats, lambda: python_child("-c", STACK))
    with nation.app.app_context(), db.engine.connect() as connection:
        connection.execute(EDITION_MEAN, {"edition": world.edition_id}).all()
        with timed() as sql:
            means = connection.execute(EDITION_MEAN, {"edition": world.edition_id}).all()
    rank = best(repeats, lambda: python_child(
        *FLASK, "rank", str(world.edition_id), "--method", "zscore", env=env))
    lines = rank.stdout.decode().count("\n") - 1
    ok = rank.returncode == 0 and lines == world.size == len(means)
    return Row(f"rank --method zscore, whole command, {label}", rank.wall, rank.cpu,
               size=f"{lines} rows, {rank.peak_mb:.0f} MB RSS",
               floor=f"SQL mean {sql.cpu:.3f} s + Flask stack {stack.cpu:.2f} s",
               floor_cpu=sql.cpu + stack.cpu,
               note="" if ok else f"WRONG: exit {rank.returncode}, {lines} rows "
                                  f"{rank.stderr.decode()[-200:]!r}")


def intake_row(nation: Nation) -> Row:
    """Lock every province's national list through the service, one commit each (as the lock
    POST does); then count the arrivals and check each copied file's sha256 on disk."""
    with nation.app.app_context():
        engine = db.engine
        with counted(engine) as statements, timed() as timing:
            for province in nation.provinces:
                edition = db.session.get(Edition, province.world.edition_id)
                actor = db.session.get(User, province.world.organiser_id)
                lock_national(edition=edition, actor=actor, now=datetime.now(UTC))
                db.session.commit()
        arrived = db.session.scalar(select(func.count(EntryOrigin.id)).where(
            EntryOrigin.national_edition_id == nation.national_edition_id))
        files = db.session.execute(select(Attachment.stored_name, Attachment.sha256).join(
            Entry).where(Entry.edition_id == nation.national_edition_id)).all()
        folder = Path(nation.app.config["UPLOAD_FOLDER"]) / str(nation.national_edition_id)
        intact = sum(hashlib.sha256((folder / name).read_bytes()).hexdigest() == sha
                     for name, sha in files if (folder / name).is_file())
        db.session.remove()
    sent = sum(p.files for p in nation.provinces)
    expected = len(nation.provinces) * 20
    wrong = [] if arrived == expected and intact == len(files) == sent else [
        f"WRONG: {arrived} of {expected} arrived, {intact} of {sent} files intact"]
    return Row(f"national intake: lock {len(nation.provinces)} lists × 20 (service, a commit "
               "each)", timing.wall, timing.cpu, statements.count,
               f"{arrived} entries, {len(files)} files copied", note="; ".join(wrong) or
               f"{intact} sha256 checked on disk; {timing.wall / len(nation.provinces):.3f} s "
               "a province")


def explain(nation: Nation) -> list[str]:
    """EXPLAIN every statement of province 1's editions and entries pages (PostgreSQL): the
    sequential scans over a big table, or nothing when every one uses an index."""
    province = nation.provinces[0]
    client = signed_in(nation.app, organiser_email(province.world.tag))
    with nation.app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        return ["EXPLAIN skipped: not PostgreSQL"]
    seen: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    findings = []
    for label, path in (PAGES[1], PAGES[2]):
        seen.clear()
        event.listen(engine, "before_cursor_execute", keep)
        try:
            client.get(path.format(e=province.world.edition_id))
        finally:
            event.remove(engine, "before_cursor_execute", keep)
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            for statement, parameters in seen:
                cursor.execute("EXPLAIN " + statement, parameters)
                plan = [line for (line,) in cursor.fetchall()]
                scans = [f"{line.strip()} {after.strip()}" for line, after in
                         zip(plan, [*plan[1:], ""], strict=True)
                         if any(f"Seq Scan on {t} " in line for t in BIG_TABLES)]
                if scans:
                    findings.append(f"{label}: {' '.join(statement.split())[:110]}…\n    "
                                    + "\n    ".join(scans))
        finally:
            raw.close()
        findings.append(f"{label}: {len(seen)} statements explained")
    return findings
