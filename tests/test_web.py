"""The local web page (``corpus-tools serve``): every view, filters, paging, CSV export with its record, and the
safety items of issue 8 (injection in every parameter, path traversal, malformed CQL, huge results, timeouts).

Counts on the tiny corpus can be checked by eye against ``TINY_DOCS`` in conftest.py: «откочевка» occurs once
in a1913, twice in b1930, once in c1931 («откочёвку») and once in d_undated — 5 hits.
"""
from __future__ import annotations

import io
import json
import re
from html import unescape

import pandas as pd
import pytest

pytest.importorskip("starlette")
pytest.importorskip("jinja2")
try:  # Starlette's test client runs on httpx2 (or, deprecated, httpx)
    import httpx2  # noqa: F401
except ImportError:
    pytest.importorskip("httpx", reason="Starlette's test client needs httpx2: pip install httpx2")

from starlette.testclient import TestClient  # noqa: E402

from corpus_tools.errors import CorpusNotFoundError  # noqa: E402
from corpus_tools.web import create_app, is_loopback  # noqa: E402
from corpus_tools.web import app as web_app  # noqa: E402
from corpus_tools.web import views  # noqa: E402
from corpus_tools.web.params import EXPORT_LIMIT, MAX_LINES  # noqa: E402
from corpus_tools.web.runner import QueryTimeoutError, Runner  # noqa: E402

BASE = "http://127.0.0.1"
INJECTIONS = ["'; DROP TABLE tokens; --", '") OR 1=1 --', "1; DELETE FROM documents", "' OR '1'='1"]
#: Error texts DuckDB gives when user text reaches SQL as code; none may ever appear on a page.
SQL_ERRORS = ("Parser Error", "Catalog Error", "Binder Error", "syntax error at or near", "Traceback")


@pytest.fixture(scope="module")
def tiny(tiny_corpus):
    with TestClient(create_app(tiny_corpus.path), base_url=BASE) as client:
        yield client


@pytest.fixture(scope="module")
def demo(demo_corpus):
    with TestClient(create_app(demo_corpus.path), base_url=BASE) as client:
        yield client


def total(html: str) -> int:
    m = re.search(r'<strong id="total">(\d+)</strong>', html)
    assert m, "no total on the page"
    return int(m.group(1))


def line_docs(html: str) -> list[str]:
    return [unescape(d) for d in re.findall(r'<td class="doc" title="[^"]*">([^<]*)<small>', html)]


def rows(html: str, table_id: str) -> int:
    m = re.search(rf'<table class="[^"]*" id="{table_id}">(.*?)</table>', html, re.S)
    assert m, f"no table {table_id}"
    return m.group(1).count("<tr") - 1  # minus the header row


# --------------------------------------------------------------------------- search
def test_search_form_offers_the_corpus_metadata(tiny):
    r = tiny.get("/")
    assert r.status_code == 200
    assert 'name="q"' in r.text
    assert 'name="f.doc_type"' in r.text and ">ogpu_summary</option>" in r.text
    assert 'name="f.region"' in r.text and "Тургайская область" in r.text
    assert 'name="from"' in r.text and 'name="to"' in r.text


def test_search_counts_and_lists_hits(tiny):
    r = tiny.get("/", params={"q": "откочевка"})
    assert r.status_code == 200
    assert total(r.text) == 5
    assert sorted(line_docs(r.text)) == ["a1913", "b1930", "b1930", "c1931", "d_undated"]
    assert "откочёвку" in r.text  # the original spelling is shown


FILTER_CASES = {
    # name: (params, expected hits)
    "from 1930": ({"from": "1930"}, 3),
    "to 1913": ({"to": "1913"}, 1),
    "1930 to 1930": ({"from": "1930", "to": "1930"}, 2),
    "doc_type report": ({"f.doc_type": "report"}, 2),
    "region": ({"f.region": "Тургайская область"}, 1),
    "extra field as a condition": ({"where": "fond=5"}, 5),
    "archive reference regex": ({"where": "source~.*b1930"}, 2),
    "two conditions": ({"where": "doc_type!=report\nregion~Семипалат.*"}, 2),
    "language": ({"f.language": "ru"}, 5),
}


