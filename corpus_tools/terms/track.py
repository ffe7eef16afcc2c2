"""Corpus-level tracking of a term across periods: frequency, usage-level shift, sense clusters, type-level
change and substitution (issue 4, items 4–6).

``track(corpus, "term:otkochevka", periods="1912-1928,1929-1933")`` →
:class:`TrackResult`. Every usage of the target is one sentence of the corpus; its vector is the SIF-weighted
mean of its content lemmas' vectors in one PPMI → SVD space fitted on the whole corpus
(:class:`~corpus_tools.terms.space.ContextSpace`), and two periods are compared by the same function that
:func:`~corpus_tools.terms.shift.compare_usages` uses (:func:`~corpus_tools.terms.shift.usage_shift`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CorpusToolsError, EmptySelectionError
from ..normalize import fold
from ..query.periods import Period, parse_periods, period_label
from ..stats.ci import per_million_ci
from .clusters import cluster_usages, label_clusters
from .coding import wilson_interval
from .contexts import STOP_LEMMAS
from .lexicon import Lexicon, load_lexicons
from .shift import DEFAULT_BOOTSTRAP, DEFAULT_PERMUTATIONS, USAGE_WINDOW, usage_shift
from .space import ContextSpace, SpaceError
from .typelevel import MIN_PERIOD_TOKENS, align, local_neighbourhood_distance, nearest, period_spaces, vector

__all__ = ["CONTENT_POS", "TARGET_TOKEN", "TrackError", "TrackResult", "track", "tracking_summary"]

#: Universal POS tags whose lemmas count as context words.
CONTENT_POS: tuple[str, ...] = ("NOUN", "PROPN", "VERB", "ADJ", "ADV")
#: The pseudo-word that stands for every hit of the target in the fitted spaces.
TARGET_TOKEN = "<target>"
#: Columns of the DataFrames of a :class:`TrackResult`.
FREQUENCY_COLUMNS = ["period", "start", "end", "docs", "words", "hits", "hit_docs", "per_million", "pm_low",
                     "pm_high"]
SHIFT_COLUMNS = ["earlier", "later", "n_earlier", "n_later", "prt_change", "apd", "change", "relatedness",
                 "p_value", "p_prt", "p_apd", "ci_low", "ci_high", "pm_earlier", "pm_later", "freq_ratio",
                 "type_cosine_distance", "type_local_neighbourhood"]


class TrackError(CorpusToolsError):
    """The target cannot be tracked over the given periods (no hits, one period, …)."""


@dataclass
class TrackResult:
    """Everything :func:`track` measured. DataFrames are documented in ``docs/terms.md``."""

    target: str
    periods: list[str]
    frequency: pd.DataFrame
    shift: pd.DataFrame
    clusters: pd.DataFrame
    cluster_shares: pd.DataFrame
    examples: pd.DataFrame
    neighbours: pd.DataFrame
    substitutes: pd.DataFrame
    usages: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    space: ContextSpace | None = field(default=None, repr=False)

    TABLES = ("frequency", "shift", "clusters", "cluster_shares", "examples", "neighbours", "substitutes")

    def to_dict(self) -> dict[str, Any]:
        from ..report.output import records

        out: dict[str, Any] = {"target": self.target, "periods": self.periods, "settings": self.settings,
                               "notes": self.notes}
        for name in self.TABLES:
            out[name] = records(getattr(self, name))
        return out

    def to_json(self, **kw) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=kw.pop("indent", 1), **kw)


# --------------------------------------------------------------------------- hits and sentences
def _hits(corpus, target: str, lexicon: Lexicon | None, lang: str | None = None) -> pd.DataFrame:
    """``doc_id, i0, i1, start, end, lemma, year`` of every hit of ``term:ID`` or of a query; with ``lang``,
    only hits whose first token is in that language (usage contexts of two languages are not comparable)."""
    if target.startswith("term:"):
        from .variants import concept_hits

        lex = lexicon if lexicon is not None else load_lexicons()
        h = concept_hits(corpus, target[5:], lexicon=lex, lang=lang)
        h = h[["doc_id", "i0", "i1", "start", "end", "lemma", "year"]]
    else:
        from ..query.compile import matches_sql
        from ..query.parse import parse_query

        m = matches_sql(parse_query(target), extra_keys=corpus.extra_fields)
        sql = f"""WITH m AS ({m.text})
                  SELECT m.doc_id, m.i0, m.i1, m.start, m."end", m.lemma, d.year FROM m JOIN documents d USING (doc_id)
                  ORDER BY d.year NULLS LAST, m.doc_id, m.i0"""
        h = corpus.con.execute(sql, m.params).df()
    if lang and len(h):
        con = corpus.con
        con.register("_track_hits", h[["doc_id", "i0"]])
        try:
            keep = con.execute(
                "SELECT h.doc_id, h.i0 FROM _track_hits h JOIN tokens t ON t.doc_id = h.doc_id AND t.i = h.i0 "
                "WHERE t.lang = ?", [lang]).df()
        finally:
            con.unregister("_track_hits")
        h = h.merge(keep, on=["doc_id", "i0"], how="inner")
    return h.reset_index(drop=True)


def _period_of(years: pd.Series, periods: list[Period]) -> pd.Series:
    return years.map(lambda y: period_label(None if pd.isna(y) else y, periods))


def _sentences(corpus, periods: list[Period], hits: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """Content lemmas of every sentence in the periods (hits replaced by :data:`TARGET_TOKEN`).

    Returns ``({(doc_id, sent): [lemma, …]}, sentence table doc_id, sent, period)``.
    """
    lo, hi = min(p.start for p in periods), max(p.end for p in periods)
    pos = ", ".join(f"'{p}'" for p in CONTENT_POS)
    tok = corpus.con.execute(f"""
        SELECT t.doc_id, t.sent, t.i, t.lemma, t.pos, d.year FROM tokens t JOIN documents d USING (doc_id)
        WHERE d.year BETWEEN ? AND ? AND t.pos NOT IN ('PUNCT', 'SYM') ORDER BY t.doc_id, t.i""", [lo, hi]).df()
    target_pos = {(d, i) for d, a, b in zip(hits["doc_id"], hits["i0"], hits["i1"]) for i in range(a, b + 1)}
    first_pos = set(zip(hits["doc_id"], hits["i0"]))
    # content words, plus the target's first tokens whatever their POS (a pseudo-word may be tagged X)
    keep = tok["pos"].isin(CONTENT_POS).to_numpy() | np.array([k in first_pos for k in zip(tok["doc_id"], tok["i"])],
                                                               dtype=bool)
    tok = tok[keep].drop(columns="pos")
    tok["lemma"] = tok["lemma"].fillna("").map(fold)
    keys = list(zip(tok["doc_id"], tok["i"]))
    lemmas = [TARGET_TOKEN if k in first_pos else (None if k in target_pos or lem in STOP_LEMMAS or not lem
                                                   else lem)
              for k, lem in zip(keys, tok["lemma"])]
    tok["lemma"] = lemmas
    tok = tok[tok["lemma"].notna()]
    sents = {k: list(g) for k, g in tok.groupby(["doc_id", "sent"], sort=False)["lemma"]}
    table = tok.drop_duplicates(["doc_id", "sent"])[["doc_id", "sent", "year"]].copy()
    table["period"] = _period_of(table["year"], periods)
    return sents, table


def _kwic_lines(corpus, rows: pd.DataFrame, width: int = 70) -> pd.DataFrame:
    """``left, match, right`` from the documents' text for rows with ``doc_id, start, end``."""
    if rows.empty:
        return rows.assign(left=[], match=[], right=[])
    ids = sorted(set(rows["doc_id"]))
    texts = dict(corpus.con.execute(
        f"SELECT doc_id, text FROM documents WHERE doc_id IN ({', '.join('?' for _ in ids)})", ids).fetchall())

    def clean(s: str) -> str:
        return " ".join(s.split())

    left, match, right = [], [], []
    for d, s, e in zip(rows["doc_id"], rows["start"], rows["end"]):
        t = texts[d]
        left.append(clean(t[max(0, s - width * 2):s])[-width:])
        match.append(clean(t[s:e]))
        right.append(clean(t[e:e + width * 2])[:width])
    return rows.assign(left=left, match=match, right=right)


