"""The conflict-of-interest rule on plain unit sets."""
from __future__ import annotations

import pytest

from contest.judging.conflicts import conflicted, entry_units


@pytest.mark.parametrize(("organisation", "teacher", "authors", "units"), [
    (None, None, [], frozenset()),
    (1, None, [], {1}),
    (None, 2, [None], {2}),
    (1, 2, [3, None, 3], {1, 2, 3}),
    (None, None, [4, 5], {4, 5}),
])
def test_an_entrys_units_are_its_organisation_teacher_and_authors_units(
        organisation, teacher, authors, units):
    assert entry_units(organisation, teacher, authors) == units


@pytest.mark.parametrize(("judge_unit", "units", "declared", "expected"), [
    (1, {1, 2}, False, True),  # same unit as the entry
    (3, {1, 2}, False, False),
    (3, {1, 2}, True, True),  # declared, whatever the units
    (None, {1, 2}, False, False),  # a judge without a unit shares none
    (None, set(), True, True),
    (1, set(), False, False),
])
def test_a_judge_is_conflicted_by_a_shared_unit_or_a_declaration(
        judge_unit, units, declared, expected):
    assert conflicted(judge_unit, units, declared) is expected
