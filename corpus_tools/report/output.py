"""Writers for result DataFrames: ``table`` (rich), ``csv``, ``tsv``, ``json``."""
from __future__ import annotations

import datetime as dt
import json
import math
import sys
from typing import IO, Any

import numpy as np
import pandas as pd

FORMATS = ("table", "csv", "tsv", "json")


def _plain(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, (dt.date, dt.datetime, pd.Timestamp)):
        return v.isoformat()
    return v


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain-Python dicts (NaN → None, numpy scalars → int/float)."""
    cols = list(df.columns)
    return [{c: _plain(v) for c, v in zip(cols, row)} for row in df.itertuples(index=False, name=None)]


def to_json(df: pd.DataFrame) -> str:
    return json.dumps(records(df), ensure_ascii=False, indent=1)


def _fmt_cell(v: Any) -> str:
    v = _plain(v)
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}" if abs(v) < 1e6 else f"{v:.3g}"
    return str(v)


def write(df: pd.DataFrame, fmt: str = "table", *, out: IO[str] | None = None, title: str | None = None,
          right_align: tuple[str, ...] = ("left",)) -> None:
    """Write ``df`` to ``out`` (stdout) in one of :data:`FORMATS`."""
    out = out or sys.stdout
    if fmt == "json":
        out.write(to_json(df) + "\n")
    elif fmt in ("csv", "tsv"):
        df.to_csv(out, sep="," if fmt == "csv" else "\t", index=False, lineterminator="\n")
    elif fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False, header_style="bold")
        for col in df.columns:
            numeric = pd.api.types.is_numeric_dtype(df[col])
            table.add_column(str(col), justify="right" if numeric or col in right_align else "left",
                             overflow="fold")
        for row in df.itertuples(index=False, name=None):
            table.add_row(*(_fmt_cell(v) for v in row))
        Console(file=out, width=max(100, Console(file=out).width), soft_wrap=False).print(table)
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _clip_left(s: str, width: int) -> str:
    return s if len(s) <= width else "…" + s[-(width - 1):]


def _clip_right(s: str, width: int) -> str:
    return s if len(s) <= width else s[: width - 1] + "…"


def write_kwic(df: pd.DataFrame, *, out: IO[str] | None = None, title: str | None = None,
               context_width: int = 42) -> None:
    """A concordance as a terminal table: left context right-aligned and clipped from the left, the match
    highlighted, right context clipped on the right — one line per hit."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out = out or sys.stdout
    table = Table(title=title, header_style="bold", box=None, pad_edge=False)
    table.add_column("doc_id", no_wrap=True, overflow="ellipsis", max_width=28)
    table.add_column("date", no_wrap=True)
    table.add_column("left", justify="right", no_wrap=True)
    table.add_column("match", no_wrap=True, style="bold")
    table.add_column("right", no_wrap=True)
    for doc_id, date, left, match, right in df[["doc_id", "date", "left", "match", "right"]].itertuples(
            index=False, name=None):
        table.add_row(str(doc_id), str(date or ""), Text(_clip_left(left, context_width)), Text(match),
                      Text(_clip_right(right, context_width)))
    Console(file=out, width=200, soft_wrap=False).print(table)


def freq_display(df: pd.DataFrame) -> pd.DataFrame:
    """The terminal view of a frequency table: intervals and document counts folded into one column each."""
    def num(v):
        return f"{v:.0f}" if abs(v) >= 100 else f"{v:.2f}"

    def span(lo, hi):
        return "" if pd.isna(lo) else f"{num(lo)}–{num(hi)}"

    return pd.DataFrame({
        "query": df["query"], "period": df["period"], "hits": df["hits"], "tokens": df["tokens"],
        "per_million": df["per_million"],
        "95% CI": [span(a, b) for a, b in zip(df["ci_low"], df["ci_high"])],
        "bootstrap CI": [span(a, b) for a, b in zip(df["boot_ci_low"], df["boot_ci_high"])],
        "docs": [f"{a}/{b}" for a, b in zip(df["docs"], df["docs_total"])],
        "DP": df["dp"],
    })
