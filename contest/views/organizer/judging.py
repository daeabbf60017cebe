"""Judging for organisers: progress and reminders, automatic and manual assignment, score
sheets read and reopened, printable paper score sheets."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import clock, notifications
from contest.extensions import db
from contest.forms.assignments import AutoAssignForm, JudgeChoiceForm, ReopenSheetForm
from contest.forms.auth import ConfirmForm
from contest.jobs import reminders as reminders_job
from contest.judging.assignment import Plan
from contest.models import (
    Edition,
    Entry,
    Field,
    Judge,
    SheetStatus,
)
from contest.queries.entries import entry_labels
from contest.queries.judging import (
    edition_judges,
    entry_assignments,
    judge_round_assignments,
    judged_entry_counts,
    other_judges,
    sheet_counts,
)
from contest.services import assignments, reminders, scoring
from contest.services.jobs import start_job
from contest.views.loaders import load_assignment, load_edition, load_entry, load_judge, load_sheet
from contest.views.organizer import bp
from contest.views.transaction import back_to, on_refusal


@dataclass(frozen=True)
class PanelProgress:
    field: Field
    judges: int
    entries: int
    assigned: int
    done: int

    @property
    def remaining(self) -> int:
        return self.assigned - self.done


@dataclass(frozen=True)
class JudgeProgress:
    judge: Judge
    panels: list[str]
    assigned: int
    done: int
    late: bool  # the judging deadline has passed

    @property
    def remaining(self) -> int:
        return self.assigned - self.done

    @property
    def overdue(self) -> int:
        return self.remaining if self.late else 0


@dataclass(frozen=True)
class Shortfall:
    """An entry the automatic assignment could not complete, as the page lists it."""

    code: str
    title: str
    field: str
    usable: int
    needed: int


@bp.route("/editions/<int:edition_id>/judging")
def judging(edition_id: int):
    edition = load_edition(edition_id)
    return overview(edition, AutoAssignForm(formdata=None, data={"seed": edition.id}))


@bp.route("/editions/<int:edition_id>/judging/assign", methods=["POST"])
def assign_judges(edition_id: int):
    """Runs the automatic assignment and shows what it did on the overview itself."""
    edition = load_edition(edition_id)
    form = AutoAssignForm()
    if not form.validate_on_submit():
        return overview(edition, form)
    plan = assignments.assign_judges(edition=edition, round_number=edition.current_round,
                                     seed=form.seed.data, actor=current_user)
    return overview(edition, form, plan=plan)


def overview(edition: Edition, form: AutoAssignForm, plan: Plan | None = None):
    """Progress per panel and per judge in the current round, from grouped counts."""
    round_number = edition.current_round
    late = edition.judging_ends_at is not None and clock.now() > edition.judging_ends_at
    names = {field.id: field.name for field in edition.fields}
    counts = sheet_counts(edition.id, round_number)
    by_judge: dict[int, list[int]] = {}
    by_field: dict[int | None, list[int]] = {}
    for (judge_id, field_id), (assigned, done) in counts.items():
        for total in (by_judge.setdefault(judge_id, [0, 0]),
                      by_field.setdefault(field_id, [0, 0])):
            total[0] += assigned
            total[1] += done
    judges, seated = [], dict.fromkeys(names, 0)
    for judge in db.session.scalars(edition_judges(edition.id)):
        seats = [seat.field_id for seat in judge.seats
                 if seat.round == round_number and seat.field_id in names]
        for field_id in set(seats):
            seated[field_id] += 1
        judges.append(JudgeProgress(judge, [names[f] for f in seats],
                                    *by_judge.get(judge.id, (0, 0)), late))
    entries = judged_entry_counts(edition.id, round_number)
    panels = [PanelProgress(field, seated[field.id], entries.get(field.id, 0),
                            *by_field.get(field.id, (0, 0)))
              for field in edition.fields]
    return render_template(
        "organizer/judging.html", edition=edition, form=form, panels=panels, judges=judges,
        late=late, plan=plan, shortfalls=shortfalls(edition, plan) if plan else [])


def shortfalls(edition: Edition, plan: Plan) -> list[Shortfall]:
    ids = [item.entry_id for item in plan.impossible]
    found = {row.id: row for row in db.session.execute(entry_labels(ids))} if ids else {}
    names = {field.id: field.name for field in edition.fields}
    return [Shortfall(found[i.entry_id].code or "—", found[i.entry_id].title,
                      names.get(i.field_id, ""), i.usable, edition.judges_per_entry)
            for i in plan.impossible]


@bp.route("/judges/<int:judge_id>/remind", methods=["POST"])
def remind_judge(judge_id: int):
    judge = load_judge(judge_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    back = url_for("organizer.judging", edition_id=judge.edition_id)
    on_refusal(back_to(back, category="warning"))
    remaining = reminders.send_reminder(judge=judge, actor=current_user, now=clock.now())
    notifications.send_judge_reminder(judge, remaining)
    flash(_("Đã gửi thư nhắc %(name)s (còn %(n)s phiếu chấm).",
            name=judge.user.full_name, n=remaining), "success")
    return redirect(back)


@bp.route("/editions/<int:edition_id>/judging/remind", methods=["POST"])
def remind_judges(edition_id: int):
    """Reminds every judge with unfinished sheets, as a job with its progress page."""
    edition = load_edition(edition_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    job = start_job(reminders_job.KIND, edition=edition, actor=current_user, parameters={})
    flash(_("Đang nhắc các giám khảo còn phiếu chưa chấm; trang này cho biết tiến độ."), "info")
    return redirect(url_for("organizer.job", job_id=job.id))


@bp.route("/judges/<int:judge_id>/paper-sheets")
def paper_sheets(judge_id: int):
    judge = load_judge(judge_id)
    edition = judge.edition
    return render_template(
        "organizer/judging_paper.html", judge=judge, edition=edition,
        criteria=edition.criteria, identity=not edition.blind_judging,
        assignments=db.session.scalars(
            judge_round_assignments(judge.id, edition.current_round)).unique().all())


@bp.route("/sheets/<int:sheet_id>")
def sheet(sheet_id: int):
    found = load_sheet(sheet_id, whole=True)
    return render_template(
        "organizer/judging_sheet.html", sheet=found, entry=found.assignment.entry,
        scores={score.criterion_id: score for score in found.scores},
        reopen_form=ReopenSheetForm())


@bp.route("/sheets/<int:sheet_id>/reopen", methods=["POST"])
def reopen_sheet(sheet_id: int):
    found = load_sheet(sheet_id)
    entry_id, form = found.assignment.entry_id, ReopenSheetForm()
    back = url_for("organizer.entry", entry_id=entry_id)
    on_refusal(back_to(back))
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.reason.errors)) or _("Không mở lại được phiếu chấm."),
              "danger")
    else:
        scoring.reopen_sheet(sheet=found, actor=current_user, reason=form.reason.data)
        flash(_("Đã mở lại phiếu chấm của %(name)s; giám khảo có thể sửa điểm.",
                name=found.assignment.judge.user.full_name), "success")
    return redirect(back)


@bp.route("/entries/<int:entry_id>/assignments", methods=["POST"])
def add_assignment(entry_id: int):
    entry = load_entry(entry_id)
    form = judge_form(entry)
    back = url_for("organizer.entry", entry_id=entry.id)
    on_refusal(back_to(back))
    if form.validate_on_submit():
        judge = db.session.get(Judge, form.judge.data)
        assignments.add_assignment(entry=entry, judge=judge,
                                   round_number=entry.edition.current_round, actor=current_user)
        flash(_("Đã phân công %(name)s.", name=judge.user.full_name), "success")
    return redirect(back)


@bp.route("/assignments/<int:assignment_id>/swap", methods=["POST"])
def swap_assignment(assignment_id: int):
    assignment = load_assignment(assignment_id)
    entry = assignment.entry
    form = judge_form(entry)
    back = url_for("organizer.entry", entry_id=entry.id)
    on_refusal(back_to(back))
    if form.validate_on_submit():
        judge = db.session.get(Judge, form.judge.data)
        done = _("Đã thay %(old)s bằng %(new)s.", old=assignment.judge.user.full_name,
                 new=judge.user.full_name)
        assignments.swap_assignment(assignment=assignment, judge=judge, actor=current_user)
        flash(done, "success")
    return redirect(back)


@bp.route("/assignments/<int:assignment_id>/remove", methods=["POST"])
def remove_assignment(assignment_id: int):
    assignment = load_assignment(assignment_id)
    entry_id, name = assignment.entry_id, assignment.judge.user.full_name
    back = url_for("organizer.entry", entry_id=entry_id)
    on_refusal(back_to(back))
    if ConfirmForm().validate_on_submit():
        assignments.remove_assignment(assignment=assignment, actor=current_user)
        flash(_("Đã bỏ phân công %(name)s.", name=name), "success")
    return redirect(back)


def judge_form(entry: Entry, judges: list | None = None) -> JudgeChoiceForm:
    """A choice among the edition's judges not yet on the entry, its panel's judges first."""
    if judges is None:
        judges = db.session.execute(other_judges(entry, entry.edition.current_round)).all()
    return JudgeChoiceForm(judges=[(judge, on_panel) for judge, on_panel in judges])


def entry_judging_context(entry: Entry) -> dict:
    """The judges section of the organiser's entry page: assignments, sheets and forms."""
    round_number = entry.edition.current_round
    found = db.session.scalars(entry_assignments(entry.id, round_number)).unique().all()
    if not found and not entry.is_judged_in(round_number):
        return {"judging": None}
    judges = db.session.execute(other_judges(entry, round_number)).all()
    return {"judging": {
        "assignments": found, "judge_form": judge_form(entry, judges),
        "reopen_form": ReopenSheetForm(), "final": SheetStatus.FINAL}}
