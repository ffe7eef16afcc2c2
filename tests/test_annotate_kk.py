"""Kazakh: spaCy language (tokenizer, stop words, like_num), sentences, lemma/UPOS model, pipeline offsets."""
from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import corpus_tools  # noqa: F401
from corpus_tools.annotate import TOKEN_COLUMNS, UnknownLanguageError, get_annotator  # noqa: F401
from corpus_tools.annotate.kk import MODEL_PATH, PIPELINE_VERSION, load_model
from corpus_tools.annotate.kk.language import Kazakh
from corpus_tools.annotate.kk.lex_attrs import NUMBER_WORDS, like_num
from corpus_tools.annotate.kk.model import KazakhModel, ModelFileError, edit_rule
from corpus_tools.annotate.kk.stop_words import STOP_WORDS
from corpus_tools.annotate.kk.tokenizer_exceptions import ABBREVIATIONS

from conftest import shared_data


@pytest.fixture(scope="module")
def nlp():
    import corpus_tools.annotate.kk

    corpus_tools.annotate.kk.register()
    return spacy.blank("kk")


@pytest.fixture(scope="module")
def ann():
    return get_annotator("kk")


# --- spaCy language -------------------------------------------------------------------------------------------

def test_blank_kk_is_kazakh(nlp) -> None:
    assert isinstance(nlp, Kazakh)
    assert nlp.lang == "kk"


TOKENS = [
    ("Бала-шаға мен ата-ана ауылда.", ["Бала-шаға", "мен", "ата-ана", "ауылда", "."]),
    ("қарым-қатынастарды нығайту", ["қарым-қатынастарды", "нығайту"]),
    ("мал, жер, т.б. мүлік", ["мал", ",", "жер", ",", "т.б.", "мүлік"]),
    ("киіз үй, ыдыс т.с.с.", ["киіз", "үй", ",", "ыдыс", "т.с.с."]),
    ("ҚазАКСР Халық Комиссарлар Кеңесі", ["ҚазАКСР", "Халық", "Комиссарлар", "Кеңесі"]),
    ("ҚазОАК-тың қаулысы", ["ҚазОАК-тың", "қаулысы"]),
    ("ВКП(б) Қазақ өлкелік комитеті", ["ВКП(б)", "Қазақ", "өлкелік", "комитеті"]),
    ("ВКП(б)-ның шешімі", ["ВКП(б)-ның", "шешімі"]),
    ("(ВКП(б))", ["(", "ВКП(б)", ")"]),
    ("1930-жылы көктемде", ["1930-жылы", "көктемде"]),
    ("55-ші конкурсы", ["55-ші", "конкурсы"]),
    ("«Еңбекші қазақ» газеті", ["«", "Еңбекші", "қазақ", "»", "газеті"]),
    ("көшті — ауыл бос қалды", ["көшті", "—", "ауыл", "бос", "қалды"]),
    ("ауыл—қала", ["ауыл", "—", "қала"]),
    ("Ол ақ.", ["Ол", "ақ", "."]),
    ("Бұл тау, ал бұл — бұлақ.", ["Бұл", "тау", ",", "ал", "бұл", "—", "бұлақ", "."]),
    ("Жолы ұзақ, жол ауыр.", ["Жолы", "ұзақ", ",", "жол", "ауыр", "."]),
    ("Ашаршылық басталды!", ["Ашаршылық", "басталды", "!"]),
    ("б.з.б. 500 ж.", ["б.з.б.", "500", "ж."]),
]


@pytest.mark.parametrize(("text", "expected"), TOKENS, ids=[t for t, _ in TOKENS])
def test_tokenizer(nlp, text: str, expected: list[str]) -> None:
    assert [t.text for t in nlp(text)] == expected


def test_abbreviation_table_unique() -> None:
    keys = [a for a, _ in ABBREVIATIONS]
    assert len(keys) == len(set(keys))
    assert all(a.endswith(".") for a in keys)


STOPS = [("және", True), ("Мен", True), ("үшін", True), ("туралы", True), ("ауыл", False), ("көшу", False)]


@pytest.mark.parametrize(("word", "expected"), STOPS)
def test_stop_words(nlp, word: str, expected: bool) -> None:
    assert nlp(word)[0].is_stop is expected


def test_stop_words_lower_case() -> None:
    assert all(w == w.lower() for w in STOP_WORDS)


LIKE_NUM = [
    ("1930", True), ("2,5", True), ("55-ші", True), ("1930-жылы", True), ("бір", True), ("жиырма", True),
    ("мың", True), ("бірінші", True), ("екінші", True), ("алтыншы", True), ("оныншы", True), ("екеу", True),
    ("Жүз", True), ("ауыл", False), ("бірақ", False), ("онда", False), ("екен", False),
]


@pytest.mark.parametrize(("word", "expected"), LIKE_NUM)
def test_like_num(nlp, word: str, expected: bool) -> None:
    assert like_num(word) is expected
    assert nlp(word)[0].like_num is expected


def test_number_words_unique() -> None:
    assert len(NUMBER_WORDS) == len(set(NUMBER_WORDS))


