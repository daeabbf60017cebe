"""Query builders for scoring one entry: a judge's assignment with what its sheet needs."""
from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from contest.models import Assignment, Edition, Entry, ScoreSheet


def scoring_assignment(assignment_id: int) -> Select:
    """One assignment with its judge, entry, edition, criteria, sheet and scores in one
    statement (read it with .unique()): the sheet's autosave reads nothing else."""
    return (select(Assignment).where(Assignment.id == assignment_id)
            .options(joinedload(Assignment.judge),
                     joinedload(Assignment.entry).joinedload(Entry.edition)
                     .joinedload(Edition.criteria),
                     joinedload(Assignment.sheet).joinedload(ScoreSheet.scores)))
