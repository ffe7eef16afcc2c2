"""What each page shows, computed from the library: one function per view, returning plain data for the
templates and the DataFrames behind every table (the same ones the CSV export writes).

Every function takes an open :class:`~corpus_tools.store.corpus.Corpus` first (the runner gives each request its
own) and only calls the library; no SQL is written here.
"""
from __future__ import annotations

import importlib
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..query.show import merge_spans
from ..report.record import make_record
from .params import EXPORT_LIMIT, Filters, SearchParams
from .svg import Series, line_chart

__all__ = [
    "COLLOCATE_TOP", "DOMAIN_PERIODS", "Table", "collocates_view", "default_periods", "document_view",
    "fmt", "kwic_table", "search_view", "time_view", "track_available", "track_view", "variants_view",
]

#: Periods of the domain primer (1912–1936), used as the term view's default when the corpus fits them.
DOMAIN_PERIODS = ((1912, 1924), (1925, 1928), (1929, 1933), (1934, 1936))
#: Collocates shown per period in the term view.
COLLOCATE_TOP = 12
#: Columns of the frequency table shown under the chart (the CSV has every column).
FREQ_SHOWN = ["query", "period", "hits", "tokens", "per_million", "ci_low", "ci_high", "boot_ci_low",
              "boot_ci_high", "docs", "docs_total", "dp"]


def fmt(v: Any) -> str:
    """A table cell as text: integers plain, floats to 4 significant digits (1 decimal from 1 000), NaN empty."""
    if v is None or v is pd.NA:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int) or (hasattr(v, "dtype") and getattr(v.dtype, "kind", "") in "iu"):
        return str(int(v))
    if isinstance(v, float) or (hasattr(v, "dtype") and getattr(v.dtype, "kind", "") == "f"):
        f = float(v)
        if math.isnan(f):
            return ""
        if math.isinf(f):
            return "∞" if f > 0 else "−∞"
        if f == int(f) and abs(f) < 1e15:
            return str(int(f)) if abs(f) < 1000 else f"{f:,.0f}"
        return f"{f:,.1f}" if abs(f) >= 1000 else f"{f:.4g}"
    if isinstance(v, (list, tuple)):
        return ", ".join(str(x) for x in v)
    return str(v)


@dataclass
class Table:
    """A DataFrame prepared for a template: ``name`` (the export name), header and formatted rows."""

    name: str
    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)
    caption: str = ""

    @classmethod
    def of(cls, name: str, df: pd.DataFrame, columns: list[str] | None = None, *, caption: str = "") -> "Table":
        cols = [c for c in (columns or list(df.columns)) if c in df.columns]
        rows = [[fmt(v) for v in r] for r in df[cols].itertuples(index=False, name=None)]
        numeric = [pd.api.types.is_numeric_dtype(df[c]) for c in cols]
        return cls(name, cols, rows, numeric, caption)


def _filter_options(filters: Filters) -> dict[str, Any]:
    opts: dict[str, Any] = {}
    if filters.years:
        opts["years"] = filters.years
    if filters.where_list():
        opts["where"] = filters.where_list()
    return opts


# --------------------------------------------------------------------------- search
def kwic_table(corpus, p: SearchParams, *, limit: int) -> pd.DataFrame:
    """The concordance of a search request, at most ``limit`` lines (``attrs``: ``total``, ``record``)."""
    return corpus.kwic(p.query, **p.kwic_options(limit=limit))


def search_view(corpus, p: SearchParams) -> dict[str, Any]:
    """One page of concordance lines and the total."""
    df = kwic_table(corpus, p, limit=p.offset + p.size)
    total = int(df.attrs["total"])
    page = df.iloc[p.offset:p.offset + p.size]
    lines = [
        {"n": p.offset + k + 1, "doc_id": r.doc_id, "date": r.date or "", "left": r.left, "match": r.match,
         "right": r.right, "start": int(r.start), "end": int(r.end), "title": r.title or "",
         "doc_type": r.doc_type or "", "region": r.region or "", "source": r.source or ""}
        for k, r in enumerate(page.itertuples(index=False))
    ]
    available = total if p.sample is None else min(total, p.sample)
    return {"total": total, "available": available, "lines": lines, "sort": df.attrs.get("sort", "")}


