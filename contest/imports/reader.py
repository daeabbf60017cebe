"""Reading an uploaded CSV or XLSX file into a table of cells, recognised by content."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

from contest.config import Defaults
from contest.formats import FORMULA_STARTS
from contest.i18n import show_number
from contest.services import DomainError
from contest.text import clean_text

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls)
MAX_ROWS = Defaults.IMPORT_MAX_ROWS  # without an app; the IMPORT_MAX_ROWS setting decides

NOT_UTF8 = _l("Tệp không đọc được: hãy dùng Excel .xlsx hoặc CSV mã hóa UTF-8 (trong Excel: "
              "Lưu thành… › CSV UTF-8).")

Cell = str | int | float | date | None


class UnreadableFile(DomainError):
    """The file is not a CSV or XLSX table this application can read."""


@dataclass(frozen=True, slots=True)
class Row:
    """One data row; `number` is its row number in the spreadsheet (the header is row 1)."""

    number: int
    cells: tuple[Cell, ...]


@dataclass
class Table:
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    name: str = ""


@dataclass(frozen=True)
class Limits:
    """The largest file accepted: data rows and bytes (settings IMPORT_MAX_ROWS, _BYTES)."""

    rows: int
    bytes: int

    @classmethod
    def current(cls) -> Limits:
        config = current_app.config if has_app_context() else {}
        return cls(rows=config.get("IMPORT_MAX_ROWS", Defaults.IMPORT_MAX_ROWS),
                   bytes=config.get("IMPORT_MAX_BYTES", Defaults.IMPORT_MAX_BYTES))


def read_table(data: bytes, name: str = "", limits: Limits | None = None) -> Table:
    """A table from CSV (UTF-8, BOM accepted) or XLSX bytes; other files, and files over the
    limits, are refused. The rows are read one at a time: one copy of the table in memory."""
    limits = limits or Limits.current()
    if len(data) > limits.bytes:
        raise UnreadableFile(_l("Tệp quá lớn (%(size)s; tối đa %(max)s).",
                                size=_size(len(data)), max=_size(limits.bytes)))
    if data.startswith(XLSX_MAGIC):
        table = _read_xlsx(data, limits.rows)
    elif data.startswith(OLE_MAGIC):
        raise UnreadableFile(_l("Tệp Excel 97-2003 (.xls) chưa được hỗ trợ: hãy mở tệp và "
                                "lưu lại dưới dạng .xlsx hoặc CSV UTF-8."))
    else:
        table = _read_csv(data, limits.rows)
    if not any(table.headers):
        raise UnreadableFile(_l("Tệp trống: dòng đầu tiên phải là dòng tiêu đề cột."))
    if len(table.rows) > limits.rows:
        raise UnreadableFile(_l("Tệp có quá nhiều dòng (tối đa %(n)s dòng dữ liệu).",
                                n=limits.rows))
    table.name = name
    return table


def _size(size: int) -> str:
    """A file size as people read it: 25 MB, 1,5 MB, 800 KB, 120 byte."""
    for unit, power in (("MB", 20), ("KB", 10)):
        if size >= 2**power:
            return f"{show_number(Decimal(size / 2**power).quantize(Decimal('0.1')))} {unit}"
    return f"{size} byte"


def _read_csv(data: bytes, max_rows: int) -> Table:
    if b"\x00" in data:  # not text: UTF-16 (say which encoding to use) or a binary file
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableFile(NOT_UTF8) from None
        raise UnreadableFile(_l("Tệp không phải CSV hay Excel .xlsx."))
    first_line = data.split(b"\n", 1)[0]
    # Excel with Vietnamese regional settings saves "CSV" with semicolons; the header tells.
    delimiter = ";" if b"," not in first_line and b";" in first_line else ","
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    try:
        return _table(csv.reader(text, delimiter=delimiter, strict=True), max_rows)
    except UnicodeDecodeError:
        raise UnreadableFile(NOT_UTF8) from None
    except csv.Error as error:
        raise UnreadableFile(_l("Tệp CSV sai định dạng: %(error)s", error=str(error))) from None


def _read_xlsx(data: bytes, max_rows: int) -> Table:
    import openpyxl  # on first use: a web worker starts without it (with Pillow, 0.2 s)

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _table(workbook.worksheets[0].iter_rows(values_only=True), max_rows)
        finally:
            workbook.close()
    except Exception:  # BadZipFile, KeyError, openpyxl's own errors: a ZIP that is no workbook
        raise UnreadableFile(_l("Tệp Excel bị hỏng hoặc không phải tệp .xlsx.")) from None


def _table(lines: Iterator, max_rows: int) -> Table:
    """Header from the first line; blank lines dropped but numbering kept as in the sheet.
    Reading stops one row past the limit (read_table then refuses the file)."""
    first = next(lines, None)
    if first is None:
        return Table(headers=[])
    headers = [_header(value) for value in first]
    while headers and not headers[-1]:
        headers.pop()
    rows = []
    # Each distinct text is cleaned once and kept as one object: codes, e-mails and scores
    # repeat on many rows of a file.
    cleaned: dict[str, Cell] = {}
    for number, values in enumerate(lines, start=2):
        cells = tuple(_clean(value, cleaned) for value in values)
        if any(cell not in (None, "") for cell in cells):
            rows.append(Row(number, cells))
            if len(rows) > max_rows:
                break
    return Table(headers=headers, rows=rows)


def _clean(value, cleaned: dict[str, Cell]) -> Cell:
    if not isinstance(value, str):
        return clean_cell(value)
    try:
        return cleaned[value]
    except KeyError:
        cell = cleaned[value] = clean_cell(value)
        return cell


def _header(value) -> str:
    return "" if value is None else " ".join(clean_text(str(value)).split())


def clean_cell(value) -> Cell:
    """Plain cell values: stripped text without control characters, dates for date cells,
    numbers as numbers.

    A leading apostrophe that our own exports put before formula-like text is removed, so an
    exported file imports back unchanged.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, date | int | float):
        return value
    text = clean_text(str(value)).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text or None