# --------------------------------------------------------------------------- the analysis
def track(
    corpus,
    target: str,
    *,
    periods: str,
    lexicon: Lexicon | None = None,
    lang: str | None = "ru",
    space: ContextSpace | None = None,
    dims: int = 100,
    window: int | None = USAGE_WINDOW,
    n_permutations: int = DEFAULT_PERMUTATIONS,
    n_bootstrap: int = DEFAULT_BOOTSTRAP,
    clusters: bool = True,
    k_range: tuple[int, int] = (2, 4),
    n_examples: int = 3,
    type_level: bool = True,
    min_period_tokens: int = MIN_PERIOD_TOKENS,
    substitutes: bool = True,
    n_substitutes: int = 15,
    alpha: float = 0.05,
    seed: int = 0,
) -> TrackResult:
    """Track ``target`` (``term:ID`` or a query) over ``periods`` in ``corpus``.

    Parameters
    ----------
    corpus : Corpus
    target : str
        ``term:ID`` — a concept of ``lexicon`` (shipped lexicons by default) — or a query (``откоч*``, CQL).
    periods : str
        At least two periods, e.g. ``"1912-1928,1929-1933"``. Documents outside them (or undated) are ignored.
    lang : str or None, default "ru"
        Track the usages in this language only (hits whose first token has this ``lang``; for ``term:ID`` also
        only that language's patterns). Usage vectors of two languages share no context words, so mixing them
        splits the clusters by language; ``None`` keeps every hit.
    lexicon : Lexicon, optional
        For ``term:ID`` and for substitution candidates; default the shipped lexicons.
    space : ContextSpace, optional
        A space fitted elsewhere (e.g. on a larger corpus); by default one is fitted on every sentence of the
        periods, the target's hits replaced by one pseudo-word (:data:`TARGET_TOKEN`).
    dims, window
        Settings of that space: 100 dimensions; co-occurrence over the whole sentence (``window=None``), the
        setting chosen on the RuShiftEval dev words (``scripts/eval_shift.py``); an int counts ±window
        content words.
    n_permutations, n_bootstrap, alpha
        Permutation null and bootstrap of :func:`~corpus_tools.terms.shift.usage_shift`.
    clusters : bool
        Form sense clusters (off: every usage in cluster 1, no examples).
    k_range : (int, int)
        Candidate numbers of sense clusters; the one with the best silhouette is kept.
    n_examples : int
        KWIC lines shown per cluster (the usages nearest the cluster centre).
    type_level : bool
        Fit per-period spaces and compare the target's type vectors (Procrustes, local neighbourhood) when every
        compared period has at least ``min_period_tokens`` content tokens.
    substitutes : bool
        Compute which lexicon concepts and lemmas share the target's contexts, per period.
    seed : int

    Returns
    -------
    TrackResult
    """
    plist = parse_periods(periods)
    if len(plist) < 2:
        raise TrackError(f"give at least two periods (got {periods!r}), e.g. --periods 1912-1928,1929-1933")
    labels = [p.label for p in plist]
    lex = lexicon if lexicon is not None else (load_lexicons() if target.startswith("term:") or substitutes
                                               else None)
    hits = _hits(corpus, target, lex, lang).copy()
    hits["period"] = _period_of(hits["year"], plist)
    hits = hits[hits["period"].notna()].reset_index(drop=True)
    if hits.empty:
        raise EmptySelectionError(f"{target!r} has no hits in the periods {periods}; check the query and the dates")
    notes: list[str] = []

    # frequency per period, with exact Poisson intervals
    docs = corpus.con.execute("SELECT year, count(*) AS docs, sum(n_words) AS words FROM documents "
                              "WHERE year IS NOT NULL GROUP BY year").df()
    docs["period"] = _period_of(docs["year"], plist)
    freq = []
    for p in plist:
        d = docs[docs["period"] == p.label]
        h = hits[hits["period"] == p.label]
        freq.append({"period": p.label, "start": p.start, "end": p.end, "docs": int(d["docs"].sum()),
                     "words": int(d["words"].sum()), "hits": len(h), "hit_docs": int(h["doc_id"].nunique())})
    frequency = pd.DataFrame(freq, columns=FREQUENCY_COLUMNS[:7])
    pm, lo, hi = per_million_ci(frequency["hits"], frequency["words"], alpha)
    frequency["per_million"], frequency["pm_low"], frequency["pm_high"] = pm, lo, hi

    # usages: one sentence per hit, context = the sentence's content lemmas without the target
    sents, sent_table = _sentences(corpus, plist, hits)
    hit_sent = _hit_sentences(corpus, hits)
    hits["sent"] = hit_sent
    contexts = [[w for w in sents.get((d, s), []) if w != TARGET_TOKEN] for d, s in zip(hits["doc_id"], hits["sent"])]
    if space is None:
        texts = list(sents.values())
        try:
            space = ContextSpace(dims=dims, window=window, seed=seed).fit(texts)
        except SpaceError as e:
            raise TrackError(f"cannot build the word space over the corpus: {e}") from e
    vectors = space.embed(contexts)
    known = np.linalg.norm(vectors, axis=1) > 0
    if (~known).any():
        notes.append(f"{int((~known).sum())} usages have no known context word and are left out of the shift "
                     "measures and clusters")
    usages = hits.assign(context=[" ".join(c) for c in contexts], known=known)
    u = usages[known].reset_index(drop=True)
    uvec = vectors[known]
    uctx = [c for c, k in zip(contexts, known) if k]

    # usage-level shift per adjacent pair and first-vs-last
    pairs = list(zip(labels, labels[1:]))
    if len(labels) > 2:
        pairs.append((labels[0], labels[-1]))
    pm_of = dict(zip(frequency["period"], frequency["per_million"]))
    rows = []
    for a, b in pairs:
        va, vb = uvec[(u["period"] == a).to_numpy()], uvec[(u["period"] == b).to_numpy()]
        row: dict[str, Any] = {"earlier": a, "later": b, "n_earlier": len(va), "n_later": len(vb),
                               "pm_earlier": pm_of[a], "pm_later": pm_of[b],
                               "freq_ratio": pm_of[b] / pm_of[a] if pm_of[a] else float("nan")}
        if len(va) >= 2 and len(vb) >= 2:
            r = usage_shift(va, vb, n_permutations=n_permutations, n_bootstrap=n_bootstrap, alpha=alpha, seed=seed)
            row.update({k: r[k] for k in ("prt_change", "apd", "change", "relatedness", "p_value", "p_prt", "p_apd")})
            # the bootstrap interval of ``change`` (= 1 - relatedness), so it sits next to the number it bounds
            rel_lo, rel_hi = r["ci"].get("relatedness", [float("nan")] * 2)
            row["ci_low"], row["ci_high"] = 1.0 - rel_hi, 1.0 - rel_lo
        else:
            notes.append(f"shift {a} → {b}: fewer than 2 usages in a period ({len(va)}, {len(vb)}); not measured")
        rows.append(row)
    shift = pd.DataFrame(rows).reindex(columns=SHIFT_COLUMNS)

    # sense clusters
    clusters_df, shares, examples = _clusters(corpus, u, uvec, uctx, labels,
                                              k_range=k_range if clusters else (1, 0),
                                              n_examples=n_examples if clusters else 0, seed=seed)

    # type-level change
    neighbours = pd.DataFrame(columns=["period", "rank", "neighbour", "similarity"])
    if type_level:
        neighbours = _type_level(sents, sent_table, labels, shift, notes, dims=dims, window=window,
                                 min_tokens=min_period_tokens, seed=seed)

    # substitution
    subs = pd.DataFrame(columns=["candidate", "kind", "period", "n", "similarity", "change"])
    if substitutes:
        subs = _substitutes(corpus, target, lex, space, sents, sent_table, u, uvec, labels, hits,
                            n_top=n_substitutes)

    settings = {"dims": space.dims_, "window": space.window, "weighting": space.weighting, "power": space.power,
                "space_vocabulary": len(space.vocab_), "n_permutations": n_permutations,
                "n_bootstrap": n_bootstrap, "alpha": alpha, "k_range": list(k_range), "seed": seed,
                "min_period_tokens": min_period_tokens}
    return TrackResult(target=target, periods=labels, frequency=frequency, shift=shift, clusters=clusters_df,
                       cluster_shares=shares, examples=examples, neighbours=neighbours, substitutes=subs,
                       usages=usages, notes=notes, settings=settings, space=space)


