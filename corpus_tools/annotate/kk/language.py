"""The spaCy ``Language`` for Kazakh (spaCy ships none), registered under ``kk``.

Importing :mod:`corpus_tools` (or this module) registers the class, after which ``spacy.blank("kk")`` works.
"""
from __future__ import annotations

from spacy.language import BaseDefaults, Language
from spacy.util import registry

from .lex_attrs import LEX_ATTRS
from .punctuation import TOKEN_MATCH, TOKENIZER_INFIXES, TOKENIZER_PREFIXES, TOKENIZER_SUFFIXES
from .stop_words import STOP_WORDS
from .tokenizer_exceptions import TOKENIZER_EXCEPTIONS

__all__ = ["Kazakh", "KazakhDefaults", "register"]


class KazakhDefaults(BaseDefaults):
    """Tokenizer tables, stop words and lexical attributes of :class:`Kazakh`."""

    tokenizer_exceptions = TOKENIZER_EXCEPTIONS
    prefixes = TOKENIZER_PREFIXES
    suffixes = TOKENIZER_SUFFIXES
    infixes = TOKENIZER_INFIXES
    token_match = TOKEN_MATCH.match
    lex_attr_getters = LEX_ATTRS
    stop_words = STOP_WORDS


class Kazakh(Language):
    """Kazakh (``kk``): tokenizer for Cyrillic Kazakh, stop words, ``like_num``."""

    lang = "kk"
    Defaults = KazakhDefaults


def register() -> None:
    """Register :class:`Kazakh` under ``kk`` in spaCy's language registry (idempotent)."""
    # spaCy's registry holds the Language class itself (this is what ``spacy.util.set_lang_class`` does)
    if "kk" not in registry.languages:
        registry.languages.register("kk", func=Kazakh)


register()
