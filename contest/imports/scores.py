"""Importing paper score sheets (FORMATS.md "scores"): every row checked first, then all or nothing.

The rows are grouped into one sheet per entry × judge × round. Scores are imported only while
the round is being judged (the rule the judge's sheet obeys). Each sheet is new, or replaces
a judge's draft (only when the import is told to), or is refused because it is finalised:
finalised sheets are never overwritten. A missing assignment is added; a sheet with a score
for every criterion of the edition is finalised, the others stay drafts.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l

from contest import clock
from contest.imports.entries import ImportRejected
from contest.imports.plan import Plan
from contest.imports.reader import Table
from contest.imports.schema import (
    MAX_ERRORS,
    ParsedRow,
    RowError,
    match_headers,
    validate,
)
from contest.imports.score_columns import (
    COLUMNS,
    SPEC,
    Placed,
    ScoresContext,
    SheetKey,
    load_context,
)
from contest.imports.score_writes import (
    SHEETS_BATCH,
    saved_meanwhile,
    sheets_by_rows,
    write_new_sheets,
)
from contest.imports.score_writes import replace_drafts as write_drafts
from contest.judging.conflicts import conflicted
from contest.models import Criterion, Edition, Entry, ImportRun, Judge, SheetStatus, User
from contest.services.audit import record_event
from contest.services.scoring import UNCHANGED, ScoreInput, parse_score, scoring_problem


@dataclass
class SheetPlan:
    """One score sheet of the file: an entry, a judge, a round and the rows that score it."""

    entry: Entry
    judge: Judge
    round: int
    assignment: Placed | None  # None: the import adds the missing assignment
    rows: list[ParsedRow] = field(default_factory=list)
    missing: list[Criterion] = field(default_factory=list)  # criteria with no score in the file
    # Taken when planned: the version of the sheet already saved (a draft: finalised ones are
    # refused) and how many scores it holds; None for a new sheet.
    version: int = 0
    draft_scores: int | None = None
    comments: bool = True  # the file has the comment column: else the stored ones are kept

    @property
    def number(self) -> int:
        return self.rows[0].number

    @property
    def key(self) -> SheetKey:
        return self.entry.id, self.judge.id, self.round

    @property
    def replaces_draft(self) -> bool:
        return self.draft_scores is not None

    @property
    def outcome(self) -> str:
        """What importing does to the sheet, as the preview and the command say it."""
        if self.draft_scores is None:
            return str(_l("Phiếu mới"))
        return str(_l("Thay bản nháp của giám khảo %(name)s (%(n)s điểm)",
                      name=self.judge.user.full_name, n=self.draft_scores))

    @property
    def complete(self) -> bool:
        return not self.missing

    def scores(self) -> dict[int, ScoreInput]:
        return {row.values["criterion_code"].id: ScoreInput(
            row.values["score"], (row.values["comment"] or "") if self.comments else UNCHANGED)
            for row in self.rows}

    @property
    def total(self) -> Decimal:
        return sum((parse_score(row.values["score"], row.values["criterion_code"])
                    for row in self.rows), Decimal(0))

    @property
    def values(self) -> dict[str, Any]:
        """The preview's cells (PREVIEW_COLUMNS)."""
        return {"entry": self.entry.code, "judge": self.judge.user, "round": self.round,
                "total": self.total, "missing": self.missing, "outcome": self.outcome,
                "new_assignment": self.assignment is None}


@dataclass
class ScoresImportResult:
    plans: list[SheetPlan] = field(default_factory=list)  # one per sheet written
    rows: int = 0
    assignments_added: int = 0
    drafts_replaced: int = 0

    @property
    def drafts(self) -> list[SheetPlan]:
        """The sheets left incomplete, kept as drafts."""
        return [plan for plan in self.plans if not plan.complete]

    @property
    def count(self) -> int:
        return len(self.plans)

    @property
    def final_count(self) -> int:
        return self.count - len(self.drafts)


