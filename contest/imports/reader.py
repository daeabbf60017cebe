"""Reading an uploaded CSV or XLSX file into a table of cells, recognised by content."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

import openpyxl
from flask_babel import lazy_gettext as _l

from contest.formats import FORMULA_STARTS
from contest.services import DomainError
from contest.text import clean_text

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls)
MAX_ROWS = 50_000

Cell = str | int | float | date | None


class UnreadableFile(DomainError):
    """The file is not a CSV or XLSX table this application can read."""


@dataclass(frozen=True)
class Row:
    """One data row; `number` is its row number in the spreadsheet (the header is row 1)."""

    number: int
    cells: tuple[Cell, ...]


@dataclass
class Table:
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    name: str = ""


def read_table(data: bytes, name: str = "") -> Table:
    """A table from CSV (UTF-8, BOM accepted) or XLSX bytes; other files are refused."""
    if data.startswith(XLSX_MAGIC):
        table = _read_xlsx(data)
    elif data.startswith(OLE_MAGIC):
        raise UnreadableFile(_l("Tệp Excel 97-2003 (.xls) chưa được hỗ trợ: hãy mở tệp và "
                                "lưu lại dưới dạng .xlsx hoặc CSV UTF-8."))
    else:
        table = _read_csv(data)
    if not any(table.headers):
        raise UnreadableFile(_l("Tệp trống: dòng đầu tiên phải là dòng tiêu đề cột."))
    if len(table.rows) > MAX_ROWS:
        raise UnreadableFile(_l("Tệp có quá nhiều dòng (tối đa %(n)s dòng dữ liệu).", n=MAX_ROWS))
    table.name = name
    return table


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(_l("Tệp không đọc được: hãy dùng Excel .xlsx hoặc CSV mã hóa UTF-8 "
                                "(trong Excel: Lưu thành… › CSV UTF-8).")) from None
    if "\x00" in text:
        raise UnreadableFile(_l("Tệp không phải CSV hay Excel .xlsx."))
    first_line = text.split("\n", 1)[0]
    # Excel with Vietnamese regional settings saves "CSV" with semicolons; the header tells.
    delimiter = ";" if "," not in first_line and ";" in first_line else ","
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise UnreadableFile(_l("Tệp CSV sai định dạng: %(error)s", error=str(error))) from None
    return _table(lines)


def _read_xlsx(data: bytes) -> Table:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            lines, filled = [], 0
            for values in workbook.worksheets[0].iter_rows(values_only=True):
                lines.append(values)
                filled += any(v not in (None, "") for v in values)
                if filled > MAX_ROWS + 1:
                    break  # read_table refuses the file
        finally:
            workbook.close()
    except Exception:  # BadZipFile, KeyError, openpyxl's own errors: a ZIP that is no workbook
        raise UnreadableFile(_l("Tệp Excel bị hỏng hoặc không phải tệp .xlsx.")) from None
    return _table(lines)


def _table(lines: list) -> Table:
    """Header from the first line; blank lines dropped but numbering kept as in the sheet."""
    if not lines:
        return Table(headers=[])
    headers = [_header(value) for value in lines[0]]
    while headers and not headers[-1]:
        headers.pop()
    rows = []
    for number, values in enumerate(lines[1:], start=2):
        cells = tuple(clean_cell(value) for value in values)
        if any(cell not in (None, "") for cell in cells):
            rows.append(Row(number, cells))
    return Table(headers=headers, rows=rows)


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
