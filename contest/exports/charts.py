"""Small server-side SVG charts, inline in pages: no script, no style attribute (CSP)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from markupsafe import Markup, escape

from contest.i18n import show_signed

LABEL_WIDTH, PLOT_WIDTH, VALUE_WIDTH = 200, 360, 60
ROW_HEIGHT, TOP, BOTTOM = 26, 8, 24
LABEL_CHARS = 30  # longer names are cut; the bar's tooltip and the table keep them whole
GENEROUS, HARSH, AXIS, TEXT = "#d97706", "#2563eb", "#6b7280", "#212529"


def leniency_chart(bars: Sequence[tuple[str, Decimal | None]], *, title: str,
                   description: str, chart_id: str = "leniency-chart",
                   number: Callable[[Decimal], str] = show_signed) -> Markup:
    """A horizontal bar per judge around a zero axis: right (amber) more generous than the
    co-judges, left (blue) harsher; a judge without co-judges gets a dash and no bar."""
    extent = max([abs(v) for _, v in bars if v is not None] + [Decimal(1)])
    half = PLOT_WIDTH / 2
    zero = LABEL_WIDTH + half
    height = TOP + ROW_HEIGHT * len(bars) + BOTTOM
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="12" '
        f'font-family="system-ui, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value) in enumerate(bars):
        y = TOP + index * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2 + 4
        short = label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" '
                     f'fill="{TEXT}">{escape(short)}</text>')
        if value is None:
            parts.append(f'<text x="{zero + 6:.1f}" y="{middle:.1f}" fill="{AXIS}">—</text>')
            continue
        length = float(abs(value) / extent) * (half - 4)
        x = zero if value >= 0 else zero - length
        parts.append(f'<rect x="{x:.1f}" y="{y + 5}" width="{length:.1f}" '
                     f'height="{ROW_HEIGHT - 10}" fill="{GENEROUS if value >= 0 else HARSH}">'
                     f'<title>{escape(label)}: {escape(number(value))}</title></rect>')
        parts.append(f'<text x="{LABEL_WIDTH + PLOT_WIDTH + 6}" y="{middle:.1f}" '
                     f'fill="{TEXT}">{escape(number(value))}</text>')
    axis_bottom = TOP + ROW_HEIGHT * len(bars)
    parts.append(f'<line x1="{zero}" y1="{TOP}" x2="{zero}" y2="{axis_bottom}" '
                 f'stroke="{AXIS}" stroke-width="1"/>')
    parts.append(f'<text x="{zero}" y="{axis_bottom + 16}" text-anchor="middle" '
                 f'fill="{AXIS}">0</text>')
    for sign in (-1, 1):
        parts.append(f'<text x="{zero + sign * (half - 4):.1f}" y="{axis_bottom + 16}" '
                     f'text-anchor="{"end" if sign > 0 else "start"}" fill="{AXIS}">'
                     f'{escape(number(extent * sign))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every text piece above is escaped)


BAR, REST = "#2563eb", "#cbd5e1"
LEGEND_HEIGHT = 22


def bar_chart(bars: Sequence[tuple[str, Sequence[int]]], *, title: str, description: str,
              chart_id: str, series: Sequence[tuple[str, str]] = (("", BAR),)) -> Markup:
    """Horizontal bars from zero, one per label; each bar stacks its values in the colours of
    `series` (name, colour), named in a legend when there is more than one."""
    extent = max([sum(values) for _, values in bars] + [1])
    legend = LEGEND_HEIGHT if len(series) > 1 else 0
    height = TOP + legend + ROW_HEIGHT * max(len(bars), 1) + BOTTOM
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="12" '
        f'font-family="system-ui, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    if legend:
        x = LABEL_WIDTH
        for name, colour in series:
            parts.append(f'<rect x="{x}" y="{TOP}" width="12" height="12" fill="{colour}"/>'
                         f'<text x="{x + 16}" y="{TOP + 10}" fill="{TEXT}">{escape(name)}</text>')
            x += 24 + 8 * len(name)
    top = TOP + legend
    for index, (label, values) in enumerate(bars):
        y = top + index * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2 + 4
        short = label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" '
                     f'fill="{TEXT}">{escape(short)}</text>')
        x = float(LABEL_WIDTH)
        for (name, colour), value in zip(series, values, strict=False):
            length = float(value) / float(extent) * (PLOT_WIDTH - 4)
            tip = f"{label}: {name + ' ' if name else ''}{value}"
            parts.append(f'<rect x="{x:.1f}" y="{y + 5}" width="{length:.1f}" '
                         f'height="{ROW_HEIGHT - 10}" fill="{colour}">'
                         f'<title>{escape(tip)}</title></rect>')
            x += length
        shown = " / ".join(str(v) for v in values)
        parts.append(f'<text x="{LABEL_WIDTH + PLOT_WIDTH + 6}" y="{middle:.1f}" '
                     f'fill="{TEXT}">{escape(shown)}</text>')
    axis_bottom = top + ROW_HEIGHT * max(len(bars), 1)
    parts.append(f'<line x1="{LABEL_WIDTH}" y1="{top}" x2="{LABEL_WIDTH}" y2="{axis_bottom}" '
                 f'stroke="{AXIS}" stroke-width="1"/>')
    parts.append(f'<text x="{LABEL_WIDTH}" y="{axis_bottom + 16}" text-anchor="middle" '
                 f'fill="{AXIS}">0</text>')
    parts.append(f'<text x="{LABEL_WIDTH + PLOT_WIDTH - 4}" y="{axis_bottom + 16}" '
                 f'text-anchor="end" fill="{AXIS}">{extent}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every text piece above is escaped)
