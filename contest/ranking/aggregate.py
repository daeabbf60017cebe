"""Aggregating judges' totals into an entry score, and ranking with the documented tie chain.

Ties: scores are compared rounded to two decimals; then, criterion by criterion in the
edition's tie-break priority, the higher mean of that criterion over the entry's complete
sheets (two decimals), whatever the method; then more complete sheets; then the entries
share the rank (same number, the next one skipped). Never random, never by id or code; the
code only orders the display of entries that share a rank.
"""
from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from operator import itemgetter

from contest.ranking.exact import pstdev
from contest.ranking.model import EntryInfo, RankedRow, RankingSettings, Sheet, ranked_as, two

METHODS = ("mean", "median", "trimmed", "zscore")
ZSCORE_MIN_SHEETS = 3
TRIM_MIN_SHEETS = 5
ZERO = Decimal(0)


def entry_score(totals: list[Decimal], method: str) -> Decimal:
    """The aggregate of one entry's totals for mean, median and trimmed."""
    ordered = sorted(totals)
    if method == "median":
        return Decimal(statistics.median(ordered))
    if method == "trimmed" and len(ordered) >= TRIM_MIN_SHEETS:
        ordered = ordered[1:-1]
    return sum(ordered, Decimal(0)) / len(ordered)


def zscore_totals(sheets: list[Sheet]) -> dict[tuple[int, int], Decimal]:
    """Each sheet's total standardised within its judge and mapped back onto the overall
    mean and standard deviation of raw totals (clamped to 0..100). Judges with fewer than
    three sheets keep their raw totals."""
    by_judge: dict[int, list[Sheet]] = defaultdict(list)
    for sheet in sheets:
        by_judge[sheet.judge_id].append(sheet)
    floats: dict[Decimal, float] = {}  # few distinct totals: convert each once
    raw = [floats.get(t) or floats.setdefault(t, float(t)) for t in (s.total for s in sheets)]
    overall_mean = statistics.fmean(raw) if raw else 0.0
    overall_sd = pstdev(raw) if len(raw) > 1 else 0.0
    mapped = {}
    for judge_id, own in by_judge.items():
        totals = [floats[s.total] for s in own]
        if len(own) < ZSCORE_MIN_SHEETS:
            for sheet in own:
                mapped[(sheet.entry_id, judge_id)] = sheet.total
            continue
        mean, sd = statistics.fmean(totals), pstdev(totals)
        for sheet, total in zip(own, totals, strict=True):
            z = (total - mean) / sd if sd > 0 else 0.0
            value = min(100.0, max(0.0, overall_mean + z * overall_sd))
            mapped[(sheet.entry_id, judge_id)] = Decimal(repr(value))
    return mapped


def rank_entries(entries: Iterable[EntryInfo], sheets: Iterable[Sheet],
                 settings: RankingSettings) -> list[RankedRow]:
    """Ranked rows, best first, for every entry with at least one complete sheet."""
    if settings.method not in METHODS:
        raise ValueError(f"unknown method {settings.method!r}")
    info = {e.entry_id: e for e in entries}
    sheets = sorted((s for s in sheets if s.entry_id in info),
                    key=lambda s: (s.entry_id, s.judge_id))
    by_entry: dict[int, list[Sheet]] = defaultdict(list)
    for sheet in sheets:
        by_entry[sheet.entry_id].append(sheet)
    normalised = zscore_totals(sheets) if settings.method == "zscore" else {}
    sheet_counts: dict[int, int] = defaultdict(int)
    for sheet in sheets:
        sheet_counts[sheet.judge_id] += 1
    rows = []
    for entry_id, own in by_entry.items():
        totals = [s.total for s in own]
        if settings.method == "zscore":
            score = entry_score([normalised[(entry_id, s.judge_id)] for s in own], "mean")
        else:
            score = entry_score(totals, settings.method)
        means = tuple((code, two(sum([s.by_criterion.get(code) or ZERO for s in own], ZERO)
                                 / len(own))) for code in settings.tie_break)
        flags = []
        spread = max(totals) - min(totals)
        if spread > settings.disagreement_threshold:
            flags.append("disagreement")
        if len(own) < settings.required_sheets:
            flags.append("missing-sheets")
        if settings.method == "zscore" and any(
                sheet_counts[s.judge_id] < ZSCORE_MIN_SHEETS for s in own):
            flags.append("raw-judge")  # a judge with too few sheets kept raw totals
        entry = info[entry_id]
        rows.append(RankedRow(
            entry_id=entry_id, code=entry.code, title=entry.title, field_code=entry.field_code,
            rank=0, score=two(score), judges=len(own), spread=two(spread),
            stdev=two(pstdev([float(t) for t in totals]) if len(totals) > 1 else 0),
            flags=tuple(flags), criterion_means=means))
    return assign_ranks(rows)


def tie_key(row: RankedRow) -> tuple:
    """What decides the order, best first when sorted descending."""
    return (row.score, *(mean for _, mean in row.criterion_means), row.judges)


def assign_ranks(rows: list[RankedRow]) -> list[RankedRow]:
    """Sort by the tie chain; equal keys share a rank and the next rank is skipped."""
    keyed = [(tie_key(row), row) for row in sorted(rows, key=lambda r: r.code)]
    keyed.sort(key=itemgetter(0), reverse=True)  # stable: the code orders equal keys
    ranked, previous, rank = [], None, 0
    for position, (key, row) in enumerate(keyed, start=1):
        if key != previous:
            rank, previous = position, key
        ranked.append(ranked_as(row, rank=rank))
    return ranked
