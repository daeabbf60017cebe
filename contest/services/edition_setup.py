"""Edition set-up: the settings organisers change between editions, and the scoring lock.

Every function here checks all its input first and raises SetupProblems (one message per
form field) before it changes anything, so a caller may run several in one transaction,
collect their problems and roll back once. Fields, criteria and award tiers are in
contest.services.edition_tables.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.extensions import db
from contest.models import Edition, Phase, User
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.result_settings import RESULT_KEYS, clean_result_values, result_problems
from contest.text import fold

SCORING_PHASES = frozenset({Phase.JUDGING, Phase.PROVISIONAL, Phase.FINAL})
DATE_CHAIN = ("registration_opens_at", "submission_deadline_at", "judging_starts_at",
              "judging_ends_at")
DATE_NAMES = {
    "registration_opens_at": _l("Mở đăng ký"),
    "submission_deadline_at": _l("Hạn nộp hồ sơ"),
    "judging_starts_at": _l("Bắt đầu chấm"),
    "judging_ends_at": _l("Kết thúc chấm"),
}
# Whole-number settings and their allowed ranges; the nullable ones may be left empty.
NUMBER_RANGES = {
    "number": (1, 999),
    "max_authors": (1, 20),
    "judges_per_entry": (1, 50),
    "rounds": (1, 2),
    "attachment_max_mb": (1, 100),
    "max_photos": (1, 50),
    "max_documents": (1, 50),
    "section_max_chars": (100, 50_000),
    "min_author_age": (1, 100),
    "applied_since_year": (1900, 2100),
    "objection_days": (1, 90),
}
NULLABLE = frozenset({"min_author_age", "applied_since_year", "birth_date_from", "birth_date_to",
                      *DATE_CHAIN})
# Changing these once judges have scored would change or invalidate existing score sheets.
LOCKED_ONCE_SCORING = ("judges_per_entry", "blind_judging", "rounds")
SETTING_KEYS = frozenset({"year_label", "blind_judging", "show_scores", "birth_date_from",
                          "birth_date_to",
                          *NUMBER_RANGES, *DATE_CHAIN, *RESULT_KEYS})
REQUIRED = _l("Vui lòng nhập thông tin này.")
CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class SetupProblem:
    """A problem with one input: `key` names the setting or column, `row` the table row."""

    key: str
    message: str
    row: int | None = None


class SetupProblems(DomainError):
    """The set-up cannot be saved: one problem per input."""

    def __init__(self, problems: list[SetupProblem]):
        super().__init__(_l("Chưa lưu được: hãy sửa các ô được đánh dấu."))
        self.problems = problems


def scoring_started(edition: Edition) -> bool:
    """True once judges may have scored: from the judging phase on.

    Score sheets arrive in a later issue; it will also answer True once any sheet exists.
    """
    return edition.phase in SCORING_PHASES


def update_edition_settings(*, edition: Edition, actor: User | None,
                            values: dict[str, Any]) -> bool:
    """Change label, number, dates, eligibility, limits and result settings (see
    contest.services.result_settings); returns False if nothing changed."""
    unknown = values.keys() - SETTING_KEYS
    if unknown:
        raise ValueError(f"not edition settings: {sorted(unknown)}")
    values = {key: value.strip() if isinstance(value, str) else value
              for key, value in values.items()}
    values = clean_result_values(values)
    merged = {key: getattr(edition, key) for key in SETTING_KEYS} | values
    problems = settings_problems(edition, merged)
    if problems:
        raise SetupProblems(problems)
    before, after = {}, {}
    for key, value in values.items():
        old = getattr(edition, key)
        if old != value:
            before[key], after[key] = plain(old), plain(value)
            setattr(edition, key, value)
    if after:
        record_event(actor=actor, action="edition.settings", target=edition,
                     before=before, after=after)
    return bool(after)


def settings_problems(edition: Edition, merged: dict[str, Any]) -> list[SetupProblem]:
    """Every problem of the settings as they would be after the change."""
    problems: list[SetupProblem] = []
    add = lambda key, message: problems.append(SetupProblem(key, str(message)))  # noqa: E731
    label = merged["year_label"] or ""
    if not label:
        add("year_label", REQUIRED)
    elif len(label) > 20 or not re.search(r"\d{4}", label):
        add("year_label", _l("Nhãn năm có tối đa 20 ký tự và có năm bắt đầu, ví dụ 2025–2026."))
    for key, (low, high) in NUMBER_RANGES.items():
        value = merged[key]
        if value is None:
            if key not in NULLABLE:
                add(key, REQUIRED)
        elif not low <= value <= high:
            add(key, _l("Hãy nhập một số từ %(low)s đến %(high)s.", low=low, high=high))
    if merged["number"] is not None and merged["number"] != edition.number and db.session.scalar(
            select(Edition.id).where(Edition.contest_id == edition.contest_id,
                                     Edition.number == merged["number"],
                                     Edition.id != edition.id)) is not None:
        add("number", _l("Cuộc thi này đã có lần thứ %(number)s.", number=merged["number"]))
    problems.extend(date_order_problems(merged))
    born_from, born_to = merged["birth_date_from"], merged["birth_date_to"]
    if (born_from is None) != (born_to is None):
        add("birth_date_to" if born_to is None else "birth_date_from",
            _l("Hãy nhập cả hai ngày của khoảng ngày sinh, hoặc để trống cả hai."))
    elif born_from is not None and born_from >= born_to:
        add("birth_date_to", _l("Ngày cuối phải sau ngày đầu của khoảng ngày sinh."))
    if scoring_started(edition):
        for key in LOCKED_ONCE_SCORING:
            if merged[key] != getattr(edition, key):
                add(key, _l("Đã bắt đầu chấm điểm: không thể đổi thiết lập này."))
    problems.extend(SetupProblem(key, message) for key, message in result_problems(edition, merged))
    return problems


def date_order_problems(merged: dict[str, Any]) -> list[SetupProblem]:
    """The dates that come before an earlier step: registration, deadline, judging, objections."""
    problems = []
    last_key = None
    for key in DATE_CHAIN:
        value = merged[key]
        if value is None:
            continue
        if value.tzinfo is None:
            raise ValueError(f"{key} must be an aware datetime")
        last = merged[last_key] if last_key else None
        if last is not None and (value < last or (value == last and key == DATE_CHAIN[1])):
            problems.append(SetupProblem(key, str(_l(
                "Thời điểm này phải sau “%(other)s”.", other=DATE_NAMES[last_key]))))
        last_key = key
    return problems


def check_code(code: str, taken: set[str], max_length: int) -> str | None:
    """Why `code` is not usable (malformed, too long or already taken), or None."""
    if not CODE_PATTERN.fullmatch(code) or len(code) > max_length:
        return str(_l("Mã chỉ gồm chữ thường không dấu, số và dấu gạch nối, tối đa %(n)s ký tự.",
                      n=max_length))
    if code in taken:
        return str(_l("Mã “%(code)s” bị trùng.", code=code))
    return None


def code_from_name(name: str, taken: set[str], max_length: int) -> str:
    """A code such as `moi-truong` from a Vietnamese name, unique among `taken`."""
    base = "-".join(re.findall(r"[a-z0-9]+", fold(name)))[:max_length].strip("-") or "ma"
    code, suffix = base, 2
    while code in taken:
        tail = f"-{suffix}"
        code = base[:max_length - len(tail)] + tail
        suffix += 1
    return code


def decimal_problem(value: Decimal | None, *, positive: bool) -> str | None:
    """Why a score value is unusable: missing, negative (or zero), or finer than 0.01."""
    if value is None:
        return str(REQUIRED)
    if positive and value <= 0:
        return str(_l("Phải lớn hơn 0."))
    if value < 0:
        return str(_l("Không được âm."))
    if value != value.quantize(Decimal("0.01")):
        return str(_l("Tối đa hai chữ số thập phân."))
    return None


def plain(value: Any) -> Any:
    """A JSON-friendly copy of a setting value for the audit log."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value
