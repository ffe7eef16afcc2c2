"""Tests for corpus_tools.normalize: offsets, Unicode, hyphenation, homoglyphs, pre-1918 spelling."""
from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_tools.normalize import (
    HOMOGLYPHS,
    INVISIBLE_CHARS,
    NormalizedText,
    fold,
    has_old_russian_marks,
    has_prereform,
    modernize_word,
    norm_form,
    normalize_text,
)
from corpus_tools.normalize.prereform import (
    LETTER_RULES,
    PREFIX_RULES,
    STEM_RULES,
    SOVIET_WORD_RULES,
    WHOLE_WORD_RULES,
)

# --------------------------------------------------------------------------------------------------------
# Named tables: input -> expected normalized text
# --------------------------------------------------------------------------------------------------------
NFC_CASES = {
    "е + diaeresis -> ё": ("е\u0308лка", "ёлка"),
    "и + breve -> й": ("и\u0306од", "йод"),
    "capital Е + diaeresis": ("Е\u0308ж", "Ёж"),
    "NFD word in sentence": ("Вот е\u0308ж и\u0306 пе\u0308с", "Вот ёж й пёс"),
    "already NFC": ("откочёвка", "откочёвка"),
}
INVISIBLE_CASES = {
    "soft hyphen": ("от\u00adкочевка", "откочевка"),
    "two soft hyphens": ("от\u00adко\u00adчевка", "откочевка"),
    "zero-width space": ("откоч\u200bевка", "откочевка"),
    "zero-width joiners": ("ау\u200c\u200dл", "аул"),
    "word joiner": ("аул\u2060совет", "аулсовет"),
    "stray BOM": ("\ufeffаул", "аул"),
    "trailing soft hyphen": ("аул\u00ad", "аул"),
}
HYPHENATION_CASES = {
    "-\\n joined": ("откочев-\nка", "откочевка"),
    "-\\r\\n joined": ("откочев-\r\nка", "откочевка"),
    "-\\r joined": ("откочев-\rка", "откочевка"),
    "¬\\n joined": ("откочев¬\nка", "откочевка"),
    "U+2010 joined": ("откочев\u2010\nка", "откочевка"),
    "spaces around break": ("откочев- \n\t ка началась", "откочевка началась"),
    "unknown word joined": ("продзатруд-\nнения", "продзатруднения"),
    "compound kept": ("байско-\nкулацкой агитации", "байско-кулацкой агитации"),
    "compound kept, ¬ becomes -": ("байско¬\nкулацкой", "байско-кулацкой"),
    "dictionary compound kept": ("северо-\nзападный", "северо-западный"),
    "pre-reform word joined": ("сѣвер-\nнаго", "сѣвернаго"),
    "digits not joined": ("1929-\n1933", "1929-\n1933"),
    "dash after space not joined": ("аул -\nкочевка", "аул -\nкочевка"),
    "blank line not joined": ("аул-\n\nкочевка", "аул-\n\nкочевка"),
    "hyphen inside a line untouched": ("бай-полуфеодал", "бай-полуфеодал"),
    "two known words kept as a compound": ("кулак-\nэксплуататор", "кулак-эксплуататор"),
    "short known fragments still joined": ("нар-\nком", "нарком"),
}
HOMOGLYPH_CASES = {
    "Latin o in Cyrillic word": ("oткочевка", "откочевка"),
    "Latin caps in Cyrillic caps": ("KAЗAXCTAH", "КАЗАХСТАН"),
    "Latin e and p": ("кулацкaя aгитaция", "кулацкая агитация"),
    "Latin i in pre-reform word": ("Россiя", "Россія"),
    "letter without look-alike: left alone": ("Кepublic", "Кepublic"),
    "Latin-only word untouched": ("As aresult", "As aresult"),
    "Kazakh Latin untouched": ("Jaŋalif qazaq", "Jaŋalif qazaq"),
    "Cyrillic in Latin word untouched (no reverse)": ("Cоmmunist", "Cоmmunist"),
    "non-breaking hyphen inside a word": ("во\u2011первых", "во-первых"),
    "Unicode hyphen inside a word": ("немецко\u2010фашистских", "немецко-фашистских"),
    "non-breaking hyphen between spaces kept": ("а \u2011 б", "а \u2011 б"),
}
UNCHANGED_CASES = {
    "newlines and spacing kept": "аул\n\n  кочевка\r\nи\tзимовка",
    "case kept": "ОГПУ Казкрайком ВКП(б)",
    "ё kept": "откочёвка",
    "pre-reform spelling kept in text": "Рижское обозрѣніе",
}


