"""Score sheets: drafts saved as the judge types, finalising, reopening; all audited."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from contest.extensions import db
from contest.i18n import show_number
from contest.models import (
    Assignment,
    Criterion,
    Edition,
    Phase,
    Score,
    ScoreSheet,
    SheetStatus,
    User,
)
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.phases import PHASE_NAMES
from contest.text import plain_decimal


class StaleSheet(DomainError):
    """The sheet changed since the judge's page loaded it (another tab or device)."""


class ScoreProblems(DomainError):
    """Scores out of range or off the step: one message per criterion id."""

    def __init__(self, problems: dict[int, str]):
        super().__init__(_l("Có điểm không hợp lệ."))
        self.problems = problems


class MissingVersion(DomainError):
    """A save that does not say which version of the sheet it changes: refused, never guessed."""


class _Unchanged:
    """A field the save does not carry: the stored value is kept (absent is not empty)."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()


@dataclass(frozen=True)
class ScoreInput:
    value: str | Decimal | None | _Unchanged = UNCHANGED  # as typed: "27,5", "27.5"; "" clears
    comment: str | _Unchanged = UNCHANGED


def parse_score(raw: str | Decimal | None, criterion: Criterion) -> Decimal | None:
    """The typed score as a Decimal inside 0..maximum on the criterion's step, or an error."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    value = raw if isinstance(raw, Decimal) else plain_decimal(str(raw))  # no 1e-400, NaN
    if value is None:
        raise ValueError(str(_l("Điểm phải là một số.")))
    if not value.is_finite() or value < 0 or value > criterion.max_score:
        raise ValueError(str(_l("Điểm phải từ 0 đến %(max)s.",
                                max=show_number(criterion.max_score))))
    if value % criterion.step != 0:
        raise ValueError(str(_l("Điểm phải theo bước %(step)s (ví dụ 0; %(step)s; %(two)s…).",
                                step=show_number(criterion.step),
                                two=show_number(criterion.step * 2))))
    return value


def scoring_problem(edition: Edition, round_number: int) -> str | None:
    """Why scores of this round of the edition may not be written now, or None: only while the
    edition is in its judging phase and the round is its current one. The judge's sheet and
    the paper sheets import both obey it."""
    if edition.phase != Phase.JUDGING:
        return str(_l("Điểm chỉ được chấm và nhập khi vòng chấm đang diễn ra; lần tổ chức này "
                      "đang ở giai đoạn “%(phase)s”.", phase=PHASE_NAMES[edition.phase]))
    if round_number != edition.current_round:
        return str(_l("Điểm chỉ được chấm và nhập khi vòng chấm đang diễn ra; đang chấm vòng "
                      "%(current)s, không phải vòng %(round)s.",
                      current=edition.current_round, round=round_number))
    return None


def judging_problem(assignment: Assignment) -> str | None:
    """Why the scores of this assignment cannot be changed now, or None."""
    return scoring_problem(assignment.entry.edition, assignment.round)


def save_sheet(*, assignment: Assignment, actor: User | None, scores: dict[int, ScoreInput],
               expected_version: int | None, now: datetime, comment: str | None = None,
               on_paper: bool = False) -> ScoreSheet:
    """Store a draft (or paper) sheet, changing only the fields given (a comment of None and
    UNCHANGED inputs keep what is stored); refuses a missing or stale version and bad scores,
    changing nothing."""
    problem = judging_problem(assignment)
    if problem:
        raise DomainError(problem)
    sheet = assignment.sheet
    if sheet is not None and sheet.status == SheetStatus.FINAL:
        raise DomainError(_l("Phiếu chấm đã hoàn tất; chỉ Ban tổ chức mới mở lại được."))
    if expected_version is None:
        raise MissingVersion(_l("Chưa lưu: yêu cầu lưu không kèm số phiên bản của phiếu chấm. "
                                "Hãy tải lại trang rồi nhập lại."))
    current_version = sheet.version if sheet is not None else 0  # 0: no sheet saved yet
    if current_version != expected_version:
        raise StaleSheet(_l("Phiếu chấm vừa được lưu ở một cửa sổ hoặc thiết bị khác. Điểm bạn "
                            "vừa nhập chưa được lưu; hãy tải lại trang để xem bản mới nhất."))
    changes = _parsed(scores, {c.id: c for c in assignment.entry.edition.criteria})
    if sheet is None:
        sheet = ScoreSheet(assignment=assignment, on_paper=on_paper)
        db.session.add(sheet)
    before = sheet_values(sheet)
    existing = {s.criterion_id: s for s in sheet.scores}
    changed = False
    for criterion_id, change in changes.items():
        score = existing.get(criterion_id)
        if score is None:
            score = Score(criterion_id=criterion_id, value=None, comment="")
            sheet.scores.append(score)
            changed = True
        for name, value in change.items():
            if getattr(score, name) != value:
                setattr(score, name, value)
                changed = True
    if comment is not None and sheet.comment != comment.strip():
        sheet.comment = comment.strip()
    if on_paper and not sheet.on_paper:
        sheet.on_paper = True
    if changed:
        sheet.updated_at = now  # the sheet's row changes too, so its version moves on
    db.session.flush()
    after = sheet_values(sheet)
    if after != before:
        record_event(actor=actor, action="sheet.save", target=assignment.entry,
                     before=before or None, after=after)
    return sheet