# --- pipeline: sentences, lemma, POS ----------------------------------------------------------------------------

def test_pipeline_registered(ann) -> None:
    assert ann.lang == "kk"
    assert ann.pipeline_version == PIPELINE_VERSION


def _cols(ann, text: str) -> dict[str, list]:
    return ann.annotate(text)


SENTENCES = [
    ("Ауылдар жайлауға көшті. Мал аман.", ["Ауылдар жайлауға көшті .", "Мал аман ."]),
    ("Киіз үй, ыдыс т.б. Бәрі қалды.", ["Киіз үй , ыдыс т.б.", "Бәрі қалды ."]),
    ("Мал т.б. мүлік алынды.", ["Мал т.б. мүлік алынды ."]),
    ("Ашаршылық басталды\n\nХалық көшті", ["Ашаршылық басталды", "Халық көшті"]),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES, ids=[t for t, _ in SENTENCES])
def test_sentences(ann, text: str, expected: list[str]) -> None:
    cols = _cols(ann, text)
    out: dict[int, list[str]] = {}
    for s, f in zip(cols["sent"], cols["form"]):
        out.setdefault(s, []).append(f)
    assert [" ".join(v) for _, v in sorted(out.items())] == expected


# (sentence, form, lemma, UPOS) — lemmas follow the treebank: verbs by their imperative stem, lower-cased.
LEMMAS = [
    ("Ауылдар жайлауға көшті.", "Ауылдар", "ауыл", "NOUN"),
    ("Ауылдар жайлауға көшті.", "көшті", "көш", "VERB"),
    ("Балалар мектепке барады.", "Балалар", "бала", "NOUN"),
    ("Балалар мектепке барады.", "мектепке", "мектеп", "NOUN"),
    ("Балалар мектепке барады.", "барады", "бар", "VERB"),
    ("Біз үйде отырмыз.", "Біз", "біз", "PRON"),
    ("Біз үйде отырмыз.", "үйде", "үй", "NOUN"),
    ("Қазақстан үлкен ел.", "Қазақстан", "қазақстан", "PROPN"),
    ("Қазақстан үлкен ел.", "үлкен", "үлкен", "ADJ"),
    ("Олар қалаға келді.", "қалаға", "қала", "NOUN"),
    ("Олар қалаға келді.", "келді", "кел", "VERB"),
    ("Малдың бәрі өлді.", "Малдың", "мал", "NOUN"),
]


@pytest.mark.parametrize(("text", "form", "lemma", "upos"), LEMMAS, ids=[f"{t}:{f}" for t, f, _, _ in LEMMAS])
def test_lemma_and_pos(ann, text: str, form: str, lemma: str, upos: str) -> None:
    cols = _cols(ann, text)
    k = cols["form"].index(form)
    assert cols["lemma"][k] == lemma
    assert cols["pos"][k] == upos


def test_columns_and_lang(ann) -> None:
    cols = _cols(ann, "Ауылдар жайлауға көшті.")
    assert list(cols) == list(TOKEN_COLUMNS)
    assert set(cols["lang"]) == {"kk"}
    assert cols["pos"][-1] == "PUNCT"
    assert all(lem == lem.lower() for lem in cols["lemma"])
    assert cols["norm"] == [f.lower() for f in cols["form"]]


def test_oov_flag(ann) -> None:
    cols = _cols(ann, "Ауылдар жайлауға көшті.")
    model = load_model()
    for form, oov in zip(cols["form"], cols["oov"]):
        assert oov is (form.lower() not in model.lemmatizer_.memory_)


def test_model_loads_offline() -> None:
    assert MODEL_PATH.exists()
    assert MODEL_PATH.stat().st_size < 5_000_000
    assert (MODEL_PATH.parent / "MODEL_LICENSE.md").exists()
    model = KazakhModel.load(MODEL_PATH)
    assert "CC BY-SA 4.0" in model.meta["licence"]
    assert [a.upos for a in model.analyze(["Ауыл", "көшті", "."])][-1] == "PUNCT"


def test_missing_model_file(tmp_path) -> None:
    with pytest.raises(ModelFileError, match="train_kazakh.py"):
        KazakhModel.load(tmp_path / "nope.json.gz")


EDIT_RULES = [("көшті", "көш", (2, "")), ("соғыса", "соқ", (4, "қ")), ("ауыл", "ауыл", (0, "")),
              ("мүлкі", "мүлік", (2, "ік"))]


@pytest.mark.parametrize(("form", "lemma", "rule"), EDIT_RULES)
def test_edit_rule(form: str, lemma: str, rule: tuple[int, str]) -> None:
    assert edit_rule(form, lemma) == rule
    n, s = rule
    assert form[:len(form) - n] + s == lemma


def test_refit_replaces_state() -> None:
    from corpus_tools.annotate.kk.conllu import UDWord

    def sent(*triples):
        return [UDWord(f, lem, u, "") for f, lem, u in triples]

    data = [sent(("Ауылдар", "ауыл", "NOUN"), ("көшті", "көш", "VERB"), (".", ".", "PUNCT")),
            sent(("Бала", "бала", "NOUN"), ("келді", "кел", "VERB"), (".", ".", "PUNCT"))]
    model = KazakhModel().fit(data)
    assert "ауылдар" in model.lemmatizer_.memory_
    model.fit(data[1:])
    assert "ауылдар" not in model.lemmatizer_.memory_


