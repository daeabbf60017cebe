"""Scoring one entry: the (blind) dossier, the score sheet, autosave, finalise, recusal."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from contest import clock
from contest.database import reads_first
from contest.extensions import db
from contest.forms.dossier import SECTION_LABELS
from contest.forms.scoring import RecuseForm, SheetForm
from contest.i18n import show_points
from contest.models import Assignment, SheetStatus
from contest.permissions import can_see_attachment, can_see_identity
from contest.queries.judging import judge_queue
from contest.queries.scoring import scoring_assignment
from contest.services import DomainError
from contest.services.assignments import recuse
from contest.services.scoring import (
    ScoreProblems,
    StaleSheet,
    finalise_sheet,
    judging_problem,
    save_sheet,
)
from contest.views.judge import bp
from contest.views.transaction import back_to, commit_now, on_refusal, show


def stale_message() -> str:
    return _("Phiếu chấm vừa được lưu ở một cửa sổ hoặc thiết bị khác. Điểm bạn vừa nhập chưa "
             "được lưu; hãy tải lại trang để xem bản mới nhất.")


def own_assignment(assignment_id: int) -> Assignment:
    """The current judge's own assignment; 404 for anyone else's."""
    found = db.session.execute(scoring_assignment(assignment_id)).unique().scalar_one_or_none()
    if found is None or found.judge.user_id != current_user.id:
        abort(404)
    return found


def sheet_form(assignment: Assignment, formdata=None) -> SheetForm:
    criteria = assignment.entry.edition.criteria
    form = SheetForm.for_criteria(criteria, formdata=formdata)
    if formdata is None:
        sheet = assignment.sheet
        scores = {s.criterion_id: s for s in sheet.scores} if sheet else {}
        data = {"version": sheet.version if sheet else 0, "comment": sheet.comment if sheet else ""}
        for criterion in criteria:
            score = scores.get(criterion.id)
            value = score.value if score and score.value is not None else None
            data[f"score_{criterion.id}"] = show_points(value) if value is not None else ""
            data[f"comment_{criterion.id}"] = score.comment if score else ""
        form.process(data=data)
    return form


def neighbours(assignment: Assignment) -> tuple[int | None, int | None]:
    ids = [a.id for a in db.session.scalars(judge_queue(current_user)).unique()]
    if assignment.id not in ids:
        return None, None
    index = ids.index(assignment.id)
    return (ids[index - 1] if index > 0 else None,
            ids[index + 1] if index + 1 < len(ids) else None)


@bp.route("/assignments/<int:assignment_id>", methods=["GET", "POST"])
def score(assignment_id: int):
    assignment = own_assignment(assignment_id)
    form = sheet_form(assignment, request.form if request.method == "POST" else None)
    on_refusal(lambda error: refused_page(assignment, form, error))
    if request.method == "POST" and form.validate_on_submit():
        now = clock.now()
        form.version.data = str(saved(assignment, form, now).version)
        if form.finalise.data:
            finalise_sheet(assignment=assignment, actor=current_user, now=now)
            flash(_("Đã hoàn tất phiếu chấm. Cảm ơn thầy/cô!"), "success")
        else:
            flash(_("Đã lưu nháp phiếu chấm."), "success")
        return redirect(url_for("judge.score", assignment_id=assignment.id))
    return score_page(assignment, form)


def score_page(assignment: Assignment, form: SheetForm):
    previous, following = neighbours(assignment)
    entry = assignment.entry
    return render_template(
        "judge/score.html", assignment=assignment, entry=entry, form=form,
        criteria=entry.edition.criteria, locked=bool(
            assignment.sheet and assignment.sheet.status == SheetStatus.FINAL),
        closed=judging_problem(assignment), identity=can_see_identity(current_user, entry),
        files=[a for a in entry.attachments if can_see_attachment(current_user, a)],
        section_labels=SECTION_LABELS, previous=previous, following=following,
        recuse_form=RecuseForm())


def refused_page(assignment: Assignment, form: SheetForm, error: DomainError):
    """The page again with the typed input: bad scores at their fields, else the reason."""
    if isinstance(error, ScoreProblems):
        for criterion_id, message in error.problems.items():
            form[f"score_{criterion_id}"].errors = [message]
        flash(_("Chưa lưu: có điểm không hợp lệ."), "danger")
    elif isinstance(error, StaleSheet):
        flash(stale_message(), "danger")
    else:
        show(error)
    return score_page(assignment, form)


HUNDREDTHS = Decimal("0.01")


class Saved(NamedTuple):
    version: int
    total: Decimal


def saved(assignment: Assignment, form: SheetForm, now: datetime) -> Saved:
    """The page's and the script's save: only the fields the request carries, at its version.

    Committed at once, so that a refused finalise keeps the scores, and so that another tab's
    save in between is refused as a stale sheet rather than failing the request. The new
    version and total are read before the commit, which would expire them.
    """
    scores, comment = form.sheet_changes()
    try:
        sheet = save_sheet(assignment=assignment, actor=current_user, scores=scores,
                           comment=comment, expected_version=form.expected_version(), now=now)
        result = Saved(sheet.version, sheet.total.quantize(HUNDREDTHS))  # as stored
        commit_now()
    except (StaleDataError, IntegrityError) as error:
        raise StaleSheet(stale_message()) from error
    return result


@bp.route("/assignments/<int:assignment_id>/autosave", methods=["POST"])
@reads_first
def autosave(assignment_id: int):
    """The same save, for the page's script: JSON in reply, 409 on a conflict, 422 on bad input."""
    assignment = own_assignment(assignment_id)
    form = sheet_form(assignment, request.form)
    if not form.validate():
        return jsonify(ok=False, errors={k: v for k, v in form.errors.items()}), 422
    on_refusal(refused_json)
    sheet = saved(assignment, form, clock.now())
    return jsonify(ok=True, version=sheet.version, total=str(sheet.total))


def refused_json(error: DomainError):
    if isinstance(error, ScoreProblems):
        return jsonify(ok=False, errors={f"score_{k}": [v] for k, v in error.problems.items()}), 422
    if isinstance(error, StaleSheet):
        return jsonify(ok=False, message=stale_message()), 409
    return jsonify(ok=False, message=str(error)), 400


@bp.route("/assignments/<int:assignment_id>/recuse", methods=["POST"])
def recuse_assignment(assignment_id: int):
    assignment = own_assignment(assignment_id)
    form = RecuseForm()
    if form.validate_on_submit():
        on_refusal(back_to(url_for("judge.score", assignment_id=assignment_id)))
        plan = recuse(assignment=assignment, reason=form.reason.data or "", actor=current_user)
        flash(_("Đã ghi nhận xung đột lợi ích; hồ sơ được chuyển cho giám khảo khác."), "info")
        if plan.impossible:
            flash(_("Ban tổ chức sẽ phân công lại hồ sơ này."), "warning")
    return redirect(url_for("judge.dashboard"))