@pytest.mark.parametrize("name", FILTER_CASES)
def test_search_filters(tiny, name):
    params, expected = FILTER_CASES[name]
    r = tiny.get("/", params={"q": "откочевка", **params})
    assert r.status_code == 200, r.text
    assert total(r.text) == expected


@pytest.mark.parametrize("sort", ["doc", "-doc", "-date", "node", "1L"])
def test_search_sort_matches_the_library(tiny, tiny_corpus, sort):
    r = tiny.get("/", params={"q": "откочевка", "sort": sort})
    assert line_docs(r.text) == tiny_corpus.kwic("откочевка", sort=sort)["doc_id"].tolist()


def test_search_sample_is_reproducible(demo):
    a = demo.get("/", params={"q": "откоч*", "sample": "7", "seed": "3"})
    b = demo.get("/", params={"q": "откоч*", "sample": "7", "seed": "3"})
    assert len(line_docs(a.text)) == 7
    assert line_docs(a.text) == line_docs(b.text)


def test_paging(demo, demo_corpus):
    n = demo_corpus.kwic("откоч*", limit=0).attrs["total"]
    r1 = demo.get("/", params={"q": "откоч*", "size": "25"})
    r2 = demo.get("/", params={"q": "откоч*", "size": "25", "page": "2"})
    assert total(r1.text) == total(r2.text) == n
    assert rows(r1.text, "kwic") == rows(r2.text, "kwic") == 25
    assert "lines 26–50" in r2.text and 'id="prev"' in r2.text
    assert f"page 2 of {-(-n // 25)}" in r2.text
    expected = demo_corpus.kwic("откоч*", limit=50)["doc_id"].tolist()
    assert line_docs(r1.text) + line_docs(r2.text) == expected


def test_term_query_in_the_search_box(demo, demo_corpus):
    r = demo.get("/", params={"q": "term:otkochevka"})
    assert r.status_code == 200
    assert total(r.text) == demo_corpus.kwic("term:otkochevka", limit=0).attrs["total"] > 200


# --------------------------------------------------------------------------- document
def test_document_shows_metadata_and_highlights_the_hit(tiny, tiny_corpus):
    line = tiny_corpus.kwic("откочевка", sort="doc").iloc[2]  # the second hit in b1930
    assert line["doc_id"] == "b1930"
    search = tiny.get("/", params={"q": "откочевка", "sort": "doc"})
    href = unescape(re.findall(r'<a class="hit" href="([^"]+)"', search.text)[2])
    assert href.startswith("/doc/b1930?")
    r = tiny.get(href.split("#")[0])
    assert r.status_code == 200
    assert "ДЕМО Ф.1 Д.b1930" in r.text and "15.03.1930" in r.text  # archive reference and date
    marks = re.findall(r'<mark class="(hit|current)" id="hit-(\d+)">([^<]*)</mark>', r.text)
    assert [m[0] for m in marks].count("current") == 1
    assert len(marks) == 2
    current = next(m for m in marks if m[0] == "current")
    assert int(current[1]) == line["start"] and current[2] == "Откочевка"


def test_document_ids_are_percent_encoded_in_links():
    assert web_app._doc_url("volume_12/31", query="a b", start=3, end=5) == "/doc/volume_12%2F31?q=a+b&hit=3-5#hit-3"


# --------------------------------------------------------------------------- over time
def test_over_time_chart_and_table(tiny):
    r = tiny.get("/time", params=[("q", "откочевка"), ("q", "кулак"), ("by", "year")])
    assert r.status_code == 200
    assert r.text.count('<g class="series"') == 2
    assert "<polygon" in r.text  # confidence band
    assert rows(r.text, "freq-table") == 2 * 19  # 1913..1931 for both queries
    assert "1 undated document is left out" in r.text


