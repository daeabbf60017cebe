"""Aggregation methods, rounding and the per-entry flags, on hand-computed contests."""
from __future__ import annotations

from decimal import Decimal

import pytest

from contest.ranking import EntryInfo, RankingSettings, judge_diagnostics, rank_entries
from tests.ranking.builders import by_code, rank, scores, sheet


def totals(*values) -> list[tuple]:
    """One one-criterion sheet per judge, with these totals."""
    return [(value,) for value in values]


@pytest.mark.parametrize(("method", "entry_totals", "expected"), [
    ("mean", (80, 70, 90), "80.00"),
    ("mean", (80, 80, 81), "80.33"),  # 80.333...
    ("mean", (80, 81, 81), "80.67"),  # 80.666...
    ("mean", ("80.00", "80.01"), "80.01"),  # 80.005: half up, not half even (80.00)
    ("mean", ("70.12", "70.13"), "70.13"),  # 70.125
    ("mean", (75,), "75.00"),
    ("median", (60, 90, 70), "70.00"),  # odd: the middle one
    ("median", (95, 60, 90, 70), "80.00"),  # even: (70 + 90) / 2
    ("median", (70, "80.01"), "75.01"),  # 75.005, half up
    ("median", (10, 90, 91, 92, 100), "91.00"),
    ("trimmed", (50, 70, 80, 90, 100), "80.00"),  # 5 sheets: drop 50 and 100 -> mean of 70, 80, 90
    ("trimmed", (100, 40, 60, 70, 80, 90), "75.00"),  # 6: drop only 40 and 100 -> 300 / 4
    ("trimmed", (50, 50, 90, 100, 100), "80.00"),  # one of each extreme only: (50+90+100) / 3
    ("trimmed", (50, 70, 90, 100), "77.50"),  # 4 sheets: the plain mean
    ("trimmed", (60, 95), "77.50"),
])
def test_method_on_one_entry(method, entry_totals, expected):
    rows = rank({"A": totals(*entry_totals)}, method=method)
    assert scores(rows) == {"A": Decimal(expected)}


def test_methods_differ_on_the_same_entry_as_computed_by_hand():
    entry = {"A": totals(30, 70, 75, 80, 95)}
    assert {method: scores(rank(entry, method=method))["A"]
            for method in ("mean", "median", "trimmed")} == {
        "mean": Decimal("70.00"),  # 350 / 5
        "median": Decimal("75.00"),
        "trimmed": Decimal("75.00"),  # (70 + 75 + 80) / 3
    }


def test_score_is_a_decimal_with_two_places():
    row = rank({"A": totals(80, 80, 81)})[0]
    assert isinstance(row.score, Decimal)
    assert row.score.as_tuple().exponent == -2


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown method 'best'"):
        rank({"A": totals(80)}, method="best")


# z-score

A, B, C, D = 1, 2, 3, 4  # judges: A harsh, B lenient, C middling, D only two sheets


def zscore_example() -> list:
    return [
        sheet(1, A, 45), sheet(2, A, 45), sheet(3, A, 35), sheet(4, A, 35),
        sheet(1, B, 90), sheet(2, B, 80), sheet(3, B, 90), sheet(4, B, 80),
        sheet(1, C, 80), sheet(2, C, 60), sheet(3, C, 60), sheet(4, C, 80),
        sheet(1, D, 45), sheet(2, D, 85),
    ]


