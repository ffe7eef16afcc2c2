"""Export to VRT, the vertical text format of CWB, NoSketch Engine and CQPweb.

::

    <text id="b1930" year="1930" date="15.03.1930" doc_type="ogpu_summary" ...>
    <s n="0">
    Под	под	ADP	под	_
    ...
    </s>
    </text>

One token per line with the positional attributes ``word lemma pos norm feats`` (tab-separated, in this
order); ``<text>`` carries the document metadata (standard fields and ``extra`` fields) as structural
attributes; ``<s>`` the sentences. Everything is XML-escaped; tabs and line breaks inside a token are removed
and an empty value is written ``_``.
"""
from __future__ import annotations

import os
import re
from xml.sax.saxutils import escape, quoteattr

from ._stream import clean_cell, sentence_ranges, write_documents

__all__ = ["VRT_ATTRIBUTES", "VRT_TEXT_FIELDS", "export_vrt"]

#: Positional attributes, in column order (declare them in this order in the CWB registry).
VRT_ATTRIBUTES = ("word", "lemma", "pos", "norm", "feats")
#: Document fields written on ``<text>`` (then every ``extra`` field), renamed where CWB expects a name.
VRT_TEXT_FIELDS = {"doc_id": "id", "year": "year", "date_text": "date", "doc_type": "doc_type", "title": "title",
                   "language": "language", "script": "script", "source": "source", "region": "region"}

_NAME = re.compile(r"[^A-Za-z0-9_]")


def _attr_name(name: str) -> str:
    """A structural attribute name CWB accepts (ASCII letters, digits, underscore; lower case)."""
    n = _NAME.sub("_", name).lower()
    return n if n and not n[0].isdigit() else f"x_{n}"


def _text_open(meta: dict) -> str:
    attrs = []
    for field, name in VRT_TEXT_FIELDS.items():
        v = meta.get(field)
        attrs.append(f"{name}={quoteattr('' if v is None else str(v))}")
    for key, v in sorted((meta.get("extra") or {}).items()):
        name = _attr_name(key)
        if name not in VRT_TEXT_FIELDS.values():
            attrs.append(f"{name}={quoteattr('' if v is None else str(v))}")
    return "<text " + " ".join(attrs) + ">\n"


def export_vrt(corpus, path: str | os.PathLike) -> dict[str, int]:
    """Write ``corpus`` as VRT to ``path`` (UTF-8), streaming one token part at a time.

    Returns
    -------
    dict
        ``documents``, ``sentences`` and ``tokens`` written.
    """
    def render(doc) -> tuple[str, int]:
        t = doc.tokens
        lines = [_text_open(doc.meta)]
        sentences = 0
        for sent, first, last in sentence_ranges(t):
            lines.append(f'<s n="{sent}">\n')
            for k in range(first, last + 1):
                cells = (t["form"][k], t["lemma"][k], t["pos"][k], t["norm"][k], t["feats"][k])
                lines.append("\t".join(escape(clean_cell(c)) for c in cells) + "\n")
            lines.append("</s>\n")
            sentences += 1
        lines.append("</text>\n")
        return "".join(lines), sentences

    return write_documents(corpus, path, render)
