"""Units: finding one by name (diacritics and case ignored) on an organisation's list, or
adding a new one there. Each province's union keeps its own list: a school typed in province A
is not found in province B."""
from __future__ import annotations

from sqlalchemy import select

from contest.extensions import db
from contest.models import Unit, UnitKind
from contest.text import fold


def find_unit(name: str, organisation_id: int | None) -> Unit | None:
    """The unit of the organisation's list (None: of no list) whose folded name equals the
    folded `name`, if exactly one exists."""
    found = db.session.scalars(select(Unit).where(
        Unit.search_name == fold(name), Unit.organisation_id == organisation_id).limit(2)).all()
    return found[0] if len(found) == 1 else None


def find_or_create_unit(name: str, kind: UnitKind = UnitKind.SCHOOL, *,
                        organisation_id: int | None) -> Unit:
    """An existing unit with this name on the organisation's list, or a new one there (the
    province's list grows as people type)."""
    name = " ".join(name.split())
    unit = find_unit(name, organisation_id)
    if unit is None:
        unit = Unit(name=name, kind=kind, organisation_id=organisation_id)
        db.session.add(unit)
        db.session.flush()
    return unit
