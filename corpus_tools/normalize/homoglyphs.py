"""Step 4 of :func:`normalize_text`: repair Latin look-alike letters inside Cyrillic words (OCR errors)."""
from __future__ import annotations

import re

from .offsets import NormalizedText, replace_same_length

__all__ = ["CYRILLIC_RANGES", "HOMOGLYPHS", "repair_homoglyphs", "repair_word"]

#: Latin letter -> Cyrillic letter that looks the same in print. Only pairs that are indistinguishable in
#: common typefaces; lower-case k, m, n, r, u, b are left out on purpose (they look different).
#: ``i``/``I`` map to Cyrillic і/І: the letter of pre-1918 Russian and of Kazakh, which OCR often reads as
#: Latin; modernization later turns Russian і into и.
HOMOGLYPHS: dict[str, str] = {
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і",
    "ë": "ё",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М",
    "O": "О", "P": "Р", "T": "Т", "X": "Х", "Y": "У",
    "Ë": "Ё",
}

_TRANSLATE = str.maketrans(HOMOGLYPHS)

#: Unicode blocks counted as Cyrillic: Cyrillic, Cyrillic Supplement, Extended-C, Extended-B.
CYRILLIC_RANGES = "\u0400-\u052f\u1c80-\u1c8f\ua640-\ua69f"

_LETTER = r"[^\W\d_]"
_NON_CYRILLIC_LETTER = rf"[^\W\d_{CYRILLIC_RANGES}]"
# A maximal letter run containing at least one Cyrillic and at least one non-Cyrillic letter.
_MIXED_WORD_RE = re.compile(
    rf"(?<!{_LETTER})(?={_LETTER}*?[{CYRILLIC_RANGES}])(?={_LETTER}*?{_NON_CYRILLIC_LETTER}){_LETTER}+"
)
_FOREIGN_RE = re.compile(_NON_CYRILLIC_LETTER)


def _repair_mixed(word: str) -> str:
    """Repair a word already known to mix Cyrillic and other letters (unchanged if any has no look-alike)."""
    if all(ch in HOMOGLYPHS for ch in _FOREIGN_RE.findall(word)):
        return word.translate(_TRANSLATE)
    return word


def repair_word(word: str) -> str:
    """Replace Latin look-alikes in a word that also has Cyrillic letters.

    Words without Cyrillic letters (Kazakh Latin script, English quotations) and words with a non-Cyrillic
    letter that has no look-alike («Кepublic») are returned unchanged.
    """
    m = _MIXED_WORD_RE.fullmatch(word)
    return _repair_mixed(word) if m else word


def repair_homoglyphs(nt: NormalizedText) -> NormalizedText:
    """Apply :func:`repair_word` to every letter run of ``nt.text``; a 1:1 change, offsets unchanged."""
    text = nt.text
    pieces: list[str] = []
    pos = 0
    for m in _MIXED_WORD_RE.finditer(text):
        fixed = _repair_mixed(m.group())
        if fixed != m.group():
            pieces.append(text[pos:m.start()])
            pieces.append(fixed)
            pos = m.end()
    if not pieces:
        return nt
    pieces.append(text[pos:])
    return replace_same_length(nt, "".join(pieces))


#: Hyphen look-alikes that typesetting and OCR put inside words («во‑первых» with U+2011): inside a word they
#: become the ASCII hyphen-minus, so compounds tokenize and lemmatize like ordinary hyphenated words.
HYPHEN_LOOKALIKES = "\u2010\u2011"
_INWORD_HYPHEN_RE = re.compile(rf"(?<=\w)[{HYPHEN_LOOKALIKES}](?=\w)")


def unify_hyphens(nt: NormalizedText) -> NormalizedText:
    """Replace U+2010/U+2011 between word characters by ``-``; a 1:1 change, offsets unchanged."""
    if not any(ch in nt.text for ch in HYPHEN_LOOKALIKES):
        return nt
    return replace_same_length(nt, _INWORD_HYPHEN_RE.sub("-", nt.text))
