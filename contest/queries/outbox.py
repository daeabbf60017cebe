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