def validate_scores(*, edition: Edition, table: Table
                    ) -> tuple[list[SheetPlan], list[RowError]]:
    """Every row parsed and checked, then grouped into sheets; nothing is written."""
    context = load_context(edition, table)
    rows, errors = validate(table, SPEC, context)
    if rows and len(errors) < MAX_ERRORS:  # else validation stopped early
        errors = sorted(errors + list(_file_errors(rows, context)), key=lambda e: e.row)
    if errors:
        return [], errors
    positions, _errors = match_headers(table, SPEC)
    comments = any(column.name == "comment" for column in positions.values())
    return _plan(rows, context, comments), []


def import_scores(*, edition: Edition, actor: User | None, table: Table,
                  progress: Callable[[int], None] | None = None,
                  replace_drafts: bool = False) -> ScoresImportResult:
    """Save one paper sheet per entry × judge × round of the file, finalising the complete
    ones; or raise ImportRejected and change nothing. Judges' drafts are replaced only with
    replace_drafts. All in the caller's transaction."""
    return plan_scores(edition=edition, actor=actor, table=table, batch_rows=SHEETS_BATCH * 3,
                       replace_drafts=replace_drafts).run_all(progress)


def plan_scores(*, edition: Edition, actor: User | None, table: Table, batch_rows: int,
                replace_drafts: bool = False) -> Plan:
    """Check every row (ImportRejected if any is bad), then plan the batches of new sheets;
    the judges' drafts are replaced in the last transaction, the one that marks the import
    done, so that a failure leaves them as they were with nothing to restore."""
    plans, errors = validate_scores(edition=edition, table=table)
    if errors:
        raise ImportRejected(errors, _l("Tệp có %(n)s lỗi; chưa nhập phiếu chấm nào.",
                                        n=len(errors)))
    drafts = [plan for plan in plans if plan.replaces_draft]
    if drafts and not replace_drafts:
        raise DraftsInTheWay(drafts)
    result = ScoresImportResult(plans=plans, rows=sum(len(plan.rows) for plan in plans),
                                drafts_replaced=len(drafts))
    now = clock.now()

    def batch(chunk: list[SheetPlan]):
        def write(run: ImportRun | None) -> int:
            with saved_meanwhile():
                result.assignments_added += write_new_sheets(chunk, actor=actor, now=now,
                                                             run=run)
            return sum(len(plan.rows) for plan in chunk)
        return write

    def finish(run: ImportRun | None) -> ScoresImportResult:
        with saved_meanwhile():
            write_drafts(drafts, actor=actor, now=now)
        record_event(actor=actor, action="edition.import_scores", target=edition, after={
            "sheets": result.count, "final": result.final_count, "rows": result.rows,
            "replaced_drafts": result.drafts_replaced, "file": table.name,
            **({"import": run.id} if run else {})})
        return result

    new = [plan for plan in plans if not plan.replaces_draft]
    return Plan(result.rows, [batch(chunk) for chunk in sheets_by_rows(new, batch_rows)], finish)


class DraftsInTheWay(ImportRejected):
    """The file would replace judges' drafts and the import was not told to: nothing done."""

    def __init__(self, drafts: list[SheetPlan]):
        super().__init__([RowError(plan.number, COLUMNS[1].title, str(_l(
            "Phiếu chấm vòng %(round)s cho hồ sơ %(code)s sẽ thay bản nháp của giám khảo "
            "%(name)s (%(email)s), %(n)s điểm; chỉ thay khi được xác nhận.",
            round=plan.round, code=plan.entry.code, name=plan.judge.user.full_name,
            email=plan.judge.user.email, n=plan.draft_scores))) for plan in drafts],
            _l("Tệp sẽ thay %(n)s bản nháp giám khảo đã lưu; chưa nhập phiếu chấm nào. Hãy xác "
               "nhận thay các bản nháp này rồi nhập lại.", n=len(drafts)))
        self.drafts = drafts


def _sheet_key(values: dict[str, Any], edition: Edition) -> SheetKey | None:
    """The sheet a row scores; None when a cell that names it is invalid."""
    if values.get("entry_code") is None or values.get("judge_email") is None \
            or "round" not in values:
        return None
    return (values["entry_code"].id, values["judge_email"].id,
            values["round"] or edition.current_round)


