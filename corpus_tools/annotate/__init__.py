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
from ..normalize import normalize_text

__all__ = [
    "PIPELINE_VERSION",
    "TOKEN_COLUMNS",
    "Annotator",
    "UnknownLanguageError",
    "annotate_document",
    "get_annotator",
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

    def annotate(self, text: str) -> dict[str, list]:
        """Annotate one document's original text.

        Parameters
        ----------
        text : str
            The original text (as decoded); it is normalized here.

        Returns
        -------
        dict of str to list
            One list per name in :data:`TOKEN_COLUMNS`, one entry per token in text order: ``sent``, ``i``,
            ``form`` (``text[start:end]``), ``norm``, ``lemma``, ``pos`` (UPOS), ``feats`` (UD), ``oov``,
            ``lang``, ``start``, ``end`` (offsets into ``text``). Whitespace is not a token.
        """
        if not isinstance(text, str):
            raise TypeError(f"Annotator.annotate expects the text of one document (str), got {type(text).__name__}")
        pipeline = self._get_pipeline()
        nt = normalize_text(text)
        cols = pipeline.annotate_normalized(nt.text, prereform=bool(getattr(nt, "prereform", False)))
        nstarts, nends = cols.pop("start"), cols.pop("end")
        cols.pop("tok")
        if nt.text == text:
            starts, ends = nstarts, nends
        elif hasattr(nt, "starts") and hasattr(nt, "ends") and nstarts:
            # the documented map arrays: to_original() for all tokens at once
            starts = nt.starts[np.asarray(nstarts)].tolist()
            ends = nt.ends[np.asarray(nends) - 1].tolist()
        else:
            to_original = nt.to_original
            spans = [to_original(s, e) for s, e in zip(nstarts, nends)]
            starts = [s for s, _ in spans]
            ends = [e for _, e in spans]
        n = len(starts)
        cols["form"] = [text[s:e] for s, e in zip(starts, ends)]
        cols["i"] = list(range(n))
        cols["lang"] = [self.lang] * n
        cols["start"] = starts
        cols["end"] = ends
        return {name: cols[name] for name in TOKEN_COLUMNS}


_ANNOTATORS: dict[str, Annotator] = {}


def get_annotator(lang: str = DEFAULT_LANG) -> Annotator:
    """The process-wide :class:`Annotator` for ``lang`` (created on first use)."""
    annotator = _ANNOTATORS.get(lang)
    if annotator is None:
        _language_module(lang)          # fail early on an unknown code
        annotator = _ANNOTATORS[lang] = Annotator(lang=lang)
    return annotator


def annotate_document(doc: Document) -> dict[str, list]:
    """Annotate ``doc.text`` with the annotator of ``doc.language`` (Russian when empty)."""
    return get_annotator(doc.language or DEFAULT_LANG).annotate(doc.text)
