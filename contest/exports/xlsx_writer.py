"""The XLSX writer (openpyxl, through lxml when present): bold frozen header, column widths
from the content, inert formula text. Loaded on first use through contest.exports.xlsx."""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from itertools import chain, islice

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from contest.clock import VIETNAM
from contest.exports import neutralise

WIDTH_SAMPLE_ROWS = 200  # widths come from the header and the first rows; the rest streams
MIN_WIDTH, MAX_WIDTH = 8, 60
SHEET_TITLE_MAX = 31  # Excel's limit
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *,
               sheet_title: str = "Dữ liệu") -> bytes:
    """One-sheet workbook, written in streaming mode; text that looks like a formula stays text."""
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE_ROWS))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    for index, width in enumerate(_widths(headers, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for title in headers:
        cell = WriteOnlyCell(sheet, value=neutralise(title))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in chain(sample, rows):
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value):
    if isinstance(value, str):
        if not value:
            return None  # an empty cell: nothing to write (openpyxl would write an empty one)
        value = neutralise(value)
        if value not in ERROR_CODES:
            return value  # after neutralise openpyxl types it as text, never a formula
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # "#REF!" and the like: text, not an error cell
        return cell
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(VIETNAM).replace(tzinfo=None)  # Excel has no time zones
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
        return cell
    return value


def _widths(headers: Sequence[str], sample: list[Sequence]) -> list[float]:
    widths = []
    for index, title in enumerate(headers):
        longest = max([len(str(title))] + [
            len(_shown(row[index])) for row in sample if index < len(row)])
        widths.append(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))
    return widths


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return "00/00/0000"
    return str(value)


def _sheet_title(title: str) -> str:
    for forbidden in "[]:*?/\\":
        title = title.replace(forbidden, " ")
    return title[:SHEET_TITLE_MAX] or "Sheet1"
