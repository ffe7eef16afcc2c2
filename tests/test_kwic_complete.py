"""KWIC, complete: multi-level sort, reproducible sample, sentence context, show, HTML export — on the tiny
corpus (conftest.TINY_DOCS), where every expected line can be checked by eye."""
import io

import pandas as pd
import pytest

from corpus_tools.errors import CorpusNotFoundError, QueryError
from corpus_tools.query.kwic import parse_sort
from corpus_tools.query.show import show, write_document
from corpus_tools.report.html import document_html, kwic_html
from conftest import TINY_DOCS

#: The five hits of «откочевка» as (doc_id, start), and the tokens around them.
#:   a1913 9   Весенняя [откочевка] аулов            1L весенняя  1R аулов
#:   b1930 47  началась [откочевка] в Китай .        1L началась  1R в
#:   b1930 67  . [Откочевка] хозяйств                1L .         1R хозяйств
#:   c1931 51  за [откочёвку] .                      1L за        1R .
#:   d_undated 0 [Откочевка] аула                    1L (none)    1R аула
SORTED = {
    "1L": [("b1930", 67), ("a1913", 9), ("c1931", 51), ("b1930", 47), ("d_undated", 0)],
    "1R": [("c1931", 51), ("d_undated", 0), ("a1913", 9), ("b1930", 47), ("b1930", 67)],
    "-1R": [("b1930", 67), ("b1930", 47), ("a1913", 9), ("d_undated", 0), ("c1931", 51)],
    "region,-position": [("b1930", 67), ("c1931", 51), ("b1930", 47), ("d_undated", 0), ("a1913", 9)],
    "-region,doc": [("a1913", 9), ("b1930", 47), ("b1930", 67), ("c1931", 51), ("d_undated", 0)],
    "fond": [("a1913", 9), ("b1930", 47), ("b1930", 67), ("c1931", 51), ("d_undated", 0)],
    "-date": [("c1931", 51), ("b1930", 47), ("b1930", 67), ("a1913", 9), ("d_undated", 0)],
    # 2R: . (d), китай (b47), на (a), продолжается (b67), none (c: end of document, sorts last)
    "2R,doc": [("d_undated", 0), ("b1930", 47), ("a1913", 9), ("b1930", 67), ("c1931", 51)],
    "right": [("c1931", 51), ("d_undated", 0), ("a1913", 9), ("b1930", 47), ("b1930", 67)],
}


def _lines(df):
    return list(zip(df["doc_id"], df["start"]))


@pytest.mark.parametrize("sort, expected", list(SORTED.items()))
def test_multi_level_sort(tiny_corpus, sort, expected):
    assert _lines(tiny_corpus.kwic("откочевка", sort=sort)) == expected


def test_sort_with_limit_equals_head_of_full_sort(tiny_corpus):
    for sort in SORTED:
        full = tiny_corpus.kwic("откочевка", sort=sort)
        cut = tiny_corpus.kwic("откочевка", sort=sort, limit=2)
        assert _lines(cut) == _lines(full)[:2]
        assert cut.attrs["total"] == 5


def test_node_sort_uses_the_match_norms(tiny_corpus):
    k = tiny_corpus.kwic('[pos="NOUN"]{2}', sort="node")
    assert list(k["match"]) == ["Откочевка аула", "откочевка аулов", "Откочевка хозяйств"]
    assert list(tiny_corpus.kwic('[pos="NOUN"]{2}', sort="-node")["doc_id"]) == ["b1930", "a1913", "d_undated"]


@pytest.mark.parametrize("bad", ["4L", "nosuch", "-left2"])
def test_unknown_sort_key(tiny_corpus, bad):
    with pytest.raises(QueryError, match="unknown sort key"):
        tiny_corpus.kwic("откочевка", sort=bad)


def test_parse_sort_kinds():
    keys = parse_sort("-1l,node,fond,left,date", extra_fields=["fond"])
    assert [(k.name, k.desc, k.kind) for k in keys] == [
        ("1L", True, "position"), ("node", False, "node"), ("fond", False, "field"), ("left", False, "context"),
        ("date", False, "builtin")]


def test_sample_is_reproducible_and_independent_of_sort(tiny_corpus):
    a = tiny_corpus.kwic("откочевка", sample=3, seed=7)
    b = tiny_corpus.kwic("откочевка", sample=3, seed=7, sort="-1R")
    assert len(a) == 3 and a.attrs["total"] == 5 and a.attrs["seed"] == 7
    assert set(_lines(a)) == set(_lines(b))
    assert _lines(tiny_corpus.kwic("откочевка", sample=3, seed=7)) == _lines(a)
    # a smaller sample of the same seed is contained in a larger one
    assert set(_lines(tiny_corpus.kwic("откочевка", sample=2, seed=7))) <= set(_lines(a))
    # some seeds give different samples
    samples = {frozenset(_lines(tiny_corpus.kwic("откочевка", sample=2, seed=s))) for s in range(8)}
    assert len(samples) > 1
    assert len(tiny_corpus.kwic("откочевка", sample=50)) == 5
    assert len(tiny_corpus.kwic("откочевка", sample=3, limit=2)) == 2


