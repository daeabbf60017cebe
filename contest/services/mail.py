"""Sending e-mail: SMTP when configured, otherwise .eml files in instance/outbox/."""
from __future__ import annotations

import email.policy
import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

from contest import clock

log = logging.getLogger(__name__)


# Long Vietnamese subjects folded at 78 columns lose the spaces between encoded words in
# Python's generator ("Sáng tạo" arrives as "Sángtạo"): fold only at SMTP's 998.
MAIL_POLICY = email.policy.default.clone(max_line_length=998)


def build_message(*, to: str, subject: str, body: str, sender: str) -> EmailMessage:
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="sangtao.local")
    message.set_content(body)
    return message


def send_mail(*, to: str, subject: str, body: str) -> EmailMessage:
    """Deliver one plain-text message (UTF-8) now and return it. Requests do not call this:
    they queue mail in the outbox (services.outbox.queue_mail), which the worker delivers."""
    config = current_app.config
    message = build_message(to=to, subject=subject, body=body, sender=config["MAIL_SENDER"])
    if config.get("MAIL_SERVER"):
        with open_smtp(config) as smtp:
            smtp.send_message(message)
        log.info("mail sent to %s: %s", to, subject)
    else:
        path = write_outbox(message, outbox_folder())
        log.info("no SMTP configured; mail to %s written to %s", to, path)
    return message


def open_smtp(config) -> smtplib.SMTP:
    """A logged-in SMTP connection that gives up after MAIL_TIMEOUT seconds of silence (a
    hanging server must not hold a worker for long)."""
    host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    timeout = float(config["MAIL_TIMEOUT"])
    if config.get("MAIL_USE_SSL"):
        smtp = smtplib.SMTP_SSL(host, port, context=ssl.create_default_context(),
                                timeout=timeout)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def outbox_folder() -> Path:
    """Where mail goes when no SMTP server is configured: instance/outbox/*.eml."""
    return Path(current_app.instance_path) / "outbox"


def write_outbox(message: EmailMessage, outbox: Path) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%dT%H%M%S%f")  # a file name, not a date shown
    path = outbox / f"{stamp}-{abs(hash(message['Message-ID'])) % 10**8:08d}.eml"
    path.write_bytes(message.as_bytes())
    return path
