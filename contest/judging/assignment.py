"""Assigning judges to entries: k judges each from the field's panel, no conflicts, balanced.

Plain data in, a plan out. The same input and seed always give the same plan. Entries are
served most-constrained first (fewest usable judges), each taking the least-loaded usable
judges of its panel. A repair pass then, within each panel, passes assignments along chains
of judges (the busiest gives an entry to B, B gives another to C, ...; or from anyone to the
idlest the same way) while the loads differ by more than one. It stops only when no chain
exists, so the highest load is as low and the lowest as high as the conflicts allow (given the
load passed in, which is never moved, and for judges who sit on one panel). An entry that
cannot get its k judges is listed as impossible and gets none of the missing ones: never
half-done.
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
    """Within each panel, shift new assignments along chains of judges while the loads differ
    by more than one and a chain exists; each shift lowers the sum of squared loads."""
    by_field: dict[int, list[EntryNeed]] = defaultdict(list)
    for entry in entries:
        if entry.entry_id in chosen:
            by_field[entry.field_id].append(entry)
    for field_id, judges in sorted(panels.items()):
        members = sorted(set(judges), key=tie.__getitem__)
        held: dict[int, list[EntryNeed]] = {judge: [] for judge in members}
        for entry in by_field[field_id]:
            for judge in chosen[entry.entry_id]:
                held[judge].append(entry)
        while members and (chain := _chain(members, held, chosen, load)):
            for giver, taker, entry in chain:
                chosen[entry.entry_id].remove(giver)
                chosen[entry.entry_id].add(taker)
                held[giver].remove(entry)
                held[taker].append(entry)
            load[chain[0][0]] -= 1
            load[chain[-1][1]] += 1


def _chain(judges: list[int], held: dict[int, list[EntryNeed]], chosen: dict[int, set[int]],
           load: dict[int, int]) -> list[tuple[int, int, EntryNeed]]:
    """Moves (giver, taker, entry) that pass one assignment from a most loaded judge, or to a
    least loaded one, across judges who each give one and take one; [] when there is none.

    A breadth-first search over "judge A may hand one of its entries to judge B"; when neither
    search finds a chain the panel's highest load is as low, and its lowest as high, as the
    conflicts allow."""
    top, bottom = max(load[j] for j in judges), min(load[j] for j in judges)
    if top - bottom <= 1:
        return []

    def may_take(judge: int, entry: EntryNeed) -> bool:
        return (judge not in chosen[entry.entry_id] and judge not in entry.excluded
                and judge not in entry.current)

    def forward(giver):
        return ((taker, entry) for entry in held[giver] for taker in judges
                if may_take(taker, entry))

    def backward(taker):
        return ((giver, entry) for giver in judges for entry in held[giver]
                if may_take(taker, entry))

    for sources, steps, found, reverse in (
            ([j for j in judges if load[j] == top], forward, lambda j: load[j] <= top - 2, False),
            ([j for j in judges if load[j] == bottom], backward,
             lambda j: load[j] >= bottom + 2, True)):
        parent: dict[int, tuple[int, EntryNeed] | None] = dict.fromkeys(sources)
        queue = list(sources)
        for judge in queue:
            for other, entry in steps(judge):
                if other in parent:
                    continue
                parent[other] = (judge, entry)
                if found(other):
                    moves = []
                    while parent[other] is not None:
                        previous, via = parent[other]
                        moves.append((other, previous, via) if reverse else (previous, other, via))
                        other = previous
                    return moves if reverse else moves[::-1]
                queue.append(other)
    return []
