"""Usage-level shift measures on small synthetic samples whose contexts are known by construction."""
from __future__ import annotations

import random

import numpy as np
import pytest

from corpus_tools.terms.contexts import content_lemmas
from corpus_tools.terms.shift import ShiftError, apd, compare_usages, prt_change
from corpus_tools.terms.space import ContextSpace, SpaceError

#: Context vocabularies of two senses of «откочевка».
SEASONAL = ["весенний", "аул", "джайляу", "пастбище", "зимовка", "летовка", "колодец", "скот", "трава", "кочевка"]
FLIGHT = ["граница", "китай", "кордон", "голод", "агитация", "бай", "хозяйство", "бегство", "округ", "спецсводка"]


def sentences(vocab: list[str], n: int, rng: random.Random) -> list[str]:
    return [f"{' '.join(rng.sample(vocab, 3))} откочевка {' '.join(rng.sample(vocab, 3))}" for _ in range(n)]


def test_shift_detected_when_later_contexts_differ():
    rng = random.Random(1)
    r = compare_usages("откочевка", sentences(SEASONAL, 25, rng), sentences(FLIGHT, 25, rng), dims=10,
                       n_permutations=300, seed=0)
    assert r["p_value"] < 0.01 and r["p_prt"] < 0.01 and r["p_apd"] < 0.01
    assert r["prt_change"] > 0.3
    assert r["n_earlier"] == r["n_later"] == 25
    lo, hi = r["ci"]["relatedness"]
    assert lo <= r["relatedness"] <= hi


def test_no_shift_when_both_samples_come_from_one_distribution():
    rng = random.Random(2)
    mixed = sentences(SEASONAL, 25, rng) + sentences(FLIGHT, 25, rng)
    rng.shuffle(mixed)
    r = compare_usages("откочевка", mixed[:25], mixed[25:], dims=10, n_permutations=300, seed=0)
    assert r["p_value"] > 0.1
    assert r["prt_change"] < 0.1


def test_shifted_pair_is_less_related_than_unshifted_pair():
    rng = random.Random(3)
    a, b = sentences(SEASONAL, 20, rng), sentences(SEASONAL, 20, rng)
    c = sentences(FLIGHT, 20, rng)
    space = ContextSpace(dims=10).fit([content_lemmas(s) for s in a + b + c])
    same = compare_usages("откочевка", a, b, space=space, n_bootstrap=0)
    moved = compare_usages("откочевка", a, c, space=space, n_bootstrap=0)
    assert moved["relatedness"] < same["relatedness"]


def test_measures_by_hand():
    a = np.array([[1.0, 0.0], [1.0, 0.0]])
    b = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert prt_change(a, b) == pytest.approx(1 - 1 / np.sqrt(2))
    assert apd(a, b) == pytest.approx(0.5)


def test_target_is_not_its_own_context():
    assert "откочевка" not in content_lemmas("Откочевка аулов на джайляу.", drop=frozenset({"откочевка"}))
    assert content_lemmas("Откочевка аулов на джайляу.") == ["откочевка", "аул", "джайляу"]


ERRORS = [
    ("one string", dict(earlier_texts="откочевка аулов", later_texts=["a"]), ShiftError, "list of usages"),
    ("too few permutations", dict(earlier_texts=["a"], later_texts=["b"], n_permutations=50), ShiftError,
     "at least 200"),
]


