"""Query builders for published results: versions, their rows, and objections."""
from __future__ import annotations

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from contest.extensions import db
from contest.models import (
    Author,
    Edition,
    Entry,
    Field,
    Objection,
    Phase,
    PublishedResult,
    ResultPublication,
)


def edition_objections(edition_id: int) -> Select:
    """Objections of an edition, unanswered first, then oldest first; entries loaded."""
    return (select(Objection).join(Objection.entry).where(Entry.edition_id == edition_id)
            .options(contains_eager(Objection.entry))
            .order_by(Objection.answer.is_not(None), Objection.created_at, Objection.id))


def edition_publications(edition_id: int) -> Select:
    """Every published version of an edition, newest first, with who published it."""
    return (select(ResultPublication).where(ResultPublication.edition_id == edition_id)
            .options(joinedload(ResultPublication.published_by),
                     joinedload(ResultPublication.objections_closed_by))
            .order_by(ResultPublication.version.desc()))


def current_publication(edition: Edition) -> ResultPublication | None:
    """What entrants and the public see now: the newest published version, once results are
    published (None before)."""
    if edition.phase not in (Phase.PROVISIONAL, Phase.FINAL):
        return None
    return db.session.scalar(edition_publications(edition.id).limit(1))


def publication_rows(publication_id: int) -> Select:
    """A version's rows in ranking order with their entries, fields and authors loaded."""
    return (select(PublishedResult).where(PublishedResult.publication_id == publication_id)
            .options(joinedload(PublishedResult.entry).joinedload(Entry.field),
                     joinedload(PublishedResult.entry).selectinload(Entry.authors)
                     .joinedload(Author.unit),
                     joinedload(PublishedResult.entry).joinedload(Entry.organisation))
            .order_by(PublishedResult.position))


def awarded_rows(publication_id: int, tier_codes: list[str]) -> Select:
    """A version's awarded rows as the public list shows them: by field (in the edition's
    order, entries of no field last), then by tier in the order given, then by rank; entries,
    fields, authors and units loaded."""
    tier_order = [case({code: n for n, code in enumerate(tier_codes)},
                       value=PublishedResult.award)] if tier_codes else []  # no tier, no row
    return (select(PublishedResult).join(PublishedResult.entry)
            .outerjoin(Field, Field.id == Entry.field_id)
            .where(PublishedResult.publication_id == publication_id,
                   PublishedResult.award.in_(tier_codes))
            .options(contains_eager(PublishedResult.entry).contains_eager(Entry.field),
                     contains_eager(PublishedResult.entry).selectinload(Entry.authors)
                     .joinedload(Author.unit),
                     contains_eager(PublishedResult.entry).joinedload(Entry.organisation))
            .order_by(Field.id.is_(None), Field.position, Field.id,
                      *tier_order, PublishedResult.position))


def awarded_counts(publication_id: int, tier_codes: list[str]) -> Select:
    """(field id, award, how many) of a version's awarded rows."""
    return (select(Entry.field_id, PublishedResult.award, func.count())
            .join(PublishedResult.entry)
            .where(PublishedResult.publication_id == publication_id,
                   PublishedResult.award.in_(tier_codes))
            .group_by(Entry.field_id, PublishedResult.award))


def publication_row_count(publication_id: int) -> int:
    """How many rows a version has."""
    return db.session.scalar(select(func.count(PublishedResult.id))
                             .where(PublishedResult.publication_id == publication_id))


def published_row(publication_id: int, entry_id: int) -> Select:
    return select(PublishedResult).where(PublishedResult.publication_id == publication_id,
                                         PublishedResult.entry_id == entry_id)


def previous_publication(publication: ResultPublication) -> Select:
    """The version published just before this one."""
    return (select(ResultPublication)
            .where(ResultPublication.edition_id == publication.edition_id,
                   ResultPublication.version < publication.version)
            .options(selectinload(ResultPublication.rows))
            .order_by(ResultPublication.version.desc()).limit(1))


def entry_objections(entry_id: int) -> Select:
    """An entry's objections, oldest first."""
    return (select(Objection).where(Objection.entry_id == entry_id)
            .order_by(Objection.created_at, Objection.id))


def unanswered_objection_count(edition_id: int) -> int:
    """Objections of the edition still waiting for an answer."""
    return db.session.scalar(select(func.count(Objection.id)).join(Objection.entry).where(
        Entry.edition_id == edition_id, Objection.answer.is_(None)))
