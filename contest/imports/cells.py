"""Cell parsers shared by the imports: text, lists, dd/mm/yyyy dates, e-mail, phone numbers.

Each parser takes the cell and the import's context and returns a plain value, or raises
CellError with a Vietnamese message.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from contest.imports.reader import Cell
from contest.imports.schema import CellError, Parser, as_text

LIST_SEPARATOR = ";"
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
PHONE_NOISE = re.compile(r"[\s.\-()]")
VIETNAM_PHONE = re.compile(r"0\d{9,10}")


def text(max_length: int) -> Parser:
    """Text on one line, at most max_length characters."""
    def parse(value: Cell, context: Any = None) -> str:
        result = as_text(value)
        if len(result) > max_length:
            raise CellError(_l("Dài %(n)s ký tự, vượt quá %(max)s ký tự cho phép.",
                               n=len(result), max=max_length))
        return result
    return parse


def text_list(value: Cell, context: Any = None) -> list[str]:
    """Items separated by ';' (full names of authors, field codes of a judge)."""
    items = [" ".join(part.split()) for part in as_text(value).split(LIST_SEPARATOR)]
    if items and not items[-1] and len(items) > 1:
        items.pop()  # a trailing ';'
    for position, item in enumerate(items, start=1):
        if not item:
            raise CellError(_l("Mục thứ %(n)s để trống (các mục cách nhau bằng dấu ;).",
                               n=position))
    return items


def parse_date(value: Cell, context: Any = None) -> date:
    """A date cell, or text dd/mm/yyyy (yyyy-mm-dd also understood)."""
    if isinstance(value, date):
        return value
    raw = as_text(value)
    if match := DAY_MONTH_YEAR.fullmatch(raw):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO_DATE.fullmatch(raw):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise CellError(_l("“%(value)s” không phải ngày dạng dd/mm/yyyy.", value=raw))
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(_l("Ngày %(value)s không có trên lịch.", value=raw)) from None


def date_list(value: Cell, context: Any = None) -> list[date]:
    """Dates separated by ';', one per author; a single date cell is a list of one."""
    if isinstance(value, date):
        return [value]
    return [parse_date(item) for item in text_list(value)]


def email(value: Cell, context: Any = None) -> str:
    from email_validator import EmailNotValidError, validate_email  # noqa: PLC0415 - on first use

    raw = as_text(value)
    try:
        return validate_email(raw, check_deliverability=False).normalized
    except EmailNotValidError:
        raise CellError(_l("“%(value)s” không phải địa chỉ e-mail hợp lệ.", value=raw)) from None


def phone(value: Cell, context: Any = None) -> str:
    """A Vietnamese phone number; +84 becomes 0, and a number cell that lost its 0 gets it back."""
    raw = as_text(value)
    digits = PHONE_NOISE.sub("", raw)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif isinstance(value, int | float) and len(digits) in (9, 10) and digits[0] != "0":
        digits = "0" + digits
    if not VIETNAM_PHONE.fullmatch(digits):
        raise CellError(_l("“%(value)s” không phải số điện thoại hợp lệ.", value=raw))
    return digits