def test_sentence_context(tiny_corpus):
    k = tiny_corpus.kwic("откочевка", context="sentence", years=(1930, 1930), window=1)
    assert list(k["left"]) == ["Под влиянием байско-кулацкой агитации началась", ""]
    assert list(k["right"]) == ["в Китай.", "хозяйств продолжается."]
    assert list(k["sent"]) == [0, 1] and list(k["i0"]) == [5, 9]
    with pytest.raises(QueryError, match="unknown context"):
        tiny_corpus.kwic("откочевка", context="paragraph")


def test_token_context_at_document_edges(tiny_corpus):
    k = tiny_corpus.kwic("откочевка", where=["doc_type=report"], window=3)
    assert list(k["left"]) == ["Кулаки агитируют за", ""]
    assert list(k["right"]) == [".", "аула."]
    assert list(k["match"]) == ["откочёвку", "Откочевка"]


def test_limit_zero_keeps_total(tiny_corpus):
    k = tiny_corpus.kwic("откочевка", limit=0)
    assert len(k) == 0 and k.attrs["total"] == 5


def test_no_hits(tiny_corpus):
    k = tiny_corpus.kwic('[lemma="нетакого"]', sort="1L")
    assert len(k) == 0 and k.attrs["total"] == 0 and "sent" in k.columns


# --------------------------------------------------------------------------- show
def test_show_document_with_query_and_highlight(tiny_corpus):
    r = show(tiny_corpus, "b1930", query="откочевка", highlight=[(4, 12)])
    text = TINY_DOCS["b1930"][2]
    assert r["text"] == text
    assert [(h["start"], h["end"]) for h in r["hits"]] == [(4, 12), (47, 56), (67, 76)]
    assert [text[h["start"]:h["end"]] for h in r["hits"]] == ["влиянием", "откочевка", "Откочевка"]
    assert r["metadata"]["doc_type"] == "ogpu_summary" and r["metadata"]["fond"] == "5"
    assert r["metadata"]["date_start"] == "1930-03-15"
    out = io.StringIO()
    write_document(r, out=out)
    assert "Откочевка хозяйств продолжается" in out.getvalue() and "ogpu_summary" in out.getvalue()


def test_show_errors(tiny_corpus):
    with pytest.raises(CorpusNotFoundError, match="no document 'nosuch'"):
        show(tiny_corpus, "nosuch")
    with pytest.raises(QueryError, match="outside document"):
        show(tiny_corpus, "d_undated", highlight=[(0, 99)])


# --------------------------------------------------------------------------- HTML
def test_kwic_html_is_escaped_and_linked(tiny_corpus):
    k = tiny_corpus.kwic("откочевка", years=(1930, 1931))
    docs = [show(tiny_corpus, d, highlight=list(zip(g["start"], g["end"]))) for d, g in k.groupby("doc_id")]
    html = kwic_html(k, title="A <b>title</b>", record={"query": "откочевка & <x>"}, documents=docs)
    assert html.startswith("<!DOCTYPE html>") and "<link" not in html and "<script" not in html
    assert "A &lt;b&gt;title&lt;/b&gt;" in html and "откочевка &amp; &lt;x&gt;" in html
    assert '<td class="left">Под влиянием байско-кулацкой агитации началась</td>' in html
    assert '<a href="#doc-b1930-47">b1930</a>' in html and '<mark id="doc-b1930-47">откочевка</mark>' in html
    assert html.count('<tr id="line-') == 3


def test_kwic_html_escapes_hostile_values():
    df = pd.DataFrame([{"doc_id": 'x"><script>', "left": "<script>alert(1)</script>", "match": "a&b",
                        "right": "", "start": 0, "end": 3, "title": "<i>"}])
    html = kwic_html(df, doc_href="docs/{doc_id}.html#hit-{start}")
    assert "<script>" not in html and "&lt;script&gt;alert(1)" in html and "a&amp;b" in html
    assert 'href="docs/x%22%3E%3Cscript%3E.html#hit-0"' in html


def test_document_html(tiny_corpus):
    html = document_html(show(tiny_corpus, "c1931", query="кулак"))
    assert '<mark id="doc-c1931-31">Кулаки</mark>' in html and "Продовольственные затруднения" in html
