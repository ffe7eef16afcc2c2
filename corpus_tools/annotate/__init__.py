"""Token annotation: tokens, sentences, lemma, POS, features and OOV flags with offsets into the original.

Each language is a sub-package named by its ISO code (``corpus_tools.annotate.ru``) exposing ``LANG``,
``PIPELINE_VERSION`` and a ``Pipeline`` class whose ``annotate_normalized(text, *, prereform)`` works on
normalized text. This module normalizes, calls the language pipeline once per document and maps every token
back to the original text through :meth:`NormalizedText.to_original`, so ``form == original[start:end]``.
"""
from __future__ import annotations

import importlib
import re
from typing import Any

import numpy as np

from ..documents import Document
from ..errors import CorpusToolsError
from ..normalize import has_old_russian_marks, normalize_text

__all__ = [
    "PIPELINE_VERSION",
    "TOKEN_COLUMNS",
    "Annotator",
    "UnknownLanguageError",
    "BACKENDS",
    "annotate_document",
    "get_annotator",
    "stanza_annotator",
]

#: Columns returned by :meth:`Annotator.annotate`, in storage order.
TOKEN_COLUMNS: tuple[str, ...] = (
    "sent", "i", "form", "norm", "lemma", "pos", "feats", "oov", "lang", "start", "end",
)

DEFAULT_LANG = "ru"
_LANG_CODE = re.compile(r"^[a-z]{2,3}$")


class UnknownLanguageError(CorpusToolsError, ValueError):
    """No annotation pipeline exists for the requested language code."""


