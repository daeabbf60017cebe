"""The mail outbox: `queue_mail` writes a row in the caller's transaction (so a change and its
mail commit together or not at all); `deliver_outbox` (the worker) sends the due rows over one
SMTP connection, with retries and backoff, and gives up on a mail after MAIL_MAX_ATTEMPTS."""
from __future__ import annotations

import logging
import smtplib
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from contest import clock
from contest.extensions import db
from contest.models import Entry, MailStatus, OutboxMail, User
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.mail import build_message, open_smtp, outbox_folder, write_outbox

log = logging.getLogger(__name__)

QUEUED = "contest.outbox_queued"  # a flag in the session's info: this transaction queued mail
DUE = (MailStatus.PENDING, MailStatus.FAILED)
# A refusal of one message (its recipient, sender or content): the others still go. Every
# other error (smtplib's are OSErrors) ends the conversation: the mails not sent yet wait.
MESSAGE_REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                   smtplib.SMTPDataError, smtplib.SMTPNotSupportedError)


def queue_mail(*, to: str, subject: str, body: str, kind: str,
               entry: Entry | None = None) -> OutboxMail:
    """Write a mail to the outbox in the current transaction (flushed); the worker sends it once
    the transaction commits."""
    mail = OutboxMail(recipient=to, subject=subject, body=body, kind=kind,
                      entry_id=entry.id if entry is not None else None,
                      status=MailStatus.PENDING, attempts=0, next_attempt_at=clock.now())
    db.session.add(mail)
    db.session.flush()
    db.session.info[QUEUED] = True
    return mail


def resend_mail(*, mail: OutboxMail, actor: User) -> None:
    """Put a waiting, failed or dead mail back in the queue for a fresh round of attempts, due
    now (audited)."""
    if mail.status == MailStatus.SENT:
        raise DomainError(_l("Thư này đã được gửi."))
    before = {"status": mail.status.value, "attempts": mail.attempts}
    mail.status, mail.attempts, mail.next_attempt_at = MailStatus.PENDING, 0, clock.now()
    record_event(actor=actor, action="mail.resend", target=mail, before=before,
                 after={"status": MailStatus.PENDING.value, "attempts": 0})
    db.session.info[QUEUED] = True


def retry_delay(attempts: int, config) -> timedelta:
    """The wait after the `attempts`-th attempt: 1, 2, 4 … minutes, capped."""
    minutes = config["MAIL_RETRY_MINUTES"] * 2 ** max(attempts - 1, 0)
    return timedelta(minutes=min(minutes, config["MAIL_RETRY_MAX_MINUTES"]))


@dataclass
class Delivery:
    """What one delivery run did."""

    sent: int = 0
    failed: int = 0
    dead: int = 0
    error: str | None = None  # why the server could not be reached, if it could not


def deliver_outbox(limit: int | None = None) -> Delivery:
    """Send the due mails (at most `limit`) over one SMTP connection, or into instance/outbox/
    without a server. Works in a session of its own and commits each mail's outcome, so a
    mail is never sent twice by two runs and a failed one never stops the others."""
    config = current_app.config
    limit = limit or config["MAIL_BATCH"]
    done = Delivery()
    with Session(db.engine, expire_on_commit=False) as session:
        mails = claim_due(session, limit, config)
        if not mails:
            return done
        smtp = None
        if config.get("MAIL_SERVER"):
            try:
                smtp = open_smtp(config)
            except OSError as error:
                done.error = describe(error)
                log.warning("SMTP server unreachable (%s); %d mails wait", done.error,
                            len(mails))
                for mail in mails:
                    record_failure(session, mail, done.error, config, done,
                                   status=MailStatus.PENDING)
                return done
        try:
            for index, mail in enumerate(mails):
                try:
                    send_one(mail, smtp, config)
                except MESSAGE_REFUSED as error:
                    record_failure(session, mail, describe(error), config, done)
                except OSError as error:
                    done.error = describe(error)
                    log.warning("SMTP connection lost (%s); %d mails wait", done.error,
                                len(mails) - index)
                    for waiting in mails[index:]:
                        record_failure(session, waiting, done.error, config, done,
                                       status=MailStatus.PENDING)
                    break
                else:
                    mail.status, mail.sent_at, mail.last_error = MailStatus.SENT, clock.now(), None
                    session.commit()
                    done.sent += 1
        finally:
            if smtp is not None:
                with suppress(OSError):
                    smtp.quit()
    log.info("outbox: %d sent, %d failed, %d dead", done.sent, done.failed, done.dead)
    return done


def claim_due(session: Session, limit: int, config) -> list[OutboxMail]:
    """The due mails this run owns: each counted as an attempt and moved to its next retry time
    by a conditional UPDATE (another run that read the same row claims nothing), committed
    before anything is sent."""
    now = clock.now()
    candidates = session.scalars(
        select(OutboxMail).where(OutboxMail.status.in_(DUE), OutboxMail.next_attempt_at <= now)
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(limit)).all()
    claimed = []
    for mail in candidates:
        attempts = mail.attempts + 1
        won = session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail.id, OutboxMail.attempts == mail.attempts,
                   OutboxMail.status.in_(DUE))
            .values(attempts=attempts, next_attempt_at=now + retry_delay(attempts, config))
            .execution_options(synchronize_session=False)).rowcount
        if won:
            claimed.append(mail)
    session.commit()  # the claims hold before any mail leaves
    for mail in claimed:
        session.refresh(mail)
    return claimed


def send_one(mail: OutboxMail, smtp: smtplib.SMTP | None, config) -> None:
    message = build_message(to=mail.recipient, subject=mail.subject, body=mail.body,
                            sender=config["MAIL_SENDER"])
    if smtp is None:
        path = write_outbox(message, outbox_folder())
        log.info("no SMTP configured; mail to %s written to %s", mail.recipient, path)
    else:
        smtp.send_message(message)
        log.info("mail sent to %s: %s", mail.recipient, mail.subject)


def record_failure(session: Session, mail: OutboxMail, error: str, config, done: Delivery,
                   status: MailStatus = MailStatus.FAILED) -> None:
    """Keep the error; the claim already set the next attempt. Dead after the last attempt."""
    mail.last_error = error[:2000]
    if mail.attempts >= config["MAIL_MAX_ATTEMPTS"]:
        mail.status = MailStatus.DEAD
        done.dead += 1
    else:
        mail.status = status
        done.failed += 1
    session.commit()


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__

