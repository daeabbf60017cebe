"""Audit events of an import written in one batched INSERT: the values record_events writes,
without an ORM object per event (a scores file of 150,000 rows records 100,000 of them)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert

from contest.extensions import db
from contest.models import AuditEvent, User
from contest.services import audit


def insert_events(*, actor: User | None, action: str, object_type: str, now: datetime,
                  changes: list[tuple[int, dict[str, Any]]]) -> None:
    """One event per (object id, after) pair, as services.audit.record_events records them."""
    if not changes:
        return
    actor_id, ip = (actor.id if actor is not None else None), audit._origin_ip.get()
    db.session.execute(insert(AuditEvent), [
        {"at": now, "actor_id": actor_id, "ip": ip, "action": action,
         "object_type": object_type, "object_id": object_id, "before": None, "after": after}
        for object_id, after in changes])
