"""Importing entries (FORMATS.md "entries"): every row checked first, then all or nothing."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from contest import clock
from contest.extensions import db
from contest.formats import ENTRY_COLUMNS
from contest.i18n import show_date
from contest.imports import cells
from contest.imports.entry_writes import ENTRIES_BATCH, NewEntry, write_entries
from contest.imports.plan import Plan, slices
from contest.imports.reader import Cell, Table
from contest.imports.schema import CellError, Column, ParsedRow, RowError, Spec, as_text, validate
from contest.models import (
    ContestKind,
    Edition,
    Entry,
    Field,
    ImportRun,
    Phase,
    Unit,
    UnitKind,
    User,
)
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.eligibility import BirthDateProblem, birth_date_problem, reference_day
from contest.services.submission import code_prefix, entry_code
from contest.services.units import find_or_create_unit
from contest.text import fold

CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
CODE_MAX = 30
CLOSED_PHASES = frozenset({Phase.PROVISIONAL, Phase.FINAL})


class ImportRejected(DomainError):
    """At least one row is bad: nothing was imported. `errors` names each row and column."""

    def __init__(self, errors: list[RowError], message: str | None = None):
        super().__init__(message or _l("Tệp có %(n)s lỗi; chưa nhập hồ sơ nào.", n=len(errors)))
        self.errors = errors


@dataclass
class ImportResult:
    ids: list[int]  # the new entries, in the order of the file's rows

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def entries(self) -> list[Entry]:
        """The new entries, loaded on demand (the write itself loads none)."""
        found = {entry.id: entry for entry in db.session.scalars(
            select(Entry).where(Entry.id.in_(self.ids)))}
        return [found[entry_id] for entry_id in self.ids]


@dataclass
class EntriesContext:
    """What the checks need to know about the edition, loaded once per file."""

    edition: Edition
    youth: bool
    fields: dict[str, Field]  # by lower-case code
    taken_codes: set[str]  # upper-case codes already in the edition
    now: datetime  # read once per file
    today: date  # in Việt Nam: no birth date after it
    reference_day: date  # ages are counted on the deadline (technical minimum age)


def parse_code(value: Cell, context: EntriesContext) -> str:
    code = as_text(value)
    if len(code) > CODE_MAX or not CODE.fullmatch(code):
        raise CellError(_l("Mã hồ sơ chỉ gồm chữ không dấu, số và dấu - . / _ (tối đa %(n)s ký "
                           "tự).", n=CODE_MAX))
    if code.upper() in context.taken_codes:
        raise CellError(_l("Mã hồ sơ %(code)s đã có trong cuộc thi này.", code=code))
    return code


def parse_field(value: Cell, context: EntriesContext) -> Field:
    code = as_text(value)
    found = context.fields.get(code.lower())
    if found is None:
        raise CellError(_l("Mã lĩnh vực “%(code)s” không có trong cuộc thi này. Các mã dùng "
                           "được: %(codes)s.", code=code,
                           codes=", ".join(f.code for f in context.edition.fields)))
    return found


ENTRY_RULES: dict[str, dict[str, Any]] = {  # how each column of formats.ENTRY_COLUMNS is read
    "code": dict(parse=parse_code, unique=True, aliases=("Mã",)),
    "title": dict(required=True, parse=cells.text(300),
                  example="Máy tưới cây tự động dùng năng lượng mặt trời",
                  aliases=("Tên giải pháp / sản phẩm", "Tên sản phẩm")),
    "field_code": dict(required=True, parse=parse_field, example="moi-truong"),
    "authors": dict(required=True, parse=cells.text_list, example="Nguyễn Văn An; Trần Thị Bình",
                    aliases=("Tác giả / nhóm tác giả",)),
    "birth_dates": dict(parse=cells.date_list, example="15/03/2012; 02/09/2011",
                        aliases=("Ngày sinh tác giả",)),
    "unit": dict(parse=cells.text(255), example="Trường THCS Lê Quý Đôn",
                 aliases=("Trường / đơn vị", "Trường")),
    "teacher": dict(parse=cells.text(200), example="Lê Thị Hoa", aliases=("GVHD",)),
    "email": dict(parse=cells.email, example="an.nguyen@example.vn", aliases=("Thư điện tử",)),
    "phone": dict(parse=cells.phone, example="0912345678", aliases=("Số điện thoại", "SĐT")),
}
COLUMNS = tuple(Column(name, title, **ENTRY_RULES[name]) for name, title in ENTRY_COLUMNS)


def entries_spec(*, youth: bool) -> Spec:
    """The entries columns; birth dates are required for the youth contest."""
    columns = tuple(
        Column(c.name, c.title, required=True, parse=c.parse, example=c.example,
               aliases=c.aliases) if c.name == "birth_dates" and youth else c
        for c in COLUMNS)
    return Spec(columns, check_row=check_entry_row)


def template_rows() -> tuple[list[str], list[list[str]]]:
    """The downloadable template: Vietnamese column titles and one example row."""
    return [c.title for c in COLUMNS], [[c.example for c in COLUMNS]]


def check_entry_row(values: dict[str, Any], context: EntriesContext
                    ) -> Iterator[tuple[str, str]]:
    """Checks across cells: author count, one birth date per author, eligibility by age."""
    edition = context.edition
    authors = values.get("authors") or []
    if len(authors) > edition.max_authors:
        yield "authors", str(_l("Có %(n)s tác giả; mỗi hồ sơ có tối đa %(max)s tác giả.",
                                n=len(authors), max=edition.max_authors))
    for name in authors:
        if len(name) > 200:
            yield "authors", str(_l("Tên tác giả “%(name)s…” quá dài.", name=name[:40]))
    dates = values.get("birth_dates")
    if not authors or not dates:
        return
    if len(dates) != len(authors):
        yield "birth_dates", str(_l(
            "Có %(a)s tác giả nhưng %(d)s ngày sinh: hãy ghi mỗi tác giả một ngày sinh, cùng thứ "
            "tự, cách nhau bằng dấu ;.", a=len(authors), d=len(dates)))
        return
    for name, born in zip(authors, dates, strict=True):
        yield from _birth_date_problems(name, born, context)


def _birth_date_problems(name: str, born: date, context: EntriesContext
                         ) -> Iterator[tuple[str, str]]:
    edition = context.edition
    if born > context.today:
        yield "birth_dates", str(_l("Ngày sinh của %(name)s (%(date)s) ở tương lai.",
                                    name=name, date=show_date(born)))
        return
    problem = birth_date_problem(edition, born, context.reference_day)
    if problem == BirthDateProblem.OUTSIDE_WINDOW:
        yield "birth_dates", str(_l(
            "Ngày sinh của %(name)s (%(date)s) nằm ngoài độ tuổi dự thi (sinh từ %(start)s đến "
            "%(end)s).", name=name, date=show_date(born), start=show_date(edition.birth_date_from),
            end=show_date(edition.birth_date_to)))
    elif problem == BirthDateProblem.TOO_YOUNG:
        yield "birth_dates", str(_l("%(name)s (sinh %(date)s) chưa đủ %(age)s tuổi.",
                                    name=name, date=show_date(born), age=edition.min_author_age))


def validate_entries(*, edition: Edition, table: Table
                     ) -> tuple[list[ParsedRow], list[RowError]]:
    """Every row parsed and checked against the edition; nothing is written."""
    context = _context(edition)
    return validate(table, entries_spec(youth=context.youth), context)


def import_entries(*, edition: Edition, actor: User | None, table: Table,
                   progress: Callable[[int], None] | None = None) -> ImportResult:
    """Create one submitted paper entry per row, or raise ImportRejected and create none; all
    in the caller's transaction (imports.runs writes a large file batch by batch)."""
    return plan_entries(edition=edition, actor=actor, table=table,
                        batch_rows=ENTRIES_BATCH).run_all(progress)


