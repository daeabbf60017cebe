"""Query builders for the audit log and an entry's timeline."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true
from sqlalchemy.orm import joinedload

from contest.clock import vietnam_instant
from contest.models import AuditEvent, Entry, Membership, User
from contest.queries.organisations import in_scope, scoped_edition_ids, sees_everything


def event_in_scope(viewer: User | None) -> ColumnElement[bool]:
    """Events on the viewer's editions and their dossiers, and events on anything else by
    members of the viewer's organisations; the admin sees every event."""
    if viewer is None or sees_everything(viewer):
        return true()
    editions = scoped_edition_ids(viewer)
    members = select(Membership.user_id).where(in_scope(Membership.organisation_id, viewer))
    return or_(
        and_(AuditEvent.object_type == "edition", AuditEvent.object_id.in_(editions)),
        and_(AuditEvent.object_type == "entry", AuditEvent.object_id.in_(
            select(Entry.id).where(Entry.edition_id.in_(editions)))),
        and_(AuditEvent.object_type.not_in(("edition", "entry")),
             AuditEvent.actor_id.in_(members)))


def audit_events(*, viewer: User | None = None, action: str | None = None,
                 object_type: str | None = None, actor: str | None = None,
                 date_from: date | None = None, date_to: date | None = None) -> Select:
    """Audit events, newest first, filtered; the actor is loaded in the same query."""
    query = select(AuditEvent).options(joinedload(AuditEvent.actor)).where(
        event_in_scope(viewer)).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
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
