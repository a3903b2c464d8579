"""Charts as plain SVG strings, drawn on the server so the page and the PDF show the same chart.

Readable without colour: each series has its own fill pattern (solid, hatched, dotted),
every bar carries its value as text, and the legend repeats the pattern. The caller puts
the same numbers in a table beside the chart. Pure functions: no database, no request.
"""

import base64
import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from django.utils.html import escape
from django.utils.safestring import mark_safe

# (fill colour, pattern id suffix); the pattern, not the colour, tells the series apart.
STYLES = (("#7a1414", "solid"), ("#1f5f99", "hatch"), ("#5b6b2f", "dots"), ("#8a5a00", "cross"))
FONT = "font-family=\"'Be Vietnam Pro', 'DejaVu Sans', sans-serif\""
_ids = count(1)


@dataclass(frozen=True)
class Series:
    label: str
    values: list  # numbers or None (no data), one per category


def _number(value):
    if value is None:
        return "—"
    if isinstance(value, float | Decimal) and value != int(value):
        return f"{value:.1f}".replace(".", ",")
    return str(int(value))


def _defs(prefix):
    parts = ["<defs>"]
    for colour, kind in STYLES:
        pid = f"{prefix}-{kind}"
        if kind == "solid":
            parts.append(
                f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="6">'
                f'<rect width="6" height="6" fill="{colour}"/></pattern>'
            )
        elif kind == "hatch":
            parts.append(
                f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="6">'
                f'<rect width="6" height="6" fill="#ffffff"/>'
                f'<path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" stroke="{colour}" stroke-width="2"/></pattern>'
            )
        elif kind == "dots":
            parts.append(
                f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="5" height="5">'
                f'<rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="1.4" fill="{colour}"/></pattern>'
            )
        else:
            parts.append(
                f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="6">'
                f'<rect width="6" height="6" fill="#ffffff"/>'
                f'<path d="M0,3 L6,3 M3,0 L3,6" stroke="{colour}" stroke-width="1.2"/></pattern>'
            )
    parts.append("</defs>")
    return "".join(parts)


def _fill(prefix, index):
    colour, kind = STYLES[index % len(STYLES)]
    if kind == "solid":
        return f'fill="{colour}" stroke="{colour}" stroke-width="1"'
    return f'fill="url(#{prefix}-{kind})" stroke="{colour}" stroke-width="1"'


def _open(width, height, title, description, prefix):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{prefix}-title {prefix}-desc" class="summary-chart">'
        f'<title id="{prefix}-title">{escape(title)}</title><desc id="{prefix}-desc">{escape(description)}</desc>'
        + _defs(prefix)
    )


def bar_chart(categories, series, *, title, description="", maximum=100, unit="%", width=640, height=260):
    """Vertical grouped bars: one group per category, one bar per series, each labelled with its value."""
    prefix = f"chart{next(_ids)}"
    left, right, top, bottom = 40, 10, 44, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [_open(width, height, title, description, prefix)]
    parts.append(f'<g {FONT} font-size="11" fill="#222">')
    # Legend: the pattern swatch and the series name, in a row above the plot.
    x = left
    for index, item in enumerate(series):
        parts.append(f'<rect x="{x}" y="6" width="14" height="12" {_fill(prefix, index)}/>')
        parts.append(f'<text x="{x + 19}" y="16">{escape(item.label)}</text>')
        x += 30 + 7 * len(item.label)
    # Grid lines every 25 % of the maximum, labelled.
    for step in range(5):
        value = maximum * step / 4
        y = top + plot_h - plot_h * step / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc" stroke-width="0.6"/>'
        )
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="9">{_number(value)}</text>')
    groups = max(len(categories), 1)
    group_w = plot_w / groups
    bar_w = min(34, (group_w - 10) / max(len(series), 1))
    for position, category in enumerate(categories):
        group_x = left + group_w * position + (group_w - bar_w * len(series)) / 2
        for index, item in enumerate(series):
            value = item.values[position]
            bx = group_x + bar_w * index
            if value is None:
                parts.append(
                    f'<text x="{bx + bar_w / 2:.1f}" y="{top + plot_h - 4:.1f}" text-anchor="middle" font-size="10">—</text>'
                )
                continue
            h = plot_h * min(float(value), maximum) / maximum if maximum else 0
            y = top + plot_h - h
            parts.append(
                f'<rect x="{bx:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" {_fill(prefix, index)}/>'
            )
            parts.append(
                f'<text x="{bx + (bar_w - 2) / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-size="9.5" '
                f'font-weight="700">{_number(value)}{escape(unit)}</text>'
            )
        label_x = left + group_w * position + group_w / 2
        parts.append(
            f'<text x="{label_x:.1f}" y="{top + plot_h + 15:.1f}" text-anchor="middle" font-size="10">{escape(category)}</text>'
        )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#333" stroke-width="1"/>'
    )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text is escaped above


def horizontal_bars(items, *, title, description="", maximum=100, unit="%", width=640, label_width=190):
    """Horizontal bars, one per (label, value, text) item; `text` (or the value) is written beside the bar."""
    prefix = f"chart{next(_ids)}"
    row_h = 22
    top = 6
    height = top + row_h * max(len(items), 1) + 8
    plot_w = width - label_width - 115
    parts = [_open(width, height, title, description, prefix)]
    parts.append(f'<g {FONT} font-size="11" fill="#222">')
    for position, (label, value, text) in enumerate(items):
        y = top + row_h * position
        parts.append(f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end">{escape(_shorten(label, 30))}</text>')
        parts.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{plot_w}" height="{row_h - 8}" fill="none" stroke="#bbb" stroke-width="0.6"/>'
        )
        shown = text if text is not None else (f"{_number(value)}{unit}" if value is not None else "—")
        if value is not None:
            w = plot_w * min(max(float(value), 0), maximum) / maximum if maximum else 0
            parts.append(
                f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" {_fill(prefix, 0)}/>'
            )
        parts.append(f'<text x="{label_width + plot_w + 6}" y="{y + 14}" font-weight="700">{escape(shown)}</text>')
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text is escaped above


def is_svg(value):
    return isinstance(value, str) and value.startswith("<svg")


def as_image(svg):
    """The chart as an <img> with a data: URI: WeasyPrint then draws it without cascading CSS into every shape."""
    encoded = base64.b64encode(str(svg).encode("utf-8")).decode("ascii")
    label = re.search(r"<title[^>]*>(.*?)</title>", str(svg))
    alt = label.group(1) if label else ""
    return mark_safe(f'<img class="chart-image" alt="{alt}" src="data:image/svg+xml;base64,{encoded}">')  # noqa: S308 -- alt is escaped in the SVG already


def _shorten(text, length):
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"
