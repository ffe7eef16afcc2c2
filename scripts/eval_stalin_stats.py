#!/usr/bin/env python
"""Statistics on a real diachronic corpus: Stalin's collected works (1,243 dated documents, 1901–1952).

Prints (and with --markdown writes):
1. per-year frequency of «кулак» with the exact Poisson and the document-bootstrap 95% intervals, and its
   dispersion (Gries' DP, Juilland's D) per period;
2. the top collocates of «кулак» in 1917–1927 vs 1928–1934 (logDice, window 5/5, min. frequency 3), and the
   collocates that appear, vanish or change most between the two periods;
3. keywords of 1929–1933 against 1917–1927 (G², Log Ratio with CI, simple maths).

Usage:
    python scripts/eval_stalin_stats.py [--corpus DIR] [--markdown PATH] [--json PATH]
The corpus is built with scripts/bench_build_stalin.py (--keep DIR) unless --corpus names an existing one.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / ".." / "shared" / "data" / "corpora" / "stalin_works_ruts" / "stalin_works.tar.xz"
PERIODS = "1917-1927,1928-1934,1935-1952"


def md_table(df, floatfmt: str = "{:.2f}") -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in df.itertuples(index=False):
        cells = []
        for v in row:
            if isinstance(v, float):
                cells.append("" if v != v else floatfmt.format(v))
            else:
                cells.append(str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--markdown", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    import corpus_tools as ct

    with tempfile.TemporaryDirectory() as tmp:
        path = args.corpus
        if path is None:
            if not DATA.exists():
                print(f"data not found: {DATA} — skipping (this script needs ../shared/data)")
                return 0
            path = Path(tmp) / "stalin.corpus"
            subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_build_stalin.py"), "--keep", str(path)],
                           check=True, stdout=subprocess.DEVNULL)
        c = ct.Corpus.open(path)
        sections = []
        fy = c.freq("кулак", by="year", years=(1917, 1940))
        fy = fy[fy["tokens"] > 0]
        t1 = fy[["period", "hits", "tokens", "per_million", "ci_low", "ci_high", "boot_ci_low", "boot_ci_high",
                 "docs", "docs_total"]]
        sections.append(("Per-year frequency of «кулак» (lemma), 1917–1940", md_table(t1)))
        fp = c.freq("кулак", by=PERIODS)
        t2 = fp[["period", "hits", "tokens", "per_million", "ci_low", "ci_high", "boot_ci_low", "boot_ci_high",
                 "docs", "docs_total", "dp", "dp_norm", "juilland_d"]]
        sections.append((f"«кулак» per period with dispersion over documents ({PERIODS})", md_table(t2)))
        tops = {}
        for period in ("1917-1927", "1928-1934"):
            lo, hi = (int(y) for y in period.split("-"))
            col = c.collocates("кулак", years=(lo, hi), min_freq=3, limit=15)
            tops[period] = col
            sections.append((f"Top collocates of «кулак», {period} (window 5/5, f ≥ 3, by logDice)",
                             md_table(col[["collocate", "freq", "f2", "logdice", "mi", "t", "g2", "log_ratio"]])))
        ch = c.collocate_changes("кулак", "1917-1927", "1928-1934", min_freq=2)
        show = ch.groupby("status", sort=False).head(8)
        sections.append(("Collocates of «кулак» that appear, vanish or change most (1917–1927 → 1928–1934, f ≥ 2)",
                         md_table(show)))
        kw = c.keywords(target="1929-1933", reference="1917-1927", min_freq=10)
        pos = kw[kw["direction"] == "positive"].head(20)
        neg = kw[kw["direction"] == "negative"].head(10)
        cols = ["item", "target_freq", "reference_freq", "g2", "log_ratio", "log_ratio_ci_low", "log_ratio_ci_high",
                "simple_maths"]
        sections.append((f"Keywords of 1929–1933 ({kw.attrs['target_tokens']:,} words) against 1917–1927 "
                         f"({kw.attrs['reference_tokens']:,} words): positive, by G²", md_table(pos[cols])))
        sections.append(("Negative keywords (less frequent in 1929–1933), by G²", md_table(neg[cols])))
        text = "\n\n".join(f"### {title}\n\n{table}" for title, table in sections)
        print(text)
        if args.markdown:
            args.markdown.write_text(
                f"Output of `python scripts/eval_stalin_stats.py` on the corpus built by "
                f"`scripts/bench_build_stalin.py` (content hash `{c.content_hash[:16]}…`, pipeline "
                f"{c.meta['software']}).\n\n{text}\n", encoding="utf-8")
        if args.json:
            args.json.write_text(json.dumps({
                "freq_by_year": t1.to_dict("records"), "freq_by_period": t2.to_dict("records"),
                "collocates": {k: v["collocate"].tolist() for k, v in tops.items()},
                "keywords_positive": pos["item"].tolist(), "keywords_negative": neg["item"].tolist(),
            }, ensure_ascii=False, indent=1, default=float) + "\n", encoding="utf-8")
        c.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
