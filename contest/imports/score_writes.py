"""Writing the sheets of a checked scores file: new sheets in bulk, judges' drafts one by one.

A new sheet (the bulk of any real file) is written with a few batched INSERTs however many
rows the file has: the missing assignments, the sheets, their scores and the audit events the
judge's own save and finalise record (assignment.add, sheet.save, sheet.finalise), with the
same values. A sheet that replaces a judge's draft goes through the judge's save and finalise
rules (scoring.save_sheet, finalise_sheet), which check its version.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from contest.extensions import db
from contest.models import Assignment, ImportRun, Score, ScoreSheet, SheetStatus, User
from contest.services import DomainError
from contest.services.audit import insert_events
from contest.services.import_runs import tag_rows
from contest.services.scoring import finalise_sheet, parse_score, save_sheet

SheetPlan = Any  # contest.imports.scores.SheetPlan, which imports this module


SHEETS_BATCH = 2000  # sheets written per round of INSERTs: bounds the memory of the values


def write_new_sheets(plans: list[SheetPlan], *, actor: User | None, now: datetime,
                     run: ImportRun | None = None) -> int:
    """Store the sheets that have none yet (adding missing assignments), SHEETS_BATCH at a
    time, tagged with the import's run when given; the number of assignments added."""
    return sum(_write_batch(plans[start:start + SHEETS_BATCH], actor=actor, now=now, run=run)
               for start in range(0, len(plans), SHEETS_BATCH))


def _write_batch(plans: list[SheetPlan], *, actor: User | None, now: datetime,
                 run: ImportRun | None) -> int:
    missing = [plan for plan in plans if plan.assignment is None]
    tagged = {"import": run.id} if run is not None else {}  # in the audit events' values
    assignment_ids = {plan.key: plan.assignment.id for plan in plans
                      if plan.assignment is not None}
    if missing:
        assignment_ids.update(
            ((row.entry_id, row.judge_id, row.round), row.id)
            for row in db.session.execute(
                insert(Assignment).returning(Assignment.id, Assignment.entry_id,
                                             Assignment.judge_id, Assignment.round),
                [{"entry_id": plan.entry.id, "judge_id": plan.judge.id, "round": plan.round,
                  "created_at": now} for plan in missing]))
        insert_events(actor=actor, action="assignment.add", object_type="entry", now=now,
                      changes=[(plan.entry.id, {"judge": plan.judge.user.email,
                                                "round": plan.round, **tagged})
                                for plan in missing])
    sheet_ids = dict(db.session.execute(
        insert(ScoreSheet.__table__).returning(  # Core: the version is the one given
            ScoreSheet.assignment_id, ScoreSheet.id),
        [{"assignment_id": assignment_ids[plan.key], "on_paper": True, "comment": "",
          "status": SheetStatus.FINAL if plan.complete else SheetStatus.DRAFT,
          "finalised_at": now if plan.complete else None, "updated_at": now,
          "version": 2 if plan.complete else 1}  # saved, then finalised: as the judge's page
         for plan in plans]).all())
    scores = {plan.key: _values(plan) for plan in plans}
    db.session.execute(insert(Score), [
        {"sheet_id": sheet_ids[assignment_ids[plan.key]], "criterion_id": criterion.id,
         "value": value, "comment": comment}
        for plan in plans for criterion, (value, comment) in scores[plan.key].items()])
    if run is not None:  # a new assignment's sheet and scores go with it
        tag_rows(run, "assignment", [assignment_ids[plan.key] for plan in missing])
        tag_rows(run, "score_sheet", [sheet_ids[plan.assignment.id] for plan in plans
                                      if plan.assignment is not None])
    saved = {plan.key: _audited(plan, scores[plan.key]) for plan in plans}
    insert_events(actor=actor, action="sheet.save", object_type="entry", now=now, changes=[
        (plan.entry.id, {**saved[plan.key], "status": SheetStatus.DRAFT.value, **tagged})
        for plan in plans])
    insert_events(actor=actor, action="sheet.finalise", object_type="entry", now=now, changes=[
        (plan.entry.id, {**saved[plan.key], "status": SheetStatus.FINAL.value,
                         "total": str(sum((value for value, _c in scores[plan.key].values()),
                                          Decimal(0))), **tagged})
        for plan in plans if plan.complete])
    return len(missing)


def replace_drafts(plans: list[SheetPlan], *, actor: User | None, now: datetime) -> None:
    """Overwrite judges' drafts with the file's sheets through the judge's own rules."""
    if not plans:
        return
    loaded = {assignment.id: assignment for assignment in db.session.scalars(
        select(Assignment).options(selectinload(Assignment.sheet).selectinload(ScoreSheet.scores))
        .where(Assignment.id.in_([plan.assignment.id for plan in plans])))}
    for plan in plans:
        assignment = loaded[plan.assignment.id]
        save_sheet(assignment=assignment, actor=actor, scores=plan.scores(),
                   expected_version=plan.version, now=now, on_paper=True)
        if plan.complete:
            finalise_sheet(assignment=assignment, actor=actor, now=now)


def _values(plan: SheetPlan) -> dict:
    """criterion → (score, comment) of a new sheet, ordered by criterion id as stored."""
    values = {}
    for row in sorted(plan.rows, key=lambda row: row.values["criterion_code"].id):
        criterion = row.values["criterion_code"]
        comment = (row.values["comment"] or "").strip() if plan.comments else ""
        values[criterion] = (parse_score(row.values["score"], criterion), comment)
    return values


def _audited(plan: SheetPlan, scores: dict) -> dict:
    """scoring.sheet_values of the new sheet, without its status."""
    return {"judge": plan.judge.user.email,
            "scores": {criterion.code: (str(value) if value is not None else None)
                       for criterion, (value, _comment) in scores.items()},
            "comment": ""}


def sheets_by_rows(plans: list[SheetPlan], batch_rows: int) -> Iterator[list[SheetPlan]]:
    """The sheets in groups of about batch_rows file rows (a sheet is never split)."""
    chunk: list[SheetPlan] = []
    rows = 0
    for plan in plans:
        chunk.append(plan)
        rows += len(plan.rows)
        if rows >= batch_rows:
            yield chunk
            chunk, rows = [], 0
    if chunk:
        yield chunk


@contextmanager
def saved_meanwhile() -> Iterator[None]:
    """A judge's save since the file was checked: the whole import is refused."""
    try:
        yield
    except (StaleDataError, IntegrityError):
        raise DomainError(_l("Một phiếu chấm vừa được giám khảo lưu trong lúc nhập; chưa nhập "
                             "phiếu chấm nào. Hãy kiểm tra lại tệp rồi nhập lại.")) from None
