"""The ASGI application behind ``corpus-tools serve``: search, document, over time, term view, CSV export.

Pages are server-rendered Jinja2 templates (autoescaped) with one small CSS and one small JavaScript file,
all served from the package: the page works offline. Every analysis runs through :class:`Runner` (own DuckDB
connection, time limit); every parameter goes to the library, which binds it as a SQL parameter.
"""
from __future__ import annotations

import io
import json
import os
from collections import OrderedDict
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pandas as pd
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..errors import CorpusNotFoundError, CorpusToolsError
from ..store.corpus import Corpus
from . import views
from .params import (
    DEFAULT_TIMEOUT, FILTER_PREFIX, MAX_LINES, MAX_QUERIES, PAGE_SIZES, TRACK_TIMEOUT, ParamError, allowed_fields,
    filter_choices, read_filters, read_search, read_time,
)
from .runner import BusyError, QueryTimeoutError, Runner

__all__ = ["LOCAL_HOSTS", "create_app"]

HERE = Path(__file__).resolve().parent
#: Host names accepted by default (the page is for this computer; see ``allowed_hosts``).
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
#: Sort choices offered in the search form (any key of ``docs/queries.md`` works in the URL).
SORT_CHOICES = (
    ("", "date, document, position"), ("node", "match (A–Я)"), ("1L", "1st word left"), ("2L,1L", "2nd, 1st left"),
    ("1R", "1st word right"), ("1R,2R", "1st, 2nd right"), ("left", "left context"), ("right", "right context"),
    ("-date", "newest first"), ("doc_type,date", "document type, date"), ("region,date", "region, date"),
)
#: Security headers on every response: nothing is loaded from elsewhere, the page cannot be framed.
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
#: Tracking results kept in memory (they take seconds to compute and are deterministic).
TRACK_CACHE_SIZE = 8


