"""Context model choosing among a word's candidate readings (:mod:`.conventions`): a listwise linear ranker.

Each reading of an ambiguous token (more than one distinct candidate lemma) is described by binary features —
its OpenCorpora tag and UPOS, pymorphy3's rank and score, the word and its suffixes (the *static* features, fixed
per word type and case mode), the *keys* of two neighbours on each side (a closed-class neighbour's own form,
otherwise its ambiguity class: the set of its possible tags), and agreement in case/gender/number with them
(the *context* features). Features are hashed into a weight vector of ``2**HASH_BITS`` entries (feature
hashing), and a token's readings are scored together: the model is a softmax over the candidates of each token
(a conditional logit), trained on UD dev files by ``scripts/train_ru_disambiguator.py``. The highest-scoring
allowed reading wins; ties go to pymorphy3's order.

Scoring is vectorised: a reading set's static score and its candidates' component hashes are computed once
per (word type, case mode) (:meth:`Ranker.table`); the context features of any number of decisions are then
integer arithmetic over numpy arrays (:func:`context_indices`), so a document's new decisions cost a few
array operations. Features use only the token's norm, case mode and the neighbours' keys, so a decision is
cached by that *context signature*; in running text most ambiguous tokens hit the cache.

References
----------
Ratnaparkhi, A. (1996). A maximum entropy model for part-of-speech tagging. EMNLP.
McFadden, D. (1974). Conditional logit analysis of qualitative choice behavior. In *Frontiers in Econometrics*.
Weinberger, K., Dasgupta, A., Langford, J., Smola, A., Attenberg, J. (2009). Feature hashing for large scale
multitask learning. ICML.
Korobov, M. (2015). Morphological analyzer and generator for Russian and Ukrainian languages. AIST, 320-332.
"""
from __future__ import annotations

import gzip
import json
import zlib
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, Sequence

import numpy as np

from .conventions import Candidate, is_proper

__all__ = ["BIT_FIELDS", "HASH_BITS", "HASH_FIELDS", "MODEL_PATH", "MODEL_VERSION", "CandTable", "Neighbour", "Ranker",
           "TableBatch", "WordInfo",
           "context_indices", "load_ranker", "neighbours", "pick", "word_info"]

#: The shipped weights (trained on UD GSD, Taiga and Poetry dev files; CC BY-SA 4.0, see docs/lemmas.md).
MODEL_PATH = Path(__file__).with_name("disambiguator.json.gz")
#: Feature-set version; a model file written for another version is refused.
MODEL_VERSION = "ru-rank-v3"
#: Size of the hashed feature space (2**20 weights, about 4 MB in memory as float32).
HASH_BITS = 20
_MASK = np.uint64((1 << HASH_BITS) - 1)
_MUL = np.uint64(0x9E3779B97F4A7C15)
_FIN1 = np.uint64(0xBF58476D1CE4E5B9)
_S31, _S29 = np.uint64(31), np.uint64(29)

_CLOSED = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "PNCT", "Apro"})
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2")
_GENDERS = ("masc", "femn", "neut")
_NUMBERS = ("sing", "plur")
SENT_START, SENT_END = "<s>", "</s>"
#: Rules whose readings keep the parse's case for the context features.
_CASE_RULES = ("", "form_lemma", "dolzhen", "ie_ye", "superlative", "feminine_name", "plurale_tantum",
               "patronymic")


def _first(gram: frozenset, values: Sequence[str]) -> str:
    for v in values:
        if v in gram:
            return v
    return ""


@lru_cache(maxsize=65_536)
def _cgn(gram: frozenset) -> tuple[str, str, str]:
    """``(case, gender, number)`` of a grammeme set (``""`` where it has none), cached: pymorphy3 tags are few,
    and each tag's set is one shared object."""
    return _first(gram, _CASES), _first(gram, _GENDERS), _first(gram, _NUMBERS)


@lru_cache(maxsize=65_536)
def _cgn_sets(gram: frozenset) -> tuple[frozenset, frozenset, frozenset]:
    """:func:`_cgn` as three sets of zero or one value each, cached."""
    return tuple(frozenset((v,)) if v else frozenset() for v in _cgn(gram))


def _bit(value: str, values: Sequence[str]) -> int:
    return values.index(value) if value else -1


def _mask(values: frozenset, table: Sequence[str]) -> int:
    return sum(1 << table.index(v) for v in values)


