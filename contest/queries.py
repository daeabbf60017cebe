"""Reusable select() builders; eager loading is decided here so list pages stay at fixed queries."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from contest.clock import vietnam_instant
from contest.models import AuditEvent, Contest, Edition, Phase, Role, User
from contest.text import fold


def public_contests() -> Select:
    """Contests with their non-draft editions, newest first."""
    return select(Contest).order_by(Contest.id).options(selectinload(Contest.editions))


def public_edition(edition_id: int) -> Select:
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
