"""UD lemma conventions on top of pymorphy3 (OpenCorpora) normal forms: candidate lemmas for one word type.

OpenCorpora and the Russian UD treebanks lemmatize some words differently. Each difference below was counted
on the UD dev files (GSD, Taiga, Poetry; never the test files) with ``scripts/eval_lemmas.py --conventions``;
the counts are in ``docs/lemmas.md``. Two kinds of rule, one table each:

* **rewrite** (:data:`REWRITES`): the OpenCorpora lemma is never the UD one, so it is replaced (``должна``:
  *должный* → *должен*; ``счастья``: *счастие* → *счастье*);
* **alternative** (:data:`ALTERNATIVES`): both lemmas occur in UD depending on the reading, so the UD one is
  *added* as a further candidate and the context model (:mod:`.disambiguate`) chooses (``его``: *он* PRON or
  *его* DET; ``тем``: *тот* DET or *то* PRON; ``чаще``: *частый* ADJ or *часто* ADV).

Participles keep pymorphy3's infinitive lemma (UD does the same for VerbForm=Part in all three treebanks:
517 of 517 dev tokens); when UD tags the word ADJ or NOUN its lemma is the participle's own nominative, offered
as an alternative.
"""
from __future__ import annotations

import re
from typing import Callable, NamedTuple

from .tagmap import PROPER, to_feats, to_upos

__all__ = ["ABBREVIATION_SEQUENCES", "ALTERNATIVES", "DOMAIN_LEMMAS", "FORM_LEMMAS", "REWRITES", "TRIGGERS", "YEAR_ABBREVIATIONS", "Candidate",
           "candidates", "fold", "is_proper", "sequence_lemmas"]


class Candidate(NamedTuple):
    """One reading of a word type: the UD-convention lemma plus what the context model scores it by."""

    lemma: str               #: folded (lower case, ё → е)
    upos: str
    feats: str
    oc: str                  #: OpenCorpora part of speech of the parse, or the rule's name for added readings
    gram: frozenset          #: OpenCorpora grammemes of the parse
    rank: int                #: position of the parse in pymorphy3's list
    score: float             #: pymorphy3's score
    rule: str = ""           #: name of the convention rule that made or changed this reading


def fold(s: str) -> str:
    return s.lower().replace("ё", "е")


#: Word forms whose UD lemma is the form itself whatever pymorphy3 says (counts: dev files, ADP/SCONJ).
#: Forms whose readings include a rare word and a word of the domain: only the domain's readings are kept
#: (form -> lemma). «юрт» is the genitive plural of *юрта* (households were counted in yurts: «40 юрт»); the
#: masculine *юрт* (a Siberian Tatar settlement) does not occur in documents on Kazakhstan.
DOMAIN_LEMMAS: dict[str, str] = {"юрт": "юрта"}
FORM_LEMMAS: dict[str, tuple[str, str]] = {
    "во": ("во", "ADP"),        # 53 of 53 ADP
    "со": ("со", "ADP"),        # 22 of 22
    "ко": ("ко", "ADP"),        # 7 of 7
    "обо": ("обо", "ADP"),
    "передо": ("передо", "ADP"),  # 2 of 2
    "предо": ("предо", "ADP"),
    "подо": ("подо", "ADP"),
    "изо": ("изо", "ADP"),
    "ото": ("ото", "ADP"),
    "надо": ("надо", "ADV"),    # 19 of 20 (the ADP reading keeps the same lemma)
}

_ADJ_ENDING = re.compile(r"(ыми|ими|ого|его|ому|ему|ая|яя|ое|ее|ую|юю|ой|ей|ые|ие|ых|их|ым|им|ом|ем|ый|ий)$")
_VELAR_HUSH = tuple("гкхжшчщ")


def _adj_lemma_from_form(word: str) -> str | None:
    """Masculine nominative singular from an adjective form by its ending (``лучших`` → ``лучший``)."""
    m = _ADJ_ENDING.search(word)
    if m is None or m.start() == 0:
        return None
    stem, ending = word[: m.start()], m.group(1)
    soft = ending[0] in "иеяю" or stem.endswith(_VELAR_HUSH)
    return stem + ("ий" if soft else "ый")


