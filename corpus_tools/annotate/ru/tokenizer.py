"""The Russian tokenizer: spaCy's ``ru`` rules adapted to documents of the 1910s-1930s.

Changes against ``spacy.blank("ru").tokenizer``:

* a hyphen (``-``) between letters or digits joins: ``байско-кулацкой``, ``кто-нибудь``, ``1930-е``,
  ``1929-1931``; a dash (``—``, ``–``, ``--``) between letters splits; a spaced dash is a token of its own;
* party names with a bracketed letter (``ВКП(б)``) and slash abbreviations (``с/с``) stay whole (``token_match``);
* spaCy's special cases are switched off: they cost three quarters of the tokenizer's time (a phrase matcher
  runs over every document) and include words that end sentences (``им.``). Instead
  :func:`merge_abbreviations` joins the pieces of each abbreviation of :mod:`.abbreviations` after
  tokenization, wherever spaces or one line break fall inside it (``т. е.``, ``т.е.``, ``и т. д.``).
"""
from __future__ import annotations

import re

import numpy as np

from ..spacy_import import import_spacy

import_spacy()          # before any spaCy import: keeps thinc from loading torch (see spacy_import)

import spacy  # noqa: E402
from spacy.attrs import IDX, IS_SPACE, LENGTH  # noqa: E402
from spacy.lang.char_classes import (
    ALPHA,
    ALPHA_LOWER,
    ALPHA_UPPER,
    CONCAT_QUOTES,
    LIST_ELLIPSES,
    LIST_ICONS,
)
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_suffix_regex

from .abbreviations import ABBREVIATIONS, key

#: Pre-1918 letters missing from spaCy's letter classes (without them ``мѣстѣ.`` keeps its period).
PREREFORM_LETTERS = "ѣѢіІѳѲѵѴ"
_A = ALPHA + PREREFORM_LETTERS

# Infixes: spaCy's defaults minus the two rules that cut hyphens (letter-letter and digit-digit).
INFIXES: list[str] = [
    *LIST_ELLIPSES,
    *LIST_ICONS,
    r"(?<=[0-9])[+*^](?=[0-9])",
    rf"(?<=[{ALPHA_LOWER}{CONCAT_QUOTES}])\.(?=[{ALPHA_UPPER}{CONCAT_QUOTES}])",
    rf"(?<=[{_A}]),(?=[{_A}])",
    rf"(?<=[{_A}0-9])(?:—|–|―|-{{2,}}|~)(?=[{_A}])",
    rf"(?<=[{_A}0-9])[:<>=/](?=[{_A}])",
]

#: Suffixes: spaCy's defaults plus a period after a pre-1918 letter.
EXTRA_SUFFIXES: list[str] = [rf"(?<=[{PREREFORM_LETTERS}])\."]

#: Whole tokens never split: ВКП(б), РКП(б), КП(б)У; с/с, а/с, ж/д.
TOKEN_MATCH = re.compile(r"^(?:[А-ЯЁ]{1,6}\([а-яё]{1,2}\)[А-ЯЁ]{0,2}|[А-ЯЁа-яё]{1,2}/[А-ЯЁа-яё]{1,2})$")


#: Keys of the abbreviations merged after tokenization; all end with a period.
MERGE_KEYS: frozenset[str] = frozenset(key(a) for a, _, _ in ABBREVIATIONS if a.endswith("."))
#: Longest abbreviation (characters, spaces included) and most pieces looked back over.
MAX_CHARS = 24
MAX_PIECES = 8


def build_tokenizer() -> Tokenizer:
    """Return spaCy's Russian tokenizer with the era's hyphenation rules and without special cases."""
    nlp = spacy.blank("ru")
    tok = nlp.tokenizer
    tok.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, *EXTRA_SUFFIXES]).search
    tok.infix_finditer = compile_infix_regex(INFIXES).finditer
    tok.token_match = TOKEN_MATCH.match
    tok.rules = {}
    return tok


def token_spans(tokenizer: Tokenizer, text: str) -> tuple[list[int], list[int]]:
    """Character spans ``(starts, ends)`` of the non-whitespace tokens of ``text``, abbreviations merged."""
    doc = tokenizer(text)
    arr = doc.to_array([IDX, LENGTH, IS_SPACE]).astype(np.int64, copy=False)
    keep = arr[:, 2] == 0
    starts = arr[keep, 0]
    ends = starts + arr[keep, 1]
    return merge_abbreviations(text, starts.tolist(), ends.tolist())


def _longest_abbreviation(text: str, starts: list[int], ends: list[int]) -> int:
    """Index of the first piece of the longest abbreviation ending with the last token (or the last index)."""
    k = len(starts) - 1
    best = k
    end = ends[k]
    for j in range(k, max(0, k - MAX_PIECES + 1) - 1, -1):
        if end - starts[j] > MAX_CHARS:
            break
        if j < k and text.count("\n", ends[j], starts[j + 1]) > 1:
            break
        piece = text[starts[j]:end]
        if j < k and key(piece) in MERGE_KEYS:
            best = j
    return best


def merge_abbreviations(text: str, starts: list[int], ends: list[int]) -> tuple[list[int], list[int]]:
    """Join the tokens that together spell an abbreviation of the table (``т`` ``.`` ``е`` ``.`` → ``т. е.``).

    Only tokens ending in a period are tried; the longest abbreviation ending there wins (looking back over
    tokens already merged, so ``т.`` + ``е.`` becomes ``т. е.``); a one-letter capital with its period stays an
    initial (``Ф.``); the pieces may be separated by spaces or one line break, never by a blank line.
    """
    out_starts: list[int] = []
    out_ends: list[int] = []
    for s, e in zip(starts, ends):
        out_starts.append(s)
        out_ends.append(e)
        if text[e - 1] == ".":
            j = _longest_abbreviation(text, out_starts, out_ends)
            if j < len(out_starts) - 1:
                del out_starts[j + 1:]
                del out_ends[j:-1]
    return out_starts, out_ends
