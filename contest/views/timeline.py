"""An entry's timeline: what happened to the dossier (its audit events) and when a mail about
it went out, in time order — for the entrant's page and the organiser's."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from contest.extensions import db
from contest.queries.audit import entry_timeline
from contest.queries.outbox import entry_mails_sent


@dataclass(frozen=True)
class MailSent:
    """A timeline line for a delivered mail, shaped as the audit events the macro shows."""

    at: datetime
    after: dict = field(default_factory=dict)
    action: str = "mail.sent"


def timeline_of(entry_id: int, *, everything: bool = False) -> list:
    """Audit events (entrants see only the dossier's) and delivered mails, oldest first."""
    events = list(db.session.scalars(entry_timeline(entry_id, everything=everything)))
    mails = [MailSent(mail.sent_at, {"subject": mail.subject, "to": mail.recipient})
             for mail in db.session.scalars(entry_mails_sent(entry_id))]
    return sorted([*events, *mails], key=lambda line: line.at)
