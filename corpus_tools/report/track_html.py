"""A self-contained HTML report of :func:`corpus_tools.terms.track.track` (inline CSS, plots as inline PNG)."""
from __future__ import annotations

import base64
import io
import json
from html import escape
from typing import Any

import pandas as pd

__all__ = ["track_html"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#222;max-width:70em}
h1{font-size:1.3rem}h2{font-size:1.1rem;margin-top:2rem}h3{font-size:1rem}
table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}
th{text-align:left;border-bottom:2px solid #999;padding:.2rem .5rem}
td{padding:.15rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.left{text-align:right;white-space:nowrap}td.match{font-weight:bold;background:#ffe680;text-align:center}
p.note{color:#555;font-size:.9rem}div.help{background:#f4f7fb;padding:.5rem 1rem;border-left:3px solid #7a9cc6}
details{margin:.5rem 0 1rem}pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:.8rem}
"""

_HELP = """
<div class="help"><h3>How to read this report</h3><ul>
<li><b>Frequency</b> is hits per million words of the period's documents with an exact Poisson 95 % interval.
It is shown beside every shift score because a change in frequency is <i>not</i> a change in meaning.</li>
<li><b>PRT</b> = 1 − cosine of the two periods' mean usage vectors; <b>APD</b> = mean cosine distance over all
pairs of usages from the two periods; <b>change</b> = their mean (0 = identical contexts). APD is high for any word
with several senses even when nothing changed, so compare it with the permutation null rather than reading it
absolutely.</li>
<li>The <b>p-value</b> comes from shuffling the period labels of the usages: it answers "do the two periods'
usages differ more than random splits of the same usages?" The 95 % interval of relatedness (1 − change) comes
from resampling usages within each period.</li>
<li><b>Sense clusters</b> group usages by their contexts (k-means, k by silhouette). They are a reading aid, not
discovered word senses: label them yourself from the top context words and the example lines. A silhouette
below about 0.1 means the clusters overlap heavily.</li>
<li><b>Limits on small samples:</b> with fewer than about 10 usages in a period every figure is unstable (see the
interval widths); with fewer than 8 usages no clusters are formed; type-level change needs large periods
(tens of thousands of words) and is skipped otherwise.</li>
</ul></div>
"""


def _fig_png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return f'<img alt="plot" src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}">'


def _plots(result) -> str:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - matplotlib is optional
        return '<p class="note">(plots need matplotlib)</p>'
    out = []
    f = result.frequency
    fig, ax = plt.subplots(figsize=(6, 3))
    x = range(len(f))
    ax.plot(x, f["per_million"], marker="o", color="#2b5d9b")
    ax.fill_between(x, f["pm_low"], f["pm_high"], color="#2b5d9b", alpha=0.2, label="95 % CI")
    ax.set_xticks(list(x), f["period"])
    ax.set_ylabel("hits per million words")
    ax.set_title(f"Frequency of {result.target}")
    ax.legend()
    out.append(_fig_png(fig))
    s = result.cluster_shares
    if not s.empty:
        wide = s.pivot(index="period", columns="cluster", values="share").reindex(result.periods)
        fig, ax = plt.subplots(figsize=(6, 3))
        bottom = [0.0] * len(wide)
        for c in wide.columns:
            vals = wide[c].fillna(0).tolist()
            ax.bar(wide.index.astype(str), vals, bottom=bottom, label=f"sense {c}")
            bottom = [b + v for b, v in zip(bottom, vals)]
        ax.set_ylabel("share of usages")
        ax.set_ylim(0, 1)
        ax.set_title("Sense clusters per period")
        ax.legend(fontsize=8, bbox_to_anchor=(1.01, 1), loc="upper left")
        out.append(_fig_png(fig))
    return "\n".join(out)


def _fmt(v: Any) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v))
    return str(v)


def _table(df: pd.DataFrame, columns: list[str] | None = None) -> str:
    if df is None or df.empty:
        return '<p class="note">(none)</p>'
    cols = [c for c in (columns or list(df.columns)) if c in df.columns]
    head = "".join(f"<th>{escape(c)}</th>" for c in cols)
    rows = []
    for _, r in df[cols].iterrows():
        cells = "".join(
            f'<td class="num">{escape(_fmt(r[c]))}</td>' if isinstance(r[c], (int, float)) and not isinstance(r[c], bool)
            else f"<td>{escape(_fmt(r[c]))}</td>" for c in cols)
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def track_html(result, *, record: dict | None = None) -> str:
    """One self-contained HTML page: plots, frequency, shift scores with p-values, clusters with KWIC examples,
    neighbours, substitutes, notes, how to read them, and the reproducibility record."""
    parts = [f"<h1>Tracking {escape(result.target)} over {escape(', '.join(result.periods))}</h1>", _HELP,
             _plots(result), "<h2>Frequency</h2>",
             _table(result.frequency, ["period", "docs", "words", "hits", "hit_docs", "per_million", "pm_low",
                                       "pm_high"]),
             "<h2>Usage-level shift</h2>",
             _table(result.shift, ["earlier", "later", "n_earlier", "n_later", "prt_change", "apd", "change",
                                   "p_value", "relatedness", "ci_low", "ci_high", "pm_earlier", "pm_later",
                                   "freq_ratio", "type_cosine_distance", "type_local_neighbourhood"]),
             '<p class="note">ci_low/ci_high: bootstrap 95 % interval of relatedness. type_*: type-level change '
             "(per-period spaces, Procrustes alignment / local neighbourhood), empty when a period is too small."
             "</p>", "<h2>Sense clusters</h2>"]
    shares = result.cluster_shares
    for _, c in result.clusters.iterrows():
        parts.append(f"<h3>Sense {c['cluster']}: {escape(str(c['label']))} ({c['n']} usages)</h3>")
        sh = shares[shares["cluster"] == c["cluster"]]
        parts.append("<p>" + "; ".join(
            f"{escape(str(p))}: {s:.0%} ({n}/{t}, 95 % CI {lo:.0%}–{hi:.0%})" if t else f"{escape(str(p))}: –"
            for p, s, n, t, lo, hi in zip(sh["period"], sh["share"], sh["n"], sh["total"], sh["ci_low"],
                                          sh["ci_high"])) + "</p>")
        parts.append(f'<p class="note">top context lemmas (log-ratio against the other clusters): '
                     f"{escape(_fmt(c['top_lemmas']))}</p>")
        ex = result.examples[result.examples["cluster"] == c["cluster"]]
        rows = "".join(
            f'<tr><td class="meta">{escape(str(r.doc_id))} ({_fmt(r.year)})</td><td class="left">{escape(r.left)}'
            f'</td><td class="match">{escape(r.match)}</td><td>{escape(r.right)}</td></tr>'
            for r in ex.itertuples())
        parts.append(f"<table>{rows}</table>")
    if not result.clusters.empty:
        parts.append(f'<p class="note">k = {result.clusters["k"].iloc[0]}, silhouette '
                     f'{_fmt(result.clusters["silhouette"].iloc[0])}.</p>')
    parts += ["<h2>Nearest neighbours per period (type level)</h2>", _table(result.neighbours),
              "<h2>Substitution: candidates sharing the target's contexts</h2>",
              '<p class="note">Cosine between a candidate\'s mean usage vector and the target\'s, per period; '
              "change = last period − first period.</p>",
              _table(result.substitutes.sort_values(["kind", "change"], ascending=[True, False])
                     if not result.substitutes.empty else result.substitutes)]
    if result.notes:
        parts.append("<h2>Notes</h2><ul>" + "".join(f"<li>{escape(n)}</li>" for n in result.notes) + "</ul>")
    parts.append("<details><summary>Settings</summary><pre>"
                 + escape(json.dumps(result.settings, ensure_ascii=False, indent=1)) + "</pre></details>")
    if record:
        parts.append("<details><summary>Reproducibility record</summary><pre>"
                     + escape(json.dumps(record, ensure_ascii=False, indent=1, default=str)) + "</pre></details>")
    title = f"track {result.target}"
    return ("<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{_CSS}</style></head>\n<body>\n" + "\n".join(parts)
            + "\n</body></html>\n")
