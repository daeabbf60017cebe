"""Charts for organisers: entries per field and unit, score distribution, judging progress.
Each chart is inline SVG drawn on the server with its table below; grouped counts keep the
number of queries fixed whatever the contest size."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import render_template
from flask_babel import gettext as _

from contest.exports.charts import REST, bar_chart
from contest.queries.charts import (
    entries_per_field,
    entries_per_unit,
    judging_progress,
    score_distribution,
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
                    (_("Đơn vị"), _("Số hồ sơ")), entries_per_unit(edition, TOP_UNITS))
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


def _bins(values: list[Decimal]) -> list[tuple[str, int]]:
    """Counts in 10-point bins from 0 to 100; 100 falls in the last one."""
    counts = [0] * BINS
    for value in values:
        counts[min(max(int(value // BIN_WIDTH), 0), BINS - 1)] += 1
    return [(f"{i * BIN_WIDTH}–{(i + 1) * BIN_WIDTH}", n) for i, n in enumerate(counts)]
