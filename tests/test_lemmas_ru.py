"""Russian lemmas under UD conventions: convention rules, unknown words, the context model, the pipeline."""
from __future__ import annotations

import numpy as np
import pytest

from corpus_tools.annotate import get_annotator
from corpus_tools.annotate.ru import Pipeline
from corpus_tools.annotate.ru.conventions import (
    ABBREVIATION_SEQUENCES,
    ALTERNATIVES,
    FORM_LEMMAS,
    REWRITES,
    candidates,
    sequence_lemmas,
)
from corpus_tools.annotate.ru.disambiguate import HASH_BITS, MODEL_PATH, MODEL_VERSION, Ranker, load_ranker, pick
from corpus_tools.annotate.ru.morph import get_morph
from corpus_tools.annotate.ru.unknown import (
    KAZAKH_LOANS,
    PROPER_NAMES,
    SOVIET_HEADS,
    SOVIET_PREFIXES,
    loan_forms,
)
from corpus_tools.annotate.ru.ud import fold_lemma, read_conllu

from conftest import shared_data


@pytest.fixture(scope="module")
def morph():
    return get_morph()


def cand_lemmas(morph, word: str) -> set[str]:
    return {c.lemma for c in candidates(word, morph.parse(word))}


# --- convention rules: each table row's own example ---------------------------------------------------------

@pytest.mark.parametrize(("name", "word", "lemma"), [(n, w, l) for n, _, w, l in REWRITES],
                         ids=[n for n, _, _, _ in REWRITES])
def test_rewrite_examples(morph, name, word, lemma):
    cands = candidates(word, morph.parse(word))
    assert any(c.lemma == lemma and c.rule == name for c in cands)


@pytest.mark.parametrize(("name", "word", "lemma"), [(n, w, l) for n, _, w, l in ALTERNATIVES],
                         ids=[n for n, _, _, _ in ALTERNATIVES])
def test_alternative_examples(morph, name, word, lemma):
    cands = candidates(word, morph.parse(word))
    assert any(c.lemma == lemma and c.rule == name for c in cands)
    assert any(not c.rule for c in cands)          # pymorphy3's own reading stays a candidate


CONVENTIONS = [
    # (form, UD lemma that must be a candidate, OpenCorpora lemma that must not be)
    ("должны", "должен", "должный"),
    ("предгорьях", "предгорье", "предгорие"),
    ("сиянье", "сиянье", "сияние"),
    ("лучший", "лучший", "хороший"),
    ("алексеевна", "алексеевна", "алексеевич"),
    ("во", "во", "в"),
    ("со", "со", "с"),
    ("ко", "ко", "к"),
    ("важнейших", "важнейший", "важный"),
    ("высшая", "высший", "высокий"),
    ("денег", "деньги", "деньга"),
    ("#сочи", "#сочи", "#сочить"),
]


@pytest.mark.parametrize(("word", "ud", "oc"), CONVENTIONS, ids=[w for w, _, _ in CONVENTIONS])
def test_conventions_replace(morph, word, ud, oc):
    lemmas = cand_lemmas(morph, word)
    assert ud in lemmas and oc not in lemmas


ALTERNATIVE_PAIRS = [
    ("его", {"он", "его"}),
    ("их", {"они", "их"}),
    ("тем", {"тот", "то"}),
    ("всех", {"весь", "все"}),
    ("чаще", {"частый", "часто"}),
    ("соединенных", {"соединить", "соединенный"}),
    ("лучше", {"хороший", "хорошо"}),
    ("хуже", {"плохой", "плохо"}),
    ("выше", {"высоко", "высокий"}),
    ("свежее", {"свежий", "свежо"}),
]


@pytest.mark.parametrize(("word", "lemmas"), ALTERNATIVE_PAIRS, ids=[w for w, _ in ALTERNATIVE_PAIRS])
def test_alternatives_kept(morph, word, lemmas):
    assert lemmas <= cand_lemmas(morph, word)


SEQUENCES = [
    (["и", "т.", "д."], {1: "так", 2: "далее"}),
    (["т.", "е.", "бегство"], {0: "то", 1: "быть"}),
    (["в", "1929", "г."], {2: "год"}),
    (["в", "г.", "алма-ате"], {}),
    (["т.", "сталин"], {}),
]


