"""Candidate readings, lemma, UPOS, feats and OOV of one word type with pymorphy3, cached per (norm, case mode).

A word type's readings come from :func:`.conventions.candidates` (pymorphy3's parses under UD lemma
conventions), or from :mod:`.unknown` for words pymorphy3 does not know, or from the abbreviation table. The
choice among them in context is made by :mod:`.disambiguate`; :meth:`RuMorph.analyze` gives the context-free
default, pymorphy3's score order except that

* a lower-case token prefers a common (non-proper) reading when one exists;
* a capitalised token that is not sentence-initial prefers a proper-noun reading when one exists;
* readings *added* by a convention rule are never the default.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .abbreviations import ABBREVIATIONS, ACRONYMS, key
from .conventions import Candidate, candidates, fold, is_proper
from .disambiguate import WordInfo, word_info
from .unknown import guess_unknown

__all__ = ["CAP_INITIAL", "CAP_MID", "LOWER", "Analysis", "RuMorph", "get_morph"]

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
_STRESS = str.maketrans("", "", "\u0301\u0300")
#: An unknown capitalised word ending in -и after a consonant that does not take the plural/genitive -и of
#: Russian nouns (not г к х ж ч ш щ): a foreign or Georgian name, indeclinable (*Церетели*, *Мерфи*, *Бовари*).
_FOREIGN_NAME_END = re.compile(r"[бвдзлмнпрстфц]и$")
_EMPTY = frozenset()
_INDECLINABLE = frozenset({"NOUN", "Fixd"})


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


def _single(lemma: str, upos: str, feats: str, oc: str = "X") -> tuple[Candidate, ...]:
    return (Candidate(lemma, upos, feats, oc, _EMPTY, 0, 1.0, ""),)


def _indeclinable(word: str, cands) -> list[Candidate]:
    """Only the readings of ``word`` with itself as lemma, or the form as a proper noun (UD dev: 16 of 16
    such unknown capitalised words keep their form as lemma; pymorphy3 guesses *церетель*, *мерфь*)."""
    own = [c for c in cands if c.lemma == word and c.rule != c.oc]        # not a reading added by a rule
    return own or [Candidate(word, "PROPN", "", "NOUN", _INDECLINABLE, 0, 1.0, "indeclinable")]


def _abbreviation_table() -> dict[str, tuple[Candidate, ...]]:
    """Readings of table entries, keyed by :func:`.abbreviations.key` of the lower-cased spelling."""
    out: dict[str, tuple[Candidate, ...]] = {}
    for abbr, lemma, upos in ABBREVIATIONS:
        out[key(abbr.lower())] = _single(fold(lemma), upos, "Abbr=Yes", "Abbr")
    for acronym, lemma, upos in ACRONYMS:
        out[key(acronym.lower())] = _single(lemma, upos, "Abbr=Yes", "Abbr")
    return out


def _punct_or_symbol(s: str) -> str:
    import unicodedata

    return "SYM" if all(unicodedata.category(c).startswith("S") for c in s) else "PUNCT"


class RuMorph:
    """Cached word-type analysis: :meth:`info` (all readings) and :meth:`analyze` (the default reading)."""

    def __init__(self) -> None:
        self._morph = get_morph()
        self._abbr = _abbreviation_table()
        self._info: dict[tuple[str, int], WordInfo] = {}
        self._cache: dict[tuple[str, int], Analysis] = {}

    def info(self, norm: str, mode: int, *, cache: bool = True) -> WordInfo:
        """All readings of ``norm`` in case mode ``mode`` (cached unless ``cache`` is False)."""
        if not cache:
            cands, oov = self._candidates(norm, mode)
            return word_info(norm, cands, oov=oov)
        k = (norm, mode)
        hit = self._info.get(k)
        if hit is None:
            if len(self._info) >= CACHE_SIZE:
                self._info.clear()
            cands, oov = self._candidates(norm, mode)
            hit = self._info[k] = word_info(norm, cands, oov=oov)
        return hit

    def analyze(self, norm: str, mode: int) -> Analysis:
        """The context-free default reading of ``norm`` (cached)."""
        k = (norm, mode)
        hit = self._cache.get(k)
        if hit is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            info = self.info(norm, mode)
            hit = self._cache[k] = self.to_analysis(info, self.default_index(info, mode))
        return hit

    @staticmethod
    def to_analysis(info: WordInfo, index: int) -> Analysis:
        c = info.cands[index]
        return Analysis(c.lemma, c.upos, c.feats, info.oov)

    @staticmethod
    def default_index(info: WordInfo, mode: int) -> int:
        """Best own (not added) reading by score; among proper or common readings first, by ``mode``."""
        idx = [k for k, c in enumerate(info.cands) if c.rule == "" or c.oc != c.rule]
        if mode == LOWER:
            idx = [k for k in idx if not is_proper(info.cands[k])] or idx
        elif mode == CAP_MID:
            idx = [k for k in idx if is_proper(info.cands[k])] or idx
        best = idx[0]
        for k in idx[1:]:
            if info.cands[k].score > info.cands[best].score:
                best = k
        return best

    def _candidates(self, norm: str, mode: int) -> tuple[tuple[Candidate, ...], bool]:
        if mode != LOWER and _INITIALS.match(norm):
            # initials: Ф., И.В.; UD lemmatizes a single initial to the letter
            lemma = norm[:-1] if len(norm) == 2 else norm
            return _single(lemma, "PROPN", "Abbr=Yes", "Init"), False
        table = self._abbr.get(key(norm))
        if table is not None:
            return table, False
        if not _HAS_LETTER.search(norm):
            if _HAS_DIGIT.search(norm):
                return _single(norm, "NUM", "", "NUMB"), False
            return _single(norm, _punct_or_symbol(norm), "", "PNCT"), False
        word = norm.translate(_STRESS)
        if not _CYRILLIC.search(word):
            if _ROMAN.match(word):
                return _single(word, "NUM", "", "ROMN"), False
            if _LATIN_WORD.match(word):
                return _single(word, "X", "", "LATN"), not self._morph.word_is_known(word)
        parses = self._morph.parse(word)
        has_digit = _HAS_DIGIT.search(word) is not None
        oov = False if has_digit else not self._morph.word_is_known(word)
        cands = candidates(word, parses)
        if oov:
            cands = guess_unknown(word, cands, self._morph) or cands
            if mode != LOWER and _FOREIGN_NAME_END.search(word):
                cands = _indeclinable(word, cands)
        if has_digit:
            cands = [c._replace(upos="NUM") if c.upos == "X" else c for c in cands]
        return tuple(cands), oov
