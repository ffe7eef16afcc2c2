"""Kazakh Arabic script «төте жазу» (Baitursynov, 1912/1924) → Cyrillic.

Steps per text: (1) NFKC, which turns Arabic presentation forms (U+FBxx–U+FExx) into base letters and
splits the precomposed ٵ ٶ ٷ ٸ into letter + front-vowel sign; (2) per word, decide front or back vowels
(:func:`is_front_word`); (3) map letters with :data:`LETTERS` (vowel letters by harmony, ي by position);
(4) outside words, Arabic digits become ASCII and Arabic punctuation its Latin twin (:data:`PUNCTUATION`).

Rows not confirmed by ``../shared/SCRIPTS.md`` carry ``uncertain`` notes and are listed in
``docs/kazakh-scripts.md``. Arabic has no case: output is lower case.

References
----------
A. Baitursynuly, articles on his alphabet; K. B. Küderinova, «Қазақ жазуының тарихы мен теориясы»
(hand-checked examples used in the tests); apertium-kaz transliteration rules (used as facts only).
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

__all__ = [
    "ARABIC_WORD_RE",
    "FRONT_SIGNS",
    "LETTERS",
    "PUNCTUATION",
    "UNCERTAIN_ROWS",
    "arabic_to_cyrillic",
    "arabic_word_to_cyrillic",
    "is_front_word",
]


class Row(NamedTuple):
    """Cyrillic value of an Arabic letter in a back word and in a front word."""

    back: str
    front: str
    uncertain: str = ""


def _same(cyr: str, uncertain: str = "") -> Row:
    return Row(cyr, cyr, uncertain)


#: Front-vowel sign: U+0674 high hamza (digital text) and U+0621 hamza (print). Written before the word.
FRONT_SIGNS = "\u0674\u0621"
#: Letters that make a word front (SCRIPTS.md: words with ك or گ need no sign; ە is the Chinese convention).
FRONT_LETTERS = "كکگە"
#: Letters of back words only (words with ق or غ never take the sign).
BACK_LETTERS = "قغ"

LETTERS: dict[str, Row] = {
    # vowels, by harmony
    "ا": Row("а", "ә"),
    "و": Row("о", "ө"),
    "ۇ": Row("ұ", "ү"),
    "ى": Row("ы", "і"),
    "ە": _same("е"),
    "ه": _same("е", "ه is е in töte print (Baitursynov's е); һ in the Chinese convention"),
    # semivowels: ي is й next to a vowel, и after a consonant — see _yeh
    "ۋ": _same("у"),
    # consonants of Baitursynov's list
    "ب": _same("б"), "پ": _same("п"), "ت": _same("т"), "ج": _same("ж"), "د": _same("д"), "ر": _same("р"),
    "ز": _same("з"), "س": _same("с"), "ق": _same("қ"), "ك": _same("к"), "گ": _same("г"), "ڭ": _same("ң"),
    "ل": _same("л"), "م": _same("м"), "ن": _same("н"),
    "غ": _same("ғ"),
    "چ": _same("ш"),  # töte jazu: ш (ч only in the Chinese convention)
    # letters outside Baitursynov's list (loans, older texts, Chinese convention)
    "ش": _same("ш", "not in Baitursynov's list"),
    "ف": _same("ф", "loans; not in Baitursynov's list"),
    "ژ": _same("ж", "loans; not in the list"),
    "ح": _same("х", "loans; not in the list"),
    "خ": _same("х", "loans; not in the list"),
    "ھ": _same("һ", "loans; not in the list"),
    "ۆ": _same("в", "Chinese convention"),
    "ع": _same("ғ", "Chinese convention for ғ; in Arabic loans of töte texts a guess"),
    "ک": _same("к", "Persian keheh, look-alike of ك"),
    "ث": _same("с", "Arabic loans; Kazakh pronunciation, a guess"),
    "ص": _same("с", "Arabic loans; Kazakh pronunciation, a guess"),
    "ذ": _same("з", "Arabic loans; Kazakh pronunciation, a guess"),
    "ض": _same("з", "Arabic loans; Kazakh pronunciation, a guess"),
    "ظ": _same("з", "Arabic loans; Kazakh pronunciation, a guess"),
    "ط": _same("т", "Arabic loans; Kazakh pronunciation, a guess"),
    "ة": _same("а", "ta marbuta in Arabic loans, a guess"),
}
_YEH = "ي"
#: Letters read like another one (alef and yeh variants); applied before :data:`LETTERS`.
VARIANTS: dict[str, tuple[str, str]] = {
    "أ": ("ا", "alef with hamza"), "إ": ("ا", "alef with hamza below"), "آ": ("ا", "alef with madda"),
    "ٱ": ("ا", "alef wasla"), "ی": ("ى", "Persian yeh: read as the vowel letter ى"), "ۍ": ("ى", ""),
    "ؤ": ("و", "waw with hamza"), "ئ": ("ى", "yeh with hamza: vowel carrier (Uyghur habit)"),
    "ې": ("ە", ""),
}
_VOWEL_LETTERS = frozenset("اوۇىەه")

#: Characters outside words: Arabic-Indic and Extended Arabic-Indic digits, punctuation.
PUNCTUATION: dict[str, str] = {
    **{chr(0x0660 + d): str(d) for d in range(10)},
    **{chr(0x06F0 + d): str(d) for d in range(10)},
    "،": ",", "؛": ";", "؟": "?", "۔": ".", "٪": "%", "٫": ".", "٬": ",", "«": "«", "»": "»",
}
#: Marks dropped inside words: harakat and tatweel (kashida).
_DROPPED = frozenset(chr(c) for c in [*range(0x064B, 0x0653), 0x0670, 0x0640])

UNCERTAIN_ROWS: list[tuple[str, str, str]] = (
    [("LETTERS", k, r.uncertain) for k, r in LETTERS.items() if r.uncertain]
    + [("VARIANTS", k, note) for k, (_, note) in VARIANTS.items() if note]
    + [
        ("RULE", "ي", "и after a consonant, й next to a vowel or at the start; no confirmed rule"),
        ("RULE", "ە front", "ە makes a word front (Chinese convention); in töte texts ە/ه is е, front too"),
        ("RULE", "ق غ vs ك گ", "a word with both (loans) is back unless it has the sign"),
    ]
)

#: An Arabic-script word: Arabic letters, marks, tatweel and presentation forms, plus the front sign.
ARABIC_WORD_RE = re.compile(
    "[\u0621-\u063a\u0640-\u065f\u0670-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f"
    "\ufb50-\ufdff\ufe70-\ufefc]+"
)


def _letters(word: str) -> str:
    word = unicodedata.normalize("NFKC", word)
    return "".join(VARIANTS[ch][0] if ch in VARIANTS else ch for ch in word if ch not in _DROPPED)


def is_front_word(word: str) -> bool:
    """Whether a word's vowel letters are front (ә ө ү і).

    Front if it has the front-vowel sign (anywhere: NFKC puts the sign of ٵ ٶ ٷ ٸ after the letter); else back
    if it has ق or غ; else front if it has ك, گ or ە; else back.
    """
    letters = _letters(word)
    if any(s in letters for s in FRONT_SIGNS):
        return True
    if any(ch in letters for ch in BACK_LETTERS):
        return False
    return any(ch in letters for ch in FRONT_LETTERS)


def _yeh(letters: str, i: int) -> str:
    """ي: й next to a vowel letter or at the word start, и after a consonant. UNCERTAIN."""
    prev_vowel = i > 0 and letters[i - 1] in _VOWEL_LETTERS
    next_vowel = i + 1 < len(letters) and letters[i + 1] in _VOWEL_LETTERS
    if i == 0 or prev_vowel or (next_vowel and i > 0 and letters[i - 1] == _YEH):
        return "й"
    return "и"


def arabic_word_to_cyrillic(word: str) -> str:
    """Convert one töte jazu word to lower-case Cyrillic (front signs are dropped, unknown letters kept)."""
    front = is_front_word(word)
    letters = "".join(ch for ch in _letters(word) if ch not in FRONT_SIGNS)
    out: list[str] = []
    for i, ch in enumerate(letters):
        if ch == _YEH:
            out.append(_yeh(letters, i))
        elif ch in LETTERS:
            row = LETTERS[ch]
            out.append(row.front if front else row.back)
        else:
            out.append(ch)
    return "".join(out)


def convert_punctuation(text: str) -> str:
    """Arabic digits → ASCII, Arabic comma/semicolon/question mark → Latin ones (one character each)."""
    return "".join(PUNCTUATION.get(ch, ch) for ch in text)


def arabic_to_cyrillic(text: str) -> str:
    """Convert töte jazu text to Cyrillic; digits and punctuation become their ASCII/Latin forms.

    Parameters
    ----------
    text : str
        Kazakh text in Arabic script (presentation forms allowed).

    Returns
    -------
    str
        Lower-case Cyrillic text. For an offset map back to the original use
        :func:`corpus_tools.normalize.kazakh_scripts.convert_with_offsets`.
    """
    pieces: list[str] = []
    pos = 0
    for m in ARABIC_WORD_RE.finditer(text):
        pieces.append(convert_punctuation(text[pos:m.start()]))
        pieces.append(arabic_word_to_cyrillic(m.group()))
        pos = m.end()
    pieces.append(convert_punctuation(text[pos:]))
    return "".join(pieces)
