"""Lemmas of a query word: every lemma pymorphy3 offers for it, so a plain word matches all its forms."""
from __future__ import annotations

from functools import lru_cache

from ..normalize import fold, norm_form


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=4096)
def query_lemmas(word: str) -> tuple[str, ...]:
    """All candidate lemmas (folded) of ``word`` in modern spelling."""
    norm = norm_form(word)
    if not any(ch.isalpha() for ch in norm):
        return (norm,)
    return tuple(sorted({fold(p.normal_form) for p in _morph().parse(norm)}))
