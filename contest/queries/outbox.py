"""Query builders for the mail outbox (the organiser's page of waiting and failed mail)."""
from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true

from contest.models import Entry, MailStatus, OutboxMail, User
from contest.queries.accounts import user_in_scope
from contest.queries.organisations import scoped_edition_ids, sees_everything

NOT_SENT = (MailStatus.PENDING, MailStatus.FAILED, MailStatus.DEAD)


def mail_in_scope(viewer: User | None) -> ColumnElement[bool]:
    """Mail about a dossier of the viewer's editions, and mail about no dossier (invitations,
    password resets, reminders) unless it goes to a person the viewer does not deal with
    (queries.accounts.user_in_scope). No viewer, or the admin: every mail."""
    if viewer is None or sees_everything(viewer):
        return true()
    strangers = select(User.email).where(~user_in_scope(User.id, viewer))
    return or_(
        OutboxMail.entry_id.in_(
            select(Entry.id).where(Entry.edition_id.in_(scoped_edition_ids(viewer)))),
        and_(OutboxMail.entry_id.is_(None), OutboxMail.recipient.not_in(strangers)))


def outbox_mails(status: MailStatus | None = None, viewer: User | None = None) -> Select:
    """The mails of one status, or every mail not sent yet; dead first, then by next attempt."""
    wanted = (status,) if status is not None else NOT_SENT
    dead_first = (OutboxMail.status != MailStatus.DEAD)
    return (select(OutboxMail).where(OutboxMail.status.in_(wanted), mail_in_scope(viewer))
            .order_by(dead_first, OutboxMail.next_attempt_at, OutboxMail.id))


def outbox_counts(viewer: User | None = None) -> Select:
    """(status, how many) for every status that has mail (the viewer's)."""
    return (select(OutboxMail.status, func.count()).where(mail_in_scope(viewer))
            .group_by(OutboxMail.status))


def entry_mails_sent(entry_id: int) -> Select:
    """The mails about an entry that went out, oldest first (the entry's timeline)."""
    return (select(OutboxMail)
            .where(OutboxMail.entry_id == entry_id, OutboxMail.status == MailStatus.SENT)
            .order_by(OutboxMail.sent_at, OutboxMail.id))
