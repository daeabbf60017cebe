"""Dossier files: downloads behind an access check, and the upload and delete steps that the
entrant's and the organiser's attachment routes share."""
from __future__ import annotations

import io
from pathlib import Path

from flask import Blueprint, abort, flash, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.forms.attachments import AttachmentForm
from contest.forms.auth import ConfirmForm
from contest.models import Attachment, AttachmentKind, Entry
from contest.permissions import (
    ORGANIZERS,
    SIGNED_IN,
    can_edit_entry,
    can_see_attachment,
    can_see_identity,
    can_view_entry,
    submission_window_problem,
)
from contest.security import guard_blueprint
from contest.services import DomainError
from contest.services.anonymise import anonymous_bytes, anonymous_name
from contest.services.attachments import attachment_key, delete_attachment, store_attachment
from contest.services.file_storage import uploads
from contest.views import arrival
from contest.views.loaders import load_attachment, load_entry
from contest.views.transaction import attempt, back_to, commit_now, on_refusal, roll_back, show

bp = Blueprint("files", __name__, url_prefix="/files")
guard_blueprint(bp, SIGNED_IN)


@bp.route("/<int:attachment_id>")
def attachment(attachment_id: int):
    found = visible_attachment(attachment_id)
    if can_see_identity(current_user, found.entry):
        return send_file(stored_file(found), mimetype=found.content_type, as_attachment=True,
                         download_name=found.original_name)
    # Blind judging: a generic name, and a copy without the metadata that may name the authors.
    number = [a.id for a in found.entry.attachments if a.kind == found.kind].index(found.id) + 1
    data = anonymous_bytes(stored_file(found), found.content_type)
    return send_file(io.BytesIO(data), mimetype=found.content_type, as_attachment=True,
                     download_name=anonymous_name(found, number))


@bp.route("/<int:attachment_id>/thumbnail")
def thumbnail(attachment_id: int):
    # Thumbnails are JPEGs re-encoded here, never the uploaded bytes: safe to show inline.
    found = visible_attachment(attachment_id)
    response = send_file(stored_file(found, thumbnail=True), mimetype="image/jpeg")
    response.headers["Content-Disposition"] = 'inline; filename="thumb.jpg"'
    return response  # Cache-Control: no-store comes from security.py, as on every signed-in page


def upload_root() -> Path:
    """The uploads folder, for code that still reads files by path (the national ZIP)."""
    return uploads().root


def visible_attachment(attachment_id: int) -> Attachment:
    """The attachment if the current user may see its dossier; 404 otherwise."""
    found = load_attachment(attachment_id)
    if not can_see_attachment(current_user, found):
        abort(404)
    return found


def stored_file(found: Attachment, thumbnail: bool = False) -> Path:
    """The attachment's file on disk (send_file then answers ranges and conditional requests);
    404 when it has none."""
    storage = uploads()
    try:
        key = attachment_key(found, thumbnail=thumbnail)
    except FileNotFoundError:
        abort(404)
    if not storage.exists(key):
        abort(404)
    return storage.path(key)


def editable_entry(entry_id: int) -> Entry:
    """The entry if the current user may change it: 404 if they may not see it; past the
    deadline the entrant is told so (a DomainError: the draft stays as saved), else 403."""
    entry = load_entry(entry_id)
    if not can_view_entry(current_user, entry):
        abort(404)
    sent = arrival.sent_at()
    if not can_edit_entry(current_user, entry, sent):
        window = submission_window_problem(entry, sent)
        if window and current_user.role not in ORGANIZERS:
            on_refusal(back_to(url_for("entrant.entry", entry_id=entry.id), "warning"))
            raise DomainError(window)
        abort(403)
    return entry


def upload_to(entry: Entry) -> None:
    """Store the posted file on the entry, commit it (a submit that follows may be refused),
    and flash what happened."""
    form = AttachmentForm(authors=entry.authors)
    if not form.validate_on_submit():
        flash(next(error for errors in form.errors.values() for error in errors), "danger")
        return
    upload = form.file.data
    author = next((a for a in entry.authors if str(a.position) == form.author.data), None)
    added, refused = attempt(
        store_attachment, entry=entry, actor=current_user,
        kind=AttachmentKind(form.kind.data) if form.kind.data else None,
        stream=upload.stream, filename=upload.filename or "", author=author,
        upload_root=uploads())
    if refused is not None:
        roll_back()
        show(refused)
        return
    name = added.original_name
    commit_now()
    flash(_("Đã tải lên tệp “%(name)s”.", name=name), "success")


def delete_from(entry: Entry, attachment_id: int) -> None:
    """Delete one of the entry's attachments (its files go after the commit) and flash it."""
    found = load_attachment(attachment_id)
    if found.entry_id != entry.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = found.original_name
    delete_attachment(attachment=found, actor=current_user, upload_root=uploads())
    flash(_("Đã xóa tệp “%(name)s”.", name=name), "success")
