"""The entrant's dossier: start, edit, submit, withdraw, follow and print."""
from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import clock, notifications
from contest.extensions import db
from contest.forms.auth import ConfirmForm
from contest.forms.dossier import DECLARATION, SECTION_LABELS, NewEntryForm
from contest.models import Edition, Entry, EntryStatus, Phase
from contest.permissions import can_edit_entry, can_view_entry
from contest.queries import entry_timeline
from contest.services import DomainError
from contest.services.dossier import DossierProblems, save_dossier, start_entry
from contest.services.eligibility import dossier_problems, submission_window_problem
from contest.services.submission import AlreadySubmitted, submit_entry, withdraw_entry
from contest.views.dossier_form import (
    attach_problems,
    build_form,
    change_author_rows,
    dossier_data,
    unit_names,
)
from contest.views.entrant import bp


def load_entry(entry_id: int) -> Entry:
    """The entry if the current user may see it; 404 otherwise (never 403: no hint it exists)."""
    entry = db.get_or_404(Entry, entry_id)
    if not can_view_entry(current_user, entry):
        abort(404)
    return entry


@bp.route("/editions/<int:edition_id>/entries", methods=["POST"])
def new_entry(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    if edition.phase != Phase.OPEN:
        abort(404)
    form = NewEntryForm()
    if not form.validate_on_submit():
        abort(400)
    token = form.token.data if form.token.data and len(form.token.data) <= 64 else None
    entry = start_entry(edition=edition, owner=current_user, client_token=token)
    db.session.commit()
    return redirect(url_for("entrant.edit_entry", entry_id=entry.id))


@bp.route("/entries/<int:entry_id>")
def entry(entry_id: int):
    found = load_entry(entry_id)
    return render_template(
        "entrant/entry.html", entry=found, section_labels=SECTION_LABELS,
        timeline_events=db.session.scalars(entry_timeline(found.id)).all(),
        can_edit=can_edit_entry(current_user, found, clock.now()),
        problems=dossier_problems(found) if found.status != EntryStatus.SUBMITTED else [],
        confirm=ConfirmForm())


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
def edit_entry(entry_id: int):
    found = load_entry(entry_id)
    if not can_edit_entry(current_user, found, clock.now()):
        flash(submission_window_problem(found, clock.now()) or _("Hồ sơ này không sửa được."),
              "warning")
        return redirect(url_for("entrant.entry", entry_id=found.id))
    form = build_form(found, request.form if request.method == "POST" else None)
    loose: list[str] = []
    if request.method == "POST" and not change_author_rows(form, found.edition.max_authors):
        if form.validate_on_submit():
            outcome = save_and_maybe_submit(found, form)
            if outcome is not None:
                return outcome
            loose = getattr(form, "loose_problems", [])
        else:
            flash(_("Có thông tin chưa đúng định dạng; hãy xem các ô được đánh dấu."), "danger")
    return render_template("entrant/edit.html", entry=found, form=form, loose_problems=loose,
                           unit_names=unit_names(), section_labels=SECTION_LABELS)


def save_and_maybe_submit(entry: Entry, form):
    """Save the draft (always kept), then submit when asked; None means: show the form again."""
    if str(entry.version) != (form.version.data or ""):
        form.version.errors = [_("Hồ sơ vừa được sửa ở một cửa sổ khác. Những gì bạn nhập vẫn "
                                 "còn ở đây; hãy tải lại trang để xem bản mới nhất trước khi lưu.")]
        flash(form.version.errors[0], "danger")
        return None
    try:
        save_dossier(entry=entry, actor=current_user, data=dossier_data(form, entry))
    except DossierProblems as error:
        db.session.rollback()
        form.loose_problems = attach_problems(form, error.problems)
        flash(_("Chưa lưu: hồ sơ đã nộp phải luôn đầy đủ và hợp lệ."), "danger")
        return None
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return None
    db.session.commit()
    form.version.data = str(entry.version)
    if not form.submit.data:
        flash(_("Đã lưu hồ sơ."), "success")
        return redirect(url_for("entrant.edit_entry", entry_id=entry.id))
    return try_submit(entry, form)


def try_submit(entry: Entry, form=None):
    try:
        submitted = submit_entry(entry=entry, actor=current_user, now=clock.now())
    except AlreadySubmitted as notice:
        db.session.rollback()
        flash(str(notice), "info")
        return redirect(url_for("entrant.entry", entry_id=entry.id))
    except DossierProblems as error:
        db.session.rollback()
        if form is None:
            flash(_("Hồ sơ chưa nộp được; hãy bổ sung các mục được đánh dấu."), "danger")
            return redirect(url_for("entrant.edit_entry", entry_id=entry.id))
        form.loose_problems = attach_problems(form, error.problems)
        flash(_("Đã lưu nháp nhưng chưa nộp được; hãy bổ sung các mục được đánh dấu."), "danger")
        return None
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("entrant.entry", entry_id=entry.id))
    db.session.commit()
    notifications.send_submission_receipt(submitted)
    flash(_("Đã nộp hồ sơ. Mã hồ sơ của bạn là %(code)s.", code=submitted.code), "success")
    return redirect(url_for("entrant.entry", entry_id=submitted.id))


@bp.route("/entries/<int:entry_id>/submit", methods=["POST"])
def submit(entry_id: int):
    found = load_entry(entry_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return try_submit(found) or redirect(url_for("entrant.edit_entry", entry_id=found.id))


@bp.route("/entries/<int:entry_id>/withdraw", methods=["POST"])
def withdraw(entry_id: int):
    found = load_entry(entry_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        withdraw_entry(entry=found, actor=current_user, now=clock.now())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(_("Đã rút hồ sơ. Bạn có thể nộp lại trước hạn."), "info")
    return redirect(url_for("entrant.entry", entry_id=found.id))


@bp.route("/entries/<int:entry_id>/print")
def print_entry(entry_id: int):
    return render_template("entrant/print.html", entry=load_entry(entry_id),
                           section_labels=SECTION_LABELS, declaration=DECLARATION,
                           back_url=url_for("entrant.entry", entry_id=entry_id))


def new_entry_form() -> NewEntryForm:
    return NewEntryForm(token=secrets.token_hex(16))