@pytest.mark.parametrize(
    ("original", "expected"),
    [*NFC_CASES.values(), *INVISIBLE_CASES.values(), *HYPHENATION_CASES.values(), *HOMOGLYPH_CASES.values()],
    ids=[*NFC_CASES, *INVISIBLE_CASES, *HYPHENATION_CASES, *HOMOGLYPH_CASES],
)
def test_normalize_text(original: str, expected: str) -> None:
    nt = normalize_text(original)
    assert nt.text == expected
    _check_structure(nt, original)


@pytest.mark.parametrize("text", UNCHANGED_CASES.values(), ids=UNCHANGED_CASES)
def test_unchanged_text_gets_identity_map(text: str) -> None:
    nt = normalize_text(text)
    assert nt.text == text
    assert nt.starts.tolist() == list(range(len(text)))
    assert nt.ends.tolist() == list(range(1, len(text) + 1))


def test_joined_word_maps_to_full_original_span() -> None:
    original = "Началась откочев-\nка в Китай"
    nt = normalize_text(original)
    a = nt.text.index("откочевка")
    s, e = nt.to_original(a, a + len("откочевка"))
    assert original[s:e] == "откочев-\nка"


def test_kept_compound_maps_to_full_original_span() -> None:
    original = "байско-\r\nкулацкая агитация"
    nt = normalize_text(original)
    assert nt.text.startswith("байско-кулацкая")
    s, e = nt.to_original(0, len("байско-кулацкая"))
    assert original[s:e] == "байско-\r\nкулацкая"
    s, e = nt.to_original(len("байско-"), len("байско-кулацкая"))
    assert original[s:e] == "кулацкая"


def test_composed_char_maps_to_both_source_chars() -> None:
    original = "пе\u0308с"
    nt = normalize_text(original)
    i = nt.text.index("ё")
    assert original[nt.starts[i]:nt.ends[i]] == "е\u0308"
    assert nt.to_original(0, len(nt.text)) == (0, len(original))


def test_soft_hyphen_inside_token_form() -> None:
    original = "от\u00adкочевка"
    nt = normalize_text(original)
    assert original[slice(*nt.to_original(0, len(nt.text)))] == original


def test_to_original_rejects_empty_span() -> None:
    with pytest.raises(ValueError, match="empty or outside"):
        normalize_text("аул").to_original(1, 1)


def test_prereform_flag() -> None:
    assert normalize_text("Рижское обозрѣніе").prereform is True
    assert normalize_text("Рижское обозрение").prereform is False


def test_normalized_text_equality() -> None:
    assert normalize_text("е\u0308лка") == normalize_text("е\u0308лка")
    assert normalize_text("ёлка") != normalize_text("е\u0308лка")


