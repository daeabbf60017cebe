"""An edition's fields, criteria and award tiers, each replaced as a whole table.

Rows are matched by code and updated in place, so ids (and what refers to them) stay stable;
a blank code is derived from the name. Each function checks every row before changing
anything and raises SetupProblems with the row index of each problem.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.extensions import db
from contest.i18n import show_points
from contest.models import AwardTier, Criterion, Edition, Entry, Field, User
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.edition_setup import (
    REQUIRED,
    SetupProblem,
    SetupProblems,
    check_code,
    code_from_name,
    decimal_problem,
    scoring_started,
)

FIELD_CODE_MAX = CRITERION_CODE_MAX = 40
TIER_CODE_MAX = 20


@dataclass(frozen=True)
class FieldRow:
    code: str
    name: str


@dataclass(frozen=True)
class CriterionRow:
    code: str
    name: str
    description: str = ""
    max_score: Decimal | None = None
    step: Decimal | None = None
    tie_break_priority: int | None = None


@dataclass(frozen=True)
class AwardTierRow:
    code: str
    name: str
    min_score: Decimal | None = None
    quota: int | None = None


class _Problems:
    """Collects row problems; `codes` assigns each row its code (given or derived)."""

    def __init__(self) -> None:
        self.items: list[SetupProblem] = []

    def add(self, key: str, message, row: int | None = None) -> None:
        self.items.append(SetupProblem(key, str(message), row))

    def codes(self, rows, max_length: int, name_length: int) -> list[str]:
        given = {row.code.strip() for row in rows if row.code.strip()}
        taken: set[str] = set()
        codes = []
        for index, row in enumerate(rows):
            code = row.code.strip() or code_from_name(row.name, given | taken, max_length)
            if not row.name.strip():
                self.add("name", REQUIRED, index)
            elif len(row.name.strip()) > name_length:
                self.add("name", _l("Tối đa %(n)s ký tự.", n=name_length), index)
            problem = check_code(code, taken, max_length)
            if problem:
                self.add("code", problem, index)
            taken.add(code)
            codes.append(code)
        return codes

    def raise_if_any(self) -> None:
        if self.items:
            raise SetupProblems(self.items)


def replace_fields(*, edition: Edition, actor: User | None, rows: list[FieldRow]) -> bool:
    """Set the edition's fields in this order; a field that has entries cannot be removed."""
    problems = _Problems()
    if not rows:
        problems.add("fields", _l("Cuộc thi cần ít nhất một lĩnh vực."))
    codes = problems.codes(rows, FIELD_CODE_MAX, 255)
    problems.raise_if_any()
    removed = [field for field in edition.fields if field.code not in codes]
    if removed:
        used = set(db.session.scalars(
            select(Entry.field_id).where(Entry.field_id.in_([f.id for f in removed])).distinct()))
        names = [f"“{field.name}”" for field in removed if field.id in used]
        if names:
            raise DomainError(_l("Không thể xóa lĩnh vực đã có hồ sơ dự thi: %(names)s.",
                                 names=", ".join(names)))
    before = [{"code": f.code, "name": f.name} for f in edition.fields]
    existing = {field.code: field for field in edition.fields}
    fields = []
    for position, (code, row) in enumerate(zip(codes, rows, strict=True), start=1):
        field = existing.get(code) or Field(code=code)
        field.name, field.position = row.name.strip(), position
        fields.append(field)
    edition.fields = fields
    after = [{"code": f.code, "name": f.name} for f in fields]
    return _audit(edition, actor, "edition.fields", before, after)


