"""Publishing results for organisers: provisional results, objections and their answers,
then the final results."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import clock, notifications
from contest.extensions import db
from contest.forms.auth import ConfirmForm
from contest.forms.results import AnswerObjectionForm
from contest.models import Edition, Objection
from contest.queries import public_edition
from contest.queries_judging import edition_objections
from contest.services import publication
from contest.views.organizer import bp
from contest.views.organizer.judging import apply


@bp.route("/editions/<int:edition_id>/results/publish-provisional", methods=["POST"])
def publish_provisional(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    if ConfirmForm().validate_on_submit():
        apply(lambda: publication.publish_provisional(edition=edition, actor=current_user,
                                                      now=clock.now()),
              _("Đã công bố kết quả tạm thời; thí sinh có thể gửi khiếu nại đến hạn."))
    return redirect(url_for("organizer.results", edition_id=edition.id))


@bp.route("/editions/<int:edition_id>/results/publish-final", methods=["POST"])
def publish_final(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    if ConfirmForm().validate_on_submit():
        apply(lambda: publication.publish_final(edition=edition, actor=current_user,
                                                now=clock.now()),
              _("Đã công bố kết quả chính thức."))
    return redirect(url_for("organizer.results", edition_id=edition.id))


@bp.route("/editions/<int:edition_id>/objections")
def objections(edition_id: int):
    edition = db.session.scalar(public_edition(edition_id)) or abort(404)
    return render_template(
        "organizer/results_objections.html", edition=edition, form=AnswerObjectionForm(),
        objections=db.session.scalars(edition_objections(edition.id)).all())


@bp.route("/objections/<int:objection_id>/answer", methods=["POST"])
def answer_objection(objection_id: int):
    objection = db.get_or_404(Objection, objection_id)
    form = AnswerObjectionForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.answer.errors)) or _("Không lưu được câu trả lời."), "danger")
    else:
        if apply(lambda: publication.answer_objection(objection=objection, actor=current_user,
                                                      answer=form.answer.data, now=clock.now()),
                 _("Đã trả lời khiếu nại của hồ sơ %(code)s.", code=objection.entry.code)):
            notifications.send_objection_answer(objection)
    return redirect(url_for("organizer.objections", edition_id=objection.entry.edition_id,
                            _anchor=f"objection-{objection.id}"))