def _h(s: str) -> int:
    """Stable 32-bit hash of a feature component (``zlib.crc32``; Python's ``hash`` is salted per process)."""
    return zlib.crc32(s.encode("utf-8"))


@lru_cache(maxsize=100_000)
def _component_hash(s: str) -> int:
    """:func:`_h` of the few distinct tag, UPOS and key strings, cached."""
    return _h(s)


def _finish(h: np.ndarray) -> np.ndarray:
    """Mix a uint64 array and keep ``HASH_BITS`` bits: the weight index."""
    h = h ^ (h >> _S31)
    h = h * _FIN1
    h = h ^ (h >> _S29)
    return (h & _MASK).astype(np.intp)


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
    if len(cands) == 1:
        c = cands[0]
        cases, genders, numbers = _cgn_sets(c.gram)
        ocs = {c.oc} if not c.rule or c.rule == "form_lemma" else set()
        ambiguous = False
        apro = "Apro" in c.gram
    else:
        ambiguous = len({c.lemma for c in cands}) > 1
        ocs = {c.oc for c in cands if not c.rule or c.rule == "form_lemma"}
        sets = [_cgn_sets(g) for g in {c.gram for c in cands}]
        cases = frozenset().union(*(x[0] for x in sets))
        genders = frozenset().union(*(x[1] for x in sets))
        numbers = frozenset().union(*(x[2] for x in sets))
        apro = any("Apro" in c.gram for c in cands)
    if not cands or apro or ocs <= _CLOSED or not any(ch.isalpha() for ch in norm):
        key = norm
    else:
        key = "|".join(sorted(ocs)) + ":" + "".join(sorted(c[:2] for c in cases))
    return WordInfo(norm, cands, ambiguous, key, cases, genders, numbers, oov)


class Neighbour(NamedTuple):
    """What the context features see of a neighbouring word (or of a sentence boundary)."""

    key: int                 #: hash of :attr:`WordInfo.key`
    cases: int               #: bit mask over ``_CASES``
    genders: int
    numbers: int


def neighbour(info: WordInfo | None, *, right: bool = False) -> Neighbour:
    """:class:`Neighbour` of ``info``; ``None`` is the sentence boundary on that side."""
    if info is None:
        return Neighbour(_component_hash(SENT_END if right else SENT_START), 0, 0, 0)
    return Neighbour(_component_hash(info.key), _mask(info.cases, _CASES), _mask(info.genders, _GENDERS),
                     _mask(info.numbers, _NUMBERS))


class CandTable(NamedTuple):
    """Per (word type, case mode), one entry per candidate: what scoring needs, as numpy arrays."""

    static: np.ndarray       #: summed weight of the static features (float64)
    t: np.ndarray            #: hash of the candidate's tag (OpenCorpora POS, rule), uint64
    u: np.ndarray            #: hash of its UPOS
    tc: np.ndarray           #: hash of tag and case
    case: np.ndarray         #: case bit (-1: none), int64
    gen: np.ndarray
    num: np.ndarray
    allowed: np.ndarray      #: may win (bool)
    static_idx: tuple        #: static feature indices per candidate (for training)


class TableBatch(NamedTuple):
    """The :class:`CandTable` columns of many word types, candidate rows concatenated (:meth:`Ranker.build_tables`)."""

    static: np.ndarray
    t: np.ndarray
    u: np.ndarray
    tc: np.ndarray
    case: np.ndarray
    gen: np.ndarray
    num: np.ndarray
    allowed: np.ndarray
    static_flat: np.ndarray  #: every candidate's static feature indices, concatenated
    feature_counts: np.ndarray  #: static features per candidate


def static_features(info: WordInfo, mode: int) -> list[list[str]]:
    """Static feature strings of each candidate of ``info`` (word type, case mode; no context)."""
    w = info.norm
    sf4, sf3, sf2 = w[-4:], w[-3:], w[-2:]
    out: list[list[str]] = []
    for c in info.cands:
        t = c.oc if not c.rule else f"{c.oc}/{c.rule}"
        u = c.upos
        case = _first(c.gram, _CASES) if c.rule in _CASE_RULES else ""
        num = _first(c.gram, _NUMBERS)
        same = "=" if c.lemma == w else "~"
        out.append([
            f"b|{t}|{u}",
            f"rk|{min(c.rank, 4)}|{bool(c.rule)}",
            f"sc|{int(c.score * 10)}|{bool(c.rule)}",
            f"wl|{w}|{c.lemma}|{u}",
            f"wu|{w}|{u}",
            f"l|{c.lemma}|{u}",
            f"s4|{sf4}|{t}|{same}",
            f"s3|{sf3}|{t}|{same}",
            f"s2|{sf2}|{t}",
            f"m|{mode}|{is_proper(c)}|{u}|{same}",
            f"oov|{info.oov}|{t}|{same}",
            f"u|{u}|{case}|{num}",
        ])
    return out


