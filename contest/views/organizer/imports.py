"""Organiser pages: importing entries from a spreadsheet (upload → preview → confirm)."""
from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.exports import csv_bytes, download
from contest.exports.xlsx import XLSX_MIMETYPE, xlsx_bytes
from contest.extensions import db
from contest.forms.imports import ImportConfirmForm, ImportUploadForm
from contest.imports import entries as entries_import
from contest.imports import storage
from contest.imports.entries import COLUMNS, ImportRejected
from contest.imports.reader import read_table
from contest.models import Edition
from contest.services import DomainError
from contest.views.organizer import bp

PREVIEW_ROWS = 20
SHOWN_ERRORS = 200
TEMPLATE_NAME = "mau-nhap-ho-so"


@bp.route("/editions/<int:edition_id>/import-entries", methods=["GET", "POST"])
def import_entries(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    upload, confirm = ImportUploadForm(), ImportConfirmForm()
    page = {"edition": edition, "upload": upload, "confirm": confirm, "columns": COLUMNS,
            "errors": [], "rows": [], "shown_errors": SHOWN_ERRORS}
    if confirm.token.data and confirm.validate_on_submit():
        claimed = storage.claim(_upload_folder(), confirm.token.data)
        if claimed is None:
            flash(_("Tệp đã tải lên không còn (quá một giờ hoặc đã được nhập); hãy tải lên lại."),
                  "warning")
            return redirect(url_for("organizer.import_entries", edition_id=edition.id))
        try:
            result = entries_import.import_entries(
                edition=edition, actor=current_user, table=read_table(*claimed))
        except ImportRejected as rejected:
            db.session.rollback()
            page["errors"] = rejected.errors
        except DomainError as error:
            db.session.rollback()
            upload.file.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Đã nhập %(n)s hồ sơ.", n=result.count), "success")
            return redirect(url_for("organizer.entries", edition_id=edition.id))
    elif upload.validate_on_submit():
        page.update(_preview(edition, upload))
    return render_template("organizer/import_entries.html", **page)


def _preview(edition: Edition, upload: ImportUploadForm) -> dict:
    """Validate the upload; when every row is good keep the file for the confirmation."""
    data, name = upload.file.data.read(), Path(upload.file.data.filename or "").name
    try:
        rows, errors = entries_import.validate_entries(edition=edition,
                                                       table=read_table(data, name))
    except DomainError as error:
        upload.file.errors.append(str(error))
        return {}
    if errors:
        return {"errors": errors}
    token = storage.stash(_upload_folder(), data, name)
    return {"token": token, "rows": rows[:PREVIEW_ROWS], "count": len(rows), "file_name": name}


@bp.route("/import-templates/entries.<fmt>")
def import_template(fmt: str):
    headers, rows = entries_import.template_rows()
    if fmt == "csv":
        return download(csv_bytes(headers, rows), filename=f"{TEMPLATE_NAME}.csv",
                        mimetype="text/csv")
    if fmt == "xlsx":
        return download(xlsx_bytes(headers, rows, sheet_title="Hồ sơ"),
                        filename=f"{TEMPLATE_NAME}.xlsx", mimetype=XLSX_MIMETYPE)
    abort(404)


def _upload_folder() -> Path:
    return Path(current_app.instance_path) / "imports"