def _hit_sentences(corpus, hits: pd.DataFrame) -> list[int]:
    key = hits[["doc_id", "i0"]].drop_duplicates()
    corpus.con.register("_track_hits", key)
    try:
        df = corpus.con.execute("SELECT t.doc_id, t.i AS i0, t.sent FROM tokens t JOIN _track_hits h "
                                "ON t.doc_id = h.doc_id AND t.i = h.i0").df()
    finally:
        corpus.con.unregister("_track_hits")
    m = dict(zip(zip(df["doc_id"], df["i0"]), df["sent"]))
    return [int(m[(d, i)]) for d, i in zip(hits["doc_id"], hits["i0"])]


def _clusters(corpus, u: pd.DataFrame, uvec: np.ndarray, uctx: list[list[str]], labels: list[str], *,
              k_range: tuple[int, int], n_examples: int, seed: int):
    lab, k, sil = cluster_usages(uvec, k_range=k_range, seed=seed)
    u["cluster"] = lab
    tops = label_clusters(uctx, lab)
    crow = []
    for c in range(k):
        words = tops.get(c, [])
        crow.append({"cluster": c + 1, "n": int((lab == c).sum()), "label": ", ".join(w for w, _, _ in words[:5]),
                     "top_lemmas": [w for w, _, _ in words], "log_ratio": [round(s, 2) for _, s, _ in words],
                     "silhouette": sil, "k": k})
    clusters = pd.DataFrame(crow)
    srow = []
    for p in labels:
        in_p = (u["period"] == p).to_numpy()
        n_p = int(in_p.sum())
        for c in range(k):
            n = int((lab[in_p] == c).sum())
            lo, hi = wilson_interval(n, n_p) if n_p else (float("nan"), float("nan"))
            srow.append({"period": p, "cluster": c + 1, "n": n, "total": n_p,
                         "share": n / n_p if n_p else float("nan"), "ci_low": lo, "ci_high": hi})
    shares = pd.DataFrame(srow)
    ex = []
    for c in range(k):
        idx = np.flatnonzero(lab == c)
        centre = uvec[idx].mean(axis=0)
        order = idx[np.argsort(-(uvec[idx] @ centre))][:n_examples]
        for j in order:
            ex.append({"cluster": c + 1, "doc_id": u.at[j, "doc_id"], "year": u.at[j, "year"],
                       "period": u.at[j, "period"], "start": int(u.at[j, "start"]), "end": int(u.at[j, "end"])})
    examples = _kwic_lines(corpus, pd.DataFrame(ex, columns=["cluster", "doc_id", "year", "period", "start", "end"]))
    return clusters, shares, examples


