"""Unicode steps of :func:`normalize_text`: invisible-character removal and NFC, both with offset maps."""
from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from functools import lru_cache

import numpy as np

from .offsets import Edit, NormalizedText, apply_edits

__all__ = ["INVISIBLE_CHARS", "compose_nfc", "remove_invisibles"]

log = logging.getLogger(__name__)

#: Characters dropped from the normalized text (they never carry meaning in our documents).
INVISIBLE_CHARS: dict[str, str] = {
    "\u00ad": "soft hyphen",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space / stray byte-order mark",
}

_INVISIBLE_RE = re.compile("[" + "".join(INVISIBLE_CHARS) + "]+")

# Code points that can take part in an NFC change: combining marks (and Hangul vowel/trailing jamo, which
# compose with the preceding syllable) and characters that are not NFC on their own (singletons such as
# U+212B ANGSTROM SIGN, composition exclusions). Everything else is a safe segment boundary.
_SCAN_RANGES = (range(0x0300, 0x20000), range(0x2F800, 0x2FA20), range(0xE0100, 0xE01F0))
_HANGUL_JAMO_VT = (range(0x1161, 0x1176), range(0x11A8, 0x11C3))


@lru_cache(maxsize=1)
def _nfc_sensitive() -> tuple[np.ndarray, np.ndarray]:
    """Lookup tables over all code points: (combining mark or V/T jamo, NFC-unstable on its own).

    Built lazily (about 0.1 s, once per process) because most texts are already NFC.
    """
    marks = np.zeros(0x110000, dtype=bool)
    unstable = np.zeros(0x110000, dtype=bool)
    for cp in itertools.chain(*_SCAN_RANGES):
        ch = chr(cp)
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Mc", "Me"):
            marks[cp] = True
        elif not unicodedata.is_normalized("NFC", ch):
            unstable[cp] = True
    for r in _HANGUL_JAMO_VT:
        marks[r.start:r.stop] = True
    return marks, unstable


def _nfc_clusters(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Start and end indices of the pieces NFC may change: ``base + marks`` and lone unstable characters."""
    marks, unstable = _nfc_sensitive()
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    is_mark = marks[cps]
    pos = np.flatnonzero(is_mark | unstable[cps])
    starts = pos - (is_mark[pos] & (pos > 0))  # a mark takes the character before it along
    ends = pos + 1
    if len(pos) == 0:
        return starts, ends
    first = np.flatnonzero(np.r_[True, starts[1:] >= ends[:-1]])  # overlapping pieces merge
    last = np.r_[first[1:] - 1, len(pos) - 1]
    return starts[first], ends[last]


def remove_invisibles(nt: NormalizedText) -> NormalizedText:
    """Step 1: drop soft hyphens, zero-width characters and stray BOMs.

    A removed run is added to the span of the character after it (or, at the end of the text, of the
    character before it), so a token over ``при\\u00adмер`` maps to the whole original ``при\\u00adмер``.
    """
    text = nt.text
    n = len(text)
    edits = []
    for m in _INVISIBLE_RE.finditer(text):
        s, e = m.span()
        if e < n:
            edits.append(Edit(s, e + 1, text[e], ((s, e + 1),)))
        elif s > 0:
            if edits and edits[-1].end > s - 1:  # previous edit already owns text[s-1]
                prev = edits.pop()
                edits.append(Edit(prev.start, e, prev.repl, prev.spans[:-1] + ((prev.spans[-1][0], e),)))
            else:
                edits.append(Edit(s - 1, e, text[s - 1], ((s - 1, e),)))
        else:
            edits.append(Edit(s, e, "", ()))
    return apply_edits(nt, edits)


def compose_nfc(nt: NormalizedText) -> NormalizedText:
    """Step 2: Unicode NFC.

    A composed character maps to the whole span of its source characters. When a cluster of ``m``
    characters becomes ``k > 1`` characters (marks that have no precomposed form, canonical reordering),
    the first output character takes the first ``m - k + 1`` source characters and each further one a
    single source character; when NFC expands a cluster (``k > m``), every output character maps to the
    whole cluster.
    """
    text = nt.text
    if unicodedata.is_normalized("NFC", text):
        return nt
    edits = []
    for s, e in zip(*(a.tolist() for a in _nfc_clusters(text))):
        seg = text[s:e]
        out = unicodedata.normalize("NFC", seg)
        if out == seg:
            continue
        k, n = len(out), e - s
        if k == 1:
            spans: tuple[tuple[int, int], ...] = ((s, e),)
        elif k <= n:
            spans = ((s, s + n - k + 1),) + tuple((s + n - k + j, s + n - k + j + 1) for j in range(1, k))
        else:
            spans = ((s, e),) * k
        edits.append(Edit(s, e, out, spans))
    result = apply_edits(nt, edits)
    if result.text != unicodedata.normalize("NFC", text):  # pragma: no cover - defensive, not expected
        log.warning("NFC by clusters disagrees with full NFC; leaving the text un-normalized")
        return nt
    return result
