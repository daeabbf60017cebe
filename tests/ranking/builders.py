"""Plain-data builders for the ranking tests: sheets, entries and ranked rows by entry code."""
from __future__ import annotations

from decimal import Decimal

from contest.ranking import EntryInfo, RankedRow, RankingSettings, Sheet, rank_entries

# Technical contest defaults (DOMAIN.md): tính mới 30, áp dụng 35, hiệu quả 35.
CRITERIA = ("moi", "ap-dung", "hieu-qua")


def sheet(entry_id: int, judge_id: int, *scores) -> Sheet:
    """A complete sheet; one score gives a one-criterion sheet whose total is that score."""
    pairs = zip(CRITERIA, scores, strict=False)
    return Sheet(entry_id, judge_id, tuple((code, Decimal(str(value))) for code, value in pairs))


def rank(sheets_by_code: dict[str, list[tuple]], **options) -> list[RankedRow]:
    """Rank entries given as {code: [criterion scores of each judge's sheet, ...]}.

    Entry ids follow the order of the dict, judge ids the order of the sheets.
    """
    entries, sheets = [], []
    for entry_id, (code, rows) in enumerate(sheets_by_code.items(), start=1):
        entries.append(EntryInfo(entry_id, code))
        sheets += [sheet(entry_id, judge_id, *scores)
                   for judge_id, scores in enumerate(rows, start=1)]
    options.setdefault("required_sheets", 1)
    return rank_entries(entries, sheets, RankingSettings(**options))


def by_code(rows: list[RankedRow]) -> dict[str, RankedRow]:
    return {row.code: row for row in rows}


def scores(rows: list[RankedRow]) -> dict[str, Decimal]:
    return {row.code: row.score for row in rows}


def ranks(rows: list[RankedRow]) -> dict[str, int]:
    return {row.code: row.rank for row in rows}
