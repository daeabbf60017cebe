"""Reusable select() builders; eager loading is decided here so list pages stay at fixed queries."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from contest.clock import vietnam_instant
from contest.extensions import db
from contest.models import (
    AuditEvent,
    Author,
    Contest,
    Edition,
    Entry,
    EntryStatus,
    Phase,
    Role,
    Screening,
    User,
)
from contest.text import fold


def public_contests() -> Select:
    """Contests with their non-draft editions, newest first."""
    return select(Contest).order_by(Contest.id).options(selectinload(Contest.editions))


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
    return (
        select(Edition)
        .where(Edition.phase == Phase.OPEN)
        .options(joinedload(Edition.contest))
        .order_by(Edition.submission_deadline_at)
    )


def users_list(*, q: str | None = None, role: str | None = None) -> Select:
    query = select(User).options(joinedload(User.unit)).order_by(User.role, User.full_name)
    if role:
        query = query.where(User.role == Role(role))
    if q:
        query = query.where(User.search_name.contains(fold(q)))
    return query


def audit_events(*, action: str | None = None, object_type: str | None = None,
                 actor: str | None = None, date_from: date | None = None,
                 date_to: date | None = None) -> Select:
    """Audit events, newest first, filtered; the actor is loaded in the same query."""
    query = select(AuditEvent).options(joinedload(AuditEvent.actor)).order_by(
        AuditEvent.at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action.startswith(action))
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if actor:
        query = query.join(AuditEvent.actor).where(func.lower(User.email).contains(actor.lower()))
    if date_from:
        query = query.where(AuditEvent.at >= vietnam_instant(date_from))
    if date_to:
        query = query.where(AuditEvent.at < vietnam_instant(date_to + timedelta(days=1)))
    return query


ENTRANT_TIMELINE_ACTIONS = ("entry.create", "entry.submit", "entry.withdraw", "entry.screen",
                            "entry.import", "attachment.add", "attachment.delete", "entry.save")


def entry_timeline(entry_id: int, *, everything: bool = False) -> Select:
    """What happened to a dossier, oldest first; entrants see only dossier events."""
    query = (select(AuditEvent).options(joinedload(AuditEvent.actor))
             .where(AuditEvent.object_type == "entry", AuditEvent.object_id == entry_id)
             .order_by(AuditEvent.at, AuditEvent.id))
    if not everything:
        query = query.where(AuditEvent.action.in_(ENTRANT_TIMELINE_ACTIONS))
    return query


def my_entries(user: User) -> Select:
    return (select(Entry).where(Entry.owner_id == user.id)
            .options(joinedload(Entry.edition).joinedload(Edition.contest),
                     joinedload(Entry.field))
            .order_by(Entry.created_at.desc()))


# Filters of the organiser's entries list: status names as the list shows them.
ENTRY_FILTERS = {
    "draft": (Entry.status == EntryStatus.DRAFT,),
    "submitted": (Entry.status == EntryStatus.SUBMITTED,),
    "pending": (Entry.status == EntryStatus.SUBMITTED, Entry.screening == Screening.PENDING),
    "eligible": (Entry.status == EntryStatus.SUBMITTED, Entry.screening == Screening.ELIGIBLE),
    "ineligible": (Entry.status == EntryStatus.SUBMITTED,
                   Entry.screening == Screening.INELIGIBLE),
    "withdrawn": (Entry.status == EntryStatus.WITHDRAWN,),
}


def edition_entries(edition_id: int, *, field_id: int | None = None, status: str | None = None,
                    unit_id: int | None = None, q: str | None = None) -> Select:
    """The organiser's entries list: filters, diacritics-insensitive search, eager loading."""
    query = (select(Entry).where(Entry.edition_id == edition_id)
             .options(joinedload(Entry.field), joinedload(Entry.owner),
                      selectinload(Entry.authors).joinedload(Author.unit))
             .order_by(Entry.code.is_(None), Entry.code, Entry.id))
    if field_id:
        query = query.where(Entry.field_id == field_id)
    if status in ENTRY_FILTERS:
        query = query.where(*ENTRY_FILTERS[status])
    if unit_id:
        query = query.where(Entry.authors.any(Author.unit_id == unit_id))
    for word in fold(q or "").split():
        query = query.where(Entry.search_text.contains(word, autoescape=True))
    return query


def entry_counts(edition_id: int) -> dict[tuple[int | None, str], int]:
    """Entries per (field id, list status) in one grouped query."""
    rows = db.session.execute(
        select(Entry.field_id, Entry.status, Entry.screening, func.count())
        .where(Entry.edition_id == edition_id)
        .group_by(Entry.field_id, Entry.status, Entry.screening)).all()
    counts: dict[tuple[int | None, str], int] = {}
    for field_id, status, screening, number in rows:
        label = screening.value if status == EntryStatus.SUBMITTED else status.value
        counts[(field_id, label)] = counts.get((field_id, label), 0) + number
    return counts
