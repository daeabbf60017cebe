"""Organiser pages: importing from a spreadsheet (upload → preview → confirm), and the templates.

Every kind of import (entries, judges, scores) goes through `import_page`; an ImportKind says what
differs: the spec's columns, the validation, the options and what happens after the commit.
The pages read first (no SQLite write lock while a file is checked); the confirmed import is
written batch by batch by imports.runs, so other users' saves wait for one batch at most.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.database import reads_first
from contest.exports import csv_bytes, download
from contest.exports.xlsx import XLSX_MIMETYPE, xlsx_bytes
from contest.forms.imports import ImportConfirmForm, ImportUploadForm
from contest.imports import entries as entries_import
from contest.imports import judges as judges_import
from contest.imports import score_columns as scores_import
from contest.imports import storage
from contest.imports.entries import ImportRejected
from contest.imports.reader import Table, read_table
from contest.imports.runs import write_import
from contest.imports.schema import Column
from contest.jobs import imports as import_job
from contest.models import Edition
from contest.services.import_runs import begin_import
from contest.services.jobs import start_job
from contest.views.loaders import load_edition
from contest.views.organizer import bp
from contest.views.transaction import commit_now, on_refusal, page_again, show

PREVIEW_ROWS = 20
SHOWN_ERRORS = 200


@dataclass(frozen=True)
class ImportKind:
    """What differs between the imports that share the upload → preview → confirm page."""

    endpoint: str  # the page's endpoint, taking edition_id
    template: str
    columns: tuple[Column, ...]
    name: str  # the kind of imports.runs.PLANNERS
    validate: Callable[[Edition, Table], tuple[list, list]]  # (rows, errors); writes nothing
    done: Callable[[Edition, Any], Any]  # after the commit: e-mails, flash; returns a response
    confirm_form: type[ImportConfirmForm] = ImportConfirmForm  # with the kind's own ticks
    options: Callable[[Any], dict] = lambda confirm: {}  # the planner's options, from the ticks
    summary: Callable[[list], dict] = lambda rows: {}  # more for the preview, from all rows


@dataclass(frozen=True)
class TemplateFile:
    rows: Callable[[], tuple[list[str], list[list[str]]]]
    filename: str
    sheet_title: str


TEMPLATE_FILES = {
    "entries": TemplateFile(entries_import.template_rows, "mau-nhap-ho-so", "Hồ sơ"),
    "judges": TemplateFile(judges_import.template_rows, "mau-nhap-giam-khao", "Giám khảo"),
    "scores": TemplateFile(scores_import.template_rows, "mau-nhap-phieu-cham", "Phiếu chấm"),
}


def _entries_done(edition: Edition, result) -> Any:
    flash(_("Đã nhập %(n)s hồ sơ.", n=result.count), "success")
    return redirect(url_for("organizer.entries", edition_id=edition.id))


ENTRIES = ImportKind(
    endpoint="organizer.import_entries", template="organizer/import_entries.html",
    columns=entries_import.COLUMNS, name="entries",
    validate=lambda edition, table: entries_import.validate_entries(edition=edition, table=table),
    done=_entries_done)


@bp.route("/editions/<int:edition_id>/import-entries", methods=["GET", "POST"])
@reads_first
def import_entries(edition_id: int):
    return import_page(load_edition(edition_id), ENTRIES)


def import_page(edition: Edition, kind: ImportKind):
    """The upload form; the error table or the preview of a checked file; the confirmation."""
    upload, confirm = ImportUploadForm(), kind.confirm_form()
    page = {"edition": edition, "upload": upload, "confirm": confirm, "columns": kind.columns,
            "errors": [], "rows": [], "shown_errors": SHOWN_ERRORS,
            "action": url_for(kind.endpoint, edition_id=edition.id)}
    if confirm.token.data and confirm.validate_on_submit():
        file = storage.claim(confirm.token.data, kind=kind.name, edition=edition,
                             user=current_user)
        if file is None:
            flash(_("Tệp đã tải lên không còn (quá một giờ hoặc đã được nhập); hãy tải lên lại."),
                  "warning")
            return redirect(page["action"])
        on_refusal(lambda error: _refused(error, page, kind))
        run = begin_import(kind=kind.name, edition=edition, user=current_user, file=file,
                           options=kind.options(confirm))
        table = read_table(file.data, file.file_name)
        if len(table.rows) >= current_app.config["JOB_IMPORT_MIN_ROWS"]:
            return _in_the_background(edition, run, kind, len(table.rows))
        commit_now()  # the import's record first: its batches commit one by one
        result = write_import(run.id, table=table)
        return kind.done(edition, result)
    if upload.validate_on_submit():
        on_refusal(page_again(lambda: render_template(kind.template, **page), at=upload.file))
        page.update(_preview(edition, upload, kind))
    return render_template(kind.template, **page)


def _in_the_background(edition: Edition, run, kind: ImportKind, rows: int):
    """A long file: the worker writes it (committed with the import's record), and the job's
    page shows its progress."""
    job = start_job(import_job.KIND, edition=edition, actor=current_user,
                    parameters={"import_id": run.id, "kind": kind.name, "rows": rows})
    flash(_("Đang nhập %(n)s dòng trong nền; trang này cho biết tiến độ.", n=rows), "info")
    return redirect(url_for("organizer.job", job_id=job.id))


def _refused(error, page: dict, kind: ImportKind):
    """A refused import: the rows' errors in the table, anything else at the file input."""
    if isinstance(error, ImportRejected):
        page["errors"], page["rejection"] = error.errors, str(error)
    else:
        show(error, at=page["upload"].file)
    return render_template(kind.template, **page)


def _preview(edition: Edition, upload: ImportUploadForm, kind: ImportKind) -> dict:
    """Validate the upload; when every row is good keep the file for the confirmation."""
    data, name = upload.file.data.read(), Path(upload.file.data.filename or "").name
    rows, errors = kind.validate(edition, read_table(data, name))
    if errors:
        return {"errors": errors}
    token = storage.stash(data=data, name=name, kind=kind.name, edition=edition,
                          user=current_user)
    return {"token": token, "rows": rows[:PREVIEW_ROWS], "count": len(rows), "file_name": name,
            **kind.summary(rows)}


@bp.route("/import-templates/<kind>.<fmt>")
def import_template(kind: str, fmt: str):
    """The downloadable template of an import (entries, judges, scores), as CSV or XLSX."""
    template = TEMPLATE_FILES.get(kind)
    if template is None:
        abort(404)
    headers, rows = template.rows()
    if fmt == "csv":
        return download(csv_bytes(headers, rows), filename=f"{template.filename}.csv",
                        mimetype="text/csv")
    if fmt == "xlsx":
        return download(xlsx_bytes(headers, rows, sheet_title=template.sheet_title),
                        filename=f"{template.filename}.xlsx", mimetype=XLSX_MIMETYPE)
    abort(404)

