"""Archival dates (``15.III.1930``, ``1929—1931 гг.``, ``не ранее 1929``, ``[1930?]``) read as :class:`DateSpan`.

:func:`parse_date` is table-driven: the cleaned text is matched against :data:`DATE_FORMS`, a list of
``(regex, builder)`` pairs tried in order; the first regex that matches the whole text wins. Composite forms
(ranges, ``не ранее``, ``около``) hand their parts to the same table of single dates, :data:`SINGLE_FORMS`.

Conventions (see ``docs/dates.md``):

* a year, month or day covers all its days: ``1930`` → 1930-01-01..1930-12-31;
* a decade (``1930-е``, ``30-е годы``) → 1930-01-01..1939-12-31; two-digit decades are 19xx;
* ``около``/``ок.``/``ca.``/``c.``/``[1930?]``/``1930~`` widen the date by one unit of its precision on each
  side (a year by one year, so ``около 1930`` → 1929-01-01..1931-12-31; a month by one month; a day by one day;
  ranges and decades by one year);
* ``не ранее X`` → start of X, open end; ``не позднее X`` → open start, end of X;
* square brackets (an archivist's attribution, ``[1930]``) and a trailing ``г.``/``гг.``/``год``/``ж.`` are
  dropped; the span keeps the text exactly as written.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

from corpus_tools.documents import DateSpan
from corpus_tools.errors import DateParseError

__all__ = ["parse_date", "ACCEPTED_FORMS", "MIN_YEAR", "MAX_YEAR", "DATE_FORMS", "SINGLE_FORMS"]

#: Years outside this range are taken for typing mistakes.
MIN_YEAR, MAX_YEAR = 1000, 2100

#: Shown in every error message.
ACCEPTED_FORMS = (
    "1930, 1930 г., [1930], 1930-03, 03.1930, март 1930, 1930-03-15, 15.03.1930, 15 марта 1930 г., "
    "15.III.1930, 1929-1931, 1930-е гг., 30-е годы, не ранее 1929, не позднее 1933, около 1930, [1930?]"
)

_MONTH_STEMS: tuple[tuple[int, tuple[str, ...]], ...] = (
    # Russian (nominative, genitive, abbreviations), then Kazakh.
    (1, ("январь", "января", "янв", "қаңтар", "қаңтардың")),
    (2, ("февраль", "февраля", "февр", "фев", "ақпан", "ақпанның")),
    (3, ("март", "марта", "мар", "наурыз", "наурыздың")),
    (4, ("апрель", "апреля", "апр", "сәуір", "сәуірдің")),
    (5, ("май", "мая", "мамыр", "мамырдың")),
    (6, ("июнь", "июня", "июн", "маусым", "маусымның")),
    (7, ("июль", "июля", "июл", "шілде", "шілденің")),
    (8, ("август", "августа", "авг", "тамыз", "тамыздың")),
    (9, ("сентябрь", "сентября", "сент", "сен", "қыркүйек", "қыркүйектің")),
    (10, ("октябрь", "октября", "окт", "қазан", "қазанның")),
    (11, ("ноябрь", "ноября", "нояб", "ноя", "қараша", "қарашаның")),
    (12, ("декабрь", "декабря", "дек", "желтоқсан", "желтоқсанның")),
)
MONTH_NAMES: dict[str, int] = {name: num for num, names in _MONTH_STEMS for name in names}
ROMAN_MONTHS: dict[str, int] = {
    r: i for i, r in enumerate("i ii iii iv v vi vii viii ix x xi xii".split(), start=1)
}

_MONTH_RE = "|".join(sorted(map(re.escape, MONTH_NAMES), key=len, reverse=True))
_ROMAN_RE = "|".join(sorted(ROMAN_MONTHS, key=len, reverse=True))
_Y = r"(?P<y>\d{3,4})"  # three digits so that "999" is reported as out of range


class _Span(NamedTuple):
    start: dt.date | None
    end: dt.date | None
    precision: str


# --------------------------------------------------------------------------- building blocks


def _check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateParseError(f"year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
    return year


def _check_month(month: int) -> int:
    if not 1 <= month <= 12:
        raise DateParseError(f"there is no month {month} (months are 1-12)")
    return month


def _year(y: int) -> _Span:
    _check_year(y)
    return _Span(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def _month(y: int, m: int) -> _Span:
    _check_year(y)
    _check_month(m)
    return _Span(dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]), "month")


def _day(y: int, m: int, d: int) -> _Span:
    _check_year(y)
    _check_month(m)
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        raise DateParseError(f"there is no day {d} in {y}-{m:02d} (that month has {last} days)")
    day = dt.date(y, m, d)
    return _Span(day, day, "day")


def _month_name(name: str) -> int:
    return MONTH_NAMES[name.rstrip(".")]


#: Single dates: (regex matching the whole cleaned text, builder from the match to a span).
SINGLE_FORMS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], _Span]]] = [
    (re.compile(_Y), lambda m: _year(int(m["y"]))),
    (re.compile(_Y + r"-(?P<m>\d{1,2})"), lambda m: _month(int(m["y"]), int(m["m"]))),
    (re.compile(r"(?P<m>\d{1,2})[./]" + _Y), lambda m: _month(int(m["y"]), int(m["m"]))),
    (re.compile(rf"(?P<m>{_ROMAN_RE})\.\s*" + _Y), lambda m: _month(int(m["y"]), ROMAN_MONTHS[m["m"]])),
    (re.compile(rf"(?P<m>{_MONTH_RE})\.?\s*" + _Y), lambda m: _month(int(m["y"]), _month_name(m["m"]))),
    (re.compile(_Y + r"-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
     lambda m: _day(int(m["y"]), int(m["m"]), int(m["d"]))),
    (re.compile(r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./]" + _Y),
     lambda m: _day(int(m["y"]), int(m["m"]), int(m["d"]))),
    (re.compile(rf"(?P<d>\d{{1,2}})\.\s*(?P<m>{_ROMAN_RE})\.\s*" + _Y),
     lambda m: _day(int(m["y"]), ROMAN_MONTHS[m["m"]], int(m["d"]))),
    (re.compile(rf"(?P<d>\d{{1,2}})\s*(?P<m>{_MONTH_RE})\.?\s*" + _Y),
     lambda m: _day(int(m["y"]), _month_name(m["m"]), int(m["d"]))),
]


def _single(text: str) -> _Span | None:
    text = _strip_suffix(text.strip())
    for pattern, build in SINGLE_FORMS:
        match = pattern.fullmatch(text)
        if match:
            return build(match)
    return None


def _need(text: str) -> _Span:
    span = _single(text)
    if span is None:
        raise _NotUnderstood(text)
    return span


class _NotUnderstood(Exception):
    """A part of a composite date is not a date; reported by :func:`parse_date` with the accepted forms."""


def _decade(first_year: int) -> _Span:
    _check_year(first_year)
    return _Span(dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31), "decade")


def _decade_year(digits: str) -> int:
    year = int(digits) if len(digits) == 4 else 1900 + int(digits)
    if year % 10:
        raise DateParseError(f"{digits} is not the first year of a decade (write 1930-е, 30-е)")
    return year


def _range(a: _Span, b: _Span, text: str) -> _Span:
    assert a.start is not None and b.end is not None
    if b.end < a.start:
        raise DateParseError(f"the range {text!r} ends before it starts (write the earlier date first)")
    return _Span(a.start, b.end, "range")


def _shift_months(day: dt.date, months: int, *, to_end: bool) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, calendar.monthrange(year, month)[1] if to_end else 1)


def _year_or_short_range(year: str, end: str, text: str) -> _Span:
    """``1930-03`` → March 1930; ``1929-31`` → 1929–1931 (archivists' short range; the end above 12)."""
    if int(end) <= 12:
        return _need(f"{year}-{end}")
    full = int(year) // 100 * 100 + int(end)
    if full <= int(year):
        raise DateParseError(f"there is no month {int(end)} (and {text!r} is not a range like 1929-31)")
    return _range(_year(int(year)), _year(full), text)


def _circa(span: _Span) -> _Span:
    if span.start is None or span.end is None:
        raise DateParseError("an open date (не ранее / не позднее) cannot also be approximate; "
                             "write около 1930 or не ранее 1930")
    if span.precision == "day":
        one = dt.timedelta(days=1)
        return _Span(span.start - one, span.end + one, "circa")
    if span.precision == "month":
        return _Span(_shift_months(span.start, -1, to_end=False), _shift_months(span.end, 1, to_end=True),
                     "circa")
    start_year, end_year = _check_year(span.start.year - 1), _check_year(span.end.year + 1)
    return _Span(dt.date(start_year, 1, 1), dt.date(end_year, 12, 31), "circa")


_DASH = r"\s*-\s*"
_CIRCA = r"(?:около|ок\.?|приблизительно|прибл\.?|примерно|circa|ca\.?|c\.)"

#: Every accepted form, tried in order; the first whose regex matches the whole cleaned text wins.
DATE_FORMS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], _Span]]] = [
    # single dates: 1930, 03.1930, 15 марта 1930, 15.III.1930 ...
    (re.compile(r"(?P<a>[^-/?~]+|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{4}|\d{1,2}/\d{1,2}/\d{4})"),
     lambda m: _need(m["a"])),
    # 1930-03 is a month; 1929-31 (a two-digit end above 12) is the range 1929-1931
    (re.compile(r"(?P<y>\d{4})\s*-\s*(?P<b>\d{1,2})"), lambda m: _year_or_short_range(m["y"], m["b"], m[0])),
    # decades: 1930-е, 1930-х, 30-е годы
    (re.compile(r"(?P<y>\d{4}|\d{2})\s*-?\s*(?:е|х|ые|ых)"), lambda m: _decade(_decade_year(m["y"]))),
    # two decades: 1920-30-е
    (re.compile(r"(?P<a>\d{4}|\d{2})\s*-\s*(?P<b>\d{4}|\d{2})\s*-?\s*(?:е|х|ые|ых)"),
     lambda m: _range(_decade(_decade_year(m["a"])), _decade(_decade_year(m["b"])), m[0])),
    # не ранее X не позднее Y (either order of words kept simple: the usual one)
    (re.compile(r"не\s+ранее\s+(?P<a>.+?)\s*,?\s*(?:и\s+)?не\s+позднее\s+(?P<b>.+)"),
     lambda m: _range(_need(m["a"]), _need(m["b"]), m[0])),
    (re.compile(r"(?:не\s+ранее|после)\s+(?P<a>.+)"), lambda m: _Span(_need(m["a"]).start, None, "not_before")),
    (re.compile(r"(?:не\s+позднее|не\s+позже|до)\s+(?P<a>.+)"),
     lambda m: _Span(None, _need(m["a"]).end, "not_after")),
    (re.compile(_CIRCA + r"\s*(?P<a>.+)"), lambda m: _circa(_parse_core(m["a"]))),
    (re.compile(r"(?P<a>.+?)\s*[?~]"), lambda m: _circa(_parse_core(m["a"]))),
    # ranges: 1929-1931, 15.03.1930-20.04.1930, ISO/EDTF intervals 1930-03-15/1930-04-01
    (re.compile(r"(?P<a>[^-/]+?)" + _DASH + r"(?P<b>[^-/]+)"), lambda m: _range(_need(m["a"]), _need(m["b"]), m[0])),
    (re.compile(r"(?P<a>[^/]+?)\s*/\s*(?P<b>[^/]+)"), lambda m: _range(_need(m["a"]), _need(m["b"]), m[0])),
]

