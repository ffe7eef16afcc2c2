"""The Kazakh model: a UPOS tagger and a POS-conditioned lemmatizer learned from the UD Kazakh treebank.

* **Tagger** — multinomial logistic regression over the string features of :mod:`.features`, fitted with
  scikit-learn and stored as a plain weight matrix, so applying it needs numpy only.
* **Lemmatizer** — (1) form memory: every ``(form, UPOS)`` of the training data with its lemmas, features and
  counts; (2) for other forms, *edit rules* ``(strip n letters, append s)`` learned per UPOS and word ending
  (up to :data:`MAX_RULE_SUFFIX` letters) and known-lemma prefixes generate candidates, and the learned
  :class:`.ranker.LemmaRanker` scores them. UPOS and lemma of an unseen word are chosen *together*: over the
  tagger's best UPOS, the pair maximising tagger score + ranker log-odds wins.

References
----------
Jongejan, B. & Dalianis, H. (2009). Automatic training of lemmatization rules that handle morphological
changes in pre-, in- and suffixes alike. *ACL-IJCNLP 2009*, 145-153 (longest-suffix rule lemmatization).
Chrupała, G. (2006). Simple data-driven context-sensitive lemmatization. *SEPLN* 37, 121-127 (edit scripts).
"""
from __future__ import annotations

import gzip
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ...errors import CorpusToolsError
from .conllu import UDWord
from .features import sentence_features
from .ranker import LemmaRanker, lemma_upos_counts

__all__ = [
    "MAX_RULE_SUFFIX",
    "MODEL_FORMAT",
    "Analysis",
    "KazakhLemmatizer",
    "KazakhModel",
    "KazakhTagger",
    "ModelFileError",
    "edit_rule",
]

#: Version of the model file layout; bump when the JSON keys change.
MODEL_FORMAT = 2
#: Longest word ending a lemma rule is keyed by.
MAX_RULE_SUFFIX = 7
#: UPOS whose lemma is the form itself (lower-cased) unless the form memory knows better.
_SELF_LEMMA = frozenset({"PUNCT", "SYM"})
#: Unseen (form, UPOS) pairs whose best lemma candidate is remembered (the memo is emptied when full).
_CACHE_SIZE = 200_000


class ModelFileError(CorpusToolsError):
    """The Kazakh model file is missing or was written by an incompatible version."""


@dataclass(frozen=True)
class Analysis:
    """The analysis of one word: lower-cased lemma, UPOS, UD features and whether the form was unseen."""

    lemma: str
    upos: str
    feats: str
    oov: bool


def edit_rule(form: str, lemma: str) -> tuple[int, str]:
    """The edit turning lower-cased ``form`` into ``lemma``: (letters stripped from the end, string appended)."""
    p = 0
    n = min(len(form), len(lemma))
    while p < n and form[p] == lemma[p]:
        p += 1
    return len(form) - p, lemma[p:]


# --- tagger ----------------------------------------------------------------------------------------------------


