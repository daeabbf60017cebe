"""Assigning judges to entries: k judges each from the field's panel, no conflicts, balanced.

Plain data in, a plan out. The same input and seed always give the same plan. Entries are
served most-constrained first (fewest usable judges), each taking the least-loaded usable
judges of its panel; a repair pass then moves assignments from the most- to the least-loaded
judge of a panel while that narrows the gap. An entry that cannot get its k judges is listed
as impossible and gets none of the missing ones: never half-done.
"""
from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EntryNeed:
    entry_id: int
    field_id: int
    excluded: frozenset[int] = frozenset()  # judges in conflict (same unit, declared, recused)
    current: frozenset[int] = frozenset()  # judges already assigned in this round


@dataclass(frozen=True)
class Impossible:
    entry_id: int
    field_id: int
    usable: int  # how many judges could take it
    missing: int  # how many more it needs


@dataclass
class Plan:
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (entry_id, judge_id), new ones
    impossible: list[Impossible] = field(default_factory=list)
    load: dict[int, int] = field(default_factory=dict)  # judge -> assignments after the plan


def plan_assignments(entries: Iterable[EntryNeed], panels: dict[int, list[int]], k: int,
                     seed: int = 0, load: dict[int, int] | None = None) -> Plan:
    """Give every entry k judges of its field's panel (panels: field id -> judge ids)."""
    rng = random.Random(seed)
    load = defaultdict(int, load or {})
    for judges in panels.values():
        for judge in judges:
            load[judge] += 0
    tie = {judge: index for index, judge in enumerate(rng.sample(sorted(load), len(load)))}
    ordered = sorted(entries, key=lambda e: e.entry_id)
    rng.shuffle(ordered)
    usable = {e.entry_id: [j for j in panels.get(e.field_id, ())
                           if j not in e.excluded and j not in e.current] for e in ordered}
    ordered.sort(key=lambda e: len(usable[e.entry_id]) - (k - len(e.current)))
    plan = Plan()
    chosen: dict[int, set[int]] = {}
    for entry in ordered:
        need = k - len(entry.current)
        if need <= 0:
            continue
        candidates = usable[entry.entry_id]
        if len(candidates) < need:
            plan.impossible.append(Impossible(entry.entry_id, entry.field_id,
                                              len(candidates) + len(entry.current), need))
            continue
        picked = sorted(candidates, key=lambda j: (load[j], tie[j]))[:need]
        for judge in picked:
            load[judge] += 1
        chosen[entry.entry_id] = set(picked)
    _repair(ordered, panels, chosen, load, tie)
    plan.pairs = sorted((entry_id, judge) for entry_id, judges in chosen.items()
                        for judge in judges)
    plan.impossible.sort(key=lambda i: i.entry_id)
    plan.load = dict(load)
    return plan


def _repair(entries: list[EntryNeed], panels: dict[int, list[int]],
            chosen: dict[int, set[int]], load: dict[int, int], tie: dict[int, int]) -> None:
    """Within each panel, move new assignments from the busiest to the idlest judge while the
    gap exceeds one and a move is allowed (no conflict, not already on the entry)."""
    by_field: dict[int, list[EntryNeed]] = defaultdict(list)
    for entry in entries:
        if entry.entry_id in chosen:
            by_field[entry.field_id].append(entry)
    for field_id, judges in sorted(panels.items()):
        if not judges:
            continue
        for _ in range(10 * len(by_field[field_id]) + 10):
            busiest = max(judges, key=lambda j: (load[j], -tie[j]))
            idlest = min(judges, key=lambda j: (load[j], tie[j]))
            if load[busiest] - load[idlest] <= 1:
                break
            movable = next((e for e in by_field[field_id]
                            if busiest in chosen[e.entry_id] and idlest not in chosen[e.entry_id]
                            and idlest not in e.excluded and idlest not in e.current), None)
            if movable is None:
                break
            chosen[movable.entry_id].remove(busiest)
            chosen[movable.entry_id].add(idlest)
            load[busiest] -= 1
            load[idlest] += 1
