"""Choosing the lemma of an unseen Kazakh word: candidate generation and a learned candidate ranker.

Candidates of a lower-cased form with a given UPOS come from three generators (table :data:`GENERATORS`):

* ``rule`` — the edit rules of :class:`.model.KazakhLemmatizer` for every ending of the word (longest first);
* ``pref`` — every prefix of the word that is a lemma seen in training, also with the stem-final consonant
  alternation of Kazakh (:data:`ALTERNATION`: ``төсегі`` → ``төсек``, ``түбі`` → ``түп``, ``халқы`` is left to the
  rules);
* ``via`` — a rule candidate that is itself a training form with that UPOS contributes that form's lemma
  (``орталықтарының`` → ``орталықтар`` → ``орталық``).

Each candidate is described by string features — whether it is a known lemma with this UPOS or another, the
stripped and appended letters per UPOS (so the suffix inventory — plural, possessive, case, tense and person
endings under vowel harmony — is learned, not listed), the rule's support and ending length, the candidate's
ending and length — and a logistic regression scores it. The regression is trained on *OOV-like* words:
the training sentences are split into parts, and each word of one part that is unseen in the others is a
ranking example whose candidates come from the tables of the other parts, so nothing outside the training
data is used.

References
----------
Chrupała, G. (2006). Simple data-driven context-sensitive lemmatization. *SEPLN* 37, 121-127.
Müller, T., Cotterell, R., Fraser, A. & Schütze, H. (2015). Joint lemmatization and morphological tagging with
Lemming. *EMNLP 2015*, 2268-2274 (log-linear ranking of lemma candidates with dictionary features).
"""
from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from typing import Any, Callable, Mapping, Sequence

from .conllu import UDWord

__all__ = ["ALTERNATION", "GENERATORS", "LemmaRanker", "candidate_features", "candidates", "lemma_upos_counts"]

#: Stem-final voiced consonant in an inflected form → the voiceless one of the lemma (Kazakh consonant
#: alternation before a vowel-initial suffix).
ALTERNATION: dict[str, str] = {"г": "к", "ғ": "қ", "б": "п"}
#: Candidate generators, in the order they are tried (a candidate keeps the description of the first).
GENERATORS = ("rule", "pref", "via")
#: UPOS never lemmatized by the ranker.
_SKIP = frozenset({"PUNCT", "SYM"})

Memory = Mapping[str, Sequence[Sequence[Any]]]
Rules = Mapping[str, Mapping[str, Sequence[Sequence[Any]]]]


def lemma_upos_counts(memory: Memory) -> dict[str, Counter]:
    """Lemma → Counter of UPOS, from a form memory (``form → [[upos, lemma, feats, count], …]``)."""
    out: dict[str, Counter] = defaultdict(Counter)
    for entries in memory.values():
        for upos, lemma, _, n in entries:
            out[lemma][upos] += n
    return dict(out)


def candidates(form: str, upos: str, *, rules: Rules, lemmas: Mapping[str, Counter], memory: Memory,
               max_suffix: int) -> dict[str, dict[str, float]]:
    """Lemma candidates of lower-cased ``form`` read as ``upos``, each with its generator's description."""
    table = rules.get(upos) or rules.get("*", {})
    out: dict[str, dict[str, float]] = {}
    for k in range(min(len(form), max_suffix), -1, -1):
        entry = table.get(form[len(form) - k:])
        if not entry:
            continue
        total = sum(e[2] for e in entry)
        for r, (strip, append, n) in enumerate(entry):
            if strip >= len(form):
                continue
            cand = form[:len(form) - strip] + append
            if cand not in out:
                out[cand] = {"rule": 1.0, "k": k, "share": n / total, "logn": math.log1p(n),
                             "r0": float(r == 0), "first": float(not out)}
    for j in range(1, len(form) + 1):
        p = form[:j]
        for q in (p, p[:-1] + ALTERNATION.get(p[-1], p[-1])):
            if q in lemmas and q not in out:
                out[q] = {"pref": 1.0}
    for cand, desc in list(out.items()):
        if "rule" in desc and cand != form and cand in memory:
            for u, lemma, _, _ in memory[cand]:
                if u == upos:
                    if lemma not in out:
                        out[lemma] = {"via": 1.0}
                    break
    return out