def _language_module(lang: str) -> Any:
    if _LANG_CODE.match(lang or ""):
        try:
            return importlib.import_module(f"{__name__}.{lang}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{lang}":
                raise
    raise UnknownLanguageError(
        f"No annotation pipeline for language {lang!r}: use a code with a folder in corpus_tools/annotate "
        f"(for example 'ru')."
    )


#: Version of the default language's pipeline; stored in corpus.json.
PIPELINE_VERSION: str = _language_module(DEFAULT_LANG).PIPELINE_VERSION


class Annotator:
    """Annotate texts of one language.

    Parameters
    ----------
    lang : str, default "ru"
        ISO code of a language folder under ``corpus_tools/annotate``.

    Notes
    -----
    The settings are stored untouched; the tokenizer and morphological analyzer load on the first call to
    :meth:`annotate` and are then reused. Use :func:`get_annotator` for a process-wide instance.
    """

    def __init__(self, *, lang: str = DEFAULT_LANG) -> None:
        self.lang = lang
        self._pipeline: Any = None

    @property
    def pipeline_version(self) -> str:
        return _language_module(self.lang).PIPELINE_VERSION

    def _get_pipeline(self) -> Any:
        if self._pipeline is None:
            self._pipeline = _language_module(self.lang).Pipeline()
        return self._pipeline

    def annotate(self, text: str, *, script: str | None = None, year: int | None = None) -> dict[str, list]:
        """Annotate one document's original text.

        Parameters
        ----------
        text : str
            The original text (as decoded); it is normalized here.
        script, year : optional
            The document's script and year (used for Kazakh in Latin or Arabic script).

        Returns
        -------
        dict of str to list
            One list per name in :data:`TOKEN_COLUMNS`, one entry per token in text order: ``sent``, ``i``,
            ``form`` (``text[start:end]``), ``norm``, ``lemma``, ``pos`` (UPOS), ``feats`` (UD), ``oov``,
            ``lang``, ``start``, ``end`` (offsets into ``text``). Whitespace is not a token.
        """
        if not isinstance(text, str):
            raise TypeError(f"Annotator.annotate expects the text of one document (str), got {type(text).__name__}")
        nt = normalize_text(text, lang=self.lang, script=script, year=year)
        cols = self._get_pipeline().annotate_normalized(nt.text, prereform=bool(getattr(nt, "prereform", False)))
        cols["lang"] = [self.lang] * len(cols["start"])
        if self.lang == DEFAULT_LANG:
            _kazakh_words(cols, nt.text)
        return _to_original(text, nt, cols)


def _to_original(text: str, nt, cols: dict[str, list]) -> dict[str, list]:
    """Map normalized token spans to the original text and fill ``form`` and ``i``."""
    nstarts, nends = cols.pop("start"), cols.pop("end")
    cols.pop("tok", None)
    if nt.text == text:
        starts, ends = list(nstarts), list(nends)
    elif nstarts:
        starts = nt.starts[np.asarray(nstarts)].tolist()
        ends = nt.ends[np.asarray(nends) - 1].tolist()
    else:
        starts, ends = [], []
    cols["form"] = [text[s:e] for s, e in zip(starts, ends)]
    cols["i"] = list(range(len(starts)))
    cols["start"] = starts
    cols["end"] = ends
    return {name: cols[name] for name in TOKEN_COLUMNS}


#: Letters only Kazakh Cyrillic has; a word with one of them inside a Russian sentence is a Kazakh word.
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
#: The Kazakh letters that pre-1918 Russian spelling does not have (і is a letter of both).
KAZAKH_ONLY_LETTERS = KAZAKH_LETTERS - {"і", "І"}
_KAZAKH_LETTER = re.compile("[" + "".join(sorted(KAZAKH_LETTERS)) + "]")
_KAZAKH_ONLY_LETTER = re.compile("[" + "".join(sorted(KAZAKH_ONLY_LETTERS)) + "]")


def _kazakh_words(cols: dict[str, list], text: str, old: bool | None = None) -> None:
    """Re-analyse Kazakh words quoted in Russian text («көшу») with the Kazakh model, in place.

    Only words with a Kazakh-specific letter are taken: pymorphy3 would guess a Russian lemma for them
    («көшу» → «көсить»). і is a letter of pre-1918 Russian too: a word whose only Kazakh letter is і is
    Kazakh when the Russian analysis does not know it and ``text`` (the document) shows no mark of old
    spelling (:func:`~corpus_tools.normalize.has_old_russian_marks`, computed when needed unless ``old``
    gives it): «бір» in a report of the 1930s is Kazakh, «Россіи» and «іюля» are Russian. Their ``lang``
    becomes ``kk``.
    """
    toks = cols["tok"]
    if not _KAZAKH_LETTER.search("\n".join(toks)):          # most Russian documents have none: one C-level scan
        return
    idx = []
    for k, t in enumerate(toks):
        if _KAZAKH_ONLY_LETTER.search(t):
            idx.append(k)
        elif _KAZAKH_LETTER.search(t) and cols["oov"][k]:
            if old is None:
                old = has_old_russian_marks(text)
            if not old:
                idx.append(k)
    if not idx:
        return
    analyses = get_annotator("kk")._get_pipeline().analyze_words([toks[k] for k in idx])
    for k, a in zip(idx, analyses):
        cols["lemma"][k], cols["pos"][k], cols["feats"][k], cols["oov"][k] = a.lemma, a.upos, a.feats, a.oov
        cols["lang"][k] = "kk"


def annotate_mixed(text: str, *, script: str | None = None, year: int | None = None) -> dict[str, list]:
    """Annotate a document that mixes Russian and Kazakh: each run of sentences by its own pipeline.

    Sentences are found and their language detected (:func:`~corpus_tools.normalize.detect_language`) on the
    text normalized the Russian way; runs of sentences of one language go to that language's pipeline;
    sentence numbers continue across runs.
    """
    from ..normalize.langdetect import detect_language, split_sentences

    nt = normalize_text(text, lang=DEFAULT_LANG)
    old = has_old_russian_marks(nt.text)      # old Russian spelling: і is a Russian letter
    kk_letters = KAZAKH_ONLY_LETTERS if old else KAZAKH_LETTERS
    runs: list[list] = []  # [start, end, lang]
    for s, e in split_sentences(nt.text):
        sentence = nt.text[s:e]
        # Short sentences are easily misread («Бай агитирует.»): without a Kazakh-only letter, a sentence
        # needs four words or more to count as Kazakh.
        is_kk = detect_language(sentence, old_spelling=old) == "kk" and (
            any(ch in kk_letters for ch in sentence) or len(sentence.split()) >= 4)
        lang = "kk" if is_kk else DEFAULT_LANG
        if runs and runs[-1][2] == lang:
            runs[-1][1] = e
        else:
            runs.append([s, e, lang])
    if runs:
        runs[0][0] = 0
        runs[-1][1] = len(nt.text)
        for a, b in zip(runs, runs[1:]):
            b[0] = a[1]
    merged: dict[str, list] = {k: [] for k in ("tok", "sent", "norm", "lemma", "pos", "feats", "oov", "lang",
                                               "start", "end")}
    sent_base = 0
    for s, e, lang in runs:
        pipe = get_annotator(lang)._get_pipeline()
        cols = pipe.annotate_normalized(nt.text[s:e], prereform=bool(nt.prereform) and lang == DEFAULT_LANG)
        cols["lang"] = [lang] * len(cols["start"])
        if lang == DEFAULT_LANG:
            _kazakh_words(cols, nt.text, old)
        for key in merged:
            if key in ("start", "end"):
                merged[key].extend(x + s for x in cols[key])
            elif key == "sent":
                merged[key].extend(x + sent_base for x in cols[key])
            else:
                merged[key].extend(cols[key])
        if cols["sent"]:
            sent_base += max(cols["sent"]) + 1
    return _to_original(text, nt, merged)


_ANNOTATORS: dict[str, Annotator] = {}


def get_annotator(lang: str = DEFAULT_LANG) -> Annotator:
    """The process-wide :class:`Annotator` for ``lang`` (created on first use)."""
    annotator = _ANNOTATORS.get(lang)
    if annotator is None:
        _language_module(lang)          # fail early on an unknown code
        annotator = _ANNOTATORS[lang] = Annotator(lang=lang)
    return annotator


BACKENDS = ("pymorphy", "stanza")
_STANZA: dict[tuple[str, str], Any] = {}


def stanza_annotator(lang: str = DEFAULT_LANG, stanza_dir: str | None = None):
    """The process-wide stanza annotator for ``lang`` from a local model folder (never downloads)."""
    key = (lang, str(stanza_dir or ""))
    if key not in _STANZA:
        from .stanza_backend import StanzaAnnotator

        _STANZA[key] = StanzaAnnotator(model_dir=stanza_dir, lang=lang)
    return _STANZA[key]


def annotate_document(doc: Document, *, backend: str = "pymorphy", stanza_dir: str | None = None
                      ) -> dict[str, list]:
    """Annotate ``doc.text`` by ``doc.language``: ``ru`` (also when empty), ``kk``, or ``mixed`` (sentence by
    sentence); Kazakh words inside Russian sentences are analysed as Kazakh. ``backend="stanza"`` annotates
    Russian documents with a stanza pipeline from ``stanza_dir`` (or ``$STANZA_RESOURCES_DIR``)."""
    if backend not in BACKENDS:
        raise CorpusToolsError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    if backend == "stanza" and (doc.language or DEFAULT_LANG) == DEFAULT_LANG:
        return stanza_annotator(DEFAULT_LANG, stanza_dir).annotate(doc.text)
    year = doc.date.year if doc.date is not None else None
    if doc.language == "mixed":
        return annotate_mixed(doc.text, script=doc.script or None, year=year)
    return get_annotator(doc.language or DEFAULT_LANG).annotate(doc.text, script=doc.script or None, year=year)
