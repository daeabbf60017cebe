"""Reads of units: the province's schools and organisations."""
from __future__ import annotations

from sqlalchemy import Select, select

from contest.models import Unit, UnitKind


def unit_names() -> Select:
    """Names of the province's schools and organisations, for the pick-or-type lists."""
    return select(Unit.name).where(
        Unit.kind.in_([UnitKind.SCHOOL, UnitKind.ORGANISATION])).order_by(Unit.search_name)
