"""``corpus-tools demo``: build the bundled constructed corpus and report on «откочевка» over time."""
from __future__ import annotations

import os
from pathlib import Path
from typing import IO

import pandas as pd

from ..errors import CorpusToolsError
from ..query.compile import matches_sql
from ..query.parse import parse_query
from ..query.periods import parse_periods
from .output import freq_display, write, write_kwic

#: Periods of the domain primer (``../shared/DOMAIN.md``) covered by the demo corpus.
DEMO_PERIODS = "1912-1924,1925-1928,1929-1933,1934-1936"
DEMO_QUERY = "откоч*"
#: Lemmas that mark the two readings of «откочевка» in the same sentence.
FLIGHT_CONTEXT = ("агитация", "кордон", "китай", "синьцзян", "монголия", "граница", "бегство", "эмиграция",
                  "наущение", "слух", "байско-кулацкий", "бай", "кулацкий", "байский")
SEASONAL_CONTEXT = ("пастбище", "джайляу", "жайляу", "летовка", "зимовка", "колодец", "весенний", "летний",
                    "осенний", "зимний", "кочевой", "маршрут", "зимовье")


def demo_source() -> Path:
    """The demo corpus folder: package data when installed, ``corpora/demo`` in a source checkout."""
    here = Path(__file__).resolve().parents[1]
    for candidate in (here / "demo_corpus", here.parent / "corpora" / "demo"):
        if (candidate / "manifest.csv").is_file():
            return candidate
    raise CorpusToolsError("the demo corpus is missing from this installation; reinstall corpus_tools")


def context_profile(corpus, query: str = DEMO_QUERY, periods: str = DEMO_PERIODS) -> pd.DataFrame:
    """Share of the query's hits whose sentence also contains a flight/incitement or a seasonal-move word."""
    m = matches_sql(parse_query(query))
    flight = ", ".join("?" for _ in FLIGHT_CONTEXT)
    seasonal = ", ".join("?" for _ in SEASONAL_CONTEXT)
    sql = f"""
        WITH m AS ({m.text}),
        h AS (SELECT m.doc_id, m.i0, t.sent FROM m JOIN tokens t ON t.doc_id = m.doc_id AND t.i = m.i0)
        SELECT h.doc_id, h.i0, d.year,
               bool_or(s.lemma IN ({flight})) AS flight,
               bool_or(s.lemma IN ({seasonal})) AS seasonal
        FROM h JOIN tokens s ON s.doc_id = h.doc_id AND s.sent = h.sent
        JOIN documents d ON d.doc_id = h.doc_id
        GROUP BY h.doc_id, h.i0, d.year
    """
    df = corpus.con.execute(sql, m.params + list(FLIGHT_CONTEXT) + list(SEASONAL_CONTEXT)).df()
    rows = []
    for p in parse_periods(periods):
        g = df[(df["year"] >= p.start) & (df["year"] <= p.end)]
        n = len(g)
        rows.append({
            "period": p.label, "hits": n,
            "flight_or_incitement_%": 100 * g["flight"].mean() if n else float("nan"),
            "seasonal_move_%": 100 * g["seasonal"].mean() if n else float("nan"),
        })
    return pd.DataFrame(rows)


def run_demo(out: str | os.PathLike = "demo.corpus", *, stream: IO[str] | None = None, progress=None):
    """Build the demo corpus into ``out`` and write the report to ``stream``; return the corpus."""
    import sys

    from ..store import build

    stream = stream or sys.stdout
    src = demo_source()
    corpus = build([src], out, progress=progress)
    info = corpus.info()
    say = stream.write
    say("corpus_tools demo — a CONSTRUCTED corpus written for this project (not quotations from archives)\n")
    say(f"Built {info['path']}: {info['documents']} documents, {info['tokens']} tokens, "
        f"years {info['years'][0]}–{info['years'][1]}\n\n")
    f = corpus.freq([DEMO_QUERY], by=DEMO_PERIODS)
    write(freq_display(f), "table", out=stream,
          title=f"«{DEMO_QUERY}» (all откочевка-family words) per period, per million words")
    write(context_profile(corpus), "table", out=stream,
          title="What surrounds «откоч*» in its sentence: flight/incitement words vs seasonal-move words")
    from ..terms.track import tracking_summary

    say("\n" + tracking_summary(corpus) + "\n"
        "(full report: corpus-tools track demo.corpus term:otkochevka --periods 1912-1928,1929-1933 --html t.html)\n\n")
    for label, years in (("before collectivization", (None, 1928)), ("1929–1933", (1929, 1933))):
        k = corpus.kwic("откочевка", window=7, years=years, limit=4)
        write_kwic(k, out=stream, title=f"«откочевка» {label} (4 of {k.attrs['total']} lines)", context_width=38)
    say("\nNext: corpus-tools kwic demo.corpus 'откочевка' --from 1929 --to 1933\n"
        "      corpus-tools freq demo.corpus откочевка агитация --by year --format csv\n")
    return corpus
