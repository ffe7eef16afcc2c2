"""Self-contained HTML pages (inline CSS, no external assets): a concordance and a document with its hits."""
from __future__ import annotations

import json
from html import escape
from typing import Any
from urllib.parse import quote

import pandas as pd

__all__ = ["doc_anchor", "document_html", "kwic_html"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.3rem}h2{font-size:1.1rem;margin-top:2rem}
table.kwic{border-collapse:collapse;width:100%;font-size:.92rem}
table.kwic th{text-align:left;border-bottom:2px solid #999;padding:.2rem .4rem;white-space:nowrap}
table.kwic td{padding:.15rem .4rem;border-bottom:1px solid #eee;vertical-align:top}
td.left{text-align:right;white-space:nowrap;overflow:hidden;max-width:32em;direction:ltr}
td.right{text-align:left;white-space:nowrap;overflow:hidden;max-width:32em}
td.match,mark{font-weight:bold;background:#ffe680}
td.match{text-align:center;white-space:nowrap}
td.meta{color:#555;font-size:.85rem;white-space:nowrap}
dl.meta{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem}dl.meta dt{font-weight:bold}
div.text{white-space:pre-wrap;line-height:1.5;max-width:50em}
details{margin:.5rem 0 1rem}pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:.8rem}
"""

#: KWIC columns not repeated as metadata columns (they are shown as the line itself or are internal).
_LINE_COLUMNS = ("doc_id", "left", "match", "right", "start", "end", "sent", "i0")


def doc_anchor(doc_id: str) -> str:
    """The HTML ``id`` of a document section (any doc id, made safe for a fragment)."""
    return "doc-" + quote(str(doc_id), safe="")


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def _cell(v: Any) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    return escape(str(v))


def _record_block(record: dict | None) -> str:
    if not record:
        return ""
    text = json.dumps(record, ensure_ascii=False, indent=1, default=str)
    return f"<details><summary>Reproducibility record</summary><pre>{escape(text)}</pre></details>\n"


def kwic_html(df: pd.DataFrame, *, title: str | None = None, record: dict | None = None,
              doc_href: str | None = None, documents: list[dict] | None = None) -> str:
    """A concordance as a self-contained HTML page.

    Parameters
    ----------
    df : DataFrame
        A :func:`~corpus_tools.query.kwic.kwic` result (``doc_id, left, match, right`` required; every other
        column except offsets is shown as a metadata column).
    title : str, optional
        Page title; default: the query and the line count.
    record : dict, optional
        Reproducibility record, shown in a collapsible block.
    doc_href : str, optional
        Link template for each line's document, with ``{doc_id}`` (URL-quoted), ``{start}`` and ``{end}``,
        e.g. ``"docs/{doc_id}.html#hit-{start}"``. Default: ``#doc-…``, the document's section on this page
        when ``documents`` is given.
    documents : list of dict, optional
        :func:`~corpus_tools.query.show.show` results appended below the table, hits highlighted, so the
        links work inside one file.

    Returns
    -------
    str
        The HTML page. Every value is escaped; the left context is right-aligned, the match highlighted.
    """
    total = df.attrs.get("total", len(df))
    query = df.attrs.get("query", "")
    title = title or f"{query}: {len(df)} of {total} lines"
    meta_cols = [c for c in df.columns if c not in _LINE_COLUMNS]
    head = "".join(f"<th>{escape(str(c))}</th>" for c in ["doc_id", *meta_cols]) + \
        '<th style="text-align:right">left</th><th>match</th><th>right</th>'
    rows = []
    for n, rec in enumerate(df.to_dict("records"), 1):
        doc_id = str(rec["doc_id"])
        start, end = rec.get("start", ""), rec.get("end", "")
        if doc_href:
            href = doc_href.format(doc_id=quote(doc_id, safe=""), start=start, end=end)
        else:
            href = f"#{doc_anchor(doc_id)}" + (f"-{start}" if documents is not None and start != "" else "")
        meta = "".join(f'<td class="meta">{_cell(rec.get(c))}</td>' for c in meta_cols)
        rows.append(
            f'<tr id="line-{n}"><td class="meta"><a href="{escape(href)}">{escape(doc_id)}</a></td>{meta}'
            f'<td class="left">{_cell(rec["left"])}</td><td class="match">{_cell(rec["match"])}</td>'
            f'<td class="right">{_cell(rec["right"])}</td></tr>'
        )
    body = (
        f"<h1>{escape(title)}</h1>\n{_record_block(record)}"
        f'<table class="kwic"><thead><tr>{head}</tr></thead><tbody>\n' + "\n".join(rows) + "\n</tbody></table>\n"
    )
    for doc in documents or ():
        body += _document_section(doc, heading="h2")
    return _page(title, body)


def _document_section(result: dict[str, Any], *, heading: str = "h1") -> str:
    from ..query.show import merge_spans

    anchor = doc_anchor(result["doc_id"])
    meta = "".join(f"<dt>{escape(str(k))}</dt><dd>{_cell(v)}</dd>" for k, v in result["metadata"].items()
                   if v not in (None, ""))
    text = result["text"]
    parts, pos = [], 0
    for s, e in merge_spans(result["hits"]):
        parts.append(escape(text[pos:s]))
        parts.append(f'<mark id="{anchor}-{s}">{escape(text[s:e])}</mark>')
        pos = e
    parts.append(escape(text[pos:]))
    query = result.get("query")
    q = f"<p>query <code>{escape(query)}</code>: {len(result['hits'])} hits</p>" if query else ""
    return (f'<section id="{anchor}"><{heading}>{escape(str(result["doc_id"]))}</{heading}>'
            f'<dl class="meta">{meta}</dl>{q}<div class="text">{"".join(parts)}</div></section>\n')


def document_html(show_result: dict[str, Any], *, record: dict | None = None) -> str:
    """One :func:`~corpus_tools.query.show.show` result as a self-contained HTML page, hits highlighted
    (each hit is ``<mark id="doc-<id>-<start>">`` so a concordance can link to it)."""
    title = str(show_result.get("metadata", {}).get("title") or show_result["doc_id"])
    return _page(title, _record_block(record) + _document_section(show_result))