# --------------------------------------------------------------------------- document
def document_view(corpus, doc_id: str, *, query: str = "", hit: tuple[int, int] | None = None) -> dict[str, Any]:
    """A document's metadata and its text cut into segments, hits marked (``hit`` = the line clicked)."""
    result = corpus.show(doc_id, query=query or None, highlight=[hit] if hit else None)
    text = result["text"]
    segments: list[dict[str, Any]] = []
    pos = 0
    for s, e in merge_spans(result["hits"]):
        if s > pos:
            segments.append({"text": text[pos:s], "kind": ""})
        current = hit is not None and s <= hit[0] < e
        segments.append({"text": text[s:e], "kind": "current" if current else "hit", "start": s})
        pos = e
    if pos < len(text):
        segments.append({"text": text[pos:], "kind": ""})
    meta = {k: v for k, v in result["metadata"].items() if v not in (None, "")}
    n_query_hits = sum(1 for h in result["hits"] if h["i0"] is not None)
    return {"doc_id": doc_id, "meta": meta, "segments": segments, "query": query, "n_hits": n_query_hits,
            "title": meta.get("title") or doc_id}


# --------------------------------------------------------------------------- over time
def freq_table(corpus, queries: list[str], by: str, filters: Filters) -> pd.DataFrame:
    return corpus.freq(queries, by=by, **_filter_options(filters))


def time_view(corpus, queries: list[str], by: str, band: str, filters: Filters) -> dict[str, Any]:
    """Chart (SVG) and table of per-million frequencies per period with confidence bands."""
    df = freq_table(corpus, queries, by, filters)
    periods = list(dict.fromkeys(df["period"].tolist()))
    lo_col, hi_col = ("ci_low", "ci_high") if band == "poisson" else ("boot_ci_low", "boot_ci_high")
    series = []
    for q in queries:
        g = df[df["query"] == q].set_index("period")
        g = g[~g.index.duplicated()]
        rows = [g.loc[p] if p in g.index else None for p in periods]

        def col(name: str) -> list[float]:
            return [float(r[name]) if r is not None and pd.notna(r[name]) else math.nan for r in rows]

        tips = []
        for p, r in zip(periods, rows):
            if r is None or not r["tokens"]:
                tips.append(f"{q} · {p}: no words in this period")
                continue
            tips.append(f"{q} · {p}: {int(r['hits'])} hits in {int(r['tokens']):,} words = {fmt(r['per_million'])} "
                        f"per million (95% CI {fmt(r[lo_col])}–{fmt(r[hi_col])}); {int(r['docs'])} of "
                        f"{int(r['docs_total'])} documents")
        series.append(Series(q, col("per_million"), col(lo_col), col(hi_col), tips))
    band_name = "exact Poisson 95% CI" if band == "poisson" else "document bootstrap 95% CI"
    svg = line_chart([str(p) for p in periods], series, y_label=f"per million words ({band_name})",
                     title="Frequency per " + ("year" if by == "year" else "period"))
    return {"svg": svg, "table": Table.of("freq", df, FREQ_SHOWN), "undated": df.attrs.get("undated_documents"),
            "frame": df}


