"""The result settings of an edition: ranking method, award rules, rounds, national selection.

Checked by contest.services.edition_setup.update_edition_settings together with the other
settings. Scoring does not lock them (organisers may rank again with another method after
judging); the official publication locks the ranking and award rules, and locking the
national list locks the national selection rules.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l

from contest.i18n import show_points
from contest.models import Edition
from contest.ranking.aggregate import METHODS
from contest.ranking.awards import TIE_POLICIES

RANKING_KEYS = ("ranking_method", "awards_per_field", "tie_policy", "disagreement_threshold",
                "final_round_threshold", "final_round_top_n")
NATIONAL_KEYS = ("national_count", "national_cap_per_field", "national_min_tier")
RESULT_KEYS = frozenset({*RANKING_KEYS, *NATIONAL_KEYS})
THRESHOLDS = ("disagreement_threshold", "final_round_threshold")
# Whole numbers and their ranges; all but national_count may be left empty.
COUNT_RANGES = {
    "final_round_top_n": (1, 10_000),
    "national_count": (0, 10_000),
    "national_cap_per_field": (1, 10_000),
}
REQUIRED = _l("Vui lòng nhập thông tin này.")
RANKING_LOCKED = _l("Kết quả chính thức đã công bố: không thể đổi thiết lập xếp hạng.")
NATIONAL_LOCKED = _l("Danh sách dự thi toàn quốc đã khóa: không thể đổi thiết lập này.")


def clean_result_values(values: dict[str, Any]) -> dict[str, Any]:
    """An empty minimum tier means no minimum."""
    if values.get("national_min_tier") == "":
        return values | {"national_min_tier": None}
    return values


def result_problems(edition: Edition, merged: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, message) for every problem of the result settings as they would be after the
    change; `merged` holds every setting."""
    problems: list[tuple[str, str]] = []

    def add(key: str, message) -> None:
        problems.append((key, str(message)))

    if merged["ranking_method"] not in METHODS:
        add("ranking_method", _l("Hãy chọn một phương pháp xếp hạng trong danh sách."))
    if merged["tie_policy"] not in TIE_POLICIES:
        add("tie_policy", _l("Hãy chọn một cách xử lý đồng hạng trong danh sách."))
    if not isinstance(merged["awards_per_field"], bool):
        raise ValueError("awards_per_field must be a bool")
    max_total = edition.max_total
    for key in THRESHOLDS:
        message = points_problem(merged[key], max_total)
        if message:
            add(key, message)
    for key, (low, high) in COUNT_RANGES.items():
        value = merged[key]
        if value is None:
            if key == "national_count":
                add(key, REQUIRED)
        elif not low <= value <= high:
            add(key, _l("Hãy nhập một số từ %(low)s đến %(high)s.", low=low, high=high))
    tier = merged["national_min_tier"]
    if tier is not None and tier not in {t.code for t in edition.award_tiers}:
        add("national_min_tier", _l("Hãy chọn một giải của lần tổ chức này."))
    for keys, locked, message in ((RANKING_KEYS, edition.final_published_at, RANKING_LOCKED),
                                  (NATIONAL_KEYS, edition.national_locked_at, NATIONAL_LOCKED)):
        if locked is not None:
            for key in keys:
                if merged[key] != getattr(edition, key):
                    add(key, message)
    return problems


def points_problem(value: Decimal | None, max_total: Decimal) -> str | None:
    """Why a threshold in points is unusable: missing, outside 0..max total, too fine."""
    if value is None:
        return str(REQUIRED)
    if value < 0:
        return str(_l("Không được âm."))
    if value > max_total:
        return str(_l("Không được vượt tổng điểm tối đa %(total)s.",
                      total=show_points(max_total)))
    if value != value.quantize(Decimal("0.01")):
        return str(_l("Tối đa hai chữ số thập phân."))
    return None
