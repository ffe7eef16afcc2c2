"""Script and language detection for Russian and Kazakh documents, sentences and words.

* :func:`detect_script` — "Cyrl", "Latn", "Arab", "mixed" or "none", by letter counts.
* :func:`detect_language` — "ru", "kk", "mixed" or "und". Cyrillic text is scored word by word
  (:func:`word_score`) with three kinds of evidence, summed as log-likelihood ratios (positive = Kazakh):
  (1) a Kazakh-specific letter (ә ғ қ ң ө ұ ү һ і) — decisive for Kazakh, and a letter of pre-1918 Russian
  spelling (ѣ ѳ ѵ, a word-final ъ) — decisive for Russian; in a text that shows old spelling
  (:func:`~corpus_tools.normalize.has_old_russian_marks`) і is the Russian letter and is read as и;
  (2) frequent function words of either language (:data:`KK_FUNCTION_WORDS`, :data:`RU_FUNCTION_WORDS`,
  hand-written); (3) character 1–3-gram log-likelihood ratios trained by ``scripts/train_langdetect.py`` on UD
  train/dev sentences only (:mod:`.langdetect_profile`, CC BY-SA 4.0). Latin- and Arabic-script text is Kazakh (Jaŋalif, töte jazu)
  unless it looks like another language (:data:`FOREIGN_LATIN_WORDS`, Arabic article / Arabic-only letters).
* :func:`detect_words` — per-token language inside a sentence, so that Kazakh words quoted in a Russian
  report («көшу», «жайляу») are not given to the Russian analyzer.

References
----------
W. B. Cavnar and J. M. Trenkle (1994), "N-Gram-Based Text Categorization", Proc. SDAIR-94 (character
n-gram profiles); naive Bayes over n-grams as in T. Baldwin and M. Lui (2010), "Language Identification:
The Long and the Short of the Matter", NAACL-HLT.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Iterable, Sequence

from .langdetect_profile import NGRAM_LLR
from .prereform import has_old_russian_marks

__all__ = [
    "FOREIGN_LATIN_WORDS",
    "KK_FUNCTION_WORDS",
    "KK_LETTERS",
    "RU_FUNCTION_WORDS",
    "detect_language",
    "detect_script",
    "detect_words",
    "split_sentences",
    "word_score",
]

#: Letters of Kazakh Cyrillic that Russian does not have (upper case is folded before the test).
KK_LETTERS = frozenset("әғқңөұүһі")
#: The Kazakh letters pre-1918 Russian spelling does not have either (all but і).
KK_ONLY_LETTERS = KK_LETTERS - {"і"}
#: Letters of pre-1918 Russian spelling that Kazakh Cyrillic does not have (with a word-final ъ).
OLD_RU_LETTERS = frozenset("ѣѳѵ")

#: Frequent Kazakh words without a Kazakh-specific letter (hand-written; words that are also Russian words,
#: such as мен/не/да/о, are left out).
KK_FUNCTION_WORDS = frozenset(
    "және бен пен деп ол олар осы сол бар жоқ еді екен емес бір де ма ме ба бе пе ғой қой "
    "мына анау сен соң бойынша арқылы туралы үшін бірақ яки немесе ал енді тағы әр әрі кейін дейін "
    "шейін сияқты секілді болып болды болса болған болады деген деді дейді жатыр отыр тұр ғана "
    "барлық барша ешкім ештеме кім қайда қашан неге неше жыл жылы жерде елде адам бала ана ата аға апа".split()
)
#: Frequent Russian words (hand-written; words that are also Kazakh words, such as да/не/о/мен/бар, left out).
RU_FUNCTION_WORDS = frozenset(
    "и в во на с со что как а то он она оно они это по к ко но из у за от же так для бы вы мы я ты его ее её "
    "их ему ей им был была было были все всё только уже или нет если когда где там тут при без до под над "
    "чтобы может еще ещё очень вот ли ни себя который которая которые которых этот эта эти этого том тем "
    "также тоже даже после через между про об перед при более можно нужно надо быть есть будет свой своей".split()
)
#: Frequent words of languages written in Latin script that are not Kazakh (English, German, French, Latin).
FOREIGN_LATIN_WORDS = frozenset(
    "the and of to in is that for with on as by this are was from der die das und ist nicht mit von zu den "
    "le la les et est des une un du en dans pour que qui sur pas et cum est non ad ex per".split()
)
#: Letters of Jaŋalif absent from the Latin alphabets of western languages.
_JANGALIF_LETTERS = frozenset("əɵƣƶꞑŋşʙƅūɵǝ") | frozenset("ьқ")
#: Arabic-script letters outside Baitursynov's inventory (frequent in Arabic and Persian text).
_ARABIC_ONLY = frozenset("ثذصضطظعحخة")
#: Letters used by Kazakh (and Uyghur/Chinese-Kazakh) Arabic script but not by Arabic.
_KAZAKH_ARABIC = frozenset("ۇۋڭەٴٵٶٷٸ")

KK_LETTER_SCORE = 6.0
FUNCTION_WORD_SCORE = 4.0
#: A word counts as clearly Kazakh / Russian when its score passes ± this value (see :func:`detect_words`).
WORD_THRESHOLD = 2.0
#: A text is "mixed" when the minority language holds at least this share of the clearly-labelled words and
#: at least :data:`MIXED_MIN_WORDS` of them.
MIXED_SHARE = 0.3
MIXED_MIN_WORDS = 3

_SCRIPT_RANGES = {
    "Cyrl": "\u0400-\u052f\u1c80-\u1c8f\ua640-\ua69f",
    "Latn": "A-Za-z\u00c0-\u024f\u0250-\u02af\u1d00-\u1dbf\u1e00-\u1eff\ua720-\ua7ff",
    "Arab": "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff",
}
_SCRIPT_RES = {k: re.compile(f"[{v}]") for k, v in _SCRIPT_RANGES.items()}
_WORD_RE = re.compile(r"[^\W\d_]+")
_CYRILLIC_RE = _SCRIPT_RES["Cyrl"]
#: A script holds the text alone when the others together have less than this share of its letters.
SCRIPT_MIXED_SHARE = 0.2


def _word_script(word: str) -> str | None:
    counts = {s: len(r.findall(word)) for s, r in _SCRIPT_RES.items()}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else None


def detect_script(text: str) -> str:
    """The script of a text: "Cyrl", "Latn", "Arab", "mixed" or "none" (no letters).

    Each word takes the script of most of its letters (so Cyrillic ь inside a Jaŋalif word counts as Latin);
    the text takes the script of most letters, or "mixed" when other scripts hold at least
    :data:`SCRIPT_MIXED_SHARE` of its letters. Roman numerals and a few Latin abbreviations in a Cyrillic
    text stay below that share.
    """
    totals = dict.fromkeys(_SCRIPT_RES, 0)
    for word, count in Counter(_WORD_RE.findall(text)).items():     # each distinct word once
        script = _word_script(word)
        if script is not None:
            totals[script] += len(word) * count
    n = sum(totals.values())
    if n == 0:
        return "none"
    best = max(totals, key=totals.__getitem__)
    return best if (n - totals[best]) / n < SCRIPT_MIXED_SHARE else "mixed"


def _ngram_score(low: str) -> float:
    padded = f" {low} "
    grams = [padded[i:i + n] for n in (1, 2, 3) for i in range(len(padded) - n + 1) if padded[i:i + n].strip()]
    if not grams:
        return 0.0
    mean = sum(NGRAM_LLR.get(g, 0.0) for g in grams) / len(grams)
    return max(-KK_LETTER_SCORE, min(KK_LETTER_SCORE, 3.0 * mean))


def word_score(word: str, *, old_spelling: bool = False) -> float:
    """Log-likelihood-style evidence that a Cyrillic word is Kazakh (> 0) rather than Russian (< 0).

    A Kazakh-specific letter gives :data:`KK_LETTER_SCORE`, a letter of old Russian spelling (ѣ ѳ ѵ, a final ъ)
    minus that; a listed function word ± :data:`FUNCTION_WORD_SCORE`; any other word three times the mean
    n-gram log-likelihood ratio, clipped to ± :data:`KK_LETTER_SCORE`. With ``old_spelling`` (the text uses
    pre-1918 Russian spelling) і is not Kazakh evidence: the word is scored with и in its place («Россія»).
    Words without Cyrillic letters score 0.
    """
    low = word.lower()
    if not _CYRILLIC_RE.search(low):
        return 0.0
    if any(ch in KK_ONLY_LETTERS for ch in low):
        return KK_LETTER_SCORE
    if any(ch in OLD_RU_LETTERS for ch in low) or (low[-1] == "ъ" and len(low) > 1):
        return -KK_LETTER_SCORE
    if "і" in low:
        if not old_spelling:
            return KK_LETTER_SCORE
        low = low.replace("і", "и")
    if low in KK_FUNCTION_WORDS:
        return FUNCTION_WORD_SCORE
    if low in RU_FUNCTION_WORDS:
        return -FUNCTION_WORD_SCORE
    return _ngram_score(low)


def _latin_language(words: list[str], *, default: str = "kk") -> str:
    low = [w.lower() for w in words]
    foreign = sum(w in FOREIGN_LATIN_WORDS for w in low)
    kazakh = sum(any(ch in _JANGALIF_LETTERS for ch in w) for w in low)
    if foreign > kazakh:
        return "und"
    return "kk" if kazakh else default


def _arabic_language(words: list[str], *, default: str = "kk") -> str:
    kazakh = sum(any(ch in _KAZAKH_ARABIC for ch in w) for w in words)
    arabic = sum(w.startswith("ال") or any(ch in _ARABIC_ONLY for ch in w) for w in words)
    if arabic > kazakh:
        return "und"
    return "kk" if kazakh else default


def _cyrillic_language(words: Sequence[str], old_spelling: bool = False) -> str:
    scores = [word_score(w, old_spelling=old_spelling) for w in words if _CYRILLIC_RE.search(w)]
    if not scores:
        return "und"
    n_kk = sum(s >= WORD_THRESHOLD for s in scores)
    n_ru = sum(s <= -WORD_THRESHOLD for s in scores)
    minority = min(n_kk, n_ru)
    if minority >= MIXED_MIN_WORDS and minority / (n_kk + n_ru) >= MIXED_SHARE:
        return "mixed"
    return "kk" if sum(scores) > 0 else "ru"


_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])\s+|\n\s*\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans ``[start, end)`` for language detection (end punctuation + space, blank lines)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END_RE.finditer(text):
        if text[pos:m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def detect_language(text: str, *, by_sentence: bool = False, old_spelling: bool | None = None) -> str:
    """The language of a text: "ru", "kk", "mixed" or "und".

    Parameters
    ----------
    text : str
        A sentence or a document.
    by_sentence : bool, default False
        Decide each sentence (:func:`split_sentences`) and combine: "mixed" when both languages hold at least
        :data:`MIXED_SHARE` of the letters of the decided sentences — use it for documents (a bilingual
        decree); without it the whole text is scored as one sentence.
    old_spelling : bool or None, default None
        The text uses pre-1918 Russian spelling, so that і is a Russian letter (:func:`word_score`); ``None``:
        :func:`~corpus_tools.normalize.has_old_russian_marks` of ``text`` (with ``by_sentence``, of
        the whole text, which then holds for each sentence). і alone is not taken for old spelling: it is a
        Kazakh letter too.

    Returns
    -------
    str
        Cyrillic text: "kk" or "ru" by the sign of the summed :func:`word_score`; "mixed" when at least
        :data:`MIXED_MIN_WORDS` clearly labelled words and :data:`MIXED_SHARE` of them are of the minority
        language. Latin and Arabic script: "kk" unless more words look foreign than Kazakh ("und").
        "und" when the text has no letters. A text in several scripts is decided by its main script, or is
        "mixed" when Cyrillic and another script give different languages (Latin and Arabic words beside
        Cyrillic count as Kazakh only when they have Kazakh letters: a Russian text naming «Ars Electronica»
        stays Russian).
    """
    if old_spelling is None:
        old_spelling = has_old_russian_marks(text)
    if by_sentence:
        shares: dict[str, int] = {}
        for lo, hi in split_sentences(text):
            lang = detect_language(text[lo:hi], old_spelling=old_spelling)
            shares[lang] = shares.get(lang, 0) + len(_WORD_RE.findall(text[lo:hi]))
        decided = {k: v for k, v in shares.items() if k in ("ru", "kk", "mixed")}
        total = sum(decided.values())
        if not total:
            return "und"
        if shares.get("mixed", 0) / total >= MIXED_SHARE or (
            min(decided.get("ru", 0), decided.get("kk", 0)) / total >= MIXED_SHARE
        ):
            return "mixed"
        return max(decided, key=decided.__getitem__)
    words = _WORD_RE.findall(text)
    by_script: dict[str, list[str]] = {}
    for w in words:
        s = _word_script(w)
        if s is not None:
            by_script.setdefault(s, []).append(w)
    script = detect_script(text)
    if script == "none":
        return "und"
    if script == "Latn":
        return _latin_language(by_script["Latn"])
    if script == "Arab":
        return _arabic_language(by_script["Arab"])
    if script == "Cyrl":
        return _cyrillic_language(by_script["Cyrl"], old_spelling)
    langs = {
        "Cyrl": _cyrillic_language(by_script.get("Cyrl", []), old_spelling),
        # Beside Cyrillic, Latin or Arabic words are Kazakh only with Kazakh letters (names, brands otherwise).
        "Latn": _latin_language(by_script.get("Latn", []), default="und"),
        "Arab": _arabic_language(by_script.get("Arab", []), default="und"),
    }
    found = {v for v in langs.values() if v != "und"}
    return found.pop() if len(found) == 1 else ("mixed" if found else "und")


def detect_words(
    tokens: Iterable[str],
    *,
    sentence_lang: str | None = None,
    is_russian_word: Callable[[str], bool] | None = None,
    old_spelling: bool | None = None,
) -> list[str]:
    """Language of each token of one sentence: "kk", "ru" or "und" (no letters / no evidence).

    Parameters
    ----------
    tokens : iterable of str
        The sentence's tokens (word forms as written).
    sentence_lang : {"ru", "kk", "mixed"} or None, default None
        The sentence's language; ``None`` = :func:`detect_language` of the tokens joined by spaces.
    is_russian_word : callable or None, default None
        A dictionary test for Russian words (e.g. ``corpus_tools.normalize._morph.is_known``). With it, a
        word without Kazakh letters in a Russian sentence is Kazakh when the dictionary does not know it and
        its :func:`word_score` is positive («жайляу»); without it, only when its score passes
        :data:`WORD_THRESHOLD`.
    old_spelling : bool or None, default None
        The text uses pre-1918 Russian spelling (і is then Russian); ``None``:
        :func:`~corpus_tools.normalize.has_old_russian_marks` of the tokens joined by spaces. Pass
        the document's value.

    Returns
    -------
    list of str
        In a Kazakh sentence every Cyrillic, Latin or Arabic word is "kk". In a Russian or mixed sentence a
        word is "kk" when it has a Kazakh-specific letter («көшу») or is a listed Kazakh function word,
        or by the n-gram/dictionary rule above; other Cyrillic words are "ru" (in a mixed sentence: by the
        sign of the score). Tokens without letters are "und".
    """
    if isinstance(tokens, str):
        raise TypeError("detect_words takes a list of tokens, not one string: pass text.split() or the tokens")
    tokens = list(tokens)
    if old_spelling is None:
        old_spelling = has_old_russian_marks(" ".join(tokens))
    if sentence_lang is None:
        sentence_lang = detect_language(" ".join(tokens), old_spelling=old_spelling)
    out: list[str] = []
    for tok in tokens:
        if not _WORD_RE.search(tok):
            out.append("und")
            continue
        if not _CYRILLIC_RE.search(tok):
            out.append("kk" if sentence_lang == "kk" else "und")
            continue
        if sentence_lang == "kk":
            out.append("kk")
            continue
        score = word_score(tok, old_spelling=old_spelling)
        if sentence_lang == "mixed":
            out.append("kk" if score > 0 else "ru")
        elif score >= WORD_THRESHOLD:
            out.append("kk")
        elif is_russian_word is not None and score > 0 and not is_russian_word(tok):
            out.append("kk")
        else:
            out.append("ru")
    return out