def test_over_time_periods_and_bootstrap_band(demo):
    r = demo.get("/time", params={"q": "откоч*", "by": "1912-1924,1925-1928,1929-1933,1934-1936",
                                  "band": "bootstrap"})
    assert r.status_code == 200
    assert rows(r.text, "freq-table") == 4
    assert "document bootstrap 95% CI" in r.text


def test_over_time_bad_period_is_explained(tiny):
    r = tiny.get("/time", params={"q": "откочевка", "by": "1930-1925"})
    assert r.status_code == 400
    assert "ends before it starts" in r.text


# --------------------------------------------------------------------------- term view
def test_term_view_lists_concepts(demo):
    r = demo.get("/term")
    assert r.status_code == 200
    assert 'value="otkochevka"' in r.text and "<optgroup" in r.text


def test_term_view_variants_and_collocates(demo, demo_corpus):
    from corpus_tools.terms import concept_variants

    r = demo.get("/term", params={"concept": "otkochevka", "periods": "1912-1928,1929-1936"})
    assert r.status_code == 200
    n = concept_variants(demo_corpus, "otkochevka", by="1912-1928,1929-1936")["hits"].sum()
    assert f"Variants per period ({n} hits)" in r.text
    assert "<th class=\"num\">1912-1928</th>" in r.text
    assert re.search(r'<div class="colloc"><h3>1929-1936</h3>\s*<ol>', r.text)


def test_term_view_without_tracking(demo, monkeypatch):
    monkeypatch.setattr(views, "track_available", lambda: False)
    r = demo.get("/term", params={"concept": "otkochevka"})
    assert r.status_code == 200
    assert 'id="track-unavailable"' in r.text and "not available" in r.text
    r = demo.get("/export/track-shift.csv", params={"concept": "otkochevka"})
    assert r.status_code == 404


def test_term_view_tracking(demo):
    if not views.track_available():
        pytest.skip("corpus_tools.terms.track is not installed")
    r = demo.get("/term", params={"concept": "otkochevka"})
    assert 'data-src="/term/track?concept=otkochevka' in r.text
    r = demo.get("/term/track", params={"concept": "otkochevka", "periods": "1912-1928,1929-1933"},
                 headers={"X-Fragment": "1"})
    assert r.status_code == 200, r.text
    assert not r.text.lstrip().startswith("<!DOCTYPE")  # a fragment for the page's script
    assert 'id="shift-table"' in r.text and "p_value" in r.text
    assert "Example lines per cluster" in r.text and '<a class="hit" href="/doc/' in r.text
    csv = demo.get("/export/track-shift.csv", params={"concept": "otkochevka", "periods": "1912-1928,1929-1933"})
    assert csv.status_code == 200
    shift = pd.read_csv(io.StringIO(csv.text))
    assert list(shift[["earlier", "later"]].iloc[0]) == ["1912-1928", "1929-1933"]
    assert 0 < shift["p_value"].iloc[0] <= 1


def test_unknown_concept(demo):
    r = demo.get("/term", params={"concept": "no_such_concept"})
    assert r.status_code == 400
    assert "unknown concept" in r.text


# --------------------------------------------------------------------------- export
def test_kwic_export_csv_and_record(tiny, tiny_corpus):
    params = {"q": "откочевка", "from": "1930", "sort": "-date"}
    r = tiny.get("/export/kwic.csv", params=params)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert 'filename="kwic.csv"' in r.headers["content-disposition"]
    df = pd.read_csv(io.StringIO(r.text))
    assert len(df) == 3
    assert list(df["doc_id"]) == ["c1931", "b1930", "b1930"]
    assert {"left", "match", "right", "start", "end", "date", "source"} <= set(df.columns)
    rec = tiny.get("/export/kwic.record.json", params=params).json()
    assert rec["analysis"] == "kwic"
    assert rec["parameters"]["query"] == "откочевка" and rec["parameters"]["years"] == [1930, None]
    assert rec["corpus"]["content_hash"] == tiny_corpus.content_hash
    assert rec["total"] == rec["exported_lines"] == 3
    assert rec["web_request"]["path"] == "/export/kwic.csv"


