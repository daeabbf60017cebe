"""Dates and numbers through Babel (contest.i18n): the visitor's locale, or the one asked for."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from contest.i18n import show_date, show_number, show_points, show_signed


@pytest.mark.parametrize(("value", "vi", "en"), [
    (Decimal("27.5"), "27,5", "27.5"),
    (Decimal("0.125"), "0,125", "0.125"),
    (Decimal("30.00"), "30", "30"),
    (Decimal("1E+3"), "1000", "1000"),  # no grouping: a value as one would type it
    (Decimal("-5.5"), "-5,5", "-5.5"),
])
def test_show_number_keeps_every_digit_in_the_locales_decimal_mark(value, vi, en):
    assert (show_number(value, locale="vi"), show_number(value, locale="en")) == (vi, en)


@pytest.mark.parametrize(("value", "vi", "en"), [
    (Decimal("4"), "+4,00", "+4.00"),
    (Decimal("-8"), "−8,00", "−8.00"),
    (Decimal("0"), "+0,00", "+0.00"),
    (Decimal("1.255"), "+1,26", "+1.26"),
    (Decimal("1234.5"), "+1234,50", "+1234.50"),
])
def test_show_signed_always_has_a_sign_and_two_decimals(value, vi, en):
    assert (show_signed(value, locale="vi"), show_signed(value, locale="en")) == (vi, en)


@pytest.mark.parametrize(("value", "vi", "en"), [
    (Decimal("27.50"), "27,5", "27.5"),
    (Decimal("1234.567"), "1.234,57", "1,234.57"),
    (None, "", ""),
])
def test_show_points_groups_and_drops_useless_decimals(value, vi, en):
    assert (show_points(value, locale="vi"), show_points(value, locale="en")) == (vi, en)


def test_outside_an_application_the_default_is_vietnamese():
    assert show_number(Decimal("0.5")) == "0,5"
    assert show_signed(Decimal("-1.5")) == "−1,50"
    assert show_date(date(2009, 3, 7)) == "07/03/2009"


def test_the_visitors_locale_applies_unless_one_is_asked_for(app):
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert show_number(Decimal("0.5")) == "0.5"
        assert show_number(Decimal("0.5"), locale="vi") == "0,5"
    with app.app_context():  # a CLI command or a job: the default locale
        assert show_number(Decimal("0.5")) == "0,5"


@pytest.mark.parametrize(("value", "shown"), [
    (date(2009, 3, 7), "07/03/2009"),
    (datetime(2024, 1, 1, 16, 59), "01/01/2024"),  # UTC, 23:59 in Hồ Chí Minh City
    (datetime(2024, 1, 1, 17, 0), "02/01/2024"),
    (None, ""),
])
def test_show_date_is_day_month_year_in_vietnam_time(app, value, shown):
    with app.app_context():
        assert show_date(value, locale="vi") == show_date(value, locale="en") == shown