def _mix(*parts: np.ndarray) -> np.ndarray:
    h = parts[0]
    for p in parts[1:]:
        h = h * _MUL + p
    return h


#: Number of context feature templates (columns of :func:`context_indices`).
N_CONTEXT = 14
#: Per-candidate hash columns of a :class:`CandTable`, in the order :func:`context_indices` takes them.
HASH_FIELDS = ("t", "u", "tc")
#: Per-candidate bit columns (case, gender, number; -1: none).
BIT_FIELDS = ("case", "gen", "num")
#: Templates switched off (column numbers from 0), for feature-set comparisons by cross-validation.
OFF: set[int] = set()


def context_indices(t: np.ndarray, u: np.ndarray, tc: np.ndarray, case: np.ndarray, gen: np.ndarray,
                    num: np.ndarray, nb: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Weight indices ``(rows, N_CONTEXT)`` of the context features of candidate rows, and which are active.

    ``t, u, tc`` are the candidates' component hashes (uint64), ``case, gen, num`` their bits (-1: none); ``nb``
    holds, per row, the neighbours' ``{L,L2,R,R2}k`` key hashes (uint64) and ``{L,L2,R,R2}c``, ``Rg``, ``Rn``
    masks (int64). Templates: left/right key × tag+case; left, right, second left, second right key × UPOS;
    left+right keys × UPOS; two left keys × UPOS; case agreement with each neighbour, and gender/number
    agreement with the right one (only for candidates with a case).
    """
    n = len(t)
    one = np.ones(n, dtype=np.uint64)
    has_case = case >= 0
    cb = np.where(has_case, case, 0).astype(np.int64)

    def agree(mask: np.ndarray, bits: np.ndarray, valid: np.ndarray) -> np.ndarray:
        b = np.where(valid, bits, 0).astype(np.int64)
        return (((mask >> b) & 1) + 1).astype(np.uint64)

    aR = agree(nb["Rc"], cb, has_case)
    cols = [
        _mix(one * 1, nb["Lk"], tc),
        _mix(one * 2, nb["Rk"], tc),
        _mix(one * 3, nb["Lk"], u),
        _mix(one * 4, nb["Rk"], u),
        _mix(one * 5, nb["L2k"], u),
        _mix(one * 6, nb["Lk"], nb["Rk"], u),
        _mix(one * 7, nb["R2k"], u),
        _mix(one * 8, nb["L2k"], nb["Lk"], u),
        _mix(one * 9, aR, t),
        _mix(one * 10, agree(nb["Lc"], cb, has_case), t),
        _mix(one * 11, agree(nb["Rg"], gen, gen >= 0), aR, t),
        _mix(one * 12, agree(nb["Rn"], num, num >= 0), aR, t),
        _mix(one * 13, agree(nb["L2c"], cb, has_case), t),
        _mix(one * 14, agree(nb["R2c"], cb, has_case), t),
    ]
    idx = _finish(np.stack(cols, axis=1))
    active = np.ones((n, N_CONTEXT), dtype=bool)
    active[:, 8:] = has_case[:, None]
    active[:, 10] &= gen >= 0
    active[:, 11] &= num >= 0
    for j in OFF:
        active[:, j] = False
    return idx, active


def pick(scores: np.ndarray, allowed: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per group (rows ``starts[g]`` up to the next start): offset of the first allowed row with the top score."""
    s = np.where(allowed, scores, -np.inf)
    top = np.maximum.reduceat(s, starts)
    group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(s))))
    win = s >= top[group] - 1e-9
    rows = np.flatnonzero(win)                  # every group has one (an all-disallowed group: all rows)
    g = group[rows]
    first = rows[np.flatnonzero(np.r_[True, g[1:] != g[:-1]])]
    return first - starts


