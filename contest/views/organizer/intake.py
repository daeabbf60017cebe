"""Intake: the organiser's entries list, a dossier's detail, screening, and paper dossiers."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import clock, notifications
from contest.extensions import db
from contest.forms.auth import ConfirmForm
from contest.forms.dossier import SECTION_LABELS, BulkScreeningForm, NewEntryForm, ScreeningForm
from contest.forms.intake import STATUS_LABELS, EntryFilterForm
from contest.models import Entry
from contest.permissions import can_edit_entry
from contest.queries.entries import edition_entries, edition_entries_by_id, entry_counts
from contest.security import is_safe_path
from contest.services.dossier import start_entry
from contest.services.eligibility import dossier_problems
from contest.services.screening import screen_entry
from contest.views.dossier_form import (
    DossierPages,
    attachment_context,
    edit_dossier,
    try_submit,
)
from contest.views.loaders import load_edition, load_entry, load_unit
from contest.views.organizer import bp
from contest.views.organizer.judging import entry_judging_context
from contest.views.params import paginate
from contest.views.timeline import timeline_of
from contest.views.transaction import back_to, on_refusal

ORGANISER_PAGES = DossierPages(
    edit="organizer.edit_entry", view="organizer.entry", upload="organizer.upload_attachment",
    delete="organizer.delete_attachment", by_organiser=True)


@bp.route("/editions/<int:edition_id>/entries")
def entries(edition_id: int):
    edition = load_edition(edition_id)
    filters = EntryFilterForm(request.args, edition=edition)
    filters.validate()
    page = paginate(edition_entries(edition.id, field_id=filters.field.data or None,
                                    status=filters.status.data or None,
                                    unit_id=filters.unit.data, q=filters.q.data))
    unit = load_unit(filters.unit.data) if filters.unit.data else None
    return render_template(
        "organizer/entries.html", edition=edition, page=page, filters=filters, unit=unit,
        counts=entry_counts(edition.id), status_labels=STATUS_LABELS,
        bulk=BulkScreeningForm(), new_entry_form=NewEntryForm.fresh())


@bp.route("/entries/<int:entry_id>")
def entry(entry_id: int):
    found = load_entry(entry_id)
    now = clock.now()
    return render_template(
        "organizer/entry.html", entry=found, section_labels=SECTION_LABELS,
        screening=ScreeningForm(decision=found.screening.value, reason=found.screening_reason),
        problems=dossier_problems(found, now=now), confirm=ConfirmForm(),
        can_edit=can_edit_entry(current_user, found, now),
        timeline_events=timeline_of(found.id, everything=True),
        **attachment_context(found, ORGANISER_PAGES), **entry_judging_context(found))


@bp.route("/entries/<int:entry_id>/screen", methods=["POST"])
def screen(entry_id: int):
    found = load_entry(entry_id)
    form = ScreeningForm()
    back = url_for("organizer.entry", entry_id=found.id)
    on_refusal(back_to(back))
    if form.validate_on_submit():
        apply_screening([found], form)
        flash(_("Đã lưu kết quả thẩm định hồ sơ %(code)s.", code=found.code), "success")
    return redirect(back)


@bp.route("/editions/<int:edition_id>/entries/screen", methods=["POST"])
def screen_many(edition_id: int):
    edition = load_edition(edition_id)
    form = BulkScreeningForm()
    target = request.form.get("next", "")
    back = target if is_safe_path(target) else url_for("organizer.entries", edition_id=edition.id)
    on_refusal(back_to(back))
    if form.validate_on_submit():
        chosen = db.session.scalars(
            edition_entries_by_id(edition.id, form.entry_ids.data or [])).all()
        if not chosen:
            flash(_("Hãy chọn ít nhất một hồ sơ."), "warning")
        else:
            apply_screening(chosen, form)
            flash(_("Đã lưu kết quả thẩm định %(n)s hồ sơ.", n=len(chosen)), "success")
    return redirect(back)


def apply_screening(chosen: list[Entry], form) -> None:
    """Screen every chosen entry and queue a mail for each changed decision, all in the
    request's transaction."""
    for found in chosen:
        if screen_entry(entry=found, actor=current_user, now=clock.now(),
                        eligible=form.decision.data == "eligible", reason=form.reason.data):
            notifications.send_screening_result(found)


@bp.route("/editions/<int:edition_id>/paper-entries", methods=["POST"])
def new_paper_entry(edition_id: int):
    edition = load_edition(edition_id)
    form = NewEntryForm()
    if not form.validate_on_submit():
        abort(400)
    found = start_entry(edition=edition, owner=None, client_token=None, on_paper=True)
    flash(_("Đã tạo hồ sơ giấy; hãy nhập nội dung theo hồ sơ nhận được."), "info")
    return redirect(url_for("organizer.edit_entry", entry_id=found.id))


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
def edit_entry(entry_id: int):
    found = load_entry(entry_id)
    now = clock.now()
    if not can_edit_entry(current_user, found, now):
        flash(_("Lần tổ chức này đã qua giai đoạn thẩm định; hồ sơ không sửa được."), "warning")
        return redirect(url_for("organizer.entry", entry_id=found.id))
    return edit_dossier(found, ORGANISER_PAGES, "organizer/entry_edit.html", now)


@bp.route("/entries/<int:entry_id>/submit", methods=["POST"])
def submit_entry(entry_id: int):
    found = load_entry(entry_id)
    now = clock.now()
    if not ConfirmForm().validate_on_submit() or not can_edit_entry(current_user, found, now):
        abort(400)
    return try_submit(found, ORGANISER_PAGES, now)