#: Texts that say "no date" in the archive's own words; read as an unknown date, not an error.
NO_DATE = re.compile(r"(?:б\.\s*д\.?|без\s+даты|н\.\s*д\.?|s\.\s*d\.?|n\.\s*d\.?|\?|-|—|–)")

_SUFFIX = re.compile(r"\s*(?:гг?\.?|годы|годов|годах|года|год|жж?\.?|жылы|жылдары|жылдар)\s*$")
_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "‑": "-", "\u00a0": " "})
# Letters typed (or OCR-read) where a digit belongs: '19З0' with Cyrillic Зе, 'l93O' with Latin l and O.
_DIGIT_LOOKALIKES = re.compile(r"(?<=\d)[зЗоОoOlI]|[зЗоОoOlI](?=\d)")


def _strip_suffix(text: str) -> str:
    return _SUFFIX.sub("", text)


def _clean(text: str) -> str:
    text = text.translate(_DASHES).strip().lower()
    while len(text) >= 2 and text[0] in "[(" and text[-1] in "])":
        text = text[1:-1].strip()
    text = _strip_suffix(text).strip(" ,;")
    return re.sub(r"\s+", " ", text)


def _parse_core(text: str) -> _Span:
    text = _clean(text)
    for pattern, build in DATE_FORMS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return build(match)
            except _NotUnderstood:
                continue
    raise _NotUnderstood(text)


