"""Query builders for contests and editions."""
from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from contest.models import Contest, Edition, Phase, User
from contest.queries.organisations import in_scope


def public_contests() -> Select:
    """Contests with their non-draft editions, newest first."""
    return select(Contest).order_by(Contest.id).options(selectinload(Contest.editions))


def organised_contests(viewer: User) -> Select:
    """The contests of the viewer's organisations with their editions, by organisation."""
    return (select(Contest).where(in_scope(Contest.organisation_id, viewer))
            .order_by(Contest.organisation_id, Contest.id)
            .options(selectinload(Contest.editions), joinedload(Contest.organisation)))


def edition_with_setup(edition_id: int) -> Select:
    """One edition with its contest, fields, criteria and award tiers (no visibility filter:
    the caller decides who may see it)."""
    return (
        select(Edition)
        .where(Edition.id == edition_id)
        .options(
            joinedload(Edition.contest),
            selectinload(Edition.fields),
            selectinload(Edition.criteria),
            selectinload(Edition.award_tiers),
        )
    )


def open_editions() -> Select:
    """The editions an entrant may enter now (a national one takes the provinces' entries)."""
    return (
        select(Edition).join(Contest)
        .where(Edition.phase == Phase.OPEN, ~Contest.fed_by_provinces)
        .options(joinedload(Edition.contest).joinedload(Contest.organisation))
        .order_by(Edition.submission_deadline_at)
    )
