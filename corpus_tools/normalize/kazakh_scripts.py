"""Kazakh script conversion with an offset map back to the original text.

A converted word maps, character by character, to the span of its whole original word: conversion changes
lengths (``uv`` → ``у``, ``ٴان`` → ``ән``), and a word is the smallest unit whose original form is meaningful,
so ``original[start:end]`` of a converted token is its original-script form.
"""
from __future__ import annotations

import re
from typing import Callable, NamedTuple

from .kazakh_arabic import ARABIC_WORD_RE, arabic_word_to_cyrillic, convert_punctuation
from .kazakh_latin import LATIN_WORD_RE, detect_jangalif_period, latin_word_to_cyrillic
from .langdetect import detect_script
from .offsets import Edit, NormalizedText, apply_edits, identity

__all__ = ["ScriptConverter", "arabic_converter", "convert_with_offsets", "latin_converter", "to_cyrillic"]


class ScriptConverter(NamedTuple):
    """How to convert one script: which runs are words, how to convert a word, and the text between words.

    ``convert_other`` must map one character to one character (digits, punctuation); ``None`` keeps it.
    """

    word_re: re.Pattern[str]
    convert_word: Callable[[str], str]
    convert_other: Callable[[str], str] | None = None


def latin_converter(*, period: str) -> ScriptConverter:
    """Jaŋalif → Cyrillic for one alphabet state ("1929-1937" or "1938-1940")."""
    return ScriptConverter(LATIN_WORD_RE, lambda w: latin_word_to_cyrillic(w, period=period))


def arabic_converter() -> ScriptConverter:
    """Töte jazu → Cyrillic, with Arabic digits and punctuation made ASCII."""
    return ScriptConverter(ARABIC_WORD_RE, arabic_word_to_cyrillic, convert_punctuation)


_LETTER_RUN_RE = re.compile(r"[^\W\d_]+")


def convert_with_offsets(
    text: str | NormalizedText, converter: ScriptConverter | Callable[[str], str]
) -> NormalizedText:
    """Convert a text word by word and keep a map back to the original.

    Parameters
    ----------
    text : str or NormalizedText
        The original text, or the output of an earlier normalization step (its map is composed, so the result
        still points into the *original* text).
    converter : ScriptConverter or callable
        A :class:`ScriptConverter` (:func:`latin_converter`, :func:`arabic_converter`) or a plain word
        function ``str -> str`` applied to letter runs.

    Returns
    -------
    NormalizedText
        Every character of a converted word spans its whole original word; unchanged characters map to
        themselves; characters changed by ``convert_other`` map one to one.
    """
    nt = identity(text) if isinstance(text, str) else text
    if not isinstance(converter, ScriptConverter):
        converter = ScriptConverter(_LETTER_RUN_RE, converter)
    cur = nt.text
    edits: list[Edit] = []

    def other(lo: int, hi: int) -> None:
        if converter.convert_other is None:
            return
        for i in range(lo, hi):
            new = converter.convert_other(cur[i])
            if new != cur[i]:
                edits.append(Edit(i, i + 1, new, ((i, i + 1),) * len(new)))

    pos = 0
    for m in converter.word_re.finditer(cur):
        other(pos, m.start())
        new = converter.convert_word(m.group())
        if new != m.group():
            edits.append(Edit(m.start(), m.end(), new, ((m.start(), m.end()),) * len(new)))
        pos = m.end()
    other(pos, len(cur))
    return apply_edits(nt, edits)


def to_cyrillic(
    text: str | NormalizedText, *, script: str | None = None, period: str | None = None, year: int | None = None
) -> NormalizedText:
    """Convert a Kazakh document in any script of the era to Cyrillic, keeping the offset map.

    Parameters
    ----------
    text : str or NormalizedText
        The document (original text or an earlier normalization of it).
    script : {"Cyrl", "Latn", "Arab", "mixed", "none"} or None, default None
        The document's script (metadata); ``None`` = :func:`~corpus_tools.normalize.langdetect.detect_script`.
    period : {"1929-1937", "1938-1940"} or None, default None
        Jaŋalif state; ``None`` = :func:`detect_jangalif_period` on the text and ``year``.
    year : int or None, default None
        The document's year (helps the period detection only).

    Returns
    -------
    NormalizedText
        Latin documents: every Latin word converted. Arabic and mixed documents: Arabic-script words and
        Arabic digits/punctuation converted (Latin words in a mixed document are left alone: they may be a
        foreign quotation). Cyrillic documents: unchanged.
    """
    nt = identity(text) if isinstance(text, str) else text
    if script is None:
        script = detect_script(nt.text)
    if script == "Latn":
        if period is None:
            period = detect_jangalif_period(nt.text, year=year)
        return convert_with_offsets(nt, latin_converter(period=period))
    if script in ("Arab", "mixed"):
        return convert_with_offsets(nt, arabic_converter())
    return nt
