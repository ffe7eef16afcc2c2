"""Reproducibility records: what produced a result — query, parameters, corpus content hash, software and
pipeline versions, conventions, time. Written as JSON with ``--record FILE`` and beside exported files."""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

#: Names of the conventions behind each analysis (documented in docs/statistics.md and docs/queries.md).
CONVENTIONS: dict[str, list[str]] = {
    "kwic": ["matching: case- and ё-insensitive on normalized spelling (docs/queries.md)",
             "context: token window from the original text"],
    "freq": ["tokens = word tokens (POS not PUNCT/SYM)", "ci = exact Poisson (Garwood 1936), 95%",
             "time = document reference year (midpoint of the date span, docs/dates.md)"],
    "collocates": ["surface co-occurrence window (Evert 2008)", "E11 = R1*C1/N", "docs/statistics.md"],
    "keywords": ["G2 4-cell (Rayson & Garside 2000)", "Log Ratio (Hardie 2014)",
                 "simple maths (Kilgarriff 2009)", "%DIFF (Gabrielatos & Marchi 2012)"],
    "wordlist": ["tokens = word tokens (POS not PUNCT/SYM)"],
}

_PACKAGES = ("duckdb", "pandas", "pyarrow", "spacy", "pymorphy3", "pymorphy3-dicts-ru", "numpy", "scipy")


@lru_cache(maxsize=None)
def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def make_record(analysis: str, parameters: dict[str, Any], corpus=None) -> dict[str, Any]:
    """A JSON-able record of one result."""
    from .. import __version__

    rec: dict[str, Any] = {
        "tool": "corpus_tools",
        "version": __version__,
        "analysis": analysis,
        "parameters": {k: _jsonable(v) for k, v in parameters.items()},
        "conventions": CONVENTIONS.get(analysis, []),
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "packages": {p: _version(p) for p in _PACKAGES},
        "command": " ".join(sys.argv) if sys.argv and sys.argv[0].endswith(("corpus-tools", "__main__.py")) else None,
    }
    if corpus is not None:
        rec["corpus"] = {
            "path": str(corpus.path),
            "content_hash": corpus.content_hash,
            "documents": corpus.meta.get("counts", {}).get("documents"),
            "tokens": corpus.meta.get("counts", {}).get("tokens"),
            "pipeline": corpus.meta.get("software"),
            "lexicon_hash": corpus.meta.get("lexicon_hash"),
        }
    return rec


def _jsonable(v: Any) -> Any:
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, os.PathLike):
        return str(v)
    return repr(v)


def write_record(record: dict[str, Any], path: str | os.PathLike) -> Path:
    p = Path(path)
    p.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return p


def record_path_for(exported: str | os.PathLike) -> Path:
    """Where the record of an exported file goes: ``FILE.record.json`` beside it."""
    p = Path(exported)
    return p.with_name(p.name + ".record.json")