def test_freq_export(tiny):
    r = tiny.get("/export/freq.csv", params=[("q", "откочевка"), ("by", "doc_type")])
    df = pd.read_csv(io.StringIO(r.text))
    assert dict(zip(df["period"], df["hits"])) == {"imperial_report": 1, "ogpu_summary": 2, "report": 2}
    rec = tiny.get("/export/freq.record.json", params=[("q", "откочевка"), ("by", "doc_type")]).json()
    assert rec["analysis"] == "freq" and rec["parameters"]["by"] == "doc_type"


@pytest.mark.parametrize("name", ["variants", "collocates"])
def test_term_exports(demo, name):
    params = {"concept": "otkochevka", "periods": "1912-1928,1929-1936"}
    r = demo.get(f"/export/{name}.csv", params=params)
    assert r.status_code == 200
    df = pd.read_csv(io.StringIO(r.text))
    assert set(df["period"]) == {"1912-1928", "1929-1936"}
    rec = demo.get(f"/export/{name}.record.json", params=params).json()
    assert rec["corpus"]["content_hash"] and rec["parameters"]


def test_every_export_link_on_the_pages_works(tiny):
    pages = [tiny.get("/", params={"q": "откочевка"}).text,
             tiny.get("/time", params={"q": "откочевка"}).text]
    links = [unescape(h) for page in pages for h in re.findall(r'href="(/export/[^"]+)"', page)]
    assert len(links) == 4
    for link in links:
        assert tiny.get(link).status_code == 200, link


def test_export_unknown_table(tiny):
    assert tiny.get("/export/tokens.csv").status_code == 404
    assert tiny.get("/export/kwic.exe", params={"q": "x"}).status_code == 404


# --------------------------------------------------------------------------- safety
PARAMETERS = {
    # path: parameters every request carries (so that the injected one is actually used)
    "/": {"q": "откочевка"},
    "/time": {"q": "откочевка"},
    "/term": {"concept": "otkochevka", "periods": "1913-1931"},
    "/export/kwic.csv": {"q": "откочевка"},
    "/export/freq.csv": {"q": "откочевка"},
}
INJECTED = ["q", "sort", "from", "to", "f.doc_type", "f.region", "where", "size", "page", "window", "context",
            "sample", "seed", "by", "band", "concept", "periods", "all_words", "hit"]


@pytest.mark.parametrize("path", PARAMETERS)
@pytest.mark.parametrize("attack", INJECTIONS)
def test_injection_in_every_parameter(tiny, tiny_corpus, path, attack):
    # The term view reads only concept, periods and all_words (the others are ignored, and each request costs
    # a collocation count).
    names = ["concept", "periods", "all_words", "q", "from"] if path == "/term" else INJECTED
    for name in names:
        r = tiny.get(path, params={**PARAMETERS[path], name: attack})
        assert r.status_code in (200, 400), (path, name, r.status_code, r.text[:300])
        assert not any(e in r.text for e in SQL_ERRORS), (path, name, r.text[:300])
    # A filter field name is checked against the corpus' fields, never pasted.
    r = tiny.get(path, params={**PARAMETERS[path], "f." + attack: "x"})
    if path == "/term":  # the term view has no document filters
        assert r.status_code == 200
    else:
        assert r.status_code == 400 and "unknown document field" in r.text
    # The tables are still there.
    assert tiny_corpus.kwic("откочевка", limit=0).attrs["total"] == 5
    assert total(tiny.get("/", params={"q": "откочевка"}).text) == 5


def test_injection_values_are_data(tiny):
    # A filter value with SQL in it is compared as text: no document has that doc_type.
    r = tiny.get("/", params={"q": "откочевка", "f.doc_type": "report' OR '1'='1"})
    assert r.status_code == 200 and total(r.text) == 0
    r = tiny.get("/", params={"q": "[]", "where": "doc_type=x' OR 1=1 --"})
    assert r.status_code == 200 and total(r.text) == 0