# --------------------------------------------------------------------------------------------------------
# Pre-1918 spelling: word -> modern word
# --------------------------------------------------------------------------------------------------------
LETTER_CASES = {
    "ѣ": ("лѣсъ", "лес"),
    "Ѣ": ("Ѣдокъ", "Едок"),
    "і before vowel": ("Россія", "Россия"),
    "І capital": ("РОССІЯ", "РОССИЯ"),
    "і in міръ": ("міръ", "мир"),
    "ѳ": ("Ѳома", "Фома"),
    "ѳ lower": ("каѳедра", "кафедра"),
    "ѵ": ("сѵнодъ", "синод"),
    "Ѵ": ("Ѵпостась", "Ипостась"),
    "final ъ": ("городъ", "город"),
    "final Ъ all caps": ("ГОРОДЪ", "ГОРОД"),
    "ъ inside kept": ("съѣздъ", "съезд"),
    "ъ before hyphen": ("Санктъ-Петербургъ", "Санкт-Петербург"),
    "Latin i repaired first": ("Россiя", "Россия"),
}
WHOLE_WORD_CASES = {
    "ея": ("ея", "её"),
    "нея": ("нея", "неё"),
    "Ея title case": ("Ея", "Её"),
    "онѣ": ("онѣ", "они"),
    "однѣ": ("однѣ", "одни"),
    "однѣхъ": ("однѣхъ", "одних"),
    "однѣмъ": ("однѣмъ", "одним"),
    "однѣми": ("однѣми", "одними"),
}
# (word, prereform flag of the document) -> modern word
CONDITIONAL_CASES = {
    "-аго -> -ого": ("новаго", True, "нового"),
    "-аго after ш -> -его": ("хорошаго", True, "хорошего"),
    "-аго exception": ("большаго", True, "большого"),
    "-яго -> -его": ("синяго", True, "синего"),
    "-ыя -> -ые": ("новыя", True, "новые"),
    "-ія -> -ие": ("русскія", False, "русские"),
    "-ія noun stays -ия": ("армія", False, "армия"),
    "ѣ and -ія": ("лѣтнія", False, "летние"),
    "из- -> ис-": ("изпытаніе", False, "испытание"),
    "воз- -> вос-": ("возпитаніе", False, "воспитание"),
    "раз- + с": ("разсказъ", False, "рассказ"),
    "без- + с": ("безсильный", True, "бессильный"),
    "без- + ц with ѣ": ("безцѣнный", False, "бесценный"),
    "без- + п": ("безполезный", True, "бесполезный"),
    "из- + с with ѣ": ("изслѣдованіе", False, "исследование"),
    "compound parts": ("сѣверо-западнаго", False, "северо-западного"),
    "-аго in modern doc without old letters: kept": ("новаго", False, "новаго"),
    "без- in modern doc without old letters: kept": ("безполезный", False, "безполезный"),
    # OCR reads й as ё: repaired when the й-word is known and the ё-word is not, or (old print has no ё) always
    "OCR ё for й, unknown ё-word": ("которыё", False, "который"),
    "OCR ё for й, old document": ("воёска", True, "войска"),
    "OCR ё for й, with і": ("Россіеё", False, "Россией"),
    "OCR ё for й, old document, both words known": ("неё", True, "ней"),
    "ё of a known modern word kept": ("неё", False, "неё"),
    "ё kept when the й-word is unknown": ("всё", True, "всё"),
    "ея -> её is not then read as й": ("ея", True, "её"),
    # Soviet spellings before the 1956 rules, in every document
    "итти": ("итти", False, "идти"),
    "притти": ("Притти", False, "Прийти"),
    "повидимому": ("повидимому", False, "по-видимому"),
    "эксплоат-": ("эксплоататоров", False, "эксплуататоров"),
    "эксплоат- with і": ("эксплоатаціи", False, "эксплуатации"),
    "шопот": ("шопотом", False, "шёпотом"),
    "чорт": ("чорта", False, "чёрта"),
    "a known word with a Soviet stem is kept": ("Чортков", False, "Чортков"),
    "оффиц-": ("оффиціальное", False, "официальное"),
    "корридор-": ("корридоръ", False, "коридор"),
}
MODERN_WORDS_UNTOUCHED = ["благо", "много", "Чикаго", "изба", "безе", "низко", "Россия", "нового", "все", "их"]


@pytest.mark.parametrize(("word", "expected"), [*LETTER_CASES.values(), *WHOLE_WORD_CASES.values()],
                         ids=[*LETTER_CASES, *WHOLE_WORD_CASES])
def test_modernize_unconditional_rules(word: str, expected: str) -> None:
    assert modernize_word(word) == expected
    assert modernize_word(word, prereform=True) == expected


@pytest.mark.parametrize(("word", "prereform", "expected"), CONDITIONAL_CASES.values(), ids=CONDITIONAL_CASES)
def test_modernize_conditional_rules(word: str, prereform: bool, expected: str) -> None:
    assert modernize_word(word, prereform=prereform) == expected