def _type_level(sents: dict, sent_table: pd.DataFrame, labels: list[str], shift: pd.DataFrame, notes: list[str],
                *, dims: int, window: int | None, min_tokens: int, seed: int) -> pd.DataFrame:
    by_period: dict[str, list[list[str]]] = {p: [] for p in labels}
    for d, s, p in zip(sent_table["doc_id"], sent_table["sent"], sent_table["period"]):
        if p in by_period:
            by_period[p].append(sents[(d, s)])
    spaces, skipped = period_spaces(by_period, TARGET_TOKEN, dims=dims, window=window, min_tokens=min_tokens,
                                    seed=seed)
    notes.extend(skipped)
    rows = []
    for p, sp in spaces.items():
        for rank, (w, sim) in enumerate(nearest(sp, TARGET_TOKEN, k=10), start=1):
            rows.append({"period": p, "rank": rank, "neighbour": w, "similarity": sim})
    for j, (a, b) in enumerate(zip(shift["earlier"], shift["later"])):
        if a in spaces and b in spaces:
            try:
                R, _ = align(spaces[a], spaces[b], exclude=[TARGET_TOKEN])
            except SpaceError as e:
                notes.append(f"type-level {a} → {b}: {e}")
                continue
            d = max(spaces[a].dims_, spaces[b].dims_)
            va, vb = vector(spaces[a], TARGET_TOKEN, d) @ R, vector(spaces[b], TARGET_TOKEN, d)
            shift.loc[j, "type_cosine_distance"] = float(1 - va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb)))
            shift.loc[j, "type_local_neighbourhood"] = local_neighbourhood_distance(spaces[a], spaces[b],
                                                                                    TARGET_TOKEN)
    return pd.DataFrame(rows, columns=["period", "rank", "neighbour", "similarity"])


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    den = np.linalg.norm(a) * np.linalg.norm(b)
    return float(a @ b / den) if den > 0 else float("nan")


