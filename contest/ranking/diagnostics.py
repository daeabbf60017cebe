"""Per-judge diagnostics: leniency against co-judges, spread, number of sheets."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from math import fsum

from contest.ranking.aggregate import ZSCORE_MIN_SHEETS
from contest.ranking.exact import pstdev, two_of
from contest.ranking.model import HUNDREDTHS, Sheet, SheetRow, sheet_rows, two


@dataclass(frozen=True)
class JudgeDiagnostic:
    judge_id: int
    sheets: int
    mean_total: Decimal
    spread: Decimal  # standard deviation of the judge's totals
    leniency: Decimal | None  # mean of (own total - mean of co-judges' totals), same entries
    flags: tuple[str, ...]


def judge_diagnostics(sheets: Iterable[Sheet]) -> list[JudgeDiagnostic]:
    """One row per judge, by judge id; positive leniency means more generous than co-judges."""
    rows, places = sheet_rows(sheets)
    return sheet_row_diagnostics(rows, places)


def fmean(values: list[float]) -> float:
    """statistics.fmean of a list, without its checks (called for every one of 30,000 sheets)."""
    return fsum(values) / len(values)


def sheet_row_diagnostics(rows: list[SheetRow], places: int = HUNDREDTHS
                          ) -> list[JudgeDiagnostic]:
    """judge_diagnostics over sheets given as integer rows (model.SheetRow)."""
    unit = 10 ** places
    floats: dict[int, float] = {}  # few distinct totals: each converted once
    by_entry: dict[int, list[tuple[int, float]]] = defaultdict(list)
    by_judge: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for entry_id, judge_id, _codes, values in rows:
        total = sum(filter(None, values))
        value = floats.get(total)
        if value is None:
            value = floats[total] = total / unit  # float(Decimal): both correctly rounded
        by_entry[entry_id].append((judge_id, value))
        by_judge[judge_id].append((entry_id, value))
    diagnostics = []
    for judge_id in sorted(by_judge):
        own = by_judge[judge_id]
        totals = [value for _e, value in own]
        gaps = []
        for entry_id, value in own:
            others = [other for judge, other in by_entry[entry_id] if judge != judge_id]
            if others:
                gaps.append(value - fmean(others))
        flags = ("few-sheets",) if len(own) < ZSCORE_MIN_SHEETS else ()
        diagnostics.append(JudgeDiagnostic(
            judge_id=judge_id, sheets=len(own), mean_total=two(fmean(totals)),
            spread=two(pstdev(totals)) if len(totals) > 1 else two_of(0, 1),
            leniency=two(fmean(gaps)) if gaps else None, flags=flags))
    return diagnostics