@pytest.mark.parametrize(("norms", "expected"), SEQUENCES, ids=[" ".join(n) for n, _ in SEQUENCES])
def test_sequence_lemmas(norms, expected):
    assert sequence_lemmas(norms) == expected


def test_tables_unique():
    for table in (REWRITES, ALTERNATIVES):
        names = [row[0] for row in table]
        assert len(names) == len(set(names))
    assert len(SOVIET_PREFIXES) == len(set(SOVIET_PREFIXES))
    assert set(SOVIET_HEADS.values()) <= {"masc", "masc_j", "fem_a", "indecl"}
    loans = [lemma for lemma, _, _ in KAZAKH_LOANS + PROPER_NAMES]
    assert len(loans) == len(set(loans))
    assert all(v[1] in ("ADP", "ADV") for v in FORM_LEMMAS.values())
    assert all(a.endswith(".") and b.endswith(".") for a, b in ABBREVIATION_SEQUENCES)


# --- unknown words -------------------------------------------------------------------------------------------

UNKNOWN = [
    # (form, lemma, pos, oov)
    ("джайляу", "джайляу", "NOUN", True),
    ("аулсовета", "аулсовет", "NOUN", True),
    ("аулсоветы", "аулсовет", "NOUN", True),
    ("Казкрайкома", "казкрайком", "PROPN", False),
    ("губкомы", "губком", "NOUN", True),            # clipped head ком (комитет), not кома
    ("губкомов", "губком", "NOUN", True),           # not the surname Комов
    ("губкомах", "губком", "NOUN", True),
    ("Профинтерна", "профинтерн", "NOUN", True),    # the head's common-noun reading, not a first name Интерна
    ("Церетели", "церетели", "PROPN", True),        # indeclinable names in -и, not церетель / церетесть
    ("Мерфи", "мерфи", "PROPN", True),
    ("Бовари", "бовари", "PROPN", True),
    ("кыстау", "кыстау", "NOUN", True),
    ("джатаков", "джатак", "NOUN", True),           # pymorphy3: джатаковы
    ("барымту", "барымта", "NOUN", True),           # pymorphy3: барымт
    ("манапов", "манап", "NOUN", True),
    ("Казакстану", "казакстан", "PROPN", True),      # place names of the period (PROPER_NAMES)
    ("Кирреспублики", "кирреспублика", "PROPN", True),
    ("Кульджи", "кульджа", "PROPN", True),
    ("Голощекиным", "голощекин", "PROPN", True),
    ("волисполком", "волисполком", "NOUN", True),    # вол- (волостной) + исполком
    ("колхоз-гиганта", "колхоз-гигант", "NOUN", True),
    ("аулов", "аул", "NOUN", False),
    ("поздравляяяем", "поздравлять", "VERB", True),
    ("спасиииибо", "спасибо", "INTJ", True),
    ("катилася", "катиться", "VERB", True),         # older -ся after a vowel: the -сь spelling's readings
    ("хотелося", "хотеться", "VERB", True),
    ("уношуся", "уноситься", "VERB", True),
    ("пастися", "пастись", "VERB", True),
    ("разгоревшися", "разгореться", "VERB", True),
    ("млн", "миллион", "NOUN", False),
    ("зп", "зарплата", "NOUN", False),
]


@pytest.mark.parametrize(("word", "lemma", "pos", "oov"), UNKNOWN, ids=[w for w, *_ in UNKNOWN])
def test_unknown_words(word, lemma, oov, pos):
    cols = get_annotator("ru").annotate(f"в ауле {word} стоял")
    k = cols["form"].index(word)
    assert cols["lemma"][k] == lemma
    assert cols["pos"][k] == pos
    assert cols["oov"][k] is oov


@pytest.mark.parametrize("text", ["В ауле было десять юрт и двадцать кибиток.", "Из аула откочевало 40 юрт."])
def test_domain_reading_of_yurt(text):
    cols = get_annotator("ru").annotate(text)
    assert cols["lemma"][cols["form"].index("юрт")] == "юрта"       # not the masculine юрт (a Tatar settlement)


