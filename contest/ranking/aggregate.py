"""Aggregating judges' totals into an entry score, and ranking with the documented tie chain.

Ties: scores are compared rounded to two decimals; then, criterion by criterion in the
edition's tie-break priority, the higher mean of that criterion over the entry's complete
sheets (two decimals), whatever the method; then more complete sheets; then the entries
share the rank (same number, the next one skipped). Never random, never by id or code; the
code only orders the display of entries that share a rank.

The work is in integers (scores in units of 10**-places, exact): sums, means, medians and
spreads are exact ratios rounded once, half up, to two decimals (exact.two_of), as the
Decimal arithmetic they replace rounds them. The z-score method and standard deviations are
floats, as the standard library computes them.
"""
from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from operator import itemgetter

from contest.ranking.exact import pstdev, two_of
from contest.ranking.model import (
    HUNDREDTHS,
    EntryInfo,
    RankedRow,
    RankingSettings,
    Sheet,
    SheetRow,
    ranked_row,
    sheet_rows,
    two,
)

METHODS = ("mean", "median", "trimmed", "zscore")
ZSCORE_MIN_SHEETS = 3
TRIM_MIN_SHEETS = 5
ZERO = Decimal(0)
# one entry's complete sheets: (judge id, total, values) in judge order
Own = list[tuple[int, int, tuple[int | None, ...]]]


def entry_score(totals: list[int], method: str, unit: int) -> Decimal:
    """The aggregate of one entry's totals (integers in 1/unit) for mean, median and trimmed,
    to two decimals."""
    ordered = sorted(totals)
    count = len(ordered)
    if method == "median":
        middle = count // 2
        if count % 2:
            return two_of(ordered[middle], unit)
        return two_of(ordered[middle - 1] + ordered[middle], 2 * unit)
    if method == "trimmed" and count >= TRIM_MIN_SHEETS:
        ordered, count = ordered[1:-1], count - 2
    return two_of(sum(ordered), count * unit)


def zscore_values(by_entry: dict[int, Own], counts: Counter, places: int
                  ) -> dict[int, dict[int, Decimal]]:
    """For each judge, each of their totals standardised within the judge and mapped back onto
    the overall mean and standard deviation of raw totals (clamped to 0..100), by total.
    Judges with fewer than three sheets keep their raw totals."""
    unit = 10 ** places
    by_judge: dict[int, list[int]] = defaultdict(list)
    for own in by_entry.values():
        for judge_id, total, _values in own:
            by_judge[judge_id].append(total)
    floats = {t: t / unit for t in {t for totals in by_judge.values() for t in totals}}
    raw = [floats[t] for totals in by_judge.values() for t in totals]
    overall_mean = statistics.fmean(raw) if raw else 0.0  # fsum and exact pstdev: any order
    overall_sd = pstdev(raw) if len(raw) > 1 else 0.0
    mapped = {}
    for judge_id, own in by_judge.items():
        if counts[judge_id] < ZSCORE_MIN_SHEETS:
            mapped[judge_id] = {t: Decimal(t).scaleb(-places) for t in own}
            continue
        totals = [floats[t] for t in own]
        mean, sd = statistics.fmean(totals), pstdev(totals)
        values = {}
        for t in set(own):  # the same total of the same judge maps to the same value
            z = (floats[t] - mean) / sd if sd > 0 else 0.0
            values[t] = Decimal(repr(min(100.0, max(0.0, overall_mean + z * overall_sd))))
        mapped[judge_id] = values
    return mapped


def rank_entries(entries: Iterable[EntryInfo], sheets: Iterable[Sheet],
                 settings: RankingSettings) -> list[RankedRow]:
    """Ranked rows, best first, for every entry with at least one complete sheet."""
    rows, places = sheet_rows(sheets)
    return rank_sheet_rows(entries, rows, settings, places)


def rank_sheet_rows(entries: Iterable[EntryInfo], rows: list[SheetRow],
                    settings: RankingSettings, places: int = HUNDREDTHS) -> list[RankedRow]:
    """rank_entries over sheets given as integer rows (model.SheetRow)."""
    method = settings.method
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    info = {e.entry_id: e for e in entries}
    unit = 10 ** places
    by_entry: dict[int, Own] = defaultdict(list)
    for entry_id, judge_id, _codes, values in rows:
        if entry_id in info:
            by_entry[entry_id].append((judge_id, sum(filter(None, values)), values))
    for own in by_entry.values():
        own.sort(key=itemgetter(0))  # stable: a judge's two sheets keep their order
    counts = Counter(judge_id for own in by_entry.values() for judge_id, _t, _v in own)
    normalised = zscore_values(by_entry, counts, places) if method == "zscore" else {}
    codes = rows[0][2] if rows else ()
    tie_columns = [(code, codes.index(code) if code in codes else None)
                   for code in settings.tie_break]
    threshold, threshold_unit = settings.disagreement_threshold.as_integer_ratio()
    floats: dict[int, float] = {}
    keyed = []
    for entry_id in sorted(by_entry):
        own = by_entry[entry_id]
        count = len(own)
        totals = [total for _j, total, _v in own]
        if method == "zscore":
            # a judge's last sheet of the entry stands for each of its sheets, as before
            mapped = {judge_id: normalised[judge_id][total] for judge_id, total, _v in own}
            score = two(sum(sorted(mapped[judge_id] for judge_id, _t, _v in own), ZERO) / count)
        else:
            score = entry_score(totals, method, unit)
        columns = list(zip(*[values for _j, _t, values in own], strict=True))
        means = tuple((code, two_of(0 if column is None else sum(filter(None, columns[column])),
                                    count * unit)) for code, column in tie_columns)
        flags = []
        spread = max(totals) - min(totals)
        if spread * threshold_unit > threshold * unit:
            flags.append("disagreement")
        if count < settings.required_sheets:
            flags.append("missing-sheets")
        if method == "zscore" and any(counts[j] < ZSCORE_MIN_SHEETS for j, _t, _v in own):
            flags.append("raw-judge")  # a judge with too few sheets kept raw totals
        if count > 1:
            for total in totals:
                if total not in floats:
                    floats[total] = total / unit  # float(Decimal): both correctly rounded
            stdev = two(pstdev([floats[total] for total in totals]))
        else:
            stdev = two_of(0, 1)
        key = (score, *(mean for _c, mean in means), count)
        keyed.append((key, info[entry_id], score, count, two_of(spread, unit), stdev,
                      tuple(flags), means))
    return assign_ranks(keyed)


def tie_key(row: RankedRow) -> tuple:
    """What decides the order, best first when sorted descending."""
    return (row.score, *(mean for _, mean in row.criterion_means), row.judges)


def assign_ranks(keyed: list[tuple]) -> list[RankedRow]:
    """Sort by the tie chain (tie_key, worked out with each row); equal keys share a rank and
    the next rank is skipped."""
    keyed.sort(key=lambda item: item[1].code)
    keyed.sort(key=itemgetter(0), reverse=True)  # stable: the code orders equal keys
    ranked, previous, rank = [], None, 0
    for position, (key, entry, score, count, spread, stdev, flags, means) in enumerate(
            keyed, start=1):
        if key != previous:
            rank, previous = position, key
        ranked.append(ranked_row(entry.entry_id, entry.code, entry.title, entry.field_code,
                                 rank, score, count, spread, stdev, flags, means, None))
    return ranked
