"""A throw-away edition at scale for make bench, written with bulk inserts.

A SQLite file database built by the migrations (or the PostgreSQL database of
BENCH_DATABASE_URL) holds one technical-contest edition in its judging phase: `size` submitted
eligible entries over its six fields, judges on six panels (300, fewer for small sizes), three
judges per entry and, unless `sheets` is False, every sheet finished with a score on each of
the three criteria. Judges and authors come from different units (no conflicts of
interest). Ids are explicit, so the database must be empty apart from the migrations.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, insert, select

from bench.assign_db import new_edition
from contest import create_app
from contest.extensions import db
from contest.models import (
    Assignment,
    Author,
    Edition,
    Entry,
    EntryStatus,
    Judge,
    MemberRole,
    Membership,
    PanelMember,
    Phase,
    Role,
    Score,
    ScoreSheet,
    Screening,
    SheetStatus,
    Unit,
    UnitKind,
    User,
)
from contest.services.passwords import hash_password

PASSWORD = "bench-password-2026"  # noqa: S105 (the throw-away accounts)
ORGANISER = "btc@bench.vn"
PER_ENTRY, UNITS, SEED = 3, 400, 20260101


def judges_for(size: int) -> int:
    """300 judges for a real province; fewer, but at least 30, for the quick sizes."""
    return min(300, max(30, size // 33))


def judge_email(number: int, tag: str = "") -> str:
    """Judge `number`'s address; `tag` tells apart the judges of several provinces."""
    return f"judge{number}{tag}@bench.vn"


def organiser_email(tag: str = "") -> str:
    return ORGANISER if not tag else f"btc{tag}@bench.vn"


def bench_config(folder: Path, uri: str) -> dict:
    """What the bench's apps run with: the given database, cheap password hashes, no rate
    limits, no CSRF (the test client posts forms without reading tokens)."""
    return {"TESTING": True, "SECRET_KEY": "bench", "INSTANCE_PATH": str(folder / "instance"),
            "SQLALCHEMY_DATABASE_URI": uri, "RATELIMIT_STORAGE_URI": "memory://",
            "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False,
            "UPLOAD_FOLDER": str(folder / "uploads"), "SESSION_COOKIE_SECURE": False,
            "PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_KIB": 8}


def child_env(folder: Path, uri: str) -> dict[str, str]:
    """The same settings for `flask --app contest …` children, through CONTEST_* variables."""
    return {"CONTEST_INSTANCE_PATH": str(folder / "instance"), "CONTEST_DATABASE_URL": uri,
            "CONTEST_SECRET_KEY": "bench", "CONTEST_RATELIMIT_ENABLED": "false",
            "CONTEST_PASSWORD_HASH_TIME_COST": "1", "CONTEST_PASSWORD_HASH_MEMORY_KIB": "8"}


@dataclass
class World:
    app: Flask
    uri: str
    folder: Path
    edition_id: int
    size: int
    judges: int
    criteria: list[tuple[int, str, Decimal]]  # id, code, max score
    entry_codes: dict[int, str]
    pairs: list[tuple[int, int, int]]  # assignment id, entry id, judge number
    sheets: bool
    tag: str = ""  # judge_email(number, tag), organiser_email(tag)
    organiser_id: int = 1
    judge_base: int = 0  # judge number n is the Judge row judge_base + n


def build_world(folder: Path, size: int, *, uri: str | None = None,
                sheets: bool = True) -> World:
    """Migrate an empty database and fill it; the app is returned with no context pushed."""
    folder.mkdir(parents=True, exist_ok=True)
    uri = uri or f"sqlite:///{folder}/bench.db"
    app = create_app(bench_config(folder, uri))
    with app.app_context():
        upgrade()
        world = fill(app, uri, folder, size, sheets)
        db.session.commit()
        db.session.remove()
    return world


@dataclass(frozen=True)
class Base:
    """The ids already taken in each table: a world written after others numbers on."""

    unit: int = 0
    user: int = 0
    judge: int = 0
    entry: int = 0
    assignment: int = 0

    @classmethod
    def taken(cls) -> Base:
        return cls(*(db.session.scalar(select(func.coalesce(func.max(model.id), 0)))
                     for model in (Unit, User, Judge, Entry, Assignment)))


