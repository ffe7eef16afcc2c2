"""The web page driven in headless Chromium (Debian's ``chromium`` package + Playwright's Python package; no
browser download): type a query, count the hits, open a document, see the chart, export CSV.

Skipped when Playwright or ``chromium`` is missing. Set ``CORPUS_TOOLS_SCREENSHOTS=docs/img`` to (re)write the
screenshots shown in docs/web.md.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("starlette")
uvicorn = pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = next((p for p in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"))
                 if p and Path(p).is_file()), None)
if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)", allow_module_level=True)

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = os.environ.get("CORPUS_TOOLS_SCREENSHOTS")
WAIT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_corpus):
    from corpus_tools.web import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(demo_corpus.path), host="127.0.0.1", port=port,
                                        log_level="warning", access_log=False))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "the test server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    yield pg
    context.close()


def _shot(target, name: str, tmp_path: Path, **options) -> None:
    """Screenshot a page or one element into ``tmp_path`` (and ``$CORPUS_TOOLS_SCREENSHOTS`` when set)."""
    target.screenshot(path=str(tmp_path / name), **options)
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        target.screenshot(path=str(Path(SCREENSHOTS) / name), **options)


def _search(page, server: str, query: str) -> None:
    page.goto(server + "/")
    page.fill("#q", query)
    page.press("#q", "Enter")
    page.wait_for_selector("#total, #error")


def test_type_a_query_and_count_the_hits(page, server, demo_corpus, tmp_path):
    expected = demo_corpus.kwic("откочевка", limit=0).attrs["total"]
    _search(page, server, "откочевка")
    assert int(page.inner_text("#total")) == expected
    assert page.locator("#kwic tbody tr").count() == min(expected, 50)
    assert page.locator("#kwic td.match").first.inner_text().lower().startswith("откоч")
    _shot(page, "search.png", tmp_path)


def test_filters_narrow_the_hits(page, server, demo_corpus):
    expected = demo_corpus.kwic("откочевка", years=(1929, 1933), where=["doc_type=report"], limit=0).attrs["total"]
    page.goto(server + "/")
    page.fill("#q", "откочевка")
    page.click("details.filters summary")
    page.fill("input[name=from]", "1929")
    page.fill("input[name=to]", "1933")
    page.select_option("select[name='f.doc_type']", "report")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#total")
    assert int(page.inner_text("#total")) == expected


def test_open_a_document_with_the_hit_highlighted(page, server, tmp_path):
    _search(page, server, "откочевка в")
    first = page.locator("#kwic tbody tr").first
    doc_id = first.locator("td.doc").inner_text().splitlines()[0].strip()
    first.locator("a.hit").click()
    page.wait_for_selector("#document")
    assert doc_id in page.url
    current = page.locator("#text mark.current")
    assert current.count() == 1
    assert current.inner_text().lower().startswith("откоч")
    assert page.locator("#meta dd.meta-source").inner_text().startswith("ДЕМО")
    assert page.locator("#meta dd.meta-date_text").count() == 1
    page.keyboard.press("n")  # next hit
    _shot(page, "document.png", tmp_path, full_page=True)
    page.click("#back")
    page.wait_for_selector("#total")


def test_chart_over_time(page, server, tmp_path):
    page.goto(server + "/time")
    boxes = page.locator("#queries input")
    boxes.nth(0).fill("откочевка")
    boxes.nth(1).fill("term:otkochevka")
    page.click("#time-form button[type=submit]")
    page.wait_for_selector("svg.chart")
    assert page.locator("svg.chart g.series").count() == 2
    assert page.locator("svg.chart polygon.band").count() >= 2
    assert page.locator("#freq-table tbody tr").count() > 10
    _shot(page, "over-time.png", tmp_path)


def test_export_csv_and_record(page, server, demo_corpus, tmp_path):
    expected = demo_corpus.kwic("откоч*", limit=0).attrs["total"]
    _search(page, server, "откоч*")
    with page.expect_download() as info:
        page.click("a.export-csv")
    download = info.value
    assert download.suggested_filename == "kwic.csv"
    path = tmp_path / "kwic.csv"
    download.save_as(str(path))
    df = pd.read_csv(path)
    assert len(df) == expected
    assert {"doc_id", "left", "match", "right", "date"} <= set(df.columns)
    with page.expect_download() as info:
        page.click("a.export-record")
    rec_path = tmp_path / "kwic.record.json"
    info.value.save_as(str(rec_path))
    record = json.loads(rec_path.read_text(encoding="utf-8"))
    assert record["parameters"]["query"] == "откоч*"
    assert record["corpus"]["content_hash"] == demo_corpus.content_hash


def test_bad_query_shows_the_position(page, server):
    _search(page, server, '[lemma="кулак"')
    assert "at character 15" in page.inner_text("#error")
    assert page.input_value("#q") == '[lemma="кулак"'


def test_term_view(page, server, tmp_path):
    from corpus_tools.web import views

    page.goto(server + "/term")
    page.select_option("#concept", "otkochevka")  # the page's script submits the form
    page.wait_for_selector("#variants-table")
    assert page.locator("#variants-table tbody tr").count() >= 3
    assert page.locator(".colloc").count() == 4
    if views.track_available():
        page.wait_for_selector("#track-result, #track-box .error", timeout=180_000)
        assert page.locator("#shift-table").count() == 1
        _shot(page.locator("#track"), "term-senses.png", tmp_path)
    else:
        assert page.locator("#track-unavailable").count() == 1
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, "term.png", tmp_path)
