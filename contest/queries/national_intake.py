"""Query builders for the national intake: feeds, arrivals and their origins."""
from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from contest.models import (
    Author,
    Contest,
    Edition,
    Entry,
    EntryOrigin,
    NationalFeed,
    Organisation,
)


def feeds_of(national_edition_id: int) -> Select:
    """The provinces feeding a national edition, with their province and edition."""
    return (select(NationalFeed).where(NationalFeed.national_edition_id == national_edition_id)
            .options(joinedload(NationalFeed.province),
                     joinedload(NationalFeed.provincial_edition).joinedload(Edition.contest))
            .join(NationalFeed.province).order_by(Organisation.name))


def arrivals_in(national_edition_id: int) -> Select:
    """Every arrived entry of a national edition with its origin and what its dossier needs."""
    return (select(EntryOrigin).where(EntryOrigin.national_edition_id == national_edition_id)
            .options(joinedload(EntryOrigin.entry).options(
                joinedload(Entry.field), joinedload(Entry.edition),
                selectinload(Entry.authors).joinedload(Author.unit),
                selectinload(Entry.attachments)))
            .order_by(EntryOrigin.province_id, EntryOrigin.id))


def arrivals_from(provincial_edition_id: int) -> Select:
    """The arrivals of a provincial edition's entries in national editions."""
    origin_entry = select(Entry.id).where(Entry.edition_id == provincial_edition_id)
    return (select(EntryOrigin).where(EntryOrigin.origin_entry_id.in_(origin_entry))
            .options(joinedload(EntryOrigin.entry).joinedload(Entry.edition))
            .order_by(EntryOrigin.id))


def provinces_of(national_id: int) -> Select:
    return (select(Organisation).where(Organisation.parent_id == national_id)
            .order_by(Organisation.name))


def editions_of_provinces(national_id: int) -> Select:
    return (select(Edition).join(Edition.contest).join(Contest.organisation)
            .where(Organisation.parent_id == national_id)
            .options(joinedload(Edition.contest).joinedload(Contest.organisation))
            .order_by(Organisation.name, Edition.number.desc()))
