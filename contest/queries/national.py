"""Query builders for the national list."""
from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from contest.models import Entry, NationalPick


def national_picks(edition_id: int) -> Select:
    """The national list in order, entries and their fields loaded."""
    return (select(NationalPick).where(NationalPick.edition_id == edition_id)
            .options(joinedload(NationalPick.entry).joinedload(Entry.field))
            .order_by(NationalPick.position, NationalPick.id))