@pytest.mark.parametrize("attack", INJECTIONS)
def test_injection_in_the_document_id(tiny, attack):
    r = tiny.get("/doc/" + web_app.quote(attack, safe=""), params={"q": attack, "hit": attack})
    assert r.status_code in (400, 404)
    assert not any(e in r.text for e in SQL_ERRORS)


TRAVERSALS = [
    "/doc/..%2F..%2F..%2Fetc%2Fpasswd",
    "/doc/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/doc/../../etc/passwd",
    "/doc/..%252F..%252Fetc%252Fpasswd",
    "/doc/%2Fetc%2Fpasswd",
    "/doc/..%2Fcorpus.json",
    "/doc/..%2Fdocuments.parquet",
    "/static/..%2F..%2Fapp.py",
    "/static/%2E%2E/%2E%2E/app.py",
    "/static/../app.py",
    "/export/..%2F..%2Fcorpus.json",
]


@pytest.mark.parametrize("url", TRAVERSALS)
def test_path_traversal(tiny, url):
    r = tiny.get(url)
    assert r.status_code == 404, (url, r.text[:200])
    assert "root:" not in r.text and "format_version" not in r.text and "import " not in r.text


def test_unknown_document_names_the_id(tiny):
    r = tiny.get("/doc/..%2F..%2Fetc%2Fpasswd")
    assert "no document &#39;../../etc/passwd&#39;" in r.text


@pytest.mark.parametrize("query, position", [
    ('[lemma="кулак"', 15),
    ('[lema="кулак"]', 2),
    ('[lemma="кулак"] within <doc nope="1"/>', None),
    ('"откочевка', 1),
])
def test_malformed_query_shows_the_parser_message(tiny, query, position):
    r = tiny.get("/", params={"q": query})
    assert r.status_code == 400
    error = unescape(re.search(r'<div class="error" role="alert" id="error">(.*?)</div>', r.text, re.S).group(1))
    if position is not None:
        assert f"(at character {position} of {query!r})" in error
    box = re.search(r'name="q" id="q" value="([^"]*)"', r.text).group(1)
    assert unescape(box) == query  # the query stays in the box, to be corrected
    r = tiny.get("/export/kwic.csv", params={"q": query})
    assert r.status_code == 400 and r.text.startswith("Error: ")