def neighbours(infos: Sequence[WordInfo], sents: Sequence[int], k: int
               ) -> tuple[WordInfo | None, WordInfo | None, WordInfo | None, WordInfo | None]:
    """(left, second left, right, second right) neighbours of token ``k`` inside its sentence (``None`` past a
    boundary)."""
    s = sents[k]
    n = len(infos)
    left = infos[k - 1] if k > 0 and sents[k - 1] == s else None
    left2 = infos[k - 2] if left is not None and k > 1 and sents[k - 2] == s else None
    right = infos[k + 1] if k + 1 < n and sents[k + 1] == s else None
    right2 = infos[k + 2] if right is not None and k + 2 < n and sents[k + 2] == s else None
    return left, left2, right, right2


class Ranker:
    """Linear scorer over hashed features; ``weights`` is a float32 vector of ``2**HASH_BITS`` entries."""

    def __init__(self, weights: np.ndarray, *, version: str = MODEL_VERSION) -> None:
        self.weights = np.asarray(weights, dtype=np.float32)
        if len(self.weights) != 1 << HASH_BITS:
            raise ValueError(f"expected {1 << HASH_BITS} weights, got {len(self.weights)}")
        self.version = version
        self._tables: dict[tuple[str, int], CandTable] = {}

    def table(self, info: WordInfo, mode: int) -> CandTable:
        """The :class:`CandTable` of ``info`` in case mode ``mode``, cached (the per-token path and training; the
        vectorised engine builds its tables in batches with :meth:`build_tables` and keeps only flat arrays)."""
        k = (info.norm, mode)
        hit = self._tables.get(k)
        if hit is None:
            if len(self._tables) >= 500_000:
                self._tables.clear()
            hit = self._tables[k] = self._build_table(info, mode)
        return hit

    def _build_table(self, info: WordInfo, mode: int) -> CandTable:
        batch = self.build_tables([(info, mode)])
        static_idx = tuple(np.split(batch.static_flat, np.cumsum(batch.feature_counts)[:-1]))
        return CandTable(batch.static, batch.t, batch.u, batch.tc, batch.case, batch.gen, batch.num, batch.allowed,
                         static_idx)

    def build_tables(self, pairs: Sequence[tuple[WordInfo, int]]) -> "TableBatch":
        """The candidate tables of many ``(info, mode)`` pairs at once, rows concatenated in order.

        Row for row the same values as :meth:`table` of each pair (each candidate's static score is the sum of its
        own features' weights, as there), with a few numpy calls for the whole batch instead of per pair.
        """
        feats = [f for info, mode in pairs for f in static_features(info, mode)]
        feature_counts = np.fromiter((len(f) for f in feats), dtype=np.int64, count=len(feats))
        flat = _finish(np.fromiter((_h(x) for f in feats for x in f), dtype=np.uint64,
                                   count=int(feature_counts.sum())))
        static = (np.add.reduceat(self.weights[flat].astype(np.float64), np.cumsum(feature_counts) - feature_counts)
                  if len(flat) else np.zeros(0))
        ts, us, tcs, cases, gens, nums, allowed = [], [], [], [], [], [], []
        hc = _component_hash
        for info, mode in pairs:
            # a lower-case token takes a proper-noun reading only when it has no other (as the default does)
            skip_proper = mode == 0 and not all(is_proper(c) for c in info.cands)
            for c in info.cands:
                t = c.oc if not c.rule else f"{c.oc}/{c.rule}"
                case, gen, num = _cgn(c.gram)
                if c.rule not in _CASE_RULES:
                    case = ""
                ts.append(hc(t))
                us.append(hc(c.upos))
                tcs.append(hc(f"{t}|{case}"))
                cases.append(_bit(case, _CASES))
                gens.append(_bit(gen, _GENDERS))
                nums.append(_bit(num, _NUMBERS))
                allowed.append(not (skip_proper and is_proper(c)))
        u64, i64 = np.uint64, np.int64
        return TableBatch(static, np.asarray(ts, dtype=u64), np.asarray(us, dtype=u64), np.asarray(tcs, dtype=u64),
                          np.asarray(cases, dtype=i64), np.asarray(gens, dtype=i64), np.asarray(nums, dtype=i64),
                          np.asarray(allowed, dtype=bool), flat, feature_counts)

    def score(self, static: np.ndarray, t: np.ndarray, u: np.ndarray, tc: np.ndarray, case: np.ndarray,
              gen: np.ndarray, num: np.ndarray, nb: dict[str, np.ndarray]) -> np.ndarray:
        """Scores of candidate rows: static part plus the weights of the active context features."""
        idx, active = context_indices(t, u, tc, case, gen, num, nb)
        ctx = np.where(active, self.weights[idx], np.float32(0)).astype(np.float64).sum(axis=1)
        return static + ctx

    def rows(self, requests: Sequence[tuple]) -> tuple[list[CandTable], dict, np.ndarray]:
        """Candidate tables, per-row neighbour arrays and group starts of ``(info, mode, l, l2, r, r2)`` requests."""
        tables = [self.table(info, mode) for info, mode, *_ in requests]
        counts = np.asarray([len(tb.static) for tb in tables], dtype=np.int64)
        starts = np.cumsum(counts) - counts
        nbs = {name: [] for name in ("L", "L2", "R", "R2")}
        for _, _, left, left2, right, right2 in requests:
            nbs["L"].append(neighbour(left))
            nbs["L2"].append(neighbour(left2))
            nbs["R"].append(neighbour(right, right=True))
            nbs["R2"].append(neighbour(right2, right=True))
        nb = neighbour_arrays({k: np.asarray(v, dtype=np.int64).reshape(-1, 4) for k, v in nbs.items()}, counts)
        return tables, nb, starts

    def choose_many(self, requests: Sequence[tuple]) -> list[int]:
        """Best reading (index into ``info.cands``) for each ``(info, mode, left, left2, right, right2)`` request."""
        if not requests:
            return []
        tables, nb, starts = self.rows(requests)
        cat = [np.concatenate([getattr(tb, f) for tb in tables])
               for f in ("static", *HASH_FIELDS, *BIT_FIELDS, "allowed")]
        scores = self.score(*cat[:-1], nb)
        return pick(scores, cat[-1], starts).tolist()

    def choose(self, info: WordInfo, mode: int, left: WordInfo | None, left2: WordInfo | None,
               right: WordInfo | None, right2: WordInfo | None = None) -> int:
        """Index into ``info.cands`` of the best reading."""
        return self.choose_many([(info, mode, left, left2, right, right2)])[0]

    def save(self, path: str | Path) -> None:
        nz = np.flatnonzero(self.weights)
        data = {"version": self.version, "hash_bits": HASH_BITS, "index": nz.tolist(),
                "weight": [round(float(v), 4) for v in self.weights[nz]]}
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as f:
            json.dump(data, f, separators=(",", ":"))


