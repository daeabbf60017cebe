"""The world of make bench-national: a national body and its provinces, written in bulk.

Each province is an organisation with its youth contest and one provincial edition in its
judging phase, filled by bench/world.py's `fill` (SIZE submitted entries, judges on panels,
three finished sheets an entry), its organiser and judges members of it, and a national list
of QUOTA entries each with one small PDF in the uploads (so the intake copies and checks a
file an entry). The national body's youth edition is fed by every province (quota 20 each).
Province 1 also has a stored ranking run chosen as its results, so that its results and
national-list pages show a ranking; provinces are added after it without changing it.
"""
from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import insert, select, text

from bench.world import PASSWORD, World, bench_config, fill, organiser_email
from contest import create_app
from contest.extensions import db
from contest.models import (
    Attachment,
    AttachmentKind,
    Contest,
    ContestKind,
    Edition,
    Entry,
    Judge,
    MemberRole,
    Membership,
    NationalPick,
    Organisation,
    OrganisationKind,
    Phase,
    Role,
    User,
)
from contest.services.demo_data import CONTESTS
from contest.services.editions import create_edition
from contest.services.national_feeds import set_feed
from contest.services.organisations import create_organisation
from contest.services.passwords import hash_password
from contest.services.results import mark_provisional, run_ranking

QUOTA = 20
# The 34 provinces and cities since 1 July 2025: the six cities first, then the provinces.
PROVINCES = (
    "Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ", "Lai Châu",
    "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
    "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
    "Ninh Bình", "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk",
    "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang")
EXPLICIT_IDS = ("unit", "user", "judge", "entry", "assignment", "score_sheet")  # bench.world
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def code_of(name: str) -> str:
    """The organisation's short code: the name without accents, words joined by hyphens."""
    plain = unicodedata.normalize("NFKD", name.replace("Đ", "D").replace("đ", "d"))
    return "-".join("".join(c for c in plain if c.isascii()).lower().split())


@dataclass
class Province:
    number: int
    organisation_id: int
    world: World
    files: int = 0  # the PDFs written for its national list


@dataclass
class Nation:
    app: Flask
    uri: str
    folder: Path
    size: int
    national_id: int
    national_edition_id: int
    national_organiser: str
    provinces: list[Province] = field(default_factory=list)


def build_nation(folder: Path, uri: str, size: int) -> Nation:
    """Migrate the empty database, make the national body, its youth edition and province 1."""
    folder.mkdir(parents=True, exist_ok=True)
    app = create_app(bench_config(folder, uri))
    with app.app_context():
        upgrade()
        national = create_organisation(code="vusta", name="Liên hiệp các Hội Khoa học và Kỹ "
                                       "thuật Việt Nam", kind=OrganisationKind.NATIONAL)
        edition = youth_edition(national, "toàn quốc")
        edition.phase = Phase.OPEN
        db.session.commit()
        nation = Nation(app, uri, folder, size, national.id, edition.id, "")
    add_provinces(nation, 1)
    with app.app_context():
        national_staff(nation)
        rank_first(nation)
        db.session.commit()
        db.session.remove()
    return nation


def youth_edition(organisation: Organisation, place: str) -> Edition:
    kind, name, prefix, description = next(c for c in CONTESTS if c[0] == ContestKind.YOUTH)
    contest = Contest(kind=kind, name=name.replace("tỉnh Vĩnh Long", place), code_prefix=prefix,
                      organiser=organisation.name, description=description,
                      organisation=organisation)
    db.session.add(contest)
    db.session.flush()
    edition = create_edition(contest=contest, number=1, year_label="2025–2026")
    edition.judges_per_entry = 3
    db.session.flush()
    return edition


