"""KWIC and frequency on the tiny corpus: counts verifiable by eye (see conftest.TINY_DOCS)."""
import math

import pytest

from corpus_tools.errors import QueryError
from conftest import TINY_DOCS, TINY_WORDS


def test_kwic_matches_all_forms_of_the_lemma(tiny_corpus):
    k = tiny_corpus.kwic("откочевка")
    # откочевка (a1913), откочевка + Откочевка (b1930), откочёвку (c1931), Откочевка (d_undated)
    assert len(k) == 5
    assert set(k["doc_id"]) == set(TINY_DOCS)
    assert (k["lemma"] == "откочевка").all()


def test_kwic_offsets_point_into_original_text(tiny_corpus):
    k = tiny_corpus.kwic("откочевка")
    for row in k.itertuples():
        text = TINY_DOCS[row.doc_id][2]
        assert text[row.start:row.end] == row.match


def test_kwic_window_and_context(tiny_corpus):
    k = tiny_corpus.kwic("откочевка", window=2, years=(1913, 1913))
    assert list(k["left"]) == ["Весенняя"] or list(k["left"]) == ["Весенняя"]
    assert list(k["right"]) == ["аулов на"]


def test_kwic_year_filter_and_default_order(tiny_corpus):
    k = tiny_corpus.kwic("откочевка", years=(1929, 1933))
    assert list(k["doc_id"]) == ["b1930", "b1930", "c1931"]
    assert list(k["year"]) == [1930, 1930, 1931]


def test_kwic_where_filter_on_standard_and_extra_fields(tiny_corpus):
    assert set(tiny_corpus.kwic("откочевка", where=["doc_type=report"])["doc_id"]) == {"c1931", "d_undated"}
    assert set(tiny_corpus.kwic("откочевка", where={"source": "ДЕМО Ф.1 Д.b1930"})["doc_id"]) == {"b1930"}
    assert set(tiny_corpus.kwic("откочевка", where=["region~Тургай"])["doc_id"]) == {"a1913"}
    assert len(tiny_corpus.kwic("откочевка", where=["fond=5"])) == 5
    assert len(tiny_corpus.kwic("откочевка", where=["fond!=5"])) == 0
    with pytest.raises(QueryError, match="unknown document field 'nosuch'"):
        tiny_corpus.kwic("откочевка", where=["nosuch=1"])


def test_kwic_sort_and_limit(tiny_corpus):
    k = tiny_corpus.kwic("откочевка", sort="-date", limit=2)
    assert list(k["doc_id"]) == ["c1931", "b1930"]
    assert k.attrs["total"] == 5
    right = tiny_corpus.kwic("откочевка", sort="right")
    assert list(right["right"]) == sorted(right["right"], key=lambda s: s.lower())


def test_hyphenated_compound_is_one_token_and_queryable(tiny_corpus):
    k = tiny_corpus.kwic('[lemma="байско-кулацкий"] [lemma="агитация"]')
    assert list(k["match"]) == ["байско-кулацкой агитации"]


def test_cql_sequence_gap_and_within_sentence(tiny_corpus):
    # «агитации началась откочевка»: one token between
    assert len(tiny_corpus.kwic('[lemma="агитация"] [] [lemma="откочевка"]')) == 1
    # «откочевка в Китай. Откочевка»: a sentence boundary separates the two hits
    cross = '[lemma="откочевка"] []{0,3} [lemma="откочевка"]'
    assert len(tiny_corpus.kwic(cross)) == 1
    assert len(tiny_corpus.kwic(cross + " within s")) == 0


def test_exact_form_query(tiny_corpus):
    assert len(tiny_corpus.kwic('"откочевку"')) == 1
    assert len(tiny_corpus.kwic('"откочёвку"')) == 1


def test_freq_by_year_counts_and_per_million(tiny_corpus):
    f = tiny_corpus.freq(["откочевка"], by="year")
    f = f.set_index("period")
    assert list(f.index) == list(range(1913, 1932))  # gap years included
    assert f.loc[1913, "hits"] == 1 and f.loc[1913, "tokens"] == TINY_WORDS["a1913"]
    assert f.loc[1930, "hits"] == 2 and f.loc[1930, "docs"] == 1
    assert f.loc[1930, "per_million"] == pytest.approx(2 / 11 * 1e6)
    assert f.loc[1920, "tokens"] == 0 and math.isnan(f.loc[1920, "per_million"])
    assert f.loc[1931, "ci_low"] < f.loc[1931, "per_million"] < f.loc[1931, "ci_high"]
    assert f.attrs["undated_documents"] == 1


def test_freq_by_periods_decade_and_field(tiny_corpus):
    p = tiny_corpus.freq("откочевка", by="1910-1928,1929-1933").set_index("period")
    assert p.loc["1910-1928", "hits"] == 1 and p.loc["1929-1933", "hits"] == 3
    assert p.loc["1929-1933", "tokens"] == TINY_WORDS["b1930"] + TINY_WORDS["c1931"]
    d = tiny_corpus.freq("откочевка", by="decade").set_index("period")
    assert list(d.index) == ["1910-1919", "1920-1929", "1930-1939"]
    t = tiny_corpus.freq(["откочевка", "агитация"], by="doc_type")
    r = t[t["query"] == "откочевка"].set_index("period")
    assert r.loc["report", "hits"] == 2 and r.loc["report", "docs_total"] == 2


def test_freq_bad_periods(tiny_corpus):
    from corpus_tools.errors import PeriodError

    with pytest.raises(PeriodError, match="overlap"):
        tiny_corpus.freq("откочевка", by="1910-1930,1929-1933")
