"""Kazakh Latin (Jaŋalif) and Arabic (töte jazu) → Cyrillic, with offsets back to the original."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_tools.normalize import kazakh_arabic, kazakh_latin
from corpus_tools.normalize.kazakh_arabic import arabic_to_cyrillic, arabic_word_to_cyrillic, is_front_word
from corpus_tools.normalize.kazakh_latin import (
    cyrillic_word_to_latin,
    detect_jangalif_period,
    latin_to_cyrillic,
    latin_word_to_cyrillic,
)
from corpus_tools.normalize.kazakh_scripts import (
    arabic_converter,
    convert_with_offsets,
    latin_converter,
    to_cyrillic,
)
from corpus_tools.normalize.offsets import identity

# Hand-checked examples of ../shared/SCRIPTS.md (Küderinova; Baitursynov). (period, Latin, Cyrillic)
JANGALIF_HAND_CHECKED = [
    ("1929-1937", "uvьq", "уық"),
    ("1929-1937", "yvəde", "уәде"),
    ("1929-1937", "kelyv", "келу"),
    ("1929-1937", "sabet", "совет"),
    ("1929-1937", "Qarkop", "Харьков"),
    ("1938-1940", "uьq", "уық"),
    ("1938-1940", "uəde", "уәде"),
    ("1938-1940", "kelu", "келу"),
    ("1938-1940", "tjl", "тіл"),
    ("1938-1940", "zjl", "зіл"),
]
# (Arabic, Cyrillic); ٴ marks the front-vowel sign written before the word. Arabic has no case: «Қазақ» is
# compared lower-case.
TOTE_HAND_CHECKED = [
    ("قازاق", "қазақ"),
    ("باس", "бас"),
    ("جاس", "жас"),
    ("جاقسى", "жақсы"),
    ("اتا", "ата"),
    ("ٴپالە", "пәле"),
    ("ٴىچ", "іш"),
    ("ٴچاينەك", "шәйнек"),
    ("ٴان", "ән"),
]

# Rules of the tables beyond the hand-checked words (our reading; see docs/kazakh-scripts.md).
JANGALIF_RULES = [
    ("1929-1937", "avьl", "ауыл"),  # v alone = у (w)
    ("1929-1937", "suv", "су"),  # uv = у
    ("1929-1937", "ijt", "ит"),  # ij = и
    ("1929-1937", "qьjьn", "қиын"),  # ьj = и
    ("1929-1937", "tьjьm", "тыйым"),  # тый- stem keeps ый (uncertain row)
    ("1929-1937", "ʙala", "бала"),
    ("1929-1937", "bala", "бала"),  # Latin b for ʙ
    ("1929-1937", "ʙalaвa", "балаба"),  # Cyrillic в in a Latin word: OCR of ʙ
    ("1929-1937", "qbz", "қыз"),  # b between consonants: OCR of ь
    ("1929-1937", "qƅz", "қыз"),
    ("1929-1937", "aꞑ", "аң"),
    ("1929-1937", "aŋ", "аң"),
    ("1929-1937", "ƣalьm", "ғалым"),
    ("1929-1937", "ƶer", "жер"),
    ("1929-1937", "şeşe", "шеше"),
    ("1929-1937", "ɵmir", "өмір"),
    ("1929-1937", "aj", "ай"),
    ("1938-1940", "aj", "ай"),  # j next to a vowel = й (uncertain row)
    ("1938-1940", "tьj", "тый"),
    ("1938-1940", "vagon", "вагон"),
    ("1938-1940", "fabrika", "фабрика"),
    ("1938-1940", "xalьq", "халық"),
    ("1938-1940", "ūl", "ұл"),
    ("1938-1940", "Ŭl", "Ұл"),
    ("1938-1940", "ijt", "ийт"),  # a 1929–37 digraph left in 1938 text is read letter by letter
]
CASE = [
    ("1929-1937", "Uvьq", "Уық"),
    ("1929-1937", "UVЬQ", "УЫҚ"),
    ("1929-1937", "QAZAQ", "ҚАЗАҚ"),
    ("1929-1937", "Ꞑ", "Ң"),
    ("1929-1937", "Bala", "Бала"),
    ("1929-1937", "SABET", "СОВЕТ"),
    ("1929-1937", "Sabettik", "Советтік"),
    ("1938-1940", "Tjl", "Тіл"),
    ("1938-1940", "ƟMJR", "ӨМІР"),
]
PERIOD_DETECTION = [
    ("uvьq ʙar", None, "1929-1937"),
    ("uьq tjl", None, "1938-1940"),
    ("Fabrika", None, "1938-1940"),
    ("ʙala", None, "1929-1937"),  # no markers, no date: the default
    ("ʙala", 1939, "1938-1940"),
    ("ʙala", 1931, "1929-1937"),
    ("tjl", 1931, "1938-1940"),  # markers of one state only beat the date
    ("tьj", None, "1929-1937"),  # тый is not an old marker; no new markers either → default
]
ARABIC_RULES = [
    ("ٵن", "ән"),  # precomposed high-hamza alef
    ("ﻗﺎﺯﺍﻕ", "қазақ"),  # presentation forms
    ("سيىر", "сиыр"),  # ي after a consonant = и
    ("اي", "ай"),  # ي after a vowel = й
    ("كيىم", "киім"),  # ك makes the word front
    ("ءۇيى", "үйі"),  # hamza as the front sign
    ("ۇل", "ұл"),
    ("ٴسوز", "сөз"),
    ("تاۋ", "тау"),
    ("ٴتىل", "тіл"),
    ("مەن", "мен"),  # ە makes the word front (uncertain row)
]

# Constructed sentences (written for these tests, not quotations): the same Kazakh sentence in Cyrillic,
# Jaŋalif 1929–37, Jaŋalif 1938–40 and töte jazu.
SENTENCE_CYRILLIC = "Біз ауылға бардық, жиналыс болды."
SENTENCE_LATIN_1929 = "Biz avьlƣa ʙardьq, ƶьjnalьs ʙoldь."
SENTENCE_LATIN_1938 = "Bjz auьlƣa ʙardьq, ƶinalьs ʙoldь."  # 1938–40: u = у, i = и, j = і
SENTENCE_ARABIC = "ٴبىز اۋىلعا باردىق، جينالىس بولدى."


@pytest.mark.parametrize(("period", "latin", "cyrillic"), JANGALIF_HAND_CHECKED + JANGALIF_RULES + CASE)
def test_latin_words(period, latin, cyrillic):
    assert latin_word_to_cyrillic(latin, period=period) == cyrillic


@pytest.mark.parametrize(("text", "year", "period"), PERIOD_DETECTION)
def test_period_detection(text, year, period):
    assert detect_jangalif_period(text, year=year) == period


def test_unknown_period_is_refused():
    with pytest.raises(ValueError, match="1929-1937"):
        latin_word_to_cyrillic("ʙala", period="1930")


@pytest.mark.parametrize(("arabic", "cyrillic"), TOTE_HAND_CHECKED + ARABIC_RULES)
def test_arabic_words(arabic, cyrillic):
    assert arabic_word_to_cyrillic(arabic) == cyrillic


@pytest.mark.parametrize(("word", "front"), [("قازاق", False), ("ٴان", True), ("كىم", True), ("ٴقاز", True)])
def test_front_rule(word, front):
    assert is_front_word(word) is front


def test_arabic_text_punctuation_and_digits():
    assert arabic_to_cyrillic("قازاق، ١٩١٣ جىل؟ ۱۹۲۴!") == "қазақ, 1913 жыл? 1924!"


def test_latin_text_keeps_punctuation_and_digits():
    assert latin_to_cyrillic("«Qazaq» 1929-ƶьl: uvьq!", period="1929-1937") == "«Қазақ» 1929-жыл: уық!"


def test_latin_sentence_1929():
    assert latin_to_cyrillic(SENTENCE_LATIN_1929) == SENTENCE_CYRILLIC


def test_latin_sentence_1938():
    assert latin_to_cyrillic(SENTENCE_LATIN_1938) == SENTENCE_CYRILLIC  # period detected from «Bjz» (j between consonants)


def test_arabic_sentence():
    assert arabic_to_cyrillic(SENTENCE_ARABIC) == SENTENCE_CYRILLIC.lower()


def test_mixed_text_converts_only_latin_words_by_latin_converter():
    nt = convert_with_offsets("Совет: sabet, 1930.", latin_converter(period="1929-1937"))
    assert nt.text == "Совет: совет, 1930."


# Round trip Cyrillic → Jaŋalif 1938–40 → Cyrillic on simple words (no я ю ё ц щ ъ ь э).
ROUND_TRIP_WORDS = [
    "ауыл", "бала", "қазақ", "тіл", "зіл", "уық", "уәде", "келу", "жер", "су", "тау", "өмір", "ұл", "қыз",
    "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз", "он", "жүз", "мың", "ай", "күн",
    "ағаш", "мал", "қой", "сиыр", "жылқы", "түйе", "егін", "халық", "жиналыс", "колхоз", "совет",
    "мектеп", "кітап", "газет", "фабрика", "вагон", "Қазақстан", "Алматы", "ҚАЗАҚ", "тый", "тыйым", "ән",
]


@pytest.mark.parametrize("word", ROUND_TRIP_WORDS)
def test_round_trip_1938(word):
    assert latin_word_to_cyrillic(cyrillic_word_to_latin(word), period="1938-1940") == word


@pytest.mark.parametrize("word", ["киім", "ия", "щит", "аі"])
def test_inverse_refuses_ambiguous_words(word):
    with pytest.raises(ValueError):
        cyrillic_word_to_latin(word)


_KK_ALPHABET = "аәбвгғдежзийкқлмнңоөпрсттуұүфхһчшыі"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_KK_ALPHABET, min_size=1, max_size=12))
def test_round_trip_property(word):
    try:
        latin = cyrillic_word_to_latin(word)
    except ValueError:
        return
    assert latin_word_to_cyrillic(latin, period="1938-1940") == word


def test_round_trip_word_list_has_no_duplicates():
    assert len(ROUND_TRIP_WORDS) == len(set(ROUND_TRIP_WORDS))


# Offsets: a converted token maps back to its original-script word.
_LATIN_PIECES = ["uvьq", "Kelyv", "ʙala", "Qarkop", "tjl", "ƶьjnalьs", "ꞑ", "SABET"]
_ARABIC_PIECES = ["قازاق", "ٴپالە", "ﻗﺎﺯﺍﻕ", "ٵن", "جاقسى", "١٩١٣", "،"]
_SEPARATORS = [" ", ", ", "\n", " — ", "«", "»", "1930 "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_LATIN_PIECES), st.sampled_from(_SEPARATORS)), min_size=1, max_size=8))
def test_latin_offsets_property(parts):
    original = "".join(w + s for w, s in parts)
    nt = convert_with_offsets(original, latin_converter(period="1929-1937"))
    assert nt.text == latin_to_cyrillic(original, period="1929-1937")
    _check_words_map_back(nt, original, kazakh_latin.LATIN_WORD_RE)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_ARABIC_PIECES), st.sampled_from(_SEPARATORS)), min_size=1, max_size=8))
def test_arabic_offsets_property(parts):
    original = "".join(w + s for w, s in parts)
    nt = convert_with_offsets(original, arabic_converter())
    assert nt.text == arabic_to_cyrillic(original)
    _check_words_map_back(nt, original, kazakh_arabic.ARABIC_WORD_RE)


def _check_words_map_back(nt, original, word_re):
    """Each letter run of the converted text maps back to exactly its original-script word, in order."""
    import re

    originals = [m.group() for m in word_re.finditer(original)]
    mapped = [original[slice(*nt.to_original(*m.span()))] for m in re.finditer(r"[^\W\d_]+", nt.text)]
    assert mapped == originals


def test_offsets_compose_with_earlier_steps():
    nt = convert_with_offsets(identity("uvьq ʙala"), latin_converter(period="1929-1937"))
    assert nt.text == "уық бала"
    assert nt.to_original(0, 3) == (0, 4)
    assert nt.to_original(4, 8) == (5, 9)


def test_to_cyrillic_detects_script_and_period():
    assert to_cyrillic("uьq tjl").text == "уық тіл"
    assert to_cyrillic("ٴان ١٩٢٤").text == "ән 1924"
    assert to_cyrillic("Бала").text == "Бала"


def test_uncertain_rows_are_listed_in_docs():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "kazakh-scripts.md").read_text(encoding="utf-8")
    for table, key, _ in kazakh_latin.UNCERTAIN_ROWS + kazakh_arabic.UNCERTAIN_ROWS:
        assert f"`{key}`" in doc, f"docs/kazakh-scripts.md does not list the uncertain row {table} {key!r}"


@pytest.mark.parametrize("table", [kazakh_latin.LETTERS, kazakh_latin.LOOKALIKES, kazakh_arabic.LETTERS])
def test_tables_have_no_empty_values(table):
    assert all(v for v in table.values())