PATRONYMICS = [
    # (text, form, lemma): the form's own spelling, not pymorphy3's normalized one (василиевич, никитович)
    ("Доклад Михаила Васильевича Фрунзе.", "Васильевича", "васильевич"),
    ("Письмо Григорьевичу.", "Григорьевичу", "григорьевич"),
    ("Разговор с Никитичем.", "Никитичем", "никитич"),
    ("Дочь Анны Григорьевны.", "Григорьевны", "григорьевна"),
    ("Иосиф Виссарионович выступил.", "Виссарионович", "виссарионович"),
]


def test_loan_forms():
    forms = loan_forms()
    assert forms["аулами"][0] == "аул"
    assert forms["баев"][0] == "бай"
    assert forms["джайляу"][1] == "indecl"


# --- the context model ---------------------------------------------------------------------------------------

IN_CONTEXT = [
    # (sentence, form, lemma): the same ambiguous form resolved by its neighbours
    ("Его дом стоял у реки.", "Его", "его"),
    ("Я видел его вчера.", "его", "он"),
    ("Цены стали выше.", "стали", "стать"),
    ("На столе лежали три пилы.", "пилы", "пила"),
    ("В 1929 г. начался голод.", "г.", "год"),
    ("Хлеб, скот и т. д. изъяты.", "и т. д.", "и так далее"),
]


@pytest.mark.parametrize(("text", "form", "lemma"), [*IN_CONTEXT, *PATRONYMICS],
                         ids=[t for t, _, _ in [*IN_CONTEXT, *PATRONYMICS]])
def test_lemma_in_sentence(text, form, lemma):
    cols = get_annotator("ru").annotate(text)
    assert cols["lemma"][cols["form"].index(form)] == lemma


def test_model_shipped_and_small():
    assert MODEL_PATH.exists()
    assert MODEL_PATH.stat().st_size < 5_000_000
    ranker = load_ranker()
    assert ranker is not None and ranker.version == MODEL_VERSION and np.count_nonzero(ranker.weights) > 1000


def test_model_version_checked(tmp_path):
    from corpus_tools.errors import CorpusToolsError

    path = tmp_path / "m.json.gz"
    Ranker(np.zeros(1 << HASH_BITS, dtype=np.float32), version="other").save(path)
    with pytest.raises(CorpusToolsError, match="train_ru_disambiguator"):
        load_ranker(path)


def test_ranker_roundtrip(tmp_path):
    path = tmp_path / "m.json.gz"
    w = np.zeros(1 << HASH_BITS, dtype=np.float32)
    w[[3, 70_000]] = [0.5, -1.25]
    Ranker(w).save(path)
    assert np.array_equal(load_ranker(path).weights, w)


#: Ambiguous word types (norm, case mode) for the batched candidate tables; mode 0 is lower case, 2 mid-sentence capital.
TABLE_WORDS = [("его", 0), ("стали", 0), ("мила", 0), ("мила", 2), ("тем", 0), ("общее", 0), ("коли", 0), ("мира", 2)]


def test_batched_tables_match_each_table():
    from corpus_tools.annotate.ru.disambiguate import _finish, _h, static_features
    from corpus_tools.annotate.ru.morph import RuMorph

    ranker = load_ranker()
    morph = RuMorph()
    pairs = [(morph.info(w, m), m) for w, m in TABLE_WORDS]
    assert all(info.ambiguous for info, _ in pairs)
    batch = ranker.build_tables(pairs)
    singles = [ranker.build_tables([pair]) for pair in pairs]
    for field in ("static", "t", "u", "tc", "case", "gen", "num", "allowed", "static_flat", "feature_counts"):
        assert np.array_equal(getattr(batch, field), np.concatenate([getattr(t, field) for t in singles])), field
    # the static score of a candidate is the sum of its own features' weights (computed here one by one)
    expected = [sum(float(ranker.weights[_finish(np.asarray([_h(f)], dtype=np.uint64))[0]]) for f in feats)
                for info, mode in pairs for feats in static_features(info, mode)]
    assert np.allclose(batch.static, expected, rtol=0, atol=1e-9)
    # a lower-case token may not take a proper-noun reading while it has another one
    assert len(batch.allowed) == sum(len(info.cands) for info, _ in pairs) and not batch.allowed.all()