def add_provinces(nation: Nation, up_to: int) -> None:
    """Write provinces len(nation.provinces) + 1 … up_to, one commit each."""
    with nation.app.app_context():
        national = db.session.get(Organisation, nation.national_id)
        national_edition = db.session.get(Edition, nation.national_edition_id)
        for number in range(len(nation.provinces) + 1, up_to + 1):
            name = PROVINCES[(number - 1) % len(PROVINCES)]
            suffix = "" if number <= len(PROVINCES) else f" {number}"
            organisation = create_organisation(
                code=f"{code_of(name)}{suffix.strip() and '-' + suffix.strip()}",
                name=f"Liên hiệp các Hội Khoa học và Kỹ thuật {name}{suffix}",
                kind=OrganisationKind.PROVINCIAL, parent=national)
            edition = youth_edition(organisation, name)
            world = fill(nation.app, nation.uri, nation.folder, nation.size, True,
                         edition_id=edition.id, organisation_id=organisation.id,
                         tag=f"-p{number}")
            members(organisation.id, world)
            sequences_on()
            set_feed(national_edition=national_edition, province=organisation,
                     provincial_edition=edition, quota=QUOTA, field_quotas={}, actor=None)
            province = Province(number, organisation.id, world)
            province.files = national_list(nation, edition)
            nation.provinces.append(province)
            db.session.commit()
        db.session.remove()


def sequences_on() -> None:
    """After rows written with explicit ids, PostgreSQL's id sequences go on after them."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in EXPLICIT_IDS:
        statement = (f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                     f"(SELECT max(id) FROM \"{table}\"))")  # the bench's own table names
        db.session.execute(text(statement))


def members(organisation_id: int, world: World) -> None:
    """Every judge holds the judge's role in the province (fill made the organiser a member)."""
    judges = db.session.scalars(select(Judge.user_id).where(
        Judge.edition_id == world.edition_id)).all()
    db.session.execute(insert(Membership), [
        {"user_id": u, "organisation_id": organisation_id, "role": MemberRole.JUDGE}
        for u in judges])


def national_list(nation: Nation, edition: Edition) -> int:
    """QUOTA picks (the first entries, over every field), each with one small PDF; unlocked."""
    entries = db.session.scalars(select(Entry.id).where(Entry.edition_id == edition.id)
                                 .order_by(Entry.id).limit(QUOTA)).all()
    folder = nation.folder / "uploads" / str(edition.id)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for entry_id in entries:
        data = PDF + f"% entry {entry_id}\n".encode()
        stored = f"{secrets.token_hex(16)}.pdf"
        (folder / stored).write_bytes(data)
        rows.append({"entry_id": entry_id, "kind": AttachmentKind.DESCRIPTION_PDF,
                     "original_name": "thuyet-minh.pdf", "stored_name": stored,
                     "content_type": "application/pdf", "size": len(data),
                     "sha256": hashlib.sha256(data).hexdigest()})
    db.session.execute(insert(Attachment), rows)
    db.session.execute(insert(NationalPick), [
        {"edition_id": edition.id, "entry_id": e, "position": p, "proposed": True, "reason": ""}
        for p, e in enumerate(entries, start=1)])
    return len(rows)


def national_staff(nation: Nation) -> None:
    """The national body's organiser (a member of it), to measure its intake page."""
    user = User(email=organiser_email("-vusta"), full_name="Ban tổ chức toàn quốc",
                search_name="ban to chuc toan quoc", role=Role.ORGANIZER,
                password_hash=hash_password(PASSWORD), email_verified_at=datetime.now(UTC))
    db.session.add(user)
    db.session.flush()
    db.session.add(Membership(user_id=user.id, organisation_id=nation.national_id,
                              role=MemberRole.ORGANIZER))
    nation.national_organiser = user.email


def rank_first(nation: Nation) -> None:
    """Province 1's zscore ranking stored and chosen as its results."""
    edition = db.session.get(Edition, nation.provinces[0].world.edition_id)
    run = run_ranking(edition=edition, round_number=1, method="zscore", actor=None)
    mark_provisional(edition=edition, run=run, actor=None)