def parse_date(text: str) -> DateSpan:
    """Read an archivist's date into a span of days.

    Parameters
    ----------
    text : str
        The date as written: ``1930``, ``марта 1930 г.``, ``15.III.1930``, ``1929—1931 гг.``, ``1930-е гг.``,
        ``не ранее 1929``, ``около 1930``, ``[1930?]`` (see :data:`ACCEPTED_FORMS`).

    Returns
    -------
    DateSpan
        ``start``/``end`` (inclusive; ``None`` for an open side), ``precision`` (one of ``PRECISIONS``) and
        ``text`` exactly as given. An empty text, or an explicit "no date" (``б. д.``, ``без даты``), gives an
        unknown span.

    Raises
    ------
    DateParseError
        The text is not a date in any accepted form, or names an impossible date (``31.02.1930``, ``1930-13``,
        a range that ends before it starts, a year outside 1000-2100). The message says which and lists the
        accepted forms.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_date expects a string, got {type(text).__name__}: {text!r}")
    cleaned = _clean(text)
    if not cleaned or NO_DATE.fullmatch(cleaned):
        return DateSpan(precision="unknown", text=text)
    try:
        span = _parse_core(text)
    except _NotUnderstood:
        hint = ""
        lookalike = _DIGIT_LOOKALIKES.search(text)
        if lookalike:
            hint = f" (the letter {lookalike[0]!r} stands where a digit is expected)"
        raise DateParseError(
            f"cannot read the date {text!r}{hint}; write it like 1930, 15.03.1930, 1929-1931, 1930-е or "
            "около 1930 (all forms: docs/dates.md)"
        ) from None
    except DateParseError as exc:
        raise DateParseError(f"impossible date {text!r}: {exc}") from None
    return DateSpan(start=span.start, end=span.end, precision=span.precision, text=text)