def _substitutes(corpus, target: str, lex: Lexicon | None, space: ContextSpace, sents: dict,
                 sent_table: pd.DataFrame, u: pd.DataFrame, uvec: np.ndarray, labels: list[str],
                 hits: pd.DataFrame, *, n_top: int, min_n: int = 3, max_lemmas: int = 2000) -> pd.DataFrame:
    """Similarity of candidates' usage centroids to the target's, per period.

    Candidates are the other lexicon concepts (their hits' sentences, the concept's own tokens left out) and
    frequent content lemmas (the sentences containing them; the lemma itself stays in its sentence vector,
    a small bias towards lemmas whose own vector resembles the target's contexts).
    """
    target_centroid = {p: uvec[(u["period"] == p).to_numpy()].mean(axis=0) for p in labels
                       if (u["period"] == p).any()}
    rows = []
    # lexicon concepts
    if lex is not None:
        from .variants import concept_hits

        own = target[5:] if target.startswith("term:") else None
        for cid in lex:
            if cid == own:
                continue
            try:
                h = concept_hits(corpus, cid, lexicon=lex)
            except CorpusToolsError:
                continue
            if h.empty:
                continue
            h = h.assign(period=_period_of(h["year"], [Period(p, *_bounds(p)) for p in labels]))
            h = h[h["period"].notna()]
            if h.empty:
                continue
            h = h.assign(sent=_hit_sentences(corpus, h))
            drop = {fold(x) for lem in h["lemma"].dropna() for x in str(lem).split()}
            ctx = [[w for w in sents.get((d, s), []) if w != TARGET_TOKEN and w not in drop]
                   for d, s in zip(h["doc_id"], h["sent"])]
            vec = space.embed(ctx)
            for p in labels:
                m = (h["period"] == p).to_numpy() & (np.linalg.norm(vec, axis=1) > 0)
                if m.sum() >= min_n and p in target_centroid:
                    rows.append({"candidate": f"term:{cid}", "kind": "concept", "period": p, "n": int(m.sum()),
                                 "similarity": _cos(vec[m].mean(axis=0), target_centroid[p])})
    # frequent lemmas
    target_lemmas = {fold(x) for lem in hits.get("lemma", pd.Series(dtype=str)).dropna() for x in str(lem).split()}
    keys = list(zip(sent_table["doc_id"], sent_table["sent"]))
    texts = [sents[k] for k in keys]
    sent_vec = space.embed([[w for w in t if w != TARGET_TOKEN] for t in texts])
    from collections import Counter

    counts = Counter(w for t in texts for w in set(t))
    cand = [w for w, c in counts.most_common(max_lemmas) if c >= 2 * min_n and w != TARGET_TOKEN
            and w not in target_lemmas]
    index = {w: j for j, w in enumerate(cand)}
    periods_arr = sent_table["period"].to_numpy()
    for p in labels:
        if p not in target_centroid:
            continue
        sel = np.flatnonzero(periods_arr == p)
        sums = np.zeros((len(cand), sent_vec.shape[1]))
        ns = np.zeros(len(cand), dtype=int)
        for j in sel:
            for w in set(texts[j]):
                k = index.get(w)
                if k is not None:
                    sums[k] += sent_vec[j]
                    ns[k] += 1
        for w, k in index.items():
            if ns[k] >= min_n:
                rows.append({"candidate": w, "kind": "lemma", "period": p, "n": int(ns[k]),
                             "similarity": _cos(sums[k], target_centroid[p])})
    df = pd.DataFrame(rows, columns=["candidate", "kind", "period", "n", "similarity"])
    if df.empty:
        return df.assign(change=[])
    wide = df.pivot_table(index=["candidate", "kind"], columns="period", values="similarity")
    first, last = labels[0], labels[-1]
    change = (wide[last] - wide[first]) if first in wide and last in wide else pd.Series(np.nan, index=wide.index)
    df = df.merge(change.rename("change").reset_index(), on=["candidate", "kind"], how="left")
    # keep the concepts and the n_top lemmas most similar in any period, plus the n_top that gained most
    lem = df[df["kind"] == "lemma"]
    best = set(lem.groupby("candidate")["similarity"].max().nlargest(n_top).index)
    gain = set(lem.dropna(subset=["change"]).groupby("candidate")["change"].first().nlargest(n_top).index)
    keep = (df["kind"] == "concept") | df["candidate"].isin(best | gain)
    return df[keep].sort_values(["kind", "candidate", "period"]).reset_index(drop=True)


