"""Query builders for ranking runs (snapshots) and their rows."""
from __future__ import annotations

from sqlalchemy import Integer, Select, and_, func, select, type_coerce
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from contest.models import (
    Assignment,
    Entry,
    EntryStatus,
    RankingRow,
    RankingRun,
    Score,
    ScoreSheet,
    Screening,
    SheetStatus,
)


def ranking_runs(edition_id: int) -> Select:
    """Rows (run, number of ranked entries) of an edition, newest first, authors loaded."""
    entries = (select(func.count(RankingRow.id)).where(RankingRow.run_id == RankingRun.id)
               .scalar_subquery())
    return (select(RankingRun, entries).where(RankingRun.edition_id == edition_id)
            .options(joinedload(RankingRun.created_by))
            .order_by(RankingRun.created_at.desc(), RankingRun.id.desc()))


def run_header(run_id: int) -> Select:
    """One snapshot with its author, without its rows."""
    return (select(RankingRun).where(RankingRun.id == run_id)
            .options(joinedload(RankingRun.created_by)))


def ranking_run(run_id: int) -> Select:
    """One snapshot with its rows, their entries and fields, in three statements."""
    return (select(RankingRun).where(RankingRun.id == run_id)
            .options(joinedload(RankingRun.created_by),
                     selectinload(RankingRun.rows).joinedload(RankingRow.entry)
                     .joinedload(Entry.field)))


def other_runs(edition_id: int, run_id: int) -> Select:
    """Rows (id, method, round, created_at) of the edition's other runs, newest first."""
    return (select(RankingRun.id, RankingRun.method, RankingRun.round, RankingRun.created_at)
            .where(RankingRun.edition_id == edition_id, RankingRun.id != run_id)
            .order_by(RankingRun.created_at.desc(), RankingRun.id.desc()))


def input_check(edition_id: int, round_number: int) -> Select:
    """One row of counts and weighted sums over the scores a ranking of the round would use
    (the finished sheets of eligible submitted entries): it changes when any of them does."""
    value = type_coerce(Score.value, Integer)  # hundredths: exact integer sums
    return (select(func.count(ScoreSheet.id.distinct()), func.count(Score.id), func.sum(value),
                   func.sum(value * value), func.sum(value * Entry.id),
                   func.sum(value * Assignment.judge_id), func.sum(value * Score.criterion_id),
                   func.sum(Entry.id * Assignment.judge_id))
            .select_from(Entry)
            .join(Assignment, Assignment.entry_id == Entry.id)
            .join(ScoreSheet, ScoreSheet.assignment_id == Assignment.id)
            .outerjoin(Score, and_(Score.sheet_id == ScoreSheet.id, Score.value.is_not(None)))
            .where(Entry.edition_id == edition_id, Assignment.round == round_number,
                   ScoreSheet.status == SheetStatus.FINAL, Entry.status == EntryStatus.SUBMITTED,
                   Entry.screening != Screening.INELIGIBLE))


def run_size(run_id: int) -> Select:
    """The number of entries a snapshot ranks."""
    return select(func.count(RankingRow.id)).where(RankingRow.run_id == run_id)


def run_page(run_id: int, field_id: int | None = None) -> Select:
    """A snapshot's rows in ranking order with their entries, optionally of one field."""
    query = (select(RankingRow).join(RankingRow.entry).where(RankingRow.run_id == run_id)
             .options(contains_eager(RankingRow.entry)).order_by(RankingRow.position))
    return query if field_id is None else query.where(Entry.field_id == field_id)


def field_ranks_of(run_id: int, row_ids: list[int]) -> Select:
    """Rows (row id, rank in its field) for some rows of a snapshot: entries tied overall share
    their field rank and the next one is skipped, as contest.ranking.field_ranks does."""
    ranked = (select(RankingRow.id.label("row_id"), func.rank().over(
        partition_by=Entry.field_id, order_by=RankingRow.rank).label("field_rank"))
        .join(Entry, Entry.id == RankingRow.entry_id)
        .where(RankingRow.run_id == run_id).subquery())
    return select(ranked.c.row_id, ranked.c.field_rank).where(ranked.c.row_id.in_(row_ids))
