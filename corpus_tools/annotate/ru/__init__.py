"""Russian: spaCy tokenizer adapted to the 1910s-1930s, rule-based sentences, pymorphy3 morphology.

The language folder holds data tables (:mod:`.abbreviations`, :mod:`.tagmap`) and small steps
(:mod:`.tokenizer`, :mod:`.sentences`, :mod:`.morph`); :class:`Pipeline` strings them together over
*normalized* text. Mapping offsets back to the original text is the job of :mod:`corpus_tools.annotate`.
"""
from __future__ import annotations

import inspect
from typing import Callable

from ...normalize import norm_form
from .names import keep_acronyms, share_name_lemmas

__all__ = ["LANG", "PIPELINE_VERSION", "Pipeline"]

LANG = "ru"
#: Bump when the output of :meth:`Pipeline.annotate_normalized` changes, or what a Russian document's tokens
#: get from the Kazakh model (v7: words with і in old spelling stay Russian; unknown-word rules; a document's
#: oblique forms of an unknown name take its nominative's lemma).
PIPELINE_VERSION = "ru-pymorphy-v7"
#: Context decisions kept before that cache is emptied.
DECISION_CACHE_SIZE = 2_000_000
#: Word types (or reading sets) the caches of one pipeline may hold before they are all emptied, between two
#: documents. About 3 kB each on the Stalin works (78k types: +230 MB over the 330 MB of loaded models), so
#: the default keeps one annotating process under about 700 MB whatever the corpus size.
VOCABULARY_LIMIT = 120_000


def _norm_function(prereform: bool) -> Callable[[str], str]:
    """``norm_form`` with the ``prereform`` keyword when the installed normalizer accepts it."""
    params = inspect.signature(norm_form).parameters
    if "prereform" in params or any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return lambda word: norm_form(word, prereform=prereform)
    return norm_form


