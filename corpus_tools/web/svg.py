"""A small server-rendered SVG line chart with confidence bands (no JavaScript, no chart library).

Every label is XML-escaped; each point carries a ``<title>`` tooltip with its numbers.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["COLOURS", "Series", "line_chart", "nice_ticks"]

#: Line colours, in order (Okabe & Ito's colour-blind-safe palette).
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")


@dataclass
class Series:
    """One line: ``y`` per x position (NaN = no value), its band ``low``/``high``, and tooltip lines."""

    label: str
    y: Sequence[float]
    low: Sequence[float]
    high: Sequence[float]
    tips: Sequence[str] = ()


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values covering ``[lo, hi]`` (steps of 1, 2 or 5 × 10^k)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        hi = lo + 1 if math.isfinite(lo) else 1.0
        lo = lo if math.isfinite(lo) else 0.0
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    v = start
    while v <= hi + step * 1e-9:
        ticks.append(round(v, 10))
        v += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _fmt(v: float) -> str:
    if abs(v) >= 1000:
        return f"{v:,.0f}".replace(",", "\u2009")
    return f"{v:g}"


def _finite(v) -> bool:
    try:
        return v is not None and math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def line_chart(x_labels: Sequence[str], series: Sequence[Series], *, y_label: str = "", title: str = "",
               width: int = 860, height: int = 360) -> str:
    """An SVG chart: x positions evenly spaced and labelled by ``x_labels``; one line and band per series.

    Gaps (NaN) break the line and the band. Returns the ``<svg>`` element as a string.
    """
    left, right, top, bottom = 72, 16, 34 if title else 14, 64
    pw, ph = width - left - right, height - top - bottom
    n = len(x_labels)
    values = [float(v) for s in series for v in (*s.y, *s.low, *s.high) if _finite(v)]
    lo = 0.0
    hi = max(values) if values else 1.0
    ticks = nice_ticks(lo, hi if hi > lo else lo + 1)
    y_max = ticks[-1]

    def X(i: int) -> float:
        return left + (pw * (i + 0.5) / n if n else 0)

    def Y(v: float) -> float:
        return top + ph - ph * (float(v) - lo) / (y_max - lo)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-label="{escape(title or y_label)}">']
    if title:
        out.append(f'<text x="{left}" y="20" class="chart-title">{escape(title)}</text>')
    for t in ticks:
        y = Y(t)
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{escape(_fmt(t))}</text>')
    every = max(1, math.ceil(n / 24))  # at most about 24 x labels
    rotate = n > 8 or any(len(str(x)) > 6 for x in x_labels)
    for i, lab in enumerate(x_labels):
        if i % every:
            continue
        x, y = X(i), top + ph + 16
        tr = f' transform="rotate(-35 {x:.1f} {y:.1f})"' if rotate else ""
        anchor = "end" if rotate else "middle"
        out.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="tick"{tr}>{escape(str(lab))}</text>')
    out.append(f'<line x1="{left}" x2="{left + pw}" y1="{top + ph}" y2="{top + ph}" class="axis"/>')
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + ph}" class="axis"/>')
    if y_label:
        out.append(f'<text transform="translate(16 {top + ph / 2:.0f}) rotate(-90)" text-anchor="middle" '
                   f'class="axis-label">{escape(y_label)}</text>')
    for k, s in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        out.append(f'<g class="series" data-label="{escape(s.label)}">')
        # Bands and lines are drawn per run of consecutive finite points.
        run: list[int] = []
        runs: list[list[int]] = []
        for i in range(n):
            if _finite(s.y[i]):
                run.append(i)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        for r in runs:
            band = [i for i in r if _finite(s.low[i]) and _finite(s.high[i])]
            if len(band) >= 2:
                pts = [f"{X(i):.1f},{Y(s.high[i]):.1f}" for i in band]
                pts += [f"{X(i):.1f},{Y(s.low[i]):.1f}" for i in reversed(band)]
                out.append(f'<polygon points="{" ".join(pts)}" fill="{colour}" class="band"/>')
            for i in band if len(band) == 1 else ():
                out.append(f'<line x1="{X(i):.1f}" x2="{X(i):.1f}" y1="{Y(s.low[i]):.1f}" '
                           f'y2="{Y(s.high[i]):.1f}" stroke="{colour}" class="whisker"/>')
            if len(r) >= 2:
                pts = " ".join(f"{X(i):.1f},{Y(s.y[i]):.1f}" for i in r)
                out.append(f'<polyline points="{pts}" stroke="{colour}" class="line"/>')
            for i in r:
                tip = s.tips[i] if i < len(s.tips) else f"{x_labels[i]}: {s.y[i]:g}"
                out.append(f'<circle cx="{X(i):.1f}" cy="{Y(s.y[i]):.1f}" r="3.5" fill="{colour}" class="point">'
                           f'<title>{escape(tip)}</title></circle>')
        out.append("</g>")
    # Legend, top right.
    lx = left + pw - 10
    for k, s in enumerate(series):
        y = top + 8 + 18 * k
        colour = COLOURS[k % len(COLOURS)]
        out.append(f'<text x="{lx - 18}" y="{y + 4}" text-anchor="end" class="legend">{escape(s.label)}</text>')
        out.append(f'<rect x="{lx - 12}" y="{y - 5}" width="12" height="10" fill="{colour}"/>')
    out.append("</svg>")
    return "\n".join(out)
