"""Exports: row builders produce (headers, rows); one writer per format makes the file."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response

from contest.formats import FORMULA_STARTS


def neutralise(value):
    """Make a cell inert in spreadsheets: text that starts like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 CSV with a BOM (so Excel shows Vietnamese), every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def download(data: bytes, *, filename: str, mimetype: str) -> Response:
    """A response that is always saved as a file, never rendered by the browser."""
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
