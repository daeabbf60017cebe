"""The columns of the scores file, their parsers, and the data they are checked against."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from contest.extensions import db
from contest.imports import cells
from contest.imports.reader import Cell, Table
from contest.imports.schema import (
    CellError,
    Column,
    Spec,
    as_text,
    match_headers,
)
from contest.models import (
    Assignment,
    Conflict,
    Criterion,
    Edition,
    Entry,
    EntryStatus,
    Judge,
    Score,
    ScoreSheet,
    Screening,
    SheetStatus,
)
from contest.services import DomainError
from contest.services.assignments import units_by_entry
from contest.services.scoring import parse_score, scoring_problem

LOOKUP_BATCH = 500
SheetKey = tuple[int, int, int]  # entry id, judge id, round


@dataclass(frozen=True)
class Placed:
    """An assignment already in the database and its sheet, if any (plain values)."""

    id: int
    sheet_id: int | None
    status: SheetStatus | None
    on_paper: bool
    version: int
    scores: int  # the sheet's filled-in scores

    @property
    def has_sheet(self) -> bool:
        return self.sheet_id is not None


@dataclass
class ScoresContext:
    """What the checks need to know, loaded once per file in a fixed number of queries
    (one more per LOOKUP_BATCH entries of the file)."""

    edition: Edition
    entries: dict[str, Entry]  # the file's entries, by upper-case code
    judges: dict[str, Judge]  # by lower-case e-mail
    criteria: dict[str, Criterion]  # by lower-case code
    assignments: dict[SheetKey, Placed]  # existing ones of the file's entries
    units: dict[int, frozenset[int]]  # each entry's units (judging.conflicts.entry_units)
    declared: set[tuple[int, int]]  # (judge id, entry id) of the declared conflicts


def parse_entry(value: Cell, context: ScoresContext) -> Entry:
    """An entry of the edition that can be judged: submitted, not screened out."""
    code = as_text(value)
    entry = context.entries.get(code.upper())
    if entry is None:
        raise CellError(_l("Không có hồ sơ mã “%(code)s” trong cuộc thi này.", code=code))
    if entry.status == EntryStatus.DRAFT:
        raise CellError(_l("Hồ sơ %(code)s chưa nộp; không chấm điểm được.", code=entry.code))
    if entry.status == EntryStatus.WITHDRAWN:
        raise CellError(_l("Hồ sơ %(code)s đã rút; không chấm điểm được.", code=entry.code))
    if entry.screening == Screening.INELIGIBLE:
        raise CellError(_l("Hồ sơ %(code)s không đủ điều kiện khi thẩm định; không chấm điểm "
                           "được.", code=entry.code))
    return entry


def parse_judge(value: Cell, context: ScoresContext) -> Judge:
    judge = context.judges.get(as_text(value).lower())  # a judge's address as stored: valid
    if judge is not None:
        return judge
    email = cells.email(value)
    judge = context.judges.get(email.lower())
    if judge is None:
        raise CellError(_l("%(email)s không phải giám khảo của lần tổ chức này.", email=email))
    return judge


def parse_criterion(value: Cell, context: ScoresContext) -> Criterion:
    code = as_text(value)
    criterion = context.criteria.get(code.lower())
    if criterion is None:
        raise CellError(_l("Mã tiêu chí “%(code)s” không có trong cuộc thi này. Các mã dùng "
                           "được: %(codes)s.", code=code,
                           codes=", ".join(c.code for c in context.edition.criteria)))
    return criterion


def parse_round(value: Cell, context: ScoresContext) -> int:
    raw = as_text(value)
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3) or \
            not 1 <= int(raw) <= context.edition.rounds:  # "²" is a digit, 400 nines too long
        raise CellError(_l("Không có vòng “%(value)s”: lần tổ chức này chấm %(n)s vòng.",
                           value=raw, n=context.edition.rounds))
    return int(raw)


COLUMNS = (
    Column("entry_code", "Mã hồ sơ", required=True, parse=parse_entry, example="TTN-2026-0001",
           aliases=("Mã",)),
    Column("judge_email", "E-mail giám khảo", required=True, parse=parse_judge,
           example="hoa.le@example.vn", aliases=("E-mail", "Giám khảo")),
    Column("criterion_code", "Mã tiêu chí", required=True, parse=parse_criterion,
           example="moi", aliases=("Tiêu chí",)),
    # Checked against the row's criterion by check_score_row: the cell is kept as written.
    Column("score", "Điểm", required=True, example="27,5", aliases=("Điểm số",)),
    Column("round", "Vòng", parse=parse_round, example="1", aliases=("Vòng chấm",)),
    Column("comment", "Nhận xét", parse=cells.text(2000),
           example="Ý tưởng mới, cần thử nghiệm thêm ngoài thực tế.", aliases=("Ghi chú",)),
)


def check_score_row(values: dict[str, Any], context: ScoresContext
                    ) -> Iterator[tuple[str, str]]:
    """The score against its criterion, with the judge's form's own messages."""
    criterion, raw = values.get("criterion_code"), values.get("score")
    if criterion is not None and raw is not None:
        try:
            parse_score(raw, criterion)
        except ValueError as error:
            yield "score", str(error)


SPEC = Spec(COLUMNS, check_row=check_score_row)

# The preview shows one line per sheet (the row number is the sheet's first row).
PREVIEW_COLUMNS = (
    Column("entry", "Mã hồ sơ"),
    Column("judge", "Giám khảo"),
    Column("round", "Vòng"),
    Column("total", "Tổng điểm"),
    Column("outcome", "Phiếu chấm"),
    Column("missing", "Sau khi nhập"),
    Column("new_assignment", "Phân công"),
)


def template_rows() -> tuple[list[str], list[list[str]]]:
    """The downloadable template: Vietnamese column titles and one example row."""
    return [c.title for c in COLUMNS], [[c.example for c in COLUMNS]]


def load_context(edition: Edition, table: Table) -> ScoresContext:
    problem = scoring_problem(edition, edition.current_round)  # the round: row by row
    if problem is not None:
        raise DomainError(problem)
    codes = sorted(file_codes(table))
    entries: dict[str, Entry] = {}
    for start in range(0, len(codes), LOOKUP_BATCH):
        entries.update((entry.code.upper(), entry) for entry in db.session.scalars(
            select(Entry).where(Entry.edition_id == edition.id,
                                func.upper(Entry.code).in_(codes[start:start + LOOKUP_BATCH]))))
    judges = db.session.scalars(select(Judge).options(joinedload(Judge.user)).where(
        Judge.edition_id == edition.id)).all()
    ids = sorted(entry.id for entry in entries.values())
    assignments: dict[SheetKey, Placed] = {}
    for start in range(0, len(ids), LOOKUP_BATCH):
        assignments.update(_placed(ids[start:start + LOOKUP_BATCH]))
    declared = db.session.execute(select(Conflict.judge_id, Conflict.entry_id).join(Judge).where(
        Judge.edition_id == edition.id))
    return ScoresContext(
        edition=edition, entries=entries,
        judges={judge.user.email.lower(): judge for judge in judges},
        criteria={c.code.lower(): c for c in edition.criteria},
        assignments=assignments, units=units_by_entry(edition, list(entries.values())),
        declared={(judge_id, entry_id) for judge_id, entry_id in declared})


def _placed(entry_ids: list[int]) -> Iterator[tuple[SheetKey, Placed]]:
    """The assignments of these entries, each with its sheet's state and filled-in scores."""
    filled = func.count(Score.id)
    for row in db.session.execute(
            select(Assignment.id, Assignment.entry_id, Assignment.judge_id, Assignment.round,
                   ScoreSheet.id.label("sheet_id"), ScoreSheet.status, ScoreSheet.on_paper,
                   ScoreSheet.version, filled.label("filled"))
            .outerjoin(ScoreSheet, ScoreSheet.assignment_id == Assignment.id)
            .outerjoin(Score, and_(Score.sheet_id == ScoreSheet.id, Score.value.is_not(None)))
            .where(Assignment.entry_id.in_(entry_ids))
            .group_by(Assignment.id, ScoreSheet.id)):
        yield (row.entry_id, row.judge_id, row.round), Placed(
            id=row.id, sheet_id=row.sheet_id, status=row.status, on_paper=bool(row.on_paper),
            version=row.version or 0, scores=row.filled)


def file_codes(table: Table) -> set[str]:
    """The upper-case entry codes the file mentions, so that only those entries are loaded."""
    positions, _errors = match_headers(table, SPEC)
    index = next((i for i, column in positions.items() if column.name == "entry_code"), None)
    if index is None:
        return set()
    return {as_text(row.cells[index]).upper() for row in table.rows
            if index < len(row.cells) and row.cells[index] not in (None, "")}
