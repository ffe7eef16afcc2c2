"""Context features of a word for the Kazakh UPOS tagger.

Kazakh is agglutinative and suffixing: the last letters of a word carry case, possession, tense and person,
so suffixes of the word and of its neighbours are the main evidence; a few shape flags cover numbers,
capitals and punctuation. Features are strings (``"s3=ған"``) so a model stores them by name.
"""
from __future__ import annotations

__all__ = ["MAX_SUFFIX", "sentence_features", "shape", "word_features"]

#: Longest word suffix used as a feature.
MAX_SUFFIX = 5
_PAD = "<s>"
_END = "</s>"


def shape(word: str) -> str:
    """Coarse word shape: punctuation, number, number with an ending, capitalized, upper-case or lower-case."""
    if not any(c.isalnum() for c in word):
        return "P"
    if word.isdigit():
        return "D"
    if word[0].isdigit():
        return "Dx"
    if word.isupper() and len(word) > 1:
        return "U"
    if word[0].isupper():
        return "C"
    return "-" if "-" in word else "l"


def word_features(word: str, prefix: str, *, full: bool = True) -> list[str]:
    """Features of one word, each name prefixed by its position label (``"0"``, ``"-1"``, ``"+1"``)."""
    w = word.lower()
    out = [f"{prefix}w={w}", f"{prefix}sh={shape(word)}"]
    n = MAX_SUFFIX if full else 3
    for k in range(1, min(n, len(w) - 1) + 1):
        out.append(f"{prefix}s{k}={w[-k:]}")
    if full:
        for k in range(1, min(3, len(w)) + 1):
            out.append(f"{prefix}p{k}={w[:k]}")
        out.append(f"{prefix}len={min(len(w), 10)}")
    return out


def sentence_features(words: list[str]) -> list[list[str]]:
    """Feature lists for every word of a sentence (the word, one neighbour either side, two words away)."""
    n = len(words)
    feats: list[list[str]] = []
    for i, word in enumerate(words):
        f = ["bias", *word_features(word, "0")]
        if i == 0:
            f.append("first")
        f += word_features(words[i - 1], "-1", full=False) if i > 0 else [f"-1w={_PAD}"]
        f += word_features(words[i + 1], "+1", full=False) if i + 1 < n else [f"+1w={_END}"]
        f.append(f"-2w={words[i - 2].lower() if i > 1 else _PAD}")
        f.append(f"+2w={words[i + 2].lower() if i + 2 < n else _END}")
        f.append(f"0s2+1s2={word.lower()[-2:]}|{words[i + 1].lower()[-2:] if i + 1 < n else _END}")
        feats.append(f)
    return feats
