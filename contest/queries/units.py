"""Reads of units: the province's schools and organisations."""
from __future__ import annotations

from sqlalchemy import Select, select

from contest.models import Unit, UnitKind


def unit_names(organisation_id: int) -> Select:
    """Names of the schools and organisations on the province's list, for the pick-or-type
    lists (another province's units are not offered)."""
    return select(Unit.name).where(
        Unit.kind.in_([UnitKind.SCHOOL, UnitKind.ORGANISATION]),
        Unit.organisation_id == organisation_id).order_by(Unit.search_name)
