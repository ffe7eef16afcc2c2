"""Kazakh: a spaCy ``Language`` (``spacy.blank("kk")``), rule-based sentences, and a lemmatizer + UPOS tagger
trained on the UD Kazakh treebank (KTB) that ships with the package (``data/model.json.gz``, CC BY-SA 4.0 — see
``data/MODEL_LICENSE.md``).

Like :mod:`corpus_tools.annotate.ru`, the folder holds data tables (:mod:`.tokenizer_exceptions`,
:mod:`.stop_words`, :mod:`.lex_attrs`, :mod:`.punctuation`) and small steps (:mod:`.tokenizer`,
:mod:`.sentences`, :mod:`.model`); :class:`Pipeline` strings them together over normalized text.
"""
from __future__ import annotations

from pathlib import Path

from ..spacy_import import import_spacy

import_spacy()          # before any spaCy import: keeps thinc from loading torch (see spacy_import)

__all__ = ["LANG", "MODEL_PATH", "PIPELINE_VERSION", "Pipeline", "load_model", "register"]

LANG = "kk"
#: Bump when the output of :meth:`Pipeline.annotate_normalized` changes (e.g. a retrained model).
PIPELINE_VERSION = "kk-ktb-v2"
#: The shipped model, written by ``scripts/train_kazakh.py``.
MODEL_PATH = Path(__file__).resolve().parent / "data" / "model.json.gz"

_MODEL = None


def load_model(path: str | Path | None = None):
    """The Kazakh :class:`.model.KazakhModel` (the shipped one, loaded once, when ``path`` is None)."""
    global _MODEL
    from .model import KazakhModel

    if path is not None:
        return KazakhModel.load(path)
    if _MODEL is None:
        _MODEL = KazakhModel.load(MODEL_PATH)
    return _MODEL


def register() -> None:
    """Register ``spacy.blank("kk")`` (importing spaCy). Installed packages also register it through the
    ``spacy_languages`` entry point; importing this package stays cheap (no spaCy)."""
    from .language import register as _register

    _register()


def _norm(tok: str) -> str:
    return tok.lower().replace("ё", "е")


class Pipeline:
    """Tokenize, split sentences and analyse normalized Kazakh text. The model loads on creation."""

    def __init__(self) -> None:
        from .tokenizer import build_tokenizer

        register()
        self._tokenizer = build_tokenizer()
        self._model = load_model()

    def analyze_words(self, words: list[str]):
        """Lemma, UPOS, feats and OOV of words out of context (Kazakh words quoted in Russian text)."""
        return self._model.analyze(list(words))

    def annotate_normalized(self, text: str, *, prereform: bool = False) -> dict[str, list]:
        """Token columns over normalized ``text``: sent, norm, lemma, pos, feats, oov, start, end.

        ``start``/``end`` are offsets into ``text``; ``tok`` holds the token strings; ``prereform`` (a Russian
        spelling flag) is accepted for the common interface and ignored. ``lemma`` is lower-cased; ``oov`` means
        the form (lower-cased) was not in the training treebank.
        """
        from .sentences import sentence_ids
        from .tokenizer import token_spans

        starts, ends = token_spans(self._tokenizer, text)
        toks = [text[s:e] for s, e in zip(starts, ends)]
        sents = sentence_ids(text, toks, starts, ends)
        lemmas: list[str] = []
        poses: list[str] = []
        feats: list[str] = []
        oovs: list[bool] = []
        k = 0
        while k < len(toks):
            j = k
            while j < len(toks) and sents[j] == sents[k]:
                j += 1
            for a in self._model.analyze(toks[k:j]):
                lemmas.append(a.lemma)
                poses.append(a.upos)
                feats.append(a.feats)
                oovs.append(a.oov)
            k = j
        return {"tok": toks, "sent": sents, "norm": [_norm(t) for t in toks], "lemma": lemmas, "pos": poses,
                "feats": feats, "oov": oovs, "start": starts, "end": ends}
