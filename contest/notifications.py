"""E-mails to people, rendered from templates/mail/ with links back to the site, and written to
the outbox in the transaction of the change they report (the worker sends them)."""
from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from contest.extensions import db
from contest.models import Entry, User
from contest.services.outbox import queue_mail


def _send(to: str, subject: str, template: str, entry=None, **context) -> None:
    """Queue the mail rendered from templates/mail/<template>.txt; its kind is the template."""
    body = render_template(f"mail/{template}.txt", entry=entry, **context)
    queue_mail(to=to, subject=subject, body=body, kind=template, entry=entry)


def send_verification(user: User, token: str) -> None:
    link = url_for("auth.verify_email", token=token, _external=True)
    _send(user.email, _("Xác nhận địa chỉ e-mail của bạn"), "verify", user=user, link=link)


ROLE_NAMES = {"admin": _l("quản trị hệ thống"), "organizer": _l("ban tổ chức"),
              "judge": _l("giám khảo"), "entrant": _l("thí sinh")}


def send_demo_welcome(email: str, full_name: str, role: str) -> None:
    """The demo's welcome to one of its accounts: the worker delivering it shows the queue works."""
    _send(email, _("Tài khoản thử nghiệm Sáng tạo"), "demo_welcome", full_name=full_name,
          role=str(ROLE_NAMES.get(role, role)), link=url_for("auth.login", _external=True))


def send_already_registered(email: str) -> None:
    link = url_for("auth.forgot_password", _external=True)
    _send(email, _("Bạn đã có tài khoản"), "already_registered", link=link)


def send_password_reset(user: User, token: str) -> None:
    link = url_for("auth.reset_password", token=token, _external=True)
    hours = current_app.config["RESET_TOKEN_HOURS"]
    _send(user.email, _("Đặt lại mật khẩu"), "reset", user=user, link=link, hours=hours)


def send_invitation(user: User, token: str, inviter: User | None) -> None:
    """The link to set a first password; without an inviter (a command) it comes from the
    organising committee."""
    link = url_for("auth.accept_invitation", token=token, _external=True)
    hours = current_app.config["INVITE_TOKEN_HOURS"]
    _send(user.email, _("Lời mời tham gia hệ thống Sáng tạo"), "invite",
          user=user, link=link, inviter=inviter, hours=hours)


def entry_recipient(entry) -> str | None:
    """Where news about a dossier goes: its owner, or the contact e-mail of a paper dossier."""
    return entry.owner.email if entry.owner is not None else entry.contact_email


def entry_link(entry) -> str | None:
    """The entrant's page of the dossier; paper dossiers without an account have none."""
    return url_for("entrant.entry", entry_id=entry.id, _external=True) if entry.owner else None


def send_submission_receipt(entry) -> None:
    to = entry_recipient(entry)
    if to:
        _send(to, _("Đã nhận hồ sơ %(code)s", code=entry.code), "submitted", entry=entry,
              link=entry_link(entry))


def send_screening_result(entry) -> None:
    to = entry_recipient(entry)
    if to:
        _send(to, _("Kết quả thẩm định hồ sơ %(code)s", code=entry.code), "screened",
              entry=entry, link=entry_link(entry))


def send_judge_reminder(judge, remaining: int) -> None:
    """The score sheets a judge still has to finalise, the deadline and the way in."""
    _send(judge.user.email, _("Nhắc chấm điểm: còn %(n)s phiếu chấm", n=remaining), "reminder",
          user=judge.user, edition=judge.edition, remaining=remaining,
          link=url_for("judge.dashboard", _external=True))


def send_objection_answer(objection) -> None:
    """Tell the entrant that the committee answered their objection (the answer is on the site)."""
    entry = objection.entry
    to = entry_recipient(entry)
    if to:
        _send(to, _("Trả lời khiếu nại hồ sơ %(code)s", code=entry.code), "objection_answer",
              entry=entry, objection=objection, link=entry_link(entry))


def send_results(published, edition) -> int:
    """Each entrant told of their own result in the new version (in the publication's
    transaction). Entrants with several entries get one message listing them. Returns how many
    mails were queued."""
    publication = published.publication
    rows = {row.entry_id: row for row in publication.rows}
    tiers = {tier.code: tier.name for tier in edition.award_tiers}
    letters: dict[str, list[tuple]] = {}
    for entry in notified_entries(published.notify):
        to = entry_recipient(entry)
        if to:
            letters.setdefault(to, []).append((entry, rows.get(entry.id), entry_link(entry)))
    if publication.final:
        subject = _("Kết quả chính thức: %(edition)s", edition=edition.title)
    elif publication.version > 1:
        subject = _("Kết quả tạm thời đã được cập nhật: %(edition)s", edition=edition.title)
    else:
        subject = _("Kết quả tạm thời: %(edition)s", edition=edition.title)
    for to, results in letters.items():
        body = render_template("mail/results.txt", edition=edition, results=results,
                               publication=publication, tiers=tiers)
        queue_mail(to=to, subject=subject, body=body, kind="results",
                   entry=results[0][0] if len(results) == 1 else None)
    return len(letters)

def notified_entries(entry_ids: list[int]) -> list:
    """The entries with their owners and fields, in chunks that any database accepts."""
    found = []
    for start in range(0, len(entry_ids), 1000):
        found.extend(db.session.scalars(
            select(Entry).where(Entry.id.in_(entry_ids[start:start + 1000]))
            .options(joinedload(Entry.owner), joinedload(Entry.field)).order_by(Entry.id)))
    return found
