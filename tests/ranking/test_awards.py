"""Awards: score bands, quotas as ceilings, per-field allocation, missing sheets and ties
across a quota boundary under each policy."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from contest.ranking import AwardTier, EntryInfo, RankingSettings, allocate_awards, rank_entries
from tests.ranking.builders import sheet

BANDS = {"nhat": 90, "nhi": 80, "ba": 70, "kk": 60}  # youth defaults (DOMAIN.md)


def tiers(**quotas) -> list[AwardTier]:
    """Youth tiers with the given quotas; a tier left out has no ceiling."""
    return [AwardTier(code, Decimal(low), quotas.get(code)) for code, low in BANDS.items()]


def ranked(totals: dict[str, object], fields: dict[str, str] | None = None,
           short: tuple[str, ...] = ()):
    """Ranked rows where each entry has two sheets with this total, entries in `short` one."""
    fields = fields or {}
    entries, sheets = [], []
    for entry_id, (code, total) in enumerate(totals.items(), start=1):
        entries.append(EntryInfo(entry_id, code, field_code=fields.get(code, "")))
        judges = (1,) if code in short else (1, 2)
        sheets += [sheet(entry_id, judge_id, total) for judge_id in judges]
    return rank_entries(entries, sheets, RankingSettings(required_sheets=2))


def awards(rows) -> dict[str, str | None]:
    return {row.code: row.award for row in rows}


def award_flags(rows) -> dict[str, tuple[str, ...]]:
    return {row.code: row.flags for row in rows if row.flags}


# Bands and quotas


def test_each_entry_gets_the_tier_of_its_band():
    rows = allocate_awards(ranked({"A": 95, "B": 85, "C": 75, "D": 65, "E": 55}), tiers())
    assert awards(rows) == {"A": "nhat", "B": "nhi", "C": "ba", "D": "kk", "E": None}


@pytest.mark.parametrize(("total", "award"), [
    (90, "nhat"), ("89.99", "nhi"), (80, "nhi"), ("79.99", "ba"), (70, "ba"), (60, "kk"),
    ("59.99", None), (0, None), (100, "nhat"),
])
def test_band_minimum_is_inclusive(total, award):
    rows = allocate_awards(ranked({"A": total}), tiers())
    assert awards(rows) == {"A": award}


def test_full_tier_sends_the_next_entries_to_the_next_tier_they_qualify_for():
    rows = allocate_awards(ranked({"A": 97, "B": 95, "C": 92, "D": 85, "E": 84}),
                           tiers(nhat=2, nhi=2))
    assert awards(rows) == {"A": "nhat", "B": "nhat", "C": "nhi", "D": "nhi", "E": "ba"}


def test_entry_below_a_band_falls_to_the_next_tier_even_when_the_higher_tier_has_room():
    rows = allocate_awards(ranked({"A": 88, "B": 72, "C": 61}), tiers(nhat=3, nhi=6, ba=8, kk=22))
    assert awards(rows) == {"A": "nhi", "B": "ba", "C": "kk"}


def test_quotas_are_ceilings_and_a_tier_may_stay_empty():
    """Nobody reaches 90, so there is no Nhất even though its quota is 3."""
    rows = allocate_awards(ranked({"A": 89, "B": 86, "C": 84, "D": 78}),
                           tiers(nhat=3, nhi=2, ba=8, kk=22))
    assert awards(rows) == {"A": "nhi", "B": "nhi", "C": "ba", "D": "ba"}


def test_when_every_tier_is_full_the_rest_get_nothing():
    rows = allocate_awards(ranked({"A": 99, "B": 98, "C": 97, "D": 96, "E": 95, "F": 94}),
                           tiers(nhat=1, nhi=1, ba=1, kk=1))
    assert awards(rows) == {"A": "nhat", "B": "nhi", "C": "ba", "D": "kk", "E": None, "F": None}


def test_zero_quota_tier_is_never_given():
    rows = allocate_awards(ranked({"A": 95, "B": 85}), tiers(nhat=0))
    assert awards(rows) == {"A": "nhi", "B": "nhi"}


def test_tiers_are_filled_best_first_whatever_order_they_are_given_in():
    rows = allocate_awards(ranked({"A": 95, "B": 85, "C": 75}), list(reversed(tiers(nhat=1))))
    assert awards(rows) == {"A": "nhat", "B": "nhi", "C": "ba"}


def test_optional_special_tier_above_nhat():
    special = [AwardTier("dac-biet", Decimal(95), 1), *tiers(nhat=1)]
    rows = allocate_awards(ranked({"A": 97, "B": 96, "C": 93}), special)
    assert awards(rows) == {"A": "dac-biet", "B": "nhat", "C": "nhi"}


# Per field


FIELDS = {"A": "cntt", "B": "cntt", "C": "co-khi", "D": "co-khi", "E": "y-duoc"}
FIELD_TOTALS = {"A": 96, "B": 94, "C": 92, "D": 91, "E": 83}


def test_per_field_quotas_apply_within_each_field():
    rows = allocate_awards(ranked(FIELD_TOTALS, FIELDS), tiers(nhat=1, nhi=1), per_field=True)
    assert awards(rows) == {"A": "nhat", "B": "nhi", "C": "nhat", "D": "nhi", "E": "nhi"}


def test_overall_quotas_apply_across_fields():
    rows = allocate_awards(ranked(FIELD_TOTALS, FIELDS), tiers(nhat=1, nhi=1), per_field=False)
    assert awards(rows) == {"A": "nhat", "B": "nhi", "C": "ba", "D": "ba", "E": "ba"}


def test_rows_keep_their_order_and_other_fields():
    rows = ranked(FIELD_TOTALS, FIELDS)
    awarded = allocate_awards(rows, tiers(nhat=1), per_field=True)
    assert [(r.code, r.rank, r.score, r.field_code) for r in awarded] == [
        (r.code, r.rank, r.score, r.field_code) for r in rows]


# Missing sheets


def test_entry_flagged_missing_sheets_gets_no_award_and_takes_no_place():
    rows = allocate_awards(ranked({"A": 98, "B": 93, "C": 91}, short=("A",)), tiers(nhat=1))
    assert awards(rows) == {"A": None, "B": "nhat", "C": "nhi"}
    assert award_flags(rows) == {"A": ("missing-sheets",)}


# Ties across a quota boundary

BOUNDARY = {"A": 96, "B": 92, "C": 92, "D": 91, "E": 85}


@pytest.mark.parametrize(("policy", "expected_awards", "expected_flags"), [
    pytest.param(
        "flag",
        {"A": "nhat", "B": None, "C": None, "D": "nhi", "E": "nhi"},
        {"B": ("quota-tie:nhat",), "C": ("quota-tie:nhat",)},
        id="flag: the tied get nothing and Nhất is closed to D"),
    pytest.param(
        "all",
        {"A": "nhat", "B": "nhat", "C": "nhat", "D": "nhi", "E": "nhi"},
        {"B": ("quota-exceeded",), "C": ("quota-exceeded",)},
        id="all: both tied get Nhất, D does not"),
    pytest.param(
        "none",
        {"A": "nhat", "B": "nhi", "C": "nhi", "D": "nhi", "E": "ba"},
        {},
        id="none: the tied compete for Nhì, Nhất is closed to D"),
])
def test_tie_across_the_quota_boundary(policy, expected_awards, expected_flags):
    """Nhất has 2 places: A takes one, B and C share rank 2 for the last one."""
    rows = allocate_awards(ranked(BOUNDARY), tiers(nhat=2, nhi=3), tie_policy=policy)
    assert [(row.code, row.rank) for row in rows][:3] == [("A", 1), ("B", 2), ("C", 2)]
    assert awards(rows) == expected_awards
    assert award_flags(rows) == expected_flags


def test_default_policy_is_flag():
    rows = allocate_awards(ranked(BOUNDARY), tiers(nhat=2, nhi=3))
    assert award_flags(rows) == {"B": ("quota-tie:nhat",), "C": ("quota-tie:nhat",)}


def test_policy_none_cascades_through_every_tier_too_small_for_the_tie():
    rows = allocate_awards(ranked({"A": 96, "B": 92, "C": 92, "D": 91}),
                           tiers(nhat=2, nhi=1, ba=3), tie_policy="none")
    assert awards(rows) == {"A": "nhat", "B": "ba", "C": "ba", "D": "ba"}


def test_policy_all_exceeds_only_the_boundary_tier():
    rows = allocate_awards(ranked({"A": 92, "B": 92, "C": 85, "D": 84}),
                           tiers(nhat=1, nhi=1), tie_policy="all")
    assert awards(rows) == {"A": "nhat", "B": "nhat", "C": "nhi", "D": "ba"}


@pytest.mark.parametrize("policy", ["flag", "all", "none"])
def test_tie_that_fits_the_quota_is_not_a_boundary_tie(policy):
    rows = allocate_awards(ranked({"A": 96, "B": 92, "C": 92, "D": 91}), tiers(nhat=3),
                           tie_policy=policy)
    assert (awards(rows), award_flags(rows)) == (
        {"A": "nhat", "B": "nhat", "C": "nhat", "D": "nhi"}, {})


def test_tie_below_every_band_is_not_flagged():
    rows = allocate_awards(ranked({"A": 50, "B": 50}), tiers(kk=1))
    assert (awards(rows), award_flags(rows)) == ({"A": None, "B": None}, {})


def test_award_flags_are_added_after_ranking_flags():
    rows = [replace(row, flags=("disagreement",)) if row.code == "B" else row
            for row in ranked({"A": 96, "B": 92, "C": 92})]
    awarded = allocate_awards(rows, tiers(nhat=2))
    assert award_flags(awarded) == {"B": ("disagreement", "quota-tie:nhat"),
                                    "C": ("quota-tie:nhat",)}


def test_per_field_boundary_tie_is_flagged_only_in_its_field():
    totals = {"A": 92, "B": 92, "C": 92}
    fields = {"A": "cntt", "B": "cntt", "C": "y-duoc"}
    rows = allocate_awards(ranked(totals, fields), tiers(nhat=1), per_field=True)
    assert awards(rows) == {"A": None, "B": None, "C": "nhat"}
    assert award_flags(rows) == {"A": ("quota-tie:nhat",), "B": ("quota-tie:nhat",)}


def test_unknown_policy_is_refused():
    with pytest.raises(ValueError, match="unknown tie policy 'random'"):
        allocate_awards(ranked({"A": 95}), tiers(), tie_policy="random")