#: Paradigms of the dictionary, para id -> ((prefix, tag, suffix), ...); built on first use.
_PARADIGMS: dict[int, tuple] = {}
#: Form chosen by :func:`_inflect_word`, (para id, index of the parse, grammemes) -> paradigm index or -1.
_CHOICES: dict[tuple[int, int, frozenset], int] = {}
_CHOICE_CACHE_SIZE = 500_000


def _choose_form(para: tuple, idx: int, grammemes: frozenset, tag_cls) -> int:
    """Index in ``para`` of the form pymorphy3's ``inflect`` picks (``MorphAnalyzer._inflect``), or -1.

    The forms whose tag has all ``grammemes`` (or, if none, the rare-case-fixed grammemes); among them the
    first most similar to the parse's tag updated with ``grammemes``.
    """
    gset = set(grammemes)
    possible = [j for j, (_, t, _) in enumerate(para) if gset <= t.grammemes]
    if not possible:
        gset = tag_cls.fix_rare_cases(gset)
        possible = [j for j, (_, t, _) in enumerate(para) if gset <= t.grammemes]
    if not possible:
        return -1
    target = para[idx][1].updated_grammemes(gset)
    return max(possible, key=lambda j: len(target & para[j][1].grammemes) - 0.1 * len(target ^ para[j][1].grammemes))


def _inflect_word(parse, grammemes: set[str]) -> str | None:
    """``parse.inflect(grammemes)`` (folded); for a dictionary word computed from its paradigm, cached.

    A dictionary parse is (word, paradigm id, form index): its forms are prefix + stem + suffix of the paradigm's
    rows, so the chosen row depends only on (paradigm id, form index, ``grammemes``) and is cached by that.
    """
    stack = parse.methods_stack
    try:
        if len(stack) != 1 or len(stack[0]) != 4 or type(stack[0][0]).__name__ != "DictionaryAnalyzer":
            out = parse.inflect(grammemes)
            return None if out is None else fold(out.word)
        unit, fixed, para_id, idx = stack[0]
        para = _PARADIGMS.get(para_id)
        if para is None:
            para = _PARADIGMS[para_id] = tuple(unit.dict.build_paradigm_info(para_id))
        ck = (para_id, idx, frozenset(grammemes))
        j = _CHOICES.get(ck)
        if j is None:
            if len(_CHOICES) >= _CHOICE_CACHE_SIZE:
                _CHOICES.clear()
            j = _CHOICES[ck] = _choose_form(para, idx, ck[2], type(parse.tag))
    except (ValueError, KeyError):
        return None
    if j < 0:
        return None
    prefix, _, suffix = para[idx]
    stem = fixed[len(prefix): len(fixed) - len(suffix)] if suffix else fixed[len(prefix):]
    return fold(para[j][0] + stem + para[j][2])


# --- rewrites: (name, test on the parse, new lemma) ---------------------------------------------------------

def _dolzhen(word: str, parse, lemma: str) -> str | None:
    return "должен" if lemma == "должный" and parse.tag.POS == "ADJS" else None


_IE = re.compile(r"ие$")


def _ie_to_ye(word: str, parse, lemma: str) -> str | None:
    """``счастья`` (*счастие*) → *счастье*: the form spells the stem with ь, so the lemma does too."""
    if parse.tag.POS == "NOUN" and _IE.search(lemma):
        stem = lemma[:-2]
        if word.startswith(stem + "ь") and not word.startswith(stem + "и"):
            return stem + "ье"
    return None


def _superlative(word: str, parse, lemma: str) -> str | None:
    """``лучших`` (*хороший*, Supr) → *лучший*, ``важнейших`` (*важный*) → *важнейший*: UD keeps the
    superlative form's own stem (dev: 13 of 13 ``-ейш-/-айш-`` adjectives in the three treebanks)."""
    if "Supr" in parse.tag.grammemes and parse.tag.POS == "ADJF":
        own = _adj_lemma_from_form(word)
        if own and own != lemma:
            return own
    return None


#: Plural-only nouns that OpenCorpora lemmatizes to a singular (dev, Taiga: *деньги* 5 of 5).
PLURALIA_TANTUM: dict[str, str] = {"деньга": "деньги"}


def _plurale_tantum(word: str, parse, lemma: str) -> str | None:
    """``денег`` (*деньга*) → *деньги* when the parse is plural."""
    new = PLURALIA_TANTUM.get(lemma)
    return new if new and "plur" in parse.tag.grammemes else None


