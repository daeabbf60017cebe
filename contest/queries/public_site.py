"""Query builders of the public site: organisations, and their contests with their editions."""
from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from contest.models import Contest, Organisation


def organisations_by_name() -> Select:
    """Every organisation, by name (the home page sorts those with open editions first)."""
    return select(Organisation).order_by(Organisation.name, Organisation.id)


def organisation_with_code(code: str) -> Select:
    return select(Organisation).where(Organisation.code == code)


def contests_with_editions(organisation_id: int | None = None) -> Select:
    """Contests with their editions (newest first), of one organisation or of all."""
    query = select(Contest).order_by(Contest.id).options(selectinload(Contest.editions))
    if organisation_id is not None:
        query = query.where(Contest.organisation_id == organisation_id)
    return query
