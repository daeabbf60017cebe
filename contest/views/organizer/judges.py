"""Organiser pages: an edition's judges, their panels, invitations and the judges import."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import notifications
from contest.database import reads_first
from contest.extensions import db
from contest.forms.auth import ConfirmForm
from contest.forms.judges import AddJudgeForm, PanelsForm
from contest.imports import judges as judges_import
from contest.models import Edition, Field, Judge
from contest.queries.judging import edition_judges, judge_assignment_counts
from contest.services import judges as judge_service
from contest.views.loaders import load_edition, load_judge
from contest.views.organizer import bp
from contest.views.organizer.imports import ImportKind, import_page
from contest.views.transaction import back_to, on_refusal, page_again


@dataclass
class JudgeRow:
    judge: Judge
    panels: dict[int, list[Field]]  # round -> fields, in the edition's order
    assignments: dict[int, int]  # round -> number of assignments


@bp.route("/editions/<int:edition_id>/judges", methods=["GET", "POST"])
def judges(edition_id: int):
    edition = load_edition(edition_id)
    form = AddJudgeForm(edition=edition)

    def page():
        return render_template("organizer/judges.html", edition=edition, form=form,
                               rows=_judge_rows(edition), rounds=range(1, edition.rounds + 1))
    if form.validate_on_submit():
        on_refusal(page_again(page, at=form.email))
        judge, token = judge_service.enrol_judge(
            edition=edition, email=form.email.data, full_name=form.full_name.data,
            fields=_chosen(edition, form.fields.data), round=edition.current_round,
            actor=current_user, invite_hours=current_app.config["INVITE_TOKEN_HOURS"],
            unit_name=form.unit.data or None)
        if token is not None:
            notifications.send_invitation(judge.user, token, current_user)
            flash(_("Đã mời %(email)s làm giám khảo; e-mail mời đã được gửi.",
                    email=judge.user.email), "success")
        else:
            flash(_("Đã thêm %(name)s vào danh sách giám khảo.", name=judge.user.full_name),
                  "success")
        return redirect(url_for("organizer.judges", edition_id=edition.id))
    return page()


@bp.route("/judges/<int:judge_id>/panels", methods=["POST"])
def judge_panels(judge_id: int):
    judge = load_judge(judge_id)
    edition = judge.edition
    form = PanelsForm(edition=edition)
    back = url_for("organizer.judges", edition_id=edition.id, _anchor=f"judge-{judge.id}")
    on_refusal(back_to(back))
    if form.validate_on_submit():
        judge_service.set_panels(judge=judge, fields=_chosen(edition, form.fields.data),
                                 round=edition.current_round, actor=current_user)
        flash(_("Đã cập nhật tiểu ban của %(name)s.", name=judge.user.full_name), "success")
    else:
        flash(_("Lựa chọn lĩnh vực không hợp lệ; chưa thay đổi gì."), "danger")
    return redirect(back)


@bp.route("/judges/<int:judge_id>/remove", methods=["POST"])
def remove_judge(judge_id: int):
    judge = load_judge(judge_id)
    edition_id, name = judge.edition_id, judge.user.full_name
    back = url_for("organizer.judges", edition_id=edition_id)
    on_refusal(back_to(back))
    if ConfirmForm().validate_on_submit():
        judge_service.remove_judge(judge=judge, actor=current_user)
        flash(_("Đã xóa %(name)s khỏi danh sách giám khảo.", name=name), "success")
    return redirect(back)


def _judges_imported(edition: Edition, result: judges_import.JudgesImportResult):
    """After the commit: e-mail the invitations, then back to the judges list."""
    for user, token in result.invitations:
        notifications.send_invitation(user, token, current_user)
    flash(_("Đã nhập %(n)s giám khảo; đã gửi %(invited)s e-mail mời tài khoản mới.",
            n=result.count, invited=len(result.invitations)), "success")
    return redirect(url_for("organizer.judges", edition_id=edition.id))


JUDGES_IMPORT = ImportKind(
    endpoint="organizer.import_judges", template="organizer/import_judges.html",
    columns=judges_import.COLUMNS, name="judges",
    validate=lambda edition, table: judges_import.validate_judges(edition=edition, table=table),
    options=lambda confirm: {"invite_hours": current_app.config["INVITE_TOKEN_HOURS"]},
    done=_judges_imported)


@bp.route("/editions/<int:edition_id>/import-judges", methods=["GET", "POST"])
@reads_first
def import_judges(edition_id: int):
    return import_page(load_edition(edition_id), JUDGES_IMPORT)


def _chosen(edition: Edition, field_ids: list[int] | None) -> list[Field]:
    wanted = set(field_ids or [])
    return [field for field in edition.fields if field.id in wanted]


def _judge_rows(edition: Edition) -> list[JudgeRow]:
    """Every judge with panels and assignment counts per round, in a fixed number of queries."""
    counts = judge_assignment_counts(edition.id)
    fields = {field.id: field for field in edition.fields}
    rows = []
    for judge in db.session.scalars(edition_judges(edition.id)).unique():
        panels: dict[int, list[Field]] = {r: [] for r in range(1, edition.rounds + 1)}
        for seat in judge.seats:
            panels.setdefault(seat.round, []).append(fields[seat.field_id])
        for seated in panels.values():
            seated.sort(key=lambda field: field.position)
        rows.append(JudgeRow(judge, panels, {r: counts.get((judge.id, r), 0) for r in panels}))
    return rows
