"""Languages and date display: Vietnamese by default, English second; dates dd/mm/yyyy."""
from __future__ import annotations

from datetime import date, datetime

from flask import Flask, current_app, has_request_context, request
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_login import current_user

from contest.extensions import babel

LANGUAGE_COOKIE = "lang"


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


def show_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy; datetimes are shown in Asia/Ho_Chi_Minh time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, "dd/MM/yyyy")
    return format_date(value, "dd/MM/yyyy")


def show_datetime(value: datetime | None) -> str:
    """HH:mm dd/mm/yyyy in Asia/Ho_Chi_Minh time."""
    return "" if value is None else format_datetime(value, "HH:mm dd/MM/yyyy")


def show_points(value) -> str:
    """A score in the visitor's number format, without useless decimals (27,5 · 30)."""
    return "" if value is None else format_decimal(value, format="#,##0.##")


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["show_date"] = show_date
    app.jinja_env.filters["show_datetime"] = show_datetime
    app.jinja_env.filters["show_points"] = show_points

    @app.context_processor
    def language_context():
        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"]}
