"""Minimal CoNLL-U reading for the lemma evaluation and the disambiguator's training script.

Only what those scripts need: the syntactic words of each sentence (multiword-token ranges and empty nodes are
skipped) with form, gold lemma, UPOS and features. Format: https://universaldependencies.org/format.html .
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, NamedTuple

__all__ = ["UDWord", "fold_lemma", "read_conllu"]


class UDWord(NamedTuple):
    form: str
    lemma: str
    upos: str
    feats: str


def fold_lemma(lemma: str) -> str:
    """Case- and ё-insensitive comparison key of a lemma (the evaluation convention of issue 6)."""
    return lemma.lower().replace("ё", "е")


def read_conllu(path: str | Path) -> Iterator[list[UDWord]]:
    """Sentences of a CoNLL-U file, each a list of :class:`UDWord` (integer-ID rows only)."""
    sent: list[UDWord] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if sent:
                    yield sent
                    sent = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 6 or not cols[0].isdigit():
                continue
            sent.append(UDWord(cols[1], cols[2], cols[3], "" if cols[5] == "_" else cols[5]))
    if sent:
        yield sent
