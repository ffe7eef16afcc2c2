"""Token spans from the Kazakh spaCy tokenizer (:class:`.language.Kazakh`)."""
from __future__ import annotations

import numpy as np
from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.tokenizer import Tokenizer

__all__ = ["build_tokenizer", "token_spans"]


def build_tokenizer() -> Tokenizer:
    """The tokenizer of ``spacy.blank("kk")``."""
    from .language import Kazakh

    return Kazakh().tokenizer


def token_spans(tokenizer: Tokenizer, text: str) -> tuple[list[int], list[int]]:
    """Character spans ``(starts, ends)`` of the non-whitespace tokens of ``text``."""
    doc = tokenizer(text)
    if len(doc) == 0:
        return [], []
    arr = doc.to_array([IDX, LENGTH, IS_SPACE]).astype(np.int64, copy=False)
    keep = arr[:, 2] == 0
    starts = arr[keep, 0]
    ends = starts + arr[keep, 1]
    return starts.tolist(), ends.tolist()
