"""Organisers add files to a dossier (a paper one, or on an entrant's behalf) and delete them."""
from __future__ import annotations

from flask import redirect, url_for

from contest.views.files import delete_from, editable_entry, upload_to
from contest.views.organizer import bp


@bp.route("/entries/<int:entry_id>/attachments", methods=["POST"])
def upload_attachment(entry_id: int):
    upload_to(editable_entry(entry_id))
    return redirect(url_for("organizer.entry", entry_id=entry_id, _anchor="attachments"))


@bp.route("/entries/<int:entry_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
def delete_attachment(entry_id: int, attachment_id: int):
    delete_from(editable_entry(entry_id), attachment_id)
    return redirect(url_for("organizer.entry", entry_id=entry_id, _anchor="attachments"))
