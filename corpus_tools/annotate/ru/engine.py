"""Fast document path of :class:`corpus_tools.annotate.ru.Pipeline`: vocabulary ids and numpy arrays per document.

The reference steps (:func:`.tokenizer.token_spans`, :func:`.sentences.sentence_ids`,
:meth:`Pipeline.analyze_tokens`) loop over every token in Python. This module gives the same output with the
per-token work moved to numpy gathers over tables filled once per vocabulary item:

1. **Tokens.** spaCy tokenizes each maximal run of non-whitespace characters on its own, so the tokens of a
   run (a *chunk*) are computed once per distinct chunk (all new chunks of a document in one spaCy call) and a
   document's tokens are gathered from the chunk table; abbreviations are merged only around tokens ending in
   a period, with the same rules as :func:`.tokenizer.merge_abbreviations`.
2. **Sentences.** The rules of :func:`.sentences.sentence_ids` change state only at tokens ending in ``.!?…``
   and at blank lines; only those tokens are visited, with per-type flags.
3. **Readings.** Each token type has its norm, its case-mode flags and, per case mode, the id of its word
   reading set (:class:`.disambiguate.WordInfo`); each reading set has its default analysis and its context key.
4. **Context model.** Only tokens whose readings have several lemmas are looked at; their decisions are cached
   by context signature (reading set, the keys of two neighbours on each side), and the cache misses of a
   document are scored together with numpy over flat candidate tables (:meth:`.disambiguate.Ranker.score`).

``tests/test_annotate_ru.py`` checks that both paths give identical columns on real and constructed texts.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np

from .abbreviations import SENTENCE_FINAL, SENTENCE_FINAL_AFTER_NUMBER, key
from .conventions import ABBREVIATION_SEQUENCES, YEAR_ABBREVIATIONS
from .disambiguate import neighbour
from .sentences import (
    ADVERBIAL_PREPOSITIONS,
    CLOSERS,
    DASHES,
    OPENERS,
    SHORT_ADVERBIAL,
    TERMINAL_CHARS,
    paragraph_starts,
)
from .tokenizer import MAX_CHARS, MAX_PIECES, MERGE_KEYS

if TYPE_CHECKING:
    from . import Pipeline

__all__ = ["DocumentEngine"]

_NUMBER = re.compile(r"^(?:\d+(?:[-–.,/]\d+)*|[IVXLCDM]+)$")
_FINAL = frozenset(key(a) for a in SENTENCE_FINAL)
_FINAL_AFTER_NUMBER = frozenset(key(a) for a in SENTENCE_FINAL_AFTER_NUMBER)
_SEQ_FIRST = frozenset(a for a, _ in ABBREVIATION_SEQUENCES)
_BOUNDARY_KEY = -1
#: Chunks spaCy's rules (as configured) cut into one word token plus at most one final punctuation mark.
_SIMPLE_CHUNK = re.compile(r"[А-ЯЁа-яёA-Za-z]{2,}[,;:!?.]?")
#: Entries of the merge-piece cache before it is emptied.
_PIECE_CACHE_SIZE = 500_000


def _space_table() -> np.ndarray:
    table = np.zeros(0x110000, dtype=bool)
    table[[i for i in range(0x3100) if chr(i).isspace()]] = True
    return table


_SPACE = _space_table()


class _Grow:
    """A 1-d numpy array with amortised appends; small appends wait in a list until the array is read."""

    __slots__ = ("_a", "_n", "_pend", "fill")

    def __init__(self, dtype: Any, fill: Any = 0) -> None:
        self._a = np.full(1024, fill, dtype=dtype)
        self._n = 0
        self._pend: list = []
        self.fill = fill

    def _room(self, m: int) -> None:
        if m > len(self._a):
            new = np.full(max(m, 2 * len(self._a)), self.fill, dtype=self._a.dtype)
            new[: self._n] = self._a[: self._n]
            self._a = new

    def _flush(self) -> None:
        m = self._n + len(self._pend)
        self._room(m)
        self._a[self._n:m] = self._pend
        self._n = m
        self._pend = []

    @property
    def a(self) -> np.ndarray:
        """The array (entries past :attr:`n` hold the fill value); pending appends are written first."""
        if self._pend:
            self._flush()
        return self._a

    @property
    def n(self) -> int:
        return self._n + len(self._pend)

    def append(self, value: Any) -> None:
        self._pend.append(value)

    def extend(self, values: Any) -> None:
        if isinstance(values, np.ndarray) and len(values) > 32:
            if self._pend:
                self._flush()
            m = self._n + len(values)
            self._room(m)
            self._a[self._n:m] = values
            self._n = m
        else:
            self._pend.extend(values)


def _ends_kind(tok: str) -> int:
    """0: never ends a sentence; 1: ends it; 2: ends it after a number (``г.``), see ``sentences._ends``."""
    if tok[-1] not in TERMINAL_CHARS:
        return 0
    if all(c in TERMINAL_CHARS for c in tok):
        return 1
    if tok[-1] != ".":
        return 0
    k = key(tok)
    if k in _FINAL:
        return 1
    return 2 if k in _FINAL_AFTER_NUMBER else 0


class DocumentEngine:
    """Vocabulary tables and the vectorised document path of one :class:`Pipeline`.

    Parameters
    ----------
    pipeline : Pipeline
        Supplies the spaCy tokenizer, the morphology (:class:`.morph.RuMorph`), the ranker and the norm function.
    """

    # per-type flag bits
    _UPPER, _ALNUM, _PERIOD, _CLOSER, _OPENER, _TERMINAL, _OPENS, _NUMBERLIKE, _ADVPREP = (1 << i for i in range(9))

    def __init__(self, pipeline: "Pipeline") -> None:
        self.p = pipeline
        # chunks: string -> id; tokens of each chunk in a flat table
        self._chunk_id: dict[str, int] = {}
        self._chunk_first = _Grow(np.int64)
        self._chunk_n = _Grow(np.int64)
        self._flat_rs = _Grow(np.int64)
        self._flat_re = _Grow(np.int64)
        self._flat_type = _Grow(np.int64)
        # token types
        self._type_id: dict[str, int] = {}
        self._types: list[str] = []
        self._type_str = _Grow(object, None)
        self._flags = _Grow(np.int32)
        self._ends_kind = _Grow(np.int8)
        # per prereform flag: norm of each type, its sequence flag, its reading-set id per case mode
        self._norm = {False: _Grow(object, None), True: _Grow(object, None)}
        self._seq = {False: _Grow(bool, False), True: _Grow(bool, False)}
        self._info_of = {False: [_Grow(np.int64, -1) for _ in range(3)],
                         True: [_Grow(np.int64, -1) for _ in range(3)]}
        # reading sets
        self._info_id: dict[tuple[str, int], int] = {}
        self._ambiguous = _Grow(bool, False)
        self._key = _Grow(np.int64, _BOUNDARY_KEY)
        self._default = _Grow(np.int64, -1)
        self._key_id: dict[str, int] = {}
        # analyses (lemma, pos, feats, oov)
        self._ana_id: dict[tuple, int] = {}
        self._ana_lemma = _Grow(object, None)
        self._ana_pos = _Grow(object, None)
        self._ana_feats = _Grow(object, None)
        self._ana_oov = _Grow(bool, False)
        self._piece_cache: dict[str, bool] = {}
        # what a neighbouring token shows the context model, per reading set (:class:`.disambiguate.Neighbour`)
        self._nb = [_Grow(np.int64) for _ in range(4)]
        # candidate tables of the ambiguous reading sets (:class:`.disambiguate.CandTable`), rows in flat arrays
        self._ct_first = _Grow(np.int64, -1)
        self._ct_n = _Grow(np.int64)
        self._c_static = _Grow(np.float64)
        self._c_hash = [_Grow(np.uint64) for _ in range(3)]          # t, u, tc
        self._c_bits = [_Grow(np.int64, -1) for _ in range(3)]       # case, gen, num
        self._c_allowed = _Grow(bool, False)
        self._c_ana = _Grow(np.int64, -1)
        #: (reading-set id, info, case mode) of new ambiguous reading sets whose tables are not built yet
        self._pending_tables: list[tuple[int, Any, int]] = []
        #: context signature (reading set, left key, second left key, right key, second right key) -> analysis id
        self._decisions: dict[tuple[int, int, int, int, int], int] = {}

    # ---------------------------------------------------------------- vocabulary
    def _type(self, tok: str) -> int:
        t = self._type_id.get(tok)
        if t is None:
            t = self._type_id[tok] = len(self._types)
            self._types.append(tok)
            self._type_str.append(tok)
            c0 = tok[0]
            f = 0
            if c0.isupper():
                f |= self._UPPER
            if c0.isalnum():
                f |= self._ALNUM
            if tok[-1] == ".":
                f |= self._PERIOD
            if tok in CLOSERS:
                f |= self._CLOSER
            if tok in OPENERS:
                f |= self._OPENER
            if all(c in TERMINAL_CHARS for c in tok):
                f |= self._TERMINAL
            if c0.isupper() or c0.isdigit() or c0 in OPENERS or c0 in DASHES:
                f |= self._OPENS
            if _NUMBER.match(tok):
                f |= self._NUMBERLIKE
            if tok.lower() in ADVERBIAL_PREPOSITIONS:
                f |= self._ADVPREP
            self._flags.append(f)
            self._ends_kind.append(_ends_kind(tok))
            for flag in (False, True):
                self._norm[flag].append(None)
                self._seq[flag].append(False)
                for g in self._info_of[flag]:
                    g.append(-1)
        return t

    def _analysis(self, a: Any) -> int:
        k = (a.lemma, a.pos, a.feats, a.oov)
        i = self._ana_id.get(k)
        if i is None:
            i = self._ana_id[k] = len(self._ana_id)
            self._ana_lemma.append(a.lemma)
            self._ana_pos.append(a.pos)
            self._ana_feats.append(a.feats)
            self._ana_oov.append(a.oov)
        return i

    def _info(self, norm: str, mode: int) -> int:
        i = self._info_id.get((norm, mode))
        if i is None:
            morph = self.p._morph
            info = morph.info(norm, mode, cache=False)      # what the engine needs of it is copied below
            i = self._info_id[(norm, mode)] = len(self._info_id)
            kid = self._key_id.get(info.key)
            if kid is None:
                kid = self._key_id[info.key] = len(self._key_id)
            self._ambiguous.append(info.ambiguous)
            self._key.append(kid)
            self._default.append(self._analysis(morph.to_analysis(info, morph.default_index(info, mode))))
            for g, v in zip(self._nb, neighbour(info)):
                g.append(v)
            self._ct_first.append(-1)
            self._ct_n.append(0)
            if info.ambiguous and self.p._ranker is not None:
                self._pending_tables.append((i, info, mode))
        return i

    def _flush_tables(self) -> None:
        """Build the candidate tables of the reading sets :meth:`_info` added since the last call, in one batch."""
        pending = self._pending_tables
        if not pending:
            return
        morph = self.p._morph
        batch = self.p._ranker.build_tables([(info, mode) for _, info, mode in pending])
        anas = [self._analysis(morph.to_analysis(info, j)) for _, info, _ in pending for j in range(len(info.cands))]
        # everything that can fail is done: now the tables grow together (a failure above leaves them aligned)
        first = self._c_static.n
        ct_first, ct_n = self._ct_first.a, self._ct_n.a
        for i, info, _ in pending:
            ct_first[i], ct_n[i] = first, len(info.cands)
            first += len(info.cands)
        self._c_ana.extend(anas)
        self._c_static.extend(batch.static)
        for g, v in zip(self._c_hash, (batch.t, batch.u, batch.tc)):
            g.extend(v)
        for g, v in zip(self._c_bits, (batch.case, batch.gen, batch.num)):
            g.extend(v)
        self._c_allowed.extend(batch.allowed)
        self._pending_tables = []

    # ---------------------------------------------------------------- tokens
    def _learn_chunks(self, chunks: list[str]) -> None:
        """Tokenize new distinct chunks and store their tokens: simple ones directly, the rest in one spaCy call.

        A *simple* chunk (:data:`_SIMPLE_CHUNK`: two or more Cyrillic or Latin letters, optionally one final
        ``,;:!?.``) is one token, or a word and its punctuation mark, under spaCy's rules as configured in
        :func:`.tokenizer.build_tokenizer` (checked on all 100,261 such chunks of the Stalin corpus, and in the
        tests); about 5 in 6 new chunks are simple.
        """
        hard: list[str] = []
        simple: list[str] = []
        for c in chunks:
            (simple if _SIMPLE_CHUNK.fullmatch(c) else hard).append(c)
        if hard:
            self._learn_with_spacy(hard)
        if simple:
            rs: list[int] = []
            re_: list[int] = []
            tys: list[int] = []
            counts: list[int] = []
            typ = self._type
            for c in simple:
                n = len(c)
                if c[-1].isalpha():
                    rs.append(0)
                    re_.append(n)
                    tys.append(typ(c))
                    counts.append(1)
                else:
                    rs += (0, n - 1)
                    re_ += (n - 1, n)
                    tys += (typ(c[:-1]), typ(c[-1]))
                    counts.append(2)
            base = self._flat_rs.n
            cnt = np.asarray(counts, dtype=np.int64)
            first = base + np.cumsum(cnt) - cnt
            self._flat_rs.extend(rs)
            self._flat_re.extend(re_)
            self._flat_type.extend(tys)
            n0 = len(self._chunk_id)
            for j, c in enumerate(simple):
                self._chunk_id[c] = n0 + j
            self._chunk_first.extend(first)
            self._chunk_n.extend(cnt)

    def _learn_with_spacy(self, chunks: list[str]) -> None:
        """Tokenize new distinct chunks in one spaCy call and store their tokens."""
        from spacy.attrs import IDX, IS_SPACE, LENGTH

        joined = " ".join(chunks)
        offsets = np.zeros(len(chunks) + 1, dtype=np.int64)
        np.cumsum([len(c) + 1 for c in chunks], out=offsets[1:])
        doc = self.p._tokenizer(joined)
        arr = doc.to_array([IDX, LENGTH, IS_SPACE]).astype(np.int64, copy=False)
        arr = arr[arr[:, 2] == 0]
        ts, te = arr[:, 0], arr[:, 0] + arr[:, 1]
        owner = np.searchsorted(offsets, ts, side="right") - 1
        counts = np.bincount(owner, minlength=len(chunks))
        base = self._flat_rs.n
        first = base + np.concatenate(([0], np.cumsum(counts)[:-1]))
        rel_s = ts - offsets[owner]
        rel_e = te - offsets[owner]
        types = [self._type(joined[s:e]) for s, e in zip(ts.tolist(), te.tolist())]
        self._flat_rs.extend(rel_s)
        self._flat_re.extend(rel_e)
        self._flat_type.extend(types)
        n0 = len(self._chunk_id)
        for j, c in enumerate(chunks):
            self._chunk_id[c] = n0 + j
        self._chunk_first.extend(first)
        self._chunk_n.extend(counts)

    def tokens(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(starts, ends, types)`` of the non-whitespace tokens of ``text`` (as :func:`.tokenizer.token_spans`)."""
        if not text:
            e = np.zeros(0, dtype=np.int64)
            return e, e, e
        cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        word = (~_SPACE[cps]).view(np.int8)
        d = np.diff(word, prepend=np.int8(0), append=np.int8(0))
        cs = np.flatnonzero(d == 1)
        ce = np.flatnonzero(d == -1)
        chunks = [text[s:e] for s, e in zip(cs.tolist(), ce.tolist())]
        get = self._chunk_id.get
        ids = [get(c, -1) for c in chunks]
        if -1 in ids:
            new = list(dict.fromkeys(c for c, i in zip(chunks, ids) if i == -1))
            self._learn_chunks(new)
            ids = [get(c) for c in chunks]
        cid = np.asarray(ids, dtype=np.int64)
        n = self._chunk_n.a[cid]
        total = int(n.sum())
        rep = np.repeat(np.arange(len(cid)), n)
        offs = np.arange(total) - np.repeat(np.cumsum(n) - n, n)
        flat = self._chunk_first.a[cid][rep] + offs
        base = cs[rep]
        starts = base + self._flat_rs.a[flat]
        ends = base + self._flat_re.a[flat]
        types = self._flat_type.a[flat]
        return self._merge(text, starts, ends, types)

    def _is_merge_piece(self, piece: str) -> bool:
        cache = self._piece_cache
        hit = cache.get(piece)
        if hit is None:
            if len(cache) >= _PIECE_CACHE_SIZE:
                cache.clear()
            hit = cache[piece] = key(piece) in MERGE_KEYS
        return hit

    def _merge(self, text: str, starts: np.ndarray, ends: np.ndarray, types: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Abbreviation merging of :func:`.tokenizer.merge_abbreviations`, visiting only tokens ending in ``.``."""
        cand = np.flatnonzero(self._flags.a[types] & self._PERIOD)
        if not len(cand):
            return starts, ends, types
        S = starts.tolist()
        E = ends.tolist()
        group: dict[int, int] = {}          # last original index of a merged token -> its first
        recorded: list[tuple[int, int]] = []
        is_piece = self._is_merge_piece
        count = text.count
        for k in cand.tolist():
            end = E[k]
            best = k
            i = k                            # original index of the last piece of the out token looked at
            gs = group.get(i, i)
            for step in range(MAX_PIECES):
                js = S[gs]
                if end - js > MAX_CHARS:
                    break
                if step:
                    # blank line between this out token (ending at original i) and the next one
                    if count("\n", E[i], S[nxt]) > 1:
                        break
                    if is_piece(text[js:end]):
                        best = gs
                if gs == 0:
                    break
                nxt = gs
                i = gs - 1
                gs = group.get(i, i)
            if best < k:
                group[k] = best
                recorded.append((best, k))
        if not recorded:
            return starts, ends, types
        keep = np.ones(len(S), dtype=bool)
        limit = len(S)
        starts = starts.copy()
        ends = ends.copy()
        types = types.copy()
        for a, b in reversed(recorded):
            if b < limit:
                keep[a + 1:b + 1] = False
                ends[a] = E[b]
                types[a] = self._type(text[S[a]:E[b]])
                limit = a
        return starts[keep], ends[keep], types[keep]

    # ---------------------------------------------------------------- sentences
    def sentences(self, text: str, starts: np.ndarray, ends: np.ndarray, types: np.ndarray) -> np.ndarray:
        """Sentence number of each token, as :func:`.sentences.sentence_ids`."""
        n = len(types)
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        para = paragraph_starts(text, starts)
        kind = self._ends_kind.a[types]
        events = np.flatnonzero(para | (kind > 0)).tolist()
        para_l = para.tolist() if len(events) else []
        S = starts.tolist()
        E = ends.tolist()
        T = types.tolist()
        F = self._flags.a
        K = self._ends_kind.a
        CLOSER, OPENER, TERMINAL, OPENS = self._CLOSER, self._OPENER, self._TERMINAL, self._OPENS
        NUMBERLIKE, ADVPREP = self._NUMBERLIKE, self._ADVPREP
        new_sent: list[int] = []
        sent_start = 0
        cursor = 0
        for k in events:
            if k < cursor:
                continue
            if k and para_l[k]:
                new_sent.append(k)
                sent_start = k
            kd = K[T[k]]
            if kd == 0:
                continue
            if kd == 2:
                in_sent = k - sent_start + 1
                adverbial = in_sent <= SHORT_ADVERBIAL and bool(F[T[sent_start]] & ADVPREP)
                if adverbial or k == 0 or not (F[T[k - 1]] & NUMBERLIKE):
                    continue
            # pending: closers and terminal tokens stay in this sentence; an opening token starts the next
            j = k + 1
            while j < n:
                if para_l[j]:
                    break
                fj = F[T[j]]
                if fj & CLOSER and (S[j] == E[j - 1] or not fj & OPENER):
                    j += 1
                elif fj & TERMINAL:
                    j += 1
                else:
                    if fj & OPENS:
                        new_sent.append(j)
                        sent_start = j
                    break
            cursor = j
        marks = np.zeros(n, dtype=np.int64)
        if new_sent:
            marks[np.asarray(new_sent)] = 1
        return np.cumsum(marks)

    # ---------------------------------------------------------------- analysis
    def _fill_types(self, types: np.ndarray, prereform: bool) -> None:
        norms = self._norm[prereform]
        missing = np.unique(types[norms.a[types] == None])  # noqa: E711 (object array comparison)
        if len(missing):
            norm_fn = self.p._norm_fn[prereform]
            seq = self._seq[prereform]
            for t in missing.tolist():
                norm = norm_fn(self._types[t])
                norms.a[t] = norm
                seq.a[t] = norm in _SEQ_FIRST or norm in YEAR_ABBREVIATIONS

    def analyze(self, types: np.ndarray, sents: np.ndarray, *, prereform: bool = False) -> dict[str, list]:
        """Columns norm, lemma, pos, feats, oov of the tokens ``types`` with sentence ids ``sents``."""
        from .morph import CAP_INITIAL, CAP_MID, LOWER

        n = len(types)
        if n == 0:
            return {"norm": [], "lemma": [], "pos": [], "feats": [], "oov": []}
        self._fill_types(types, prereform)
        flags = self._flags.a[types]
        upper = (flags & self._UPPER) != 0
        alnum = (flags & self._ALNUM).astype(bool).astype(np.int64)
        # case mode: capital letter before/after the first word-like token of the sentence
        new = np.empty(n, dtype=bool)
        new[0] = True
        new[1:] = sents[1:] != sents[:-1]
        before = np.cumsum(alnum) - alnum
        sent_first = np.maximum.accumulate(np.where(new, np.arange(n), 0))
        initial = before == before[sent_first]
        mode = np.where(upper, np.where(initial, CAP_INITIAL, CAP_MID), LOWER)
        # reading-set id of each token
        tabs = self._info_of[prereform]
        info = np.empty(n, dtype=np.int64)
        for m in (LOWER, CAP_INITIAL, CAP_MID):
            sel = mode == m
            if sel.any():
                tab = tabs[m]
                ids = tab.a[types[sel]]
                if (ids < 0).any():
                    norms = self._norm[prereform].a
                    for t in np.unique(types[sel][ids < 0]).tolist():
                        tab.a[t] = self._info(norms[t], m)
                    ids = tab.a[types[sel]]
                info[sel] = ids
        self._flush_tables()
        ana = self._default.a[info]
        ranker = self.p._ranker
        if ranker is not None:
            amb = np.flatnonzero(self._ambiguous.a[info])
            if len(amb):
                ana[amb] = self._decide(info, sents, mode, amb, ranker)
        norms = self._norm[prereform].a[types]
        lemma = self._ana_lemma.a[ana].tolist()
        seq = np.flatnonzero(self._seq[prereform].a[types])
        if len(seq):
            norm_l = norms.tolist()
            for k in seq.tolist():
                norm = norm_l[k]
                if norm in _SEQ_FIRST and k + 1 < n:
                    pair = ABBREVIATION_SEQUENCES.get((norm, norm_l[k + 1]))
                    if pair:
                        lemma[k], lemma[k + 1] = pair
                elif norm in YEAR_ABBREVIATIONS and k > 0 and norm_l[k - 1][:1].isdigit():
                    lemma[k] = "год"
        return {"norm": norms.tolist(), "lemma": lemma, "pos": self._ana_pos.a[ana].tolist(),
                "feats": self._ana_feats.a[ana].tolist(), "oov": self._ana_oov.a[ana].tolist()}

    def _decide(self, info: np.ndarray, sents: np.ndarray, mode: np.ndarray, amb: np.ndarray, ranker: Any
                ) -> np.ndarray:
        """Analysis ids of the ambiguous tokens ``amb`` from the decision cache, scoring the misses together.

        The misses' candidate rows are gathered from the flat candidate tables and scored in one call of
        :meth:`.disambiguate.Ranker.score`, as :meth:`.disambiguate.Ranker.choose_many` does per request.
        """
        from . import DECISION_CACHE_SIZE
        from .disambiguate import neighbour_arrays, pick

        n = len(info)
        keys = self._key.a[info]
        sent = sents[amb]

        def within(off: int) -> np.ndarray:
            j = amb + off
            ok = (j >= 0) & (j < n)
            return ok & (sents[np.clip(j, 0, n - 1)] == sent)

        has_l = within(-1)
        has_l2 = has_l & within(-2)
        has_r = within(1)
        has_r2 = has_r & within(2)
        offsets = ((-1, has_l), (-2, has_l2), (1, has_r), (2, has_r2))
        ks = [np.where(h, keys[np.clip(amb + o, 0, n - 1)], _BOUNDARY_KEY) for o, h in offsets]
        sigs = list(zip(info[amb].tolist(), *(k.tolist() for k in ks)))
        decisions = self._decisions
        get = decisions.get
        out = [get(s, -1) for s in sigs]
        if -1 in out:
            uniq: dict[tuple, int] = {}
            for j, a in enumerate(out):
                if a == -1:
                    uniq.setdefault(sigs[j], j)
            J = np.fromiter(uniq.values(), dtype=np.int64, count=len(uniq))
            K = amb[J]
            I = info[K]
            counts = self._ct_n.a[I]
            first = self._ct_first.a[I]
            starts = np.cumsum(counts) - counts
            rows = np.repeat(first - starts, counts) + np.arange(int(counts.sum()))
            per_group = {}
            for name, (o, h) in zip(("L", "L2", "R", "R2"), offsets):
                nbr = info[np.clip(K + o, 0, n - 1)]
                bound = neighbour(None, right=o > 0)
                per_group[name] = np.stack(
                    [np.where(h[J], g.a[nbr], b) for g, b in zip(self._nb, bound)], axis=1)
            nb = neighbour_arrays(per_group, counts)
            scores = ranker.score(self._c_static.a[rows], *(g.a[rows] for g in self._c_hash),
                                  *(g.a[rows] for g in self._c_bits), nb)
            chosen = self._c_ana.a[first + pick(scores, self._c_allowed.a[rows], starts)]
            if len(decisions) + len(uniq) > DECISION_CACHE_SIZE:
                decisions.clear()
            decisions.update(zip(uniq, chosen.tolist()))
            out = [decisions[s] for s in sigs]
        return np.asarray(out, dtype=np.int64)