class KazakhTagger:
    """UPOS tagger: logistic regression over word and context features.

    Parameters
    ----------
    c : float, default 4.0
        Inverse regularisation strength of the logistic regression.
    min_count : int, default 1
        Features seen fewer times in training are dropped.

    Attributes
    ----------
    classes_ : list of str
        The UPOS tags, in weight-matrix column order.
    features_ : dict of str to int
        Feature name → weight-matrix row.
    coef_ : numpy.ndarray of shape (n_features, n_classes)
    intercept_ : numpy.ndarray of shape (n_classes,)
    """

    def __init__(self, *, c: float = 4.0, min_count: int = 1) -> None:
        self.c = c
        self.min_count = min_count

    def fit(self, sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]) -> "KazakhTagger":
        """Fit on word sentences and their UPOS tags."""
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression

        rows = [f for s in sentences for f in sentence_features(list(s))]
        y = [t for ts in tags for t in ts]
        counts = Counter(f for r in rows for f in r)
        vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= self.min_count))}
        indptr, indices = [0], []
        for r in rows:
            indices.extend(sorted({vocab[f] for f in r if f in vocab}))
            indptr.append(len(indices))
        x = csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(rows), len(vocab)))
        clf = LogisticRegression(C=self.c, max_iter=2000)
        clf.fit(x, y)
        self.classes_ = [str(c) for c in clf.classes_]
        self.features_ = vocab
        self.coef_ = clf.coef_.T.astype(np.float32)
        self.intercept_ = clf.intercept_.astype(np.float32)
        return self

    def decision_function(self, words: Sequence[str]) -> np.ndarray:
        """Class scores (rows: words of one sentence; columns: :attr:`classes_`)."""
        get = self.features_.get
        out = np.empty((len(words), len(self.classes_)), dtype=np.float32)
        for k, feats in enumerate(sentence_features(list(words))):
            idx = [i for i in (get(f) for f in feats) if i is not None]
            out[k] = self.intercept_ + self.coef_[idx].sum(axis=0)
        return out

    def predict(self, words: Sequence[str]) -> list[str]:
        """UPOS tag of each word of one sentence."""
        if not words:
            return []
        return [self.classes_[int(i)] for i in self.decision_function(words).argmax(axis=1)]

    def to_dict(self, *, decimals: int = 3) -> dict[str, Any]:
        """Plain-data form; weights rounded, features whose weights all round to 0 dropped."""
        w = np.round(self.coef_, decimals)
        keep = np.flatnonzero(np.abs(w).max(axis=1) > 0)
        names = sorted(self.features_, key=self.features_.get)
        return {
            "classes": self.classes_,
            "features": [names[i] for i in keep],
            "coef": w[keep].tolist(),
            "intercept": np.round(self.intercept_, decimals).tolist(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "KazakhTagger":
        tagger = cls()
        tagger.classes_ = list(data["classes"])
        tagger.features_ = {f: i for i, f in enumerate(data["features"])}
        tagger.coef_ = np.asarray(data["coef"], dtype=np.float32).reshape(len(tagger.features_), -1)
        tagger.intercept_ = np.asarray(data["intercept"], dtype=np.float32)
        return tagger


# --- lemmatizer ------------------------------------------------------------------------------------------------


class KazakhLemmatizer:
    """Form memory plus POS-conditioned longest-ending edit rules.

    Parameters
    ----------
    min_support : int, default 1
        An ending must have been seen this many times (with that UPOS) to decide a rule.
    prefer_known : bool, default True
        Among the rules of the matching endings, prefer one whose result is a lemma seen in training.

    Attributes
    ----------
    memory_ : dict of str to list of [upos, lemma, feats, count]
        Lower-cased training forms with every analysis seen, most frequent first.
    rules_ : dict of str to dict of str to list of [strip, append, count]
        UPOS (and ``"*"`` for any) → word ending → edit rules, most frequent first.
    feats_ : dict of str to dict of str to list of [feats, count]
        UPOS → word ending → UD feature strings, most frequent first.
    lemmas_ : set of str
        Lower-cased training lemmas.
    """

    def __init__(self, *, min_support: int = 1, prefer_known: bool = True) -> None:
        self.min_support = min_support
        self.prefer_known = prefer_known

    def fit(self, words: Sequence[UDWord]) -> "KazakhLemmatizer":
        """Learn from treebank words (form, lemma, UPOS, feats)."""
        memory: dict[str, Counter] = defaultdict(Counter)
        rules: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        feats: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        lemmas: set[str] = set()
        for w in words:
            form, lemma = w.form.lower(), w.lemma.lower()
            memory[form][(w.upos, lemma, w.feats)] += 1
            lemmas.add(lemma)
            strip, append = edit_rule(form, lemma)
            for k in range(min(len(form), MAX_RULE_SUFFIX), -1, -1):
                end = form[len(form) - k:]
                feats[w.upos][end][w.feats] += 1
                if k >= strip:
                    rules[w.upos][end][(strip, append)] += 1
                    rules["*"][end][(strip, append)] += 1
        self.memory_ = {
            f: [[u, lem, ft, n] for (u, lem, ft), n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]
            for f, c in memory.items()
        }
        self.rules_ = {
            u: {e: [[s, a, n] for (s, a), n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]
                for e, c in by_end.items()}
            for u, by_end in rules.items()
        }
        self.feats_ = {
            u: {e: [[ft, n] for ft, n in c.most_common(1)] for e, c in by_end.items()}
            for u, by_end in feats.items()
        }
        self.lemmas_ = lemmas
        self.lemma_upos_ = lemma_upos_counts(self.memory_)
        return self

    def _rule_lemma(self, form: str, upos: str) -> tuple[str, bool]:
        """Rule lemma of an unseen form and whether it is a lemma (or form) seen in training."""
        table = self.rules_.get(upos) or self.rules_.get("*", {})
        fallback = None
        for k in range(min(len(form), MAX_RULE_SUFFIX), -1, -1):
            entry = table.get(form[len(form) - k:])
            if not entry:
                continue
            support = sum(n for _, _, n in entry)
            if support < self.min_support and k > 0:
                continue
            candidates = [form[:len(form) - s] + a for s, a, _ in entry if s < len(form)]
            if not candidates:
                continue
            if not self.prefer_known:
                return candidates[0], False
            if fallback is None:
                fallback = candidates[0]
            for cand in candidates:
                if cand in self.lemmas_:
                    return cand, True
                # a shorter *form* seen in training (``орталықтар`` in ``орталықтарының``): its lemma
                inner = self._memory_lemma(cand, upos)
                if inner is not None:
                    return inner, True
        return (fallback if fallback is not None else form), False

    def _memory_lemma(self, form: str, upos: str) -> str | None:
        for u, lemma, _, _ in self.memory_.get(form, ()):
            if u == upos:
                return lemma
        return None

    def _feats(self, form: str, upos: str) -> str:
        table = self.feats_.get(upos, {})
        for k in range(min(len(form), MAX_RULE_SUFFIX), -1, -1):
            entry = table.get(form[len(form) - k:])
            if entry:
                return entry[0][0]
        return ""

    def lemmatize(self, form: str, upos: str) -> Analysis:
        """Lemma (lower-cased), UPOS, feats and OOV flag of ``form`` given its predicted ``upos``."""
        low = form.lower()
        seen = self.memory_.get(low)
        if seen:
            for u, lemma, ft, _ in seen:
                if u == upos:
                    return Analysis(lemma, upos, ft, False)
            if upos in _SELF_LEMMA:
                return Analysis(low, upos, "", False)
            # known form, new UPOS: the rule for that UPOS, unless it gives nothing new
            lemma, _ = self._rule_lemma(low, upos)
            return Analysis(lemma, upos, self._feats(low, upos), False)
        if upos in _SELF_LEMMA:
            return Analysis(low, upos, "", True)
        return Analysis(self._rule_lemma(low, upos)[0], upos, self._feats(low, upos), True)

    def lemmatize_ranked(self, form: str, ranked: Sequence[str]) -> Analysis:
        """Like :meth:`lemmatize` with UPOS candidates best first: for an unseen form, the first UPOS whose
        rule gives a known lemma wins (UPOS and lemma together), else the first UPOS."""
        low = form.lower()
        if low in self.memory_ or ranked[0] in _SELF_LEMMA:
            return self.lemmatize(form, ranked[0])
        for upos in ranked:
            if upos in _SELF_LEMMA:
                break
            lemma, known = self._rule_lemma(low, upos)
            if known:
                return Analysis(lemma, upos, self._feats(low, upos), True)
        return self.lemmatize(form, ranked[0])

    def to_dict(self) -> dict[str, Any]:
        return {"memory": self.memory_, "rules": self.rules_, "feats": self.feats_,
                "min_support": self.min_support, "prefer_known": self.prefer_known}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "KazakhLemmatizer":
        lem = cls(min_support=data["min_support"], prefer_known=data["prefer_known"])
        lem.memory_ = data["memory"]
        lem.rules_ = data["rules"]
        lem.feats_ = data["feats"]
        lem.lemmas_ = {a[1] for entries in lem.memory_.values() for a in entries}
        lem.lemma_upos_ = lemma_upos_counts(lem.memory_)
        return lem


# --- model -----------------------------------------------------------------------------------------------------


class KazakhModel:
    """Tagger + lemmatizer, fitted together and saved in one gzipped JSON file.

    Parameters
    ----------
    c : float, default 16.0
        Passed to :class:`KazakhTagger`.
    min_support : int, default 1
        Passed to :class:`KazakhLemmatizer`.
    prefer_known : bool, default True
        Passed to :class:`KazakhLemmatizer`.
    n_candidates : int, default 5
        For an unseen form, how many of the tagger's best UPOS are tried for a rule giving a known lemma.
    margin : float, default 8.0
        A UPOS is tried only if its score is within this margin of the best one.
    ranker_c : float, default 3.0
        Passed to :class:`.ranker.LemmaRanker` as ``c``.
    """

    def __init__(self, *, c: float = 16.0, min_support: int = 1, prefer_known: bool = True,
                 n_candidates: int = 5, margin: float = 8.0, ranker_c: float = 3.0) -> None:
        self.c = c
        self.min_support = min_support
        self.prefer_known = prefer_known
        self.n_candidates = n_candidates
        self.margin = margin
        self.ranker_c = ranker_c
        self.meta: dict[str, Any] = {}
        self._best_cache: dict[tuple[str, str], tuple[str, float] | None] = {}

    def fit(self, sentences: Sequence[Sequence[UDWord]]) -> "KazakhModel":
        """Fit tagger and lemmatizer on treebank sentences."""
        self.tagger_ = KazakhTagger(c=self.c).fit(
            [[w.form for w in s] for s in sentences], [[w.upos for w in s] for s in sentences]
        )
        self._best_cache = {}
        self.lemmatizer_ = self._make_lemmatizer([w for s in sentences for w in s])
        self.ranker_ = LemmaRanker(c=self.ranker_c).fit(sentences, self._make_lemmatizer,
                                                         max_suffix=MAX_RULE_SUFFIX)
        return self

    def _make_lemmatizer(self, words: Sequence[UDWord]) -> KazakhLemmatizer:
        return KazakhLemmatizer(min_support=self.min_support, prefer_known=self.prefer_known).fit(words)

    def _joint(self, word: str, ranked: Sequence[tuple[str, float]]) -> Analysis:
        """UPOS and lemma of an unseen word chosen together: the pair with the highest tagger score (relative
        to the best UPOS) + ranker log-odds."""
        lem = self.lemmatizer_
        low = word.lower()
        best: tuple[float, str, str] | None = None
        for upos, rel in ranked:
            if upos in _SELF_LEMMA:
                continue
            key = (low, upos)
            if key in self._best_cache:
                found = self._best_cache[key]
            else:
                found = self.ranker_.best(low, upos, rules=lem.rules_, lemmas=lem.lemma_upos_,
                                          memory=lem.memory_, max_suffix=MAX_RULE_SUFFIX)
                if len(self._best_cache) >= _CACHE_SIZE:
                    self._best_cache.clear()
                self._best_cache[key] = found
            if found is not None and (best is None or rel + found[1] > best[0]):
                best = (rel + found[1], upos, found[0])
        if best is None:
            return lem.lemmatize(word, ranked[0][0])
        _, upos, lemma = best
        return Analysis(lemma, upos, lem._feats(low, upos), True)

    def analyze(self, words: Sequence[str]) -> list[Analysis]:
        """Analyses of the words of one sentence (tokens as written; case is used by the tagger)."""
        if not words:
            return []
        scores = self.tagger_.decision_function(words)
        classes = self.tagger_.classes_
        lem = self.lemmatizer_
        out = []
        for w, row in zip(words, scores):
            top = int(row.argmax())
            if w.lower() in lem.memory_ or classes[top] in _SELF_LEMMA:
                out.append(lem.lemmatize(w, classes[top]))
                continue
            best = np.argsort(-row)[:self.n_candidates]
            ranked = [(classes[j], float(row[j] - row[top])) for j in best if row[top] - row[j] < self.margin]
            out.append(self._joint(w, ranked))
        return out

    def save(self, path: str | Path) -> None:
        """Write the model as gzipped JSON (``mtime=0`` so identical models give identical bytes)."""
        data = {"format": MODEL_FORMAT, "meta": self.meta, "tagger": self.tagger_.to_dict(),
                "lemmatizer": self.lemmatizer_.to_dict(), "ranker": self.ranker_.to_dict()}
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
        with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
            gz.write(raw)

    @classmethod
    def load(cls, path: str | Path) -> "KazakhModel":
        """Read a model written by :meth:`save`."""
        try:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                data = json.load(f)
        except FileNotFoundError:
            raise ModelFileError(
                f"Kazakh model file {path} is missing: reinstall corpus_tools or run scripts/train_kazakh.py."
            ) from None
        if data.get("format") != MODEL_FORMAT:
            raise ModelFileError(
                f"Kazakh model file {path} has format {data.get('format')!r}, expected {MODEL_FORMAT}: "
                f"retrain it with scripts/train_kazakh.py."
            )
        meta = data.get("meta", {})
        settings = meta.get("settings", {})
        model = cls(**{k: v for k, v in settings.items() if k in ("c", "min_support", "prefer_known",
                                                                  "n_candidates", "margin", "ranker_c")})
        model.meta = meta
        model.tagger_ = KazakhTagger.from_dict(data["tagger"])
        model.lemmatizer_ = KazakhLemmatizer.from_dict(data["lemmatizer"])
        model.ranker_ = LemmaRanker.from_dict(data["ranker"])
        return model
