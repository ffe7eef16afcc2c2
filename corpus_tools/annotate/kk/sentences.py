"""Rule-based sentence splitting for Kazakh over a token list.

A sentence ends after a token made of ``.``, ``!``, ``?``, ``…`` (possibly followed by closing quotes or
brackets) or after a sentence-final abbreviation (``т.б.``, ``т.с.с.``; :data:`.tokenizer_exceptions.SENTENCE_FINAL`)
when the next token starts with a capital letter, a digit, an opening quote or bracket or a dash. A blank line
always ends a sentence; a line break alone does not.
"""
from __future__ import annotations

import re

from .tokenizer_exceptions import SENTENCE_FINAL

__all__ = ["sentence_ids"]

TERMINAL_CHARS = frozenset(".!?…")
CLOSERS = frozenset({"»", "“", "”", "\"", "'", "’", ")", "]", "}"})
OPENERS = frozenset("«„“\"'‘([{")
DASHES = frozenset("—–―-")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n|\u2029")


def _is_terminal(tok: str) -> bool:
    return all(c in TERMINAL_CHARS for c in tok)


def _ends(tok: str) -> bool:
    return _is_terminal(tok) or tok.lower() in SENTENCE_FINAL


def _opens(tok: str) -> bool:
    c = tok[0]
    return c.isupper() or c.isdigit() or c in OPENERS or c in DASHES


def sentence_ids(text: str, tokens: list[str], starts: list[int], ends: list[int]) -> list[int]:
    """0-based sentence number of each token (``tokens[k] == text[starts[k]:ends[k]]``)."""
    blank_ends = [m.end() for m in _BLANK_LINE.finditer(text)]
    out = [0] * len(tokens)
    sent = 0
    pending = False
    b = 0
    for k, tok in enumerate(tokens):
        new_para = False
        while b < len(blank_ends) and blank_ends[b] <= starts[k]:
            b += 1
            new_para = k > 0
        if new_para:
            sent, pending = sent + 1, False
        elif pending:
            glued = starts[k] == ends[k - 1]
            if (tok in CLOSERS and (glued or tok not in OPENERS)) or _is_terminal(tok):
                pass
            elif _opens(tok):
                sent, pending = sent + 1, False
            else:
                pending = False
        out[k] = sent
        if not pending and _ends(tok):
            pending = True
    return out