def _parsed(scores: dict[int, ScoreInput], criteria: dict[int, Criterion]
            ) -> dict[int, dict[str, Decimal | str | None]]:
    """The given fields by criterion, parsed ("value", "comment"); ScoreProblems if any is bad."""
    changes: dict[int, dict[str, Decimal | str | None]] = {}
    problems: dict[int, str] = {}
    for criterion_id, given in scores.items():
        if criterion_id not in criteria:
            continue
        change = changes.setdefault(criterion_id, {})
        if given.value is not UNCHANGED:
            try:
                change["value"] = parse_score(given.value, criteria[criterion_id])
            except ValueError as error:
                problems[criterion_id] = str(error)
        if given.comment is not UNCHANGED:
            change["comment"] = (given.comment or "").strip()
    if problems:
        raise ScoreProblems(problems)
    return {cid: change for cid, change in changes.items() if change}


def sheet_values(sheet: ScoreSheet) -> dict:
    """The audited view of a sheet: scores by criterion code, comments, status."""
    if sheet.id is None and not sheet.scores:
        return {}
    return {
        "judge": sheet.assignment.judge.user.email,
        "scores": {s.criterion.code: (str(s.value) if s.value is not None else None)
                   for s in sorted(sheet.scores, key=lambda s: s.criterion_id)
                   if s.criterion is not None},
        "comment": sheet.comment, "status": sheet.status.value,
    }


def finalise_sheet(*, assignment: Assignment, actor: User | None, now: datetime) -> ScoreSheet:
    """Lock a complete sheet: every criterion scored."""
    problem = judging_problem(assignment)
    if problem:
        raise DomainError(problem)
    sheet = assignment.sheet
    criteria = assignment.entry.edition.criteria
    scored = {s.criterion_id for s in sheet.scores if s.value is not None} if sheet else set()
    missing = [c.name for c in criteria if c.id not in scored]
    if missing:
        raise DomainError(_l("Chưa chấm: %(names)s.", names=", ".join(missing)))
    if sheet.status == SheetStatus.FINAL:
        return sheet
    sheet.status = SheetStatus.FINAL
    sheet.finalised_at = now
    db.session.flush()
    record_event(actor=actor, action="sheet.finalise", target=assignment.entry,
                 after={**sheet_values(sheet), "total": str(sheet.total)})
    return sheet


def reopen_sheet(*, sheet: ScoreSheet, actor: User, reason: str) -> None:
    """An organiser reopens a finalised sheet so that the judge can correct it (audited)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Hãy ghi lý do mở lại phiếu chấm."))
    if sheet.status != SheetStatus.FINAL:
        raise DomainError(_l("Phiếu chấm này chưa hoàn tất."))
    sheet.status = SheetStatus.DRAFT
    sheet.finalised_at = None
    db.session.flush()
    record_event(actor=actor, action="sheet.reopen", target=sheet.assignment.entry,
                 before={"status": "final", "judge": sheet.assignment.judge.user.email},
                 after={"status": "draft", "reason": reason})
