"""Organiser pages: the editions of each contest, their set-up and their phase."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import clock, notifications
from contest.extensions import db
from contest.forms.editions import (
    RANKING_METHODS,
    TABLES,
    TIE_POLICY_CHOICES,
    CreateEditionForm,
    EditionSettingsForm,
    PhaseForm,
)
from contest.models import Contest, ContestKind, Phase
from contest.permissions import can_force_phase
from contest.queries.editions import edition_with_setup, organised_contests
from contest.queries.organisations import acting_organisations
from contest.services import editions as edition_service
from contest.services.edition_setup import SetupProblems, scoring_started, update_edition_settings
from contest.services.edition_tables import replace_award_tiers, replace_criteria, replace_fields
from contest.services.phases import PHASE_NAMES, TRANSITION_ACTIONS, next_phases
from contest.services.publication import move_to_phase
from contest.views.loaders import load_edition, load_organisation
from contest.views.organizer import bp
from contest.views.transaction import (
    attempt,
    back_to,
    on_refusal,
    page_again,
    roll_back,
)

REPLACE = {"fields": replace_fields, "criteria": replace_criteria,
           "award_tiers": replace_award_tiers}


@bp.route("/editions")
def editions():
    return editions_page()


@bp.route("/editions/new", methods=["POST"])
def create_edition():
    try:
        kind = ContestKind(request.form.get("contest", ""))
    except ValueError:
        abort(404)
    organisation = load_organisation(request.args.get("organisation"))
    form = CreateEditionForm(prefix=kind.value)
    if form.validate_on_submit():
        on_refusal(page_again(lambda: editions_page({kind: form}), at=form.number))
        contest = edition_service.find_or_create_contest(
            kind=kind, organisation=organisation, actor=current_user)
        edition = edition_service.create_edition(
            contest=contest, number=form.number.data, year_label=form.year_label.data,
            actor=current_user)
        flash(_("Đã tạo %(title)s từ thiết lập mặc định.", title=edition.title), "success")
        return redirect(url_for("organizer.edition_settings", edition_id=edition.id))
    return editions_page({kind: form})


def editions_page(forms: dict[ContestKind, CreateEditionForm] | None = None):
    """Each contest kind of one of the user's organisations (?organisation=CODE, else their
    first) with its editions and a create form (pre-filled, or as posted)."""
    forms = forms or {}
    organisation = load_organisation(request.args.get("organisation"))
    contests = {contest.kind: contest for contest in db.session.scalars(
        organised_contests(current_user).where(Contest.organisation_id == organisation.id))}
    today = clock.vietnam_date(clock.now())
    blocks = []
    for kind in ContestKind:
        contest = contests.get(kind)
        editions = contest.editions if contest else []
        form = forms.get(kind)
        if form is None:
            number, label = edition_service.next_edition(kind, editions, today)
            form = CreateEditionForm(prefix=kind.value, formdata=None,
                                     data={"number": number, "year_label": label})
        blocks.append({"kind": kind, "contest": contest, "editions": editions, "form": form})
    return render_template("organizer/editions.html", blocks=blocks, organisation=organisation,
                           organisations=db.session.scalars(
                               acting_organisations(current_user)).all(),
                           contest_names=edition_service.DEFAULT_CONTEST_NAMES)


@bp.route("/editions/<int:edition_id>/settings", methods=["GET", "POST"])
def edition_settings(edition_id: int):
    edition = load_edition(edition_id)
    # On POST the form holds exactly what was typed; the edition fills it only on GET.
    form = EditionSettingsForm(obj=edition if request.method == "GET" else None)
    errors: dict[str, list[str]] = {}
    table = request.form.get("add_row")
    if table in TABLES:
        if len(form[table].entries) < form[table].max_entries:
            form[table].append_entry()
    elif form.validate_on_submit():
        errors = save_settings(edition, form)
        if not errors:
            flash(_("Đã lưu thiết lập."), "success")
            return redirect(url_for("organizer.edition_settings", edition_id=edition.id))
        edition = db.session.scalar(edition_with_setup(edition_id))
    elif request.method == "POST":
        errors["general"] = [_("Chưa lưu được: hãy sửa các ô được đánh dấu.")]
    form.set_tier_choices(edition)
    return render_template("organizer/editions_settings.html", edition=edition, form=form,
                           errors=errors, locked=scoring_started(edition),
                           results_locked=edition.final_published_at is not None,
                           national_locked=edition.national_locked_at is not None,
                           ranking_methods=RANKING_METHODS, tie_policies=TIE_POLICY_CHOICES,
                           transitions=transitions(edition), phase_form=PhaseForm(),
                           can_force=can_force_phase(current_user))


def save_settings(edition, form: EditionSettingsForm) -> dict[str, list[str]]:
    """Run every set-up service, placing problems at their inputs; roll back if any.

    The tables go first so that the settings are checked against the new criteria total
    (thresholds) and the new award tiers (national minimum tier).
    """
    errors: dict[str, list[str]] = {}
    for table, replace in REPLACE.items():
        kept = form.kept_rows(table)
        problems = attempt(replace, edition=edition, actor=current_user,
                           rows=[row.row() for row in kept])[1]
        if isinstance(problems, SetupProblems):
            for problem in problems.problems:
                if problem.row is None:
                    errors.setdefault(table, []).append(problem.message)
                else:
                    kept[problem.row][problem.key].errors.append(problem.message)
            errors.setdefault("general", [str(problems)])
        elif problems is not None:
            errors.setdefault(table, []).append(str(problems))
            errors.setdefault("general", [_("Chưa lưu được: hãy xem các thông báo bên dưới.")])
    problems = attempt(update_edition_settings, edition=edition, actor=current_user,
                       values=form.settings_values())[1]
    if isinstance(problems, SetupProblems):
        for problem in problems.problems:
            form[problem.key].errors.append(problem.message)
        errors["general"] = [str(problems)]
    elif problems is not None:
        raise problems
    if errors:
        roll_back()
    return errors


def transitions(edition) -> list[dict]:
    """The phases the edition may move to next, with what each move means."""
    return [{"phase": phase, "name": PHASE_NAMES[phase],
             "action": TRANSITION_ACTIONS[(edition.phase, phase)][0],
             "meaning": TRANSITION_ACTIONS[(edition.phase, phase)][1]}
            for phase in next_phases(edition.phase)]


@bp.route("/editions/<int:edition_id>/phase", methods=["POST"])
def set_edition_phase(edition_id: int):
    edition = load_edition(edition_id)
    form, back = PhaseForm(), url_for("organizer.edition_settings", edition_id=edition_id)
    on_refusal(back_to(back))
    if form.validate_on_submit():
        wanted = Phase(form.phase.data)
        published = move_to_phase(edition=edition, phase=wanted, actor=current_user,
                                  now=clock.now(),
                                  force=form.force.data and can_force_phase(current_user))
        if published is not None:
            notifications.send_results(published, edition)
        flash(_("Đã chuyển sang giai đoạn “%(phase)s”.", phase=PHASE_NAMES[wanted]), "success")
    else:
        flash(_("Yêu cầu không hợp lệ; hãy thử lại."), "danger")
    return redirect(back)
