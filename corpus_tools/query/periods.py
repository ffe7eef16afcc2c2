"""Grouping of documents into periods: ``year``, ``decade``, explicit periods, or a metadata field."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import PeriodError

_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:[-–—]\s*(\d{4}))?\s*$")


@dataclass(frozen=True)
class Period:
    label: str
    start: int
    end: int


def parse_periods(spec: str) -> list[Period]:
    """Read ``1925-1928,1929-1930,1931-1933`` (single years allowed); periods must not overlap."""
    periods = []
    for part in spec.split(","):
        m = _PERIOD.match(part)
        if not m:
            raise PeriodError(
                f"cannot read period {part.strip()!r} in {spec!r}; write periods like 1925-1928,1929-1933"
            )
        start = int(m.group(1))
        end = int(m.group(2) or start)
        if end < start:
            raise PeriodError(f"period {part.strip()!r} ends before it starts")
        label = f"{start}-{end}" if end != start else str(start)
        periods.append(Period(label, start, end))
    ordered = sorted(periods, key=lambda p: p.start)
    for a, b in zip(ordered, ordered[1:]):
        if b.start <= a.end:
            raise PeriodError(f"periods {a.label} and {b.label} overlap; a document may belong to one period only")
    return periods


def is_period_spec(by: str) -> bool:
    return all(_PERIOD.match(p) for p in by.split(","))


def decade_label(year: int) -> str:
    d = year // 10 * 10
    return f"{d}-{d + 9}"


def period_label(year, periods: list[Period]) -> str | None:
    """The label of the period holding ``year`` (``None`` for a missing year or one outside every period)."""
    if year is None or year != year:  # None or NaN
        return None
    for p in periods:
        if p.start <= year <= p.end:
            return p.label
    return None
