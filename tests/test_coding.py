"""Euphemism coding: CSV export/import round trip, validation messages, Wilson intervals, coded shares."""
from __future__ import annotations

import pandas as pd
import pytest

from corpus_tools.terms.coding import (CODING_COLUMNS, CodingError, coded_shares, export_for_coding,
                                       import_coded, wilson_interval)

#: (k, n, low, high): 95 % Wilson intervals, values as in standard tables (e.g. Brown, Cai & DasGupta 2001;
#: statsmodels ``proportion_confint(method="wilson")``).
WILSON = [
    (3, 10, 0.10779127, 0.60322185),
    (0, 20, 0.0, 0.16112516),
    (48, 50, 0.86539909, 0.98896112),
    (10, 10, 0.72246720, 1.0),
]


@pytest.mark.parametrize("k, n, low, high", WILSON)
def test_wilson_interval_known_values(k, n, low, high):
    lo, hi = wilson_interval(k, n)
    assert lo == pytest.approx(low, abs=1e-6)
    assert hi == pytest.approx(high, abs=1e-6)


def test_wilson_interval_empty_and_invalid():
    assert all(v != v for v in wilson_interval(0, 0))
    with pytest.raises(ValueError):
        wilson_interval(5, 3)


def test_export_import_round_trip(demo_corpus, tmp_path):
    path = tmp_path / "code.csv"
    out = export_for_coding(demo_corpus, "term:otkochevka", path, periods="1912-1928,1929-1933", sample=10, seed=1)
    assert len(out) == 20
    assert list(pd.read_csv(path).columns) == CODING_COLUMNS[:4] + ["period"] + CODING_COLUMNS[4:]
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert (df["code"] == "").all()
    assert (df["match"].str.len() > 0).all()   # Russian and Kazakh patterns of the concept
    # code the lines: seasonal before 1929, flight from 1929; leave one uncoded
    df["code"] = ["seasonal" if int(y) < 1929 else "flight" for y in df["year"]]
    df.loc[0, "code"] = ""
    df.to_csv(path, index=False)
    coded = import_coded(path)
    assert len(coded) == 19 and coded.attrs["uncoded"] == 1
    shares = coded_shares(coded, by="1912-1928,1929-1933")
    flight = shares[(shares["code"] == "flight")].set_index("period")
    assert flight.loc["1929-1933", "share"] == 1.0 and flight.loc["1912-1928", "share"] == 0.0
    assert flight.loc["1929-1933", "ci_low"] == pytest.approx(wilson_interval(10, 10)[0])


def test_export_is_reproducible_with_seed(demo_corpus, tmp_path):
    a = export_for_coding(demo_corpus, "откоч*", tmp_path / "a.csv", sample=5, seed=3)
    b = export_for_coding(demo_corpus, "откоч*", tmp_path / "b.csv", sample=5, seed=3)
    assert a.equals(b) and len(a) == 5


BAD_FILES = [
    ("doc_id,year,start,end,match\nd,1930,1,2,x\n", "column 'code' is missing"),
    ("doc_id,year,start,end,match,code\nd,1930,1,2,x,a\nd,19З0,1,2,x,b\n", "row 3, column 'year'"),
    ("doc_id,year,start,end,match,code\nd,1930,one,2,x,a\n", "row 2, column 'start'"),
]


@pytest.mark.parametrize("text, message", BAD_FILES)
def test_import_errors_name_row_and_column(tmp_path, text, message):
    p = tmp_path / "bad.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(CodingError, match=message):
        import_coded(p)


def test_coded_shares_by_year_counts_every_code():
    coded = pd.DataFrame({"year": pd.array([1930, 1930, 1930, 1931], dtype="Int64"),
                          "code": ["a", "a", "b", "b"]})
    s = coded_shares(coded, by="year")
    assert len(s) == 4
    row = s[(s["period"] == "1930") & (s["code"] == "a")].iloc[0]
    assert (row["n"], row["total"]) == (2, 3)
    assert row["share"] == pytest.approx(2 / 3)
    with pytest.raises(CodingError, match="by must be"):
        coded_shares(coded, by="month")
