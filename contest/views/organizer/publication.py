"""Publishing results for organisers: provisional versions, objections and their answers,
closing the objection window early (admins), the final results, and each version's changes."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import clock, notifications
from contest.extensions import db
from contest.forms.auth import ConfirmForm
from contest.forms.results import AnswerObjectionForm, CloseObjectionsForm, NewVersionForm
from contest.models import Edition, Role
from contest.queries.entries import entries_by_id
from contest.queries.results import (
    current_publication,
    edition_objections,
    previous_publication,
    publication_row_count,
    publication_rows,
)
from contest.services import objections, publication
from contest.views.loaders import load_edition, load_objection, load_publication
from contest.views.organizer import bp
from contest.views.params import MAX_PAGE, query_int
from contest.views.transaction import back_to, on_refusal


def announce(edition: Edition, published) -> None:
    """Tell the entrants of a publication (their mails queued in its transaction)."""
    sent = notifications.send_results(published, edition)
    flash(_("Đã công bố phiên bản %(n)s; đã gửi e-mail kết quả cho %(sent)s người.",
            n=published.publication.version, sent=sent), "success")


def results_page(edition: Edition) -> str:
    """Where a publication goes back to, done or refused."""
    url = url_for("organizer.results", edition_id=edition.id)
    on_refusal(back_to(url))
    return url


@bp.route("/editions/<int:edition_id>/results/publish-provisional", methods=["POST"])
def publish_provisional(edition_id: int):
    edition = load_edition(edition_id)
    back = results_page(edition)
    if ConfirmForm().validate_on_submit():
        announce(edition, publication.publish_provisional(
            edition=edition, actor=current_user, now=clock.now()))
    return redirect(back)


@bp.route("/editions/<int:edition_id>/results/publish-version", methods=["POST"])
def publish_version(edition_id: int):
    edition = load_edition(edition_id)
    form, back = NewVersionForm(), results_page(edition)
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.reason.errors)) or _("Yêu cầu không hợp lệ; hãy thử lại."),
              "danger")
    else:
        announce(edition, publication.publish_provisional(
            edition=edition, actor=current_user, now=clock.now(), reason=form.reason.data))
    return redirect(back)


@bp.route("/editions/<int:edition_id>/results/publish-final", methods=["POST"])
def publish_final(edition_id: int):
    edition = load_edition(edition_id)
    back = results_page(edition)
    if ConfirmForm().validate_on_submit():
        announce(edition, publication.publish_final(
            edition=edition, actor=current_user, now=clock.now()))
    return redirect(back)


PAGE_SIZE = 200


@bp.route("/publications/<int:publication_id>")
def publication_version(publication_id: int):
    """One published version as it was shown (a page at a time), and what changed from the
    version before it."""
    version = load_publication(publication_id)
    edition = load_edition(version.edition_id)
    before = db.session.scalar(previous_publication(version))
    changed = publication.changed_entries(publication.published_lines(before),
                                          publication.published_lines(version)) if before else []
    entries = {entry.id: entry for entry in db.session.scalars(
        entries_by_id(changed))} if changed else {}
    # Every row of both versions is read only when there is a version before to compare.
    after_rows = {r.entry_id: r for r in version.rows} if before else {}
    before_rows = {r.entry_id: r for r in before.rows} if before else {}
    page = min(max(query_int("page", 1), 1), MAX_PAGE)
    rows = db.session.scalars(publication_rows(version.id).limit(PAGE_SIZE)
                              .offset((page - 1) * PAGE_SIZE)).unique().all()
    return render_template(
        "organizer/results_version.html", edition=edition, version=version, before=before,
        changes=[(entries.get(entry_id), before_rows.get(entry_id), after_rows.get(entry_id))
                 for entry_id in changed],
        rows=rows, page=page,
        pages=max(1, -(-publication_row_count(version.id) // PAGE_SIZE)),
        tiers={t.code: t.name for t in edition.award_tiers})


@bp.route("/editions/<int:edition_id>/objections", endpoint="objections")
def objections_page(edition_id: int):
    edition = load_edition(edition_id)
    return render_template(
        "organizer/results_objections.html", edition=edition, form=AnswerObjectionForm(),
        objections=db.session.scalars(edition_objections(edition.id)).all(),
        publication=current_publication(edition), now=clock.now(),
        window_open=objections.objections_open(edition, clock.now()),
        close_form=CloseObjectionsForm() if current_user.role == Role.ADMIN else None)


@bp.route("/editions/<int:edition_id>/objections/close", methods=["POST"])
def close_objections(edition_id: int):
    edition = load_edition(edition_id)
    form, back = CloseObjectionsForm(), url_for("organizer.objections", edition_id=edition.id)
    on_refusal(back_to(back))
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.reason.errors)) or _("Yêu cầu không hợp lệ; hãy thử lại."),
              "danger")
    else:
        objections.close_objections_early(edition=edition, actor=current_user,
                                          reason=form.reason.data, now=clock.now())
        flash(_("Đã kết thúc thời hạn khiếu nại; lý do được ghi trên trang này."), "success")
    return redirect(back)


@bp.route("/objections/<int:objection_id>/answer", methods=["POST"])
def answer_objection(objection_id: int):
    objection = load_objection(objection_id)
    form = AnswerObjectionForm()
    back = url_for("organizer.objections", edition_id=objection.entry.edition_id,
                   _anchor=f"objection-{objection.id}")
    on_refusal(back_to(back))
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.answer.errors)) or _("Không lưu được câu trả lời."), "danger")
    else:
        done = _("Đã trả lời khiếu nại của hồ sơ %(code)s.", code=objection.entry.code)
        objections.answer_objection(objection=objection, actor=current_user,
                                    answer=form.answer.data, now=clock.now())
        flash(done, "success")
        notifications.send_objection_answer(objection)
    return redirect(back)