# --------------------------------------------------------------------------- terms
def default_periods(years: list[int] | None) -> str:
    """The domain primer's periods when the corpus lies within 1890–1945 (stretched to cover it); else
    decades. Returned as a period list (``1912-1924,1925-1928,…``)."""
    if not years or years[0] is None or years[1] is None:
        return ",".join(f"{a}-{b}" for a, b in DOMAIN_PERIODS)
    lo, hi = int(years[0]), int(years[1])
    if 1890 <= lo and hi <= 1945:
        spans = list(DOMAIN_PERIODS)
        spans[0] = (min(lo, spans[0][0]), spans[0][1])
        spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        return ",".join(f"{a}-{b}" for a, b in spans)
    return ",".join(f"{d}-{d + 9}" for d in range(lo // 10 * 10, hi // 10 * 10 + 1, 10))


def variants_table(corpus, concept: str, periods: str, lexicon) -> pd.DataFrame:
    from ..terms import concept_variants

    df = concept_variants(corpus, concept, by=periods, lexicon=lexicon)
    df.attrs["record"] = make_record("variants", {"concept": concept, "by": periods}, corpus)
    return df


def variants_view(corpus, concept: str, periods: str, lexicon) -> dict[str, Any]:
    """Variants of a concept per period: the long table and a variant × period pivot of hits."""
    df = variants_table(corpus, concept, periods, lexicon)
    labels = [p.strip() for p in periods.split(",")]
    if df.empty:
        pivot = pd.DataFrame(columns=["pattern", "variant", *labels, "total"])
    else:
        d = df.assign(period=df["period"].fillna("(outside periods)").astype(str))
        pivot = d.pivot_table(index=["pattern", "variant"], columns="period", values="hits", aggfunc="sum",
                              fill_value=0, sort=False)
        cols = [c for c in labels if c in pivot.columns] + [c for c in pivot.columns if c not in labels]
        pivot = pivot.reindex(columns=cols, fill_value=0)
        for lab in labels:
            if lab not in pivot.columns:
                pivot[lab] = 0
        pivot = pivot[[*labels, *[c for c in cols if c not in labels]]]
        pivot["total"] = pivot.sum(axis=1)
        pivot = pivot.reset_index()
        order = {p: k for k, p in enumerate(dict.fromkeys(df["pattern"]))}
        pivot = pivot.assign(_o=pivot["pattern"].map(order)).sort_values(
            ["_o", "total", "variant"], ascending=[True, False, True], kind="mergesort").drop(columns="_o")
    return {"pivot": Table.of("variants", pivot), "n_hits": int(df["hits"].sum()) if len(df) else 0}


def collocates_table(corpus, concept: str, periods: str, *, content_only: bool) -> pd.DataFrame:
    """Collocates of ``term:concept`` per period (logDice, window ±5 by lemma, f ≥ 2); with
    ``content_only`` the rows of function words (pronouns, prepositions, conjunctions, particles, numerals
    — by Universal POS of the collocate's tokens — and the stop lemmas of
    :data:`corpus_tools.terms.contexts.STOP_LEMMAS`) are dropped before taking the top of each period."""
    df = corpus.collocates_by_period(f"term:{concept}", per=periods, min_freq=2)
    record = df.attrs.get("record", {})
    if content_only and len(df):
        df = df[~df["collocate"].isin(_function_lemmas(corpus, df["collocate"].unique().tolist()))]
    df = (df.sort_values(["period", "logdice", "collocate"], ascending=[True, False, True], kind="mergesort")
            .groupby("period", sort=False).head(COLLOCATE_TOP).reset_index(drop=True)) if len(df) else df
    record.setdefault("parameters", {}).update(content_only=content_only, top_per_period=COLLOCATE_TOP)
    df.attrs["record"] = record
    return df


#: Universal POS tags whose lemmas count as function words in the term view's collocate lists.
FUNCTION_UPOS = ("ADP", "CCONJ", "SCONJ", "PART", "PRON", "DET", "NUM", "AUX", "PUNCT", "SYM", "INTJ")


def _function_lemmas(corpus, lemmas: list[str]) -> set[str]:
    from ..terms.contexts import STOP_LEMMAS

    if not lemmas:
        return set()
    # Parameters only: the lemma list and the tag list are bound, never formatted into the SQL text.
    rows = corpus.con.execute(
        "SELECT lemma FROM tokens WHERE lemma IN (SELECT unnest(?)) GROUP BY lemma "
        "HAVING mode(pos) IN (SELECT unnest(?))", [lemmas, list(FUNCTION_UPOS)]).fetchall()
    return {r[0] for r in rows} | (set(lemmas) & STOP_LEMMAS)


def collocates_view(corpus, concept: str, periods: str, *, content_only: bool = True) -> dict[str, Any]:
    """Top collocates per period side by side, and the long table."""
    df = collocates_table(corpus, concept, periods, content_only=content_only)
    labels = [p.strip() for p in periods.split(",")]
    columns = []
    for lab in labels:
        g = df[df["period"].astype(str) == lab] if len(df) else df
        columns.append({"period": lab, "items": [
            {"collocate": r.collocate, "freq": int(r.freq), "logdice": fmt(r.logdice)}
            for r in g.itertuples(index=False)]})
    return {"columns": columns, "table": Table.of("collocates", df, ["period", "collocate", "freq", "docs", "f2",
                                                                    "logdice", "mi", "g2", "t"])}


def track_available() -> bool:
    """Whether :func:`corpus_tools.terms.track.track` is installed in this version."""
    try:
        mod = importlib.import_module("corpus_tools.terms.track")
    except ImportError:
        return False
    return callable(getattr(mod, "track", None))


#: Tables of a tracking result the page shows, with the columns shown (the CSV has every column).
TRACK_SHOWN: dict[str, list[str]] = {
    "shift": ["earlier", "later", "n_earlier", "n_later", "change", "relatedness", "p_value", "ci_low",
              "ci_high", "prt_change", "apd", "pm_earlier", "pm_later", "freq_ratio"],
    "frequency": ["period", "docs", "words", "hits", "hit_docs", "per_million", "pm_low", "pm_high"],
    "clusters": ["cluster", "n", "label", "top_lemmas", "silhouette"],
    "cluster_shares": ["period", "cluster", "n", "total", "share", "ci_low", "ci_high"],
    "substitutes": ["candidate", "kind", "period", "n", "similarity", "change"],
    "neighbours": ["period", "rank", "neighbour", "similarity"],
}


def track_result(corpus, concept: str, periods: str, lexicon):
    from ..terms.track import track

    result = track(corpus, f"term:{concept}", periods=periods, lexicon=lexicon, seed=0)
    record = make_record("track", {"target": f"term:{concept}", "periods": periods, "seed": 0,
                                   "settings": getattr(result, "settings", {})}, corpus)
    return result, record


def track_view(result) -> dict[str, Any]:
    """Tables and example lines of a :class:`~corpus_tools.terms.track.TrackResult`."""
    tables = {}
    for name in getattr(result, "TABLES", tuple(TRACK_SHOWN)):
        df = getattr(result, name, None)
        if isinstance(df, pd.DataFrame) and name != "examples" and len(df):
            tables[name] = Table.of(f"track-{name}", df, TRACK_SHOWN.get(name))
    examples: dict[Any, list[dict]] = {}
    ex = getattr(result, "examples", None)
    if isinstance(ex, pd.DataFrame) and len(ex):
        for r in ex.itertuples(index=False):
            examples.setdefault(getattr(r, "cluster", ""), []).append(r._asdict())
    labels = {}
    cl = getattr(result, "clusters", None)
    if isinstance(cl, pd.DataFrame) and len(cl) and "label" in cl.columns:
        labels = dict(zip(cl["cluster"], cl["label"]))
    return {"tables": tables, "examples": [{"cluster": k, "label": labels.get(k, ""), "lines": v}
                                           for k, v in examples.items()],
            "notes": list(getattr(result, "notes", []) or [])}


def track_table(result, record: dict, name: str) -> pd.DataFrame:
    df = getattr(result, name).copy()
    df.attrs["record"] = record
    return df


def kwic_export(corpus, p: SearchParams) -> pd.DataFrame:
    """The whole concordance (at most :data:`EXPORT_LIMIT` lines) for CSV export."""
    df = kwic_table(corpus, p, limit=EXPORT_LIMIT)
    df.attrs["record"]["exported_lines"] = len(df)
    df.attrs["record"]["total"] = int(df.attrs["total"])
    return df
