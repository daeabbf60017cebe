"""Grouped aggregates for the organisers' charts: a fixed number of statements whatever the
size of the edition."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import case, desc, func, select

from contest.database import Points
from contest.extensions import db
from contest.models import (
    Assignment,
    Author,
    Edition,
    Entry,
    EntryStatus,
    RankingRow,
    Score,
    ScoreSheet,
    SheetStatus,
    Unit,
)


def _order(rows):
    """Fields in id order, entries without a field last."""
    return sorted(rows, key=lambda row: (row[0] is None, row[0] or 0))


def entries_per_field(edition: Edition) -> list[tuple[int | None, int]]:
    """Submitted entries (withdrawn ones are not counted) per field."""
    return _order(db.session.execute(
        select(Entry.field_id, func.count()).where(
            Entry.edition_id == edition.id, Entry.status == EntryStatus.SUBMITTED)
        .group_by(Entry.field_id)).all())


def entries_per_unit(edition: Edition, limit: int) -> list[tuple[str, int]]:
    """Submitted entries per unit of their authors (an entry counts once per unit), busiest
    first, the `limit` busiest units."""
    count = func.count(func.distinct(Entry.id))
    return [tuple(row) for row in db.session.execute(
        select(Unit.name, count).join(Author, Author.unit_id == Unit.id)
        .join(Entry, Entry.id == Author.entry_id)
        .where(Entry.edition_id == edition.id, Entry.status == EntryStatus.SUBMITTED)
        .group_by(Unit.id, Unit.name).order_by(desc(count), Unit.name).limit(limit))]


def score_distribution(edition: Edition) -> tuple[dict[int | None, list[Decimal]], bool]:
    """Entry scores per field: the chosen results' if there are any (True), otherwise the mean
    of each entry's finished sheets in the current round (False)."""
    if edition.provisional_run_id is not None:
        rows = db.session.execute(select(Entry.field_id, RankingRow.score).join(
            Entry, Entry.id == RankingRow.entry_id).where(
                RankingRow.run_id == edition.provisional_run_id))
        from_run = True
    else:
        totals = (select(Assignment.entry_id, func.sum(Score.value).label("total"))
                  .join(ScoreSheet, ScoreSheet.assignment_id == Assignment.id)
                  .join(Score, Score.sheet_id == ScoreSheet.id)
                  .where(ScoreSheet.status == SheetStatus.FINAL,
                         Assignment.round == edition.current_round)
                  .group_by(Assignment.id, Assignment.entry_id).subquery())
        rows = db.session.execute(
            select(Entry.field_id, func.avg(totals.c.total, type_=Points())).join(
                totals, totals.c.entry_id == Entry.id).where(Entry.edition_id == edition.id)
            .group_by(Entry.id, Entry.field_id))
        from_run = False
    scores: dict[int | None, list[Decimal]] = {}
    for field_id, score in rows:
        scores.setdefault(field_id, []).append(Decimal(str(score)))
    return dict(_order(scores.items())), from_run


def judging_progress(edition: Edition) -> list[tuple[int | None, int, int]]:
    """Per field: the current round's assignments, and how many have a finished sheet."""
    done = func.sum(case((ScoreSheet.status == SheetStatus.FINAL, 1), else_=0))
    return [(f, total, int(finished or 0)) for f, total, finished in _order(db.session.execute(
        select(Entry.field_id, func.count(Assignment.id), done)
        .join(Entry, Entry.id == Assignment.entry_id)
        .outerjoin(ScoreSheet, ScoreSheet.assignment_id == Assignment.id)
        .where(Entry.edition_id == edition.id, Assignment.round == edition.current_round)
        .group_by(Entry.field_id)).all())]
