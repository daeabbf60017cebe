"""Rows of the organisers' spreadsheets: ranking, summary score table, a judge's score sheet,
entries for logistics and the national list. Each builder returns (headers, rows) with numbers
kept as numbers, in a fixed number of SQL statements whatever the size."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from contest.extensions import db
from contest.formats import ENTRY_COLUMNS
from contest.i18n import show_date
from contest.models import (
    Assignment,
    Author,
    AwardOverride,
    Edition,
    EntrantType,
    Entry,
    EntryStatus,
    Field,
    Judge,
    NationalPick,
    RankingRow,
    RankingRun,
    Score,
    ScoreSheet,
    Screening,
    SheetStatus,
    User,
)

Table = tuple[list[str], list[list]]
JUDGE_PREFIX = "GK: "
CENT = Decimal("0.01")

FLAG_TEXT = {
    "disagreement": "Lệch điểm",
    "missing-sheets": "Thiếu phiếu",
    "quota-exceeded": "Vượt số lượng giải do đồng hạng",
    "raw-judge": "Giám khảo ít phiếu (giữ điểm gốc)",
}


def _overrides(edition_id: int) -> dict[int, str | None]:
    return dict(db.session.execute(select(AwardOverride.entry_id, AwardOverride.award)
                                   .where(AwardOverride.edition_id == edition_id)).all())


def _flags_text(flags: str, tier_names: dict[str, str]) -> str:
    shown = []
    for flag in filter(None, flags.split(";")):
        if flag.startswith("quota-tie:"):
            tier = flag.partition(":")[2]
            shown.append(f"Đồng hạng ở ranh giới giải ({tier_names.get(tier, tier)})")
        else:
            shown.append(FLAG_TEXT.get(flag, flag))
    return "; ".join(shown)


def _judge_totals(edition_id: int, round_number: int
                  ) -> tuple[dict[tuple[int, int], Decimal], list[tuple[int, str]]]:
    """Finished sheets' totals by (entry id, judge id), and the judges who have any, by name:
    two statements."""
    totals = {
        (entry_id, judge_id): Decimal(total or 0)
        for entry_id, judge_id, total in db.session.execute(
            select(Assignment.entry_id, Assignment.judge_id, func.sum(Score.value))
            .join(Entry, Entry.id == Assignment.entry_id)
            .join(ScoreSheet, ScoreSheet.assignment_id == Assignment.id)
            .outerjoin(Score, Score.sheet_id == ScoreSheet.id)
            .where(Entry.edition_id == edition_id, Assignment.round == round_number,
                   ScoreSheet.status == SheetStatus.FINAL)
            .group_by(Assignment.entry_id, Assignment.judge_id))}
    scoring = {judge_id for _entry, judge_id in totals}
    judges = [(judge_id, name) for judge_id, name in db.session.execute(
        select(Judge.id, User.full_name).join(User, User.id == Judge.user_id)
        .where(Judge.edition_id == edition_id).order_by(User.search_name, Judge.id))
        if judge_id in scoring]
    return totals, judges


def _entry_judges(edition_id: int, round_number: int, field_id: int | None
                  ) -> dict[int, list[tuple[str, Decimal]]]:
    """Each entry's judges with a finished sheet in the round, by name, and their totals: two
    statements (the sheets' totals, the judges' names; grouping per sheet is the cheap part)."""
    judges = {judge_id: (order, name) for order, (judge_id, name) in enumerate(db.session.execute(
        select(Judge.id, User.full_name).join(User, User.id == Judge.user_id)
        .where(Judge.edition_id == edition_id).order_by(User.search_name, Judge.id)))}
    query = (select(Assignment.entry_id, Assignment.judge_id, func.sum(Score.value))
             .join(Entry, Entry.id == Assignment.entry_id)
             .join(ScoreSheet, ScoreSheet.assignment_id == Assignment.id)
             .outerjoin(Score, Score.sheet_id == ScoreSheet.id)
             .where(Entry.edition_id == edition_id, Assignment.round == round_number,
                    ScoreSheet.status == SheetStatus.FINAL)
             .group_by(Assignment.id))
    if field_id is not None:
        query = query.where(Entry.field_id == field_id)
    found: dict[int, list] = {}
    for entry_id, judge_id, total in db.session.execute(query):
        found.setdefault(entry_id, []).append((judges[judge_id], total or Decimal(0)))
    return {entry_id: [(name, total) for (_order, name), total in sorted(given)]
            for entry_id, given in found.items()}


def judge_headers(count: int) -> list[str]:
    """Judge 1…count of an entry, each as a name column beside a score column."""
    return [title for n in range(1, count + 1)
            for title in (f"Giám khảo {n}", f"Điểm giám khảo {n}")]


def ranking_table(edition: Edition, run: RankingRun, *, field_id: int | None = None) -> Table:
    """The run's ranking (one field's, ranked within the field, when field_id is given), with the
    award after the committee's overrides and, for judge 1…k of each entry (by name), the
    judge's name beside the judge's total."""
    tier_names = {t.code: t.name for t in edition.award_tiers}
    query = (select(RankingRow.rank, RankingRow.entry_id, RankingRow.score, RankingRow.judges,
                    RankingRow.spread, RankingRow.flags, RankingRow.award, Entry.code,
                    Entry.title, Field.name)
             .join(Entry, Entry.id == RankingRow.entry_id)
             .outerjoin(Field, Field.id == Entry.field_id)
             .where(RankingRow.run_id == run.id).order_by(RankingRow.position))
    if field_id is not None:
        query = query.where(Entry.field_id == field_id)
    rows = db.session.execute(query).all()
    overrides = _overrides(edition.id)
    judged = _entry_judges(edition.id, run.round, field_id)
    count = max((len(judged.get(row.entry_id, ())) for row in rows), default=0)
    headers = ["Hạng", "Mã hồ sơ", "Tên giải pháp", "Lĩnh vực", "Điểm", "Số phiếu", "Độ lệch",
               "Cảnh báo", "Giải", *judge_headers(count)]
    flags_shown: dict[str, str] = {}
    table, rank, previous = [], 0, None
    for index, row in enumerate(rows, start=1):
        if field_id is None:
            rank = row.rank
        elif row.rank != previous:
            rank, previous = index, row.rank
        award = overrides.get(row.entry_id, row.award)
        if row.flags not in flags_shown:
            flags_shown[row.flags] = _flags_text(row.flags, tier_names)
        judges = judged.get(row.entry_id, [])
        table.append([
            rank, row.code or "", row.title, row.name or "", row.score, row.judges, row.spread,
            flags_shown[row.flags], tier_names.get(award, award) or "",
            *[value for judge in judges for value in judge],
            *[None] * (2 * (count - len(judges)))])
    return headers, table


def summary_table(edition: Edition, round_number: int) -> Table:
    """The bảng điểm tổng hợp: entries × judges from the round's finished sheets, with the number
    of sheets, their mean and spread (highest minus lowest total)."""
    totals, judges = _judge_totals(edition.id, round_number)
    entries = db.session.execute(
        select(Entry.id, Entry.code, Entry.title, Field.name)
        .outerjoin(Field, Field.id == Entry.field_id)
        .where(Entry.id.in_(select(Assignment.entry_id)
                            .join(ScoreSheet, ScoreSheet.assignment_id == Assignment.id)
                            .where(Assignment.round == round_number,
                                   ScoreSheet.status == SheetStatus.FINAL)),
               Entry.edition_id == edition.id, Entry.status == EntryStatus.SUBMITTED,
               Entry.screening != Screening.INELIGIBLE)
        .order_by(Field.position, Entry.code, Entry.id)).all()
    headers = ["Mã hồ sơ", "Tên giải pháp", "Lĩnh vực",
               *[JUDGE_PREFIX + name for _id, name in judges], "Số phiếu", "Trung bình",
               "Độ lệch"]
    table = []
    for entry_id, code, title, field_name in entries:
        given = [totals.get((entry_id, judge_id)) for judge_id, _name in judges]
        values = [v for v in given if v is not None]
        mean = (sum(values, Decimal(0)) / len(values)).quantize(CENT) if values else None
        spread = max(values) - min(values) if values else None
        table.append([code or "", title, field_name or "", *given, len(values), mean, spread])
    return headers, table


STATUS_TEXT = {SheetStatus.FINAL: "Đã nộp", SheetStatus.DRAFT: "Đang chấm"}


def judge_sheet_table(judge: Judge, round_number: int) -> Table:
    """One judge's entries in the round × the edition's criteria, with each sheet's total and
    status (unscored entries have blank cells)."""
    criteria = judge.edition.criteria
    assignments = db.session.scalars(
        select(Assignment).join(Assignment.entry)
        .where(Assignment.judge_id == judge.id, Assignment.round == round_number)
        .options(joinedload(Assignment.entry).joinedload(Entry.field),
                 joinedload(Assignment.sheet).selectinload(ScoreSheet.scores))
        .order_by(Entry.code, Assignment.id)).unique().all()
    headers = ["Mã hồ sơ", "Tên giải pháp", "Lĩnh vực",
               *[f"{c.name} (tối đa {_number(c.max_score)})" for c in criteria], "Tổng điểm",
               "Trạng thái"]
    table = []
    for assignment in assignments:
        entry, sheet = assignment.entry, assignment.sheet
        scores = {s.criterion_id: s.value for s in sheet.scores} if sheet else {}
        table.append([
            entry.code or "", entry.title, entry.field.name if entry.field else "",
            *[scores.get(c.id) for c in criteria], sheet.total if sheet else None,
            STATUS_TEXT.get(sheet.status, "") if sheet else "Chưa chấm"])
    return headers, table


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def _unit_names(entry: Entry) -> list[str]:
    names = [entry.organisation.name] if (entry.entrant_type == EntrantType.ORGANISATION
                                          and entry.organisation) else []
    for author in entry.authors:
        if author.unit is not None and author.unit.name not in names:
            names.append(author.unit.name)
    return names


ENTRY_HEADERS = [title for _name, title in ENTRY_COLUMNS]


def entries_table(edition: Edition) -> Table:
    """Submitted entries with authors, units and contacts, one row per entry, in the columns of
    the entries import (the file imports back into another edition)."""
    entries = db.session.scalars(
        select(Entry).where(Entry.edition_id == edition.id,
                            Entry.status == EntryStatus.SUBMITTED)
        .options(joinedload(Entry.field), joinedload(Entry.organisation),
                 selectinload(Entry.authors).joinedload(Author.unit))
        .order_by(Entry.code, Entry.id)).all()
    table = []
    for entry in entries:
        values = {
            "code": entry.code or "", "title": entry.title,
            "field_code": entry.field.code if entry.field else "",
            "authors": "; ".join(a.full_name for a in entry.authors),
            "birth_dates": "; ".join(show_date(a.birth_date, locale="vi") for a in entry.authors
                                     if a.birth_date),
            "unit": "; ".join(_unit_names(entry)),
            "teacher": entry.teacher_name or "",
            "email": entry.contact_email or "",
            "phone": entry.contact_phone or "",
        }
        table.append([values[name] for name, _title in ENTRY_COLUMNS])
    return list(ENTRY_HEADERS), table


def national_table(edition: Edition) -> Table:
    """The national selection in order, with award (after overrides), authors, units and
    contacts."""
    tier_names = {t.code: t.name for t in edition.award_tiers}
    picks = db.session.scalars(
        select(NationalPick).where(NationalPick.edition_id == edition.id)
        .options(joinedload(NationalPick.entry).joinedload(Entry.field),
                 joinedload(NationalPick.entry).joinedload(Entry.organisation),
                 joinedload(NationalPick.entry).selectinload(Entry.authors)
                 .joinedload(Author.unit))
        .order_by(NationalPick.position, NationalPick.id)).unique().all()
    awards: dict[int, str | None] = {}
    if edition.provisional_run_id is not None:
        awards = dict(db.session.execute(
            select(RankingRow.entry_id, RankingRow.award)
            .where(RankingRow.run_id == edition.provisional_run_id)).all())
    awards.update(_overrides(edition.id))
    headers = ["STT", "Mã hồ sơ", "Tên giải pháp", "Lĩnh vực", "Giải", "Tác giả", "Đơn vị",
               "Điện thoại", "E-mail", "Ghi chú"]
    table = []
    for number, pick in enumerate(picks, start=1):
        entry = pick.entry
        award = awards.get(entry.id)
        table.append([
            number, entry.code or "", entry.title, entry.field.name if entry.field else "",
            tier_names.get(award, award) or "", "; ".join(a.full_name for a in entry.authors),
            "; ".join(_unit_names(entry)), entry.contact_phone or "",
            entry.contact_email or "", pick.reason or ""])
    return headers, table
