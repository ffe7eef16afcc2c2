"""Lemmas of unknown names and acronyms, decided on the tokens as written (after the context model).

* **Acronyms**: an unknown word of 2–4 capital letters («КУТВ», «РККА», «КВЖД») keeps its form as lemma;
  pymorphy3 declines it by its last letters (*кутво*, *ркк*, *квжда*). A declined acronym, capitals and a
  lower-case noun ending («ТОЗы», «ТОЗов», «ПУРом»), takes its capitals as lemma (*тоз*), where the context
  model sometimes kept the form. UD dev: of the 22 such words the
  pipeline does not know, 21 have the form as gold lemma and one has ``_`` (``ЗП`` → *зарплата* comes from the
  abbreviation table, so it is not unknown).
* **One name, one lemma within a document**: an unknown surname in an oblique case takes its nominative's lemma.

pymorphy3 does not know most foreign and Soviet-era surnames and guesses them from the ending, so
«Фрумкина» (genitive of *Фрумкин*) reads as a woman's name *Фрумкина* and «Клаузевица» as *клаузевица*. A
document that names a person usually does so more than once, and often in the nominative too. So when a
capitalised unknown token is a known case ending (:data:`CASE_ENDINGS`) away from another capitalised unknown
token of the *same document* whose lemma is its own form («Фрумкин»), it takes that token's lemma and part of
speech. The rule looks at one document only, so a document's annotation does not depend on the rest of the
corpus (``--workers`` and ``build --append`` give the same rows).
"""
from __future__ import annotations

import re
from itertools import compress

__all__ = ["CASE_ENDINGS", "keep_acronyms", "share_name_lemmas"]

#: Endings of a masculine name in the oblique cases (*-а -у -ом -е*; *-ым* of *-ов*/*-ин* surnames; *-ем* after
#: a soft or hushing stem), longest first.
CASE_ENDINGS: tuple[str, ...] = ("ом", "ым", "ем", "а", "у", "е")
#: Shortest stem the rule accepts (``Гед`` + ``а``).
MIN_STEM = 3
#: An acronym as written: 2-4 capital Cyrillic letters (5 and more are mostly words set in capitals).
_ACRONYM = re.compile("[А-ЯЁ]{2,4}")
#: A declined acronym: capitals and a lower-case noun ending (``ТОЗы``, ``ТОЗов``, ``ВЦИКа``, ``НКПСу``).
_DECLINED_ACRONYM = re.compile("([А-ЯЁ]{2,})(?:а|у|ом|е|ы|ов|ам|ами|ах)")


def keep_acronyms(toks: list[str], cols: dict[str, list]) -> None:
    """Give every unknown acronym of the document its own form as lemma (``КУТВ`` → *кутв*), and a declined one
    its capitals (``ТОЗов`` → *тоз*), in place."""
    oov, norms, lemmas = cols["oov"], cols["norm"], cols["lemma"]
    for k in compress(range(len(toks)), oov):
        tok = toks[k]
        if _ACRONYM.fullmatch(tok):
            lemmas[k] = norms[k]
        else:
            m = _DECLINED_ACRONYM.fullmatch(tok)
            if m:
                lemmas[k] = m.group(1).lower()


def share_name_lemmas(toks: list[str], cols: dict[str, list]) -> None:
    """Give oblique forms of a document's unknown names the lemma of their nominative, in place.

    ``toks`` are the tokens as written; ``cols`` holds ``norm``, ``lemma``, ``pos``, ``feats`` and ``oov``.
    A changed token keeps ``oov`` and gets empty ``feats`` (its case is not known).
    """
    oov, norms, lemmas = cols["oov"], cols["norm"], cols["lemma"]
    names: dict[str, int] = {}          # norm -> first capitalised unknown token with that norm as its lemma
    caps = [k for k in compress(range(len(toks)), oov) if toks[k][:1].isupper()]     # unknown tokens only
    for k in caps:
        if lemmas[k] == norms[k]:
            names.setdefault(norms[k], k)
    if len(caps) < 2 or not names:
        return
    for k in caps:
        norm = norms[k]
        for ending in CASE_ENDINGS:
            if norm.endswith(ending) and len(norm) - len(ending) >= MIN_STEM:
                j = names.get(norm[: -len(ending)])
                if j is not None and lemmas[k] != lemmas[j]:
                    lemmas[k], cols["pos"][k], cols["feats"][k] = lemmas[j], cols["pos"][j], ""
                break
