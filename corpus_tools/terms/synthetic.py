"""Planted meaning change for testing the tracker on real text (issue 4, "synthetic-shift test").

A pseudo-word replaces a chosen word in the earlier documents and a different word in the later ones
(``replace``), or one word earlier and that word *plus* a second one later (``merge``). Control pseudo-words
replace the same word in every period (no change). The tracker should rank the planted pseudo-word's change
above the controls'.

Real text also changes between periods, so a control can differ between them more than a small planted change
does; :func:`shuffle_years` gives the stricter control of Dubossarsky et al. (2017): years permuted among the
documents, so that the only systematic difference between the periods is the planted one.

References
----------
Dubossarsky, H., Weinshall, D. & Grossman, E. (2017). Outta control: Laws of semantic change and inherent biases
in word representation models. *EMNLP 2017*, 1136–1145 (shuffled-corpus control).
Schlechtweg, D. & Schulte im Walde, S. (2020). Simulating lexical semantic change from sense-annotated data.
*EvoLang XIII* (pseudo-word simulation of change; the idea goes back to Rosenfeld & Erk 2018 and Shoemark et al.
2019).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Plant", "plant_documents", "shuffle_years"]


@dataclass(frozen=True)
class Plant:
    """One pseudo-word: the word stems it replaces before ``split_year`` and from ``split_year`` on.

    Stems match word-initially and take any Cyrillic ending (``крестьян`` → крестьянин, крестьянам …).
    A control has ``early == late``.
    """

    pseudo: str
    early: tuple[str, ...]
    late: tuple[str, ...]

    @property
    def planted(self) -> bool:
        return set(self.early) != set(self.late)


def _pattern(stems: Iterable[str]) -> re.Pattern:
    alts = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})[а-яё]*(?![\w-])", re.IGNORECASE)


def plant_documents(docs: Sequence[dict], plants: Sequence[Plant], *, split_year: int) -> tuple[list[dict], dict]:
    """Copies of ``docs`` (dicts with ``year`` and ``text``) with the pseudo-words planted.

    Returns ``(docs, counts)`` with ``counts[pseudo] = {"early": n, "late": n}`` replacements made.
    """
    counts = {p.pseudo: {"early": 0, "late": 0} for p in plants}
    early = [(p, _pattern(p.early)) for p in plants]
    late = [(p, _pattern(p.late)) for p in plants]
    out = []
    for d in docs:
        is_late = int(d["year"]) >= split_year
        text = d["text"]
        for p, rx in (late if is_late else early):
            text, n = rx.subn(p.pseudo, text)
            counts[p.pseudo]["late" if is_late else "early"] += n
        out.append({**d, "text": text})
    return out, counts


def shuffle_years(docs: Sequence[dict], *, seed: int = 0) -> list[dict]:
    """Copies of ``docs`` with their ``year`` values permuted at random (the period sizes in documents stay).

    Periods of a shuffled corpus differ only by chance, so a control pseudo-word is unchanged in expectation
    (Dubossarsky et al. 2017); plant after shuffling.
    """
    import random

    years = [d["year"] for d in docs]
    random.Random(seed).shuffle(years)
    return [{**d, "year": y} for d, y in zip(docs, years)]
