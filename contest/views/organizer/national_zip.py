"""The national dossier download: the locked list's ZIP, streamed while it is written."""
from __future__ import annotations

from flask import Response, abort, stream_with_context

from contest.exports.national_zip import iter_national_zip
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