class Pipeline:
    """Tokenize, split sentences and analyse normalized Russian text. Heavy objects load on creation.

    Parameters
    ----------
    use_ranker : bool, default True
        Choose among a word's readings with the shipped context model (:mod:`.disambiguate`); ``False`` gives
        the context-free default of :meth:`.morph.RuMorph.analyze` (used as a baseline by the evaluation).
    vocabulary_limit : int, optional
        Word types (or reading sets) kept in the caches; when a document starts with more, every cache is
        emptied (:meth:`clear_caches`). Default :data:`VOCABULARY_LIMIT`. The output does not depend on it.
    """

    def __init__(self, *, use_ranker: bool = True, vocabulary_limit: int | None = None) -> None:
        # imported here so that ``import corpus_tools.annotate`` stays light (spaCy, pymorphy3 load on use)
        from .disambiguate import load_ranker
        from .morph import RuMorph
        from .tokenizer import build_tokenizer

        self._tokenizer = build_tokenizer()
        self._morph = RuMorph()
        self._ranker = load_ranker() if use_ranker else None
        self._decisions: dict[tuple, object] = {}
        self._norm_cache: dict[bool, dict[str, str]] = {False: {}, True: {}}
        self._norm_fn = {flag: _norm_function(flag) for flag in (False, True)}
        self._engine: object = None
        self.vocabulary_limit = VOCABULARY_LIMIT if vocabulary_limit is None else vocabulary_limit
        #: How many times the caches were emptied because of :attr:`vocabulary_limit`.
        self.cache_resets = 0

    def vocabulary_size(self) -> int:
        """Word types or reading sets held in the caches, whichever is more."""
        eng = self._engine
        sizes = [len(self._morph._info)]
        if eng is not None:
            sizes += [len(eng._types), len(eng._info_id)]
        return max(sizes)

    def clear_caches(self) -> None:
        """Empty every per-word and per-context cache (and rebuild the tokenizer, whose string store grows)."""
        from . import conventions
        from .tokenizer import build_tokenizer

        self._engine = None
        self._decisions.clear()
        self._norm_cache = {False: {}, True: {}}
        self._morph._info.clear()
        self._morph._cache.clear()
        if self._ranker is not None:
            self._ranker._tables.clear()
        conventions._CHOICES.clear()
        self._tokenizer = build_tokenizer()
        self.cache_resets += 1

    def _bound_caches(self) -> None:
        if self.vocabulary_size() > self.vocabulary_limit:
            self.clear_caches()

    def annotate_normalized(self, text: str, *, prereform: bool = False) -> dict[str, list]:
        """Token columns over normalized ``text``: sent, norm, lemma, pos, feats, oov, start, end.

        ``start``/``end`` are offsets into ``text`` (the normalized text); ``tok`` holds the token strings.
        The work is done by :class:`.engine.DocumentEngine` (vocabulary tables, numpy per document); the
        output is identical to :meth:`annotate_normalized_reference`.
        """
        self._bound_caches()
        if self._engine is None:
            from .engine import DocumentEngine

            self._engine = DocumentEngine(self)
        eng = self._engine
        starts, ends, types = eng.tokens(text)
        sents = eng.sentences(text, starts, ends, types)
        cols = eng.analyze(types, sents, prereform=prereform)
        cols.update(tok=eng._type_str.a[types].tolist(), sent=sents.tolist(), start=starts.tolist(),
                    end=ends.tolist())
        keep_acronyms(cols["tok"], cols)
        share_name_lemmas(cols["tok"], cols)
        return cols

    def annotate_normalized_reference(self, text: str, *, prereform: bool = False) -> dict[str, list]:
        """The per-token reference implementation of :meth:`annotate_normalized` (same output, slower)."""
        from .sentences import sentence_ids
        from .tokenizer import token_spans

        self._bound_caches()
        starts, ends = token_spans(self._tokenizer, text)
        toks = [text[s:e] for s, e in zip(starts, ends)]
        sents = sentence_ids(text, toks, starts, ends)
        cols = self.analyze_tokens(toks, sents, prereform=prereform)
        cols.update(tok=toks, sent=sents, start=starts, end=ends)
        keep_acronyms(toks, cols)
        share_name_lemmas(toks, cols)
        return cols

    def word_infos(self, toks: list[str], sents: list[int], *, prereform: bool = False) -> tuple[list, list, list]:
        """Steps 1-2 of :meth:`analyze_tokens`: norms, case modes and :class:`.disambiguate.WordInfo` per token."""
        from .morph import CAP_INITIAL, CAP_MID, LOWER

        cache = self._norm_cache[prereform]
        norm_fn = self._norm_fn[prereform]
        info_of = self._morph.info
        n = len(toks)
        norms: list[str] = [""] * n
        modes: list[int] = [0] * n
        infos: list = [None] * n
        prev_sent = -1
        initial = True                   # no word token yet in this sentence
        for k, (tok, sent) in enumerate(zip(toks, sents)):
            if sent != prev_sent:
                prev_sent, initial = sent, True
            norm = cache.get(tok)
            if norm is None:
                norm = cache[tok] = norm_fn(tok)
            first = tok[0]
            if first.isupper():
                mode = CAP_INITIAL if initial else CAP_MID
            else:
                mode = LOWER
            if initial and first.isalnum():
                initial = False
            norms[k], modes[k] = norm, mode
            infos[k] = info_of(norm, mode)

        return norms, modes, infos

    def analyze_tokens(self, toks: list[str], sents: list[int], *, prereform: bool = False) -> dict[str, list]:
        """Columns norm, lemma, pos, feats, oov for given tokens (``sents``: sentence id of each token).

        The same code serves the pipeline and ``scripts/eval_lemmas.py`` (which passes UD's gold tokens).
        Step 1: norm and case mode of each token; step 2: the readings of each word type (cached); step 3: the
        context model for tokens with more than one candidate lemma, cached by context signature (norm, case mode,
        keys of two neighbours on each side).
        """
        from .conventions import sequence_lemmas
        from .disambiguate import neighbours

        norms, modes, infos = self.word_infos(toks, sents, prereform=prereform)
        n = len(toks)
        morph = self._morph
        ranker = self._ranker
        analyze = morph.analyze
        decisions = self._decisions
        to_analysis = morph.to_analysis
        lemmas: list[str] = []
        poses: list[str] = []
        feats: list[str] = []
        oovs: list[bool] = []
        for k in range(n):
            info = infos[k]
            if ranker is None or not info.ambiguous:
                a = analyze(norms[k], modes[k])
            else:
                left, left2, right, right2 = neighbours(infos, sents, k)
                sig = (norms[k], modes[k], left.key if left else None, left2.key if left2 else None,
                       right.key if right else None, right2.key if right2 else None)
                a = decisions.get(sig)
                if a is None:
                    if len(decisions) >= DECISION_CACHE_SIZE:
                        decisions.clear()
                    a = decisions[sig] = to_analysis(
                        info, ranker.choose(info, modes[k], left, left2, right, right2))
            lemmas.append(a.lemma)
            poses.append(a.pos)
            feats.append(a.feats)
            oovs.append(a.oov)
        for k, lemma in sequence_lemmas(norms).items():
            lemmas[k] = lemma
        return {"norm": norms, "lemma": lemmas, "pos": poses, "feats": feats, "oov": oovs}