def fill(app: Flask, uri: str, folder: Path, size: int, sheets: bool, *,
         edition_id: int | None = None, organisation_id: int | None = None,
         tag: str = "") -> World:
    """Write the edition's world; by default a new technical edition of the one organisation
    in an empty database. With `edition_id` (an edition of `organisation_id`), ids number on
    after those taken and the people's addresses carry `tag`."""
    rng = random.Random(SEED)
    base = Base.taken()
    edition_id = edition_id or new_edition()
    edition = db.session.get(Edition, edition_id)
    fields = [f.id for f in edition.fields]
    criteria = [(c.id, c.code, c.max_score) for c in edition.criteria]
    count = judges_for(size)
    password = hash_password(PASSWORD)
    now = datetime.now(UTC)
    db.session.execute(insert(Unit), [
        {"id": base.unit + u, "name": f"Đơn vị {u}", "search_name": f"don vi {u}",
         "kind": UnitKind.SCHOOL, "organisation_id": organisation_id}
        for u in range(1, UNITS + 1)])
    organiser_id = base.user + 1
    db.session.execute(insert(User), [
        {"id": organiser_id, "email": organiser_email(tag), "full_name": "Ban tổ chức",
         "search_name": "ban to chuc", "role": Role.ORGANIZER, "password_hash": password,
         "email_verified_at": now},
        *({"id": organiser_id + j, "email": judge_email(j, tag), "full_name": f"Giám khảo {j}",
           "search_name": f"giam khao {j} {judge_email(j, tag)}", "role": Role.JUDGE,
           "unit_id": base.unit + rng.randint(1, UNITS // 2), "password_hash": password,
           "email_verified_at": now} for j in range(1, count + 1))])
    # Organisers act within the organisations they are members of (issue 13).
    db.session.execute(insert(Membership), [
        {"user_id": organiser_id, "organisation_id": edition.contest.organisation_id,
         "role": MemberRole.ORGANIZER}])
    db.session.execute(insert(Judge), [
        {"id": base.judge + j, "edition_id": edition_id, "user_id": organiser_id + j}
        for j in range(1, count + 1)])
    panels = {f: [j for j in range(1, count + 1) if (j - 1) % len(fields) == i]
              for i, f in enumerate(fields)}
    db.session.execute(insert(PanelMember), [
        {"judge_id": base.judge + j, "field_id": f, "round": 1}
        for f, judges in panels.items() for j in judges])
    codes = {base.entry + e: f"KT-{e:05d}" for e in range(1, size + 1)}
    db.session.execute(insert(Entry), [
        {"id": e, "edition_id": edition_id, "code": codes[e],
         "title": f"Giải pháp nâng cao hiệu quả sản xuất số {e - base.entry}",
         "status": EntryStatus.SUBMITTED, "screening": Screening.ELIGIBLE,
         "field_id": fields[(e - base.entry - 1) % len(fields)], "submitted_at": now,
         "summary": "Tóm tắt giải pháp. " * 10} for e in codes])
    db.session.execute(insert(Author), [
        {"entry_id": e, "position": p, "full_name": f"Nguyễn Thị Tác Giả {e}-{p}",
         "search_name": f"nguyen thi tac gia {e}-{p}",
         "unit_id": base.unit + rng.randint(UNITS // 2 + 1, UNITS)}
        for e in codes for p in (1, 2)])
    pairs, seen = [], dict.fromkeys(fields, 0)
    for e in codes:
        field_id = fields[(e - base.entry - 1) % len(fields)]
        panel, n = panels[field_id], seen[field_id]
        seen[field_id] += 1
        for t in range(PER_ENTRY):
            pairs.append((base.assignment + len(pairs) + 1, e,
                          panel[(n * PER_ENTRY + t) % len(panel)]))
    db.session.execute(insert(Assignment), [
        {"id": a, "entry_id": e, "judge_id": base.judge + j, "round": 1} for a, e, j in pairs])
    if sheets:
        write_sheets(pairs, criteria, rng, now)
    edition.phase = Phase.JUDGING
    edition.entry_seq = size
    db.session.flush()
    return World(app, uri, folder, edition_id, size, count, criteria, codes, pairs, sheets,
                 tag=tag, organiser_id=organiser_id, judge_base=base.judge)


def score_value(rng: random.Random, top: Decimal) -> Decimal:
    """A score on the criterion's 0.5 step, mostly in the upper half."""
    return Decimal(round(rng.uniform(0.35, 1.0) * float(top) * 2)) / 2


def write_sheets(pairs, criteria, rng: random.Random, now: datetime) -> None:
    db.session.execute(insert(ScoreSheet), [
        {"id": a, "assignment_id": a, "status": SheetStatus.FINAL, "finalised_at": now,
         "version": 2} for a, _e, _j in pairs])
    rows, chunk = [], 20_000
    for a, _e, _j in pairs:
        for criterion_id, _code, top in criteria:
            rows.append({"sheet_id": a, "criterion_id": criterion_id,
                         "value": score_value(rng, top)})
            if len(rows) >= chunk:
                db.session.execute(insert(Score), rows)
                rows = []
    if rows:
        db.session.execute(insert(Score), rows)