# --- offsets ---------------------------------------------------------------------------------------------------

KK_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяАӘБҚҒҢӨҰҮІ"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*KK_ALPHABET, " ", " ", "-", ".", ",", "«", "»", "(", ")", "\n", "1", "—",
                                 "т.б.", "ВКП(б)", "\u00ad", "ё"]), max_size=60))
def test_offsets_hold(ann, pieces: list[str]) -> None:
    text = "".join(pieces)
    cols = ann.annotate(text)
    for f, s, e in zip(cols["form"], cols["start"], cols["end"]):
        assert text[s:e] == f
        assert f.strip() == f and f


@pytest.mark.shared_data
def test_treebank_forms_are_known() -> None:
    from corpus_tools.annotate.kk.conllu import read_treebank

    ktb = shared_data("ud", "UD_Kazakh-KTB")
    sents = read_treebank(sorted(ktb.glob("*.conllu")))
    assert len(sents) > 1000
    model = load_model()
    s = sents[0]
    assert all(not a.oov for a in model.analyze([w.form for w in s]))


# --- unseen words: candidate generators and the learned ranker ------------------------------------------------

# (sentence, form, lemma) — forms absent from KTB; the lemma hand-checked (stem + plural/possessive/case).
UNSEEN_LEMMAS = [
    ("Ол тілдерге қарады.", "тілдерге", "тіл"),             # тіл-дер-ге
    ("Газет авторларына хат жазды.", "авторларына", "автор"),  # автор-лар-ы-на
    ("Университет факультеттерінде оқыды.", "факультеттерінде", "факультет"),  # факультет-тер-і-нде
]


@pytest.mark.parametrize(("text", "form", "lemma"), UNSEEN_LEMMAS, ids=[f for _, f, _ in UNSEEN_LEMMAS])
def test_unseen_lemma(ann, text: str, form: str, lemma: str) -> None:
    cols = _cols(ann, text)
    k = cols["form"].index(form)
    assert cols["oov"][k] is True
    assert cols["lemma"][k] == lemma


def _tiny_lemmatizer():
    from corpus_tools.annotate.kk.conllu import UDWord
    from corpus_tools.annotate.kk.model import KazakhLemmatizer

    words = [("төсек", "төсек", "NOUN"), ("ауылдар", "ауыл", "NOUN"), ("ауылдарда", "ауыл", "NOUN"),
             ("о", "ол", "PRON"), ("орын", "орын", "NOUN"), ("мүлкі", "мүлік", "NOUN"), ("үймен", "үй", "NOUN")]
    return KazakhLemmatizer().fit([UDWord(f, lem, u, "") for f, lem, u in words])


# (form, UPOS, candidate, generator or None when it must not be a candidate)
CANDIDATES = [
    ("төсегінен", "NOUN", "төсек", "pref"),   # г → к before a vowel-initial ending
    ("орынға", "NOUN", "орын", "pref"),
    ("мүлкімен", "NOUN", "мүлік", "via"),     # rule -мен (from үймен) → мүлкі, a training form of мүлік
    ("орынборда", "PRON", "ол", None),        # the prefix «о» (a form of ол) must not pass its lemma on
]


@pytest.mark.parametrize(("form", "upos", "cand", "generator"), CANDIDATES)
def test_candidates(form: str, upos: str, cand: str, generator: str | None) -> None:
    from corpus_tools.annotate.kk.model import MAX_RULE_SUFFIX
    from corpus_tools.annotate.kk.ranker import GENERATORS, candidates

    lem = _tiny_lemmatizer()
    got = candidates(form, upos, rules=lem.rules_, lemmas=lem.lemma_upos_, memory=lem.memory_,
                     max_suffix=MAX_RULE_SUFFIX)
    if generator is None:
        assert cand not in got
    else:
        assert generator in GENERATORS
        assert generator in got[cand]


def test_model_round_trip(tmp_path) -> None:
    from corpus_tools.annotate.kk.conllu import UDWord

    data = [[UDWord(f, lem, u, "") for f, lem, u in s] for s in (
        [("Ауылдар", "ауыл", "NOUN"), ("көшті", "көш", "VERB"), (".", ".", "PUNCT")],
        [("Балалар", "бала", "NOUN"), ("келді", "кел", "VERB"), (".", ".", "PUNCT")],
        [("Ауылға", "ауыл", "NOUN"), ("балалар", "бала", "NOUN"), ("көшті", "көш", "VERB"), (".", ".", "PUNCT")],
    )]
    model = KazakhModel().fit(data)
    model.save(tmp_path / "m.json.gz")
    again = KazakhModel.load(tmp_path / "m.json.gz")
    words = ["Ауылдарға", "балаларға", "келді", "."]
    assert again.analyze(words) == model.analyze(words)
