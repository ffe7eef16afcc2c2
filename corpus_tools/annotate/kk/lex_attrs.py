"""Lexical attributes for Kazakh: ``like_num`` for digits and Kazakh number words.

Cardinal stems (``бір`` … ``тоғыз``, tens, ``жүз``, ``мың`` …) are recognised alone, as ordinals
(``-ыншы/-інші/-ншы/-нші``), collectives (``-еу/-ау``) and with a hyphenated ending after digits (``55-ші``,
``1930-жылы``).
"""
from __future__ import annotations

import re

from spacy.attrs import LIKE_NUM

__all__ = ["LEX_ATTRS", "NUMBER_WORDS", "like_num"]

NUMBER_WORDS: frozenset[str] = frozenset(
    """
нөл бір екі үш төрт бес алты жеті сегіз тоғыз он жиырма отыз қырық елу алпыс жетпіс сексен тоқсан
жүз мың миллион миллиард триллион жарты ширек
""".split()
)

#: Ordinal and collective endings after a number word (``бірінші``, ``оныншы``, ``екеу``, ``алтау``).
_ORDINAL = re.compile(r"(?:ыншы|інші|ншы|нші)$")
_COLLECTIVE = {"біреу": "бір", "екеу": "екі", "үшеу": "үш", "төртеу": "төрт", "бесеу": "бес", "алтау": "алты",
               "жетеу": "жеті", "сегізеу": "сегіз", "тоғызау": "тоғыз", "онау": "он"}
_DIGITS = re.compile(r"^[+-]?\d+(?:[.,/:]\d+)*(?:-[а-яёәғқңөұүһі]+)?$")


def _strip_vowel(stem: str) -> set[str]:
    # ordinals drop a final vowel of the stem: екі → екінші, алты → алтыншы
    return {stem, stem + "ы", stem + "і"}


def like_num(text: str) -> bool:
    """True for digits (``1930``, ``2,5``, ``55-ші``) and Kazakh number words (``жиырма``, ``бесінші``)."""
    t = text.lower().replace("\u00a0", "")
    if _DIGITS.match(t):
        return True
    if t in NUMBER_WORDS or t in _COLLECTIVE:
        return True
    m = _ORDINAL.search(t)
    if m:
        stem = t[:m.start()]
        return any(s in NUMBER_WORDS for s in _strip_vowel(stem))
    return False


LEX_ATTRS = {LIKE_NUM: like_num}
