"""The dossier form shared by the entrant's and the organiser's pages."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import notifications
from contest.extensions import db
from contest.forms.attachments import AttachmentForm
from contest.forms.dossier import SECTION_LABELS, DossierForm
from contest.models import DESCRIPTION_SECTIONS, EntrantType, Entry, Gender
from contest.queries.units import unit_names
from contest.services.attachments import display_name
from contest.services.dossier import (
    AuthorData,
    DossierData,
    DossierProblems,
    StaleDossier,
    save_dossier,
)
from contest.services.eligibility import Problem
from contest.services.submission import AlreadySubmitted, submit_entry
from contest.views import arrival
from contest.views.files import upload_to
from contest.views.transaction import attempt, commit_now, roll_back, show


@dataclass(frozen=True)
class DossierPages:
    """Where the dossier pages of one actor live, and whether the deadline binds them."""

    edit: str
    view: str
    upload: str
    delete: str
    by_organiser: bool


# Problem keys that name something other than a form field of the same name.
KEY_ALIASES = {"unit": "unit_name", "organisation": "organisation_name"}
# Room left in a request for the typed text when a file travels with the dossier form.
TEXT_ROOM = 1024 * 1024


def initial_data(entry: Entry) -> dict:
    """The form's values from the stored dossier."""
    data = {name: getattr(entry, name) for name in DESCRIPTION_SECTIONS}
    data.update(
        version=entry.version, title=entry.title, field_id=entry.field_id or 0,
        entrant_type=entry.entrant_type.value,
        organisation_name=entry.organisation.name if entry.organisation else "",
        applied_since_year=entry.applied_since_year, teacher_name=entry.teacher_name,
        teacher_unit_name=entry.teacher_unit.name if entry.teacher_unit else "",
        teacher_phone=entry.teacher_phone, teacher_email=entry.teacher_email,
        contact_phone=entry.contact_phone, contact_email=entry.contact_email,
        video_url=entry.video_url, declaration_accepted=entry.declaration_accepted,
        authors=[{
            "full_name": a.full_name, "birth_date": a.birth_date,
            "gender": a.gender.value if a.gender else "",
            "unit_name": a.unit.name if a.unit else "", "class_or_position": a.class_or_position,
            "phone": a.phone, "email": a.email} for a in entry.authors] or [{}],
    )
    return data


def build_form(entry: Entry, formdata=None) -> DossierForm:
    form = DossierForm(formdata=formdata, edition=entry.edition)
    if formdata is None:
        form.process(data=initial_data(entry))
    return form


def change_author_rows(form: DossierForm, max_authors: int) -> bool:
    """Handle "add author" / "remove author" (no JavaScript needed); True when one was pressed."""
    if form.add_author.data:
        if len(form.authors.entries) < max_authors:
            form.authors.append_entry()
        else:
            flash(_("Mỗi hồ sơ có tối đa %(n)s tác giả.", n=max_authors), "warning")
        return True
    if form.remove_author.data:
        if len(form.authors.entries) > 1:
            form.authors.pop_entry()
        return True
    return False


def dossier_data(form: DossierForm) -> DossierData:
    """Plain values from a validated form: units by the names typed, the field by its id."""
    authors = [
        AuthorData(
            full_name=a.full_name.data or "", birth_date=a.birth_date.data,
            gender=Gender(a.gender.data) if a.gender.data else None,
            unit_name=a.unit_name.data, class_or_position=a.class_or_position.data or None,
            phone=a.phone.data or None, email=a.email.data or None)
        for a in (entry_form.form for entry_form in form.authors.entries)
        if any((a.full_name.data, a.birth_date.data, a.unit_name.data))
    ]
    return DossierData(
        title=form.title.data or "", field_id=form.field_id.data,
        entrant_type=EntrantType(form.entrant_type.data),
        organisation_name=form.organisation_name.data,
        teacher_name=form.teacher_name.data or None,
        teacher_unit_name=form.teacher_unit_name.data,
        teacher_phone=form.teacher_phone.data or None,
        teacher_email=form.teacher_email.data or None,
        contact_phone=form.contact_phone.data or None,
        contact_email=form.contact_email.data or None,
        sections={name: form[name].data or "" for name in DESCRIPTION_SECTIONS},
        video_url=form.video_url.data or None,
        applied_since_year=form.applied_since_year.data,
        declaration_accepted=bool(form.declaration_accepted.data),
        authors=authors,
    )


def form_version(form) -> int | None:
    """The dossier version the form was loaded at; None when the form carries none."""
    typed = form.version.data or ""
    return int(typed) if typed.isascii() and typed.isdigit() else None


def attach_problems(form: DossierForm, problems: list[Problem]) -> list[str]:
    """Put each problem at its field; return those that belong to no field (e.g. files)."""
    loose = []
    for problem in problems:
        target = None
        if problem.key.startswith("authors-"):
            _prefix, index, name = problem.key.split("-", 2)
            if int(index) < len(form.authors.entries):
                target = form.authors.entries[int(index)].form[KEY_ALIASES.get(name, name)]
        elif KEY_ALIASES.get(problem.key, problem.key) in form:
            target = form[KEY_ALIASES.get(problem.key, problem.key)]
        if target is None:
            loose.append(problem.message)
        else:
            target.errors = [*target.errors, problem.message]
    return loose