def test_zscore_as_computed_by_hand():
    """Four entries E1..E4, judges A, B, C score all four, D scores only E1 and E2.

    Raw totals      E1  E2  E3  E4   judge mean  population sd
      A (harsh)     45  45  35  35   40          5   (every deviation is ±5)
      B (lenient)   90  80  90  80   85          5
      C             80  60  60  80   70          10
      D (2 sheets)  45  85   -   -   fewer than 3 sheets: keeps raw totals
    z = (total - judge mean) / judge sd, so every z of A, B and C is +1 or -1:
      A: +1 +1 -1 -1   B: +1 -1 +1 -1   C: +1 -1 -1 +1
    Overall raw totals (all 14): sum 160 + 340 + 280 + 130 = 910, mean 910 / 14 = 65;
    squared deviations from 65: A 400+400+900+900 = 2600, B 625+225+625+225 = 1700,
    C 225+25+25+225 = 500, D 400+400 = 800; total 5600 / 14 = 400, population sd 20.
    Mapped back: 65 + z * 20, i.e. 85 for z = +1 and 45 for z = -1 (all inside 0..100).
      E1: (85 + 85 + 85 + 45 raw D) / 4 = 75.00
      E2: (85 + 45 + 45 + 85 raw D) / 4 = 65.00
      E3: (45 + 85 + 45) / 3 = 58.333.. -> 58.33
      E4: (45 + 45 + 85) / 3 = 58.33
    The plain means are E1 65.00, E2 67.50, E3 61.67, E4 65.00: z-scores put E1 first
    because its 45 from harsh A is that judge's best mark.
    """
    entries = [EntryInfo(entry_id, f"E{entry_id}") for entry_id in (1, 2, 3, 4)]
    zscore = rank_entries(entries, zscore_example(), RankingSettings(method="zscore"))
    mean = rank_entries(entries, zscore_example(), RankingSettings(method="mean"))
    assert scores(zscore) == {"E1": Decimal("75.00"), "E2": Decimal("65.00"),
                              "E3": Decimal("58.33"), "E4": Decimal("58.33")}
    assert scores(mean) == {"E1": Decimal("65.00"), "E2": Decimal("67.50"),
                            "E3": Decimal("61.67"), "E4": Decimal("65.00")}
    assert [row.code for row in zscore][:2] == ["E1", "E2"]
    assert [row.code for row in mean][:1] == ["E2"]


def test_zscore_clamps_mapped_totals_to_0_and_100():
    """Judge 1 gives E1..E4 60, 60, 60, 100 (mean 70, sd sqrt(300)); judge 2 gives E5..E8
    40, 40, 40, 0 (mean 30, sd sqrt(300)); so z = -1/sqrt(3) for the three equal marks and
    +sqrt(3) for E4, -sqrt(3) for E8. Judge 3 (two sheets, raw) gives E9 0 and E10 100.
    Overall: mean 500 / 10 = 50; squared deviations 3*100 + 2500 + 3*100 + 2500 + 2500 + 2500
    = 10600, population sd sqrt(1060) = 32.5576.
    E4: 50 + 1.7321 * 32.5576 = 106.39 -> 100; E8: 50 - 56.39 -> 0;
    E1..E3: 50 - 32.5576 / 1.7321 = 50 - 18.797 = 31.20; E5..E7: 50 + 18.797 = 68.80.
    """
    judge_marks = {1: {1: 60, 2: 60, 3: 60, 4: 100}, 2: {5: 40, 6: 40, 7: 40, 8: 0},
                   3: {9: 0, 10: 100}}
    sheets = [sheet(entry_id, judge_id, total)
              for judge_id, marks in judge_marks.items() for entry_id, total in marks.items()]
    entries = [EntryInfo(entry_id, f"E{entry_id}") for entry_id in range(1, 11)]
    rows = rank_entries(entries, sheets, RankingSettings(method="zscore", required_sheets=1))
    expected = {"E1": "31.20", "E2": "31.20", "E3": "31.20", "E4": "100.00",
                "E5": "68.80", "E6": "68.80", "E7": "68.80", "E8": "0.00",
                "E9": "0.00", "E10": "100.00"}
    assert scores(rows) == {code: Decimal(value) for code, value in expected.items()}


def test_zscore_with_only_few_sheet_judges_is_the_plain_mean():
    sheets = [sheet(1, 1, 80), sheet(1, 2, 70), sheet(2, 3, 50), sheet(2, 4, 61)]
    entries = [EntryInfo(1, "E1"), EntryInfo(2, "E2")]
    settings = RankingSettings(method="zscore", required_sheets=2)
    assert scores(rank_entries(entries, sheets, settings)) == {
        "E1": Decimal("75.00"), "E2": Decimal("55.50")}


