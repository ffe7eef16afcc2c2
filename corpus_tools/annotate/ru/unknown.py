"""Lemma guesses for words pymorphy3 does not know: Kazakh loanwords, Soviet compounds, foreign names.

pymorphy3 guesses an unknown word by analogy with known endings, which goes wrong for the vocabulary of
1920s-1930s Kazakhstan: «джайляу» (summer pasture, indeclinable) is read as a feminine first name, and a compound
such as «аулсовета» may lose its head. Four steps, tried in order (the word stays ``oov``):

1. :data:`KAZAKH_LOANS`: the declension of each loanword generates its forms (``аулы`` → *аул*);
2. the older reflexive ending *-ся* after a vowel (``катилася``, ``хотелося``, ``уношуся``, ``пастися``:
   poetry and pre-1918 prose, where today's spelling has *-сь*): the verbal readings of the *-сь* spelling, when
   pymorphy3 knows it;
3. :data:`SOVIET_PREFIXES`: a known clipped prefix plus a clipped head of :data:`SOVIET_HEADS` (``губкомы``
   = *губ* + *комы* → *губком*: the head *ком* is *комитет*, not *кома*) takes that head's lemma; else a
   prefix plus a word pymorphy3 knows (``аулсовета`` = *аул* + *совета* → *аулсовет*, ``казкрайкома`` →
   *казкрайком*) takes that word's common-noun readings with the prefix glued on (not proper ones:
   ``Профинтерна`` → *профинтерн*, not *профинтерна* from a first name *Интерна*);
4. a letter stretched for emphasis (``Даааа``, ``Спасиииибо``, ``Поздравляяяем``): a run of three or more
   equal letters squeezed to one, then to two; the first spelling pymorphy3 knows gives the readings;
5. otherwise pymorphy3's guesses stay, plus the form itself as a reading (UD keeps many unknown names as
   they are), for the context model to weigh.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .conventions import _VELAR_HUSH, Candidate, candidates, is_proper

__all__ = ["KAZAKH_LOANS", "PROPER_NAMES", "SOVIET_HEADS", "SOVIET_PREFIXES", "guess_unknown", "loan_forms"]

#: Masculine hard-stem noun endings (аул: аула, аулу, аулом, ауле, аулы, аулов, аулам, аулами, аулах).
_MASC_HARD = ("", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах")
#: Masculine -й nouns (бай: бая, баю, баем, бае, баи, баев, баям, баями, баях).
_MASC_J = ("й", "я", "ю", "ем", "е", "и", "ев", "ям", "ями", "ях")
#: Feminine -а nouns (кошма: кошмы, кошме, кошму, кошмой, кошм, кошмам, кошмами, кошмах).
_FEM_A = ("а", "ы", "е", "у", "ой", "", "ам", "ами", "ах")

#: Masculine surnames in -ин/-ов (Голощекин: Голощекина, Голощекину, Голощекиным, Голощекине, plural -ы -ых …).
_SURNAME = ("", "а", "у", "ым", "е", "ы", "ых", "ыми")

_UD_GENDER = {"masc": "Masc", "femn": "Fem", "neut": "Neut"}
_DECLENSIONS = {"masc": _MASC_HARD, "masc_j": _MASC_J, "fem_a": _FEM_A, "indecl": ("",), "surname": _SURNAME}

#: Kazakh (and Central Asian) loanwords of the period: (lemma, declension, gender grammeme).
KAZAKH_LOANS: tuple[tuple[str, str, str], ...] = (
    ("джайляу", "indecl", "neut"),
    ("жайляу", "indecl", "neut"),
    ("кыстау", "indecl", "neut"),
    ("кстау", "indecl", "neut"),
    ("шаруа", "indecl", "masc"),
    ("аул", "masc", "masc"),
    ("аулсовет", "masc", "masc"),
    ("бай", "masc_j", "masc"),
    ("бий", "masc_j", "masc"),
    ("батыр", "masc", "masc"),
    ("аксакал", "masc", "masc"),
    ("жатак", "masc", "masc"),
    ("кедей", "masc_j", "masc"),
    ("джигит", "masc", "masc"),
    ("акын", "masc", "masc"),
    ("курултай", "masc_j", "masc"),
    ("кошма", "fem_a", "femn"),
    ("токал", "masc", "masc"),
    ("асар", "masc", "masc"),
    ("зимовка", "fem_a", "femn"),
    # Added at stop 13. pymorphy3 does not know them and reads the oblique forms wrongly (*джатака*, *манапа*,
    # *барымт*, *толенгута*). Meanings as in Russian sources of the 1860s-1930s:
    ("джатак", "masc", "masc"),       # = жатак: a poor Kazakh who stayed settled on the winter grounds
    ("сарт", "masc", "masc"),         # settled Central Asian townsman (imperial term, out of use after the 1920s)
    ("манап", "masc", "masc"),        # Kyrgyz clan aristocrat (Kirghiz ASSR documents of the 1920s)
    ("толенгут", "masc", "masc"),     # retainer of a Kazakh sultan (Kazakh төлеңгіт)
    ("барымта", "fem_a", "femn"),     # cattle raiding to settle a claim (Kazakh барымта)
    ("чапан", "masc", "masc"),        # quilted robe
)

#: Clipped first parts of Soviet compounds (аулсовет, казкрайком, райисполком, колхозцентр, ...).
SOVIET_PREFIXES: tuple[str, ...] = (
    "аул", "каз", "кир", "узб", "рай", "край", "окр", "губ", "обл", "гор", "сель", "пром", "кол", "сов",
    "гос", "парт", "проф", "нар", "агит", "культ", "орг", "зем", "полит", "воен", "кооп", "хлеб", "торг",
    "снаб", "заг", "мест", "центр", "комс", "пол", "кон", "скот", "мясо", "рыб", "лес", "хоз",
    "вол",    # волостной: волисполком, волревком
)


#: Names of the period's places and people that pymorphy3 does not know (lemma, declension, gender): proper
#: nouns. Without them a model change can flip «Казакстану» between *казакстан* and the form itself, and the
#: term lexicon counts the lemma *казакстан*.
PROPER_NAMES: tuple[tuple[str, str, str], ...] = (
    ("казакстан", "masc", "masc"),       # the spelling of 1925-1936 (DOMAIN.md); Казахстан from 1936
    ("кирреспублика", "fem_a", "femn"),  # the Kirghiz (= Kazakh) ASSR, 1920-1925 (DOMAIN.md)
    ("синьцзян", "masc", "masc"),        # Xinjiang, China: a destination of the flight of 1930-1932
    ("кульджа", "fem_a", "femn"),        # Ghulja (Yining), Xinjiang
    ("чугучак", "masc", "masc"),         # Chuguchak (Tacheng), Xinjiang, near the Kazakh border
    ("джетысу", "indecl", "neut"),       # Zhetysu (Semirechye), the Kazakh name of the region
    ("голощекин", "surname", "masc"),    # F. I. Goloshchekin, first secretary of the Kazakh kraikom 1925-1933
)

_PROPER_LEMMAS = frozenset(lemma for lemma, _, _ in PROPER_NAMES)


#: Clipped heads of Soviet compounds that are no word of their own (or another word): head -> declension.
#: *ком* = *комитет* (губком, райком, партком, завком, местком, ревком); its plural is *-комы*, not *комья*.
SOVIET_HEADS: dict[str, str] = {"ком": "masc"}


@lru_cache(maxsize=1)
def _head_forms() -> dict[str, str]:
    """Form of a clipped head → the head (``комы`` → ``ком``), from :data:`SOVIET_HEADS`."""
    return {head + e: head for head, decl in SOVIET_HEADS.items() for e in _DECLENSIONS[decl]}


@lru_cache(maxsize=1)
def loan_forms() -> dict[str, tuple[str, str, str]]:
    """Form → (lemma, declension, gender) for every form generated from :data:`KAZAKH_LOANS` and
    :data:`PROPER_NAMES`."""
    out: dict[str, tuple[str, str, str]] = {}
    for lemma, decl, gender in KAZAKH_LOANS + PROPER_NAMES:
        ends = _DECLENSIONS[decl]
        stem = lemma[: len(lemma) - len(ends[0])] if ends[0] else lemma
        for e in ends:
            if e == "ы" and stem.endswith(_VELAR_HUSH):
                e = "и"                          # spelling rule: кошмы but кульджи, кирреспублики
            out.setdefault(stem + e, (lemma, decl, gender))
    return out


_RUN = re.compile(r"([^\W\d_])\1{2,}")
#: The reflexive ending ``-ся`` after a vowel (today ``-сь``): ``катилася``, ``осталося``, ``уношуся``.
_OLD_REFLEXIVE = re.compile(r"[аеиоуыэюя]ся$")
#: OpenCorpora parts of speech a ``-ся``/``-сь`` form can have (verbs, infinitives, gerunds).
_VERBAL = frozenset({"VERB", "INFN", "GRND"})


def _squeezed(word: str) -> list[str]:
    """``word`` with every run of 3+ equal letters cut to one letter, then to two (none if it has no run)."""
    if _RUN.search(word) is None:
        return []
    return [_RUN.sub(r"\1", word), _RUN.sub(r"\1\1", word)]


def guess_unknown(word: str, cands: list[Candidate], morph) -> list[Candidate] | None:
    """Better readings for an unknown ``word`` (normalized), or ``None`` to keep pymorphy3's guesses."""
    loan = loan_forms().get(word)
    if loan is not None:
        lemma, decl, gender = loan
        feats = "Gender=" + _UD_GENDER[gender]
        if lemma in _PROPER_LEMMAS:
            gram = frozenset({"NOUN", gender, "Surn" if decl == "surname" else "Geox"})
            return [Candidate(lemma, "PROPN", feats, "NOUN", gram, 0, 1.0, "loan")]
        gram = frozenset({"NOUN", "inan", gender} | ({"Fixd"} if decl == "indecl" else set()))
        return [Candidate(lemma, "NOUN", feats, "NOUN", gram, 0, 1.0, "loan")]
    if _OLD_REFLEXIVE.search(word):
        modern = word[:-2] + "сь"
        if morph.word_is_known(modern):
            verbal = [c for c in candidates(modern, morph.parse(modern)) if c.oc in _VERBAL]
            if verbal:
                return verbal
    for prefix in sorted(SOVIET_PREFIXES, key=len, reverse=True):
        if not word.startswith(prefix):
            continue
        rest = word[len(prefix):]
        clipped = _head_forms().get(rest)
        if clipped is not None:
            gram = frozenset({"NOUN", "inan", "masc"})
            return [Candidate(prefix + clipped, "NOUN", "Gender=Masc", "NOUN", gram, 0, 1.0, "compound")]
        if len(rest) >= 4 and morph.word_is_known(rest):
            head = [c for c in candidates(rest, morph.parse(rest))
                    if c.oc == "NOUN" and not c.rule and not is_proper(c)]
            if head:
                return [c._replace(lemma=prefix + c.lemma, rule="compound") for c in head]
    for squeezed in _squeezed(word):
        if morph.word_is_known(squeezed):
            return candidates(squeezed, morph.parse(squeezed))
    ident = Candidate(word, "PROPN" if any(c.upos == "PROPN" for c in cands) else "NOUN", "", "identity",
                      frozenset(), len(cands), 0.0, "identity")
    if any(c.lemma == word for c in cands):
        return None
    return list(cands) + [ident]
