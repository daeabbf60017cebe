"""The tie chain, step by step: two-decimal score, criterion means in priority order, more
complete sheets, then a shared rank with the next rank skipped; never by id or code."""
from __future__ import annotations

from decimal import Decimal

import pytest

from contest.ranking import EntryInfo, RankingSettings, rank_entries
from tests.ranking.builders import CRITERIA, rank, ranks, sheet

PRIORITY = CRITERIA  # moi, ap-dung, hieu-qua


@pytest.mark.parametrize(("entries", "tie_break", "expected"), [
    pytest.param(
        {"A": [(30, 25, 25)], "B": [(28, 27, "25.01")]}, PRIORITY,
        {"B": 1, "A": 2},
        id="score at two decimals decides before criteria"),
    pytest.param(
        {"A": [(28, 27, "25.004")], "B": [(30, 25, "25.001")]}, PRIORITY,
        {"B": 1, "A": 2},
        id="80.004 and 80.001 are both 80.00 so the first criterion decides"),
    pytest.param(
        {"A": [(30, 25, "25.004")], "B": [(28, 27, "25.001")]}, PRIORITY,
        {"A": 1, "B": 2},
        id="80.004 and 80.001, first criterion the other way"),
    pytest.param(
        {"A": [(29, 26, 25)], "B": [(30, 25, 25)]}, PRIORITY,
        {"B": 1, "A": 2},
        id="first criterion decides"),
    pytest.param(
        {"A": [(30, 24, 26)], "B": [(30, 25, 25)]}, PRIORITY,
        {"B": 1, "A": 2},
        id="first criterion equal, second decides"),
    pytest.param(
        {"A": [(30, 24, 26)], "B": [(30, 25, 25)]}, ("hieu-qua", "moi", "ap-dung"),
        {"A": 1, "B": 2},
        id="the edition's priority, not the sheet's order"),
    pytest.param(
        {"A": [(30, 24, 26)], "B": [(30, 25, 25)]}, ("moi",),
        {"A": 1, "B": 1},
        id="only listed criteria break ties"),
    pytest.param(
        {"A": [(27, 25, 28), (27, 25, 28), (26, 26, 28)],
         "B": [("26.665", "25.34", "27.995")] * 3}, PRIORITY,
        {"B": 1, "A": 2},
        id="criterion means compared at two decimals (26.667 and 26.665 are both 26.67)"),
    pytest.param(
        {"A": [(30, 25, 25)] * 3, "B": [(30, 25, 25)] * 4}, PRIORITY,
        {"B": 1, "A": 2},
        id="all criteria equal, more complete sheets decide"),
    pytest.param(
        {"A": [(30, 25, 25), (30, 25, 25), (30, 25, 25)], "B": [(30, 25, 25)] * 2}, (),
        {"A": 1, "B": 2},
        id="more sheets decide even without tie-break criteria"),
    pytest.param(
        {"A": [(30, 30, 30)], "B": [(30, 25, 25)], "C": [(30, 25, 25)], "D": [(25, 25, 20)]},
        PRIORITY,
        {"A": 1, "B": 2, "C": 2, "D": 4},
        id="shared rank, next rank skipped: 1, 2, 2, 4"),
    pytest.param(
        {"A": [(20, 20, 20)], "B": [(20, 20, 20)], "C": [(20, 20, 20)], "D": [(10, 10, 10)]},
        PRIORITY,
        {"A": 1, "B": 1, "C": 1, "D": 4},
        id="three share the first rank: 1, 1, 1, 4"),
])
def test_tie_chain(entries, tie_break, expected):
    assert ranks(rank(entries, tie_break=tie_break)) == expected


