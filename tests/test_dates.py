"""parse_date: archivists' dates read as spans of days."""
from __future__ import annotations

import datetime as dt

import pytest

from corpus_tools.documents import PRECISIONS, DateSpan, parse_date
from corpus_tools.errors import DateParseError

D = dt.date

#: (input, start, end, precision) — every form an archivist writes.
DATES = [
    ("1930", D(1930, 1, 1), D(1930, 12, 31), "year"),
    ("1930 г.", D(1930, 1, 1), D(1930, 12, 31), "year"),
    ("1930 год", D(1930, 1, 1), D(1930, 12, 31), "year"),
    ("1930г.", D(1930, 1, 1), D(1930, 12, 31), "year"),
    ("[1930]", D(1930, 1, 1), D(1930, 12, 31), "year"),
    ("  1930  ", D(1930, 1, 1), D(1930, 12, 31), "year"),
    ("1930-03", D(1930, 3, 1), D(1930, 3, 31), "month"),
    ("03.1930", D(1930, 3, 1), D(1930, 3, 31), "month"),
    ("март 1930", D(1930, 3, 1), D(1930, 3, 31), "month"),
    ("марта 1930 г.", D(1930, 3, 1), D(1930, 3, 31), "month"),
    ("Февраль 1932", D(1932, 2, 1), D(1932, 2, 29), "month"),
    ("окт. 1930", D(1930, 10, 1), D(1930, 10, 31), "month"),
    ("III.1930", D(1930, 3, 1), D(1930, 3, 31), "month"),
    ("1930-03-15", D(1930, 3, 15), D(1930, 3, 15), "day"),
    ("15.03.1930", D(1930, 3, 15), D(1930, 3, 15), "day"),
    ("5.3.1930", D(1930, 3, 5), D(1930, 3, 5), "day"),
    ("15 марта 1930 г.", D(1930, 3, 15), D(1930, 3, 15), "day"),
    ("15 марта 1930 года", D(1930, 3, 15), D(1930, 3, 15), "day"),
    ("15.III.1930", D(1930, 3, 15), D(1930, 3, 15), "day"),
    ("29.02.1932", D(1932, 2, 29), D(1932, 2, 29), "day"),
    ("3 ақпан 1931 ж.", D(1931, 2, 3), D(1931, 2, 3), "day"),
    ("1929-1931", D(1929, 1, 1), D(1931, 12, 31), "range"),
    ("1929–1931", D(1929, 1, 1), D(1931, 12, 31), "range"),
    ("1929—1931 гг.", D(1929, 1, 1), D(1931, 12, 31), "range"),
    ("1929 - 1931", D(1929, 1, 1), D(1931, 12, 31), "range"),
    ("15.03.1930-20.04.1930", D(1930, 3, 15), D(1930, 4, 20), "range"),
    ("1936/1939", D(1936, 1, 1), D(1939, 12, 31), "range"),
    ("не ранее 1929, не позднее 1933", D(1929, 1, 1), D(1933, 12, 31), "range"),
    ("1920-30-е гг.", D(1920, 1, 1), D(1939, 12, 31), "range"),
    ("1930-е", D(1930, 1, 1), D(1939, 12, 31), "decade"),
    ("1930-е гг.", D(1930, 1, 1), D(1939, 12, 31), "decade"),
    ("30-е годы", D(1930, 1, 1), D(1939, 12, 31), "decade"),
    ("1930-х гг.", D(1930, 1, 1), D(1939, 12, 31), "decade"),
    ("не ранее 1929", D(1929, 1, 1), None, "not_before"),
    ("не ранее 15.03.1930", D(1930, 3, 15), None, "not_before"),
    ("не позднее 1933", None, D(1933, 12, 31), "not_after"),
    ("не позднее марта 1933 г.", None, D(1933, 3, 31), "not_after"),
    ("около 1930", D(1929, 1, 1), D(1931, 12, 31), "circa"),
    ("ок. 1930", D(1929, 1, 1), D(1931, 12, 31), "circa"),
    ("ca. 1930", D(1929, 1, 1), D(1931, 12, 31), "circa"),
    ("c. 1930", D(1929, 1, 1), D(1931, 12, 31), "circa"),
    ("[1930?]", D(1929, 1, 1), D(1931, 12, 31), "circa"),
    ("1930?", D(1929, 1, 1), D(1931, 12, 31), "circa"),
    ("[ок. 1930 г.]", D(1929, 1, 1), D(1931, 12, 31), "circa"),
    ("около марта 1930", D(1930, 2, 1), D(1930, 4, 30), "circa"),
]

