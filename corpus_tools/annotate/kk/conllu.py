"""Read CoNLL-U files (the UD Kazakh treebank) into sentences of syntactic words.

Multi-word token lines (``4-5``) and empty nodes (``8.1``) are skipped: lemmas and UPOS belong to the
syntactic words, which is how the treebank is scored.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

__all__ = ["UDWord", "read_conllu", "read_treebank"]


@dataclass(frozen=True)
class UDWord:
    """One syntactic word of a CoNLL-U sentence."""

    form: str
    lemma: str
    upos: str
    feats: str
    space_after: bool = True


def _parse(block: list[str]) -> list[UDWord]:
    words: list[UDWord] = []
    for line in block:
        cols = line.split("\t")
        if len(cols) != 10 or not cols[0].isdigit():
            continue
        feats = "" if cols[5] == "_" else cols[5]
        words.append(UDWord(cols[1], cols[2], cols[3], feats, "SpaceAfter=No" not in cols[9]))
    return words


def read_conllu(path: str | Path) -> Iterator[list[UDWord]]:
    """Yield the sentences of one CoNLL-U file as lists of :class:`UDWord`."""
    block: list[str] = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line:
                if block:
                    words = _parse(block)
                    if words:
                        yield words
                block = []
            elif not line.startswith("#"):
                block.append(line)
    if block:
        words = _parse(block)
        if words:
            yield words


def read_treebank(paths: Iterable[str | Path]) -> list[list[UDWord]]:
    """All sentences of several CoNLL-U files, in file order (``paths`` sorted by the caller)."""
    return [s for p in paths for s in read_conllu(p)]