def plan_entries(*, edition: Edition, actor: User | None, table: Table, batch_rows: int
                 ) -> Plan:
    """Check every row (ImportRejected if any is bad), then plan the entries' batches: the
    first also finds or creates the units and numbers the codes."""
    context = _context(edition)
    rows, errors = validate(table, entries_spec(youth=context.youth), context)
    if errors:
        raise ImportRejected(errors)
    ids: list[int] = []
    numbered: dict[str, Any] = {}

    def batch(start: int, chunk: list[ParsedRow]):
        def write(run: ImportRun | None) -> int:
            if not numbered:
                numbered["units"] = _units(edition, [row.values["unit"] for row in rows])
                numbered["codes"] = _assign_codes(
                    edition, [row.values["code"] for row in rows], context.taken_codes)
            units, codes = numbered["units"], numbered["codes"]
            ids.extend(write_entries(edition, [
                NewEntry(row, code, units.get(fold(row.values["unit"] or "")))
                for row, code in zip(chunk, codes[start:start + len(chunk)], strict=True)],
                actor=actor, now=context.now, run=run))
            return len(chunk)
        return write

    def finish(run: ImportRun | None) -> ImportResult:
        record_event(actor=actor, action="edition.import_entries", target=edition, after={
            "count": len(ids), "file": table.name, **({"import": run.id} if run else {})})
        return ImportResult(ids)

    return Plan(len(rows), [batch(start, chunk) for start, chunk in slices(rows, batch_rows)],
                finish)