@pytest.mark.parametrize("word", MODERN_WORDS_UNTOUCHED)
@pytest.mark.parametrize("prereform", [False, True])
def test_modern_words_untouched(word: str, prereform: bool) -> None:
    assert modernize_word(word, prereform=prereform) == word


#: Words on both sides of the plain-modern fast path of ``modernize_word`` (modern letters only, no final ъ).
FAST_PATH_WORDS = ["откочевка", "Откочёвка", "ВКП", "ея", "ЕЯ", "Ея", "нея", "онѣ", "домъ", "ДОМЪ", "съ", "объ",
                   "Кepublic", "кулaк", "сѣверо-западнаго", "байско-кулацкой", "новаго", "безполезный", "Я", "ъ",
                   "которыё", "её", "Ёлка", "итти", "эксплоатация", "чорт"]


@pytest.mark.parametrize("word", FAST_PATH_WORDS)
def test_modernize_fast_path_matches_full_rules(word: str, monkeypatch) -> None:
    from corpus_tools.normalize import prereform

    fast = prereform.modernize_word.__wrapped__(word)
    monkeypatch.setattr(prereform, "_PLAIN_MODERN_RE", re.compile(r"(?!)"))     # never matches: full rules
    assert prereform.modernize_word.__wrapped__(word) == fast


@pytest.mark.parametrize(("word", "expected"), [("Новаго", "Нового"), ("НОВАГО", "НОВОГО"), ("ЛѢТНІЯ", "ЛЕТНИЕ")])
def test_modernize_keeps_case_pattern(word: str, expected: str) -> None:
    assert modernize_word(word, prereform=True) == expected


def test_modernize_other_language_is_identity() -> None:
    assert modernize_word("бір", lang="kk") == "бір"
    assert norm_form("Бір", lang="kk") == "бір"


NORM_CASES = {
    "case and ё folded": ("Откочёвка", False, "откочевка"),
    "pre-reform to modern, folded": ("Россія", False, "россия"),
    "ея -> её -> ее": ("Ея", False, "ее"),
    "ending with document flag": ("Рижскаго", True, "рижского"),
    "homoglyph word": ("oткочевка", False, "откочевка"),
}


@pytest.mark.parametrize(("word", "prereform", "expected"), NORM_CASES.values(), ids=NORM_CASES)
def test_norm_form(word: str, prereform: bool, expected: str) -> None:
    assert norm_form(word, prereform=prereform) == expected


def test_fold() -> None:
    assert fold("ЁЛКА Ёж") == "елка еж"


PREREFORM_DOCS = {
    "ѣ": ("Въ лѣсу", True),
    "і in Russian": ("Россія", True),
    "ѳ": ("Ѳома", True),
    "ѵ": ("сѵнодъ", True),
    "final ъ only": ("Онъ пришелъ домой", True),
    "modern text": ("Откочевка началась весной 1930 года.", False),
    "one stray ъ in modern text": (" ".join(["слово"] * 60) + " объявилъ", False),
    "Kazakh Cyrillic with і": ("Қазақ елі бір", False),
    "empty": ("", False),
}


@pytest.mark.parametrize(("text", "expected"), PREREFORM_DOCS.values(), ids=PREREFORM_DOCS)
def test_has_prereform(text: str, expected: bool) -> None:
    assert has_prereform(text) is expected


@pytest.mark.parametrize(("text", "expected"), PREREFORM_DOCS.values(), ids=PREREFORM_DOCS)
def test_old_russian_marks_are_prereform_without_i(text: str, expected: bool) -> None:
    """The marks no Kazakh text has: what :func:`has_prereform` finds, except і on its own."""
    assert has_old_russian_marks(text) is (expected and text != "Россія")


