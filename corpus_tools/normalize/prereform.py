"""Pre-1918 Russian spelling → modern spelling, word by word (decree of 1917/1918).

Rules come from ``SCRIPTS.md`` and are kept as data tables below:

* letter rules (always applied, unambiguous): ѣ→е, і→и, ѳ→ф, ѵ→и (with capitals); a word-final ъ is dropped,
  also at the end of each part of a hyphenated compound;
* whole-word rules (always applied): ея→её, нея→неё, онѣ→они, однѣ→одни, …;
* ending rules -аго/-яго→-ого/-его, -ыя/-ія→-ые/-ие and prefix rules из-/воз-/раз-/без-/… + voiceless
  consonant → ис-/вос-/рас-/бес-/…: ambiguous on modern words («благо», «Чикаго», «изба»), so they are tried
  only when the document uses old spelling (``prereform=True``) or the word itself shows it (ѣ, і, ѳ, ѵ or a
  final ъ), and a rewrite is accepted only when the word is unknown to pymorphy3 and the rewrite is known.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from ._morph import is_known
from .homoglyphs import CYRILLIC_RANGES, repair_word

__all__ = [
    "ENDING_EXCEPTIONS",
    "ENDING_RULES",
    "LETTER_RULES",
    "PREFIX_RULES",
    "PREREFORM_LETTERS",
    "STEM_RULES",
    "SOVIET_WORD_RULES",
    "WHOLE_WORD_RULES",
    "has_old_russian_marks",
    "has_prereform",
    "modernize_word",
]

#: Letters that no longer exist in modern Russian spelling.
LETTER_RULES: dict[str, str] = {
    "ѣ": "е", "Ѣ": "Е",
    "і": "и", "І": "И",
    "ѳ": "ф", "Ѳ": "Ф",
    "ѵ": "и", "Ѵ": "И",
}
PREREFORM_LETTERS = "".join(LETTER_RULES)
_LETTER_TRANSLATE = str.maketrans(LETTER_RULES)

#: Whole words (lower case, old spelling incl. final ъ) with their modern spelling.
WHOLE_WORD_RULES: dict[str, str] = {
    "ея": "её",
    "нея": "неё",
    "онѣ": "они",
    "однѣ": "одни",
    "однѣхъ": "одних",
    "однѣмъ": "одним",
    "однѣми": "одними",
}

#: Soviet spellings of 1918-1956, before the 1956 spelling rules: whole words, applied in every document.
SOVIET_WORD_RULES: dict[str, str] = {
    "итти": "идти",
    "притти": "прийти",
    "повидимому": "по-видимому",
    "попрежнему": "по-прежнему",
}
#: Old stems inside a word (old -> modern), in every document; tried on words pymorphy3 does not know and kept
#: only when the rewrite is known: «эксплоатация», «шопотом», «чорта», «оффиціальный», «корридоръ».
STEM_RULES: tuple[tuple[str, str], ...] = (
    ("эксплоат", "эксплуат"),     # before 1956
    ("шопот", "шёпот"),           # before 1956
    ("чорт", "чёрт"),             # before 1956
    ("оффиц", "офиц"),            # pre-1918 and 1920s print: оффиціальный, оффицеръ
    ("корридор", "коридор"),      # pre-1918 print
)
_WORD_RULES = {**WHOLE_WORD_RULES, **SOVIET_WORD_RULES}
_STEM_RE = re.compile("|".join(old for old, _ in STEM_RULES))

#: Old ending -> modern candidates in order of preference (checked with pymorphy3). For -аго the order
#: follows SCRIPTS.md: -его after ж ч ш щ, else -ого (the other is tried second).
ENDING_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("аго", ("ого", "его")),
    ("яго", ("его",)),
    ("ыя", ("ые",)),
    ("ия", ("ие",)),  # -ія after the letter rule
)
_HUSHING = "жчшщ"

#: -аго words whose modern form the ending rule would get wrong (both candidates are real words).
ENDING_EXCEPTIONS: dict[str, str] = {
    "большаго": "большого",
    "чужаго": "чужого",
    "пребольшаго": "пребольшого",
}

#: Old prefix (z-final) -> modern candidates, used before a voiceless consonant.
PREFIX_RULES: dict[str, tuple[str, ...]] = {
    "из": ("ис",),
    "воз": ("вос",),
    "вз": ("вс",),
    "раз": ("рас",),
    "роз": ("рос",),
    "низ": ("нис",),
    "без": ("бес",),
    "чрез": ("чрес", "черес"),
    "через": ("черес",),
}
_VOICELESS = "пткфсцчщшх"
#: Prefixes that may stand before the rule's prefix («небезопасный»).
_OUTER_PREFIXES = ("", "не")

_PART_SPLIT_RE = re.compile(r"([-\u2010])")
#: A word of modern Russian letters only, not ending in ъ, without ё (the common case, returned unchanged).
_PLAIN_MODERN_RE = re.compile("[а-яА-Я]*[а-щыьэюяА-ЩЫЬЭЮЯ]")         # no ё: it may be an OCR-misread й
_CYRILLIC_RE = re.compile(f"[{CYRILLIC_RANGES}]")


def _apply_case(pattern: str, word: str) -> str:
    """Give ``word`` the case pattern of ``pattern`` (position by position; all-caps and Title kept)."""
    if pattern.islower() or not any(ch.isupper() for ch in pattern):
        return word
    if pattern.isupper() and len(pattern) > 1:
        return word.upper()
    out = [w.upper() if i < len(pattern) and pattern[i].isupper() else w for i, w in enumerate(word)]
    return "".join(out)


def _shows_old_spelling(part: str) -> bool:
    return any(ch in LETTER_RULES for ch in part) or (len(part) > 1 and part[-1] in "ъЪ")


def _candidates(word: str) -> list[str]:
    """Ending × prefix rewrites of a lower-case word, fewest changes first."""
    endings: list[tuple[bool, str]] = [(False, word)]
    for old, news in ENDING_RULES:
        if word.endswith(old) and len(word) > len(old) + 1:
            stem = word[: -len(old)]
            if old == "аго" and stem[-1] in _HUSHING:
                news = tuple(reversed(news))
            endings += [(True, stem + new) for new in news]
            break
    prefixes: list[tuple[int, str]] = [(0, "")]  # (length of old prefix incl. outer, replacement)
    for outer, (old, news) in product(_OUTER_PREFIXES, PREFIX_RULES.items()):
        head = outer + old
        if word.startswith(head) and len(word) > len(head) + 1 and word[len(head)] in _VOICELESS:
            prefixes += [(len(head), outer + new) for new in news]
    out = []
    for n_changes in (1, 2):
        for (p_len, p_new), (e_changed, ending) in product(prefixes, endings):
            if (p_len > 0) + e_changed == n_changes:
                out.append(p_new + ending[p_len:])
    return out


def _modernize_part(part: str, old: bool) -> str:
    """Modernize one hyphen-free part of a word; ``old``: try the ambiguous ending and prefix rules."""
    low = part.lower()
    if low in _WORD_RULES:
        return _apply_case(part, _WORD_RULES[low])
    stripped = low.rstrip("ъ")
    if stripped and _CYRILLIC_RE.match(stripped[-1]):
        low = stripped
    low = low.translate(_LETTER_TRANSLATE)
    if _STEM_RE.search(low) and not is_known(low):
        soviet = low
        for stem, modern in STEM_RULES:
            soviet = soviet.replace(stem, modern)
        if is_known(soviet):
            low = soviet
    if "ё" in low and (old or not is_known(low)):
        # OCR reads й as ё (the breve as a diaeresis: «которыЁ», «МитавоЁ»); old print has no ё at all
        misread = low.replace("ё", "й")
        if is_known(misread):
            low = misread
    if low in ENDING_EXCEPTIONS and old:
        low = ENDING_EXCEPTIONS[low]
    elif old and _CYRILLIC_RE.search(low) and not is_known(low):
        for cand in _candidates(low):
            if is_known(cand):
                low = cand
                break
    return _apply_case(part, low)


@lru_cache(maxsize=262_144)
def modernize_word(word: str, *, prereform: bool = False, lang: str = "ru") -> str:
    """Pre-1918 Russian spelling → modern spelling (identity for modern words).

    Also, in every document: Soviet spellings before the 1956 rules (:data:`SOVIET_WORD_RULES`: «итти» →
    «идти»), old stems (:data:`STEM_RULES`: «эксплоатация», «оффиціальный») and ё misread by OCR for й
    («которыё» → «который»).

    Parameters
    ----------
    word : str
        One token, possibly a hyphenated compound («сѣверо-западнаго»).
    prereform : bool, default False
        The document uses old spelling (:func:`has_prereform`): also try the ambiguous ending and prefix
        rules on words that show no old letter («новаго», «безполезный»).
    lang : str, default "ru"
        Only Russian is modernized; for other languages (Kazakh uses і as a letter) the word is returned as is.

    Returns
    -------
    str
        The modern spelling, with the case pattern of ``word``. Latin look-alike letters inside a Cyrillic
        word are repaired first.
    """
    if lang != "ru" or not word:
        return word
    if (not prereform and _PLAIN_MODERN_RE.fullmatch(word) and word.lower() not in _WORD_RULES
            and not _STEM_RE.search(word.lower())):
        return word     # modern letters only, no final ъ, no hyphen: every rule below leaves it as it is
    word = repair_word(word)
    parts = _PART_SPLIT_RE.split(word)
    old = prereform or any(_shows_old_spelling(p) for p in parts[::2])
    parts[::2] = [_modernize_part(p, old) if p else p for p in parts[::2]]
    return "".join(parts)


_OLD_LETTER_RE = re.compile("[ѣѢѳѲѵѴ]")
_OLD_I_RE = re.compile("[іІ]")
#: Letters of Kazakh (and Ukrainian) Cyrillic that pre-reform Russian never uses: where they occur, і is a
#: letter of that language, not evidence of old Russian spelling.
_NON_RUSSIAN_I_CONTEXT_RE = re.compile("[әғқңөұүһӘҒҚҢӨҰҮҺїєґЇЄҐ]")
_CYRILLIC_WORD_RE = re.compile(f"(?<![^\\W\\d_])[{CYRILLIC_RANGES}]")
_FINAL_HARD_SIGN_RE = re.compile(f"(?<=[{CYRILLIC_RANGES}])[ъЪ](?![^\\W\\d_])")
#: Word-final ъ must mark at least this share of Cyrillic words, and at least this many words.
FINAL_HARD_SIGN_SHARE = 0.05
FINAL_HARD_SIGN_MIN = 2


def has_prereform(text: str) -> bool:
    """Does ``text`` use pre-1918 orthography?

    True when :func:`has_old_russian_marks` (ѣ, ѳ, ѵ, or enough word-final ъ), or when і occurs in a text
    without Kazakh/Ukrainian-only letters.
    """
    if _OLD_LETTER_RE.search(text):
        return True
    if _OLD_I_RE.search(text) and not _NON_RUSSIAN_I_CONTEXT_RE.search(text):
        return True
    return _enough_final_hard_signs(text)


def has_old_russian_marks(text: str) -> bool:
    """Does ``text`` show a mark of pre-1918 Russian spelling that no Kazakh text has?

    True when any of ѣ, ѳ, ѵ occurs, or a word-final ъ ends at least ``FINAL_HARD_SIGN_MIN`` (2) words and at
    least ``FINAL_HARD_SIGN_SHARE`` (5 %) of the Cyrillic words (old spelling puts it on roughly every third
    word, so one stray OCR «ъ» in a modern text does not count). Unlike :func:`has_prereform`, і alone is not
    such a mark: it is a Kazakh letter too.
    """
    return _OLD_LETTER_RE.search(text) is not None or _enough_final_hard_signs(text)


def _enough_final_hard_signs(text: str) -> bool:
    n_final = sum(1 for _ in _FINAL_HARD_SIGN_RE.finditer(text))
    if n_final < FINAL_HARD_SIGN_MIN:
        return False
    n_words = sum(1 for _ in _CYRILLIC_WORD_RE.finditer(text))
    return n_final >= FINAL_HARD_SIGN_SHARE * n_words
