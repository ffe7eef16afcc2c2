"""Import spaCy without letting thinc import torch.

thinc (spaCy's machine-learning layer) imports torch at start-up whenever torch is installed — as it is with
the ``stanza`` extra — which costs a few hundred MB of memory in every annotating process. The tokenizers here
use no neural model, so spaCy is imported with ``import torch`` made to fail; torch stays importable
afterwards (stanza imports it itself). When torch or spaCy is already loaded nothing is changed.
"""
from __future__ import annotations

import sys

__all__ = ["import_spacy"]


def import_spacy():
    """The ``spacy`` module, imported (once) without torch."""
    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None          # type: ignore[assignment]  # ``import torch`` raises ImportError
    try:
        import spacy
        import thinc.api  # noqa: F401  (thinc decides whether torch is there while it is blocked)
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]
    return spacy
