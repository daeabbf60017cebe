"""The generated contest of bench/assign.py written to a fresh database with bulk inserts.

Ids are given explicitly (units, users and judges 1.., entries 1..) so the plain contest's
numbers are the database's: the database must be empty apart from the migrations.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select

from contest.extensions import db
from contest.models import (
    Assignment,
    Author,
    Contest,
    ContestKind,
    Edition,
    Entry,
    EntryStatus,
    Judge,
    PanelMember,
    Role,
    Screening,
    Unit,
    UnitKind,
    User,
)
from contest.services.demo_data import CONTESTS, ORGANISER
from contest.services.editions import create_edition
from contest.services.organisations import default_organisation

if TYPE_CHECKING:
    from bench.assign import Contest as PlainContest


def new_edition() -> int:
    """A technical-contest edition: its six default fields are the bench's six panels."""
    kind, name, prefix, description = next(c for c in CONTESTS if c[0] == ContestKind.TECHNICAL)
    contest = Contest(kind=kind, name=name, organiser=ORGANISER, code_prefix=prefix,
                      description=description, organisation=default_organisation())
    db.session.add(contest)
    db.session.flush()
    edition = create_edition(contest=contest, number=1, year_label="2025–2026")
    edition.judges_per_entry = 3
    db.session.flush()
    return edition.id


def load_contest(edition_id: int, contest: PlainContest) -> dict[int, list[int]]:
    """Insert units, judges with their panels, submitted eligible entries and their authors;
    return the panels keyed by the database's field ids."""
    edition = db.session.get(Edition, edition_id)
    field_ids = {number: field.id for number, field in enumerate(edition.fields, start=1)}
    units = sorted({*contest.judge_unit.values(),
                    *(u for units in contest.entry_units.values() for u in units)})
    db.session.execute(insert(Unit), [
        {"id": u, "name": f"Đơn vị {u}", "search_name": f"don vi {u}", "kind": UnitKind.SCHOOL}
        for u in units])
    db.session.execute(insert(User), [
        {"id": j, "email": f"judge{j}@bench.vn", "full_name": f"Giám khảo {j}",
         "search_name": f"giam khao {j} judge{j}@bench.vn", "role": Role.JUDGE, "unit_id": u}
        for j, u in contest.judge_unit.items()])
    db.session.execute(insert(Judge), [
        {"id": j, "edition_id": edition_id, "user_id": j} for j in contest.judge_unit])
    db.session.execute(insert(PanelMember), [
        {"judge_id": j, "field_id": field_ids[f], "round": 1}
        for f, judges in contest.panels.items() for j in judges])
    db.session.execute(insert(Entry), [
        {"id": e, "edition_id": edition_id, "code": f"B{e:05d}", "title": f"Giải pháp {e}",
         "status": EntryStatus.SUBMITTED, "screening": Screening.ELIGIBLE,
         "field_id": field_ids[f]}
        for e, f in contest.entry_field.items()])
    db.session.execute(insert(Author), [
        {"entry_id": e, "position": position, "full_name": f"Tác giả {e}-{position}",
         "search_name": f"tac gia {e}-{position}", "unit_id": u}
        for e, units in contest.entry_units.items()
        for position, u in enumerate(units, start=1)])
    return {field_ids[f]: judges for f, judges in contest.panels.items()}


def wipe_assignments(edition_id: int) -> None:
    judges = select(Judge.id).where(Judge.edition_id == edition_id)
    db.session.execute(delete(Assignment).where(Assignment.judge_id.in_(judges)))
    db.session.commit()


def stored_pairs(edition_id: int) -> list[tuple[int, int]]:
    """(entry id, judge id) of the round-one assignments as stored."""
    return [tuple(row) for row in db.session.execute(
        select(Assignment.entry_id, Assignment.judge_id).join(Judge).where(
            Judge.edition_id == edition_id, Assignment.round == 1))]