#: Groups of candidate scores (allowed flags) and the index that must win: the top allowed score, ties to the first.
PICKS = [
    ([1.0, 3.0, 2.0], [True, True, True], 1),
    ([1.0, 3.0, 2.0], [True, False, True], 2),
    ([2.0, 2.0], [True, True], 0),
    ([5.0, 1.0], [False, False], 0),
]


def test_pick_groups():
    scores = np.concatenate([np.asarray(s) for s, _, _ in PICKS])
    allowed = np.concatenate([np.asarray(a) for _, a, _ in PICKS])
    starts = np.cumsum([0] + [len(s) for s, _, _ in PICKS[:-1]])
    assert pick(scores, allowed, starts).tolist() == [k for _, _, k in PICKS]


def test_choose_many_equals_choose():
    from corpus_tools.annotate.ru.disambiguate import neighbours

    p = Pipeline()
    toks = ["Тонны", "стали", "выше", ",", "чем", "его", "дом", "."]
    _, modes, infos = p.word_infos(toks, [0] * len(toks))
    reqs = [(infos[k], modes[k], *neighbours(infos, [0] * len(toks), k)) for k in range(len(toks))
            if infos[k].ambiguous]
    assert reqs
    assert p._ranker.choose_many(reqs) == [p._ranker.choose(*r) for r in reqs]


def test_pipeline_without_ranker_is_context_free():
    p = Pipeline(use_ranker=False)
    a = p.analyze_tokens(["Я", "видел", "его"], [0, 0, 0])["lemma"]
    b = p.analyze_tokens(["Его", "его"], [0, 0])["lemma"]
    assert a[2] == b[1]


def test_cache_does_not_change_output():
    text = "Его дом стоял у реки. Я видел его вчера. Его дом стоял у реки."
    ann = get_annotator("ru")
    first = ann.annotate(text)
    assert ann.annotate(text) == first
    assert Pipeline().analyze_tokens(first["form"], first["sent"])["lemma"] == first["lemma"]


# --- real data: accuracy on a UD dev slice (skips without ../shared/data) ------------------------------------

def test_ud_dev_slice_beats_first_parse():
    path = shared_data("ud", "UD_Russian-GSD", "ru_gsd-ud-dev.conllu")
    sentences = list(read_conllu(path))[:150]
    toks = [w.form for s in sentences for w in s]
    sents = [k for k, s in enumerate(sentences) for _ in s]
    lemmas = Pipeline().analyze_tokens(toks, sents)["lemma"]
    morph = get_morph()
    words = [(w, lemma) for w, lemma in zip((w for s in sentences for w in s), lemmas) if w.upos != "PUNCT"]
    ours = sum(fold_lemma(w.lemma) == lemma for w, lemma in words) / len(words)
    first = sum(fold_lemma(w.lemma) == fold_lemma(morph.parse(w.form)[0].normal_form) for w, _ in words)
    assert ours > first / len(words)
    assert ours > 0.95


# --- the paradigm-based inflection of the convention rules equals pymorphy3's ``inflect`` -------------------

INFLECT = [
    ("соединённых", {"PRTF", "nomn", "sing", "masc"}),
    ("общее", {"nomn", "sing", "neut"}),
    ("составляющая", {"nomn", "sing", "femn"}),
    ("ерёмина", {"nomn", "sing", "femn"}),
    ("пришедшими", {"PRTF", "nomn", "sing", "masc"}),
    ("стали", {"nomn", "sing"}),
    ("людей", {"datv", "plur"}),
]


@pytest.mark.parametrize(("word", "grammemes"), INFLECT, ids=[w for w, _ in INFLECT])
def test_inflect_matches_pymorphy(morph, word, grammemes):
    from corpus_tools.annotate.ru.conventions import _inflect_word, fold

    for p in morph.parse(word):
        expected = p.inflect(set(grammemes))
        assert _inflect_word(p, set(grammemes)) == (None if expected is None else fold(expected.word))


def test_triggers_name_rules():
    from corpus_tools.annotate.ru.conventions import TRIGGERS

    names = {n for table in (REWRITES, ALTERNATIVES) for n, _, _, _ in table}
    assert set(TRIGGERS) <= names
