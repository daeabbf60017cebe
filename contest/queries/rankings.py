"""Query builders for ranking runs (snapshots) and their rows."""
from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from contest.models import Entry, RankingRow, RankingRun


def ranking_runs(edition_id: int) -> Select:
    """Rows (run, number of ranked entries) of an edition, newest first, authors loaded."""
    entries = (select(func.count(RankingRow.id)).where(RankingRow.run_id == RankingRun.id)
               .scalar_subquery())
    return (select(RankingRun, entries).where(RankingRun.edition_id == edition_id)
            .options(joinedload(RankingRun.created_by))
            .order_by(RankingRun.created_at.desc(), RankingRun.id.desc()))


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
