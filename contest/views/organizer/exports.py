"""Spreadsheet downloads for organisers: ranking, summary score table, entries, national list
and a judge's score sheet, as CSV or XLSX."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from contest.exports import csv_bytes, download
from contest.exports import spreadsheets as sheets
from contest.exports.xlsx import XLSX_MIMETYPE, xlsx_bytes
from contest.models import Edition
from contest.views.loaders import load_edition, load_judge, load_run
from contest.views.organizer import bp
from contest.views.params import query_int

KINDS = ("ranking", "summary", "entries", "national")
FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_MIMETYPE}


def spreadsheet(table: sheets.Table, *, name: str, fmt: str, title: str):
    headers, rows = table
    data = xlsx_bytes(headers, rows, sheet_title=title) if fmt == "xlsx" else \
        csv_bytes(headers, rows)
    return download(data, filename=f"{name}.{fmt}", mimetype=FORMATS[fmt])


def _round(edition: Edition) -> int:
    number = query_int("round", edition.current_round)
    if number not in range(1, edition.rounds + 1):
        abort(404)
    return number


@bp.route("/editions/<int:edition_id>/exports/<kind>.<fmt>")
def export(edition_id: int, kind: str, fmt: str):
    if kind not in KINDS or fmt not in FORMATS:
        abort(404)
    edition = load_edition(edition_id)
    if kind == "ranking":
        run_id = query_int("run", edition.provisional_run_id)
        if run_id is None:
            flash(_("Chưa chọn lần xếp hạng làm kết quả tạm thời."), "warning")
            return redirect(url_for("organizer.results", edition_id=edition.id))
        run = load_run(run_id)
        if run.edition_id != edition.id:
            abort(404)
        field_id = query_int("field")
        if field_id is not None and field_id not in {f.id for f in edition.fields}:
            abort(404)
        name = f"bang-xep-hang-{edition.id}" + (f"-linh-vuc-{field_id}" if field_id else "")
        return spreadsheet(sheets.ranking_table(edition, run, field_id=field_id), name=name,
                           fmt=fmt, title="Bảng xếp hạng")
    if kind == "summary":
        number = _round(edition)
        return spreadsheet(sheets.summary_table(edition, number),
                           name=f"bang-diem-tong-hop-{edition.id}-vong-{number}", fmt=fmt,
                           title="Bảng điểm tổng hợp")
    if kind == "entries":
        return spreadsheet(sheets.entries_table(edition), name=f"danh-sach-ho-so-{edition.id}",
                           fmt=fmt, title="Hồ sơ dự thi")
    return spreadsheet(sheets.national_table(edition),
                       name=f"danh-sach-toan-quoc-{edition.id}", fmt=fmt,
                       title="Danh sách toàn quốc")


@bp.route("/judges/<int:judge_id>/sheet.<fmt>")
def export_judge_sheet(judge_id: int, fmt: str):
    if fmt not in FORMATS:
        abort(404)
    judge = load_judge(judge_id)
    number = _round(judge.edition)
    return spreadsheet(sheets.judge_sheet_table(judge, number),
                       name=f"phieu-cham-giam-khao-{judge.id}-vong-{number}", fmt=fmt,
                       title="Phiếu chấm")