def replace_criteria(*, edition: Edition, actor: User | None,
                     rows: list[CriterionRow]) -> bool:
    """Set the criteria; once scoring started only names, descriptions and priorities change.

    A blank priority takes the first free number in row order. Award tier bands are checked
    against the new total by replace_award_tiers, so call that afterwards.
    """
    if scoring_started(edition):
        wanted = {(row.code.strip(), row.max_score, row.step) for row in rows}
        if wanted != {(c.code, c.max_score, c.step) for c in edition.criteria}:
            raise DomainError(_l("Đã bắt đầu chấm điểm: không thể sửa tiêu chí."))
    problems = _Problems()
    if not rows:
        problems.add("criteria", _l("Cần ít nhất một tiêu chí chấm điểm."))
    codes = problems.codes(rows, CRITERION_CODE_MAX, 255)
    for index, row in enumerate(rows):
        max_problem = decimal_problem(row.max_score, positive=True)
        step_problem = decimal_problem(row.step, positive=True)
        if max_problem:
            problems.add("max_score", max_problem, index)
        if step_problem:
            problems.add("step", step_problem, index)
        if not (max_problem or step_problem) and row.max_score % row.step != 0:
            problems.add("max_score", _l("Điểm tối đa phải là bội số của bước điểm %(step)s.",
                                         step=show_points(row.step)), index)
    priorities = fill_priorities([row.tie_break_priority for row in rows])
    seen: set[int] = set()
    for index, priority in enumerate(priorities):
        if not 1 <= priority <= len(rows):
            problems.add("tie_break_priority",
                         _l("Thứ tự ưu tiên phải từ 1 đến %(n)s.", n=len(rows)), index)
        elif priority in seen:
            problems.add("tie_break_priority",
                         _l("Thứ tự ưu tiên %(n)s bị trùng.", n=priority), index)
        seen.add(priority)
    problems.raise_if_any()
    before = [_criterion_dict(c) for c in edition.criteria]
    existing = {criterion.code: criterion for criterion in edition.criteria}
    criteria = []
    for position, (code, row, priority) in enumerate(zip(codes, rows, priorities, strict=True),
                                                      start=1):
        criterion = existing.get(code) or Criterion(code=code)
        criterion.name, criterion.description = row.name.strip(), row.description.strip()
        criterion.max_score, criterion.step = row.max_score, row.step
        criterion.tie_break_priority, criterion.position = priority, position
        criteria.append(criterion)
    edition.criteria = criteria
    after = [_criterion_dict(c) for c in criteria]
    return _audit(edition, actor, "edition.criteria", before, after)


def fill_priorities(given: list[int | None]) -> list[int]:
    """Blank tie-break priorities get the smallest numbers not given, in row order."""
    free = iter(n for n in range(1, len(given) + 1) if n not in given)
    return [priority if priority is not None else next(free, 0) for priority in given]


def replace_award_tiers(*, edition: Edition, actor: User | None,
                        rows: list[AwardTierRow]) -> bool:
    """Set the tiers, highest band first; an empty quota means no ceiling."""
    problems = _Problems()
    codes = problems.codes(rows, TIER_CODE_MAX, 100)
    max_total = edition.max_total
    for index, row in enumerate(rows):
        problem = decimal_problem(row.min_score, positive=False)
        if problem is None and row.min_score > max_total:
            problem = str(_l("Không được vượt tổng điểm tối đa %(total)s.",
                             total=show_points(max_total)))
        if problem:
            problems.add("min_score", problem, index)
        if row.quota is not None and row.quota < 0:
            problems.add("quota", _l("Không được âm; để trống nếu không giới hạn."), index)
    problems.raise_if_any()
    before = [_tier_dict(t) for t in edition.award_tiers]
    existing = {tier.code: tier for tier in edition.award_tiers}
    ordered = sorted(zip(codes, rows, strict=True), key=lambda pair: -pair[1].min_score)
    tiers = []
    for position, (code, row) in enumerate(ordered, start=1):
        tier = existing.get(code) or AwardTier(code=code)
        tier.name, tier.min_score, tier.quota = row.name.strip(), row.min_score, row.quota
        tier.position = position
        tiers.append(tier)
    edition.award_tiers = tiers
    after = [_tier_dict(t) for t in tiers]
    return _audit(edition, actor, "edition.award_tiers", before, after)


def _criterion_dict(c: Criterion) -> dict:
    return {"code": c.code, "name": c.name, "description": c.description,
            "max_score": _points(c.max_score), "step": _points(c.step),
            "tie_break_priority": c.tie_break_priority}


def _tier_dict(t: AwardTier) -> dict:
    return {"code": t.code, "name": t.name, "min_score": _points(t.min_score), "quota": t.quota}


def _points(value: Decimal) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def _audit(edition: Edition, actor: User | None, action: str, before: list, after: list) -> bool:
    if before == after:
        return False
    record_event(actor=actor, action=action, target=edition,
                 before={"rows": before}, after={"rows": after})
    return True