def _file_errors(rows: list[ParsedRow], context: ScoresContext) -> Iterator[RowError]:
    """Checks across rows and against the database: conflicts of interest, the round being
    judged and finalised sheets (one line per sheet), the same score given twice."""
    judge_title, criterion_title = COLUMNS[1].title, COLUMNS[2].title
    in_conflict: dict[tuple[int, int], bool] = {}
    refused: dict[SheetKey, bool] = {}
    first_seen: dict[tuple[SheetKey, int], int] = {}
    for row in rows:
        key = _sheet_key(row.values, context.edition)
        if key is None:
            continue
        entry, judge = row.values["entry_code"], row.values["judge_email"]
        if key[:2] not in in_conflict:
            in_conflict[key[:2]] = conflicted(judge.user.unit_id, context.units[entry.id],
                                              (judge.id, entry.id) in context.declared)
        if in_conflict[key[:2]]:
            yield RowError(row.number, judge_title, str(_l(
                "%(name)s có xung đột lợi ích với hồ sơ %(code)s; không nhận điểm của giám "
                "khảo này cho hồ sơ này.", name=judge.user.full_name, code=entry.code)))
            continue
        if key not in refused:
            problem = _sheet_refusal(key, entry, judge, context)
            refused[key] = problem is not None
            if problem is not None:
                yield RowError(row.number, problem[0], problem[1])
        if refused[key]:
            continue
        criterion = row.values.get("criterion_code")
        if criterion is None:
            continue
        if (key, criterion.id) in first_seen:
            yield RowError(row.number, criterion_title, str(_l(
                "Trùng với dòng %(other)s: cùng hồ sơ, giám khảo, vòng và tiêu chí.",
                other=first_seen[key, criterion.id])))
        else:
            first_seen[key, criterion.id] = row.number


def _sheet_refusal(key: SheetKey, entry: Entry, judge: Judge, context: ScoresContext
                   ) -> tuple[str, str] | None:
    """Why this sheet of the file cannot be written at all: (column title, message), or None."""
    problem = scoring_problem(context.edition, key[2])
    if problem is not None:
        return COLUMNS[4].title, problem
    placed = context.assignments.get(key)
    if placed is None or placed.status != SheetStatus.FINAL:
        return None
    where = {"round": key[2], "name": judge.user.full_name, "email": judge.user.email,
             "code": entry.code}
    if placed.on_paper:
        message = _l("Từ chối: phiếu chấm vòng %(round)s của giám khảo %(name)s (%(email)s) "
                     "cho hồ sơ %(code)s đã hoàn tất (nhập từ phiếu giấy); nhập từ tệp không "
                     "ghi đè phiếu đã hoàn tất. Nếu cần sửa, hãy mở lại phiếu trước.", **where)
    else:
        message = _l("Từ chối: phiếu chấm vòng %(round)s của giám khảo %(name)s (%(email)s) "
                     "cho hồ sơ %(code)s đã được giám khảo hoàn tất trực tuyến; nhập từ tệp "
                     "không ghi đè phiếu đã hoàn tất. Nếu cần sửa, hãy mở lại phiếu trước.",
                     **where)
    return COLUMNS[1].title, str(message)


def _plan(rows: list[ParsedRow], context: ScoresContext, comments: bool) -> list[SheetPlan]:
    """The valid rows grouped by sheet, in the order of the file."""
    plans: dict[SheetKey, SheetPlan] = {}
    for row in rows:
        key = _sheet_key(row.values, context.edition)
        plan = plans.get(key)
        if plan is None:
            plan = plans[key] = SheetPlan(
                entry=row.values["entry_code"], judge=row.values["judge_email"], round=key[2],
                assignment=context.assignments.get(key), comments=comments)
        plan.rows.append(row)
    for plan in plans.values():
        if plan.assignment is not None and plan.assignment.has_sheet:
            plan.version = plan.assignment.version
            plan.draft_scores = plan.assignment.scores
        scored = {row.values["criterion_code"].id for row in plan.rows}
        plan.missing = [c for c in context.edition.criteria if c.id not in scored]
    return list(plans.values())
