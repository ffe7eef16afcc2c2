"""Term tracking: lexicon of concepts, concept → query compilation, variants, and usage-level meaning shift."""
from __future__ import annotations

from .compile import TermQuery, compile_concept, compile_term, concept_matches_sql
from .lexicon import Concept, Lexicon, LexiconError, Pattern, UnknownConceptError, load_lexicons
from .variants import concept_hits, concept_variants

__all__ = [
    "Concept",
    "Lexicon",
    "LexiconError",
    "Pattern",
    "TermQuery",
    "UnknownConceptError",
    "compile_concept",
    "compile_term",
    "concept_hits",
    "concept_matches_sql",
    "concept_variants",
    "load_lexicons",
]
