"""Languages, dates and numbers: Vietnamese by default, English second; dates dd/mm/yyyy and
numbers in the locale's notation (27,5 in Vietnamese), all through Babel.

Every helper takes an optional locale: pages leave it out (the visitor's language), documents
that must be Vietnamese whatever the visitor reads pass locale="vi". Outside an application
context (pure tests) the default, Vietnamese, applies."""
from __future__ import annotations

from datetime import date, datetime

from babel import Locale, dates, numbers
from flask import Flask, current_app, has_request_context, request
from flask_babel import format_datetime, get_locale, to_user_timezone
from flask_login import current_user

from contest.extensions import babel

LANGUAGE_COOKIE = "lang"
DEFAULT_LOCALE = "vi"
DATE = "dd/MM/yyyy"


def select_locale() -> str:
    """The visitor's explicit choice (cookie, then account), else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _locale(locale: str | Locale | None) -> str | Locale:
    return locale or get_locale() or DEFAULT_LOCALE


def show_date(value: date | datetime | None, *, locale: str | None = None) -> str:
    """dd/mm/yyyy; datetimes are shown in Asia/Ho_Chi_Minh time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_user_timezone(value)
    return dates.format_date(value, DATE, locale=_locale(locale))


def show_datetime(value: datetime | None) -> str:
    """HH:mm dd/mm/yyyy in Asia/Ho_Chi_Minh time."""
    return "" if value is None else format_datetime(value, "HH:mm dd/MM/yyyy")


def show_points(value, *, locale: str | None = None) -> str:
    """A score in the locale's number format, without useless decimals (27,5 · 30)."""
    return "" if value is None else numbers.format_decimal(
        value, format="#,##0.##", locale=_locale(locale))


def show_number(value, *, locale: str | None = None) -> str:
    """A decimal with every significant digit and no grouping, in the locale's decimal mark
    (0,125 · 1000 · 27,5): a value as one would type it."""
    return numbers.format_decimal(value, format="0.#", locale=_locale(locale),
                                  decimal_quantization=False, group_separator=False)


def show_signed(value, *, locale: str | None = None) -> str:
    """Always a sign and two decimals, the true minus sign (+1,25 · −3,50 · +0,00)."""
    return numbers.format_decimal(value, format="+0.00;\u22120.00", locale=_locale(locale))


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["show_date"] = show_date
    app.jinja_env.filters["show_datetime"] = show_datetime
    app.jinja_env.filters["show_points"] = show_points

    @app.context_processor
    def language_context():
        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"]}
