"""Declarative column specs and the generic row validation every import shares.

A spec lists the columns of a file (English identifier, Vietnamese title, required or not, a
parser). `validate` matches the header to the spec, parses every cell of every row and runs
the spec's row and file checks, collecting every error instead of stopping at the first.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from contest.imports.reader import Cell, Table
from contest.text import fold

MAX_ERRORS = 1000


class CellError(ValueError):
    """A parser's refusal of one cell; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class RowError:
    """An error at a row (spreadsheet numbering, header = 1) and column (its Vietnamese title)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return str(_l("Dòng %(row)s, cột %(column)s: %(message)s",
                          row=self.row, column=self.column, message=self.message))
        return str(_l("Dòng %(row)s: %(message)s", row=self.row, message=self.message))


Parser = Callable[[Cell, Any], Any]


def as_text(value: Cell, context: Any = None) -> str:
    """Any cell as text: whole numbers without '.0' (a phone typed as a number)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


@dataclass(frozen=True)
class Column:
    name: str  # the English identifier of FORMATS.md
    title: str  # the Vietnamese title of the downloadable template
    required: bool = False  # the column must be in the header and every cell filled
    parse: Parser = as_text
    unique: bool = False  # no two rows may have the same (folded) value
    example: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedRow:
    number: int
    values: dict[str, Any]


# A row check sees the parsed values (None for empty cells; invalid cells are absent, their
# errors already reported) and returns (column name, message) pairs.
RowCheck = Callable[[dict[str, Any], Any], Iterable[tuple[str, str]]]


@dataclass(frozen=True)
class Spec:
    columns: tuple[Column, ...]
    check_row: RowCheck | None = None
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})

    def titles(self) -> list[str]:
        return [c.title for c in self.columns]

    def title_of(self, name: str) -> str:
        return self.by_name[name].title if name in self.by_name else name


def header_key(text: str) -> str:
    """Headers match whatever their case, diacritics, spaces and punctuation: 'E-mail' = 'email'."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def match_headers(table: Table, spec: Spec) -> tuple[dict[int, Column], list[RowError]]:
    """Which column of the file is which column of the spec; header problems are on row 1."""
    known: dict[str, Column] = {}
    for column in spec.columns:
        for label in (column.name, column.title, *column.aliases):
            known[header_key(label)] = column
    positions: dict[int, Column] = {}
    seen: set[str] = set()
    errors = []
    for index, header in enumerate(table.headers):
        if not header:
            continue
        column = known.get(header_key(header))
        if column is None:
            errors.append(RowError(1, header, str(_l(
                "Cột không có trong mẫu. Các cột dùng được: %(titles)s.",
                titles=", ".join(spec.titles())))))
        elif column.name in seen:
            errors.append(RowError(1, column.title, str(_l("Cột này xuất hiện hai lần."))))
        else:
            seen.add(column.name)
            positions[index] = column
    for column in spec.columns:
        if column.required and column.name not in seen:
            errors.append(RowError(1, column.title, str(_l("Thiếu cột bắt buộc này."))))
    return positions, errors


def validate(table: Table, spec: Spec, context: Any = None
             ) -> tuple[list[ParsedRow], list[RowError]]:
    """Parse and check every row; the rows are usable only when the error list is empty."""
    positions, errors = match_headers(table, spec)
    if errors:
        return [], errors
    if not table.rows:
        return [], [RowError(1, "", str(_l("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")))]
    parsed_rows = []
    first_seen: dict[tuple[str, str], int] = {}
    for row in table.rows:
        values, row_errors = _parse_row(row.number, row.cells, positions, spec, context)
        for column in spec.columns:
            if column.unique and values.get(column.name) not in (None, ""):
                key = (column.name, fold(str(values[column.name])))
                if key in first_seen:
                    row_errors.append(RowError(row.number, column.title, str(_l(
                        "Giá trị “%(value)s” trùng với dòng %(other)s.",
                        value=values[column.name], other=first_seen[key]))))
                else:
                    first_seen[key] = row.number
        if spec.check_row is not None:
            row_errors += [RowError(row.number, spec.title_of(name), str(message))
                           for name, message in spec.check_row(values, context)]
        errors += row_errors
        parsed_rows.append(ParsedRow(row.number, values))
        if len(errors) >= MAX_ERRORS:
            errors.append(RowError(row.number, "", str(_l(
                "Quá nhiều lỗi; đã dừng kiểm tra ở dòng này."))))
            break
    return parsed_rows, errors


def _parse_row(number: int, cells: tuple[Cell, ...], positions: dict[int, Column], spec: Spec,
               context: Any) -> tuple[dict[str, Any], list[RowError]]:
    values: dict[str, Any] = {}
    errors = []
    for index, column in positions.items():
        cell = cells[index] if index < len(cells) else None
        if cell in (None, ""):
            values[column.name] = None
            if column.required:
                errors.append(RowError(number, column.title, str(_l("Ô này không được để trống."))))
            continue
        try:
            values[column.name] = column.parse(cell, context)
        except CellError as error:
            errors.append(RowError(number, column.title, str(error)))
    present = {column.name for column in positions.values()}
    for column in spec.columns:
        if column.name not in present:
            values[column.name] = None  # an optional column left out of the file
    extra = [cell for index, cell in enumerate(cells)
             if index not in positions and cell not in (None, "")]
    if extra:
        errors.append(RowError(number, "", str(_l(
            "Dòng có dữ liệu ở cột không có tiêu đề: %(values)s.",
            values=", ".join(as_text(v) for v in extra)))))
    return values, errors
