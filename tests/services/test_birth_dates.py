"""The one home of the birth-date rule (birth_date_problem) and of its reference day, shared by
the dossier's checks and the entries import: plain editions, no database."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from contest.models import Contest, ContestKind, Edition
from contest.services.eligibility import BirthDateProblem, birth_date_problem, reference_day

OUTSIDE, TOO_YOUNG = BirthDateProblem.OUTSIDE_WINDOW, BirthDateProblem.TOO_YOUNG
WINDOW = dict(birth_date_from=date(2008, 9, 1), birth_date_to=date(2014, 8, 31))
ON = date(2026, 7, 1)


def edition(kind: ContestKind, *, min_author_age: int | None = None, birth_date_from=None,
            birth_date_to=None, submission_deadline_at=None) -> Edition:
    return Edition(contest=Contest(kind=kind), min_author_age=min_author_age,
                   birth_date_from=birth_date_from, birth_date_to=birth_date_to,
                   submission_deadline_at=submission_deadline_at)


@pytest.mark.parametrize(("born", "expected"), [
    (date(2008, 8, 31), OUTSIDE),  # the day before the window
    (date(2008, 9, 1), None),      # its first day
    (date(2014, 8, 31), None),     # its last day
    (date(2014, 9, 1), OUTSIDE),   # the day after
])
def test_youth_window(born, expected):
    assert birth_date_problem(edition(ContestKind.YOUTH, **WINDOW), born, ON) == expected


@pytest.mark.parametrize(("born", "on", "expected"), [
    (date(2008, 6, 30), ON, None),            # 18 the day before the reference day
    (date(2008, 7, 1), ON, None),             # 18th birthday on the reference day
    (date(2008, 7, 2), ON, TOO_YOUNG),        # 18 the day after
    (date(2008, 2, 29), date(2026, 2, 28), TOO_YOUNG),  # born 29 February: 18 on 1 March
    (date(2008, 2, 29), date(2026, 3, 1), None),
])
def test_technical_minimum_age(born, on, expected):
    technical = edition(ContestKind.TECHNICAL, min_author_age=18)
    assert birth_date_problem(technical, born, on) == expected


@pytest.mark.parametrize(("contest", "born"), [
    (edition(ContestKind.YOUTH, min_author_age=18), date(2020, 1, 1)),  # no window: no age
    (edition(ContestKind.YOUTH, birth_date_from=date(2008, 9, 1)), date(2000, 1, 1)),  # half
    (edition(ContestKind.TECHNICAL, **WINDOW), date(2000, 1, 1)),  # no minimum age: no window
    (edition(ContestKind.TECHNICAL, min_author_age=None), date(2026, 1, 1)),
])
def test_rules_that_do_not_apply(contest, born):
    assert birth_date_problem(contest, born, ON) is None


NOW = datetime(2026, 3, 15, 20, 0, tzinfo=UTC)  # 16 March, 03:00 in Việt Nam


@pytest.mark.parametrize(("deadline", "expected"), [
    (datetime(2026, 6, 30, 17, 0, tzinfo=UTC), date(2026, 7, 1)),    # midnight in Việt Nam
    (datetime(2026, 6, 30, 16, 59, tzinfo=UTC), date(2026, 6, 30)),
    (None, date(2026, 3, 16)),  # no deadline: today in Việt Nam
])
def test_reference_day_is_the_vietnamese_date_of_the_deadline_else_of_now(deadline, expected):
    contest = edition(ContestKind.TECHNICAL, submission_deadline_at=deadline)
    assert reference_day(contest, NOW) == expected
