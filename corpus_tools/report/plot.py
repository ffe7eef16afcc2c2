"""Per-million frequency over time with confidence bands (matplotlib; PNG, SVG or PDF by file extension)."""
from __future__ import annotations

import os

import pandas as pd


def plot_freq(df: pd.DataFrame, path: str | os.PathLike, *, title: str | None = None) -> None:
    """Plot the output of :func:`corpus_tools.query.freq.freq`: one line per query with its CI band."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    periods = list(dict.fromkeys(df["period"].tolist()))
    numeric = pd.api.types.is_integer_dtype(df["period"])
    xs = {p: (p if numeric else k) for k, p in enumerate(periods)}
    for query, g in df.groupby("query", sort=False):
        x = [xs[p] for p in g["period"]]
        ax.plot(x, g["per_million"], marker="o", label=query)
        ax.fill_between(x, g["ci_low"], g["ci_high"], alpha=0.2)
    if not numeric:
        ax.set_xticks(range(len(periods)), [str(p) for p in periods], rotation=30, ha="right")
    ax.set_ylabel("per million words (95% CI)")
    ax.set_xlabel(str(df.attrs.get("by", "period")))
    ax.set_title(title or "Frequency over time")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