def _feminine_name(word: str, parse, lemma: str) -> str | None:
    """``Алексеевна`` (*алексеевич*), ``Ерёмина`` (*ерёмин*) → the feminine nominative, as UD lemmatizes them."""
    g = parse.tag.grammemes
    if "femn" in g and ("Patr" in g or "Surn" in g) and "masc" not in g:
        return _inflect_word(parse, {"nomn", "sing", "femn"})
    return None


def _patronymic(word: str, parse, lemma: str) -> str | None:
    """``Васильевича`` (*василиевич*), ``Никитичем`` (*никитович*) → the nominative of the form's own spelling
    (*васильевич*, *никитич*), as UD lemmatizes masculine patronymics (dev: *Григорьевич*, *Юрьевич*,
    *Никитиче*)."""
    g = parse.tag.grammemes
    if "Patr" in g and "masc" in g:
        own = _inflect_word(parse, {"nomn", "sing", "masc"})
        return own if own and own != lemma else None
    return None


#: (name, function(word, parse, lemma) -> new lemma or None, example form, expected lemma)
REWRITES: tuple[tuple[str, Callable, str, str], ...] = (
    ("dolzhen", _dolzhen, "должна", "должен"),
    ("ie_ye", _ie_to_ye, "счастья", "счастье"),
    ("superlative", _superlative, "лучших", "лучший"),
    ("feminine_name", _feminine_name, "алексеевна", "алексеевна"),
    ("patronymic", _patronymic, "васильевича", "васильевич"),
    ("plurale_tantum", _plurale_tantum, "денег", "деньги"),
)


# --- alternatives: (name, function(word, parse, lemma) -> [(lemma, upos, feats)], example, expected lemma) ---

_POSSESSIVE = {"он": "его", "оно": "его", "она": "ее", "они": "их"}


def _possessive(word: str, parse, lemma: str) -> list[tuple[str, str, str]]:
    if parse.tag.POS == "NPRO" and lemma in _POSSESSIVE and word in ("его", "ее", "их"):
        return [(_POSSESSIVE[lemma], "DET", "Poss=Yes")]
    return []


_TO_FORMS = frozenset({"того", "тому", "тем", "том", "то"})
_VSE_FORMS = frozenset({"всего", "всему", "всем", "всех", "все", "всё"})


def _pronoun_to(word: str, parse, lemma: str) -> list[tuple[str, str, str]]:
    """``того/тем/том`` of *тот* used as a noun: UD lemma *то* (PRON); ``всех`` → *все* likewise."""
    if parse.tag.POS != "ADJF":
        return []
    feats = to_feats(parse.tag.grammemes)
    if lemma == "тот" and word in _TO_FORMS:
        return [("то", "PRON", feats)]
    if lemma == "весь" and word in _VSE_FORMS:
        return [("все", "PRON", feats)]
    return []


#: Adverbs of suppletive adjectives (``лучше`` ADV: *хорошо*; dev, Taiga: 4 of 4).
SUPPLETIVE_ADVERBS: dict[str, str] = {"хороший": "хорошо", "плохой": "плохо"}


def _analyzer():
    from .morph import get_morph  # late: morph imports this module

    return get_morph()


def _adverb_of(adj: str) -> str | None:
    """The ``-о``/``-е`` adverb of an adjective lemma (``частый`` → *часто*; ``общий`` → *обще*, ``свежий`` →
    *свежо*: after a hushing consonant ``-о`` when pymorphy3 knows that spelling, else ``-е``)."""
    if adj in SUPPLETIVE_ADVERBS:
        return SUPPLETIVE_ADVERBS[adj]
    if adj.endswith(("щий", "чий", "жий", "ший")):
        return adj[:-2] + ("о" if _analyzer().word_is_known(adj[:-2] + "о") else "е")
    for end, repl in (("ский", "ски"), ("ый", "о"), ("ой", "о"), ("ий", "о")):
        if adj.endswith(end):
            return adj[: -len(end)] + repl
    return None


def _adjective_of(adverb: str) -> str | None:
    """The adjective lemma of an ``-о`` adverb (``высоко`` → *высокий*) from pymorphy3's short-form parse."""
    for p in _analyzer().parse(adverb):
        if p.tag.POS == "ADJS":
            return fold(p.normal_form)
    return None


