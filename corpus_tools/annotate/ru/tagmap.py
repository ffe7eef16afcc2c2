"""OpenCorpora (pymorphy3) tags -> Universal Dependencies: one table for UPOS, one for features.

Data plus two small table-driven functions. See https://opencorpora.org/dict.php?act=gram and
https://universaldependencies.org/u/feat/ .
"""
from __future__ import annotations

#: OpenCorpora part of speech -> UPOS (before the lemma- and grammeme-based refinements below).
UPOS: dict[str, str] = {
    "NOUN": "NOUN",
    "ADJF": "ADJ",
    "ADJS": "ADJ",
    "COMP": "ADJ",
    "VERB": "VERB",
    "INFN": "VERB",
    "PRTF": "VERB",
    "PRTS": "VERB",
    "GRND": "VERB",
    "NUMR": "NUM",
    "ADVB": "ADV",
    "NPRO": "PRON",
    "PRED": "ADV",
    "PREP": "ADP",
    "CONJ": "CCONJ",
    "PRCL": "PART",
    "INTJ": "INTJ",
    "LATN": "X",
    "UNKN": "X",
    "ROMN": "NUM",
    "NUMB": "NUM",
    "PNCT": "PUNCT",
}

#: Grammemes that make a noun a proper noun.
PROPER: frozenset[str] = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})

#: Conjunctions (pymorphy3 CONJ) that are subordinating.
SCONJ_LEMMAS: frozenset[str] = frozenset({
    "что", "чтобы", "чтоб", "если", "ежели", "когда", "потому", "так как", "хотя", "хоть", "будто",
    "как", "пока", "раз", "ибо", "поскольку", "словно", "точно", "едва", "лишь", "чем", "дабы", "коли",
    "покамест", "нежели", "ли", "кабы", "оттого",
})

#: Lemmas that are auxiliaries whatever pymorphy3 says.
AUX_LEMMAS: frozenset[str] = frozenset({"быть"})

#: OpenCorpora grammeme -> (UD feature, value).
FEATS: dict[str, tuple[str, str]] = {
    # case
    "nomn": ("Case", "Nom"), "gent": ("Case", "Gen"), "datv": ("Case", "Dat"), "accs": ("Case", "Acc"),
    "ablt": ("Case", "Ins"), "loct": ("Case", "Loc"), "voct": ("Case", "Voc"), "gen1": ("Case", "Gen"),
    "gen2": ("Case", "Par"), "acc2": ("Case", "Acc"), "loc1": ("Case", "Loc"), "loc2": ("Case", "Loc"),
    # gender, number, animacy
    "masc": ("Gender", "Masc"), "femn": ("Gender", "Fem"), "neut": ("Gender", "Neut"),
    "sing": ("Number", "Sing"), "plur": ("Number", "Plur"),
    "anim": ("Animacy", "Anim"), "inan": ("Animacy", "Inan"),
    # verbs
    "perf": ("Aspect", "Perf"), "impf": ("Aspect", "Imp"),
    "past": ("Tense", "Past"), "pres": ("Tense", "Pres"), "futr": ("Tense", "Fut"),
    "1per": ("Person", "1"), "2per": ("Person", "2"), "3per": ("Person", "3"),
    "indc": ("Mood", "Ind"), "impr": ("Mood", "Imp"),
    "actv": ("Voice", "Act"), "pssv": ("Voice", "Pass"),
    "INFN": ("VerbForm", "Inf"), "PRTF": ("VerbForm", "Part"), "PRTS": ("VerbForm", "Part"),
    "GRND": ("VerbForm", "Conv"), "VERB": ("VerbForm", "Fin"),
    # adjectives
    "COMP": ("Degree", "Cmp"), "Supr": ("Degree", "Sup"),
    "ADJS": ("Variant", "Short"),
    # other
    "Abbr": ("Abbr", "Yes"),
}


def to_upos(pos: str | None, grammemes: frozenset[str], lemma: str) -> str:
    """UPOS of a pymorphy3 parse: the :data:`UPOS` table, refined for proper nouns, DET, AUX and SCONJ."""
    upos = UPOS.get(pos or "UNKN", "X")
    if upos == "NOUN" and grammemes & PROPER:
        return "PROPN"
    if pos == "ADJF" and "Apro" in grammemes:
        return "DET"
    if upos == "VERB" and lemma in AUX_LEMMAS:
        return "AUX"
    if upos == "CCONJ" and lemma in SCONJ_LEMMAS:
        return "SCONJ"
    return upos


def to_feats(grammemes: frozenset[str]) -> str:
    """UD ``feats`` string (``Case=Gen|Gender=Fem|Number=Sing``), features sorted by name, or ``""``."""
    pairs = {FEATS[g] for g in grammemes if g in FEATS}
    return "|".join(f"{k}={v}" for k, v in sorted(pairs))
