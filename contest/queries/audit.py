"""Query builders for the audit log and an entry's timeline."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from contest.clock import vietnam_instant
from contest.models import AuditEvent, User


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
