"""Assigning judges to entries: automatic (balanced, conflict-free), manual, and on recusal."""
from __future__ import annotations

from collections import defaultdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select

from contest.extensions import db
from contest.judging.assignment import EntryNeed, Plan, plan_assignments
from contest.judging.conflicts import conflicted, entry_units
from contest.models import (
    Assignment,
    Author,
    Conflict,
    Edition,
    Entry,
    Judge,
    PanelMember,
    SheetStatus,
    User,
)
from contest.services import DomainError
from contest.services.audit import record_event


def round_entries(edition: Edition, round_number: int) -> select:
    """The entries judged in a round (Entry.is_judged_in), with what the planner needs."""
    return select(Entry.id, Entry.field_id, Entry.organisation_id, Entry.teacher_unit_id).where(
        Entry.edition_id == edition.id, Entry.is_judged_in(round_number))


def units_by_entry(edition: Edition, rows) -> dict[int, frozenset[int]]:
    """Each entry row's units (judging.conflicts.entry_units); the authors' units of the
    edition are read in one query."""
    authors: dict[int, list[int]] = defaultdict(list)
    for entry_id, unit_id in db.session.execute(
            select(Author.entry_id, Author.unit_id).join(Entry).where(
                Entry.edition_id == edition.id, Author.unit_id.is_not(None))):
        authors[entry_id].append(unit_id)
    return {row.id: entry_units(row.organisation_id, row.teacher_unit_id, authors[row.id])
            for row in rows}


def gather(edition: Edition, round_number: int, only: set[int] | None = None):
    """Plain data for the planner: needs per entry, panels, judges' loads (a fixed number of
    queries, whatever the size of the edition)."""
    rows = db.session.execute(round_entries(edition, round_number)).all()
    if only is not None:
        rows = [row for row in rows if row.id in only]
    units = units_by_entry(edition, rows)
    judges = db.session.execute(
        select(Judge.id, User.unit_id, User.is_active).join(User, Judge.user_id == User.id)
        .where(Judge.edition_id == edition.id)).all()
    active = {j.id for j in judges if j.is_active}
    panels: dict[int, list[int]] = defaultdict(list)
    for judge_id, field_id in db.session.execute(
            select(PanelMember.judge_id, PanelMember.field_id).join(Judge).where(
                Judge.edition_id == edition.id, PanelMember.round == round_number)
            .order_by(PanelMember.judge_id)):
        if judge_id in active:
            panels[field_id].append(judge_id)
    declared: dict[int, set[int]] = defaultdict(set)
    for judge_id, entry_id in db.session.execute(
            select(Conflict.judge_id, Conflict.entry_id).join(Judge).where(
                Judge.edition_id == edition.id)):
        declared[entry_id].add(judge_id)
    current: dict[int, set[int]] = defaultdict(set)
    load: dict[int, int] = defaultdict(int)
    for entry_id, judge_id in db.session.execute(
            select(Assignment.entry_id, Assignment.judge_id).join(Judge).where(
                Judge.edition_id == edition.id, Assignment.round == round_number)):
        current[entry_id].add(judge_id)
        load[judge_id] += 1
    needs = [
        EntryNeed(entry_id=row.id, field_id=row.field_id, current=frozenset(current[row.id]),
                  excluded=frozenset(
                      judge.id for judge in judges
                      if conflicted(judge.unit_id, units[row.id], judge.id in declared[row.id])))
        for row in rows]
    return needs, dict(panels), dict(load)


def assign_judges(*, edition: Edition, round_number: int, seed: int, actor: User | None,
                  only: set[int] | None = None) -> Plan:
    """Fill every eligible entry up to the edition's judges per entry; impossible ones listed."""
    needs, panels, load = gather(edition, round_number, only)
    plan = plan_assignments(needs, panels, edition.judges_per_entry, seed=seed, load=load)
    if plan.pairs:
        db.session.execute(insert(Assignment), [
            {"entry_id": entry_id, "judge_id": judge_id, "round": round_number}
            for entry_id, judge_id in plan.pairs])
    record_event(actor=actor, action="assignment.auto", target=edition, after={
        "round": round_number, "seed": seed, "added": len(plan.pairs),
        "impossible": [i.entry_id for i in plan.impossible]})
    return plan


