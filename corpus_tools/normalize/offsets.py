"""Normalized text with a character-level offset map back to the original.

Every normalization step is expressed as a list of :class:`Edit` objects on the current text; applying them
composes the step's map with the maps of the earlier steps, so the final :class:`NormalizedText` always points
into the *original* text.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Sequence

import numpy as np

__all__ = ["Edit", "NormalizedText", "apply_edits", "identity", "replace_same_length"]


def _readonly(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


@dataclass(frozen=True)
class NormalizedText:
    """Normalized text plus, for each of its characters, the span of the original it came from.

    Attributes
    ----------
    text : str
        The normalized text (what the tokenizer sees).
    starts, ends : numpy.ndarray
        ``int64`` arrays of length ``len(text)``: normalized character ``i`` came from
        ``original[starts[i]:ends[i]]``. Both arrays are non-decreasing and ``starts[i] < ends[i]``.
    original_length : int
        Length of the original text.
    prereform : bool, default False
        True when the document shows pre-1918 spelling (see :func:`has_prereform`).
    """

    text: str
    starts: np.ndarray
    ends: np.ndarray
    original_length: int
    prereform: bool = False

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalized span ``[start, end)`` (``end > start``) to a span of the original text."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(
                f"normalized span [{start}, {end}) is empty or outside the text (length {len(self.text)})"
            )
        return int(self.starts[start]), int(self.ends[end - 1])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalizedText):
            return NotImplemented
        return (
            self.text == other.text
            and self.original_length == other.original_length
            and self.prereform == other.prereform
            and np.array_equal(self.starts, other.starts)
            and np.array_equal(self.ends, other.ends)
        )

    __hash__ = None  # type: ignore[assignment]  # holds numpy arrays


class Edit(NamedTuple):
    """Replace ``text[start:end]`` by ``repl``; ``repl[j]`` comes from current-text span ``spans[j]``.

    Spans are ``(lo, hi)`` index pairs into the *current* text (``lo < hi``); characters of ``[start, end)``
    not covered by any span are dropped together with their original positions, so callers that delete
    characters include them in a neighbour's span to keep the original covered.
    """

    start: int
    end: int
    repl: str
    spans: tuple[tuple[int, int], ...]


def identity(text: str, *, prereform: bool = False) -> NormalizedText:
    """The identity map: every character maps to itself."""
    idx = np.arange(len(text), dtype=np.int64)
    return NormalizedText(text, _readonly(idx), _readonly(idx + 1), len(text), prereform)


def apply_edits(nt: NormalizedText, edits: Sequence[Edit]) -> NormalizedText:
    """Apply sorted, non-overlapping edits to ``nt`` and compose the offset maps.

    The index arithmetic is vectorized (one ``searchsorted`` and two gathers), so a step costs a few passes
    over the text in numpy however many edits it makes.
    """
    if not edits:
        return nt
    text = nt.text
    m = len(edits)
    # One pass in Python to gather the edits; everything after is numpy. Edits may be plain 4-tuples.
    starts_l: list[int] = []
    ends_l: list[int] = []
    nrep_l: list[int] = []
    flat_spans: list[int] = []
    pieces: list[str] = []
    pos = 0
    for start, end, repl, spans_ in edits:
        if start < pos or end < start or len(spans_) != len(repl):
            raise ValueError(f"bad edit at {start}: edits must be sorted, non-overlapping, one span per char")
        starts_l.append(start)
        ends_l.append(end)
        nrep_l.append(len(repl))
        for span in spans_:
            flat_spans += span
        pieces += (text[pos:start], repl)
        pos = end
    if pos > len(text):
        raise ValueError("edit beyond the end of the text")
    pieces.append(text[pos:])
    e_start = np.array(starts_l, dtype=np.int64)
    e_end = np.array(ends_l, dtype=np.int64)
    n_repl = np.array(nrep_l, dtype=np.int64)
    spans = np.array(flat_spans, dtype=np.int64).reshape(-1, 2)
    cum_delta = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(n_repl - (e_end - e_start), out=cum_delta[1:])

    # Characters outside every edit keep their map and shift by the size change of the edits before them.
    inside = np.zeros(len(text) + 1, dtype=np.int64)
    np.add.at(inside, e_start, 1)
    np.add.at(inside, e_end, -1)
    kept = np.flatnonzero(np.cumsum(inside[:-1]) == 0)
    kept_out = kept + cum_delta[np.searchsorted(e_end, kept, side="right")]

    # Replacement characters take the span of the current characters they came from.
    edit_of_char = np.repeat(np.arange(m), n_repl)
    first_char = np.repeat(np.cumsum(n_repl) - n_repl, n_repl)
    repl_out = e_start[edit_of_char] + cum_delta[edit_of_char] + (np.arange(len(spans)) - first_char)

    n_out = len(text) + int(cum_delta[-1])
    lo = np.empty(n_out, dtype=np.int64)
    hi = np.empty(n_out, dtype=np.int64)
    lo[kept_out] = kept
    hi[kept_out] = kept
    lo[repl_out] = spans[:, 0]
    hi[repl_out] = spans[:, 1] - 1

    new_text = "".join(pieces)
    starts = nt.starts[lo]
    ends = nt.ends[hi]
    return NormalizedText(new_text, _readonly(starts), _readonly(ends), nt.original_length, nt.prereform)


def replace_same_length(nt: NormalizedText, text: str) -> NormalizedText:
    """Swap in a text of the same length whose characters map 1:1 to the current ones."""
    if len(text) != len(nt.text):
        raise ValueError("replace_same_length needs a text of the same length")
    return NormalizedText(text, nt.starts, nt.ends, nt.original_length, nt.prereform)
