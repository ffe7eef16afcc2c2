"""Lemma, UPOS, feats and OOV of one word type with pymorphy3, cached per (norm, case mode).

The parse choice is a placeholder for a trained disambiguator: pymorphy3's score order, except that

* a lower-case token prefers a common (non-proper) parse when one exists;
* a capitalised token that is not sentence-initial prefers a proper-noun parse when one exists.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .abbreviations import ABBREVIATIONS, ACRONYMS, key
from .tagmap import PROPER, to_feats, to_upos

#: Case modes of a token, part of the cache key.
LOWER, CAP_INITIAL, CAP_MID = 0, 1, 2

#: Cache entries kept before the cache is emptied (a big corpus has a few million (norm, mode) types).
CACHE_SIZE = 2_000_000

_HAS_LETTER = re.compile(r"[^\W\d_]")
_HAS_DIGIT = re.compile(r"\d")
_CYRILLIC = re.compile(r"[\u0400-\u04FF\u0500-\u052F]")
_LATIN_WORD = re.compile(r"^[A-Za-z\u00C0-\u024F'’-]+$")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+$")
_ROMAN = re.compile(r"^[IVXLCDM]+$", re.IGNORECASE)


class Analysis(NamedTuple):
    lemma: str
    pos: str
    feats: str
    oov: bool


@lru_cache(maxsize=1)
def get_morph():
    """The process-wide :class:`pymorphy3.MorphAnalyzer` (loading it takes about a second)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def _abbreviation_table() -> dict[str, Analysis]:
    """Analyses of table entries, keyed by :func:`.abbreviations.key` of the lower-cased spelling."""
    out: dict[str, Analysis] = {}
    for abbr, lemma, upos in ABBREVIATIONS:
        out[key(abbr.lower())] = Analysis(lemma.replace("ё", "е"), upos, "Abbr=Yes", False)
    for acronym, lemma, upos in ACRONYMS:
        out[key(acronym.lower())] = Analysis(lemma, upos, "Abbr=Yes", False)
    return out


def _fold(s: str) -> str:
    return s.lower().replace("ё", "е")


class RuMorph:
    """Cached word-type analysis. ``analyze(norm, mode)`` is the only method a pipeline needs."""

    def __init__(self) -> None:
        self._morph = get_morph()
        self._abbr = _abbreviation_table()
        self._cache: dict[tuple[str, int], Analysis] = {}

    def analyze(self, norm: str, mode: int) -> Analysis:
        key = (norm, mode)
        hit = self._cache.get(key)
        if hit is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            hit = self._cache[key] = self._analyze(norm, mode)
        return hit

    def _analyze(self, norm: str, mode: int) -> Analysis:
        if mode != LOWER and _INITIALS.match(norm):
            return Analysis(norm, "PROPN", "Abbr=Yes", False)          # initials: Ф., И.В.
        table = self._abbr.get(key(norm))
        if table is not None:
            return table
        if not _HAS_LETTER.search(norm):
            if _HAS_DIGIT.search(norm):
                return Analysis(norm, "NUM", "", False)
            return Analysis(norm, _punct_or_symbol(norm), "", False)
        if not _CYRILLIC.search(norm):
            if _ROMAN.match(norm):
                return Analysis(norm, "NUM", "", False)
            if _LATIN_WORD.match(norm):
                return Analysis(norm, "X", "", not self._morph.word_is_known(norm))
        parse = self._choose(self._morph.parse(norm), mode)
        lemma = _fold(parse.normal_form)
        grammemes = parse.tag.grammemes
        pos = to_upos(parse.tag.POS or next(iter(grammemes), None), grammemes, lemma)
        has_digit = _HAS_DIGIT.search(norm) is not None
        if has_digit and pos == "X":
            pos = "NUM"
        oov = False if has_digit else not self._morph.word_is_known(norm)
        return Analysis(lemma, pos, to_feats(grammemes), oov)

    @staticmethod
    def _choose(parses, mode: int):
        """Best parse by score; among proper or common parses first, depending on ``mode``."""
        if mode == LOWER:
            common = [p for p in parses if not (p.tag.grammemes & PROPER)]
            parses = common or parses
        elif mode == CAP_MID:
            proper = [p for p in parses if p.tag.grammemes & PROPER]
            parses = proper or parses
        best = parses[0]
        for p in parses[1:]:
            if p.score > best.score:
                best = p
        return best


def _punct_or_symbol(s: str) -> str:
    import unicodedata

    return "SYM" if all(unicodedata.category(c).startswith("S") for c in s) else "PUNCT"
