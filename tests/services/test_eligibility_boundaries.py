"""Eligibility at its edges, through dossier_problems: the youth birth-date window, the
technical contests' minimum age on the reference day and the applied-since year.

Each edge is tested the day before, on the first day, on the last day and the day after.
"""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from contest.models import ContestKind
from contest.services.eligibility import dossier_problems
from tests import factories

WINDOW_FROM, WINDOW_TO = date(2008, 9, 1), date(2014, 8, 31)
OUTSIDE = ("Tác giả 1: ngày sinh {} nằm ngoài độ tuổi dự thi "
           "(sinh từ 01/09/2008 đến 31/08/2014).")
TOO_YOUNG = "Tác giả 1: phải từ 18 tuổi trở lên."
# 17:00 UTC on 30 June is midnight on 1 July in Việt Nam: the reference day is 1 July 2026.
DEADLINE = datetime(2026, 6, 30, 17, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 15, 8, 0, tzinfo=UTC)  # the deadline, when set, is the reference day


def birth_date_problems(entry) -> list[str]:
    return [p.message for p in dossier_problems(entry, now=NOW) if p.key == "authors-0-birth_date"]


def entry_born(edition, born: date | None):
    entry = factories.make_entry(edition, authors=("Lê Thị Hồng Nhung",))
    entry.authors[0].birth_date = born
    return entry


@pytest.mark.parametrize(("born", "expected"), [
    (date(2008, 8, 31), [OUTSIDE.format("31/08/2008")]),  # the day before the window
    (date(2008, 9, 1), []),                               # its first day
    (date(2014, 8, 31), []),                              # its last day
    (date(2014, 9, 1), [OUTSIDE.format("01/09/2014")]),   # the day after
    (None, ["Tác giả 1: hãy nhập ngày sinh."]),
])
def test_youth_birth_date_window(module_app, born, expected):
    with module_app.app_context():
        edition = factories.make_edition(ContestKind.YOUTH, birth_date_from=WINDOW_FROM,
                                         birth_date_to=WINDOW_TO, min_author_age=None)
        assert birth_date_problems(entry_born(edition, born)) == expected


@pytest.mark.parametrize(("deadline", "born", "expected"), [
    (DEADLINE, date(2008, 6, 30), []),                   # 18 the day before the reference day
    (DEADLINE, date(2008, 7, 1), []),                    # 18th birthday on the reference day
    (DEADLINE, date(2008, 7, 2), [TOO_YOUNG]),           # 18 the day after
    # One minute earlier the reference day is still 30 June in Việt Nam.
    (datetime(2026, 6, 30, 16, 59, tzinfo=UTC), date(2008, 7, 1), [TOO_YOUNG]),
    (datetime(2026, 6, 30, 16, 59, tzinfo=UTC), date(2008, 6, 30), []),
    # Born on 29 February: 18 on 1 March of a common year, not on 28 February.
    (datetime(2026, 2, 27, 17, 0, tzinfo=UTC), date(2008, 2, 29), [TOO_YOUNG]),
    (datetime(2026, 2, 28, 17, 0, tzinfo=UTC), date(2008, 2, 29), []),
    (DEADLINE, None, ["Tác giả 1: hãy nhập ngày sinh."]),
])
def test_technical_minimum_age_on_the_reference_day(module_app, deadline, born, expected):
    with module_app.app_context():
        edition = factories.make_edition(ContestKind.TECHNICAL, min_author_age=18,
                                         submission_deadline_at=deadline)
        assert birth_date_problems(entry_born(edition, born)) == expected


def test_youth_contests_have_no_minimum_age_and_technical_ones_no_birth_window(module_app):
    with module_app.app_context():
        youth = factories.make_edition(ContestKind.YOUTH, birth_date_from=None,
                                       birth_date_to=None, min_author_age=18,
                                       submission_deadline_at=DEADLINE)
        technical = factories.make_edition(
            ContestKind.TECHNICAL, birth_date_from=WINDOW_FROM, birth_date_to=WINDOW_TO,
            min_author_age=None, submission_deadline_at=DEADLINE)
        assert birth_date_problems(entry_born(youth, date(2020, 1, 1))) == []
        assert birth_date_problems(entry_born(technical, date(2000, 1, 1))) == []


@pytest.mark.parametrize(("applied_since", "expected"), [
    (2020, ["Giải pháp phải được tạo ra và áp dụng từ năm 2021 trở lại đây."]),  # year before
    (2021, []),                                                              # the first year
    (2022, []),
    (None, ["Hãy nhập năm giải pháp được áp dụng."]),
])
def test_technical_applied_since_year(module_app, applied_since, expected):
    with module_app.app_context():
        edition = factories.make_edition(ContestKind.TECHNICAL, applied_since_year=2021)
        entry = factories.make_entry(edition, applied_since_year=applied_since)
        assert [p.message for p in dossier_problems(entry, now=NOW)
                if p.key == "applied_since_year"] == expected