def test_zscore_judge_who_gives_everyone_the_same_total_maps_to_the_overall_mean():
    """Judge 1 gives 70 to E1..E3 (sd 0, so z = 0); judge 2 gives 50, 60, 70 (mean 60, sd
    sqrt(200 / 3) = 8.1650, z = -1.2247, 0, +1.2247). Overall: 390 / 6 = 65, squared
    deviations 3*25 + 225 + 25 + 25 = 350, sd sqrt(350 / 6) = 7.6376; 1.2247 * 7.6376 = 9.3541.
    E1: (65 + 65 - 9.3541) / 2 = 60.32; E2: (65 + 65) / 2 = 65.00; E3: (65 + 74.3541) / 2
    = 69.677 -> 69.68."""
    sheets = [sheet(1, 1, 70), sheet(2, 1, 70), sheet(3, 1, 70),
              sheet(1, 2, 50), sheet(2, 2, 60), sheet(3, 2, 70)]
    entries = [EntryInfo(entry_id, f"E{entry_id}") for entry_id in (1, 2, 3)]
    rows = rank_entries(entries, sheets, RankingSettings(method="zscore", required_sheets=2))
    assert scores(rows) == {"E1": Decimal("60.32"), "E2": Decimal("65.00"),
                            "E3": Decimal("69.68")}


def test_zscore_ignores_sheets_of_entries_not_being_ranked():
    sheets = zscore_example() + [sheet(99, A, 0), sheet(99, B, 0), sheet(99, C, 0)]
    entries = [EntryInfo(entry_id, f"E{entry_id}") for entry_id in (1, 2, 3, 4)]
    rows = rank_entries(entries, sheets, RankingSettings(method="zscore"))
    assert scores(rows)["E1"] == Decimal("75.00")


# Flags, spread and standard deviation


@pytest.mark.parametrize(("sheet_count", "required", "flags"), [
    (2, 3, ("missing-sheets",)),
    (3, 3, ()),
    (4, 3, ()),
    (4, 5, ("missing-sheets",)),
    (1, 1, ()),
])
def test_missing_sheets_flag_when_fewer_complete_sheets_than_required(sheet_count, required,
                                                                       flags):
    rows = rank({"A": totals(*[80] * sheet_count)}, required_sheets=required)
    assert [(row.code, row.judges, row.flags) for row in rows] == [("A", sheet_count, flags)]


def test_entry_with_missing_sheets_is_still_listed_with_its_score_and_rank():
    rows = rank({"FULL": totals(70, 70, 70), "SHORT": totals(90, 90)}, required_sheets=3)
    assert [(row.code, row.rank, row.score, row.flags) for row in rows] == [
        ("SHORT", 1, Decimal("90.00"), ("missing-sheets",)),
        ("FULL", 2, Decimal("70.00"), ()),
    ]


@pytest.mark.parametrize(("entry_totals", "threshold", "flags"), [
    ((60, 81), 20, ("disagreement",)),  # range 21 > 20
    ((60, 80), 20, ()),  # range 20, equal to the threshold: not flagged
    ((60, "80.01"), 20, ("disagreement",)),
    ((60, 70, 75, 90), 20, ("disagreement",)),  # range 30
    ((70, 80), 9, ("disagreement",)),
    ((70, 80), 10, ()),
    ((80,), 0, ()),
])
def test_disagreement_flag_when_range_exceeds_threshold(entry_totals, threshold, flags):
    rows = rank({"A": totals(*entry_totals)}, disagreement_threshold=Decimal(threshold))
    assert rows[0].flags == flags


def test_disagreement_is_on_raw_totals_whatever_the_method():
    rows = rank({"A": totals(50, 80, 80, 80, 100)}, method="trimmed")
    assert (rows[0].score, rows[0].spread, rows[0].flags) == (
        Decimal("80.00"), Decimal("50.00"), ("disagreement",))