def _context(edition: Edition) -> EntriesContext:
    if edition.phase in CLOSED_PHASES:
        raise DomainError(_l("Cuộc thi đã có kết quả; không nhập thêm hồ sơ được."))
    codes = db.session.scalars(select(Entry.code).where(
        Entry.edition_id == edition.id, Entry.code.is_not(None)))
    now = clock.now()
    return EntriesContext(
        edition=edition,
        youth=edition.contest.kind == ContestKind.YOUTH,
        fields={f.code.lower(): f for f in edition.fields},
        taken_codes={code.upper() for code in codes},
        now=now,
        today=clock.vietnam_date(now),
        reference_day=reference_day(edition, now),
    )


def _units(edition: Edition, names: list[str | None]) -> dict[str, Unit]:
    """Each unit named in the file, by folded name: found, or created (schools for the youth
    contest, organisations for the technical one)."""
    kind = UnitKind.SCHOOL if edition.contest.kind == ContestKind.YOUTH else \
        UnitKind.ORGANISATION
    units: dict[str, Unit] = {}
    for name in names:
        if name and fold(name) not in units:
            units[fold(name)] = find_or_create_unit(
                name, kind, organisation_id=edition.contest.organisation_id)
    return units


def _assign_codes(edition: Edition, wanted: list[str | None], taken: set[str]) -> list[str]:
    """The file's codes, and the edition's next numbers for empty ones (TTN-2026-0042, the
    format of next_entry_code), skipping every code in use. File codes in that format move
    the counter past them, so later submissions never collide with them either. The counter
    is read under a row lock and written once, however many rows there are."""
    prefix = code_prefix(edition)
    pattern = re.compile(re.escape(prefix) + r"(\d+)", re.I)
    used = taken | {code.upper() for code in wanted if code}
    number = max([db.session.scalar(
        select(Edition.entry_seq).where(Edition.id == edition.id).with_for_update())] + [
        int(match.group(1)) for code in wanted if code and (match := pattern.fullmatch(code))])
    codes = []
    for code in wanted:
        if not code:
            number += 1
            while entry_code(edition, number).upper() in used:
                number += 1
            code = entry_code(edition, number)
        codes.append(code)
    table = Edition.__table__
    db.session.execute(update(table).where(table.c.id == edition.id).values(entry_seq=number))
    db.session.expire(edition, ["entry_seq"])
    return codes
