"""The national dossier download: the locked list's ZIP, streamed while it is written, or
written by a job to the shared export folder for a large list."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.exports.national_zip import iter_national_zip
from contest.forms.auth import ConfirmForm
from contest.jobs import national_dossier
from contest.services.jobs import start_job
from contest.views.files import upload_root
from contest.views.loaders import load_edition
from contest.views.organizer import bp


@bp.route("/editions/<int:edition_id>/national.zip")
def national_zip(edition_id: int):
    edition = load_edition(edition_id)
    if edition.national_locked_at is None:
        abort(404)
    chunks = iter_national_zip(edition, upload_root())
    response = Response(stream_with_context(chunks), mimetype="application/zip")
    response.headers["Content-Disposition"] = \
        f'attachment; filename="ho-so-toan-quoc-{edition.id}.zip"'
    return response


@bp.route("/editions/<int:edition_id>/national.zip/job", methods=["POST"])
def national_zip_job(edition_id: int):
    edition = load_edition(edition_id)
    if edition.national_locked_at is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    job = start_job(national_dossier.KIND, edition=edition, actor=current_user, parameters={})
    flash(_("Đang ghi tệp ZIP hồ sơ trong nền; tải về khi xong."), "info")
    return redirect(url_for("organizer.job", job_id=job.id))
