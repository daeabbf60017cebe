"""Result settings of an edition: ranking method, award rules, rounds and national selection."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import AuditEvent, ContestKind, Phase
from contest.services.edition_setup import SetupProblem, SetupProblems, update_edition_settings
from tests import factories

RESULTS = ("ranking_method", "awards_per_field", "tie_policy", "disagreement_threshold",
           "final_round_threshold", "final_round_top_n", "national_count",
           "national_cap_per_field", "national_min_tier")
RANKING_LOCKED = "Kết quả chính thức đã công bố: không thể đổi thiết lập xếp hạng."


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def snapshot(edition) -> dict:
    return {key: getattr(edition, key) for key in RESULTS}


def problems_of(edition, values) -> list[SetupProblem]:
    with pytest.raises(SetupProblems) as raised:
        update_edition_settings(edition=edition, actor=None, values=values)
    return raised.value.problems


def test_a_valid_change_is_saved_and_audited(ctx):
    edition = factories.make_edition(phase=Phase.JUDGING)  # scoring does not lock them
    changed = {"ranking_method": "zscore", "awards_per_field": True, "tie_policy": "none",
               "disagreement_threshold": Decimal("15.5"), "final_round_threshold": Decimal(70),
               "final_round_top_n": 3, "national_count": 12, "national_cap_per_field": 4,
               "national_min_tier": "nhi"}
    assert update_edition_settings(edition=edition, actor=None, values=changed) is True
    assert snapshot(edition) == changed
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "edition.settings"))
    assert event.before == {
        "ranking_method": "mean", "awards_per_field": False, "tie_policy": "flag",
        "disagreement_threshold": "20", "final_round_threshold": "60",
        "final_round_top_n": None, "national_count": 20, "national_cap_per_field": None,
        "national_min_tier": None}
    assert event.after == {
        "ranking_method": "zscore", "awards_per_field": True, "tie_policy": "none",
        "disagreement_threshold": "15.5", "final_round_threshold": "70",
        "final_round_top_n": 3, "national_count": 12, "national_cap_per_field": 4,
        "national_min_tier": "nhi"}
    # An empty minimum tier means none; the same values again change nothing.
    assert update_edition_settings(edition=edition, actor=None,
                                   values={"national_min_tier": ""}) is True
    assert edition.national_min_tier is None
    assert update_edition_settings(edition=edition, actor=None, values={
        "national_min_tier": None, "final_round_threshold": Decimal("70.00")}) is False


@pytest.mark.parametrize("key, value, message", [
    ("ranking_method", "mode", "Hãy chọn một phương pháp xếp hạng trong danh sách."),
    ("tie_policy", "random", "Hãy chọn một cách xử lý đồng hạng trong danh sách."),
    ("disagreement_threshold", Decimal(-1), "Không được âm."),
    ("disagreement_threshold", None, "Vui lòng nhập thông tin này."),
    ("final_round_threshold", Decimal("100.01"), "Không được vượt tổng điểm tối đa 100."),
    ("final_round_threshold", Decimal("60.125"), "Tối đa hai chữ số thập phân."),
    ("final_round_top_n", 0, "Hãy nhập một số từ 1 đến 10000."),
    ("national_count", -1, "Hãy nhập một số từ 0 đến 10000."),
    ("national_count", None, "Vui lòng nhập thông tin này."),
    ("national_cap_per_field", 0, "Hãy nhập một số từ 1 đến 10000."),
    ("national_min_tier", "vang", "Hãy chọn một giải của lần tổ chức này."),
])
def test_each_bad_value_is_named_at_its_field(ctx, key, value, message):
    edition = factories.make_edition(phase=Phase.DRAFT)
    before = snapshot(edition)
    found = problems_of(edition, {key: value, "max_photos": 4})
    assert found == [SetupProblem(key, message)]
    assert snapshot(edition) == before and edition.max_photos == 10  # nothing saved


def test_bounds_follow_the_edition(ctx):
    edition = factories.make_edition(ContestKind.TECHNICAL, phase=Phase.DRAFT)
    assert update_edition_settings(edition=edition, actor=None, values={
        "national_count": 0, "final_round_threshold": Decimal(100),
        "disagreement_threshold": Decimal(0), "national_min_tier": "kk"})
    edition.criteria[0].max_score = 20  # the total falls to 90
    assert problems_of(edition, {"final_round_threshold": Decimal(95)}) == [
        SetupProblem("final_round_threshold", "Không được vượt tổng điểm tối đa 90.")]


def test_official_publication_locks_the_ranking_settings(ctx):
    edition = factories.make_edition(phase=Phase.FINAL, final_published_at=clock.now())
    found = problems_of(edition, {"ranking_method": "median", "awards_per_field": True,
                                  "disagreement_threshold": Decimal(20),  # unchanged
                                  "final_round_top_n": 2})
    assert found == [SetupProblem("ranking_method", RANKING_LOCKED),
                     SetupProblem("awards_per_field", RANKING_LOCKED),
                     SetupProblem("final_round_top_n", RANKING_LOCKED)]
    assert edition.ranking_method == "mean" and edition.final_round_top_n is None
    # The national selection comes after the official results, until its list is locked.
    assert update_edition_settings(edition=edition, actor=None, values={"national_count": 15})
    edition.national_locked_at = clock.now()
    assert problems_of(edition, {"national_count": 10, "national_min_tier": "ba"}) == [
        SetupProblem("national_count",
                     "Danh sách dự thi toàn quốc đã khóa: không thể đổi thiết lập này."),
        SetupProblem("national_min_tier",
                     "Danh sách dự thi toàn quốc đã khóa: không thể đổi thiết lập này.")]
    assert edition.national_count == 15
