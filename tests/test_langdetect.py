"""Script and language detection (Russian / Kazakh; Cyrillic / Latin / Arabic)."""
from __future__ import annotations

import pytest

from corpus_tools.normalize.langdetect import (
    KK_FUNCTION_WORDS,
    RU_FUNCTION_WORDS,
    WORD_THRESHOLD,
    detect_language,
    detect_script,
    detect_words,
    word_score,
)

SCRIPTS = [
    ("Откочевка аулов началась рано.", "Cyrl"),
    ("Біз ауылға бардық.", "Cyrl"),
    ("Biz avьlƣa ʙardьq.", "Latn"),  # Cyrillic ь inside Jaŋalif words counts as Latin
    ("ٴبىز اۋىلعا باردىق.", "Arab"),
    ("Откочевка; Biz avьlƣa ʙardьq, ʙardьq.", "mixed"),
    ("1930 — 12, 15.", "none"),
    ("Фестиваль Ars основан в Линце, в Австрии, в тысяча девятьсот семьдесят девятом году.", "Cyrl"),
]
# Constructed sentences (not quotations), plus two short ones.
LANGUAGES = [
    ("Весенняя откочевка аулов на джайляу началась рано.", "ru"),
    ("Под влиянием байской агитации началась откочевка в Китай.", "ru"),
    ("Біз ауылға бардық, жиналыс болды.", "kk"),
    ("Ол бермеген.", "kk"),  # no Kazakh letter: function word + n-grams
    ("Мен олай деп санамаймын.", "kk"),
    ("Biz avьlƣa ʙardьq.", "kk"),
    ("The report of the commission.", "und"),
    ("ٴبىز اۋىلعا باردىق.", "kk"),
    ("В 1979 году Франке основал Ars Electronica в Линце.", "ru"),
    ("👍", "und"),
    ("Кочевники ушли из аулов на юг и в горы, и скот угнали. Біз ауылға бардық, жиналыс болды, мал жоқ.", "mixed"),
]


@pytest.mark.parametrize(("text", "script"), SCRIPTS)
def test_detect_script(text, script):
    assert detect_script(text) == script


@pytest.mark.parametrize(("text", "lang"), LANGUAGES)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


# Old Russian spelling: і is a letter of pre-1918 Russian as well as of Kazakh (constructed sentences).
OLD_SPELLING = [
    ("Въ Россіи 5 іюля было засѣданіе комиссіи.", "ru"),     # ѣ, final ъ: і is Russian
    ("Умершіе: Александръ Георгіевичъ, 11 іюля, Петроградъ.", "ru"),   # final ъ on 3 of 6 words
    ("Біз ауылға бардық.", "kk"),                             # Kazakh-only letters stay decisive
    ("Біз келдік.", "kk"),                                    # і alone, no old Russian mark: Kazakh
]


@pytest.mark.parametrize(("text", "lang"), OLD_SPELLING)
def test_detect_language_old_spelling(text, lang):
    assert detect_language(text) == lang


def test_old_russian_letters_are_russian_evidence():
    assert word_score("засѣданіе") < -WORD_THRESHOLD and word_score("Петроградъ") < -WORD_THRESHOLD
    assert word_score("Россіи") > WORD_THRESHOLD                       # і alone: Kazakh, unless ...
    assert word_score("Россіи", old_spelling=True) < 0                  # ... the text is of old spelling
    assert word_score("қазақ", old_spelling=True) > WORD_THRESHOLD       # ә ғ қ ң ө ұ ү һ: Kazakh always


def test_document_of_old_spelling_is_russian_sentence_by_sentence():
    # the second sentence has і but no mark of its own: the document's ѣ and ъ decide
    doc = "Въ городѣ открыты кухни для бѣженцевъ. Россія и Германія. Комиссія собралась."
    assert detect_language(doc, by_sentence=True) == "ru"
    assert detect_language("Россія и Германія.") == "kk"               # alone, і is read as Kazakh
    assert detect_words(["Россія", "и", "Германія"], sentence_lang="ru", old_spelling=True) == ["ru"] * 3


def test_document_by_sentence():
    doc = "Постановление о земле. Жер туралы қаулы. Весь скот остается у хозяйств. Мал шаруашылықта қалады."
    assert detect_language(doc, by_sentence=True) == "mixed"
    assert detect_language("Біз ауылға бардық. Жиналыс болды.", by_sentence=True) == "kk"


# (tokens of a Russian sentence, expected labels): Kazakh words must not go to pymorphy3.
WORDS = [
    ("Весной начинается көшу аулов .".split(), ["ru", "ru", "kk", "ru", "und"]),
    ("Скот угнали на жайляу и в горы".split(), ["ru", "ru", "ru", "kk", "ru", "ru", "ru"]),
]


@pytest.mark.parametrize(("tokens", "labels"), WORDS)
def test_detect_words_in_russian_sentence(tokens, labels):
    from corpus_tools.normalize._morph import is_known

    assert detect_words(tokens, sentence_lang="ru", is_russian_word=is_known) == labels


def test_detect_words_kazakh_letter_without_dictionary():
    assert detect_words(["Началась", "көшу"], sentence_lang="ru") == ["ru", "kk"]


def test_detect_words_in_kazakh_sentence_are_kazakh():
    assert detect_words(["Ол", "бермеген", "."]) == ["kk", "kk", "und"]


def test_detect_words_refuses_a_string():
    with pytest.raises(TypeError, match="list of tokens"):
        detect_words("Ол бермеген")


def test_function_word_lists_do_not_overlap():
    assert not KK_FUNCTION_WORDS & RU_FUNCTION_WORDS


def test_profile_is_small_and_cyrillic():
    from corpus_tools.normalize.langdetect_profile import NGRAM_LLR

    assert 200 < len(NGRAM_LLR) < 3000
    assert all("\u0400" <= ch <= "\u04ff" or ch == " " for g in NGRAM_LLR for ch in g)
