"""Query builders for the mail outbox (the organiser's page of waiting and failed mail)."""
from __future__ import annotations

from sqlalchemy import Select, func, select

from contest.models import MailStatus, OutboxMail

NOT_SENT = (MailStatus.PENDING, MailStatus.FAILED, MailStatus.DEAD)


def outbox_mails(status: MailStatus | None = None) -> Select:
    """The mails of one status, or every mail not sent yet; dead first, then by next attempt."""
    wanted = (status,) if status is not None else NOT_SENT
    dead_first = (OutboxMail.status != MailStatus.DEAD)
    return (select(OutboxMail).where(OutboxMail.status.in_(wanted))
            .order_by(dead_first, OutboxMail.next_attempt_at, OutboxMail.id))


def outbox_counts() -> Select:
    """(status, how many) for every status that has mail."""
    return select(OutboxMail.status, func.count()).group_by(OutboxMail.status)


def entry_mails_sent(entry_id: int) -> Select:
    """The mails about an entry that went out, oldest first (the entry's timeline)."""
    return (select(OutboxMail)
            .where(OutboxMail.entry_id == entry_id, OutboxMail.status == MailStatus.SENT)
            .order_by(OutboxMail.sent_at, OutboxMail.id))
