"""Organiser pages: the mail outbox (waiting, failed and dead mail) and sending one again."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.extensions import db
from contest.forms.auth import ConfirmForm
from contest.models import MailStatus
from contest.queries.outbox import outbox_counts, outbox_mails
from contest.services.outbox import resend_mail
from contest.views.loaders import load_mail
from contest.views.organizer import bp
from contest.views.params import paginate
from contest.views.transaction import back_to, on_refusal

STATUS_NAMES = {
    MailStatus.PENDING: _l("Đang chờ gửi"),
    MailStatus.FAILED: _l("Gửi lỗi, sẽ thử lại"),
    MailStatus.DEAD: _l("Đã ngừng thử"),
    MailStatus.SENT: _l("Đã gửi"),
}


@bp.route("/mail")
def outbox():
    status = request.args.get("status") or None
    if status is not None and status not in set(MailStatus):
        abort(404)
    page = paginate(outbox_mails(MailStatus(status) if status else None, viewer=current_user))
    counts = dict(db.session.execute(outbox_counts(current_user)).all())
    return render_template("organizer/mail.html", page=page, counts=counts, status=status,
                           statuses=STATUS_NAMES, form=ConfirmForm())


@bp.route("/mail/<int:mail_id>/resend", methods=["POST"])
def outbox_resend(mail_id: int):
    mail = load_mail(mail_id)
    back = url_for("organizer.outbox", status=request.args.get("status") or None)
    on_refusal(back_to(back, category="warning"))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    resend_mail(mail=mail, actor=current_user)
    flash(_("Đã đưa thư gửi %(to)s vào hàng đợi gửi lại.", to=mail.recipient), "success")
    return redirect(back)