def chosen_file():
    """The file sent with the dossier form, if the entrant chose one."""
    upload = request.files.get("file")
    return upload if upload is not None and upload.filename else None


def file_left_behind() -> None:
    """Say so when the form carried a file that is not stored because the draft was not saved."""
    upload = chosen_file()
    if upload is not None:
        flash(_("Tệp “%(name)s” chưa được tải lên vì hồ sơ chưa được lưu; hãy chọn lại tệp "
                "rồi bấm “Tải lên”.", name=display_name(upload.filename)), "danger")


def save_draft(entry: Entry, form, now: datetime) -> bool:
    """Save what was typed and commit it (kept even if the upload or the submit that follows is
    refused); False (with the reason flashed) when it was refused."""
    refused = attempt(save_dossier, entry=entry, actor=current_user, data=dossier_data(form),
                      version=form_version(form), now=now)[1]
    if refused is not None:
        roll_back()
        if isinstance(refused, StaleDossier):
            form.version.errors = [str(refused)]
            flash(form.version.errors[0], "danger")
        elif isinstance(refused, DossierProblems):
            form.loose_problems = attach_problems(form, refused.problems)
            flash(_("Chưa lưu: hồ sơ đã nộp phải luôn đầy đủ và hợp lệ."), "danger")
        else:
            show(refused)
        return False
    commit_now()
    form.version.data = str(entry.version)
    return True


def save_and_maybe_submit(entry: Entry, form, pages: DossierPages, now: datetime):
    """Save the draft (always kept), then store the file sent with it, then submit when asked.

    None means: show the form again.
    """
    if not save_draft(entry, form, now):
        file_left_behind()
        return None
    if not form.submit.data:
        flash(_("Đã lưu hồ sơ."), "success")
    if form.upload.data or chosen_file() is not None:
        upload_to(entry)
        if not form.submit.data:
            return redirect(url_for(pages.edit, entry_id=entry.id, _anchor="attachments"))
    if not form.submit.data:
        return redirect(url_for(pages.edit, entry_id=entry.id))
    return try_submit(entry, pages, now, form)


def try_submit(entry: Entry, pages: DossierPages, now: datetime, form=None):
    """Submit; on problems show them at their fields (form) or on the edit page. An entrant's
    deadline is judged by when the request was sent (views.arrival)."""
    sent_at = None if pages.by_organiser else arrival.sent_at()
    submitted, refused = attempt(submit_entry, entry=entry, actor=current_user, now=now,
                                 by_organiser=pages.by_organiser, sent_at=sent_at)
    if refused is not None:
        roll_back()
        return submit_refused(refused, entry, pages, form)
    notifications.send_submission_receipt(submitted)
    flash(_("Đã nộp hồ sơ. Mã hồ sơ của bạn là %(code)s.", code=submitted.code), "success")
    return redirect(url_for(pages.view, entry_id=submitted.id))


def submit_refused(refused, entry: Entry, pages: DossierPages, form=None):
    """A refused submit: already in (a notice), problems at their fields or on the edit page,
    or the reason on the entry's page. None means: show the form again."""
    if isinstance(refused, AlreadySubmitted):
        flash(str(refused), "info")
        return redirect(url_for(pages.view, entry_id=entry.id))
    if isinstance(refused, DossierProblems):
        if form is None:
            flash(_("Hồ sơ chưa nộp được; hãy bổ sung các mục được đánh dấu."), "danger")
            return redirect(url_for(pages.edit, entry_id=entry.id))
        form.loose_problems = attach_problems(form, refused.problems)
        flash(_("Đã lưu nháp nhưng chưa nộp được; hãy bổ sung các mục được đánh dấu."), "danger")
        return None
    show(refused)
    return redirect(url_for(pages.view, entry_id=entry.id))


def edit_dossier(entry: Entry, pages: DossierPages, template: str, now: datetime):
    """The whole edit page: author rows, save, submit; input is kept whenever it is refused."""
    form = build_form(entry, request.form if request.method == "POST" else None)
    loose: list[str] = []
    if request.method == "POST":
        if change_author_rows(form, entry.edition.max_authors):
            file_left_behind()
        elif not form.validate_on_submit():
            flash(_("Có thông tin chưa đúng định dạng; hãy xem các ô được đánh dấu."), "danger")
            file_left_behind()
        else:
            outcome = save_and_maybe_submit(entry, form, pages, now)
            if outcome is not None:
                return outcome
            loose = getattr(form, "loose_problems", [])
    return render_template(template, entry=entry, form=form, loose_problems=loose,
                           unit_names=db.session.scalars(
                               unit_names(entry.edition.contest.organisation_id)).all(),
                           section_labels=SECTION_LABELS,
                           can_edit=True, upload_in_dossier_form=True,
                           **attachment_context(entry, pages))


def attachment_context(entry: Entry, pages: DossierPages) -> dict:
    """What templates/entrant/_attachments.html needs besides `entry` and `can_edit`."""
    request_limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    file_limit = entry.edition.attachment_max_mb * 1024 * 1024
    return {"upload_form": AttachmentForm(authors=entry.authors),
            "upload_endpoint": pages.upload, "delete_endpoint": pages.delete,
            # The browser refuses bigger files before sending anything (static/js/upload.js).
            "max_upload_bytes": min(file_limit, max(request_limit - TEXT_ROOM, request_limit // 2))
            if request_limit else file_limit}
