"""Context model choosing among a word's candidate readings (:mod:`.conventions`): a linear candidate ranker.

Each reading of an ambiguous token (more than one distinct candidate lemma) is described by sparse binary
features — its OpenCorpora tag and UPOS, pymorphy3's rank and score, the word and its suffixes, the
neighbours' *keys* (a closed-class neighbour's own form, otherwise its ambiguity class: the set of its possible
tags), and agreement in case/gender/number with the neighbours — and scored by a logistic-regression weight
vector trained on UD dev files by ``scripts/train_ru_disambiguator.py``. The highest-scoring reading wins; ties
go to pymorphy3's order.

Features use only the token's norm, case mode and the neighbours' keys, so a decision is cached by that
*context signature*; in running text most ambiguous tokens hit the cache.

References
----------
Ratnaparkhi, A. (1996). A maximum entropy model for part-of-speech tagging. EMNLP.
Korobov, M. (2015). Morphological analyzer and generator for Russian and Ukrainian languages. AIST, 320-332.
"""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, Sequence

from .conventions import Candidate, is_proper

__all__ = ["MODEL_PATH", "MODEL_VERSION", "WordInfo", "Ranker", "candidate_features", "load_ranker", "neighbours",
           "word_info"]

#: The shipped weights (trained on UD GSD, Taiga and Poetry dev files; CC BY-SA 4.0, see docs/lemmas.md).
MODEL_PATH = Path(__file__).with_name("disambiguator.json.gz")
#: Feature-set version; a model file written for another version is refused.
MODEL_VERSION = "ru-rank-v1"

_CLOSED = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "PNCT", "Apro"})
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2")
_GENDERS = ("masc", "femn", "neut")
_NUMBERS = ("sing", "plur")
SENT_START, SENT_END = "<s>", "</s>"


def _first(gram: frozenset, values: Sequence[str]) -> str:
    for v in values:
        if v in gram:
            return v
    return ""


class WordInfo(NamedTuple):
    """Per word type (norm, case mode): the candidate readings and what neighbours see of it."""

    norm: str
    cands: tuple[Candidate, ...]
    ambiguous: bool          #: more than one distinct candidate lemma
    key: str                 #: the form (closed-class words, punctuation) or the ambiguity class
    cases: frozenset
    genders: frozenset
    numbers: frozenset
    oov: bool


def word_info(norm: str, cands: Sequence[Candidate], *, oov: bool = False) -> WordInfo:
    """Build the :class:`WordInfo` of one word type from its candidates."""
    cands = tuple(cands)
    lemmas = {c.lemma for c in cands}
    ocs = {c.oc for c in cands if not c.rule or c.rule == "form_lemma"}
    cases = frozenset(_first(c.gram, _CASES) for c in cands) - {""}
    genders = frozenset(_first(c.gram, _GENDERS) for c in cands) - {""}
    numbers = frozenset(_first(c.gram, _NUMBERS) for c in cands) - {""}
    if not cands or ocs <= _CLOSED or any("Apro" in c.gram for c in cands) or not any(ch.isalpha() for ch in norm):
        key = norm
    else:
        key = "|".join(sorted(ocs)) + ":" + "".join(sorted(c[:2] for c in cases))
    return WordInfo(norm, cands, len(lemmas) > 1, key, cases, genders, numbers, oov)


_BOUNDARY = WordInfo("", (), False, "", frozenset(), frozenset(), frozenset(), False)


_CASE_RULES = ("", "form_lemma", "dolzhen", "ie_ye", "superlative", "feminine_name")


class _CandView(NamedTuple):
    """What the context features need of one candidate."""

    t: str
    u: str
    case: str
    gen: str
    num: str


def _static_and_views(info: WordInfo, mode: int) -> tuple[list[list[str]], list[_CandView]]:
    """Context-free features of each candidate of ``info`` and the parts the context features use."""
    w = info.norm
    sf3, sf2 = w[-3:], w[-2:]
    static: list[list[str]] = []
    views: list[_CandView] = []
    for c in info.cands:
        t = c.oc if not c.rule else f"{c.oc}/{c.rule}"
        u = c.upos
        case = _first(c.gram, _CASES) if c.rule in _CASE_RULES else ""
        num = _first(c.gram, _NUMBERS)
        same = "=" if c.lemma == w else "~"
        static.append([
            f"b|{t}|{u}",
            f"rk|{min(c.rank, 4)}|{bool(c.rule)}",
            f"sc|{int(c.score * 10)}|{bool(c.rule)}",
            f"wl|{w}|{c.lemma}|{u}",
            f"wu|{w}|{u}",
            f"l|{c.lemma}|{u}",
            f"s3|{sf3}|{t}|{same}",
            f"s2|{sf2}|{t}",
            f"m|{mode}|{is_proper(c)}|{u}|{same}",
            f"oov|{info.oov}|{t}|{same}",
            f"u|{u}|{case}|{num}",
        ])
        views.append(_CandView(t, u, case, _first(c.gram, _GENDERS), num))
    return static, views


