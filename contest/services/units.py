"""Units: finding one by name (diacritics and case ignored) or adding a new one."""
from __future__ import annotations

from sqlalchemy import select

from contest.extensions import db
from contest.models import Unit, UnitKind
from contest.text import fold


def find_unit(name: str) -> Unit | None:
    """The unit whose folded name equals the folded `name`, if exactly one exists."""
    found = db.session.scalars(select(Unit).where(Unit.search_name == fold(name)).limit(2)).all()
    return found[0] if len(found) == 1 else None


def find_or_create_unit(name: str, kind: UnitKind = UnitKind.SCHOOL) -> Unit:
    """An existing unit with this name, or a new one (the province's list grows as people type)."""
    name = " ".join(name.split())
    unit = find_unit(name)
    if unit is None:
        unit = Unit(name=name, kind=kind)
        db.session.add(unit)
        db.session.flush()
    return unit
