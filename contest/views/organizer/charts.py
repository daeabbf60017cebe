"""Charts for organisers: entries per field and unit, score distribution, judging progress.
Each chart is inline SVG drawn on the server with its table below; grouped counts keep the
number of queries fixed whatever the contest size."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import case, desc, func, select

from contest.database import Points
from contest.exports.charts import REST, bar_chart
from contest.extensions import db
from contest.models import (
    Assignment,
    Author,
    Edition,
    Entry,
    EntryStatus,
    RankingRow,
    Score,
    ScoreSheet,
    SheetStatus,
    Unit,
)
from contest.views.loaders import load_edition
from contest.views.organizer import bp

TOP_UNITS, BIN_WIDTH, BINS = 15, 10, 10
DONE = "#15803d"


@dataclass
class Chart:
    chart_id: str
    title: str
    headers: tuple[str, ...]
    rows: list[tuple]  # the table alternative: a label then the values
    series: tuple[tuple[str, str], ...] = (("", "#2563eb"),)

    def svg(self, description: str):
        return bar_chart([(str(row[0]), row[1:]) for row in self.rows], title=self.title,
                         description=description, chart_id=self.chart_id, series=self.series)


@bp.route("/editions/<int:edition_id>/charts")
def charts(edition_id: int):
    edition = load_edition(edition_id)
    names = {field.id: field.name for field in edition.fields}
    names[None] = _("Chưa chọn lĩnh vực")
    by_field = Chart("chart-fields", _("Hồ sơ đã nộp theo lĩnh vực"),
                     (_("Lĩnh vực"), _("Số hồ sơ")),
                     [(names.get(f, names[None]), n) for f, n in entries_per_field(edition)])
    by_unit = Chart("chart-units", _("Hồ sơ theo đơn vị (%(n)s đơn vị nhiều nhất)", n=TOP_UNITS),
                    (_("Đơn vị"), _("Số hồ sơ")), entries_per_unit(edition))
    scores, from_run = score_distribution(edition)
    histograms = [Chart(f"chart-scores-{index}", _("Phân bố điểm: %(field)s",
                                                    field=names.get(f, names[None])),
                        (_("Khoảng điểm"), _("Số hồ sơ")), _bins(values))
                  for index, (f, values) in enumerate(scores.items(), start=1)]
    progress = Chart("chart-progress", _("Tiến độ chấm theo lĩnh vực (vòng %(n)s)",
                                         n=edition.current_round),
                     (_("Lĩnh vực"), _("Đã chấm"), _("Còn lại")),
                     [(names.get(f, names[None]), done, total - done)
                      for f, total, done in judging_progress(edition)],
                     series=((_("Đã chấm"), DONE), (_("Còn lại"), REST)))
    return render_template("organizer/charts.html", edition=edition, by_field=by_field,
                           by_unit=by_unit, histograms=histograms, from_run=from_run,
                           progress=progress)


def _order(rows):
    return sorted(rows, key=lambda row: (row[0] is None, row[0] or 0))


def entries_per_field(edition: Edition) -> list[tuple[int | None, int]]:
    """Submitted entries (withdrawn ones are not counted) per field."""
    return _order(db.session.execute(
        select(Entry.field_id, func.count()).where(
            Entry.edition_id == edition.id, Entry.status == EntryStatus.SUBMITTED)
        .group_by(Entry.field_id)).all())


def entries_per_unit(edition: Edition) -> list[tuple[str, int]]:
    """Submitted entries per unit of their authors (an entry counts once per unit), busiest
    first."""
    count = func.count(func.distinct(Entry.id))
    return [tuple(row) for row in db.session.execute(
        select(Unit.name, count).join(Author, Author.unit_id == Unit.id)
        .join(Entry, Entry.id == Author.entry_id)
        .where(Entry.edition_id == edition.id, Entry.status == EntryStatus.SUBMITTED)
        .group_by(Unit.id, Unit.name).order_by(desc(count), Unit.name).limit(TOP_UNITS))]


def score_distribution(edition: Edition) -> tuple[dict[int | None, list[Decimal]], bool]:
    """Entry scores per field: the chosen results' if there are any (True), otherwise the mean
    of each entry's finished sheets in the current round (False)."""
    if edition.provisional_run_id is not None:
        rows = db.session.execute(select(Entry.field_id, RankingRow.score).join(
            Entry, Entry.id == RankingRow.entry_id).where(
                RankingRow.run_id == edition.provisional_run_id))
        from_run = True
    else:
        totals = (select(Assignment.entry_id, func.sum(Score.value).label("total"))
                  .join(ScoreSheet, ScoreSheet.assignment_id == Assignment.id)
                  .join(Score, Score.sheet_id == ScoreSheet.id)
                  .where(ScoreSheet.status == SheetStatus.FINAL,
                         Assignment.round == edition.current_round)
                  .group_by(Assignment.id, Assignment.entry_id).subquery())
        rows = db.session.execute(
            select(Entry.field_id, func.avg(totals.c.total, type_=Points())).join(
                totals, totals.c.entry_id == Entry.id).where(Entry.edition_id == edition.id)
            .group_by(Entry.id, Entry.field_id))
        from_run = False
    scores: dict[int | None, list[Decimal]] = {}
    for field_id, score in rows:
        scores.setdefault(field_id, []).append(Decimal(str(score)))
    return dict(_order(scores.items())), from_run


def judging_progress(edition: Edition) -> list[tuple[int | None, int, int]]:
    """Per field: the current round's assignments, and how many have a finished sheet."""
    done = func.sum(case((ScoreSheet.status == SheetStatus.FINAL, 1), else_=0))
    return [(f, total, int(finished or 0)) for f, total, finished in _order(db.session.execute(
        select(Entry.field_id, func.count(Assignment.id), done)
        .join(Entry, Entry.id == Assignment.entry_id)
        .outerjoin(ScoreSheet, ScoreSheet.assignment_id == Assignment.id)
        .where(Entry.edition_id == edition.id, Assignment.round == edition.current_round)
        .group_by(Entry.field_id)).all())]


def _bins(values: list[Decimal]) -> list[tuple[str, int]]:
    """Counts in 10-point bins from 0 to 100; 100 falls in the last one."""
    counts = [0] * BINS
    for value in values:
        counts[min(max(int(value // BIN_WIDTH), 0), BINS - 1)] += 1
    return [(f"{i * BIN_WIDTH}–{(i + 1) * BIN_WIDTH}", n) for i, n in enumerate(counts)]
