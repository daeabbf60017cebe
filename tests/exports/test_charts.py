"""The inline SVG leniency chart: bars either side of zero, escaped text, no style attribute."""
from __future__ import annotations

import re
from decimal import Decimal

from contest.exports.charts import LABEL_WIDTH, PLOT_WIDTH, leniency_chart


def chart(bars) -> str:
    return str(leniency_chart(bars, title="Độ rộng tay", description="Giải thích"))


def rects(svg: str) -> list[tuple[float, float, str]]:
    return [(float(x), float(width), fill) for x, width, fill in re.findall(
        r'<rect x="([\d.]+)" y="\d+" width="([\d.]+)" height="\d+" fill="(#\w+)">', svg)]


def test_generous_judges_go_right_and_harsh_ones_left_scaled_to_the_largest():
    zero = LABEL_WIDTH + PLOT_WIDTH / 2
    svg = chart([("An", Decimal("4")), ("Bình", Decimal("-8")), ("Chi", None)])
    (x1, w1, fill1), (x2, w2, fill2) = rects(svg)
    assert (x1, fill1) == (zero, "#d97706")
    assert (x2 + w2, fill2) == (zero, "#2563eb")
    assert w2 == 2 * w1
    assert "+4,00" in svg and "−8,00" in svg
    assert re.search(r'fill="#6b7280">—</text>', svg)  # Chi has no co-judges: a dash, no bar


def test_text_is_escaped_titled_and_free_of_style_attributes():
    svg = chart([("<script>alert(1)</script>", Decimal("1")), ("Nguyễn " * 10, Decimal("0"))])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "style=" not in svg
    assert '<title id="leniency-chart-title">Độ rộng tay</title>' in svg
    assert 'role="img"' in svg and "aria-labelledby" in svg
    assert ("Nguyễn " * 10)[:29] + "…" in svg


def test_no_judges_gives_an_empty_chart():
    svg = chart([])
    assert rects(svg) == [] and svg.startswith("<svg") and svg.endswith("</svg>")