def _bounds(label: str) -> tuple[int, int]:
    a, _, b = label.partition("-")
    return int(a), int(b or a)


# --------------------------------------------------------------------------- the demo summary
def tracking_summary(corpus, target: str = "term:otkochevka", periods: str = "1912-1928,1929-1933", *,
                     n_permutations: int = 500, seed: int = 0) -> str:
    """A few lines for the demo report: the target's sense clusters, their shares per period, the p-value."""
    r = track(corpus, target, periods=periods, n_permutations=n_permutations, n_bootstrap=0, type_level=False,
              substitutes=False, seed=seed)
    lines = [f"Tracking {target} over {', '.join(r.periods)} (usage vectors in a PPMI-SVD space of the corpus):"]
    for _, c in r.clusters.iterrows():
        sh = r.cluster_shares[r.cluster_shares["cluster"] == c["cluster"]]
        parts = ", ".join(f"{p} {s:.0%}" for p, s in zip(sh["period"], sh["share"]))
        lines.append(f"  sense {c['cluster']} ({c['label']}): {parts}")
    for _, s in r.shift.iterrows():
        lines.append(f"  {s['earlier']} → {s['later']}: change {s['change']:.3f} (PRT {s['prt_change']:.3f}, "
                     f"APD {s['apd']:.3f}), permutation p = {s['p_value']:.3g}; "
                     f"frequency {s['pm_earlier']:.0f} → {s['pm_later']:.0f} per million")
    return "\n".join(lines)