def _comparative(word: str, parse, lemma: str) -> list[tuple[str, str, str]]:
    """``чаще`` (*частый* COMP): UD has ADV *часто*, ADJ *частый*, or the form itself (*позже*); when
    pymorphy3's lemma is the adverb (``выше``: *высоко*) the adjective (*высокий*) is added."""
    if parse.tag.POS != "COMP":
        return []
    out = [(word, "ADV", "Degree=Cmp")]
    if lemma.endswith(("о", "е")):
        adj = _adjective_of(lemma)
        if adj:
            out.append((adj, "ADJ", "Degree=Cmp"))
        return out
    adv = _adverb_of(lemma)
    if adv:
        out.append((adv, "ADV", "Degree=Cmp"))
    return out


def _participle_adj(word: str, parse, lemma: str) -> list[tuple[str, str, str]]:
    """A participle tagged ADJ (or NOUN) in UD has its own nominative as lemma (*соединенный*)."""
    pos = parse.tag.POS
    if pos not in ("PRTF", "PRTS"):
        return []
    own = _inflect_word(parse, {"PRTF", "nomn", "sing", "masc"})
    if not own:
        return []
    out = [(own, "ADJ", to_feats(parse.tag.grammemes - {"PRTF", "PRTS"}))]
    if pos == "PRTF" and "femn" in parse.tag.grammemes:
        fem = _inflect_word(parse, {"nomn", "sing", "femn"})
        if fem:
            out.append((fem, "NOUN", "Gender=Fem"))
    if pos == "PRTF" and "plur" in parse.tag.grammemes:
        out.append((own, "NOUN", ""))
    return out


def _adjective_noun(word: str, parse, lemma: str) -> list[tuple[str, str, str]]:
    """Substantivised feminine/neuter adjectives (``составляющая``, ``общее``) keep their gender in UD."""
    if parse.tag.POS != "ADJF":
        return []
    g = parse.tag.grammemes
    for gender in ("femn", "neut"):
        if gender in g and "sing" in g:
            own = _inflect_word(parse, {"nomn", "sing", gender})
            if own and own != lemma:
                return [(own, "NOUN", "")]
    return []


def _passive_reflexive(word: str, parse, lemma: str) -> list[tuple[str, str, str]]:
    """Passive ``-ся`` verbs (``выпускаются``): Taiga lemmatizes them without ``-ся``."""
    if parse.tag.POS in ("VERB", "INFN") and lemma.endswith("ться"):
        return [(lemma[:-2], "VERB", "Voice=Pass")]
    return []


ALTERNATIVES: tuple[tuple[str, Callable, str, str], ...] = (
    ("possessive", _possessive, "его", "его"),
    ("pronoun_to", _pronoun_to, "тем", "то"),
    ("comparative", _comparative, "чаще", "часто"),
    ("participle_adj", _participle_adj, "соединенных", "соединенный"),
    ("adjective_noun", _adjective_noun, "общее", "общее"),
    ("passive_reflexive", _passive_reflexive, "выпускаются", "выпускать"),
)


#: OpenCorpora parts of speech a rule can apply to (a rule not listed is tried on every parse). Rules are
#: called only for parses whose part of speech is listed, so most parses skip them.
TRIGGERS: dict[str, frozenset[str]] = {
    "dolzhen": frozenset({"ADJS"}),
    "ie_ye": frozenset({"NOUN"}),
    "superlative": frozenset({"ADJF"}),
    "plurale_tantum": frozenset({"NOUN"}),
    "patronymic": frozenset({"NOUN"}),
    "possessive": frozenset({"NPRO"}),
    "pronoun_to": frozenset({"ADJF"}),
    "comparative": frozenset({"COMP"}),
    "participle_adj": frozenset({"PRTF", "PRTS"}),
    "adjective_noun": frozenset({"ADJF"}),
    "passive_reflexive": frozenset({"VERB", "INFN"}),
}


class _TagInfo(NamedTuple):
    oc: str
    gram: frozenset
    feats: str
    rewrites: tuple          #: (name, function) of the rewrites whose trigger matches
    alternatives: tuple      #: likewise for the alternatives


#: Per tag string: what :func:`candidates` needs of a pymorphy3 tag (tags are few; words are many).
_TAGS: dict[str, _TagInfo] = {}


