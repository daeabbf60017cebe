"""Score sheets: drafts saved as the judge types, finalising, reopening; all audited."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from contest.clock import now
from contest.extensions import db
from contest.models import Assignment, Criterion, Phase, Score, ScoreSheet, SheetStatus, User
from contest.services import DomainError
from contest.services.audit import record_event


class StaleSheet(DomainError):
    """The sheet changed since the judge's page loaded it (another tab or device)."""


class ScoreProblems(DomainError):
    """Scores out of range or off the step: one message per criterion id."""

    def __init__(self, problems: dict[int, str]):
        super().__init__(_l("Có điểm không hợp lệ."))
        self.problems = problems


@dataclass(frozen=True)
class ScoreInput:
    value: str | Decimal | None  # as typed: "27,5", "27.5" or empty
    comment: str = ""


def parse_score(raw: str | Decimal | None, criterion: Criterion) -> Decimal | None:
    """The typed score as a Decimal inside 0..maximum on the criterion's step, or an error."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(str(_l("Điểm phải là một số."))) from None
    if not value.is_finite() or value < 0 or value > criterion.max_score:
        raise ValueError(str(_l("Điểm phải từ 0 đến %(max)s.", max=_plain(criterion.max_score))))
    if value % criterion.step != 0:
        raise ValueError(str(_l("Điểm phải theo bước %(step)s (ví dụ 0; %(step)s; %(two)s…).",
                                step=_plain(criterion.step), two=_plain(criterion.step * 2))))
    return value


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def judging_problem(assignment: Assignment) -> str | None:
    """Why scores cannot be changed now, or None."""
    edition = assignment.entry.edition
    if edition.phase != Phase.JUDGING:
        return str(_l("Cuộc thi hiện không trong giai đoạn chấm điểm."))
    if assignment.round != edition.current_round:
        return str(_l("Vòng chấm này đã kết thúc."))
    return None


def save_sheet(*, assignment: Assignment, actor: User, scores: dict[int, ScoreInput],
               comment: str, expected_version: int | None, on_paper: bool = False) -> ScoreSheet:
    """Store a draft (or paper) sheet; refuses stale versions and bad scores, changing nothing."""
    problem = judging_problem(assignment)
    if problem and not on_paper:
        raise DomainError(problem)
    sheet = assignment.sheet
    if sheet is not None and sheet.status == SheetStatus.FINAL:
        raise DomainError(_l("Phiếu chấm đã hoàn tất; chỉ Ban tổ chức mới mở lại được."))
    current_version = sheet.version if sheet is not None else 0  # 0: no sheet saved yet
    if expected_version is not None and current_version != expected_version:
        raise StaleSheet(_l("Phiếu chấm vừa được lưu ở một cửa sổ hoặc thiết bị khác. Điểm bạn "
                            "vừa nhập chưa được lưu; hãy tải lại trang để xem bản mới nhất."))
    criteria = {c.id: c for c in assignment.entry.edition.criteria}
    values, problems = {}, {}
    for criterion_id, given in scores.items():
        if criterion_id not in criteria:
            continue
        try:
            values[criterion_id] = (parse_score(given.value, criteria[criterion_id]),
                                    (given.comment or "").strip())
        except ValueError as error:
            problems[criterion_id] = str(error)
    if problems:
        raise ScoreProblems(problems)
    if sheet is None:
        sheet = ScoreSheet(assignment=assignment, on_paper=on_paper)
        db.session.add(sheet)
    before = sheet_values(sheet)
    existing = {s.criterion_id: s for s in sheet.scores}
    for criterion_id, (value, note) in values.items():
        score = existing.get(criterion_id)
        if score is None:
            sheet.scores.append(Score(criterion_id=criterion_id, value=value, comment=note))
        else:
            score.value, score.comment = value, note
    sheet.comment = (comment or "").strip()
    sheet.on_paper = sheet.on_paper or on_paper
    db.session.flush()
    after = sheet_values(sheet)
    if after != before:
        record_event(actor=actor, action="sheet.save", target=assignment.entry,
                     before=before or None, after=after)
    return sheet


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


def finalise_sheet(*, assignment: Assignment, actor: User, on_paper: bool = False) -> ScoreSheet:
    """Lock a complete sheet: every criterion scored."""
    problem = judging_problem(assignment)
    if problem and not on_paper:
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
    sheet.finalised_at = now()
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
