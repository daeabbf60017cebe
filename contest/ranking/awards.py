"""Awards within score bands and quotas.

Tiers are filled best first. An entry gets the best tier whose band it reaches and that still
has room; an entry below a band falls to the next tier it qualifies for; quotas are ceilings,
so a tier may stay empty. Entries that share a rank across a quota boundary follow the policy:
"flag" (default) leaves them for the organising committee, flagged quota-tie, and closes the
tier; "all" gives every tied entry the tier (flagged quota-exceeded); "none" gives it to none
of them, who then compete for the next tier. Entries flagged missing-sheets get no award.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from contest.ranking.model import RankedRow, ranked_as

TIE_POLICIES = ("flag", "all", "none")


@dataclass(frozen=True)
class AwardTier:
    code: str
    min_score: Decimal
    quota: int | None  # None: no ceiling


def allocate_awards(rows: list[RankedRow], tiers: list[AwardTier], *, per_field: bool = False,
                    tie_policy: str = "flag") -> list[RankedRow]:
    """The same rows with `award` (tier code or None) and any award flags set."""
    if tie_policy not in TIE_POLICIES:
        raise ValueError(f"unknown tie policy {tie_policy!r}")
    tiers = sorted(tiers, key=lambda t: t.min_score, reverse=True)
    groups: dict[str, list[RankedRow]] = defaultdict(list)
    for row in rows:
        groups[row.field_code if per_field else ""].append(row)
    decided: dict[int, tuple[str | None, tuple[str, ...]]] = {}
    for members in groups.values():
        decided.update(_allocate_group(members, tiers, tie_policy))
    return [row if decided[row.entry_id] == (row.award, ()) else  # unchanged: no copy
            ranked_as(row, award=decided[row.entry_id][0],
                      flags=row.flags + decided[row.entry_id][1]) for row in rows]


def _allocate_group(rows: list[RankedRow], tiers: list[AwardTier], policy: str) -> dict:
    left = {t.code: (t.quota if t.quota is not None else len(rows)) for t in tiers}
    closed: set[str] = set()
    decided = {}
    candidates = [r for r in rows if "missing-sheets" not in r.flags]
    for row in rows:
        decided[row.entry_id] = (None, ())
    ordered = sorted(candidates, key=lambda r: (r.rank, r.code))
    for _rank, tied in groupby(ordered, key=lambda r: r.rank):
        tied = list(tied)
        score = tied[0].score
        for tier in tiers:
            if tier.code in closed or left[tier.code] <= 0 or score < tier.min_score:
                continue
            if len(tied) <= left[tier.code]:
                left[tier.code] -= len(tied)
                decided.update({r.entry_id: (tier.code, ()) for r in tied})
                break
            if policy == "all":
                left[tier.code] = 0
                decided.update({r.entry_id: (tier.code, ("quota-exceeded",)) for r in tied})
                break
            closed.add(tier.code)
            if policy == "flag":
                decided.update({r.entry_id: (None, (f"quota-tie:{tier.code}",)) for r in tied})
                break
            # policy "none": nobody in the tie gets this tier; try the next one
    return decided