def test_huge_result_is_bounded(demo, demo_corpus):
    n_tokens = demo_corpus.meta["counts"]["tokens"]
    r = demo.get("/", params={"q": "[]"})
    assert r.status_code == 200
    assert total(r.text) == n_tokens
    assert rows(r.text, "kwic") == 50  # one page
    pages = -(-n_tokens // 200)
    last = demo.get("/", params={"q": "[]", "size": "200", "page": str(pages)})
    assert last.status_code == 200 and rows(last.text, "kwic") == n_tokens - 200 * (pages - 1)
    assert f"page {pages} of {pages}" in last.text
    too_far = demo.get("/", params={"q": "[]", "size": "200", "page": str(MAX_LINES // 200 + 1)})
    assert too_far.status_code == 400 and "first 10,000 lines" in too_far.text
    assert demo.get("/", params={"q": "[]", "size": "100000"}).status_code == 400
    assert demo.get("/", params={"q": "[]", "window": "5000"}).status_code == 400


def test_export_is_bounded(demo, demo_corpus, monkeypatch):
    monkeypatch.setattr(views, "EXPORT_LIMIT", 1000)
    r = demo.get("/export/kwic.csv", params={"q": "[]"})
    assert len(pd.read_csv(io.StringIO(r.text))) == 1000
    rec = demo.get("/export/kwic.record.json", params={"q": "[]"}).json()
    assert rec["exported_lines"] == 1000 and rec["total"] == demo_corpus.meta["counts"]["tokens"]
    assert EXPORT_LIMIT >= 100_000


def test_long_query_is_refused(tiny):
    r = tiny.get("/", params={"q": "откочевка " * 300})
    assert r.status_code == 400 and "too long" in r.text


SLOW_SQL = "SELECT count(*) FROM range(1000000000000) a WHERE a.range % 7 = 3"


def test_runner_interrupts_a_long_query(tiny_corpus):
    runner = Runner(tiny_corpus.path, timeout=0.3)
    try:
        with pytest.raises(QueryTimeoutError, match="was stopped"):
            runner.run_sync(lambda c: c.con.execute(SLOW_SQL).fetchall())
        # The pool is free again: the interrupted job ended.
        assert runner.run_sync(lambda c: c.kwic("откочевка", limit=0).attrs["total"], timeout=30) == 5
    finally:
        runner.close()


def test_a_request_that_runs_too_long_is_answered(tiny_corpus, monkeypatch):
    def slow(corpus, p):
        corpus.con.execute(SLOW_SQL).fetchall()

    app = create_app(tiny_corpus.path, timeout=0.3)
    with TestClient(app, base_url=BASE) as client:
        monkeypatch.setattr(views, "search_view", slow)
        r = client.get("/", params={"q": "откочевка"})
        assert r.status_code == 503 and "was stopped" in r.text
        monkeypatch.undo()
        assert total(client.get("/", params={"q": "откочевка"}).text) == 5


def test_other_host_names_are_refused(tiny):
    # A web page elsewhere cannot reach the corpus through a DNS name pointing at this computer.
    assert tiny.get("/", headers={"host": "evil.example"}).status_code == 400
    assert tiny.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_security_headers_and_no_external_resources(tiny):
    r = tiny.get("/", params={"q": "откочевка"})
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    for page in (r.text, tiny.get("/time", params={"q": "откочевка"}).text, tiny.get("/term").text):
        assert not re.search(r'(src|href)="(https?:)?//', page)
    for asset in ("/static/app.css", "/static/app.js"):
        a = tiny.get(asset)
        assert a.status_code == 200 and "http://" not in a.text and "https://" not in a.text


def test_create_app_on_a_folder_that_is_not_a_corpus(tmp_path):
    with pytest.raises(CorpusNotFoundError, match="is not a corpus"):
        create_app(tmp_path)


@pytest.mark.parametrize("host, local", [("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True),
                                         ("::1", True), ("0.0.0.0", False), ("192.168.1.5", False),
                                         ("example.org", False)])
def test_is_loopback(host, local):
    assert is_loopback(host) is local


@pytest.mark.parametrize("host, warns", [("127.0.0.1", False), ("0.0.0.0", True)])
def test_serve_says_where_it_listens(tiny_corpus, monkeypatch, host, warns):
    import uvicorn

    from corpus_tools.web import serve

    seen = {}

    def fake_run(self, *a, **k):
        seen["config"] = self.config

    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    out = io.StringIO()
    serve(tiny_corpus.path, host=host, port=8799, open_browser=False, out=out)
    text = out.getvalue()
    assert seen["config"].host == host and seen["config"].port == 8799
    assert ("Warning:" in text) is warns
    assert ("only this computer can open it" in text) is not warns
    assert "http://127.0.0.1:8799/" in text


def test_views_helpers():
    assert views.fmt(float("nan")) == "" and views.fmt(12345.678) == "12,345.7" and views.fmt(0.012345) == "0.01235"
    assert views.default_periods([1912, 1936]) == "1912-1924,1925-1928,1929-1933,1934-1936"
    assert views.default_periods([1905, 1938]) == "1905-1924,1925-1928,1929-1933,1934-1938"
    assert views.default_periods([1850, 1872]) == "1850-1859,1860-1869,1870-1879"


def test_record_json_is_valid_utf8(tiny):
    r = tiny.get("/export/kwic.record.json", params={"q": "откочевка"})
    assert json.loads(r.content.decode("utf-8"))["parameters"]["query"] == "откочевка"