def _tag_info(tag) -> _TagInfo:
    s = str(tag)
    hit = _TAGS.get(s)
    if hit is None:
        gram = tag.grammemes
        pos = tag.POS
        oc = str(pos or next(iter(gram), "UNKN"))

        def applies(name: str) -> bool:
            trig = TRIGGERS.get(name)
            return trig is None or pos in trig

        hit = _TAGS[s] = _TagInfo(oc, gram, to_feats(gram),
                                  tuple((n, fn) for n, fn, _, _ in REWRITES if applies(n)),
                                  tuple((n, fn) for n, fn, _, _ in ALTERNATIVES if applies(n)))
    return hit


def candidates(word: str, parses) -> list[Candidate]:
    """Readings of ``word`` (normalized, lower case) under UD conventions, in pymorphy3's order.

    Step 1: one reading per parse with the rewrites applied; step 2: the alternatives, after all parses; step 3:
    duplicates (same lemma, UPOS and feats) dropped, keeping the first. Only the rules whose
    :data:`TRIGGERS` match a parse's part of speech are called for it.
    """
    out: list[Candidate] = []
    extra: list[Candidate] = []
    if len(word) > 1 and word[0] == "#":
        # hashtags: UD Taiga keeps the form (dev: 231 of 258); one reading, no choice
        return [Candidate(fold(word), "X", "", "HASH", frozenset(), 0, 1.0, "hashtag")]
    fixed = FORM_LEMMAS.get(word)
    for k, p in enumerate(parses):
        ti = _tag_info(p.tag)
        base = fold(p.normal_form)
        lemma = base
        gram = ti.gram
        oc = ti.oc
        rule = ""
        if fixed is not None and (to_upos(oc, gram, lemma) == fixed[1] or oc == "PREP"):
            lemma, rule = fixed[0], "form_lemma"
        else:
            for name, fn in ti.rewrites:
                new = fn(word, p, lemma)
                if new:
                    lemma, rule = new, name
                    break
        score = float(p.score)
        out.append(Candidate(lemma, to_upos(oc, gram, lemma), ti.feats, oc, gram, k, score, rule))
        for name, fn in ti.alternatives:
            for alt_lemma, upos, feats in fn(word, p, base):
                extra.append(Candidate(fold(alt_lemma), upos, feats, name, gram, k, score, name))
    domain = DOMAIN_LEMMAS.get(word)
    if domain is not None:
        out = [c for c in out if c.lemma == domain] or out
        extra = [c for c in extra if c.lemma == domain]
    if not extra and len(out) < 2:
        return out
    seen: set[tuple[str, str, str]] = set()
    result: list[Candidate] = []
    for c in out + extra:
        sig = (c.lemma, c.upos, c.feats)
        if sig not in seen:
            seen.add(sig)
            result.append(c)
    return result


def is_proper(c: Candidate) -> bool:
    return bool(c.gram & PROPER)


#: Abbreviations split into one token per piece (as in UD): lemmas of the pieces of fixed sequences.
ABBREVIATION_SEQUENCES: dict[tuple[str, str], tuple[str, str]] = {
    ("т.", "д."): ("так", "далее"),      # dev: т. 12/12 так, д. 12/12 далее (Taiga)
    ("т.", "п."): ("так", "подобный"),
    ("т.", "е."): ("то", "быть"),        # dev: т. 3/3 то, е. 2/2 быть
    ("т.", "к."): ("так", "как"),
    ("т.", "н."): ("так", "называть"),
}
#: Abbreviations meaning *год* after a number (``в 1929 г.``; dev: г. 7/7, гг. 3/3 год after a number).
YEAR_ABBREVIATIONS: frozenset[str] = frozenset({"г.", "гг.", "г", "гг"})
_SEQ_FIRST = frozenset(a for a, _ in ABBREVIATION_SEQUENCES)


def sequence_lemmas(norms: list[str]) -> dict[int, str]:
    """Lemmas fixed by the neighbouring token: ``т.`` ``д.`` → *так*, *далее*; ``1929 г.`` → *год*.

    Returns token index → lemma for the tokens a rule applies to (usually none).
    """
    out: dict[int, str] = {}
    for k, norm in enumerate(norms):
        if norm in _SEQ_FIRST and k + 1 < len(norms):
            pair = ABBREVIATION_SEQUENCES.get((norm, norms[k + 1]))
            if pair:
                out[k], out[k + 1] = pair
        elif norm in YEAR_ABBREVIATIONS and k > 0 and norms[k - 1][:1].isdigit():
            out[k] = "год"
    return out
