"""Conflict of interest, as sets of unit ids: who may not judge an entry (plain data in)."""
from __future__ import annotations

from collections.abc import Iterable, Set


def entry_units(organisation_id: int | None, teacher_unit_id: int | None,
                author_unit_ids: Iterable[int | None]) -> frozenset[int]:
    """An entry's units: the entrant organisation's, the teacher's and every author's."""
    return frozenset(unit for unit in (organisation_id, teacher_unit_id, *author_unit_ids)
                     if unit is not None)


def conflicted(judge_unit_id: int | None, units: Set[int], declared: bool) -> bool:
    """A judge is in conflict with an entry of their own unit, or one they declared."""
    return declared or (judge_unit_id is not None and judge_unit_id in units)