def candidate_features(form: str, upos: str, cand: str, described: Mapping[str, float], *,
                       lemmas: Mapping[str, Counter], memory: Memory) -> dict[str, float]:
    """Feature name → value for one candidate lemma of lower-cased ``form`` read as ``upos``."""
    f = dict(described)
    seen = lemmas.get(cand)
    f["known_u"] = math.log1p(seen[upos]) if seen else 0.0
    f["known_any"] = float(bool(seen))
    f["known_other"] = float(bool(seen) and not seen[upos])
    f["is_form"] = float(cand in memory)
    f["ident"] = float(cand == form)
    p = 0
    while p < min(len(form), len(cand)) and form[p] == cand[p]:
        p += 1
    removed, added = form[p:], cand[p:]
    f[f"rem={upos}|{removed[-4:]}"] = 1.0
    f[f"rem2={upos}|{removed[:2]}"] = 1.0
    f[f"add={upos}|{added}"] = 1.0
    f[f"s={upos}|{min(len(removed), 8)}"] = 1.0
    f[f"cl={upos}|{min(len(cand), 8)}"] = 1.0
    f[f"ce={upos}|{cand[-1:]}"] = 1.0
    f[f"ce2={upos}|{cand[-2:]}"] = 1.0
    f[f"u={upos}|k={int(described.get('k', -1))}"] = 1.0
    return f


class LemmaRanker:
    """Logistic-regression scorer of lemma candidates, trained on OOV-like words of the training data.

    Parameters
    ----------
    c : float, default 3.0
        Inverse regularisation strength.
    parts : int, default 5
        The training sentences are split into this many parts to make OOV-like examples.
    seed : int, default 1
        Seed of that split.

    Attributes
    ----------
    weights_ : dict of str to float
        Feature name → weight (the intercept under ``"bias"``).
    """

    def __init__(self, *, c: float = 3.0, parts: int = 5, seed: int = 1) -> None:
        self.c = c
        self.parts = parts
        self.seed = seed

    def fit(self, sentences: Sequence[Sequence[UDWord]], make_lemmatizer: Callable[[list[UDWord]], Any], *,
            max_suffix: int) -> "LemmaRanker":
        """Fit on treebank sentences; ``make_lemmatizer(words)`` returns a fitted
        :class:`.model.KazakhLemmatizer` (its ``memory_`` and ``rules_`` feed the candidate generators, whose
        rule endings are up to ``max_suffix`` letters)."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        order = list(range(len(sentences)))
        random.Random(self.seed).shuffle(order)
        x: list[dict[str, float]] = []
        y: list[int] = []
        for part in (set(order[i::self.parts]) for i in range(self.parts)):
            lem = make_lemmatizer([w for i, s in enumerate(sentences) if i not in part for w in s])
            lemmas = lemma_upos_counts(lem.memory_)
            for i in sorted(part):
                for w in sentences[i]:
                    low = w.form.lower()
                    if w.upos in _SKIP or low in lem.memory_:
                        continue
                    gold = w.lemma.lower()
                    cands = candidates(low, w.upos, rules=lem.rules_, lemmas=lemmas, memory=lem.memory_,
                                       max_suffix=max_suffix)
                    if gold not in cands or len(cands) < 2:
                        continue
                    for cand, desc in cands.items():
                        x.append(candidate_features(low, w.upos, cand, desc, lemmas=lemmas, memory=lem.memory_))
                        y.append(int(cand == gold))
        if len(set(y)) < 2:  # too little data to learn from: every candidate scores 0, the first one wins
            self.weights_ = {"bias": 0.0}
            return self
        vec = DictVectorizer()
        clf = LogisticRegression(C=self.c, max_iter=3000).fit(vec.fit_transform(x), y)
        self.weights_ = {name: float(round(wt, 4)) for name, wt in zip(vec.feature_names_, clf.coef_[0])
                         if round(wt, 4) != 0.0}
        self.weights_["bias"] = float(round(clf.intercept_[0], 4))
        return self

    def score(self, features: Mapping[str, float]) -> float:
        """Log-odds that a candidate with these features is the lemma."""
        get = self.weights_.get
        total = self.weights_["bias"]
        for name, value in features.items():
            total += get(name, 0.0) * value
        return total

    def best(self, form: str, upos: str, *, rules: Rules, lemmas: Mapping[str, Counter], memory: Memory,
             max_suffix: int) -> tuple[str, float] | None:
        """The best candidate lemma of lower-cased ``form`` as ``upos`` and its score, or None without any."""
        cands = candidates(form, upos, rules=rules, lemmas=lemmas, memory=memory, max_suffix=max_suffix)
        best: tuple[str, float] | None = None
        for cand, desc in cands.items():
            s = self.score(candidate_features(form, upos, cand, desc, lemmas=lemmas, memory=memory))
            if best is None or s > best[1]:
                best = (cand, s)
        return best

    def to_dict(self) -> dict[str, Any]:
        return {"c": self.c, "parts": self.parts, "seed": self.seed, "weights": self.weights_}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "LemmaRanker":
        ranker = cls(c=data["c"], parts=data["parts"], seed=data["seed"])
        ranker.weights_ = dict(data["weights"])
        return ranker

