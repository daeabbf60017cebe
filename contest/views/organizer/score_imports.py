"""Organiser page: importing filled-in paper score sheets (upload → preview → confirm)."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from contest.database import reads_first
from contest.forms.scoring import ScoresImportConfirmForm
from contest.imports import scores as scores_import
from contest.imports.score_columns import PREVIEW_COLUMNS
from contest.imports.scores import ScoresImportResult
from contest.models import Edition
from contest.views.loaders import load_edition
from contest.views.organizer import bp
from contest.views.organizer.imports import ImportKind, import_page

LISTED_DRAFTS = 10


def _scores_imported(edition: Edition, result: ScoresImportResult):
    flash(_("Đã nhập %(n)s phiếu chấm (%(final)s hoàn tất).", n=result.count,
            final=result.final_count), "success")
    if result.drafts:
        listed = "; ".join(f"{plan.entry.code} – {plan.judge.user.email}"
                           for plan in result.drafts[:LISTED_DRAFTS])
        more = len(result.drafts) - LISTED_DRAFTS
        flash(_("%(n)s phiếu chưa đủ tiêu chí được lưu nháp: %(sheets)s%(more)s.",
                n=len(result.drafts), sheets=listed,
                more=_(" và %(n)s phiếu khác", n=more) if more > 0 else ""), "warning")
    return redirect(url_for("organizer.judging", edition_id=edition.id))


SCORES_IMPORT = ImportKind(
    endpoint="organizer.import_scores", template="organizer/import_scores.html",
    columns=PREVIEW_COLUMNS, name="scores",
    validate=lambda edition, table: scores_import.validate_scores(edition=edition, table=table),
    done=_scores_imported, confirm_form=ScoresImportConfirmForm,
    options=lambda confirm: {"replace_drafts": confirm.replace_drafts.data},
    summary=lambda plans: {"drafts": [plan for plan in plans if plan.replaces_draft]})


@bp.route("/editions/<int:edition_id>/import-scores", methods=["GET", "POST"])
@reads_first
def import_scores(edition_id: int):
    return import_page(load_edition(edition_id), SCORES_IMPORT)
