"""Step 3 of :func:`normalize_text`: join words hyphenated across line breaks."""
from __future__ import annotations

import re
from functools import lru_cache

from ._morph import is_known
from .offsets import Edit, NormalizedText, apply_edits
from .prereform import modernize_word

__all__ = ["COMPOUND_ADJECTIVE_ENDINGS", "COMPOUND_LINK_VOWELS", "LINE_BREAK_HYPHENS", "join_line_breaks", "keep_hyphen"]

#: Characters that end a line in the middle of a word: hyphen-minus, U+2010 HYPHEN, U+00AC NOT SIGN (OCR).
LINE_BREAK_HYPHENS = "-\u2010\u00ac"
#: A first compound element ends in a linking vowel («байско-», «военно-»)…
COMPOUND_LINK_VOWELS = ("о", "е")
#: …and is the stem of an adjective («байск|ий») or a word by itself («военно»).
COMPOUND_ADJECTIVE_ENDINGS = ("ий", "ый", "ой")

_LETTER = r"[^\W\d_]"
_BREAK = rf"[{re.escape(LINE_BREAK_HYPHENS)}][ \t]*(?:\r\n|\r|\n)[ \t]*"
_BREAK_RE = re.compile(rf"(?<={_LETTER}){_BREAK}(?={_LETTER})")  # cheap test: any break at all?
# Groups: left word (a whole letter run), the break, the right word (not consumed: it may be the next left).
_WORD_BREAK_RE = re.compile(rf"(?<!{_LETTER})({_LETTER}+)({_BREAK})(?=({_LETTER}+))")


@lru_cache(maxsize=65_536)
def keep_hyphen(left: str, right: str, *, prereform: bool = False) -> bool:
    """Decide whether ``left-`` + line break + ``right`` is a hyphenated compound (True) or one word (False).

    Words are looked up in modern spelling (:func:`modernize_word`). Rule, in order:

    1. the joined word is known to pymorphy3 → join («откочев-\\nка» → «откочевка»);
    2. the hyphenated word is known → keep the hyphen («северо-\\nзападный»);
    3. the right part is a known word and the left part is a compound first element: it ends in a linking
       vowel (о, е) and is a known word itself or an adjective stem + о/е («байско» ← «байский») → keep
       the hyphen («байско-\\nкулацкой» → «байско-кулацкой»);
    4. both parts are known words of at least three letters (and, by rule 1, the joined word is not) → keep
       the hyphen («бай-\nполуфеодал» → «бай-полуфеодал»);
    5. otherwise join (an unknown word broken across lines is the common case in OCR).
    """
    def known(w: str) -> bool:
        return is_known(modernize_word(w, prereform=prereform))

    if not left or not right or known(left + right):
        return False
    if known(f"{left}-{right}"):
        return True
    low = modernize_word(left, prereform=prereform).lower()
    if low.endswith(COMPOUND_LINK_VOWELS) and known(right):
        stem = low[:-1]
        if is_known(low) or any(is_known(stem + e) for e in COMPOUND_ADJECTIVE_ENDINGS):
            return True
    return len(left) >= 3 and len(right) >= 3 and known(left) and known(right)


def join_line_breaks(nt: NormalizedText, *, prereform: bool = False) -> NormalizedText:
    """Step 3: remove ``hyphen + [spaces] + line break + [spaces]`` between letters, or keep just the hyphen.

    Joined: the removed characters are added to the span of the first letter after the break, so a token
    over the joined word maps to the full original «откочев-\\nка». Kept hyphen: the line break is added to
    the hyphen's span.
    """
    text = nt.text
    if not _BREAK_RE.search(text):
        return nt
    edits = []
    for m in _WORD_BREAK_RE.finditer(text):
        s, e = m.span(2)
        if keep_hyphen(m.group(1), m.group(3), prereform=prereform):
            edits.append(Edit(s, e, "-" if text[s] == "\u00ac" else text[s], ((s, e),)))
        else:
            edits.append(Edit(s, e + 1, text[e], ((s, e + 1),)))
    return apply_edits(nt, edits)
