"""A technical edition being judged and the file builders the score import tests share."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.imports.entries import ImportRejected
from contest.imports.reader import read_table
from contest.imports.schema import RowError
from contest.imports.scores import import_scores
from contest.models import (
    Assignment,
    Author,
    Edition,
    Entry,
    EntryStatus,
    Judge,
    ScoreSheet,
    Screening,
    Unit,
)
from contest.services.assignments import add_assignment
from contest.services.scoring import ScoreInput, finalise_sheet, save_sheet
from contest.services.submission import next_entry_code

HEADER = "Mã hồ sơ,E-mail giám khảo,Mã tiêu chí,Điểm,Vòng,Nhận xét"


@dataclass
class Judging:
    """A technical edition in its judging phase: criteria moi 30, ap-dung 35, hieu-qua 35."""

    edition: Edition
    entries: list[Entry]  # A, B eligible; C from gk2's unit; D screened out; E a draft
    judges: list[Judge]  # gk0, gk1 on the panel; gk2 shares a unit with entry C


def make_entry(edition: Edition, number: int, *, unit: Unit | None = None,
               status: EntryStatus = EntryStatus.SUBMITTED,
               screening: Screening = Screening.PENDING) -> Entry:
    entry = Entry(edition=edition, field=edition.fields[0], title=f"Giải pháp {number}",
                  status=status, screening=screening, submitted_at=clock.now())
    entry.code = next_entry_code(edition)
    entry.authors = [Author(position=1, full_name=f"Trần Văn Tác Giả {number}", unit=unit)]
    db.session.add(entry)
    db.session.flush()
    return entry


def csv_table(*lines: str, name: str = "phieu-cham.csv"):
    return read_table(("\ufeff" + "\n".join([HEADER, *lines]) + "\n").encode("utf-8"), name)


def sheet_rows(entry: Entry, email: str, scores: dict[str, str], round_: str = "") -> list[str]:
    return [f"{entry.code},{email},{code},\"{score}\",{round_}," for code, score in scores.items()]


def rejected_errors(edition: Edition, table) -> list[RowError]:
    with pytest.raises(ImportRejected) as rejected:
        import_scores(edition=edition, actor=None, table=table)
    db.session.rollback()
    return rejected.value.errors


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def sheet_of(entry: Entry, judge: Judge, round_: int = 1) -> ScoreSheet | None:
    return db.session.scalar(select(ScoreSheet).join(Assignment).where(
        Assignment.entry_id == entry.id, Assignment.judge_id == judge.id,
        Assignment.round == round_))


def judge_saves_online(judging, entry: Entry, judge: Judge, scores: dict[str, str], *,
                       finalise: bool = False) -> ScoreSheet:
    """The judge's own sheet on the web: assigned, saved as a draft, perhaps finalised."""
    assignment = add_assignment(entry=entry, judge=judge, round_number=1, actor=None)
    criteria = {c.code: c.id for c in judging.edition.criteria}
    sheet = save_sheet(assignment=assignment, actor=judge.user, expected_version=0, now=clock.now(),
                       scores={criteria[code]: ScoreInput(value, f"Ghi chú {code}")
                               for code, value in scores.items()}, comment="Bản nháp của tôi")
    if finalise:
        finalise_sheet(assignment=assignment, actor=judge.user, now=clock.now())
    db.session.commit()
    return sheet


def stored(sheet: ScoreSheet) -> tuple:
    db.session.refresh(sheet)
    return ({s.criterion.code: (s.value, s.comment) for s in sheet.scores}, sheet.comment,
            sheet.status, sheet.version, sheet.on_paper)