@pytest.mark.parametrize("method", ["mean", "median", "trimmed", "zscore"])
def test_criterion_means_break_ties_whatever_the_method(method):
    """Both entries get the same three totals (75, 80, 85) from the same three judges, so every
    method gives them the same score; A's tính mới mean is 28, B's 27, so A ranks first."""
    sheets = [sheet(1, 1, 28, 25, 22), sheet(1, 2, 28, 26, 26), sheet(1, 3, 28, 28, 29),
              sheet(2, 1, 27, 25, 23), sheet(2, 2, 27, 27, 26), sheet(2, 3, 27, 29, 29)]
    entries = [EntryInfo(1, "A"), EntryInfo(2, "B")]
    rows = rank_entries(entries, sheets, RankingSettings(method=method, tie_break=PRIORITY))
    assert [(row.code, row.rank) for row in rows] == [("A", 1), ("B", 2)]
    assert rows[0].score == rows[1].score


def test_criterion_means_are_over_all_complete_sheets_even_when_trimmed():
    """Trimmed drops the 60 and the 100 from the score, but not from the criterion means:
    A's tính mới mean is (10 + 20 + 20 + 20 + 30) / 5 = 20, B's is 21."""
    a = [(10, 25, 25), (20, 25, 25), (20, 25, 25), (20, 25, 25), (30, 35, 35)]
    b = [(21, 20, 19), (21, 24, 25), (21, 24, 25), (21, 24, 25), (21, 35, 35)]
    rows = rank({"A": a, "B": b}, method="trimmed", tie_break=PRIORITY)
    assert [(row.code, row.rank, row.score) for row in rows] == [
        ("B", 1, Decimal("70.00")), ("A", 2, Decimal("70.00"))]
    assert rows[0].criterion_means == (
        ("moi", Decimal("21.00")), ("ap-dung", Decimal("25.40")), ("hieu-qua", Decimal("25.80")))


def test_criterion_means_are_rounded_half_up_to_two_decimals():
    rows = rank({"A": [(27, 25, 28), (27, 25, 28), (26, 26, 28)]}, tie_break=PRIORITY)
    assert rows[0].criterion_means == (
        ("moi", Decimal("26.67")), ("ap-dung", Decimal("25.33")), ("hieu-qua", Decimal("28.00")))


IDENTITIES = [
    pytest.param({"X": (1, "TTN-2025-0001"), "Y": (2, "TTN-2025-0002"),
                  "Z": (3, "TTN-2025-0003"), "W": (4, "TTN-2025-0004")}, id="ids in order"),
    pytest.param({"X": (4, "TTN-2025-0004"), "Y": (3, "TTN-2025-0003"),
                  "Z": (2, "TTN-2025-0002"), "W": (1, "TTN-2025-0001")}, id="ids reversed"),
    pytest.param({"X": (2, "TTN-2025-0003"), "Y": (4, "TTN-2025-0001"),
                  "Z": (1, "TTN-2025-0004"), "W": (3, "TTN-2025-0002")}, id="ids and codes mixed"),
]


@pytest.mark.parametrize("identity", IDENTITIES)
@pytest.mark.parametrize("method", ["mean", "median", "trimmed", "zscore"])
def test_never_by_id_or_code(identity, method):
    """X and Y are identical in every step of the chain, Z is better, W worse: whatever ids
    and codes they carry, Z is 1st, X and Y share 2nd, W is 4th."""
    marks = {"X": [(25, 25, 25)] * 3, "Y": [(25, 25, 25)] * 3,
             "Z": [(30, 25, 25)] * 3, "W": [(20, 25, 25)] * 3}
    entries = [EntryInfo(identity[name][0], identity[name][1]) for name in marks]
    sheets = [sheet(identity[name][0], judge_id, *scores)
              for name, rows in marks.items() for judge_id, scores in enumerate(rows, start=1)]
    rows = rank_entries(entries, sheets, RankingSettings(method=method, tie_break=PRIORITY))
    name_of = {code: name for name, (_, code) in identity.items()}
    assert {name_of[row.code]: row.rank for row in rows} == {"X": 2, "Y": 2, "Z": 1, "W": 4}


def test_entries_sharing_a_rank_are_listed_by_code():
    rows = rank({"TTN-0009": [(25,)], "TTN-0002": [(25,)], "TTN-0005": [(25,)]})
    assert [(row.code, row.rank) for row in rows] == [
        ("TTN-0002", 1), ("TTN-0005", 1), ("TTN-0009", 1)]
