"""The entrant's dossier: start, edit, submit, withdraw, follow and print."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import clock
from contest.forms.auth import ConfirmForm
from contest.forms.dossier import DECLARATION, SECTION_LABELS, NewEntryForm
from contest.models import Entry, EntryStatus
from contest.permissions import (
    can_edit_entry,
    can_start_entry,
    can_view_entry,
    submission_window_problem,
)
from contest.services.dossier import start_entry
from contest.services.eligibility import dossier_problems
from contest.services.submission import withdraw_entry
from contest.views import arrival, loaders
from contest.views.dossier_form import (
    DossierPages,
    attachment_context,
    edit_dossier,
    try_submit,
)
from contest.views.entrant import bp
from contest.views.entrant.results import result_context
from contest.views.timeline import timeline_of
from contest.views.transaction import back_to, on_refusal

ENTRANT_PAGES = DossierPages(
    edit="entrant.edit_entry", view="entrant.entry", upload="entrant.upload_attachment",
    delete="entrant.delete_attachment", by_organiser=False)


def load_entry(entry_id: int) -> Entry:
    """The entry if the current user may see it; 404 otherwise (never 403: no hint it exists)."""
    entry = loaders.load_entry(entry_id)
    if not can_view_entry(current_user, entry):
        abort(404)
    return entry


@bp.route("/editions/<int:edition_id>/entries", methods=["POST"])
def new_entry(edition_id: int):
    edition = loaders.load_edition(edition_id)
    if not can_start_entry(current_user, edition):
        abort(404)
    form = NewEntryForm()
    if not form.validate_on_submit():
        abort(400)
    token = form.token.data if form.token.data and len(form.token.data) <= 64 else None
    entry = start_entry(edition=edition, owner=current_user, client_token=token)
    return redirect(url_for("entrant.edit_entry", entry_id=entry.id))


@bp.route("/entries/<int:entry_id>")
def entry(entry_id: int):
    found = load_entry(entry_id)
    now = clock.now()
    return render_template(
        "entrant/entry.html", entry=found, section_labels=SECTION_LABELS,
        timeline_events=timeline_of(found.id),
        can_edit=can_edit_entry(current_user, found, now),
        problems=dossier_problems(found, now=now) if found.status != EntryStatus.SUBMITTED
        else [],
        confirm=ConfirmForm(), **attachment_context(found, ENTRANT_PAGES),
        **result_context(found))


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
def edit_entry(entry_id: int):
    found = load_entry(entry_id)
    now, sent = clock.now(), arrival.sent_at()
    if not can_edit_entry(current_user, found, sent):
        flash(submission_window_problem(found, sent) or _("Hồ sơ này không sửa được."),
              "warning")
        return redirect(url_for("entrant.entry", entry_id=found.id))
    return edit_dossier(found, ENTRANT_PAGES, "entrant/edit.html", now)


@bp.route("/entries/<int:entry_id>/submit", methods=["POST"])
def submit(entry_id: int):
    found = load_entry(entry_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return try_submit(found, ENTRANT_PAGES, clock.now())


@bp.route("/entries/<int:entry_id>/withdraw", methods=["POST"])
def withdraw(entry_id: int):
    found = load_entry(entry_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    back = url_for("entrant.entry", entry_id=found.id)
    on_refusal(back_to(back))
    withdraw_entry(entry=found, actor=current_user, now=clock.now(), sent_at=arrival.sent_at())
    flash(_("Đã rút hồ sơ. Bạn có thể nộp lại trước hạn."), "info")
    return redirect(back)


@bp.route("/entries/<int:entry_id>/print")
def print_entry(entry_id: int):
    return render_template("entrant/print.html", entry=load_entry(entry_id),
                           section_labels=SECTION_LABELS, declaration=DECLARATION,
                           back_url=url_for("entrant.entry", entry_id=entry_id))