@pytest.mark.parametrize("name,kwargs,exc,msg", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors(name, kwargs, exc, msg):
    with pytest.raises(exc, match=msg):
        compare_usages("откочевка", **kwargs)


def test_too_few_usages_and_tiny_text():
    with pytest.raises(ShiftError, match="at least 2 usages"):
        compare_usages("откочевка", ["откочевка аулов на джайляу весной"], ["откочевка в Китай от голода"])
    with pytest.raises(SpaceError, match="give more text"):
        ContextSpace().fit([["аул"]])


def test_refit_replaces_learned_state():
    s = ContextSpace(dims=2).fit([["аул", "джайляу", "скот", "трава"]] * 3)
    s.fit([["граница", "китай", "голод"]] * 3)
    assert set(s.vocab_) == {"граница", "китай", "голод"}


# --------------------------------------------------------------------------- many words, standardised
def test_compare_many_ranks_the_changed_word_first():
    from corpus_tools.terms.shift import compare_many

    rng = random.Random(3)
    samples = {"откочевка": (sentences(SEASONAL, 20, rng), sentences(FLIGHT, 20, rng))}
    for k in range(3):
        mixed = sentences(SEASONAL, 20, rng) + sentences(FLIGHT, 20, rng)
        rng.shuffle(mixed)
        samples[f"слово{k}"] = ([s.replace("откочевка", f"слово{k}") for s in mixed[:20]],
                                [s.replace("откочевка", f"слово{k}") for s in mixed[20:]])
    df = compare_many(samples, dims=10, n_permutations=200, seed=0)
    assert list(df.sort_values("combined_z", ascending=False)["target"])[0] == "откочевка"
    assert df["combined_z"].mean() == pytest.approx(0.0, abs=1e-9)
    assert (df["relatedness_z"] == -df["combined_z"]).all()


STANDARDISE_CASES = [
    # prt, apd → mean of z-scores
    ([0.1, 0.2, 0.3], [1.0, 1.0, 1.0], [-0.5, 0.0, 0.5]),
    ([0.0, 1.0], [0.0, 1.0], [-0.7071067811865476, 0.7071067811865476]),
]


@pytest.mark.parametrize("prt, apd_values, expected", STANDARDISE_CASES)
def test_standardise_across(prt, apd_values, expected):
    import pandas as pd

    from corpus_tools.terms.shift import standardise_across

    got = standardise_across(pd.DataFrame({"prt_change": prt, "apd": apd_values}))
    assert np.allclose(got, expected)


def test_usage_shift_refuses_single_usages():
    from corpus_tools.terms.shift import usage_shift

    with pytest.raises(ShiftError, match="at least 2 usages"):
        usage_shift(np.eye(3)[:1], np.eye(3), n_permutations=200)


# --------------------------------------------------------------------------- locating the target
#: (name, target, usage, span, expected context) — the marked occurrence is left out even when pymorphy3
#: parses it as another lemma («хором» → adverb «хором», «кабанов» → surname «кабанов»).
TARGET_CASES = [
    ("marked misparse", "хор", "Гости пели <b><i>хором</i></b> в церкви.", None, ["гость", "петь", "церковь"]),
    ("marked plural genitive", "кабан", "Стадо <b><i>кабанов</i></b> вышло к реке.", None,
     ["стадо", "выйти", "река"]),
    ("two marks, other form kept out too", "хор", "<b><i>Хор</i></b> пел, и <b><i>хором</i></b> хором пели.",
     None, ["петь", "петь"]),
    ("no mark: lemma", "откочевка", "Откочевка аулов на джайляу.", None, ["аул", "джайляу"]),
    ("span 1", "хор", "Дом лес река <b><i>хором</i></b> гора луг поле.", 1, ["река", "гора"]),
    ("span 2 without mark", "хор", "Дом лес река хор гора луг поле.", 2, ["лес", "река", "гора", "луг"]),
    ("span, target not found: whole usage", "хор", "Дом лес река.", 1, ["дом", "лес", "река"]),
]


@pytest.mark.parametrize("name,target,usage,span,expected", TARGET_CASES, ids=[c[0] for c in TARGET_CASES])
def test_usage_contexts_leave_the_target_out(name, target, usage, span, expected):
    from corpus_tools.terms.shift import usage_contexts

    assert usage_contexts(target, [usage], span=span) == [expected]


def test_marked_word_tokens_flags_only_marked_words():
    from corpus_tools.terms.contexts import marked_word_tokens

    assert marked_word_tokens("Пели <b><i>Хором</i></b> <span>все</span>") == [
        ("пели", False), ("хором", True), ("все", False)]


def test_whole_text_window_counts_every_pair():
    rng = random.Random(4)
    texts = [rng.sample(SEASONAL, 8) for _ in range(10)] + [rng.sample(FLIGHT, 8) for _ in range(10)]
    whole, wide = ContextSpace(dims=5, window=None).fit(texts), ContextSpace(dims=5, window=7).fit(texts)
    narrow = ContextSpace(dims=5, window=1).fit(texts)
    assert np.allclose(np.abs(whole.vectors_ @ whole.vectors_.T), np.abs(wide.vectors_ @ wide.vectors_.T))
    assert not np.allclose(np.abs(whole.vectors_ @ whole.vectors_.T), np.abs(narrow.vectors_ @ narrow.vectors_.T))
    with pytest.raises(SpaceError, match="window"):
        ContextSpace(window=0)