def test_both_flags_together():
    rows = rank({"A": totals(50, 90)}, required_sheets=3)
    assert rows[0].flags == ("disagreement", "missing-sheets")


@pytest.mark.parametrize(("entry_totals", "spread", "stdev"), [
    ((70, 90), "20.00", "10.00"),  # population sd: deviations ±10
    ((60, 70, 80), "20.00", "8.16"),  # sqrt(200 / 3) = 8.165
    ((75,), "0.00", "0.00"),
    (("70.5", "70.5", "70.5"), "0.00", "0.00"),
])
def test_spread_and_standard_deviation_of_totals(entry_totals, spread, stdev):
    row = rank({"A": totals(*entry_totals)})[0]
    assert (row.spread, row.stdev) == (Decimal(spread), Decimal(stdev))


def test_entry_totals_sum_the_criteria():
    rows = rank({"A": [(25, 30, "27.5"), (20, 30, "32.5")]})
    assert (rows[0].score, rows[0].criterion_means) == (Decimal("82.50"), ())


def test_entry_without_any_sheet_is_not_listed_and_stray_sheets_are_ignored():
    entries = [EntryInfo(1, "E1"), EntryInfo(2, "E2")]
    rows = rank_entries(entries, [sheet(1, 1, 80), sheet(3, 1, 10)],
                        RankingSettings(required_sheets=1))
    assert [row.code for row in rows] == ["E1"]


# Judge diagnostics


def test_judge_leniency_spread_and_sheet_count():
    """E1: judge 1 gives 60, judge 2 gives 80, judge 3 gives 70 (co-judge means: 75, 65, 70);
    E2: judge 1 gives 50, judge 2 gives 70 (co-judge means 70 and 50).
    Judge 1: gaps 60-75 = -15 and 50-70 = -20 -> leniency -17.50, totals 60, 50 -> sd 5.
    Judge 2: gaps 80-65 = +15, 70-50 = +20 -> +17.50, sd 5. Judge 3: 70-70 = 0, one sheet.
    """
    sheets = [sheet(1, 1, 60), sheet(1, 2, 80), sheet(1, 3, 70), sheet(2, 1, 50), sheet(2, 2, 70),
              sheet(3, 4, 90)]
    rows = judge_diagnostics(sheets)
    assert [(r.judge_id, r.sheets, r.mean_total, r.spread, r.leniency, r.flags)
            for r in rows] == [
        (1, 2, Decimal("55.00"), Decimal("5.00"), Decimal("-17.50"), ("few-sheets",)),
        (2, 2, Decimal("75.00"), Decimal("5.00"), Decimal("17.50"), ("few-sheets",)),
        (3, 1, Decimal("70.00"), Decimal("0.00"), Decimal("0.00"), ("few-sheets",)),
        (4, 1, Decimal("90.00"), Decimal("0.00"), None, ("few-sheets",)),
    ]


def test_judge_with_three_sheets_is_not_flagged():
    rows = judge_diagnostics([sheet(entry_id, 7, 70) for entry_id in (1, 2, 3)])
    assert [(r.judge_id, r.sheets, r.flags) for r in rows] == [(7, 3, ())]



def test_zscore_flags_entries_scored_by_a_judge_who_kept_raw_totals():
    """Judge 1 scores three entries (normalised); judge 2 only one (kept raw, flagged)."""
    entries = [EntryInfo(i, f"E{i}") for i in (1, 2, 3)]
    sheets = [sheet(1, 1, 80), sheet(2, 1, 70), sheet(3, 1, 60), sheet(3, 2, 50)]
    rows = by_code(rank_entries(entries, sheets, RankingSettings(method="zscore",
                                                                 required_sheets=1)))
    assert [rows[code].flags for code in ("E1", "E2", "E3")] == [(), (), ("raw-judge",)]
    plain = by_code(rank_entries(entries, sheets, RankingSettings(required_sheets=1)))
    assert plain["E3"].flags == ()
