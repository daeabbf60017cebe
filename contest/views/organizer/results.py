"""Results for organisers: ranking runs and their snapshots with diagnostics, award overrides,
comparing two runs, choosing the provisional results and the final round's entries."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.exports.charts import leniency_chart
from contest.extensions import db
from contest.forms.auth import ConfirmForm
from contest.forms.results import (
    METHOD_HELP,
    METHOD_NAMES,
    TIE_POLICY_NAMES,
    NewVersionForm,
    OverrideAwardForm,
    RunRankingForm,
)
from contest.i18n import show_points
from contest.jobs import ranking as ranking_job
from contest.models import (
    AwardOverride,
    Edition,
    Field,
    RankingRow,
)
from contest.queries.accounts import judge_names
from contest.queries.judging import judged_entry_counts
from contest.queries.rankings import (
    field_ranks_of,
    other_runs,
    ranking_runs,
    run_page,
    run_size,
)
from contest.queries.rankings import ranking_run as run_with_rows
from contest.queries.results import edition_publications, unanswered_objection_count
from contest.services import results as services
from contest.services import rounds
from contest.services.jobs import start_job
from contest.views.loaders import load_edition, load_row, load_run
from contest.views.organizer import bp
from contest.views.params import paginate, query_int
from contest.views.transaction import back_to, on_refusal


@dataclass(frozen=True)
class RunLine:
    """One row of a snapshot as the run page shows it: the award after overrides."""

    row: RankingRow
    field_rank: int
    award_name: str | None
    override: AwardOverride | None
    computed_name: str | None
    badges: list[tuple[str, str]]
    score: str  # formatted
    spread: str


@dataclass(frozen=True)
class FieldTable:
    field: Field | None
    lines: list[RunLine]


@dataclass(frozen=True)
class JudgeLine:
    name: str
    sheets: int
    mean_total: Decimal
    spread: Decimal
    leniency: Decimal | None
    few_sheets: bool
    shown: tuple[str, str, str]  # mean total, spread, leniency as the page writes them


RUN_PAGE_SIZE = 100  # rows of a run page (with a field filter): fast at 10,000 entries


@bp.route("/editions/<int:edition_id>/results")
def results(edition_id: int):
    edition = load_edition(edition_id)
    form = RunRankingForm(formdata=None, edition=edition, data={
        "method": edition.ranking_method, "round": edition.current_round})
    return results_page(edition, form)


def results_page(edition: Edition, form: RunRankingForm):
    waiting = unanswered_objection_count(edition.id)
    return render_template(
        "organizer/results.html", edition=edition, form=form, confirm=ConfirmForm(),
        runs=db.session.execute(ranking_runs(edition.id)).all(), waiting=waiting,
        publications=db.session.scalars(edition_publications(edition.id)).all(),
        version_form=NewVersionForm(),
        method_names=METHOD_NAMES, method_help=METHOD_HELP, tie_policies=TIE_POLICY_NAMES)


@bp.route("/editions/<int:edition_id>/results/run", methods=["POST"])
def run_ranking(edition_id: int):
    edition = load_edition(edition_id)
    form = RunRankingForm(edition=edition)
    if not form.validate_on_submit():
        return results_page(edition, form)
    on_refusal(back_to(url_for("organizer.results", edition_id=edition.id)))
    judged = sum(judged_entry_counts(edition.id, form.round.data).values())
    if judged >= current_app.config["JOB_RANKING_MIN_ENTRIES"]:
        job = start_job(ranking_job.KIND, edition=edition, actor=current_user, parameters={
            "round": form.round.data, "method": form.method.data})
        flash(_("Đang xếp hạng %(n)s hồ sơ trong nền; trang này cho biết tiến độ.", n=judged),
              "info")
        return redirect(url_for("organizer.job", job_id=job.id))
    run = services.run_ranking(edition=edition, round_number=form.round.data,
                               method=form.method.data, actor=current_user)
    flash(_("Đã xếp hạng %(n)s hồ sơ.", n=db.session.scalar(run_size(run.id))), "success")
    return redirect(url_for("organizer.ranking_run", run_id=run.id))


@bp.route("/runs/<int:run_id>")
def ranking_run(run_id: int):
    run = load_run(run_id)
    edition = load_edition(run.edition_id)
    field_id = query_int("field")
    field_id = field_id if field_id in {f.id for f in edition.fields} else None
    page = paginate(run_page(run.id, field_id), RUN_PAGE_SIZE)
    ranks = dict(db.session.execute(field_ranks_of(run.id, [r.id for r in page.items])).all())
    diagnostics, stale = services.run_state(edition, run)
    judges = judge_lines(diagnostics)
    override_form = OverrideAwardForm(edition=edition)
    return render_template(
        "organizer/results_run.html", run=run, edition=edition, confirm=ConfirmForm(),
        tables=field_tables(edition, page.items, ranks, services.award_overrides(edition)),
        page=page, field_id=field_id, size=db.session.scalar(run_size(run.id)), judges=judges,
        chart=leniency_chart(
            [(line.name, line.leniency) for line in judges],
            title=_("Độ rộng tay của giám khảo so với các giám khảo cùng chấm"),
            description=_("Mỗi thanh là chênh lệch trung bình (điểm) giữa tổng điểm giám khảo "
                          "cho và trung bình của các giám khảo khác chấm cùng hồ sơ; bên phải: "
                          "cho điểm cao hơn, bên trái: chặt tay hơn."),
            number=cache(lambda value: ("+" if value > 0 else "") + show_points(value))),
        stale=stale, diagnostics_now=run.diagnostics is None,
        others=db.session.execute(other_runs(edition.id, run.id)).all(),
        override_form=override_form,
        award_choices=[(value, label) for value, label, *_ in override_form.award.iter_choices()],
        method_names=METHOD_NAMES, tie_policies=TIE_POLICY_NAMES,
        can_advance=edition.rounds > 1 and run.round == 1,
        final=edition.final_published_at is not None)


def field_tables(edition: Edition, rows: list[RankingRow], ranks: dict[int, int],
                 overrides: dict[int, AwardOverride]) -> list[FieldTable]:
    """A page of the snapshot split by field in the edition's order, each field's own rank
    alongside; numbers formatted once per distinct value."""
    names = {t.code: t.name for t in edition.award_tiers}
    shown: dict[Decimal, str] = {}
    grouped: dict[int | None, list[RankingRow]] = {}
    for row in rows:
        grouped.setdefault(row.entry.field_id, []).append(row)
    tables = []
    for field in [*edition.fields, None]:
        lines = []
        for row in grouped.get(field.id if field else None, []):
            for value in (row.score, row.spread):
                if value not in shown:
                    shown[value] = show_points(value)
            lines.append(RunLine(
                row=row, field_rank=ranks[row.id],
                award_name=names.get(services.final_award(row, overrides)),
                override=overrides.get(row.entry_id), computed_name=names.get(row.award),
                badges=flag_badges(row.flags, names), score=shown[row.score],
                spread=shown[row.spread]))
        if lines:
            tables.append(FieldTable(field, lines))
    return tables


def flag_badges(flags: str, tier_names: dict[str, str]) -> list[tuple[str, str]]:
    """(label, Bootstrap colour) for each flag of a snapshot row."""
    badges = []
    for flag in filter(None, flags.split(";")):
        if flag == "disagreement":
            badges.append((_("Lệch điểm"), "warning"))
        elif flag == "missing-sheets":
            badges.append((_("Thiếu phiếu"), "danger"))
        elif flag.startswith("quota-tie:"):
            tier = tier_names.get(flag.partition(":")[2], flag.partition(":")[2])
            badges.append((_("Đồng hạng ở ranh giới giải — BTC quyết định") + f" ({tier})",
                           "info"))
        elif flag == "quota-exceeded":
            badges.append((_("Vượt số lượng giải do đồng hạng"), "secondary"))
        else:
            badges.append((flag, "light"))
    return badges


def judge_lines(diagnostics: list[dict]) -> list[JudgeLine]:
    """Per-judge diagnostics as a snapshot stores them, with the judges' names; numbers
    formatted once per distinct value."""
    names = judge_names([d["judge_id"] for d in diagnostics])
    shown = cache(show_points)
    lines = []
    for d in diagnostics:
        mean, spread = Decimal(d["mean_total"]), Decimal(d["spread"])
        leniency = None if d["leniency"] is None else Decimal(d["leniency"])
        lines.append(JudgeLine(names.get(d["judge_id"], f"#{d['judge_id']}"), d["sheets"],
                               mean, spread, leniency, "few-sheets" in d["flags"],
                               (shown(mean), shown(spread), shown(leniency))))
    return lines


@bp.route("/runs/<int:run_id>/provisional", methods=["POST"])
def mark_provisional(run_id: int):
    run = load_run(run_id)
    edition = load_edition(run.edition_id)
    back = url_for("organizer.ranking_run", run_id=run.id)
    on_refusal(back_to(back))
    if ConfirmForm().validate_on_submit():
        done = (_("Đã chọn lần xếp hạng này làm kết quả tạm thời.")
                if edition.provisional_published_at is None else
                _("Đã chọn lần xếp hạng này cho phiên bản kết quả tiếp theo. Thí sinh vẫn thấy "
                  "phiên bản đã công bố cho đến khi Ban tổ chức công bố phiên bản mới."))
        services.mark_provisional(edition=edition, run=run, actor=current_user)
        flash(done, "success")
    return redirect(back)


@bp.route("/ranking-rows/<int:row_id>/award", methods=["POST"])
def override_award(row_id: int):
    row = load_row(row_id)
    edition = load_edition(row.run.edition_id)
    form = OverrideAwardForm(edition=edition)
    back = url_for("organizer.ranking_run", run_id=row.run_id, _anchor=f"row-{row.id}")
    on_refusal(back_to(back))
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.reason.errors + form.award.errors))
              or _("Không điều chỉnh được giải."), "danger")
    else:
        done = _("Đã điều chỉnh giải của hồ sơ %(code)s.", code=row.entry.code)
        services.override_award(edition=edition, entry=row.entry, award=form.award.data or None,
                                reason=form.reason.data, actor=current_user)
        flash(done, "success")
    return redirect(back)


@bp.route("/runs/<int:run_id>/compare")
def compare_runs(run_id: int):
    run = load_run(run_id, rows=True)
    other = db.session.scalar(run_with_rows(query_int("other", 0)))
    if other is None or other.edition_id != run.edition_id:
        abort(404)
    if other.id == run.id:
        flash(_("Hãy chọn một lần xếp hạng khác để so sánh."), "warning")
        return redirect(url_for("organizer.ranking_run", run_id=run.id))
    before, after = sorted((run, other), key=lambda r: (r.created_at, r.id))
    edition = load_edition(run.edition_id)
    moves = services.compare_runs(before, after)
    titles = {r.entry_id: r.entry.title for r in [*before.rows, *after.rows]}
    return render_template(
        "organizer/results_compare.html", edition=edition, before=before, after=after,
        moves=moves, titles=titles, run=run, method_names=METHOD_NAMES,
        tier_names={t.code: t.name for t in edition.award_tiers})


@bp.route("/runs/<int:run_id>/advance", methods=["POST"])
def advance_round(run_id: int):
    run = load_run(run_id, rows=True)
    edition = load_edition(run.edition_id)
    back = url_for("organizer.ranking_run", run_id=run.id)
    on_refusal(back_to(back))
    if ConfirmForm().validate_on_submit():
        count = rounds.advance_to_final_round(edition=edition, run=run, actor=current_user)
        flash(_("Đã chọn %(n)s hồ sơ vào vòng chung khảo.", n=count), "success")
    return redirect(back)
