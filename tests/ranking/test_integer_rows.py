"""The integer form the ranking works on: exact rounding, rows from Sheets, fast rows."""
from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from contest.ranking import (
    EntryInfo,
    RankedRow,
    RankingSettings,
    Sheet,
    judge_diagnostics,
    rank_entries,
    rank_sheet_rows,
    sheet_row_diagnostics,
)
from contest.ranking.exact import two_of
from contest.ranking.model import ROW_FIELDS, ranked_row, sheet_rows, two


@given(st.integers(-10**9, 10**9), st.integers(1, 10**6))
def test_two_of_rounds_as_two_rounds_the_decimal_quotient(numerator, denominator):
    expected = two(Decimal(numerator) / Decimal(denominator))
    got = two_of(numerator, denominator)
    assert (got, str(got)) == (expected, str(expected))


def test_two_of_halves_go_away_from_zero():
    assert [str(two_of(n, 1000)) for n in (5, 15, -5, -15, 0, -1)] == [
        "0.01", "0.02", "-0.01", "-0.02", "0.00", "-0.00"]


def test_ranked_row_is_the_dataclass_for_every_field():
    assert tuple(f.name for f in fields(RankedRow)) == ROW_FIELDS
    values = (7, "A-1", "t", "f", 3, Decimal("81.50"), 3, Decimal("4.00"), Decimal("1.63"),
              ("disagreement",), (("moi", Decimal("27.00")),), "ba")
    fast, slow = ranked_row(*values), RankedRow(*values)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)


def test_sheet_rows_keep_every_score_exactly():
    sheets = [Sheet(1, 2, (("a", Decimal("7.5")), ("b", Decimal("10")))),
              Sheet(1, 3, (("b", Decimal("0.125")),))]
    assert sheet_rows(sheets) == ([(1, 2, ("a", "b"), (7500, 10000)),
                                   (1, 3, ("a", "b"), (None, 125))], 3)


def test_rows_as_collect_gives_them_rank_as_sheets_do():
    codes = ("a", "b")
    rows = [(1, 1, codes, (2550, 3000)), (1, 2, codes, (2000, None)),
            (2, 1, codes, (2550, 2950)), (2, 3, codes, (1000, 3100)), (3, 2, codes, (0, 0))]
    sheets = [Sheet(e, j, tuple((c, Decimal(v) / 100) for c, v in zip(codes, values,
                                                                       strict=True)
                                if v is not None)) for e, j, _c, values in rows]
    entries = [EntryInfo(n, f"E-{n}") for n in (1, 2, 3)]
    for method in ("mean", "median", "trimmed", "zscore"):
        settings = RankingSettings(method=method, required_sheets=2, tie_break=("b", "a"))
        assert rank_sheet_rows(entries, rows, settings) == rank_entries(entries, sheets, settings)
    assert sheet_row_diagnostics(rows) == judge_diagnostics(sheets)