#: (input, words the message must contain) — unreadable input.
UNREADABLE = [
    ("весной", ["cannot read", "'весной'", "write it like"]),
    ("19З0", ["cannot read", "'З'", "digit"]),
    ("15.03", ["cannot read"]),
    ("1930 или 1931", ["cannot read"]),
]

#: (input, words the message must contain) — impossible dates.
IMPOSSIBLE = [
    ("31.02.1930", ["impossible", "28 days"]),
    ("30 февраля 1930 г.", ["impossible", "28 days"]),
    ("1930-13", ["impossible", "month 13"]),
    ("1930-02-30", ["impossible"]),
    ("1931-1929", ["impossible", "ends before it starts"]),
    ("999", ["impossible", "outside 1000-2100"]),
    ("2101", ["impossible", "outside 1000-2100"]),
    ("1935-е", ["impossible", "decade"]),
]


def test_table_has_no_duplicates():
    inputs = [row[0] for row in DATES] + [row[0] for row in UNREADABLE] + [row[0] for row in IMPOSSIBLE]
    assert len(inputs) == len(set(inputs))


@pytest.mark.parametrize(("text", "start", "end", "precision"), DATES, ids=[row[0] for row in DATES])
def test_parse_date(text, start, end, precision):
    span = parse_date(text)
    assert (span.start, span.end, span.precision) == (start, end, precision)
    assert span.text == text
    assert span.precision in PRECISIONS


@pytest.mark.parametrize("text", ["", "   ", "б. д.", "без даты"])
def test_no_date_is_unknown(text):
    span = parse_date(text)
    assert span == DateSpan(precision="unknown", text=text)
    assert not span.known and span.year is None


@pytest.mark.parametrize(("text", "words"), UNREADABLE + IMPOSSIBLE, ids=[r[0] for r in UNREADABLE + IMPOSSIBLE])
def test_bad_dates_raise_with_reason(text, words):
    with pytest.raises(DateParseError) as info:
        parse_date(text)
    message = str(info.value)
    for word in words:
        assert word in message
    if text in dict(UNREADABLE):
        assert "write it like 1930" in message
    assert "\n" not in message


def test_date_parse_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_date("весной")


def test_reference_year_is_the_midpoint_or_the_known_end():
    assert parse_date("1929-1931").year == 1930
    assert parse_date("не ранее 1929").year == 1929
    assert parse_date("не позднее 1933").year == 1933
    assert parse_date("около 1930").year == 1930


def test_parse_date_rejects_non_strings():
    with pytest.raises(TypeError, match="expects a string"):
        parse_date(1930)  # type: ignore[arg-type]


def test_dates_module_imports_first():
    # documents re-exports parse_date lazily: importing either module first must work (fresh interpreters,
    # so this test's imports do not replace the classes other tests hold)
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).parents[1]
    for first, second in (("dates", "documents"), ("documents", "dates")):
        code = (f"import corpus_tools.{first} as a, corpus_tools.{second} as b; "
                "from corpus_tools.documents import parse_date; "
                "assert parse_date is __import__('corpus_tools.dates').dates.parse_date")
        subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


@pytest.mark.parametrize(("text", "start", "end", "precision"), [
    ("1929-31", "1929-01-01", "1931-12-31", "range"),
    ("1929–31 гг.", "1929-01-01", "1931-12-31", "range"),
    ("3/1930", "1930-03-01", "1930-03-31", "month"),
    ("15/03/1930", "1930-03-15", "1930-03-15", "day"),
])
def test_short_ranges_and_slash_dates(text, start, end, precision):
    span = parse_date(text)
    assert (span.start.isoformat(), span.end.isoformat(), span.precision) == (start, end, precision)


@pytest.mark.parametrize("text", ["не ранее 1930?", "до 1930?", "около не ранее 1930"])
def test_approximate_open_dates_are_a_clear_error(text):
    with pytest.raises(DateParseError, match="cannot also be approximate"):
        parse_date(text)
