"""The HTML report's charts: inline SVG drawn here, no chart library, no network.

Bars that stand for groups of tickets (an assignee, a channel, a day) show
*rates*: the bar's length is the tickets the group handled, and the part
with active findings is coloured by the worst severity on each ticket, so a
busy agent with few problems no longer tops the chart. Every bar carries
``data-key``/``data-value`` and filters the findings table when clicked.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from svccheck.model import SEVERITY_NAMES


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(chart_id: str, width: int, height: int) -> str:
    return (f'<svg id="{esc(chart_id)}" viewBox="0 0 {width} {height}" role="img" '
            f'xmlns="http://www.w3.org/2000/svg" aria-label="{esc(chart_id)}">')


def hbar_chart(chart_id: str, items: Sequence[tuple[str, str, int, str]], key: str) -> str:
    """Horizontal bars ``(filter value, label, count, severity)``, coloured by severity."""
    width, label_w, bar_h, gap = 520, 190, 18, 6
    top = max((c for _, _, c, _ in items), default=0) or 1
    room = width - label_w - 48
    height = len(items) * (bar_h + gap) + gap
    parts = [_svg(chart_id, width, height)]
    for i, (value, label, count, severity) in enumerate(items):
        y = gap + i * (bar_h + gap)
        bar = max(2.0, room * count / top)
        parts.append(
            f'<g class="bar" data-key="{esc(key)}" data-value="{esc(value)}" tabindex="0" '
            f'role="button"><title>{esc(label)}: {count}</title>'
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{esc(short(label, 28))}'
            f'</text><rect class="{esc(severity)}" x="{label_w}" y="{y}" width="{bar:.1f}" '
            f'height="{bar_h}" rx="2"/>'
            f'<text x="{label_w + bar + 5:.1f}" y="{y + 13}">{count}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _segments(x: float, y: float, length: float, tickets: int, worst: dict[str, int],
              horizontal: bool, thick: float) -> list[str]:
    """A bar of ``length`` for ``tickets``: the flagged part by severity, then the rest."""
    parts: list[str] = []
    offset = 0.0
    for severity in SEVERITY_NAMES:
        n = worst.get(severity, 0)
        if not n or not tickets:
            continue
        size = length * n / tickets
        if horizontal:
            parts.append(f'<rect class="{severity}" x="{x + offset:.1f}" y="{y:.1f}" '
                         f'width="{size:.1f}" height="{thick:.1f}"/>')
        else:
            parts.append(f'<rect class="{severity}" x="{x:.1f}" y="{y - offset - size:.1f}" '
                         f'width="{thick:.1f}" height="{size:.1f}"/>')
        offset += size
    rest = length - offset
    if rest > 0.05:
        if horizontal:
            parts.append(f'<rect class="clean" x="{x + offset:.1f}" y="{y:.1f}" '
                         f'width="{rest:.1f}" height="{thick:.1f}"/>')
        else:
            parts.append(f'<rect class="clean" x="{x:.1f}" y="{y - length:.1f}" '
                         f'width="{thick:.1f}" height="{rest:.1f}"/>')
    return parts


def rate_chart(chart_id: str, rows: Sequence[Any], key: str, label: Callable[[Any], str],
               value: Callable[[Any], str], words: dict[str, str]) -> str:
    """Horizontal rate bars: length = tickets handled, coloured part = tickets flagged."""
    width, label_w, bar_h, gap = 520, 170, 18, 6
    top = max((r.tickets for r in rows), default=0) or 1
    room = width - label_w - 110
    height = len(rows) * (bar_h + gap) + gap
    parts = [_svg(chart_id, width, height)]
    for i, r in enumerate(rows):
        y = gap + i * (bar_h + gap)
        length = max(2.0, room * r.tickets / top)
        share = f"{r.share * 100:.0f}%"
        tip = words["rate_tip"].format(label=label(r), tickets=r.tickets, flagged=r.flagged,
                                       share=share)
        parts.append(
            f'<g class="bar" data-key="{esc(key)}" data-value="{esc(value(r))}" tabindex="0" '
            f'role="button" data-tickets="{r.tickets}" data-flagged="{r.flagged}">'
            f'<title>{esc(tip)}</title><text x="{label_w - 6}" y="{y + 13}" '
            f'text-anchor="end">{esc(short(label(r), 24))}</text>'
            + "".join(_segments(label_w, y, length, r.tickets, r.worst, True, bar_h))
            + f'<text x="{label_w + length + 5:.1f}" y="{y + 13}">'
            f'{esc(words["rate_label"].format(share=share, tickets=r.tickets))}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def day_chart(chart_id: str, rows: Sequence[Any], words: dict[str, str]) -> str:
    """One column per day from the first to the last: tickets created, flagged part coloured."""
    by_day = {r.value: r for r in rows if r.value is not None}
    days = sorted(by_day)
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    span = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    width, height, left, right, bottom, top_pad = 520, 190, 34, 14, 34, 10
    plot_w, plot_h = width - left - right, height - bottom - top_pad
    top = max(r.tickets for r in by_day.values()) or 1
    step = plot_w / len(span)
    base = top_pad + plot_h
    parts = [_svg(chart_id, width, height),
             f'<line class="axis" x1="{left}" y1="{base}" x2="{width - right}" y2="{base}"/>',
             f'<text x="{left - 4}" y="{top_pad + 8}" text-anchor="end">{top}</text>',
             f'<text x="{left - 4}" y="{base}" text-anchor="end">0</text>']
    for i, day in enumerate(span):
        r = by_day.get(day)
        if r is None or not r.tickets:
            continue
        h = max(2.0, plot_h * r.tickets / top)
        x = left + i * step + step * 0.1
        tip = words["rate_tip"].format(label=day, tickets=r.tickets, flagged=r.flagged,
                                       share=f"{r.share * 100:.0f}%")
        parts.append(
            f'<g class="bar" data-key="day" data-value="{day}" tabindex="0" role="button" '
            f'data-tickets="{r.tickets}" data-flagged="{r.flagged}"><title>{esc(tip)}</title>'
            + "".join(_segments(x, base, h, r.tickets, r.worst, False,
                                max(1.0, step * 0.8)))
            + "</g>")
    ticks = sorted({0, len(span) - 1, *range(0, len(span), max(1, len(span) // 5))})
    for i in ticks:
        if i not in (0, len(span) - 1) and len(span) - 1 - i < max(1, len(span) // 10):
            continue
        # the first and last labels are anchored inside the plot: never clipped
        anchor = "start" if i == 0 else "end" if i == len(span) - 1 else "middle"
        x = (left if anchor == "start" else width - right if anchor == "end"
             else left + i * step + step / 2)
        parts.append(f'<text class="tick" x="{x:.1f}" y="{height - 12}" '
                     f'text-anchor="{anchor}">{span[i][5:]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def line_chart(chart_id: str, points: Sequence[tuple[str, float | None]],
               shown: Sequence[str], axis: Callable[[float], str] = str,
               rate: bool = False) -> str:
    """A line over the runs: ``(run label, value)`` each, ``shown`` the values as text,
    ``axis`` formats the lowest and highest value on the vertical axis.

    A run without a value (the KPI had too few tickets) leaves a gap, not a zero.
    A rate's axis stays within 0-100% however flat the line (a flat 94.4% was
    padded to 144%).
    """
    width, height, left, right, bottom, top_pad = 420, 170, 52, 16, 30, 12
    plot_w, plot_h = width - left - right, height - bottom - top_pad
    values = [v for _, v in points if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high - low < 1e-9:
        pad = 0.05 if rate else max(0.5, abs(high) * 0.1)
        low, high = low - pad, high + pad
    if rate:
        low, high = max(0.0, low), min(1.0, high)
        if high - low < 1e-9:
            low, high = (0.0, 1.0)
    elif values and min(values) >= 0:
        low = max(0.0, low)
    step = plot_w / max(1, len(points) - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top_pad + plot_h * (1 - (v - low) / (high - low))

    parts = [_svg(chart_id, width, height),
             f'<line class="axis" x1="{left}" y1="{top_pad + plot_h}" x2="{width - right}" '
             f'y2="{top_pad + plot_h}"/>',
             f'<text x="{left - 4}" y="{top_pad + 8}" text-anchor="end">{esc(axis(high))}</text>',
             f'<text x="{left - 4}" y="{top_pad + plot_h}" text-anchor="end">'
             f"{esc(axis(low))}</text>"]
    segment: list[str] = []
    segments = [segment]
    for i, (_, value) in enumerate(points):
        if value is None:
            segment = []
            segments.append(segment)
            continue
        x, y = xy(i, value)
        segment.append(f"{x:.1f},{y:.1f}")
    parts.extend(f'<polyline class="line" points="{" ".join(seg)}"/>'
                 for seg in segments if len(seg) > 1)
    for i, ((label, value), text) in enumerate(zip(points, shown, strict=True)):
        if value is None:
            continue
        x, y = xy(i, value)
        parts.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3.5" '
                     f'data-value="{value:.6g}"><title>{esc(label)}: {esc(text)}</title></circle>')
    for i in sorted({0, len(points) - 1}):
        anchor = "start" if i == 0 else "end"
        x = left if i == 0 else width - right
        parts.append(f'<text x="{x:.1f}" y="{height - 10}" '
                     f'text-anchor="{anchor}">{esc(points[i][0])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def sparkline(chart_id: str, points: Sequence[tuple[str, float | None]],
              fmt: Callable[[float], str] = str, top: float | None = None) -> str:
    """A small line for a table cell; 0 sits on the baseline."""
    width, height, pad = 160, 28, 4
    top = top if top is not None else (max((v for _, v in points if v is not None),
                                           default=0) or 1)
    step = (width - 2 * pad) / max(1, len(points) - 1)
    coords = [(pad + i * step, height - pad - (height - 2 * pad) * v / top, label, v)
              for i, (label, v) in enumerate(points) if v is not None]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in coords)
    return (_svg(chart_id, width, height)
            + (f'<polyline class="line" points="{line}"/>' if len(coords) > 1 else "")
            + "".join(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="2.5" '
                      f'data-value="{v}"><title>{esc(label)}: {esc(fmt(v))}</title></circle>'
                      for x, y, label, v in coords)
            + "</svg>")


def chart_box(title: str, body: str, note: str = "") -> str:
    """A chart (or any body) in its titled box, with an optional note under it."""
    note_html = f'<p class="note">{esc(note)}</p>' if note else ""
    return f'<div class="chart"><h3>{esc(title)}</h3>{body}{note_html}</div>'