# --------------------------------------------------------------------------------------------------------
# Data tables
# --------------------------------------------------------------------------------------------------------
def test_tables_are_consistent() -> None:
    assert all(len(k) == 1 and len(v) == 1 and k != v for k, v in HOMOGLYPHS.items())
    assert len(set(HOMOGLYPHS.values())) == len(HOMOGLYPHS)  # no two Latin letters map to one Cyrillic
    assert all(re.fullmatch("[\u0400-\u04ff]", v) for v in HOMOGLYPHS.values())
    assert all(len(k) == 1 for k in LETTER_RULES) and all(len(k) == 1 for k in INVISIBLE_CHARS)
    assert all(k.endswith("з") and all(v.endswith("с") for v in vs) for k, vs in PREFIX_RULES.items())
    assert all(k == k.lower() for k in WHOLE_WORD_RULES)
    assert all(k == k.lower() for k in SOVIET_WORD_RULES) and not set(SOVIET_WORD_RULES) & set(WHOLE_WORD_RULES)
    assert all(old != new and old == old.lower() for old, new in STEM_RULES)


# --------------------------------------------------------------------------------------------------------
# A 1 MB document, fast path and pre-reform OCR-like text (structure only: timings belong in scripts/)
# --------------------------------------------------------------------------------------------------------
def test_one_megabyte_document() -> None:
    clean = ("Откочевка началась весной, и аулсовет сообщил в Казкрайком.\n" * 17000)[:1_000_000]
    noisy = ("Въ городѣ оt-\nкочевка, бай\u00adско-\nкулацкой, зимо\u0308вка.\n" * 20000)[:1_000_000]
    for text in (clean, noisy):
        _check_structure(normalize_text(text), text)


# --------------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------------
def _check_structure(nt: NormalizedText, original: str) -> None:
    n = len(nt.text)
    assert nt.original_length == len(original)
    assert nt.starts.dtype == np.int64 and nt.ends.dtype == np.int64
    assert len(nt.starts) == len(nt.ends) == n
    if n:
        assert np.all(np.diff(nt.starts) >= 0) and np.all(np.diff(nt.ends) >= 0)
        assert np.all(nt.starts < nt.ends)
        assert nt.starts.min() >= 0 and nt.ends.max() <= len(original)


_ALPHABET = (
    "откочевкаёйбАОЕРСХіѣъ"  # Cyrillic, incl. pre-reform letters
    + "aceopxyiAOEPCHKMTu"  # Latin look-alikes and one letter without one
    + "\u0308\u0306\u0301"  # combining marks (all of class 230: NFC never reorders them)
    + "\u00ad\u200b\ufeff"  # invisibles
    + "-\u2010\u00ac \t\n\r.,1"  # hyphens, spacing, line breaks, punctuation, digit
)
_texts = st.text(alphabet=_ALPHABET, max_size=60)
_WORD_RUN = re.compile(r"[^\W\d_]+")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_property_offsets_are_a_partition(original: str) -> None:
    """Spans are non-empty, ordered, and tile the original exactly (no gap, no overlap)."""
    nt = normalize_text(original)
    _check_structure(nt, original)
    if nt.text:
        assert nt.starts[0] == 0 and nt.ends[-1] == len(original)
        assert np.array_equal(nt.starts[1:], nt.ends[:-1])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_property_word_runs_round_trip(original: str) -> None:
    """Every maximal letter run maps to an original slice that normalizes back to the same run."""
    nt = normalize_text(original)
    for m in _WORD_RUN.finditer(nt.text):
        s, e = nt.to_original(m.start(), m.end())
        assert normalize_text(original[s:e], prereform=nt.prereform).text == m.group()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_property_any_unicode_keeps_structure(original: str) -> None:
    nt = normalize_text(original)
    _check_structure(nt, original)
    assert not set(nt.text) & set(INVISIBLE_CHARS)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="откочевкаёйіѣъѳѵОТКЪІѢaceopiAEO-", min_size=1, max_size=15), st.booleans())
def test_property_modernize_is_idempotent_and_clean(word: str, prereform: bool) -> None:
    modern = modernize_word(word, prereform=prereform)
    assert not set(modern) & set(LETTER_RULES)
    assert modernize_word(modern, prereform=prereform) == modern
    assert norm_form(word, prereform=prereform) == fold(modern)


@pytest.mark.parametrize(("word", "folded"), [
    ("Откочёвка", "откочевка"), ("ЁЛКА", "елка"), ("приме\u0301р", "пример"), ("за\u0300мок", "замок"),
])
def test_fold_case_yo_and_stress(word, folded):
    from corpus_tools.normalize import fold

    assert fold(word) == folded
