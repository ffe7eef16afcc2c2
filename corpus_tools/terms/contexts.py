"""Context words of a usage: tokens of a sentence reduced to content lemmas (pymorphy3), function words dropped.

The usage-level shift measures (:mod:`corpus_tools.terms.shift`) represent a usage of a target word by the
words around it. The RuShiftEval pilot (issue 4) found lemmas clearly better than stems, so every word is
lemmatized with pymorphy3 (best-scored parse, cached per word type).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..normalize import fold

__all__ = ["FUNCTION_POS", "MARK_TAGS", "STOP_LEMMAS", "content_lemmas", "lemma_of", "marked_word_tokens",
           "strip_markup", "usage_tokens", "word_tokens"]

#: pymorphy3 parts of speech that carry no topical context (prepositions, conjunctions, particles,
#: interjections, pronouns-nouns, numerals, predicatives).
FUNCTION_POS: frozenset[str] = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "NUMR", "PRED"})

#: Frequent content-class lemmas that say little about a usage's sense (determiners, possessives, auxiliaries).
STOP_LEMMAS: frozenset[str] = frozenset({
    "быть", "бывать", "стать", "этот", "тот", "весь", "всякий", "каждый", "свой", "который", "такой", "какой",
    "самый", "сам", "наш", "ваш", "мой", "твой", "его", "её", "ее", "их", "один", "иной", "мочь", "очень",
    "также", "так", "там", "тут", "здесь", "где", "когда", "теперь", "тогда", "уже", "ещё", "еще", "вот",
    "какой-то", "что-то", "кто-то", "свое", "это", "то", "чей", "сей", "оный",
})

#: HTML tags that mark the target occurrence in a usage (RuShiftEval writes ``<b><i>word</i></b>``).
MARK_TAGS: frozenset[str] = frozenset({"b", "i", "em", "strong", "mark", "u"})

_TAG = re.compile(r"<[^>]{0,40}>")
_TAG_OR_WORD = re.compile(r"<(/?)([A-Za-z]+)[^>]{0,30}>|([^\W\d_]+(?:[-‐][^\W\d_]+)*)")
_WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")


def strip_markup(text: str) -> str:
    """Remove short HTML-like tags (``<b><i>``) that samples such as RuShiftEval use to mark the target."""
    return _TAG.sub("", text)


def word_tokens(text: str) -> list[str]:
    """Letter sequences (hyphenated compounds kept whole), case- and ё-folded."""
    return [fold(m.group(0)).replace("‐", "-") for m in _WORD.finditer(strip_markup(text))]


def marked_word_tokens(text: str) -> list[tuple[str, bool]]:
    """Folded letter tokens of ``text`` with a flag: inside a marking tag (:data:`MARK_TAGS`), i.e. the target.

    Other tags are skipped; an unclosed marking tag marks the rest of the text.
    """
    out, depth = [], 0
    for m in _TAG_OR_WORD.finditer(text):
        closing, tag, word = m.groups()
        if word is not None:
            out.append((fold(word).replace("‐", "-"), depth > 0))
        elif tag.lower() in MARK_TAGS:
            depth = max(0, depth - 1) if closing else depth + 1
    return out


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=500_000)
def _analyse(word: str) -> tuple[str, str]:
    if not re.search(r"[а-яё]", word):
        return word, "LATN"
    parses = _morph().parse(word)
    best = max(parses, key=lambda p: p.score)
    return fold(best.normal_form), str(best.tag.POS or "")


def lemma_of(word: str) -> str:
    """pymorphy3 lemma (best-scored parse) of one folded Russian word; other words come back unchanged."""
    return _analyse(fold(word))[0]


def content_lemmas(text: str, *, drop: frozenset[str] | set[str] = frozenset(), lemmatize: bool = True,
                   min_length: int = 2) -> list[str]:
    """Content lemmas of ``text`` in order: function words, stop lemmas, ``drop`` and short words removed.

    Parameters
    ----------
    text : str
        One usage (a sentence); markup tags are ignored.
    drop : set of str, optional
        Lemmas to leave out as well (the target word itself).
    lemmatize : bool, default True
        Use pymorphy3 lemmas; ``False`` keeps folded word forms (for languages pymorphy3 does not cover).
    min_length : int, default 2
        Shorter words are dropped.
    """
    out = []
    for w in word_tokens(text):
        if len(w) < min_length:
            continue
        if lemmatize:
            lemma, pos = _analyse(w)
            if pos in FUNCTION_POS:
                continue
        else:
            lemma = w
        if lemma in STOP_LEMMAS or lemma in drop or w in drop:
            continue
        out.append(lemma)
    return out


def usage_tokens(text: str, *, lemmatize: bool = True, min_length: int = 2) -> list[tuple[str, str, bool]]:
    """``(lemma, form, marked)`` of the content words of ``text`` in order, plus every marked word.

    Marked words (inside ``<b>``, ``<i>``, … — how usage samples flag the target occurrence) are kept
    whatever their part of speech, so that the caller can locate the target by position and leave it out.
    """
    out = []
    for w, marked in marked_word_tokens(text):
        lemma, pos = _analyse(w) if lemmatize else (w, "")
        if not marked and (len(w) < min_length or pos in FUNCTION_POS or lemma in STOP_LEMMAS):
            continue
        out.append((lemma, w, marked))
    return out
