"""XLSX workbooks of one sheet. openpyxl (and Pillow, which it imports) load when a workbook is
written, not when a web worker starts; the writer is in xlsx_writer.py."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *,
               sheet_title: str = "Dữ liệu") -> bytes:
    """One-sheet workbook, written in streaming mode; text that looks like a formula stays text."""
    from contest.exports import xlsx_writer

    return xlsx_writer.xlsx_bytes(headers, rows, sheet_title=sheet_title)
