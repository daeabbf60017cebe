"""Query builders for judging: queues, judges, assignments, sheets and progress counts."""
from __future__ import annotations

from sqlalchemy import Select, case, exists, func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from contest.extensions import db
from contest.models import (
    Assignment,
    Edition,
    Entry,
    Judge,
    PanelMember,
    Phase,
    ScoreSheet,
    SheetStatus,
    User,
)


def judge_queue(user: User) -> Select:
    """A judge's assignments in editions being judged (current round), in entry-code order,
    with entry, field and sheet loaded in the same query."""
    return (select(Assignment).join(Assignment.judge).join(Assignment.entry).join(Entry.edition)
            .where(Judge.user_id == user.id, Edition.phase == Phase.JUDGING,
                   Assignment.round == Edition.current_round)
            .options(joinedload(Assignment.entry).joinedload(Entry.field),
                     joinedload(Assignment.entry).joinedload(Entry.edition)
                     .joinedload(Edition.contest),
                     joinedload(Assignment.sheet))
            .order_by(Edition.id, Entry.code, Assignment.id))


def edition_judges(edition_id: int) -> Select:
    """The edition's judges by name, with account, unit and panel seats loaded."""
    return (select(Judge).join(Judge.user).where(Judge.edition_id == edition_id)
            .options(contains_eager(Judge.user).joinedload(User.unit),
                     selectinload(Judge.seats))
            .order_by(User.search_name, Judge.id))


def judge_assignment_counts(edition_id: int) -> dict[tuple[int, int], int]:
    """Assignments per (judge id, round) of the edition, in one grouped query."""
    rows = db.session.execute(
        select(Assignment.judge_id, Assignment.round, func.count())
        .join(Judge, Judge.id == Assignment.judge_id).where(Judge.edition_id == edition_id)
        .group_by(Assignment.judge_id, Assignment.round)).all()
    return {(judge_id, round_): number for judge_id, round_, number in rows}


# Judging progress for organisers: grouped counts, so the page costs the same at any size.

def _finalised_count():
    return func.coalesce(func.sum(case((ScoreSheet.status == SheetStatus.FINAL, 1), else_=0)), 0)


def judged_entry_counts(edition_id: int, round_number: int) -> dict[int, int]:
    """Entries judged in the round (Entry.is_judged_in) per field id, in one grouped query."""
    query = (select(Entry.field_id, func.count())
             .where(Entry.edition_id == edition_id, Entry.is_judged_in(round_number))
             .group_by(Entry.field_id))
    return {field_id: number for field_id, number in db.session.execute(query)}


def sheet_counts(edition_id: int, round_number: int
                 ) -> dict[tuple[int, int | None], tuple[int, int]]:
    """(assignments, finalised sheets) per (judge id, entry's field id) in the round, in one
    grouped query: the panels' and the judges' progress both add these up."""
    rows = db.session.execute(
        select(Assignment.judge_id, Entry.field_id, func.count(Assignment.id),
               _finalised_count())
        .join(Assignment.entry).outerjoin(Assignment.sheet)
        .where(Entry.edition_id == edition_id, Assignment.round == round_number)
        .group_by(Assignment.judge_id, Entry.field_id)).all()
    return {(judge_id, field_id): (assigned, done)
            for judge_id, field_id, assigned, done in rows}


def entry_assignments(entry_id: int, round_number: int) -> Select:
    """An entry's assignments in the round with judge, unit, sheet and scores loaded."""
    return (select(Assignment)
            .where(Assignment.entry_id == entry_id, Assignment.round == round_number)
            .options(joinedload(Assignment.judge).joinedload(Judge.user).joinedload(User.unit),
                     joinedload(Assignment.sheet).selectinload(ScoreSheet.scores))
            .order_by(Assignment.id))


def score_sheet(sheet_id: int) -> Select:
    """One score sheet with its entry, edition, judge and scores."""
    return (select(ScoreSheet).where(ScoreSheet.id == sheet_id)
            .options(joinedload(ScoreSheet.assignment).joinedload(Assignment.entry)
                     .joinedload(Entry.edition).selectinload(Edition.criteria),
                     joinedload(ScoreSheet.assignment).joinedload(Assignment.judge)
                     .joinedload(Judge.user).joinedload(User.unit),
                     selectinload(ScoreSheet.scores)))


def judge_round_assignments(judge_id: int, round_number: int) -> Select:
    """A judge's assignments in the round, in entry-code order, entries with field and
    authors loaded (the printable paper sheets)."""
    return (select(Assignment).join(Assignment.entry)
            .where(Assignment.judge_id == judge_id, Assignment.round == round_number)
            .options(contains_eager(Assignment.entry).joinedload(Entry.field),
                     contains_eager(Assignment.entry).selectinload(Entry.authors))
            .order_by(Entry.code, Assignment.id))


def other_judges(entry: Entry, round_number: int) -> Select:
    """Rows (judge, on the entry's panel) for the edition's judges not yet on the entry in
    the round: the entry field's panel first, then by name."""
    on_panel = exists().where(PanelMember.judge_id == Judge.id,
                              PanelMember.field_id == entry.field_id,
                              PanelMember.round == round_number)
    assigned = select(Assignment.judge_id).where(Assignment.entry_id == entry.id,
                                                 Assignment.round == round_number)
    return (select(Judge, on_panel).join(Judge.user)
            .where(Judge.edition_id == entry.edition_id, Judge.id.not_in(assigned))
            .options(contains_eager(Judge.user).joinedload(User.unit))
            .order_by(case((on_panel, 0), else_=1), User.search_name, Judge.id))