class _Security:
    """ASGI middleware adding :data:`SECURITY_HEADERS`."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for k, v in SECURITY_HEADERS.items():
                    if k.lower().encode() not in present:
                        headers.append((k.lower().encode(), v.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _query_string(items: list[tuple[str, str]]) -> str:
    return urlencode(items)


def _filters_active(params) -> bool:
    return any(v for k, v in params.items() if k in ("from", "to", "where") or k.startswith(FILTER_PREFIX))


def _year_span(years) -> str:
    lo, hi = (tuple(years) + (None, None))[:2] if years else (None, None)
    if lo is None and hi is None:
        return ""
    if lo is None:
        return f"until {hi}"
    if hi is None:
        return f"from {lo}"
    return str(lo) if lo == hi else f"{lo}–{hi}"


def _doc_url(doc_id: str, *, query: str = "", start: int | None = None, end: int | None = None) -> str:
    # Every character of the id is percent-encoded ("/" too): the id is only ever looked up in the corpus'
    # documents table, never used as a file path.
    url = "/doc/" + quote(str(doc_id), safe="")
    items = [("q", query)] if query else []
    if start is not None and end is not None:
        items.append(("hit", f"{start}-{end}"))
    if items:
        url += "?" + urlencode(items)
    if start is not None:
        url += f"#hit-{start}"
    return url


class WebApp:
    """State of one served corpus: its path, runner, templates, filter choices, lexicon and caches."""

    def __init__(self, corpus_path: str | os.PathLike, *, timeout: float, track_timeout: float) -> None:
        corpus = Corpus.open(corpus_path)  # fails early with the library's message when it is not a corpus
        try:
            self.path = corpus.path
            self.meta = corpus.meta
            self.info = corpus.info()
            self.extra_fields = corpus.extra_fields
            self.fields = allowed_fields(self.extra_fields)
            self.choices = filter_choices(corpus.documents(), self.extra_fields)
        finally:
            corpus.close()
        self.runner = Runner(self.path, timeout=timeout)
        self.track_timeout = track_timeout
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        env = self.templates.env
        env.filters["span"] = _year_span
        env.globals.update(doc_url=_doc_url, filters_active=_filters_active, qs=_query_string, fmt=views.fmt, FILTER_PREFIX=FILTER_PREFIX,
                           PAGE_SIZES=sorted(PAGE_SIZES), SORT_CHOICES=SORT_CHOICES, MAX_QUERIES=MAX_QUERIES)
        self._lexicon = None
        self.track_cache: OrderedDict[tuple, Any] = OrderedDict()

    # ------------------------------------------------------------------ helpers
    @property
    def lexicon(self):
        if self._lexicon is None:
            from ..terms import load_lexicons

            self._lexicon = load_lexicons()
        return self._lexicon

    def render(self, request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        base = {"corpus": self.info, "corpus_name": self.path.name, "choices": self.choices,
                "years": self.meta.get("years") or [None, None], "page": name.removesuffix(".html")}
        return self.templates.TemplateResponse(request, name, {**base, **context}, status_code=status)

    def error_page(self, request: Request, name: str, context: dict[str, Any], exc: Exception) -> HTMLResponse:
        status = _status(exc)
        return self.render(request, name, {**context, "error": str(exc)}, status=status)

    # ------------------------------------------------------------------ pages
    async def search(self, request: Request) -> Response:
        ctx: dict[str, Any] = {"p": None, "result": None, "params": request.query_params}
        try:
            p = read_search(request.query_params, allowed_fields=self.fields)
            ctx["p"] = p
            if p.query:
                ctx["result"] = await self.runner.run(lambda c: views.search_view(c, p))
                avail = min(ctx["result"]["available"], MAX_LINES)
                ctx["pages"] = max(1, -(-avail // p.size))
        except CorpusToolsError as exc:
            return self.error_page(request, "search.html", ctx, exc)
        return self.render(request, "search.html", ctx)

    async def document(self, request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        query = request.query_params.get("q", "")
        ctx: dict[str, Any] = {"doc": None, "query": query, "back": request.headers.get("referer", "")}
        try:
            if len(query) > 2000 or len(doc_id) > 1000:
                raise ParamError("parameter too long")
            hit = _read_hit(request.query_params.get("hit", ""))
            ctx["doc"] = await self.runner.run(lambda c: views.document_view(c, doc_id, query=query, hit=hit))
        except CorpusToolsError as exc:
            return self.error_page(request, "document.html", ctx, exc)
        return self.render(request, "document.html", ctx)

    async def time(self, request: Request) -> Response:
        ctx: dict[str, Any] = {"queries": [], "by": "year", "band": "poisson", "filters": None, "result": None,
                               "params": request.query_params}
        try:
            queries, by, band, filters = read_time(request.query_params, allowed_fields=self.fields)
            ctx.update(queries=queries, by=by, band=band, filters=filters)
            if queries:
                ctx["result"] = await self.runner.run(lambda c: views.time_view(c, queries, by, band, filters))
                ctx["export_qs"] = _query_string([("q", q) for q in queries] + [("by", by)] + filters.query_items())
        except CorpusToolsError as exc:
            return self.error_page(request, "time.html", ctx, exc)
        return self.render(request, "time.html", ctx)

    def _term_params(self, request: Request) -> tuple[str, str, bool]:
        concept = request.query_params.get("concept", "").strip()
        periods = request.query_params.get("periods", "").strip() or views.default_periods(self.meta.get("years"))
        if len(concept) > 200 or len(periods) > 300:
            raise ParamError("parameter too long")
        if concept and concept not in self.lexicon:
            from ..terms.lexicon import UnknownConceptError

            raise UnknownConceptError(f"unknown concept {concept[:60]!r}; choose one from the list")
        content_only = request.query_params.get("all_words", "") == ""
        return concept, periods, content_only

    async def term(self, request: Request) -> Response:
        lex = self.lexicon
        concepts = sorted(((c.category, cid, c.labels.get("ru") or c.labels.get("en") or cid)
                           for cid in lex for c in [lex[cid]]))
        ctx: dict[str, Any] = {"concepts": concepts, "concept": None, "periods": "", "track_available":
                               views.track_available()}
        try:
            concept, periods, content_only = self._term_params(request)
            ctx.update(periods=periods, content_only=content_only)
            if concept:
                ctx["concept_id"] = concept

                def job(c):
                    return (views.variants_view(c, concept, periods, lex),
                            views.collocates_view(c, concept, periods, content_only=content_only))

                ctx["variants"], ctx["collocates"] = await self.runner.run(job)
                ctx["concept"] = lex[concept]  # set last: the page shows the concept only with its tables
                ctx["term_qs"] = _query_string([("concept", concept), ("periods", periods)]
                                               + ([] if content_only else [("all_words", "1")]))
        except CorpusToolsError as exc:
            return self.error_page(request, "term.html", ctx, exc)
        return self.render(request, "term.html", ctx)

    async def _track(self, concept: str, periods: str):
        key = (self.meta.get("content_hash"), concept, periods)
        if key in self.track_cache:
            self.track_cache.move_to_end(key)
            return self.track_cache[key]
        lex = self.lexicon
        value = await self.runner.run(lambda c: views.track_result(c, concept, periods, lex),
                                      timeout=self.track_timeout, heavy=True)
        self.track_cache[key] = value
        while len(self.track_cache) > TRACK_CACHE_SIZE:
            self.track_cache.popitem(last=False)
        return value

    async def track_fragment(self, request: Request) -> Response:
        ctx: dict[str, Any] = {"track_available": views.track_available(), "track": None,
                               "fragment": request.headers.get("x-fragment") == "1"}
        try:
            concept, periods, _ = self._term_params(request)
            if not concept:
                raise ParamError("choose a concept")
            ctx["term_qs"] = _query_string([("concept", concept), ("periods", periods)])
            if ctx["track_available"]:
                result, _record = await self._track(concept, periods)
                ctx["track"] = views.track_view(result)
        except CorpusToolsError as exc:
            return self.error_page(request, "_track.html", ctx, exc)
        return self.render(request, "_track.html", ctx)

    # ------------------------------------------------------------------ export
    async def export(self, request: Request) -> Response:
        filename = request.path_params["filename"]
        for ext in (".record.json", ".csv"):
            if filename.endswith(ext):
                name, kind = filename[: -len(ext)], ext
                break
        else:
            return PlainTextResponse("Error: ask for NAME.csv or NAME.record.json\n", status_code=404)
        try:
            df = await self._export_frame(name, request)
        except KeyError:
            return PlainTextResponse(f"Error: no table {name[:60]!r} to export\n", status_code=404)
        except CorpusToolsError as exc:
            return PlainTextResponse(f"Error: {exc}\n", status_code=_status(exc))
        record = dict(df.attrs.get("record") or {})
        record["web_request"] = {"path": request.url.path.replace(kind, ".csv"), "query": request.url.query}
        if kind == ".csv":
            buf = io.StringIO()
            df.to_csv(buf, index=False, lineterminator="\n")
            return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
        text = json.dumps(record, ensure_ascii=False, indent=2, default=str) + "\n"
        return Response(text, media_type="application/json; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.record.json"'})

    async def _export_frame(self, name: str, request: Request) -> pd.DataFrame:
        qp = request.query_params
        if name == "kwic":
            p = read_search(qp, allowed_fields=self.fields)
            if not p.query:
                raise ParamError("no query to export")
            return await self.runner.run(lambda c: views.kwic_export(c, p))
        if name == "freq":
            queries, by, _band, filters = read_time(qp, allowed_fields=self.fields)
            if not queries:
                raise ParamError("no query to export")
            return await self.runner.run(lambda c: views.freq_table(c, queries, by, filters))
        if name in ("variants", "collocates"):
            concept, periods, content_only = self._term_params(request)
            if not concept:
                raise ParamError("choose a concept")
            lex = self.lexicon
            if name == "variants":
                return await self.runner.run(lambda c: views.variants_table(c, concept, periods, lex))
            return await self.runner.run(lambda c: views.collocates_table(c, concept, periods,
                                                                          content_only=content_only))
        if name.startswith("track-") and views.track_available():
            table = name[len("track-"):]
            concept, periods, _ = self._term_params(request)
            if not concept:
                raise ParamError("choose a concept")
            result, record = await self._track(concept, periods)
            if table not in getattr(result, "TABLES", ()):
                raise KeyError(name)
            return views.track_table(result, record, table)
        raise KeyError(name)


def _read_hit(raw: str) -> tuple[int, int] | None:
    if not raw:
        return None
    parts = raw.split("-")
    if len(parts) != 2 or not all(x.isdigit() and len(x) < 10 for x in parts):
        raise ParamError(f"hit must look like 120-131 (character offsets), got {raw[:40]!r}")
    return int(parts[0]), int(parts[1])


def _status(exc: Exception) -> int:
    if isinstance(exc, CorpusNotFoundError):
        return 404
    if isinstance(exc, (QueryTimeoutError, BusyError)):
        return 503
    return 400


def create_app(corpus_path: str | os.PathLike, *, timeout: float = DEFAULT_TIMEOUT,
               track_timeout: float = TRACK_TIMEOUT, allowed_hosts: list[str] | tuple[str, ...] | None = LOCAL_HOSTS,
               ) -> Starlette:
    """The web application for one corpus directory (an ASGI app; run it with uvicorn or :func:`serve`).

    Parameters
    ----------
    corpus_path : path
        A corpus directory written by :func:`corpus_tools.build`.
    timeout : float, default 30
        Seconds one request's analysis may run before it is interrupted (HTTP 503 with a message).
    track_timeout : float, default 180
        The same for term tracking (sense clusters, shift scores), which takes seconds on small corpora.
    allowed_hosts : list of str or None, default 127.0.0.1, localhost, ::1
        Host names the app answers to (guards against DNS rebinding: another web site's page cannot read the
        corpus through a name that points at this computer). ``None`` accepts any host.

    Raises
    ------
    CorpusNotFoundError, CorpusFormatError
        When ``corpus_path`` is not a readable corpus.
    """
    web = WebApp(corpus_path, timeout=timeout, track_timeout=track_timeout)
    routes = [
        Route("/", web.search, name="search"),
        Route("/doc/{doc_id:path}", web.document, name="document"),
        Route("/time", web.time, name="time"),
        Route("/term", web.term, name="term"),
        Route("/term/track", web.track_fragment, name="track"),
        Route("/export/{filename}", web.export, name="export"),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    middleware = [Middleware(_Security)]
    if allowed_hosts is not None:
        middleware.insert(0, Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)))

    async def not_found(request: Request, exc: Exception) -> Response:
        return PlainTextResponse("Error: no such page\n", status_code=404)

    app = Starlette(routes=routes, middleware=middleware, exception_handlers={404: not_found})
    app.state.web = web
    return app
