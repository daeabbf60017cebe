"""Small server-side SVG charts, inline in pages: no script, no style attribute (CSP)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from markupsafe import Markup, escape

LABEL_WIDTH, PLOT_WIDTH, VALUE_WIDTH = 200, 360, 60
ROW_HEIGHT, TOP, BOTTOM = 26, 8, 24
LABEL_CHARS = 30  # longer names are cut; the bar's tooltip and the table keep them whole
GENEROUS, HARSH, AXIS, TEXT = "#d97706", "#2563eb", "#6b7280", "#212529"


def signed(value: Decimal) -> str:
    """+1,25 / −3,5: the Vietnamese decimal comma, always a sign."""
    return f"{value:+.2f}".replace(".", ",").replace("-", "−")


def leniency_chart(bars: Sequence[tuple[str, Decimal | None]], *, title: str,
                   description: str, chart_id: str = "leniency-chart",
                   number: Callable[[Decimal], str] = signed) -> Markup:
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
