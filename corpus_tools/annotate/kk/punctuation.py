"""Affix rules of the Kazakh tokenizer: spaCy's defaults without hyphen splitting between letters.

Kazakh writes paired words with a hyphen (``бала-шаға``, ``ата-ана``, ``қарым-қатынас``) and attaches case
endings to numbers and abbreviations with one (``1930-жылы``, ``55-ші``, ``КСРО-ның``, ``ВКП(б)-ның``); the
UD Kazakh treebank keeps all of these as one token, so the hyphen is not an infix here. A dash (``—``, ``–``,
``--``) between words still splits.
"""
from __future__ import annotations

import re

from spacy.lang.char_classes import (
    ALPHA,
    ALPHA_LOWER,
    ALPHA_UPPER,
    CONCAT_QUOTES,
    LIST_ELLIPSES,
    LIST_ICONS,
)
from spacy.lang.punctuation import TOKENIZER_PREFIXES
from spacy.lang.punctuation import TOKENIZER_SUFFIXES as _SUFFIXES

__all__ = ["KAZAKH_UPPER", "KAZAKH_LOWER", "MISSING_LOWER", "MISSING_UPPER", "TOKENIZER_INFIXES", "TOKENIZER_PREFIXES", "TOKENIZER_SUFFIXES",
           "TOKEN_MATCH"]

#: Kazakh letters missing from spaCy's letter classes (which were made for Tatar and Ukrainian): without them
#: ``ауыл—қала`` stays one token and ``ақ.`` keeps its period.
MISSING_UPPER = "ҒҚҰ"
MISSING_LOWER = "ғқұ"
_A = ALPHA + MISSING_UPPER + MISSING_LOWER
_AL = ALPHA_LOWER + MISSING_LOWER
_AU = ALPHA_UPPER + MISSING_UPPER

KAZAKH_UPPER = "А-ЯЁӘҒҚҢӨҰҮҺІ"
KAZAKH_LOWER = "а-яёәғқңөұүһі"

TOKENIZER_INFIXES: list[str] = [
    *LIST_ELLIPSES,
    *LIST_ICONS,
    r"(?<=[0-9])[+*^](?=[0-9])",
    rf"(?<=[{_AL}{CONCAT_QUOTES}])\.(?=[{_AU}{CONCAT_QUOTES}])",
    rf"(?<=[{_A}]),(?=[{_A}])",
    rf"(?<=[{_A}0-9])(?:—|–|―|-{{2,}}|~)(?=[{_A}])",
    rf"(?<=[{_A}0-9])[:<>=/](?=[{_A}])",
]

#: Suffixes: spaCy's defaults plus a period after the letters spaCy's classes lack.
TOKENIZER_SUFFIXES: list[str] = [*_SUFFIXES, rf"(?<=[{MISSING_UPPER}{MISSING_LOWER}])\."]

#: Whole tokens never split: party names with a bracketed letter, with or without a hyphenated ending
#: (``ВКП(б)``, ``ВКП(б)-ның``, ``КП(б)У``), and slash abbreviations (``а/с``).
TOKEN_MATCH = re.compile(
    rf"^(?:[{KAZAKH_UPPER}]{{1,6}}\([{KAZAKH_LOWER}]{{1,2}}\)[{KAZAKH_UPPER}]{{0,2}}(?:-[{KAZAKH_LOWER}]+)?"
    rf"|[{KAZAKH_UPPER}{KAZAKH_LOWER}]{{1,2}}/[{KAZAKH_UPPER}{KAZAKH_LOWER}]{{1,2}})$"
)
