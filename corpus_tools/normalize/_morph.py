"""Shared, cached pymorphy3 dictionary look-ups for the normalizers."""
from __future__ import annotations

from functools import lru_cache

__all__ = ["is_known"]


@lru_cache(maxsize=1)
def _analyzer():  # noqa: ANN202 - pymorphy3 type
    try:
        import pymorphy3
    except ImportError as exc:  # pragma: no cover - core dependency
        raise ImportError(
            "corpus_tools.normalize needs pymorphy3 and its Russian dictionary: "
            "pip install 'pymorphy3[fast]' pymorphy3-dicts-ru"
        ) from exc
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=262_144)
def is_known(word: str) -> bool:
    """True when pymorphy3's Russian dictionary has ``word`` (case-insensitive, ё-tolerant)."""
    return bool(word) and _analyzer().word_is_known(word.lower())
