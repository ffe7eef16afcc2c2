"""Kazakh abbreviations kept as one token (spaCy special cases), with what each stands for.

Acronyms written without periods (``ҚазАКСР``, ``ҚазОАК``, ``КСРО``) need no entry: the tokenizer never splits
a run of letters. ``ВКП(б)`` is handled by :data:`.punctuation.TOKEN_MATCH`.
"""
from __future__ import annotations

from spacy.symbols import NORM, ORTH

__all__ = ["ABBREVIATIONS", "SENTENCE_FINAL", "TOKENIZER_EXCEPTIONS"]

#: (abbreviation, expansion). Only forms with a period; the capitalized variant is added automatically.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("т.б.", "тағы басқа"),
    ("т.с.с.", "тағы сол сияқты"),
    ("т.т.", "тағы тағы"),
    ("б.з.б.", "біздің заманымызға дейін"),
    ("б.з.", "біздің заманымыз"),
    ("ж.", "жыл"),
    ("жж.", "жылдар"),
    ("ғ.", "ғасыр"),
    ("ғғ.", "ғасырлар"),
    ("обл.", "облыс"),
    ("қ.", "қала"),
    ("ауд.", "аудан"),
    ("мыс.", "мысалы"),
    ("млн.", "миллион"),
    ("млрд.", "миллиард"),
    ("шақ.", "шақырым"),
    ("проф.", "профессор"),
    ("жолд.", "жолдас"),
    ("тов.", "товарищ"),
)

#: Abbreviations that may end a sentence (``... мал, жер т.б. Олар ...``).
SENTENCE_FINAL: frozenset[str] = frozenset({"т.б.", "т.с.с.", "т.т.", "б.з.б.", "б.з.", "ж.", "жж.", "ғ.", "ғғ."})


def _exceptions() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for abbr, expansion in ABBREVIATIONS:
        for variant in (abbr, abbr[0].upper() + abbr[1:]):
            out[variant] = [{ORTH: variant, NORM: expansion}]
    return out


TOKENIZER_EXCEPTIONS: dict[str, list[dict]] = _exceptions()
