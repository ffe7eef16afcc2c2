"""Non-destructive normalization with an offset map back to the original text.

:func:`normalize_text` runs these steps, composing their offset maps:

1. remove invisible characters (soft hyphen, zero-width characters, stray BOM) — :mod:`.unicode`;
2. Unicode NFC — :mod:`.unicode`;
3. join words hyphenated across line breaks, or keep the hyphen of a compound — :mod:`.hyphenation`;
4. repair Latin look-alike letters inside Cyrillic words (OCR) — :mod:`.homoglyphs`;
5. turn hyphen look-alikes inside words (U+2010, non-breaking U+2011) into ``-`` — :mod:`.homoglyphs`.

Invisible characters are removed *before* NFC (the brief lists NFC first) so that a soft hyphen between a
letter and its combining mark cannot leave the result un-normalized; on any other input the order makes no
difference. Nothing else changes: case, ё and spelling are folded only in :func:`norm_form`.
"""
from __future__ import annotations

from .homoglyphs import HOMOGLYPHS, repair_homoglyphs, repair_word, unify_hyphens
from .kazakh_arabic import arabic_to_cyrillic
from .kazakh_latin import detect_jangalif_period, latin_to_cyrillic, latin_word_to_cyrillic
from .kazakh_scripts import convert_with_offsets, to_cyrillic
from .langdetect import detect_language, detect_script, detect_words
from .hyphenation import join_line_breaks, keep_hyphen
from .offsets import NormalizedText, identity
from .prereform import has_old_russian_marks, has_prereform, modernize_word
from .unicode import INVISIBLE_CHARS, compose_nfc, remove_invisibles

__all__ = [
    "HOMOGLYPHS",
    "arabic_to_cyrillic",
    "convert_with_offsets",
    "detect_jangalif_period",
    "detect_language",
    "detect_script",
    "detect_words",
    "latin_to_cyrillic",
    "latin_word_to_cyrillic",
    "to_cyrillic",
    "INVISIBLE_CHARS",
    "NormalizedText",
    "fold",
    "has_old_russian_marks",
    "has_prereform",
    "keep_hyphen",
    "modernize_word",
    "norm_form",
    "normalize_text",
    "repair_word",
]


def normalize_text(original: str, *, prereform: bool | None = None, lang: str = "ru", script: str | None = None,
                   year: int | None = None) -> NormalizedText:
    """Normalize a document's text for tokenization, keeping a map back to ``original``.

    Parameters
    ----------
    original : str
        The decoded document text; it is never changed.
    prereform : bool or None, default None
        Whether the text uses pre-1918 spelling (affects only the hyphenation look-ups); ``None`` detects it
        with :func:`has_prereform` (always False for Kazakh). Pass the document's value when normalizing a
        piece of it.
    lang : str, default "ru"
        The document's language. For Kazakh (``"kk"``) text in Latin (Jaŋalif) or Arabic (töte jazu) script,
        or mixed scripts, the words are converted to Cyrillic after step 2 (:func:`to_cyrillic`), so the
        original script stays in the original text and the offset map points back to it.
    script, year : optional
        The document's script (``Cyrl``, ``Latn``, ``Arab``, ``mixed``; default: detected) and year (chooses
        the Jaŋalif state when the text does not show it).

    Returns
    -------
    NormalizedText
        ``text`` plus ``starts``/``ends`` (``int64``): normalized character ``i`` came from
        ``original[starts[i]:ends[i]]``, so a token over normalized ``[a, b)`` has the surface form
        ``original[starts[a]:ends[b - 1]]``. ``prereform`` is :func:`has_prereform` of ``original`` unless given.
    """
    if lang == "kk":
        prereform = False
    elif prereform is None:
        prereform = has_prereform(original)
    nt = identity(original, prereform=prereform)
    nt = remove_invisibles(nt)
    nt = compose_nfc(nt)
    if lang == "kk":
        if script is None:
            script = detect_script(nt.text)
        if script in ("Latn", "Arab", "mixed"):
            nt = to_cyrillic(nt, script=script, year=year)
    nt = join_line_breaks(nt, prereform=prereform)
    return unify_hyphens(repair_homoglyphs(nt))


#: Folding table: ё→е; stress marks (combining acute U+0301 and grave U+0300, as in «приме́р») dropped.
_FOLD = str.maketrans({"ё": "е", "\u0301": None, "\u0300": None})


def fold(s: str) -> str:
    """Case- and ё-fold for matching: lower case, ё→е, stress marks removed."""
    return s.lower().translate(_FOLD)


def norm_form(word: str, *, prereform: bool = False, lang: str = "ru") -> str:
    """The ``norm`` column value of a token: modern spelling, case- and ё-folded.

    ``fold(modernize_word(word, prereform=prereform, lang=lang))``.
    """
    return fold(modernize_word(word, prereform=prereform, lang=lang))
