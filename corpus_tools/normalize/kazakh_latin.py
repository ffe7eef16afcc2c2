"""Kazakh Latin script «Jaŋalif» (1929–1940) → Cyrillic, and Cyrillic → Jaŋalif 1938–40 for simple words.

The conversion is table-driven (:data:`LETTERS`, :data:`DIGRAPHS`, :data:`LOOKALIKES`, :data:`LOANS`); the
few context rules the tables cannot express (``j`` in 1938–40, Latin ``b`` read as ``ы``) are small functions
named after the row they implement. Rows that ``../shared/SCRIPTS.md`` marks **verify**, and choices of ours
that no source confirms, carry ``UNCERTAIN`` in the tables and are listed in ``docs/kazakh-scripts.md``.

The alphabet had two states (resolution of the Presidium of the Kazakh CEC, 2 Jan 1938): **1929–37** (i = і,
j = й, u = ұ, v = у, digraphs ij/ьj = и, uv/yv = у) and **1938–40** (i = и, j = і, u = у, ū = ұ, v = в, plus
f, x). :func:`detect_jangalif_period` picks one per document.

References
----------
K. B. Küderinova, «Қазақ жазуының тарихы мен теориясы» (hand-checked examples used in the tests);
Russian Wikipedia «Казахская письменность»; K. Pentzlin, I. Yevlampiev, WG2 N3581, N3916 (letters).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Literal, NamedTuple

__all__ = [
    "DEFAULT_PERIOD",
    "DIGRAPHS",
    "LATIN_WORD_RE",
    "LETTERS",
    "LOANS",
    "LOOKALIKES",
    "PERIODS",
    "UNCERTAIN_ROWS",
    "cyrillic_word_to_latin",
    "detect_jangalif_period",
    "latin_to_cyrillic",
    "latin_word_to_cyrillic",
]

Period = Literal["1929-1937", "1938-1940"]
PERIODS: tuple[str, ...] = ("1929-1937", "1938-1940")
#: Used when neither markers nor a date decide: most Jaŋalif print (1929–37) predates the 1938 reform.
DEFAULT_PERIOD: Period = "1929-1937"
#: The 1938 reform took effect with the resolution of 2 January 1938.
REFORM_YEAR = 1938


class Row(NamedTuple):
    """One table row: Cyrillic value per period (``None`` = the letter is not used in that period)."""

    old: str | None  # 1929–37
    new: str | None  # 1938–40
    uncertain: str = ""  # why the row is not confirmed; empty = confirmed by SCRIPTS.md


# Canonical lower-case Jaŋalif letters (after :data:`LOOKALIKES`) → Cyrillic.
LETTERS: dict[str, Row] = {
    "a": Row("а", "а"),
    "ə": Row("ә", "ә"),
    "ʙ": Row("б", "б"),
    "v": Row("у", "в"),
    "g": Row("г", "г"),
    "ƣ": Row("ғ", "ғ"),
    "d": Row("д", "д"),
    "e": Row("е", "е"),
    "ƶ": Row("ж", "ж"),
    "z": Row("з", "з"),
    "i": Row("і", "и"),
    "j": Row("й", "і"),  # 1938–40: і between consonants, й next to a vowel — see _j_1938
    "k": Row("к", "к"),
    "l": Row("л", "л"),
    "m": Row("м", "м"),
    "n": Row("н", "н"),
    "ꞑ": Row("ң", "ң"),
    "o": Row("о", "о"),
    "ɵ": Row("ө", "ө"),
    "p": Row("п", "п"),
    "q": Row("қ", "қ"),
    "r": Row("р", "р"),
    "s": Row("с", "с"),
    "ş": Row("ш", "ш"),
    "t": Row("т", "т"),
    "u": Row("ұ", "у"),
    "ū": Row("ұ", "ұ", "Ū is 1938–40 only; read as ұ if it turns up earlier"),
    "y": Row("ү", "ү"),
    "f": Row("ф", "ф", "F is 1938–40 only; read as ф if it turns up earlier"),
    "x": Row("х", "х", "X is 1938–40 only; read as х if it turns up earlier"),
    "h": Row("һ", "һ", "rare; before 1938 possibly also х"),
    "c": Row("ч", "ч", "verify (SCRIPTS.md): value of C c"),
    "ç": Row("ч", "ч", "provincial stand-in C̦/Ç; Kazakh value not confirmed"),
    "ь": Row("ы", "ы"),
}

#: Two-letter spellings read before single letters (1929–37 only: the 1938 reform replaced them).
DIGRAPHS: dict[str, Row] = {
    "ij": Row("и", "ий", "1938–40 text should write i; kept letter by letter there"),
    "ьj": Row("и", "ый", "1929–37: ьj = и except in тый/сый stems (_BJ_STEMS_OLD), read ый"),
    "uv": Row("у", None),
    "yv": Row("у", None),
}

#: Stems whose ``ьj`` is ый even in 1929–37 (SCRIPTS.md names тый, сый as the 1938 exceptions). UNCERTAIN.
_BJ_STEMS_OLD = ("tьj", "sьj")

#: Look-alike and stand-in characters → canonical Jaŋalif letter (case is handled separately).
LOOKALIKES: dict[str, tuple[str, str]] = {
    # char: (canonical lower-case letter, uncertainty note)
    "b": ("ʙ", "Latin b for ʙ (digitized text); between two consonants read as ь (OCR of ь), see _b_reading"),
    "в": ("ʙ", "Cyrillic в inside a Latin word: OCR of ʙ"),
    "ƅ": ("ь", ""),
    "ы": ("ь", "Cyrillic ы inside a Latin word: already converted by a reader"),
    "ŋ": ("ꞑ", ""),
    "ᶇ": ("ꞑ", "n with palatal hook, a print look-alike of ꞑ"),
    "ǝ": ("ə", "turned e (U+01DD), look-alike of ə"),
    "ә": ("ə", "Cyrillic schwa inside a Latin word"),
    "ө": ("ɵ", "Cyrillic barred o inside a Latin word"),
    "ŭ": ("ū", "provincial stand-in for Ū"),
    "ș": ("ş", "comma-below s, look-alike of ş"),
    "ž": ("ƶ", "z with caron, stand-in for ƶ"),
    "ğ": ("ƣ", "g with breve, stand-in for ƣ"),
    "ı": ("ь", "dotless i, stand-in for the ы letter"),
    "ɡ": ("g", ""),
}

#: Upper-case forms whose lower case is not what ``str.lower`` gives (the Jaŋalif capital of ʙ is B).
_UPPER_SPECIAL = {"B": "ʙ", "Ƅ": "ь", "Ь": "ь", "Ꞑ": "ꞑ", "Ŋ": "ꞑ", "Ɵ": "ɵ", "Ə": "ə", "Ǝ": "ə", "I": "i"}

#: Russian loans written phonetically before 1938 (no в ф х): a rule cannot restore them. Key: lower-case
#: 1929–37 stem; a longer word with this stem converts its remainder by the rules («Qarkopqa» → Харьковқа).
LOANS: dict[str, str] = {
    "sabet": "совет",  # Küderinova
    "qarkop": "харьков",  # Küderinova
}
_MIN_LOAN_STEM = 4

_VOWELS = frozenset("aəeioɵuūyь")
_CONSONANTS = frozenset("ʙvgƣdƶzklmnꞑpqrsştfxhcç")

#: Every uncertain row, for the docs and the tests: (table, key, note).
UNCERTAIN_ROWS: list[tuple[str, str, str]] = (
    [("LETTERS", k, r.uncertain) for k, r in LETTERS.items() if r.uncertain]
    + [("DIGRAPHS", k, r.uncertain) for k, r in DIGRAPHS.items() if r.uncertain]
    + [("LOOKALIKES", k, note) for k, (_, note) in LOOKALIKES.items() if note]
    + [
        ("RULE", "j (1938–40)", "і between consonants / at a word edge next to a consonant, й next to a vowel; "
         "SCRIPTS.md: where й went in 1938 is unclear"),
        ("RULE", "ju ja jo", "not read as ю я ё (not confirmed for Kazakh): й/і + vowel"),
        ("RULE", "ьj 1929–37", "тый/сый stems read ый: " + ", ".join(_BJ_STEMS_OLD)),
        ("LOANS", "*", "phonetic 1929–37 loans need a lexicon; only the hand-checked ones are listed"),
    ]
)

#: A Jaŋalif word: letters (any script: Cyrillic ь/в appear inside Latin words) and combining marks.
LATIN_WORD_RE = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")
_COMBINING_BELOW_COMMA = "\u0326"
_LATIN_LETTER_RE = re.compile("[A-Za-z\u00c0-\u02af\u1d00-\u1dbf\u1e00-\u1eff\ua720-\ua7ff]")


def _canonical(ch: str) -> tuple[str, bool]:
    """(canonical lower-case letter, is upper) of one character."""
    upper = ch.isupper()
    if ch in _UPPER_SPECIAL:
        return _UPPER_SPECIAL[ch], True
    low = ch.lower()
    if low in LOOKALIKES:
        return LOOKALIKES[low][0], upper
    return low, upper


def _units(word: str) -> list[tuple[str, bool, str]]:
    """(canonical lower-case letter, is upper, raw lower-case char) per letter; C̦/c̦ becomes ç."""
    word = unicodedata.normalize("NFC", word)
    word = word.replace("c" + _COMBINING_BELOW_COMMA, "ç").replace("C" + _COMBINING_BELOW_COMMA, "Ç")
    return [(*_canonical(ch), ch.lower()) for ch in word if not unicodedata.combining(ch)]


def _is_vowel(letters: list[str], i: int) -> bool:
    return 0 <= i < len(letters) and letters[i] in _VOWELS


def _is_consonant(letters: list[str], i: int) -> bool:
    return 0 <= i < len(letters) and letters[i] in _CONSONANTS


def _b_reading(letters: list[str], i: int, raw: str) -> str:
    """Latin ``b`` is ʙ (б) unless it stands between two consonants, where it is an OCR ь (ы). UNCERTAIN."""
    if raw == "b" and _is_consonant(letters, i - 1) and _is_consonant(letters, i + 1):
        return "ь"
    return "ʙ"


def _j_1938(letters: list[str], i: int) -> str:
    """1938–40 ``j``: й next to a vowel, else і («tjl» → тіл, «tьj» → тый). UNCERTAIN for й."""
    return "й" if _is_vowel(letters, i - 1) or _is_vowel(letters, i + 1) else "і"


def _apply_case(cyr: str, upper: bool, all_upper: bool) -> str:
    if not cyr or not upper:
        return cyr
    return cyr.upper() if all_upper else cyr[0].upper() + cyr[1:]


#: LOANS with canonical keys (Latin b → ʙ), longest first.
_LOAN_STEMS = {
    "".join(u[0] for u in _units(k)): v
    for k, v in sorted(LOANS.items(), key=lambda kv: -len(kv[0]))
    if len(k) >= _MIN_LOAN_STEM
}


def latin_word_to_cyrillic(word: str, *, period: str | None = None) -> str:
    """Convert one Jaŋalif word to Cyrillic.

    Parameters
    ----------
    word : str
        One word (letters only; ``latin_to_cyrillic`` splits text into words).
    period : {"1929-1937", "1938-1940"} or None, default None
        Alphabet state; ``None`` detects it from the word's own markers (:func:`detect_jangalif_period`),
        which for most single words falls back to :data:`DEFAULT_PERIOD` — pass the document's period.

    Returns
    -------
    str
        The Cyrillic word. Case follows the source letter by letter (a digraph takes the case of its first
        letter); in an all-capital word every output letter is capital (``UV`` → ``У``).
    """
    period = _check_period(period) if period is not None else detect_jangalif_period(word)
    if not _LATIN_LETTER_RE.search(word) and any(
        ch.lower() not in LOOKALIKES and ch.lower() != "ь" for ch in word if ch.isalpha()
    ):
        return word  # a Cyrillic (or other) word in Latin-script text: a quotation, left alone
    new = period == "1938-1940"
    units = _units(word)
    letters = [u[0] for u in units]
    all_upper = len(units) > 1 and all(u[1] for u in units)

    out: list[str] = []
    start = 0
    low = "".join(letters)
    if not new:
        stem = next((s for s in _LOAN_STEMS if low.startswith(s)), None)
        if stem is not None:
            out.append(_apply_case(_LOAN_STEMS[stem], units[0][1], all_upper))
            start = len(stem)
    i = start
    while i < len(letters):
        ch, up = letters[i], units[i][1]
        pair = ch + (letters[i + 1] if i + 1 < len(letters) else "")
        if not new and pair in DIGRAPHS:
            value = DIGRAPHS[pair].old
            if pair == "ьj" and any(low.startswith(s) for s in _BJ_STEMS_OLD) and i == 1:
                value = "ый"
            out.append(_apply_case(value or "", up, all_upper))
            i += 2
            continue
        if ch == "ʙ":
            ch = _b_reading(letters, i, units[i][2])
            letters[i] = ch
        if ch == "j" and new:
            value = _j_1938(letters, i)
        elif ch in LETTERS:
            row = LETTERS[ch]
            value = (row.new if new else row.old) or ""
        else:
            value = units[i][0]  # not a Jaŋalif letter (digit in a word, foreign letter): kept
        out.append(_apply_case(value, up, all_upper))
        i += 1
    return "".join(out)


def latin_to_cyrillic(text: str, *, period: str | None = None, year: int | None = None) -> str:
    """Convert Jaŋalif text to Cyrillic word by word; everything that is not a letter is kept.

    Parameters
    ----------
    text : str
        Text in the Kazakh Latin alphabet.
    period : {"1929-1937", "1938-1940"} or None, default None
        Alphabet state; ``None`` = :func:`detect_jangalif_period` on the whole text (and ``year``).
    year : int or None, default None
        The document's year, used by the detection when markers do not decide.

    Returns
    -------
    str
        The Cyrillic text. Use :func:`corpus_tools.normalize.kazakh_scripts.convert_with_offsets` to keep a
        map back to the original.
    """
    if period is None:
        period = detect_jangalif_period(text, year=year)
    return LATIN_WORD_RE.sub(lambda m: latin_word_to_cyrillic(m.group(), period=period), text)


def _check_period(period: str) -> Period:
    if period not in PERIODS:
        raise ValueError(f"unknown Jaŋalif period {period!r}: use one of {', '.join(PERIODS)} or None to detect")
    return period  # type: ignore[return-value]


# Markers of each state, on lower-cased canonical text. ``j`` between consonants is і (1938–40); before 1938 j
# was й, which stands next to vowels.
_NEW_MARKERS = re.compile(r"[ūŭfx]|(?<=[ʙbvgƣdƶzklmnꞑŋpqrsştfxhc])j(?=[ʙbvgƣdƶzklmnꞑŋpqrsştfxhc])")
_OLD_MARKERS = re.compile(r"uv|yv|ij|(?<![ts])[ьƅ]j")


def detect_jangalif_period(text: str, *, year: int | None = None) -> Period:
    """Choose the Jaŋalif state of a text: "1929-1937" or "1938-1940".

    Steps: (1) count markers — Ū, F, X and ``j`` between consonants for 1938–40; the digraphs uv, yv, ij, ьj
    (not in тый/сый) for 1929–37; (2) if only one state has markers, it wins; (3) otherwise the ``year``
    decides (before 1938 → 1929–37); (4) without a year, the state with more markers; (5) a tie (usually no
    markers at all) gives :data:`DEFAULT_PERIOD` ("1929-1937").
    """
    low = "".join(_canonical(ch)[0] if ch.isalpha() else ch for ch in unicodedata.normalize("NFC", text))
    n_new = len(_NEW_MARKERS.findall(low))
    n_old = len(_OLD_MARKERS.findall(low))
    if n_new and not n_old:
        return "1938-1940"
    if n_old and not n_new:
        return "1929-1937"
    if year is not None:
        return "1929-1937" if year < REFORM_YEAR else "1938-1940"
    if n_new != n_old:
        return "1938-1940" if n_new > n_old else "1929-1937"
    return DEFAULT_PERIOD


# Cyrillic → Jaŋalif 1938–40, for simple words (the inverse the round-trip tests use).
_TO_LATIN: dict[str, str] = {
    "а": "a", "ә": "ə", "б": "ʙ", "в": "v", "г": "g", "ғ": "ƣ", "д": "d", "е": "e", "ж": "ƶ", "з": "z",
    "и": "i", "й": "j", "і": "j", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "ꞑ", "о": "o", "ө": "ɵ",
    "п": "p", "қ": "q", "р": "r", "с": "s", "ш": "ş", "т": "t", "у": "u", "ұ": "ū", "ү": "y", "ф": "f",
    "х": "x", "һ": "h", "ч": "c", "ы": "ь",
}
_CYR_VOWELS = frozenset("аәеиоөуұүыі")
_LATIN_UPPER = {"ʙ": "B", "ь": "Ь", "ꞑ": "Ꞑ"}


def cyrillic_word_to_latin(word: str) -> str:
    """Write a simple Cyrillic Kazakh word in Jaŋalif 1938–40 (the inverse of :func:`latin_word_to_cyrillic`).

    Raises
    ------
    ValueError
        When the word has no unambiguous 1938–40 spelling: я ю ё ц щ ъ ь э, і next to a vowel (would read
        as й), й not next to a vowel (would read as і), or і/й next to і/й.
    """
    low = word.lower()
    out: list[str] = []
    for i, ch in enumerate(low):
        if ch not in _TO_LATIN:
            raise ValueError(f"{word!r}: {ch!r} has no Jaŋalif 1938–40 letter; pass simple Kazakh words only")
        near_vowel = (i > 0 and low[i - 1] in _CYR_VOWELS) or (i + 1 < len(low) and low[i + 1] in _CYR_VOWELS)
        near_j = (i > 0 and low[i - 1] in "йі") or (i + 1 < len(low) and low[i + 1] in "йі")
        if ch in "йі" and near_j:
            raise ValueError(f"{word!r}: two j letters in a row have no unambiguous reading")
        if ch == "і" and near_vowel or ch == "й" and not near_vowel:
            raise ValueError(f"{word!r}: {ch!r} at {i} would read back as {'й' if ch == 'і' else 'і'}")
        lat = _TO_LATIN[ch]
        if word[i].isupper():
            lat = _LATIN_UPPER.get(lat, lat.upper())
        out.append(lat)
    return "".join(out)
