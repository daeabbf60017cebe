"""Per-judge diagnostics: leniency against co-judges, spread, number of sheets."""
from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from contest.ranking.aggregate import ZSCORE_MIN_SHEETS
from contest.ranking.exact import pstdev
from contest.ranking.model import Sheet, two


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
    sheets = list(sheets)
    by_entry: dict[int, list[Sheet]] = defaultdict(list)
    by_judge: dict[int, list[Sheet]] = defaultdict(list)
    for sheet in sheets:
        by_entry[sheet.entry_id].append(sheet)
        by_judge[sheet.judge_id].append(sheet)
    rows = []
    floats = {total: float(total) for total in {s.total for s in sheets}}  # few distinct
    for judge_id in sorted(by_judge):
        own = by_judge[judge_id]
        totals = [floats[s.total] for s in own]
        gaps = []
        for sheet in own:
            others = [floats[o.total] for o in by_entry[sheet.entry_id] if o.judge_id != judge_id]
            if others:
                gaps.append(floats[sheet.total] - statistics.fmean(others))
        flags = ("few-sheets",) if len(own) < ZSCORE_MIN_SHEETS else ()
        rows.append(JudgeDiagnostic(
            judge_id=judge_id, sheets=len(own), mean_total=two(statistics.fmean(totals)),
            spread=two(pstdev(totals) if len(totals) > 1 else 0),
            leniency=two(statistics.fmean(gaps)) if gaps else None, flags=flags))
    return rows
