"""Rule-based sentence splitting over a token list.

A sentence ends after a token made of ``.``, ``!``, ``?``, ``…`` (``?!``, ``...``), possibly followed by closing
quotes or brackets, when the next token starts with a capital letter, a digit, an opening quote or bracket or a
dash. Tokens that keep their period (abbreviations, initials: ``тов.``, ``Ф.``) do not end a sentence, except
the few in :data:`.abbreviations.SENTENCE_FINAL` (``и т. д.``) and, after a number, ``г.``/``гг.``/``в.``/``вв.``
(``в апреле 1929 г.``) unless the sentence so far is a short date adverbial opening with a preposition
(``В 1929 г. Казкрайком ...``).
A blank line always ends a sentence; a line break alone does not (documents are hard-wrapped).
"""
from __future__ import annotations

import re

import numpy as np

from .abbreviations import SENTENCE_FINAL, SENTENCE_FINAL_AFTER_NUMBER, key

TERMINAL_CHARS = frozenset(".!?…")
CLOSERS = frozenset({"»", "“", "”", "\"", "'", "’", ")", "]", "}"})
OPENERS = frozenset("«„“\"'‘([{")
DASHES = frozenset("—–―-")
#: A date adverbial (``В 1929 г.``, ``С осени 1930 г.``) opens with one of these and is at most
#: :data:`SHORT_ADVERBIAL` tokens long.
ADVERBIAL_PREPOSITIONS = frozenset({"в", "во", "с", "со", "до", "к", "ко", "на", "после", "от", "за", "около"})
SHORT_ADVERBIAL = 5

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n|\u2029")
_NUMBER = re.compile(r"^(?:\d+(?:[-–.,/]\d+)*|[IVXLCDM]+)$")


_FINAL = frozenset(key(a) for a in SENTENCE_FINAL)
_FINAL_AFTER_NUMBER = frozenset(key(a) for a in SENTENCE_FINAL_AFTER_NUMBER)


def paragraph_starts(text: str, starts: list[int]) -> np.ndarray:
    """Boolean per token: a blank line lies between this token and the previous one."""
    flags = np.zeros(len(starts), dtype=bool)
    if len(starts) == 0:
        return flags
    ends_of_blank = [m.end() for m in _BLANK_LINE.finditer(text)]
    if ends_of_blank:
        idx = np.searchsorted(np.asarray(starts), np.asarray(ends_of_blank), side="left")
        idx = idx[idx < len(starts)]
        flags[idx] = True
    flags[0] = False
    return flags


def _is_terminal(tok: str) -> bool:
    return all(c in TERMINAL_CHARS for c in tok)


def _opens(tok: str) -> bool:
    c = tok[0]
    return c.isupper() or c.isdigit() or c in OPENERS or c in DASHES


def sentence_ids(text: str, tokens: list[str], starts: list[int], ends: list[int]) -> list[int]:
    """0-based sentence number of each token (``tokens[k] == text[starts[k]:ends[k]]``)."""
    para = paragraph_starts(text, starts).tolist()
    out = [0] * len(tokens)
    sent = 0
    in_sent = 0          # tokens so far in the current sentence
    first = ""           # its first token, folded
    pending = False      # a sentence-ending token was seen; waiting for closers and the next start
    for k, tok in enumerate(tokens):
        if k and para[k]:
            sent, in_sent, pending = sent + 1, 0, False
        elif pending:
            glued = starts[k] == ends[k - 1]
            if tok in CLOSERS and (glued or tok not in OPENERS):
                pass
            elif _is_terminal(tok):
                pass
            elif _opens(tok):
                sent, in_sent, pending = sent + 1, 0, False
            else:
                pending = False
        out[k] = sent
        if in_sent == 0:
            first = tok.lower()
        in_sent += 1
        adverbial = in_sent <= SHORT_ADVERBIAL and first in ADVERBIAL_PREPOSITIONS
        if not pending and _ends(tok, tokens[k - 1] if k else "", adverbial):
            pending = True
    return out


def _ends(tok: str, prev: str, adverbial: bool) -> bool:
    last = tok[-1]
    if last not in TERMINAL_CHARS:
        return False
    if _is_terminal(tok):
        return True
    if last != ".":
        return False
    k = key(tok)
    if k in _FINAL:
        return True
    return k in _FINAL_AFTER_NUMBER and not adverbial and _NUMBER.match(prev) is not None
