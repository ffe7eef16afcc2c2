"""Russian: spaCy tokenizer adapted to the 1910s-1930s, rule-based sentences, pymorphy3 morphology.

The language folder holds data tables (:mod:`.abbreviations`, :mod:`.tagmap`) and small steps
(:mod:`.tokenizer`, :mod:`.sentences`, :mod:`.morph`); :class:`Pipeline` strings them together over
*normalized* text. Mapping offsets back to the original text is the job of :mod:`corpus_tools.annotate`.
"""
from __future__ import annotations

import inspect
from typing import Callable

from ...normalize import norm_form

__all__ = ["LANG", "PIPELINE_VERSION", "Pipeline"]

LANG = "ru"
#: Bump when the output of :meth:`Pipeline.annotate_normalized` changes.
PIPELINE_VERSION = "ru-pymorphy-v1"


def _norm_function(prereform: bool) -> Callable[[str], str]:
    """``norm_form`` with the ``prereform`` keyword when the installed normalizer accepts it."""
    params = inspect.signature(norm_form).parameters
    if "prereform" in params or any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return lambda word: norm_form(word, prereform=prereform)
    return norm_form


class Pipeline:
    """Tokenize, split sentences and analyse normalized Russian text. Heavy objects load on creation."""

    def __init__(self) -> None:
        # imported here so that ``import corpus_tools.annotate`` stays light (spaCy, pymorphy3 load on use)
        from .morph import RuMorph
        from .tokenizer import build_tokenizer

        self._tokenizer = build_tokenizer()
        self._morph = RuMorph()
        self._norm_cache: dict[bool, dict[str, str]] = {False: {}, True: {}}
        self._norm_fn = {flag: _norm_function(flag) for flag in (False, True)}

    def annotate_normalized(self, text: str, *, prereform: bool = False) -> dict[str, list]:
        """Token columns over normalized ``text``: sent, norm, lemma, pos, feats, oov, start, end.

        ``start``/``end`` are offsets into ``text`` (the normalized text); ``tok`` holds the token strings.
        """
        from .morph import CAP_INITIAL, CAP_MID, LOWER
        from .sentences import sentence_ids
        from .tokenizer import token_spans

        starts, ends = token_spans(self._tokenizer, text)
        toks = [text[s:e] for s, e in zip(starts, ends)]
        sents = sentence_ids(text, toks, starts, ends)

        cache = self._norm_cache[prereform]
        norm_fn = self._norm_fn[prereform]
        analyze = self._morph.analyze
        norms: list[str] = []
        lemmas: list[str] = []
        poses: list[str] = []
        feats: list[str] = []
        oovs: list[bool] = []
        prev_sent = -1
        initial = True                   # no word token yet in this sentence
        for tok, sent in zip(toks, sents):
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
            a = analyze(norm, mode)
            norms.append(norm)
            lemmas.append(a.lemma)
            poses.append(a.pos)
            feats.append(a.feats)
            oovs.append(a.oov)
        return {"tok": toks, "sent": sents, "norm": norms, "lemma": lemmas, "pos": poses, "feats": feats,
                "oov": oovs, "start": starts, "end": ends}