def is_conflicted(judge: Judge, entry: Entry) -> bool:
    """The conflict rule (judging.conflicts.conflicted) for one judge and one loaded entry."""
    units = entry_units(entry.organisation_id, entry.teacher_unit_id,
                        (author.unit_id for author in entry.authors))
    declared = db.session.scalar(select(func.count()).select_from(Conflict).where(
        Conflict.judge_id == judge.id, Conflict.entry_id == entry.id)) > 0
    return conflicted(judge.user.unit_id, units, declared)


def add_assignment(*, entry: Entry, judge: Judge, round_number: int, actor: User) -> Assignment:
    """Assign one judge by hand (never one in conflict)."""
    if judge.edition_id != entry.edition_id:
        raise DomainError(_l("Giám khảo không thuộc lần tổ chức này."))
    if is_conflicted(judge, entry):
        raise DomainError(_l("%(name)s có xung đột lợi ích với hồ sơ %(code)s.",
                             name=judge.user.full_name, code=entry.code))
    if db.session.scalar(select(Assignment.id).where(
            Assignment.entry_id == entry.id, Assignment.judge_id == judge.id,
            Assignment.round == round_number)):
        raise DomainError(_l("%(name)s đã được phân công chấm hồ sơ này.",
                             name=judge.user.full_name))
    assignment = Assignment(entry=entry, judge=judge, round=round_number)
    db.session.add(assignment)
    db.session.flush()
    record_event(actor=actor, action="assignment.add", target=entry,
                 after={"judge": judge.user.email, "round": round_number})
    return assignment


def remove_assignment(*, assignment: Assignment, actor: User, reason: str = "") -> None:
    """Take an entry away from a judge; a finalised sheet must be reopened first."""
    sheet = assignment.sheet
    if sheet is not None and sheet.status == SheetStatus.FINAL:
        raise DomainError(_l("Phiếu chấm đã hoàn tất; hãy mở lại phiếu trước khi bỏ phân công."))
    record_event(actor=actor, action="assignment.remove", target=assignment.entry, before={
        "judge": assignment.judge.user.email, "round": assignment.round,
        "had_scores": bool(sheet and sheet.scores), "reason": reason})
    db.session.delete(assignment)
    db.session.flush()


def swap_assignment(*, assignment: Assignment, judge: Judge, actor: User) -> Assignment:
    """Replace the judge of an assignment by another one, in one step."""
    entry, round_number = assignment.entry, assignment.round
    remove_assignment(assignment=assignment, actor=actor, reason="swap")
    return add_assignment(entry=entry, judge=judge, round_number=round_number, actor=actor)


def declare_conflict(*, judge: Judge, entry: Entry, reason: str, actor: User) -> Conflict:
    reason = reason.strip()
    if not reason:
        raise DomainError(_l("Hãy ghi lý do xung đột lợi ích."))
    conflict = db.session.scalar(select(Conflict).where(
        Conflict.judge_id == judge.id, Conflict.entry_id == entry.id))
    if conflict is None:
        conflict = Conflict(judge=judge, entry=entry, reason=reason, declared_by_id=actor.id)
        db.session.add(conflict)
        db.session.flush()
    record_event(actor=actor, action="conflict.declare", target=entry,
                 after={"judge": judge.user.email, "reason": reason})
    return conflict


def recuse(*, assignment: Assignment, reason: str, actor: User) -> Plan:
    """The judge declares a conflict and steps back; the entry goes to another panel judge."""
    entry, judge, round_number = assignment.entry, assignment.judge, assignment.round
    declare_conflict(judge=judge, entry=entry, reason=reason, actor=actor)
    remove_assignment(assignment=assignment, actor=actor, reason=reason)
    return assign_judges(edition=entry.edition, round_number=round_number, seed=entry.id,
                         actor=actor, only={entry.id})
