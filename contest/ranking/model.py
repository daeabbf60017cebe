"""The plain data the ranking works on."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
HUNDREDTHS = 2  # decimal places of a stored score (contest.database.Points)

# A complete sheet as a ranking reads it: (entry id, judge id, criterion codes, values), the
# values integers in units of 10**-places, one per code (None: not scored). Plain tuples, and
# the codes one tuple shared by every row, because a ranking reads 30,000 of them.
SheetRow = tuple[int, int, tuple[str, ...], tuple[int | None, ...]]


def two(value: Decimal | float) -> Decimal:
    """Round half up to two decimals, the precision every comparison uses."""
    exact = value if isinstance(value, Decimal) else Decimal(str(value))  # str(Decimal) round-trips
    return exact.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Sheet:
    """One complete score sheet: a judge's scores for an entry, by criterion code."""

    entry_id: int
    judge_id: int
    scores: tuple[tuple[str, Decimal], ...]
    # worked out once (a ranking reads them several times for each of 30,000 sheets)
    total: Decimal = field(init=False, compare=False, repr=False)
    by_criterion: dict[str, Decimal] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", sum((value for _, value in self.scores), Decimal(0)))
        object.__setattr__(self, "by_criterion", dict(self.scores))

    def score(self, criterion: str) -> Decimal | None:
        return self.by_criterion.get(criterion)


def sheet_rows(sheets: Iterable[Sheet]) -> tuple[list[SheetRow], int]:
    """Sheets as rows of integers, and the decimal places (at least two) that keeps them exact."""
    sheets = list(sheets)
    codes = tuple(dict.fromkeys(code for s in sheets for code, _ in s.scores))
    places = max([HUNDREDTHS, *(-v.as_tuple().exponent for s in sheets for _, v in s.scores)])
    rows = []
    for s in sheets:
        by_code = {code: int(value.scaleb(places)) for code, value in s.scores}
        rows.append((s.entry_id, s.judge_id, codes, tuple(by_code.get(c) for c in codes)))
    return rows, places


@dataclass(frozen=True)
class EntryInfo:
    entry_id: int
    code: str
    title: str = ""
    field_code: str = ""


@dataclass(frozen=True)
class RankingSettings:
    method: str = "mean"
    required_sheets: int = 3
    tie_break: tuple[str, ...] = ()  # criterion codes, highest priority first
    disagreement_threshold: Decimal = Decimal(20)


@dataclass(frozen=True)
class RankedRow:
    entry_id: int
    code: str
    title: str
    field_code: str
    rank: int
    score: Decimal
    judges: int  # complete sheets used
    spread: Decimal  # max - min of the judges' totals
    stdev: Decimal
    flags: tuple[str, ...] = ()
    criterion_means: tuple[tuple[str, Decimal], ...] = field(default=())
    award: str | None = None


ROW_FIELDS = ("entry_id", "code", "title", "field_code", "rank", "score", "judges", "spread",
              "stdev", "flags", "criterion_means", "award")  # RankedRow's, in order


def ranked_row(*values) -> RankedRow:
    """RankedRow(*values), every field given in ROW_FIELDS order, without the frozen
    dataclass's __init__ (one object.__setattr__ a field: 5 µs a row, 10,000 rows a ranking
    and as many award copies). tests/ranking/test_integer_rows.py checks it against RankedRow."""
    row = object.__new__(RankedRow)
    row.__dict__.update(zip(ROW_FIELDS, values, strict=True))
    return row


def ranked_as(row: RankedRow, *, rank: int | None = None, award: str | None = None,
              flags: tuple[str, ...] | None = None) -> RankedRow:
    """The row with another rank, or another award and flags: dataclasses.replace without
    its per-field bookkeeping (called for every one of 10,000 rows, twice). Every field is
    named here; tests/ranking/test_exact.py checks it against replace."""
    copy = object.__new__(RankedRow)
    fields = copy.__dict__
    fields.update(row.__dict__)
    if rank is not None:
        fields["rank"] = rank
    if flags is not None:
        fields["flags"], fields["award"] = flags, award
    return copy