def neighbour_arrays(per_group: dict[str, np.ndarray], counts: np.ndarray) -> dict[str, np.ndarray]:
    """Per-row neighbour arrays for :func:`context_indices` from per-group ``(key, cases, genders, numbers)``
    rows (int64, key as its uint32 hash), each group repeated ``counts`` times."""
    L, L2, R, R2 = (np.repeat(per_group[k], counts, axis=0) for k in ("L", "L2", "R", "R2"))
    u64 = np.uint64
    return {"Lk": L[:, 0].astype(u64), "L2k": L2[:, 0].astype(u64), "Rk": R[:, 0].astype(u64),
            "R2k": R2[:, 0].astype(u64), "Lc": L[:, 1], "L2c": L2[:, 1], "Rc": R[:, 1], "R2c": R2[:, 1],
            "Rg": R[:, 2], "Rn": R[:, 3]}


@lru_cache(maxsize=4)
def load_ranker(path: str | Path = MODEL_PATH) -> Ranker | None:
    """The ranker stored at ``path``; ``None`` when the file is missing (then pymorphy3's order is used)."""
    p = Path(path)
    if not p.exists():
        return None
    with gzip.open(p, "rt", encoding="utf-8") as f:
        data = json.load(f)
    if data.get("version") != MODEL_VERSION or data.get("hash_bits") != HASH_BITS:
        from ...errors import CorpusToolsError

        raise CorpusToolsError(
            f"{p} was trained for feature set {data.get('version')!r}, this code needs {MODEL_VERSION!r}: "
            f"rerun scripts/train_ru_disambiguator.py."
        )
    w = np.zeros(1 << HASH_BITS, dtype=np.float32)
    w[np.asarray(data["index"], dtype=np.int64)] = np.asarray(data["weight"], dtype=np.float32)
    return Ranker(w, version=data["version"])