def _context_features(v: _CandView, lk: str, l2k: str, rk: str, lw: WordInfo, rw: WordInfo) -> list[str]:
    t, u, case = v.t, v.u, v.case
    f = [
        f"L|{lk}|{t}|{case}",
        f"R|{rk}|{t}|{case}",
        f"Lu|{lk}|{u}",
        f"Ru|{rk}|{u}",
        f"L2|{l2k}|{u}",
        f"LR|{lk}|{rk}|{u}",
    ]
    if case:
        f.append(f"agR|{case in rw.cases}|{t}")
        f.append(f"agL|{case in lw.cases}|{t}")
        if v.gen:
            f.append(f"agRg|{v.gen in rw.genders}|{case in rw.cases}|{t}")
        if v.num:
            f.append(f"agRn|{v.num in rw.numbers}|{case in rw.cases}|{t}")
    return f


def candidate_features(info: WordInfo, mode: int, left: WordInfo | None, left2: WordInfo | None,
                       right: WordInfo | None) -> list[list[str]]:
    """Feature strings of each candidate of ``info`` in its context (``None`` = sentence boundary)."""
    lk = left.key if left is not None else SENT_START
    l2k = left2.key if left2 is not None else SENT_START
    rk = right.key if right is not None else SENT_END
    lw = left or _BOUNDARY
    rw = right or _BOUNDARY
    static, views = _static_and_views(info, mode)
    return [s + _context_features(v, lk, l2k, rk, lw, rw) for s, v in zip(static, views)]


def neighbours(infos: Sequence[WordInfo], sents: Sequence[int], k: int
               ) -> tuple[WordInfo | None, WordInfo | None, WordInfo | None]:
    """(left, second left, right) neighbours of token ``k`` inside its sentence (``None`` past a boundary)."""
    s = sents[k]
    left = infos[k - 1] if k > 0 and sents[k - 1] == s else None
    left2 = infos[k - 2] if left is not None and k > 1 and sents[k - 2] == s else None
    right = infos[k + 1] if k + 1 < len(infos) and sents[k + 1] == s else None
    return left, left2, right


class Ranker:
    """Linear scorer over :func:`candidate_features`; ``weights`` maps feature string to weight."""

    def __init__(self, weights: dict[str, float], *, version: str = MODEL_VERSION) -> None:
        self.weights = weights
        self.version = version
        self._static_cache: dict[tuple, tuple[list[float], list[_CandView], list[bool]]] = {}

    def choose(self, info: WordInfo, mode: int, left: WordInfo | None, left2: WordInfo | None,
               right: WordInfo | None) -> int:
        """Index into ``info.cands`` of the best reading."""
        return self.choose_many([(info, mode, left, left2, right)])[0]

    def _static(self, info: WordInfo, mode: int) -> tuple[list[float], list[_CandView], list[bool]]:
        """Per candidate: the summed weight of its context-free features, its view, and whether it may win."""
        k = (info.norm, mode)
        hit = self._static_cache.get(k)
        if hit is None:
            if len(self._static_cache) >= 500_000:
                self._static_cache.clear()
            get = self.weights.get
            static, views = _static_and_views(info, mode)
            # a lower-case token takes a proper-noun reading only when it has no other (as the default does)
            skip_proper = mode == 0 and not all(is_proper(c) for c in info.cands)
            allowed = [not (skip_proper and is_proper(c)) for c in info.cands]
            hit = self._static_cache[k] = ([sum(get(f, 0.0) for f in fs) for fs in static], views, allowed)
        return hit

    def choose_many(self, requests: Sequence[tuple]) -> list[int]:
        """Best reading (index into ``info.cands``) for each ``(info, mode, left, left2, right)`` request.

        The context-free part of each candidate's score is computed once per (word type, case mode) and cached;
        only the context features are built per request.
        """
        get = self.weights.get
        out: list[int] = []
        for info, mode, left, left2, right in requests:
            lk = left.key if left is not None else SENT_START
            l2k = left2.key if left2 is not None else SENT_START
            rk = right.key if right is not None else SENT_END
            lw = left or _BOUNDARY
            rw = right or _BOUNDARY
            static, views, allowed = self._static(info, mode)
            best, best_score = 0, float("-inf")
            for k, (base, v, ok) in enumerate(zip(static, views, allowed)):
                if not ok:
                    continue
                s = base
                for f in _context_features(v, lk, l2k, rk, lw, rw):
                    s += get(f, 0.0)
                if s > best_score + 1e-12:
                    best, best_score = k, s
            out.append(best)
        return out

    def save(self, path: str | Path) -> None:
        data = {"version": self.version, "weights": {k: round(v, 4) for k, v in sorted(self.weights.items())}}
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as f:
            json.dump(data, f, ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=4)
def load_ranker(path: str | Path = MODEL_PATH) -> Ranker | None:
    """The ranker stored at ``path``; ``None`` when the file is missing (then pymorphy3's order is used)."""
    p = Path(path)
    if not p.exists():
        return None
    with gzip.open(p, "rt", encoding="utf-8") as f:
        data = json.load(f)
    if data.get("version") != MODEL_VERSION:
        from ...errors import CorpusToolsError

        raise CorpusToolsError(
            f"{p} was trained for feature set {data.get('version')!r}, this code needs {MODEL_VERSION!r}: "
            f"rerun scripts/train_ru_disambiguator.py."
        )
    return Ranker(data["weights"], version=data["version"])
