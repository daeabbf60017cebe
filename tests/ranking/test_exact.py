"""contest.ranking.exact.pstdev gives statistics.pstdev's float, bit for bit."""
from __future__ import annotations

import statistics
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contest.ranking.exact import pstdev

halves = st.integers(0, 200).map(lambda n: n / 2)
hundredths = st.integers(0, 10000).map(lambda n: float(Decimal(n) / 100))
anything = st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False)


@given(st.lists(st.one_of(halves, hundredths, anything), min_size=1, max_size=60))
def test_the_same_float_as_the_standard_library(values):
    assert pstdev(values) == statistics.pstdev(values)


@pytest.mark.parametrize("values", [[70.0], [70.0, 70.0, 70.0], [0.1, 0.2, 0.3],
                                    [64.75, 71.5, 88.25, 90.0], [1e-300, 1e300]])
def test_known_cases(values):
    assert pstdev(values) == statistics.pstdev(values)


def test_ranked_as_is_replace_for_every_field():
    from dataclasses import fields, replace

    from contest.ranking.model import RankedRow, ranked_as

    row = RankedRow(entry_id=7, code="A-1", title="t", field_code="f", rank=3,
                    score=Decimal("81.50"), judges=3, spread=Decimal("4.00"),
                    stdev=Decimal("1.63"), flags=("disagreement",),
                    criterion_means=(("moi", Decimal("27.00")),), award="ba")
    assert {f.name for f in fields(RankedRow)} == {
        "entry_id", "code", "title", "field_code", "rank", "score", "judges", "spread",
        "stdev", "flags", "criterion_means", "award"}
    assert ranked_as(row, rank=1) == replace(row, rank=1)
    assert ranked_as(row, award=None, flags=("x",)) == replace(row, award=None, flags=("x",))
    assert ranked_as(row, award="nhat", flags=()) == replace(row, award="nhat", flags=())
